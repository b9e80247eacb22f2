//! `canvass tally`: bases, percentages and nets for every closed question.

use crate::analysis::{self, Results};
use crate::render::{Format, count_noun};
use crate::survey::{self, Kind};
use anyhow::bail;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
    /// The response export (CSV, canonical layout).
    pub responses: PathBuf,
    /// Only these questions (repeat for several).
    #[arg(short, long = "question", value_name = "ID")]
    pub questions: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Split every other closed question by the answers to this single-choice question.
    #[arg(long, value_name = "ID")]
    pub by: Option<String>,
    /// Show each percentage's 95% confidence interval (Wilson) in the table.
    #[arg(long)]
    pub intervals: bool,
    /// Stop with an error if any answer matches no option.
    #[arg(long)]
    pub strict: bool,
    /// Write a mergeable partial tally to this file instead of results (see `canvass merge`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["by", "questions"])]
    pub partial: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let survey = survey::load(&args.survey)?;
    for id in &args.questions {
        match survey.question(id) {
            None => {
                let ids: Vec<&str> = survey.questions.iter().map(|q| q.id.as_str()).collect();
                bail!(
                    "{}: there is no question {id:?}; the questions are {}",
                    args.survey.display(),
                    ids.join(", ")
                );
            }
            Some(i) if matches!(survey.questions[i].kind, Kind::Contact { .. }) => {
                bail!("{id} holds contact details, which canvass never reports");
            }
            Some(_) => {}
        }
    }
    let by = args
        .by
        .as_deref()
        .map(|id| super::breakdown_question(&args.survey, &survey, id))
        .transpose()?;
    let (analysis, roster) = match &args.partial {
        Some(_) => {
            let (analysis, roster) = super::merge::tally_shard(&survey, &args.responses)?;
            (analysis, Some(roster))
        }
        None => (analysis::analyse(&survey, &args.responses, None, by)?, None),
    };
    let (tally, report) = (&analysis.tally, &analysis.report);
    let problems = &report.problems;
    if args.strict && problems.invalid > 0 {
        let first = problems
            .details
            .iter()
            .find(|p| p.issue.is_invalid())
            .expect("an invalid answer is listed");
        bail!(
            "{}: {} (--strict); the first: {first}",
            args.responses.display(),
            count_noun(problems.invalid, "invalid answer")
        );
    }
    super::warn_about(&args.responses, report)?;
    if let (Some(path), Some(roster)) = (&args.partial, roster) {
        super::merge::write_partial(path, &survey, &args.responses, analysis, roster)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut results = Results::new(&survey, tally, report);
    if let Some(breakdown) = &analysis.breakdown {
        breakdown.apply(&survey, report, &mut results);
    }
    if !args.questions.is_empty() {
        results.retain(&args.questions);
    }
    let bytes = args.format.exporter(args.intervals).export(&results)?;
    super::write_output(args.output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
