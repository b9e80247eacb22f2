//! canvass: survey and consultation analysis, from questionnaire and export to published figures.

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod ingest;
pub mod progress;
pub mod render;
pub mod survey;
pub mod text;

pub use cli::Cli;

use std::process::ExitCode;

/// Runs one command; `Ok` carries the exit code (1 when `check` finds a fatal problem).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    progress::set_quiet(cli.quiet);
    cmd::run(cli.command)
}
