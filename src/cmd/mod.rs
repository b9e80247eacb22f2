//! One module per subcommand, each with its `Args` and `run`.

pub mod check;
pub mod cloud;
pub mod compare;
pub mod merge;
pub mod report;
pub mod tally;
pub mod template;
pub mod terms;
pub mod themes;
pub mod validate;

use crate::cli::Command;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Check(args) => check::run(args),
        Command::Cloud(args) => cloud::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Tally(args) => tally::run(args),
        Command::Report(args) => report::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Template(args) => template::run(args),
        Command::Terms(args) => terms::run(args),
        Command::Themes(args) => themes::run(args),
    }
}

/// Prints to standard error what reading the responses left out, pointing to `check` for detail;
/// stops if every row was left out, as there is nothing to count.
pub(crate) fn warn_about(responses: &Path, report: &crate::ingest::Report) -> anyhow::Result<()> {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let (accounting, problems) = (&report.accounting, &report.problems);
    if accounting.included == 0 {
        anyhow::bail!(
            "{}: nothing to count: every row was excluded ({}); `canvass check` lists them",
            responses.display(),
            excluded_for(accounting)
        );
    }
    if accounting.excluded > 0 || problems.total() > 0 {
        eprintln!(
            "warning: {}: {} excluded, {}, {}; `canvass check` lists them",
            responses.display(),
            crate::render::count_noun(accounting.excluded, "row"),
            crate::render::count_noun(problems.invalid, "invalid answer"),
            crate::render::count_noun(problems.warnings, "other warning"),
        );
    }
    Ok(())
}

/// Why rows were excluded, with how many for each reason: "3 blank rows, 1 duplicate
/// respondent_id".
pub(crate) fn excluded_for(accounting: &crate::ingest::Accounting) -> String {
    let reasons: Vec<String> = accounting
        .exclusions
        .iter()
        .map(|(reason, &n)| {
            let reason = if n == 1 {
                reason.describe()
            } else {
                reason.describe_plural()
            };
            format!("{} {reason}", crate::render::grouped(n))
        })
        .collect();
    reasons.join(", ")
}

/// The index of the question `--by` names, which must be a single-choice question.
pub(crate) fn breakdown_question(
    survey_path: &Path,
    survey: &crate::survey::Survey,
    id: &str,
) -> anyhow::Result<usize> {
    let Some(i) = survey.question(id) else {
        anyhow::bail!(
            "{}: --by {id}: there is no question {id:?}",
            survey_path.display()
        );
    };
    let kind = survey.questions[i].kind.name();
    if kind != "single" {
        anyhow::bail!(
            "--by {id}: a breakdown needs a single-choice question, and {id} is a {kind} question"
        );
    }
    Ok(i)
}

/// Writes bytes to a file, or to standard output when no file is given.
pub(crate) fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}
