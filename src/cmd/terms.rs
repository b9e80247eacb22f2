//! `canvass terms`: the frequent words and phrases of free-text answers, with quotes.

use crate::analysis;
use crate::render::{count_noun, grouped, question_label};
use crate::survey::{self, Survey};
use crate::text::{self, FieldResult, TextOptions};
use anyhow::bail;
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
    /// The response export (CSV, canonical layout).
    pub responses: PathBuf,
    /// Only these free-text fields or questions (repeat for several).
    #[arg(short, long = "question", value_name = "ID")]
    pub questions: Vec<String>,
    /// How many terms to list per field.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// How many representative quotes to choose per field.
    #[arg(long, default_value_t = 3)]
    pub quotes: usize,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TermsFormat::Table)]
    pub format: TermsFormat,
    /// Count the words of the question itself too (they are left out by default).
    #[arg(long)]
    pub keep_question_words: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The formats `terms` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TermsFormat {
    Table,
    Csv,
    Json,
}

/// The JSON contract of `terms`: `{"survey", "questions": [{"id", "answered", "terms": [...]}]}`.
#[derive(Serialize)]
pub struct TermsOutput<'a> {
    pub survey: &'a str,
    pub questions: &'a [FieldResult],
}

/// Reads the responses once for their free text, warning about what was left out.
pub fn free_text(
    survey: &Survey,
    responses: &Path,
    options: &TextOptions,
) -> anyhow::Result<crate::text::FreeTextSet> {
    let analysis = analysis::analyse(survey, responses, Some(options), None)?;
    super::warn_about(responses, &analysis.report)?;
    Ok(analysis.text.expect("free-text analysis was asked for"))
}

/// Checks `--question` ids against the survey's free-text fields.
pub fn check_text_ids(survey_path: &Path, survey: &Survey, ids: &[String]) -> anyhow::Result<()> {
    let fields = survey.text_fields();
    for id in ids {
        let known = fields.iter().any(|f| text::names(survey, f, id));
        if !known {
            let names: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
            bail!(
                "{}: {id:?} has no free text; the free-text fields are {}",
                survey_path.display(),
                names.join(", ")
            );
        }
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.top == 0 {
        bail!("--top needs at least 1 term to list");
    }
    let survey = survey::load(&args.survey)?;
    check_text_ids(&args.survey, &survey, &args.questions)?;
    let options = TextOptions {
        keep_question_words: args.keep_question_words,
        only: args.questions.clone(),
        ..TextOptions::default()
    };
    let text = free_text(&survey, &args.responses, &options)?;
    let results = text.results(&survey, &args.questions, args.top, args.quotes);
    let bytes = match args.format {
        TermsFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&TermsOutput {
                survey: &survey.meta.id,
                questions: &results,
            })?;
            bytes.push(b'\n');
            bytes
        }
        TermsFormat::Csv => terms_csv(&results)?,
        TermsFormat::Table => terms_table(&results).into_bytes(),
    };
    super::write_output(args.output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn terms_csv(results: &[FieldResult]) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "field",
        "question",
        "answered",
        "term",
        "kind",
        "mentions",
        "respondents",
        "percent",
    ])?;
    for field in results {
        for t in &field.terms {
            out.write_record([
                field.id.as_str(),
                &field.question,
                &field.answered.to_string(),
                &t.term,
                t.kind,
                &t.mentions.to_string(),
                &t.respondents.to_string(),
                &t.percent.to_string(),
            ])?;
        }
    }
    Ok(out.into_inner()?)
}

/// "Q5" for a text question, "Q10 q10_explain" for a box that goes with a question.
pub fn field_heading(field: &FieldResult) -> String {
    if field.id == field.question {
        question_label(&field.id)
    } else {
        format!("{} {}", question_label(&field.question), field.id)
    }
}

/// The terminal form: a term table per field, then its quotes.
pub fn terms_table(results: &[FieldResult]) -> String {
    let mut out = String::new();
    for (i, field) in results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}: {}",
            field_heading(field),
            count_noun(field.answered, "answer")
        );
        if field.terms.is_empty() {
            let _ = writeln!(out, "    (no terms)");
            continue;
        }
        let _ = writeln!(
            out,
            "    {:<40} {:>8} {:>11} {:>5}",
            "Term", "Mentions", "Respondents", "%"
        );
        for t in &field.terms {
            let term: String = t.term.chars().take(40).collect();
            let _ = writeln!(
                out,
                "    {term:<40} {:>8} {:>11} {:>4}%",
                grouped(t.mentions),
                grouped(t.respondents),
                t.percent.round() as i64
            );
        }
        if !field.quotes.is_empty() {
            let _ = writeln!(out, "    Quotes:");
            for q in &field.quotes {
                let text = crate::text::one_line(&q.text);
                let _ = writeln!(out, "      \"{text}\" (row {})", q.row);
            }
        }
    }
    out
}
