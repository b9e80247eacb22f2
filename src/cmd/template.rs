//! `canvass template`: the empty canonical CSV header of a questionnaire.

use crate::survey;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let survey = survey::load(&args.survey)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let columns = std::iter::once("respondent_id".to_string())
        .chain(survey.fields().into_iter().map(|f| f.column));
    out.write_record(columns)?;
    super::write_output(args.output.as_deref(), &out.into_inner()?)?;
    Ok(ExitCode::SUCCESS)
}
