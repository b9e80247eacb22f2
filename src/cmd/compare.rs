//! `canvass compare`: what changed between survey waves, option by option, with significance.

use crate::analysis;
use crate::analysis::waves::{CompareOption, Comparison, Counter, Plan, TextPlan, WaveText};
use crate::ingest;
use crate::render::charts;
use crate::render::narrative::{change, change_withheld};
use crate::render::question_label;
use crate::render::report::{registry, suppress, withheld};
use crate::survey::{self, Kind, Survey};
use crate::text::TextOptions;
use anyhow::{Context, bail};
use handlebars::Handlebars;
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
    /// In the trend report, show counts under N as "fewer than N", withholding a second count
    /// where needed.
    #[arg(long, value_name = "N")]
    pub suppress_below: Option<u64>,
    /// A folder of templates replacing the built-in ones of the same name in the trend report
    /// (compare.html.hbs, style.css.hbs, table.hbs), as `report` takes them.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

struct Wave {
    label: String,
    responses: PathBuf,
    survey: Survey,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.suppress_below == Some(0) {
        bail!("--suppress-below needs a count of at least 1");
    }
    if args.suppress_below.is_some() && args.report.is_none() {
        bail!(
            "--suppress-below applies to the trend report: give --report FILE.html as well (the printed table and --json keep every count)"
        );
    }
    if args.templates.is_some() && args.report.is_none() {
        bail!("--templates applies to the trend report: give --report FILE.html as well");
    }
    // Before the waves are read: a mistake in a house template is told at once.
    let templates = registry(args.templates.as_deref())?;
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
        let date = args.date.as_deref().unwrap_or("");
        let html = trend_report(&templates, &base, &comparison, date, args.suppress_below)?;
        std::fs::write(path, html).with_context(|| format!("cannot write {}", path.display()))?;
        // The printed figures are the analyst's; an officer who suppresses the trend report may
        // paste them too.
        if let Some(n) = args.suppress_below {
            eprintln!(
                "warning: the printed comparison is not suppressed: it holds every figure, including those of counts under {n}; publish {} instead",
                path.display()
            );
        }
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
    /// What `--suppress-below` withholds, said in "How to read the changes".
    suppression: Option<String>,
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

/// Which figures of a question's (or grid row's) lines the trend report withholds, by line and
/// wave: option counts under N, then, where a wave's option counts add up to its base
/// (`additive`: one answer each), a second count wherever one alone is withheld (see
/// `suppress`), and a net in a wave where a count it takes in is withheld. The shares of terms
/// and themes are shown as counted, as `report` shows free-text counts.
fn withheld_figures(
    lines: &[CompareOption],
    additive: bool,
    threshold: Option<u64>,
) -> Vec<Vec<bool>> {
    let waves = lines.first().map_or(0, |l| l.waves.len());
    let mut hidden = vec![vec![false; waves]; lines.len()];
    let Some(n) = threshold else {
        return hidden;
    };
    let options: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind == "option")
        .collect();
    let counts: Vec<Vec<u64>> = options
        .iter()
        .map(|&i| lines[i].waves.iter().map(|w| w.count).collect())
        .collect();
    let none = vec![vec![false; waves]; options.len()];
    let rows_add_up = vec![false; options.len()];
    let table = suppress::suppressed_table(&counts, none, additive, &rows_add_up, n);
    for (&i, row) in options.iter().zip(table) {
        hidden[i] = row;
    }
    for i in (0..lines.len()).filter(|&i| lines[i].kind == "net") {
        for (w, figure) in lines[i].waves.iter().enumerate() {
            let small = figure.count > 0 && figure.count < n;
            let takes_in = |o: usize| {
                let (option, net) = (&lines[o].choices[w], &lines[i].choices[w]);
                option.iter().all(|c| net.contains(c))
            };
            hidden[i][w] = small || options.iter().any(|&o| hidden[o][w] && takes_in(o));
        }
    }
    hidden
}

/// A line as the trend report shows it: withheld figures taken out, and with them the change and
/// its test if the first or last wave's figure is withheld; and each wave's figure as written.
fn shown(
    line: &CompareOption,
    hidden: &[bool],
    threshold: Option<u64>,
) -> (CompareOption, Vec<String>) {
    let mut shown = line.clone();
    for (figure, _) in shown.waves.iter_mut().zip(hidden).filter(|(_, h)| **h) {
        (figure.percent, figure.ci) = (None, None);
    }
    if end_withheld(hidden) {
        (shown.change, shown.p_value, shown.significant) = (None, None, None);
    }
    let figures = figure(&shown)
        .into_iter()
        .zip(&line.waves)
        .zip(hidden)
        .map(|((f, w), &h)| if h { withheld(w.count, threshold) } else { f })
        .collect();
    (shown, figures)
}

/// Whether the first or last wave's figure is withheld, which the change would tell.
fn end_withheld(hidden: &[bool]) -> bool {
    hidden.first() == Some(&true) || hidden.last() == Some(&true)
}

fn section(
    id: &str,
    heading: String,
    lines: &[CompareOption],
    waves: &[String],
    hidden: &[Vec<bool>],
    threshold: Option<u64>,
) -> TrendSection {
    let (lines, figures): (Vec<CompareOption>, Vec<Vec<String>>) = lines
        .iter()
        .zip(hidden)
        .map(|(line, hidden)| shown(line, hidden, threshold))
        .unzip();
    let chart_lines: Vec<(String, Vec<Option<f64>>)> = lines
        .iter()
        .map(|l| (l.label.clone(), l.waves.iter().map(|w| w.percent).collect()))
        .collect();
    let desc: Vec<String> = lines
        .iter()
        .zip(&figures)
        .map(|(l, f)| format!("{}: {}", l.label, f.join(", ")))
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
        .zip(&figures)
        .map(|(l, f)| {
            let mut row = vec![l.label.clone()];
            row.extend(
                l.waves
                    .iter()
                    .zip(f)
                    .map(|(w, f)| format!("{f} ({})", crate::render::grouped(w.base))),
            );
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
            .zip(&figures)
            .zip(hidden)
            .map(|((l, f), h)| {
                let said = if end_withheld(h) {
                    change_withheld(l, f)
                } else {
                    change(l, f)
                };
                format!("{}: {said}.", l.label)
            })
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

fn trend_report(
    templates: &Handlebars,
    base: &Survey,
    c: &Comparison,
    date: &str,
    threshold: Option<u64>,
) -> anyhow::Result<String> {
    let mut sections = Vec::new();
    for q in c.questions.iter().chain(&c.text) {
        // A multi-choice question's options each have the whole base: they do not add up to it.
        let additive = base
            .question(&q.id)
            .is_none_or(|i| !matches!(base.questions[i].kind, Kind::Multi { .. }));
        let withheld_in = |lines: &[CompareOption]| withheld_figures(lines, additive, threshold);
        let heading = base
            .question(&q.id)
            .and_then(|i| base.questions[i].heading.clone())
            .unwrap_or_else(|| q.text.clone());
        let title = format!("{} {heading}", question_label(&q.id));
        if !q.options.is_empty() {
            sections.push(section(
                &q.id,
                title.clone(),
                &q.options,
                &c.waves,
                &withheld_in(&q.options),
                threshold,
            ));
        }
        for row in &q.rows {
            let name = row.label.split(" (").next().unwrap_or(&row.label);
            sections.push(section(
                &format!("{}-{}", q.id, row.id),
                format!("{title}: {name}"),
                &row.options,
                &c.waves,
                &withheld_in(&row.options),
                threshold,
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
        suppression: threshold.map(|n| {
            format!(
                "To protect respondents, counts under {n} are shown as \u{201c}fewer than {n}\u{201d}, with other figures withheld where they would let it be worked out; a change is not given where the first or last wave\u{2019}s figure is withheld. The shares of respondents using a word or phrase, and of each theme, are shown as counted."
            )
        }),
        not_comparable: c.not_comparable.clone(),
    };
    templates
        .render("compare", &page)
        .map_err(|e| anyhow::anyhow!("the trend report template failed: {e}"))
}
