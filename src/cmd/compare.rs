//! `canvass compare`: what changed between survey waves, option by option, with significance.

use crate::analysis;
use crate::analysis::waves::{CompareOption, Comparison, Counter, Plan, TextPlan, WaveText};
use crate::ingest;
use crate::render::charts;
use crate::render::narrative::change;
use crate::render::question_label;
use crate::render::report::registry;
use crate::survey::{self, Survey};
use crate::text::TextOptions;
use anyhow::{Context, bail};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The first wave's questionnaire (TOML).
    pub survey: PathBuf,
    /// A wave, in order: LABEL=FILE, or LABEL=FILE@SURVEY when it used a later questionnaire
    /// (whose [compare] section maps it to the first). Give two or more.
    #[arg(long = "wave", value_name = "LABEL=FILE[@SURVEY]", required = true)]
    pub waves: Vec<String>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also write a trend report (HTML) to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The date printed on the trend report (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
}

struct Wave {
    label: String,
    responses: PathBuf,
    survey: Survey,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let base = survey::load(&args.survey)?;
    let mut waves = Vec::new();
    for spec in &args.waves {
        let Some((label, rest)) = spec
            .split_once('=')
            .filter(|(l, r)| !l.trim().is_empty() && !r.is_empty())
        else {
            bail!("--wave {spec:?}: give it as LABEL=FILE or LABEL=FILE@SURVEY");
        };
        let (file, survey) = match rest.rsplit_once('@') {
            Some((file, survey_path)) => (file, survey::load(std::path::Path::new(survey_path))?),
            None => (rest, base.clone()),
        };
        if waves.iter().any(|w: &Wave| w.label == label.trim()) {
            bail!("--wave {spec:?}: the label {label:?} is used twice");
        }
        waves.push(Wave {
            label: label.trim().to_string(),
            responses: PathBuf::from(file),
            survey,
        });
    }
    if waves.len() < 2 {
        bail!("compare needs two or more waves (--wave LABEL=FILE, once per wave)");
    }
    let pairs: Vec<(&str, &Survey)> = waves
        .iter()
        .map(|w| (w.label.as_str(), &w.survey))
        .collect();
    let plan = Plan::new(&pairs);
    // A wave named wrongly is said before a minute goes into reading the others.
    for wave in &waves {
        ingest::precheck(&wave.responses)?;
    }
    // The terms compared are the last wave's, so it is read first; every wave then keeps only
    // its figures for them, and memory does not grow with the number of waves.
    let last = waves.len() - 1;
    let mut read: Vec<Option<(Counter, WaveText, ingest::Report)>> =
        waves.iter().map(|_| None).collect();
    let mut text_plan = None;
    for i in std::iter::once(last).chain(0..last) {
        let wave = &waves[i];
        let mut counter = plan.counter(i);
        let analysis = analysis::analyse_and(
            &wave.survey,
            &wave.responses,
            Some(&TextOptions::default()),
            None,
            |row| counter.add(&plan, &wave.survey, row),
        )?;
        let text = analysis.text.expect("free-text analysis was asked for");
        let text_plan = text_plan.get_or_insert_with(|| TextPlan::new(&text, &wave.survey));
        read[i] = Some((counter, text_plan.figures(&text), analysis.report));
    }
    let (mut counters, mut texts) = (Vec::new(), Vec::new());
    for (wave, (counter, text, report)) in waves.iter().zip(read.into_iter().flatten()) {
        super::warn_about(&wave.responses, &report)?;
        counters.push(counter);
        texts.push(text);
    }
    let labels: Vec<String> = waves.iter().map(|w| w.label.clone()).collect();
    let text_plan = text_plan.expect("the last wave was read");
    let comparison = Comparison::new(&plan, &labels, &base, &counters, &text_plan, &texts);
    let bytes = if args.json {
        let mut bytes = serde_json::to_vec_pretty(&comparison)?;
        bytes.push(b'\n');
        bytes
    } else {
        table(&comparison).into_bytes()
    };
    super::write_output(None, &bytes)?;
    if let Some(path) = &args.report {
        let html = trend_report(&base, &comparison, args.date.as_deref().unwrap_or(""))?;
        std::fs::write(path, html).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn figure(line: &CompareOption) -> Vec<String> {
    line.waves
        .iter()
        .map(|w| {
            w.percent
                .map_or("-".to_string(), |p| format!("{}%", p.round() as i64))
        })
        .collect()
}

fn table(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Comparison of {} waves: {}",
        c.waves.len(),
        c.waves.join(", ")
    );
    let label_width = 34;
    let head: String = c
        .waves
        .iter()
        .map(|w| format!("{:>8}", w.chars().take(7).collect::<String>()))
        .collect();
    let write_lines = |out: &mut String, lines: &[CompareOption]| {
        let _ = writeln!(out, "    {}{head}  Change", " ".repeat(label_width));
        for line in lines {
            let label: String = line.label.chars().take(label_width - 1).collect();
            let cells: String = figure(line).iter().map(|f| format!("{f:>8}")).collect();
            let delta = line
                .change
                .map_or("-".to_string(), |d| format!("{:+}", d.round() as i64));
            let mark = if line.significant == Some(true) {
                " *"
            } else {
                ""
            };
            let _ = writeln!(out, "    {label:<label_width$}{cells}{delta:>8}{mark}");
        }
    };
    for q in c.questions.iter().chain(&c.text) {
        let _ = writeln!(
            out,
            "\n{}  {}",
            question_label(&q.id),
            q.text.chars().take(70).collect::<String>()
        );
        if !q.options.is_empty() {
            write_lines(&mut out, &q.options);
        }
        for row in &q.rows {
            let _ = writeln!(out, "  {}", row.label.chars().take(76).collect::<String>());
            write_lines(&mut out, &row.options);
        }
    }
    let _ = writeln!(
        out,
        "\nChange: percentage points, first wave to last; * significant at 95% (two-proportion z-test, or Fisher's exact test for small counts)."
    );
    if !c.not_comparable.is_empty() {
        let _ = writeln!(out, "Not compared:");
        for reason in &c.not_comparable {
            let _ = writeln!(out, "  {reason}");
        }
    }
    out
}

#[derive(Serialize)]
struct TrendPage {
    lang: &'static str,
    title: String,
    date: String,
    waves: String,
    font_face: String,
    sections: Vec<TrendSection>,
    not_comparable: Vec<String>,
}

#[derive(Serialize)]
struct TrendSection {
    anchor: String,
    heading: String,
    chart: String,
    lines: Vec<String>,
    table: TrendTable,
}

#[derive(Serialize)]
struct TrendTable {
    caption: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn section(id: &str, heading: String, lines: &[CompareOption], waves: &[String]) -> TrendSection {
    let chart_lines: Vec<(String, Vec<Option<f64>>)> = lines
        .iter()
        .map(|l| (l.label.clone(), l.waves.iter().map(|w| w.percent).collect()))
        .collect();
    let desc: Vec<String> = lines
        .iter()
        .map(|l| format!("{}: {}", l.label, figure(l).join(", ")))
        .collect();
    let draw = if waves.len() >= 3 {
        charts::line_chart
    } else {
        charts::grouped_chart
    };
    let chart = draw(
        &format!("trend-{id}"),
        &heading,
        &format!(
            "{} per wave ({}). {}.",
            if waves.len() >= 3 { "Lines" } else { "Bars" },
            waves.join(", "),
            desc.join("; ")
        ),
        waves,
        &chart_lines,
    );
    let mut head = vec!["Answer".to_string()];
    head.extend(waves.iter().map(|w| format!("{w} % (base)")));
    head.push("Change (points)".into());
    head.push("p".into());
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![l.label.clone()];
            row.extend(l.waves.iter().map(|w| {
                format!(
                    "{} ({})",
                    w.percent
                        .map_or("-".to_string(), |p| format!("{}%", p.round() as i64)),
                    crate::render::grouped(w.base)
                )
            }));
            row.push(
                l.change
                    .map_or("-".into(), |d| format!("{:+}", d.round() as i64)),
            );
            row.push(l.p_value.map_or("-".into(), |p| format!("{p:.3}")));
            row
        })
        .collect();
    TrendSection {
        anchor: id.replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
        lines: lines
            .iter()
            .map(|l| format!("{}: {}.", l.label, change(l)))
            .collect(),
        heading,
        chart,
        table: TrendTable {
            caption: "Figures per wave".into(),
            head,
            rows,
        },
    }
}

fn trend_report(base: &Survey, c: &Comparison, date: &str) -> anyhow::Result<String> {
    let mut sections = Vec::new();
    for q in c.questions.iter().chain(&c.text) {
        let heading = base
            .question(&q.id)
            .and_then(|i| base.questions[i].heading.clone())
            .unwrap_or_else(|| q.text.clone());
        let title = format!("{} {heading}", question_label(&q.id));
        if !q.options.is_empty() {
            sections.push(section(&q.id, title.clone(), &q.options, &c.waves));
        }
        for row in &q.rows {
            let name = row.label.split(" (").next().unwrap_or(&row.label);
            sections.push(section(
                &format!("{}-{}", q.id, row.id),
                format!("{title}: {name}"),
                &row.options,
                &c.waves,
            ));
        }
    }
    let page = TrendPage {
        lang: "en-GB",
        title: format!("{}: changes between waves", base.meta.title),
        date: crate::render::report::long_date(date),
        waves: c.waves.join(", "),
        font_face: String::new(),
        sections,
        not_comparable: c.not_comparable.clone(),
    };
    let hb = registry(None)?;
    hb.render("compare", &page)
        .map_err(|e| anyhow::anyhow!("the trend report template failed: {e}"))
}
