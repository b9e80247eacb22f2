//! `canvass merge`: combine the partial tallies of shards of one export into one result.

use crate::analysis::{Results, Tally};
use crate::ingest::{Accounting, Problems, Report};
use crate::render::Format;
use crate::survey::{self, Survey};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Marks a file as a canvass partial tally, and its format's version.
const FORMAT: &str = "canvass partial tally 1";

/// The mergeable state `tally --partial` writes: the accumulators, not the results.
#[derive(Serialize, Deserialize)]
pub struct Partial {
    pub format: String,
    pub survey: String,
    pub accounting: Accounting,
    pub invalid_answers: u64,
    pub warnings: u64,
    pub tally: Tally,
}

/// Writes a partial tally.
pub fn write_partial(
    path: &Path,
    survey: &Survey,
    tally: &Tally,
    report: &Report,
) -> anyhow::Result<()> {
    let partial = Partial {
        format: FORMAT.to_string(),
        survey: survey.meta.id.clone(),
        accounting: report.accounting.clone(),
        invalid_answers: report.problems.invalid,
        warnings: report.problems.warnings,
        tally: tally.clone(),
    };
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    serde_json::to_writer(std::io::BufWriter::new(file), &partial)?;
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML) every shard was tallied with.
    pub survey: PathBuf,
    /// Partial tallies written by `canvass tally --partial`.
    #[arg(required = true)]
    pub partials: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let survey = survey::load(&args.survey)?;
    let mut tally = Tally::new(&survey);
    let mut report = Report {
        accounting: Accounting::default(),
        problems: Problems::default(),
        warnings: Vec::new(),
    };
    for path in &args.partials {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let partial: Partial = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: not a partial tally written by `canvass tally --partial` ({e})",
                path.display()
            )
        })?;
        if partial.format != FORMAT {
            bail!(
                "{}: written by another version of canvass ({:?}); tally the shard again",
                path.display(),
                partial.format
            );
        }
        if partial.survey != survey.meta.id || !partial.tally.same_shape(&tally) {
            bail!(
                "{}: tallied with questionnaire {:?}, not {:?} as {} is; tally every shard with the same questionnaire",
                path.display(),
                partial.survey,
                survey.meta.id,
                args.survey.display()
            );
        }
        tally.merge(&partial.tally);
        report.accounting.merge(partial.accounting);
        report.problems.invalid += partial.invalid_answers;
        report.problems.warnings += partial.warnings;
    }
    let results = Results::new(&survey, &tally, &report);
    let bytes = args.format.exporter(false).export(&results)?;
    super::write_output(args.output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
