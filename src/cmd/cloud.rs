//! `canvass cloud`: a word cloud of one free-text field as SVG, with its term table.

use super::terms::{check_text_ids, terms_table};
use crate::render::cloud::{self, CloudOptions, CloudWord};
use crate::render::question_label;
use crate::survey;
use crate::text::{self, TextOptions};
use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
    /// The response export (CSV, canonical layout).
    pub responses: PathBuf,
    /// The free-text field (a text question, or an "Other" or comment box such as q10_explain).
    #[arg(short, long = "question", value_name = "ID")]
    pub question: String,
    /// Where to write the SVG.
    #[arg(short, long)]
    pub output: PathBuf,
    /// How many terms the cloud shows.
    #[arg(long, default_value_t = 40)]
    pub words: usize,
    /// Width of the cloud in pixels.
    #[arg(long, default_value_t = 800.0)]
    pub width: f64,
    /// Height of the cloud in pixels.
    #[arg(long, default_value_t = 450.0)]
    pub height: f64,
    /// Count the words of the question itself too (they are left out by default).
    #[arg(long)]
    pub keep_question_words: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.words == 0 {
        bail!("--words needs at least 1 term to show");
    }
    for (option, pixels) in [("--width", args.width), ("--height", args.height)] {
        if !(pixels.is_finite() && pixels > 0.0) {
            bail!("{option} {pixels} is not a size: give a number of pixels above 0");
        }
    }
    let survey = survey::load(&args.survey)?;
    check_text_ids(&args.survey, &survey, std::slice::from_ref(&args.question))?;
    // A question with an "Other" or comment box names several fields; said before reading.
    let named: Vec<String> = survey
        .text_fields()
        .into_iter()
        .filter(|f| text::names(&survey, f, &args.question))
        .map(|f| f.id)
        .collect();
    if named.len() > 1 {
        bail!(
            "{} has {} free-text fields ({}); name one with --question",
            args.question,
            named.len(),
            named.join(", ")
        );
    }
    let options = TextOptions {
        keep_question_words: args.keep_question_words,
        only: named,
        ..TextOptions::default()
    };
    let text = super::terms::free_text(&survey, &args.responses, &options)?;
    let results = text.results(&survey, &options.only, args.words, 3);
    // `check_text_ids` has made sure the question names a field.
    let Some(field) = results.first() else {
        bail!("{:?} has no free text", args.question);
    };
    let words: Vec<CloudWord> = field
        .terms
        .iter()
        .map(|t| CloudWord {
            text: t.term.clone(),
            weight: t.respondents,
        })
        .collect();
    let layout = cloud::layout(
        &words,
        CloudOptions {
            width: args.width,
            height: args.height,
            ..CloudOptions::default()
        },
    );
    let title = format!(
        "{} {}: most used words and phrases",
        question_label(&field.question),
        field.prompt
    );
    let svg = cloud::svg(&layout, &field.id, &title, field.answered, true);
    std::fs::write(&args.output, svg)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    if !layout.unplaced.is_empty() {
        let missing: Vec<&str> = layout.unplaced.iter().map(|w| w.text.as_str()).collect();
        eprintln!(
            "warning: {} did not fit in the {}x{} cloud even at the smallest size and {} listed in its description: {}",
            crate::render::count_noun(missing.len() as u64, "term"),
            args.width,
            args.height,
            if missing.len() == 1 { "is" } else { "are" },
            missing.join(", ")
        );
    }
    super::write_output(None, terms_table(&results).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
