//! `canvass themes`: respondents per theme of a codebook, an example each, and uncoded answers.

use super::terms::{check_text_ids, field_heading};
use crate::render::{count_noun, grouped};
use crate::survey;
use crate::text::{FieldResult, TextOptions, one_line};
use anyhow::bail;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML); its `[[themes]]` are the codebook.
    pub survey: PathBuf,
    /// The response export (CSV, canonical layout).
    pub responses: PathBuf,
    /// A codebook file of `[[themes]]` to use beside the questionnaire's.
    #[arg(long)]
    pub codebook: Option<PathBuf>,
    /// Only these free-text fields or questions (repeat for several).
    #[arg(short, long = "question", value_name = "ID")]
    pub questions: Vec<String>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut survey = survey::load(&args.survey)?;
    if let Some(codebook) = &args.codebook {
        survey::load_codebook(codebook, &mut survey)?;
    }
    check_text_ids(&args.survey, &survey, &args.questions)?;
    if survey.themes.is_empty() {
        bail!(
            "{} has no themes; add [[themes]] to it or name a codebook file with --codebook",
            args.survey.display()
        );
    }
    let options = TextOptions {
        only: args.questions.clone(),
        ..TextOptions::default()
    };
    let text = super::terms::free_text(&survey, &args.responses, &options)?;
    let mut results = text.results(&survey, &args.questions, 0, 0);
    results.retain(|r| !r.themes.is_empty());
    let bytes = if args.json {
        let mut bytes = serde_json::to_vec_pretty(&super::terms::TermsOutput {
            survey: &survey.meta.id,
            questions: &results,
        })?;
        bytes.push(b'\n');
        bytes
    } else {
        themes_table(&results).into_bytes()
    };
    super::write_output(None, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn themes_table(results: &[FieldResult]) -> String {
    let mut out = String::new();
    for (i, field) in results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}: {}; an answer can fall in several themes",
            field_heading(field),
            count_noun(field.answered, "answer")
        );
        let _ = writeln!(out, "    {:<48} {:>11} {:>5}", "Theme", "Respondents", "%");
        for theme in &field.themes {
            let _ = writeln!(
                out,
                "    {:<48} {:>11} {:>4}%",
                theme.name,
                grouped(theme.respondents),
                theme.percent.round() as i64
            );
            if let Some(example) = &theme.example {
                let _ = writeln!(
                    out,
                    "      e.g. \"{}\" (row {})",
                    one_line(&example.text),
                    example.row
                );
            }
        }
        if let Some(uncoded) = &field.uncoded {
            let _ = writeln!(
                out,
                "    Uncoded: {} ({}%){}",
                count_noun(uncoded.count, "answer"),
                uncoded.percent.round() as i64,
                if uncoded.capped {
                    "; the first are listed"
                } else {
                    ""
                }
            );
            for answer in &uncoded.answers {
                let _ = writeln!(
                    out,
                    "      row {}: \"{}\"",
                    answer.row,
                    one_line(&answer.text)
                );
            }
        }
    }
    out
}
