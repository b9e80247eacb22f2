//! One module per subcommand, each with its `Args` and `run`.

pub mod check;
pub mod tally;
pub mod template;
pub mod validate;

use crate::cli::Command;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Check(args) => check::run(args),
        Command::Tally(args) => tally::run(args),
        Command::Template(args) => template::run(args),
    }
}

/// Writes bytes to a file, or to standard output when no file is given.
pub(crate) fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}
