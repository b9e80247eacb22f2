//! `canvass check`: row accounting and every problem in a response file.

use crate::ingest::{self, DETAIL_LIMIT, Report};
use crate::render::{count_noun, grouped, in_question_order};
use crate::survey::{self, Survey};
use std::collections::BTreeMap;
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
    let text = describe(&args.responses, &survey, &report, args.strict);
    super::write_output(None, text.as_bytes())?;
    Ok(if fatal {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Problem lists longer than this also give their counts by question.
const LONG_LIST: u64 = 20;

/// The full account of a file, as `check` prints it.
pub fn describe(path: &Path, survey: &Survey, report: &Report, strict: bool) -> String {
    let mut out = String::new();
    let a = &report.accounting;
    let reasons = match super::excluded_for(a) {
        reasons if reasons.is_empty() => reasons,
        reasons => format!(" ({reasons})"),
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
    let unlisted = a.excluded - a.excluded_rows.len() as u64;
    not_listed(&mut out, unlisted, "excluded rows", "excluded rows");
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
    let consequence = if strict {
        "fatal with --strict"
    } else {
        "left out of the tallies"
    };
    for invalid in [true, false] {
        let (count, by_question, noun) = if invalid {
            (p.invalid, &p.invalid_by_question, "invalid answer")
        } else {
            (p.warnings, &p.warnings_by_question, "warning")
        };
        if count == 0 {
            continue;
        }
        let mut notes = Vec::new();
        if invalid {
            notes.push(consequence.to_string());
        }
        if count > LONG_LIST {
            let counts = per_question(survey, by_question);
            notes.push(format!("by question: {counts}"));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        let _ = writeln!(out, "{}{notes}:", count_noun(count, noun));
        let mut listed = 0;
        for problem in p.details.iter().filter(|p| p.issue.is_invalid() == invalid) {
            let _ = writeln!(out, "  {problem}");
            listed += 1;
        }
        not_listed(&mut out, count - listed, &format!("{noun}s"), "problems");
    }
    if p.total() == 0 && a.excluded == 0 && report.warnings.is_empty() {
        let _ = writeln!(out, "No problems found.");
    }
    out
}

/// Counts by question id, in questionnaire order: "q2 841, q7 14,000".
fn per_question(survey: &Survey, counts: &BTreeMap<String, u64>) -> String {
    let counts: Vec<String> = in_question_order(survey, counts)
        .into_iter()
        .map(|(id, n)| format!("{id} {}", grouped(n)))
        .collect();
    counts.join(", ")
}

/// Says how many of a list were left out of it: only the first `DETAIL_LIMIT` excluded rows,
/// and as many problems, are kept.
fn not_listed(out: &mut String, left_out: u64, noun: &str, kept: &str) {
    if left_out > 0 {
        let _ = writeln!(
            out,
            "  and {} more {noun}, not listed (only the first {} {kept} are kept)",
            grouped(left_out),
            grouped(DETAIL_LIMIT as u64)
        );
    }
}
