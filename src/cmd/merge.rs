//! `canvass merge`: combine the partial tallies of shards of one export into one result.

use crate::analysis::{self, Analysis, Results, Tally};
use crate::ingest::{Accounting, Problems, Report, Roster, RosterWriter, SeenIds};
use crate::render::{Format, count_noun, grouped};
use crate::survey::{self, Survey};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Marks a file as a canvass partial tally, and its format's version.
const FORMAT: &str = "canvass partial tally 3";
/// How many respondents counted in two shards an error names.
const REPEATS_SHOWN: usize = 5;

/// The mergeable state `tally --partial` writes: the accumulators, not the results, and the
/// respondents counted.
#[derive(Serialize, Deserialize)]
pub struct Partial {
    pub format: String,
    pub survey: String,
    /// The shard's response file, as `tally` was given it (absent before version 2).
    #[serde(default)]
    pub export: String,
    pub accounting: Accounting,
    pub invalid_answers: u64,
    pub warnings: u64,
    pub tally: Tally,
    /// Respondent ids with their rows (rows without an id are not listed).
    #[serde(default)]
    pub respondents: Roster,
}

/// Reads and tallies one shard for `tally --partial`, noting the respondent id of every row
/// counted.
pub fn tally_shard(survey: &Survey, responses: &Path) -> anyhow::Result<(Analysis, Roster)> {
    let scratch = |e: std::io::Error| {
        anyhow::anyhow!(
            "{}: cannot use a temporary file in {} to note the respondents of the partial tally: {e}; set TMPDIR to a folder with free space and try again",
            responses.display(),
            std::env::temp_dir().display()
        )
    };
    let mut roster = RosterWriter::new().map_err(scratch)?;
    let mut failed = None;
    let analysis = analysis::analyse_and(survey, responses, None, None, |row| {
        if !row.respondent.is_empty() && failed.is_none() {
            failed = roster.push(&row.respondent, row.number).err();
        }
    })?;
    if let Some(e) = failed {
        return Err(scratch(e));
    }
    Ok((analysis, roster.finish().map_err(scratch)?))
}

/// Writes a partial tally of the shard `responses`.
pub fn write_partial(
    path: &Path,
    survey: &Survey,
    responses: &Path,
    analysis: Analysis,
    respondents: Roster,
) -> anyhow::Result<()> {
    let partial = Partial {
        format: FORMAT.to_string(),
        survey: survey.meta.id.clone(),
        export: responses.display().to_string(),
        accounting: analysis.report.accounting,
        invalid_answers: analysis.report.problems.invalid,
        warnings: analysis.report.problems.warnings,
        tally: analysis.tally,
        respondents,
    };
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut out, &partial)
        .map_err(std::io::Error::from)
        .and_then(|()| std::io::Write::flush(&mut out))
        .with_context(|| format!("cannot write {}", path.display()))
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML) every shard was tallied with.
    pub survey: PathBuf,
    /// Partial tallies written by `canvass tally --partial`.
    #[arg(required = true)]
    pub partials: Vec<PathBuf>,
    /// The shards number their respondents separately (the same id is a different person in
    /// each), so ids are not compared across shards.
    #[arg(long)]
    pub separate_ids: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let survey = survey::load(&args.survey)?;
    for (i, path) in args.partials.iter().enumerate() {
        let same = |other: &PathBuf| match (path.canonicalize(), other.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => path == other,
        };
        if args.partials[..i].iter().any(same) {
            bail!(
                "{} is named twice; each shard is merged once",
                path.display()
            );
        }
    }
    // Each partial's respondents are read into a temporary file: a folder that cannot take one
    // is said as such, not as a partial file that cannot be read.
    if let Err(e) = tempfile::tempfile() {
        bail!(
            "cannot use a temporary file in {} to read the respondents of the partial tallies: {e}; set TMPDIR to a folder with free space and try again",
            std::env::temp_dir().display()
        );
    }
    let mut tally = Tally::new(&survey);
    let mut report = Report {
        accounting: Accounting::default(),
        problems: Problems::default(),
        warnings: Vec::new(),
    };
    let mut seen = SeenIds::default();
    for (i, path) in args.partials.iter().enumerate() {
        let partial = read_partial(path)?;
        if partial.survey != survey.meta.id || !partial.tally.same_shape(&tally) {
            bail!(
                "{}: tallied with questionnaire {:?}, not {:?} as {} is; tally every shard with the same questionnaire",
                path.display(),
                partial.survey,
                survey.meta.id,
                args.survey.display()
            );
        }
        if !args.separate_ids {
            refuse_repeats(path, &partial, &args.partials[..i], &mut seen)?;
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

/// Reads a partial tally, streaming its respondents to a temporary file.
fn read_partial(path: &Path) -> anyhow::Result<Partial> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let partial: Partial = serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| {
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
    Ok(partial)
}

/// Stops the merge if a respondent of `partial` was counted in one of the `earlier` shards too:
/// their answers would be counted twice.
fn refuse_repeats(
    path: &Path,
    partial: &Partial,
    earlier: &[PathBuf],
    seen: &mut SeenIds,
) -> anyhow::Result<()> {
    let folder = seen.folder().to_path_buf();
    let scratch = |e: std::io::Error| {
        anyhow::anyhow!(
            "{}: cannot use a temporary file in {} to look for respondents counted in two shards: {e}; set TMPDIR to a folder with free space and try again",
            path.display(),
            folder.display()
        )
    };
    let (mut repeated, mut shown) = (0u64, Vec::<(String, u64)>::new());
    partial
        .respondents
        .for_each(|id, row| {
            if !seen.insert(id)? {
                repeated += 1;
                if shown.len() < REPEATS_SHOWN {
                    shown.push((id.to_string(), row));
                }
            }
            Ok(())
        })
        .map_err(scratch)?;
    if repeated == 0 {
        return Ok(());
    }
    // Where each shown id was counted before. `seen` knows ids by a 64-bit hash, which two ids
    // share very rarely, so the ids are compared as written here.
    let mut before: Vec<Option<String>> = vec![None; shown.len()];
    for earlier_path in earlier {
        let earlier_partial = read_partial(earlier_path)?;
        earlier_partial
            .respondents
            .for_each(|id, row| {
                for ((shown_id, _), place) in shown.iter().zip(&mut before) {
                    if place.is_none() && shown_id == id {
                        *place = Some(format!(
                            "row {row} of {} ({})",
                            earlier_partial.export,
                            earlier_path.display()
                        ));
                    }
                }
                Ok(())
            })
            .map_err(scratch)?;
    }
    let lines: Vec<String> = shown
        .iter()
        .zip(&before)
        .filter_map(|((id, row), place)| {
            let place = place.as_ref()?;
            Some(format!(
                "  respondent_id {id:?}: row {row} of {}, and {place}",
                partial.export
            ))
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    let every = if repeated == partial.respondents.len() {
        " (every one: the same export tallied twice?)"
    } else {
        ""
    };
    let more = match repeated - lines.len() as u64 {
        0 => String::new(),
        n => format!("\n  and {} more", grouped(n)),
    };
    bail!(
        "{}: {} {} already counted in an earlier shard{every}, so merging would count their answers twice:\n{}{more}\nTake the repeated rows out of one export, tally it again with --partial and merge again; if the shards number their respondents separately (the same id being a different person in each), merge with --separate-ids",
        path.display(),
        count_noun(repeated, "respondent"),
        if repeated == 1 { "was" } else { "were" },
        lines.join("\n"),
    )
}
