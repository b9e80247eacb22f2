//! `canvass report`: the whole consultation report as one HTML file, with its tables alongside.

use crate::analysis::{self, Results, Tally};
use crate::render::report::{self, Inputs, Notes, ReportOptions};
use crate::render::{Csv, Exporter};
use crate::survey::{self, Survey};
use crate::text::{FieldResult, TextOptions};
use anyhow::{Context, bail};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
    /// The response export (CSV, canonical layout).
    pub responses: PathBuf,
    /// Where to write the report (HTML).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Officer notes: summary, key findings, recommendations, commentary and quote choices
    /// (TOML, or Markdown with `## ` sections).
    #[arg(long)]
    pub notes: Option<PathBuf>,
    /// A folder of templates replacing the built-in ones of the same name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// The date printed on the report (YYYY-MM-DD); today's date if not given.
    #[arg(long)]
    pub date: Option<String>,
    /// Show counts under N as "fewer than N", withholding a second count where needed.
    #[arg(long, value_name = "N")]
    pub suppress_below: Option<u64>,
    /// Bases under N carry a caution.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub small_base: u64,
    /// Also break every closed question down by the answers to this single-choice question.
    #[arg(long, value_name = "ID")]
    pub by: Option<String>,
    /// Draw each percentage's 95% confidence interval (Wilson) on the bar charts.
    #[arg(long)]
    pub intervals: bool,
    /// A codebook file of `[[themes]]` to use beside the questionnaire's.
    #[arg(long)]
    pub codebook: Option<PathBuf>,
    /// Also write every table behind the report to this folder (JSON and one CSV per question).
    #[arg(long, value_name = "DIR")]
    pub export: Option<PathBuf>,
}

/// Everything behind the report, as `--export` writes it to `results.json`.
#[derive(Serialize)]
struct Export<'a> {
    tally: &'a Results,
    text: &'a [FieldResult],
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut survey = survey::load(&args.survey)?;
    if let Some(codebook) = &args.codebook {
        survey::load_codebook(codebook, &mut survey)?;
    }
    let date = match &args.date {
        Some(date) if is_date(date) => date.clone(),
        Some(date) => bail!("--date {date:?} is not a date in the form YYYY-MM-DD"),
        None => today(),
    };
    if args.suppress_below == Some(0) {
        bail!("--suppress-below needs a count of at least 1");
    }
    let question_ids: Vec<String> = survey.questions.iter().map(|q| q.id.clone()).collect();
    let notes = match &args.notes {
        Some(path) => report::notes::load(path, &question_ids)?,
        None => Notes::default(),
    };
    // Before the responses are read: a mistake in a house template is told at once.
    let templates = report::registry(args.templates.as_deref())?;
    let options = TextOptions {
        quote_choices: notes
            .questions
            .iter()
            .map(|(id, n)| (id.clone(), (n.quotes.clone(), n.hide_quotes.clone())))
            .collect(),
        ..TextOptions::default()
    };
    let by = args
        .by
        .as_deref()
        .map(|id| super::breakdown_question(&args.survey, &survey, id))
        .transpose()?;
    let analysis = analysis::analyse(&survey, &args.responses, Some(&options), by)?;
    super::warn_about(&args.responses, &analysis.report)?;
    let mut results = Results::new(&survey, &analysis.tally, &analysis.report);
    if let Some(breakdown) = &analysis.breakdown {
        breakdown.apply(&survey, &analysis.report, &mut results);
    }
    let report_options = ReportOptions {
        date,
        small_base: args.small_base,
        suppress_below: args.suppress_below,
        intervals: args.intervals,
        ..ReportOptions::default()
    };
    let text = analysis
        .text
        .as_ref()
        .expect("free-text analysis was asked for")
        .results(
            &survey,
            &[],
            report_options.cloud_words.max(report_options.table_terms),
            3,
        );
    let inputs = Inputs {
        survey: &survey,
        analysis: &analysis,
        results: &results,
        text: &text,
        notes: &notes,
    };
    let (html, warnings) = report::render(&inputs, &report_options, &templates)?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    std::fs::write(&args.output, html)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    if let Some(dir) = &args.export {
        export(dir, &survey, &analysis.tally, &results, &text)?;
        // The tables are for reuse; an officer who suppresses the report may publish them too.
        if let Some(n) = args.suppress_below {
            eprintln!(
                "warning: {}: the exported tables are not suppressed: they hold every count, including those under {n}; share them only where those may be seen",
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(
    dir: &Path,
    survey: &Survey,
    tally: &Tally,
    results: &Results,
    text: &[FieldResult],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    };
    let mut json = serde_json::to_vec_pretty(&Export {
        tally: results,
        text,
    })?;
    json.push(b'\n');
    write("results.json", &json)?;
    for question in &results.questions {
        let mut one = results.clone();
        one.retain(std::slice::from_ref(&question.id));
        write(&format!("{}.csv", question.id), &Csv.export(&one)?)?;
    }
    for field in text {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["term", "kind", "mentions", "respondents", "percent"])?;
        for t in &field.terms {
            out.write_record([
                t.term.as_str(),
                t.kind,
                &t.mentions.to_string(),
                &t.respondents.to_string(),
                &t.percent.to_string(),
            ])?;
        }
        write(&format!("{}-terms.csv", field.id), &out.into_inner()?)?;
    }
    // Every different "Other" answer kept, not only the report's first 1,000: for coding them.
    for (question, tally) in survey.questions.iter().zip(&tally.questions) {
        let Some(other) = &question.other else {
            continue;
        };
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(["answer", "respondents", "forgotten_at_most"])?;
        for group in tally.other.most_given() {
            out.write_record([
                spreadsheet_safe(group.text()).as_ref(),
                &group.count.to_string(),
                &group.delta.to_string(),
            ])?;
        }
        write(&format!("{}-answers.csv", other.id), &out.into_inner()?)?;
    }
    Ok(())
}

/// Respondents' text as a spreadsheet will not take for a formula: one starting with = + - @ or
/// a tab or carriage return gets a ' before it, as spreadsheets themselves mark text.
fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
        && [y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)))
}

/// Today's date (UTC) as YYYY-MM-DD, from days since 1970 (Howard Hinnant's civil calendar).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_today_is_well_formed() {
        assert!(is_date("2014-12-10"));
        assert!(!is_date("10/12/2014") && !is_date("2014-13-01") && !is_date("2014-1-01"));
        assert!(is_date(&today()));
    }
}
