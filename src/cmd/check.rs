//! `canvass check`: row accounting and every problem in a response file.

use crate::ingest::{self, DETAIL_LIMIT, Report};
use crate::render::{count_noun, grouped};
use crate::survey;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
    /// The response export (CSV, canonical layout).
    pub responses: PathBuf,
    /// Treat answers that match no option as fatal (exit 1).
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let survey = survey::load(&args.survey)?;
    let report = ingest::read(&args.responses, &survey, |_| {})?;
    let fatal = args.strict && report.problems.invalid > 0;
    let text = describe(&args.responses, &report, args.strict);
    super::write_output(None, text.as_bytes())?;
    Ok(if fatal {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The full account of a file, as `check` prints it.
pub fn describe(path: &Path, report: &Report, strict: bool) -> String {
    let mut out = String::new();
    let a = &report.accounting;
    let reasons: Vec<String> = a
        .exclusions
        .iter()
        .map(|(reason, n)| format!("{} {}", grouped(*n), reason.describe()))
        .collect();
    let reasons = if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.join(", "))
    };
    let _ = writeln!(
        out,
        "{}: {} read, {} included, {} excluded{reasons}",
        path.display(),
        count_noun(a.read, "row"),
        grouped(a.included),
        grouped(a.excluded)
    );
    for e in &a.excluded_rows {
        let detail = if e.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", e.detail)
        };
        let _ = writeln!(out, "  row {}: {}{detail}", e.row, e.reason.describe());
    }
    if a.short_rows > 0 {
        let _ = writeln!(
            out,
            "note: {} fewer cells than the header. Excel leaves out empty cells at the end of \
             some rows when it saves a CSV: export the file again from the survey platform, or \
             fill the last column of every row before saving it from Excel.",
            if a.short_rows == 1 {
                "1 row has".to_string()
            } else {
                format!("{} rows have", grouped(a.short_rows))
            }
        );
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let p = &report.problems;
    if p.invalid > 0 {
        let consequence = if strict {
            "fatal with --strict"
        } else {
            "left out of the tallies"
        };
        let _ = writeln!(
            out,
            "{} ({consequence}):",
            count_noun(p.invalid, "invalid answer")
        );
        for problem in p.details.iter().filter(|p| p.issue.is_invalid()) {
            let _ = writeln!(out, "  {problem}");
        }
    }
    if p.warnings > 0 {
        let _ = writeln!(out, "{}:", count_noun(p.warnings, "warning"));
        for problem in p.details.iter().filter(|p| !p.issue.is_invalid()) {
            let _ = writeln!(out, "  {problem}");
        }
    }
    if p.total() > DETAIL_LIMIT as u64 || a.excluded > DETAIL_LIMIT as u64 {
        let _ = writeln!(
            out,
            "(only the first {DETAIL_LIMIT} of each list are shown)"
        );
    }
    if p.total() == 0 && a.excluded == 0 && report.warnings.is_empty() {
        let _ = writeln!(out, "No problems found.");
    }
    out
}
