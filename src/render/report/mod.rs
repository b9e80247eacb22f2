//! The consultation report: a view of the results per section, rendered through handlebars
//! templates into one self-contained, accessible HTML file.

pub mod notes;
pub mod suppress;
mod templates;

pub use notes::Notes;
pub use templates::{TEMPLATE_FILES, registry};

use super::charts::{self, Bar, StackRow};
use super::cloud::{self, CloudOptions, CloudWord};
use super::narrative::{
    count_words, list, net_labels, quoted, row_name, sentence, share, share_of, small_base_caution,
    whole,
};
use super::{count_noun, grouped, in_question_order, question_label};
use crate::analysis::{
    Analysis, GROUP_LIMIT, GroupedAnswers, Main, OptionResult, QuestionResult, Results, TextTally,
};
use crate::survey::{Kind, Net, Question, Survey};
use crate::text::{FieldResult, one_line, redact};
use handlebars::Handlebars;
use serde::Serialize;

/// Choices that shape the report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The date printed on the report (YYYY-MM-DD).
    pub date: String,
    /// Bases under this carry a caution.
    pub small_base: u64,
    /// Counts under this are shown as "fewer than N".
    pub suppress_below: Option<u64>,
    /// Terms per word cloud.
    pub cloud_words: usize,
    /// Rows of each term table.
    pub table_terms: usize,
    /// Draw 95% confidence intervals on the bar charts.
    pub intervals: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            date: String::new(),
            small_base: 30,
            suppress_below: None,
            cloud_words: 40,
            table_terms: 15,
            intervals: false,
        }
    }
}

#[derive(Serialize)]
struct Page {
    lang: &'static str,
    title: String,
    organisation: Option<String>,
    date: String,
    font_face: String,
    contents: Vec<Link>,
    notes: Option<NotesView>,
    background: Option<String>,
    methodology: Option<String>,
    fieldwork: Option<String>,
    returns: String,
    conventions: Vec<String>,
    sections: Vec<Section>,
    quality: Quality,
    appendix: Appendix,
}

#[derive(Serialize)]
struct Link {
    anchor: String,
    title: String,
}

#[derive(Serialize)]
struct NotesView {
    summary: Option<String>,
    key_findings: Option<String>,
    recommendations: Option<String>,
}

#[derive(Serialize, Default)]
struct Section {
    anchor: String,
    number: String,
    heading: String,
    question: String,
    routing: Option<String>,
    narrative: Vec<String>,
    caution: Option<String>,
    base: Option<String>,
    chart: Option<String>,
    table: Option<Table>,
    other: Option<Listing>,
    texts: Vec<TextView>,
    commentary: Option<String>,
    breakdown: Option<Table>,
    breakdown_note: Option<String>,
}

#[derive(Serialize, Default)]
struct Table {
    caption: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Listing {
    heading: String,
    intro: String,
    items: Vec<String>,
    note: Option<String>,
}

#[derive(Serialize)]
struct TextView {
    heading: Option<String>,
    answered: String,
    cloud: Option<String>,
    cloud_note: Option<String>,
    terms: Option<Table>,
    themes: Option<Table>,
    uncoded: Option<String>,
    quotes: Vec<QuoteView>,
    answers: Option<Listing>,
}

#[derive(Serialize)]
struct QuoteView {
    text: String,
    source: String,
}

#[derive(Serialize)]
struct Quality {
    summary: String,
    exclusions: Vec<String>,
    invalid: Option<Table>,
    /// "Problems found in the data", saying when only the first are listed.
    problems_title: String,
    problems: Vec<String>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct Appendix {
    introduction: Vec<String>,
    questions: Vec<AppendixQuestion>,
}

#[derive(Serialize)]
struct AppendixQuestion {
    number: String,
    text: String,
    instruction: Option<String>,
    routing: Option<String>,
    options: Vec<String>,
    grid: Option<Table>,
    fields: Vec<String>,
    write_in: bool,
    other: Option<String>,
    comment: Option<String>,
}

/// Everything the report is made from.
pub struct Inputs<'a> {
    pub survey: &'a Survey,
    pub analysis: &'a Analysis,
    pub results: &'a Results,
    pub text: &'a [FieldResult],
    pub notes: &'a Notes,
}

/// Renders the report with the templates of `registry`; returns the HTML and warnings for the
/// officer.
pub fn render(
    inputs: &Inputs,
    options: &ReportOptions,
    registry: &Handlebars,
) -> anyhow::Result<(String, Vec<String>)> {
    let mut warnings = Vec::new();
    let page = page(inputs, options, &mut warnings);
    let html = registry
        .render("report", &page)
        .map_err(|e| anyhow::anyhow!("the report template failed: {e}"))?;
    Ok((html, warnings))
}

fn paragraphs(text: &Option<String>) -> Option<String> {
    text.as_ref().map(|t| notes::markdown_html(t))
}

/// "7 August 2014".
pub fn long_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] if (1..=12).contains(m) => format!("{d} {} {y}", MONTHS[*m as usize - 1]),
        _ => iso.to_string(),
    }
}

fn page(inputs: &Inputs, options: &ReportOptions, warnings: &mut Vec<String>) -> Page {
    let survey = inputs.survey;
    let meta = &survey.meta;
    let accounting = &inputs.analysis.report.accounting;
    let returns = sentence(&format!(
        "in total {} completed surveys were returned{}.",
        grouped(accounting.included),
        if accounting.excluded > 0 {
            format!(
                " ({} more rows of the file were left out; see Data quality)",
                grouped(accounting.excluded)
            )
        } else {
            String::new()
        }
    ));
    let mut sections = Vec::new();
    for (qi, question) in survey.questions.iter().enumerate() {
        if matches!(question.kind, Kind::Contact { .. }) {
            continue;
        }
        let result = inputs
            .results
            .questions
            .iter()
            .find(|r| r.id == question.id);
        sections.push(section(inputs, qi, question, result, options, warnings));
    }
    let mut contents = Vec::new();
    let notes_view = (inputs.notes.summary.is_some()
        || inputs.notes.key_findings.is_some()
        || inputs.notes.recommendations.is_some())
    .then(|| NotesView {
        summary: paragraphs(&inputs.notes.summary),
        key_findings: paragraphs(&inputs.notes.key_findings),
        recommendations: paragraphs(&inputs.notes.recommendations),
    });
    if let Some(n) = &notes_view {
        for (present, anchor, title) in [
            (n.summary.is_some(), "summary", "Summary"),
            (n.key_findings.is_some(), "key-findings", "Key findings"),
            (
                n.recommendations.is_some(),
                "recommendations",
                "Recommendations",
            ),
        ] {
            if present {
                contents.push(Link {
                    anchor: anchor.into(),
                    title: title.into(),
                });
            }
        }
    }
    if meta.background.is_some() {
        contents.push(Link {
            anchor: "background".into(),
            title: "Background".into(),
        });
    }
    contents.push(Link {
        anchor: "methodology".into(),
        title: "Methodology".into(),
    });
    for s in &sections {
        contents.push(Link {
            anchor: s.anchor.clone(),
            title: s.heading.clone(),
        });
    }
    contents.push(Link {
        anchor: "data-quality".into(),
        title: "Data quality".into(),
    });
    contents.push(Link {
        anchor: "appendix-a".into(),
        title: "Appendix A: copy of the questionnaire".into(),
    });
    let mut conventions = vec![
        "Percentages are of the respondents who answered each question (its base) and are rounded to whole numbers, so they may not add up to exactly 100%.".to_string(),
        "Where respondents could choose more than one answer, percentages are of respondents, not of answers, and add up to more than 100%.".to_string(),
    ];
    if let Some(n) = options.suppress_below {
        conventions.push(format!(
            "To protect respondents, counts under {n} are shown as \u{201c}fewer than {n}\u{201d}, with other figures withheld where they would let it be worked out."
        ));
    }
    conventions.push(format!(
        "Figures based on fewer than {} respondents carry a caution.",
        options.small_base
    ));
    Page {
        lang: "en-GB",
        title: meta.title.clone(),
        organisation: meta.organisation.clone(),
        date: long_date(&options.date),
        font_face: cloud::font_face(),
        contents,
        notes: notes_view,
        background: paragraphs(&meta.background),
        methodology: paragraphs(&meta.methodology),
        fieldwork: meta.fieldwork.as_ref().map(|(opens, closes)| {
            format!(
                "Fieldwork ran from {} to {}.",
                long_date(opens),
                long_date(closes)
            )
        }),
        returns,
        conventions,
        sections,
        quality: quality(inputs),
        appendix: appendix(survey),
    }
}

/// A withheld count as shown: "fewer than N" if it is, else "withheld" (a second count withheld
/// so that the first cannot be worked out, which is not under N).
pub fn withheld(count: u64, threshold: Option<u64>) -> String {
    let n = threshold.unwrap_or(0);
    if count < n {
        format!("fewer than {n}")
    } else {
        "withheld".to_string()
    }
}

/// The count and percentage as shown: withheld counts become "fewer than N" or "withheld".
fn cell(o: &OptionResult, hidden: bool, threshold: Option<u64>) -> (String, String) {
    if hidden {
        (withheld(o.count, threshold), "-".into())
    } else {
        (
            grouped(o.count),
            o.percent.map_or("-".into(), |p| format!("{}%", whole(p))),
        )
    }
}

fn hidden_cells(counts: &[u64], additive: bool, threshold: Option<u64>) -> Vec<bool> {
    match threshold {
        Some(n) => suppress::suppressed(counts, additive, n),
        None => vec![false; counts.len()],
    }
}

fn routing_note(
    survey: &Survey,
    question: &Question,
    result: Option<&QuestionResult>,
) -> Option<String> {
    let routing = question.ask_if.as_ref()?;
    let on = &survey.questions[routing.question];
    let answers: Vec<String> = routing
        .answers
        .iter()
        .map(|&a| quoted(&on.kind.choices()[a].label))
        .collect();
    let asked = result
        .and_then(|r| r.routing.as_ref())
        .map_or(0, |r| r.asked);
    Some(format!(
        "Asked only of those who answered {} to {} ({}).",
        answers.join(" or "),
        question_label(&on.id),
        count_noun(asked, "respondent")
    ))
}

fn section(
    inputs: &Inputs,
    qi: usize,
    question: &Question,
    result: Option<&QuestionResult>,
    options: &ReportOptions,
    warnings: &mut Vec<String>,
) -> Section {
    let survey = inputs.survey;
    let number = question_label(&question.id);
    let mut s = Section {
        anchor: question.id.clone(),
        heading: question
            .heading
            .clone()
            .unwrap_or_else(|| format!("{number}. {}", question.text)),
        number,
        question: question.text.clone(),
        routing: routing_note(survey, question, result),
        commentary: inputs
            .notes
            .questions
            .get(&question.id)
            .and_then(|n| n.commentary.as_deref())
            .map(notes::markdown_html),
        ..Section::default()
    };
    if let Some(r) = result {
        match &question.kind {
            Kind::Single { options: choices } | Kind::Multi { options: choices } => {
                choice_section(&mut s, question, choices, r, options)
            }
            Kind::Grid { points, .. } => grid_section(&mut s, question, points, r, options),
            Kind::Number { .. } => number_section(&mut s, r),
            _ => {}
        }
    }
    if let (Some(r), Some(by)) = (result, &inputs.results.by) {
        // The groups the `--by` question's own table withholds stay withheld here.
        let by_withheld = inputs
            .results
            .questions
            .iter()
            .find(|q| q.id == by.id)
            .map(|q| {
                let counts: Vec<u64> = q.options.iter().map(|o| o.count).collect();
                hidden_cells(&counts, true, options.suppress_below)
            })
            .filter(|withheld| withheld.len() == by.groups.len())
            .unwrap_or_else(|| vec![false; by.groups.len()]);
        breakdown(&mut s, r, by, &by_withheld, options.suppress_below);
    }
    let tally = &inputs.analysis.tally.questions[qi];
    if let Some(other) = &question.other
        && tally.other.answered > 0
    {
        s.other = Some(other_listing(
            &other.text,
            &tally.other,
            options.suppress_below,
        ));
    }
    for field in inputs
        .text
        .iter()
        .filter(|f| f.question == question.id && f.kind != "other")
    {
        for id in &field.missing_quotes {
            warnings.push(format!(
                "notes: respondent {id:?} has no answer to {} to quote",
                field.id
            ));
        }
        let answers = match (&tally.main, field.kind) {
            (Main::Text(t), "text") => t,
            _ => &tally.comment,
        };
        let heading = (field.kind == "comment").then(|| {
            question
                .comment
                .as_ref()
                .map_or(String::new(), |c| c.text.clone())
        });
        s.texts
            .push(text_view(field, heading, answers, options, warnings));
    }
    s
}

/// The question's figures per group of the `--by` question, and its test in words. With a
/// `threshold`, the groups `by_withheld` (withheld in the `--by` question's own table) and those
/// with fewer respondents are withheld whole, and the other figures as in the question's own
/// table: small counts, and a second one wherever a withheld count would otherwise be worked out
/// from a total (`suppress::suppressed_table`).
fn breakdown(
    s: &mut Section,
    r: &QuestionResult,
    by: &crate::analysis::ByResult,
    by_withheld: &[bool],
    threshold: Option<u64>,
) {
    let mut head = vec!["Answer".to_string(), "Total".to_string()];
    head.extend(by.groups.iter().cloned());
    let pct = |p: Option<f64>| p.map_or("-".to_string(), |p| format!("{}%", whole(p)));
    // A figure as shown: its percentage, or what stands for a withheld count.
    let shown = |percent: Option<f64>, count: u64, hidden: bool| {
        if hidden {
            withheld(count, threshold)
        } else {
            pct(percent)
        }
    };
    let mut rows = Vec::new();
    if !r.groups.is_empty() {
        let single = r.kind == "single";
        let totals: Vec<u64> = r.options.iter().map(|o| o.count).collect();
        let total_hidden = hidden_cells(&totals, single, threshold);
        let bases: Vec<u64> = r.groups.iter().map(|g| g.base).collect();
        let base_hidden = withheld_groups(&bases, r.base.unwrap_or(0), by_withheld, threshold);
        let counts: Vec<Vec<u64>> = (0..r.options.len())
            .map(|i| r.groups.iter().map(|g| g.options[i].count).collect())
            .collect();
        let groups_withheld = vec![base_hidden.clone(); counts.len()];
        let hidden = withheld_cells(&counts, groups_withheld, single, &totals, threshold);
        for (i, o) in r.options.iter().enumerate() {
            let mut row = vec![o.label.clone(), shown(o.percent, o.count, total_hidden[i])];
            row.extend(r.groups.iter().enumerate().map(|(g, group)| {
                let o = &group.options[i];
                shown(o.percent, o.count, hidden[i][g])
            }));
            rows.push(row);
        }
        let mut base_row = vec!["Base".to_string(), grouped(r.base.unwrap_or(0))];
        base_row.extend(bases.iter().zip(&base_hidden).map(|(&base, &hidden)| {
            if hidden {
                withheld(base, threshold)
            } else {
                grouped(base)
            }
        }));
        rows.push(base_row);
        s.breakdown_note = r
            .test
            .as_ref()
            .map(|t| sentence(&format!("{}.", super::describe_test(t, &by.id))));
    } else if r.rows.iter().any(|row| !row.groups.is_empty()) {
        let positive = |nets: &Option<crate::analysis::NetsResult>| {
            nets.as_ref()
                .map_or((None, 0), |n| (n.positive, n.positive_count))
        };
        let counts: Vec<Vec<u64>> = r
            .rows
            .iter()
            .map(|row| row.groups.iter().map(|g| positive(&g.nets).1).collect())
            .collect();
        // Each grid row has its own group bases: a group too small in a row is withheld there.
        let small_groups = r
            .rows
            .iter()
            .map(|row| {
                let bases: Vec<u64> = row.groups.iter().map(|g| g.base).collect();
                withheld_groups(&bases, row.base, by_withheld, threshold)
            })
            .collect();
        let totals: Vec<u64> = r.rows.iter().map(|row| positive(&row.nets).1).collect();
        let hidden = withheld_cells(&counts, small_groups, false, &totals, threshold);
        for (i, row) in r.rows.iter().enumerate() {
            let net_hidden = net_withheld(row, Net::Positive, threshold);
            let (percent, count) = positive(&row.nets);
            let mut cells = vec![
                format!("{} (net positive)", row_name(&row.label)),
                shown(percent, count, net_hidden),
            ];
            cells.extend(row.groups.iter().enumerate().map(|(g, group)| {
                let (percent, count) = positive(&group.nets);
                shown(percent, count, hidden[i][g])
            }));
            rows.push(cells);
        }
    } else {
        return;
    }
    s.breakdown = Some(Table {
        caption: format!(
            "{} by answer to {}: percentages of each group's base",
            s.number,
            question_label(&by.id)
        ),
        head,
        rows,
    });
}

/// Whether a grid row's `net` is withheld, as its table shows it: a count in it is.
fn net_withheld(row: &crate::analysis::RowResult, net: Net, threshold: Option<u64>) -> bool {
    let counts: Vec<u64> = row.options.iter().map(|o| o.count).collect();
    hidden_cells(&counts, true, threshold)
        .iter()
        .zip(&row.options)
        .any(|(&hidden, o)| hidden && o.net == Some(net))
}

/// The groups of a breakdown withheld whole, given their `bases` (which add up to `total` when
/// every respondent is in a group): those of `by_withheld`, those under the threshold, and a
/// second where one alone would follow from the total.
fn withheld_groups(
    bases: &[u64],
    total: u64,
    by_withheld: &[bool],
    threshold: Option<u64>,
) -> Vec<bool> {
    let Some(n) = threshold else {
        return vec![false; bases.len()];
    };
    let adds_up = bases.iter().sum::<u64>() == total;
    let mut start = by_withheld.to_vec();
    start.resize(bases.len(), false);
    let mut withheld =
        suppress::suppressed_table(&[bases.to_vec()], vec![start], false, &[adds_up], n);
    withheld.remove(0)
}

/// The group cells of a breakdown to withhold, with `threshold`: `counts[row][group]`, starting
/// from `withheld`; a row adds up to its total in `totals` when every respondent counted in it is
/// in a group (the table shows the total, so one withheld cell of it would be known).
fn withheld_cells(
    counts: &[Vec<u64>],
    withheld: Vec<Vec<bool>>,
    columns_add_up: bool,
    totals: &[u64],
    threshold: Option<u64>,
) -> Vec<Vec<bool>> {
    let Some(n) = threshold else {
        return vec![vec![false; counts.first().map_or(0, Vec::len)]; counts.len()];
    };
    let rows_add_up: Vec<bool> = counts
        .iter()
        .zip(totals)
        .map(|(row, &total)| row.iter().sum::<u64>() == total)
        .collect();
    suppress::suppressed_table(counts, withheld, columns_add_up, &rows_add_up, n)
}

fn listing(heading: &str, intro: String, answers: &TextTally) -> Listing {
    Listing {
        heading: heading.to_string(),
        intro,
        items: answers.samples.iter().map(|(_, t)| t.clone()).collect(),
        note: answers.capped().then(|| {
            format!(
                "The first {} of {} answers are listed.",
                grouped(answers.samples.len() as u64),
                grouped(answers.answered)
            )
        }),
    }
}

/// Answers listed at most, however many different ones there are.
const OTHER_LISTED: usize = crate::analysis::TEXT_SAMPLE_LIMIT;

/// The "Other, please specify" answers, each different answer once, those given most often first:
/// the groups lossy counting can count (`GroupedAnswers::countable`), the rest said in a number.
/// With `threshold`, counts under it are shown as "fewer than N": with the total in the intro the
/// counts shown add up, so a second one is withheld as in a table.
fn other_listing(prompt: &str, answers: &GroupedAnswers, threshold: Option<u64>) -> Listing {
    let (per, forgot) = (crate::text::PRUNE_EVERY, answers.forgotten > 0);
    let (frequent, rare_answers) = answers.countable();
    let (listed, unlisted) = frequent.split_at(frequent.len().min(OTHER_LISTED));
    let unlisted_respondents: u64 = unlisted.iter().map(|g| g.count).sum();
    let mut counts: Vec<u64> = listed.iter().map(|g| g.count).collect();
    counts.extend([unlisted_respondents, rare_answers]);
    let hidden = hidden_cells(&counts, true, threshold);
    // "5 respondents", "fewer than 5 respondents", or None for a number withheld.
    let shown = |i: usize, noun: &str| match hidden[i] {
        true if counts[i] < threshold.unwrap_or(0) => {
            Some(format!("{} {noun}s", withheld(counts[i], threshold)))
        }
        true => None,
        false => Some(count_noun(counts[i], noun)),
    };
    let intro = sentence(&format!(
        "{} gave other answers under \u{201c}{prompt}\u{201d}",
        count_words(answers.answered, "respondent")
    ));
    let intro = if listed.iter().any(|g| g.count > 1) {
        format!("{intro}; an answer given by more than one is listed once, with how many gave it:")
    } else {
        format!("{intro}:")
    };
    let items = listed
        .iter()
        .enumerate()
        .map(|(i, g)| match (g.count, hidden[i]) {
            (1, false) => g.text().to_string(),
            _ => format!(
                "{} ({})",
                g.text(),
                shown(i, "respondent").unwrap_or("number withheld".into())
            ),
        })
        .collect();
    let mut notes = Vec::new();
    if !unlisted.is_empty() {
        notes.push(format!(
            "The {} answers given most often are listed, of {} different answers{}; the other {} {} given by {}.",
            grouped(listed.len() as u64),
            grouped(frequent.len() as u64),
            if forgot {
                format!(" given more than once in every {} answers", grouped(per))
            } else {
                String::new()
            },
            grouped(unlisted.len() as u64),
            if unlisted.len() == 1 { "was" } else { "were" },
            shown(listed.len(), "respondent")
                .unwrap_or("respondents whose number is withheld".into())
        ));
    }
    if forgot {
        let short_by = listed.iter().map(|g| g.delta).max().unwrap_or(0);
        let rare = match shown(listed.len() + 1, "answer") {
            Some(count) => format!(
                "{count} {} not listed",
                if rare_answers == 1 { "is" } else { "are" }
            ),
            None => "answers (their number withheld) are not listed".to_string(),
        };
        notes.push(format!(
            "{}: past {} different answers, canvass lists only those given more than once in every {} answers, as it cannot keep count of rarer ones.{}",
            sentence(&rare),
            grouped(GROUP_LIMIT as u64),
            grouped(per),
            if short_by == 0 {
                String::new()
            } else {
                let times = match short_by {
                    1 => "once".to_string(),
                    2 => "twice".to_string(),
                    n => format!("up to {} times", grouped(n)),
                };
                format!(" An answer listed may have been given {times} more than its count shows, before it was counted.")
            }
        ));
    }
    Listing {
        heading: "Other answers".to_string(),
        intro,
        items,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    }
}

fn choice_section(
    s: &mut Section,
    question: &Question,
    choices: &[crate::survey::Choice],
    r: &QuestionResult,
    options: &ReportOptions,
) {
    let multi = matches!(question.kind, Kind::Multi { .. });
    let base = r.base.unwrap_or(0);
    let threshold = options.suppress_below;
    let counts: Vec<u64> = r.options.iter().map(|o| o.count).collect();
    let hidden = hidden_cells(&counts, !multi, threshold);
    let scaled = r.nets.is_some();
    let other_option = question
        .other
        .as_ref()
        .and_then(|o| o.option)
        .map(|i| choices[i].label.clone());
    // Bars: a scale keeps its order; otherwise largest first with "Other" last.
    let mut order: Vec<usize> = (0..r.options.len()).collect();
    if !scaled {
        order.sort_by_key(|&i| {
            (
                Some(&r.options[i].label) == other_option.as_ref(),
                std::cmp::Reverse(r.options[i].count),
                i,
            )
        });
    }
    let bars: Vec<Bar> = order
        .iter()
        .map(|&i| {
            let o = &r.options[i];
            let (count, pct) = cell(o, hidden[i], threshold);
            let ci =
                o.ci.filter(|_| options.intervals && !hidden[i])
                    .map(|[low, high]| (low, high));
            Bar {
                label: o.label.clone(),
                percent: if hidden[i] { None } else { o.percent },
                value: match (hidden[i], ci) {
                    (true, _) => count,
                    (false, Some((low, high))) => {
                        format!("{pct} (95% CI {}-{})", whole(low), whole(high))
                    }
                    (false, None) => pct,
                },
                ci,
            }
        })
        .collect();
    let figures: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.value))
        .collect();
    let title = format!("{}: {}", s.number, s.heading);
    let desc = format!(
        "Bar chart of answers to \u{201c}{}\u{201d} ({}). {}.",
        question.text,
        count_noun(base, "respondent"),
        figures.join("; ")
    );
    s.chart = Some(charts::bar_chart(
        &format!("chart-{}", question.id),
        &title,
        &desc,
        &bars,
    ));
    let mut rows: Vec<Vec<String>> = order
        .iter()
        .map(|&i| {
            let (count, pct) = cell(&r.options[i], hidden[i], threshold);
            vec![r.options[i].label.clone(), count, pct]
        })
        .collect();
    for o in &r.non_opinion {
        rows.push(vec![
            format!("{} (not in the base)", o.label),
            grouped(o.count),
            "-".into(),
        ]);
    }
    s.table = Some(Table {
        caption: format!("{}: figures behind the chart", s.number),
        head: vec!["Answer".into(), "Respondents".into(), "% of base".into()],
        rows,
    });
    s.base = Some(if multi {
        format!(
            "Base: {}; respondents could choose more than one answer.",
            count_noun(base, "respondent")
        )
    } else {
        format!("Base: {}.", count_noun(base, "respondent"))
    });
    s.caution = small_base_caution(base, options.small_base);
    // Narrative from the figures that are shown.
    let visible: Vec<(usize, &OptionResult)> = r
        .options
        .iter()
        .enumerate()
        .filter(|(i, _)| !hidden[*i])
        .collect();
    if base == 0 {
        s.narrative
            .push("No respondent answered this question.".into());
        return;
    }
    if scaled {
        s.narrative.extend(net_sentence(choices, r, &hidden));
        return;
    }
    let mut ranked: Vec<&(usize, &OptionResult)> = visible
        .iter()
        .filter(|(_, o)| Some(&o.label) != other_option.as_ref())
        .collect();
    ranked.sort_by_key(|(i, o)| (std::cmp::Reverse(o.count), *i));
    let Some((_, top)) = ranked.first() else {
        return;
    };
    let top_pct = top.percent.unwrap_or(0.0);
    if multi {
        let mut parts = vec![format!("{} chose {}", share(top_pct), quoted(&top.label))];
        parts.extend(
            ranked
                .iter()
                .skip(1)
                .take(2)
                .map(|(_, o)| format!("{} {}", share(o.percent.unwrap_or(0.0)), quoted(&o.label))),
        );
        s.narrative.push(sentence(&format!("{}.", list(&parts))));
        let total: u64 = r.options.iter().map(|o| o.count).sum();
        if total > base {
            s.narrative.push("Respondents could choose more than one answer, so the percentages add up to more than 100%.".into());
        }
    } else {
        let lead = if whole(top_pct) > 50 && top.count * 2 > base {
            format!(
                "The majority of respondents ({}%) answered {}.",
                whole(top_pct),
                quoted(&top.label)
            )
        } else if top.count * 2 == base {
            format!("Half of respondents (50%) answered {}.", quoted(&top.label))
        } else {
            format!(
                "The largest group of respondents ({}%) answered {}.",
                whole(top_pct),
                quoted(&top.label)
            )
        };
        s.narrative.push(lead);
        let rest: Vec<String> = ranked
            .iter()
            .skip(1)
            .take(2)
            .map(|(_, o)| format!("{} {}", share(o.percent.unwrap_or(0.0)), quoted(&o.label)))
            .collect();
        if !rest.is_empty() {
            s.narrative.push(sentence(&format!(
                "{}.",
                list(&rest).replacen(" \u{201c}", " answered \u{201c}", 1)
            )));
        }
    }
}

/// "Around 4 in 10 (41%) answered very good or fairly good, a third (31%) satisfactory and about
/// 3 in 10 (28%) fairly poor or very poor.", leaving out what is withheld; none if all of it is.
fn net_sentence(
    choices: &[crate::survey::Choice],
    r: &QuestionResult,
    hidden: &[bool],
) -> Option<String> {
    let nets = r.nets.as_ref().expect("a scale with nets");
    let opinion: Vec<&crate::survey::Choice> = choices.iter().filter(|c| !c.non_opinion).collect();
    let hidden_in = |net: Net| {
        opinion
            .iter()
            .zip(hidden)
            .any(|(c, &h)| h && c.net == Some(net))
    };
    let labels = |net: Net| -> Vec<&str> {
        opinion
            .iter()
            .filter(|c| c.net == Some(net))
            .map(|c| c.label.as_str())
            .collect()
    };
    // Each part's share and what it is; the first part carries the verb.
    let mut parts: Vec<(String, String)> = Vec::new();
    if let (Some(p), false) = (nets.positive, hidden_in(Net::Positive)) {
        parts.push((share(p), net_labels(&labels(Net::Positive))));
    }
    for (i, c) in opinion.iter().enumerate() {
        if c.net.is_none() && !hidden[i] {
            let p = r.options[i].percent.unwrap_or(0.0);
            parts.push((share(p), c.label.to_lowercase()));
        }
    }
    if let (Some(p), false) = (nets.negative, hidden_in(Net::Negative)) {
        parts.push((share(p), net_labels(&labels(Net::Negative))));
    }
    let parts: Vec<String> = parts
        .into_iter()
        .enumerate()
        .map(|(i, (share, what))| {
            let verb = if i == 0 { " answered" } else { "" };
            format!("{share}{verb} {what}")
        })
        .collect();
    (!parts.is_empty()).then(|| sentence(&format!("{}.", list(&parts))))
}

fn grid_section(
    s: &mut Section,
    question: &Question,
    points: &[crate::survey::Choice],
    r: &QuestionResult,
    options: &ReportOptions,
) {
    let threshold = options.suppress_below;
    let opinion: Vec<&crate::survey::Choice> = points.iter().filter(|c| !c.non_opinion).collect();
    let non_opinion: Vec<&str> = points
        .iter()
        .filter(|c| c.non_opinion)
        .map(|c| c.label.as_str())
        .collect();
    let mut stack_rows = Vec::new();
    let mut table_rows = Vec::new();
    let mut figures = Vec::new();
    let mut best: Option<(f64, &str)> = None;
    let mut worst: Option<(f64, &str)> = None;
    // Whether a row's positive or negative net is withheld: the best or worst shown may not be.
    let (mut positive_withheld, mut negative_withheld) = (false, false);
    for row in &r.rows {
        let counts: Vec<u64> = row.options.iter().map(|o| o.count).collect();
        let hidden = hidden_cells(&counts, true, threshold);
        let dk_hidden = hidden_cells(
            &row.non_opinion.iter().map(|o| o.count).collect::<Vec<_>>(),
            false,
            threshold,
        );
        let name = row_name(&row.label);
        let net_hidden = |net: Net| net_withheld(row, net, threshold);
        let mut aside = format!("base {}", grouped(row.base));
        for (o, &h) in row.non_opinion.iter().zip(&dk_hidden) {
            let count = if h {
                format!("fewer than {}", threshold.unwrap_or(0))
            } else {
                grouped(o.count)
            };
            aside.push_str(&format!(", {} {count}", o.label.to_lowercase()));
        }
        stack_rows.push(StackRow {
            label: row
                .label
                .split(" (")
                .next()
                .unwrap_or(&row.label)
                .to_string(),
            shares: row
                .options
                .iter()
                .zip(&hidden)
                .map(|(o, &h)| {
                    if h {
                        None
                    } else {
                        Some(o.percent.unwrap_or(0.0))
                    }
                })
                .collect(),
            aside,
        });
        let mut cells = vec![row.label.clone()];
        for (o, &h) in row.options.iter().zip(&hidden) {
            let (count, pct) = cell(o, h, threshold);
            cells.push(if h { count } else { format!("{pct} ({count})") });
        }
        cells.push(grouped(row.base));
        for (o, &h) in row.non_opinion.iter().zip(&dk_hidden) {
            cells.push(if h {
                format!("fewer than {}", threshold.unwrap_or(0))
            } else {
                grouped(o.count)
            });
        }
        let nets = row.nets.as_ref();
        let pos = nets
            .and_then(|n| n.positive)
            .filter(|_| !net_hidden(Net::Positive));
        let neg = nets
            .and_then(|n| n.negative)
            .filter(|_| !net_hidden(Net::Negative));
        if nets.is_some() {
            cells.push(pos.map_or("-".into(), |p| format!("{}%", whole(p))));
            cells.push(neg.map_or("-".into(), |p| format!("{}%", whole(p))));
        }
        table_rows.push(cells);
        let shown: Vec<String> = row
            .options
            .iter()
            .zip(&hidden)
            .map(|(o, &h)| {
                if h {
                    format!("{} withheld", o.label)
                } else {
                    format!("{} {}%", o.label, whole(o.percent.unwrap_or(0.0)))
                }
            })
            .collect();
        figures.push(format!(
            "{} (base {}): {}",
            name,
            grouped(row.base),
            shown.join(", ")
        ));
        if row.base > 0 {
            positive_withheld |= pos.is_none() && nets.is_some_and(|n| n.positive.is_some());
            negative_withheld |= neg.is_none() && nets.is_some_and(|n| n.negative.is_some());
            if let Some(p) = pos
                && best.is_none_or(|(b, _)| p > b)
            {
                best = Some((p, &row.label));
            }
            if let Some(p) = neg
                && worst.is_none_or(|(w, _)| p > w)
            {
                worst = Some((p, &row.label));
            }
        }
    }
    let point_labels: Vec<String> = opinion.iter().map(|c| c.label.clone()).collect();
    let title = format!("{}: {}", s.number, s.heading);
    let desc = format!(
        "Stacked bar chart, one bar per row, of answers to \u{201c}{}\u{201d}. {}.",
        question.text,
        figures.join("; ")
    );
    s.chart = Some(charts::stacked_chart(
        &format!("chart-{}", question.id),
        &title,
        &desc,
        &point_labels,
        &stack_rows,
    ));
    let mut head = vec!["Row".to_string()];
    head.extend(opinion.iter().map(|c| format!("{} % (n)", c.label)));
    head.push("Base".into());
    head.extend(non_opinion.iter().map(|l| format!("{l} (not in base)")));
    if r.rows.first().is_some_and(|row| row.nets.is_some()) {
        head.push("Net positive".into());
        head.push("Net negative".into());
    }
    s.table = Some(Table {
        caption: format!("{}: figures behind the chart", s.number),
        head,
        rows: table_rows,
    });
    let bases: Vec<String> = r.rows.iter().map(|row| grouped(row.base)).collect();
    let outside = if non_opinion.is_empty() {
        String::new()
    } else {
        let labels: Vec<String> = non_opinion.iter().map(|l| quoted(l)).collect();
        format!(
            "; {} answers are shown beside the bars and left out of the base",
            list(&labels)
        )
    };
    s.base = Some(match bases.as_slice() {
        [] => "No rows.".to_string(),
        [one] => format!("Based on {one} responses{outside}."),
        [first, middle @ .., last] => {
            let mut between: Vec<String> = middle.to_vec();
            between.push(format!("{last} (bottom bar)"));
            format!(
                "Based on {first} (top bar), {} responses{outside}.",
                list(&between)
            )
        }
    });
    let smallest = r.rows.iter().map(|row| row.base).min().unwrap_or(0);
    s.caution = small_base_caution(smallest, options.small_base);
    let positive: Vec<&str> = opinion
        .iter()
        .filter(|c| c.net == Some(Net::Positive))
        .map(|c| c.label.as_str())
        .collect();
    let negative: Vec<&str> = opinion
        .iter()
        .filter(|c| c.net == Some(Net::Negative))
        .map(|c| c.label.as_str())
        .collect();
    let of_those_shown = |withheld: bool| if withheld { "of those shown, " } else { "" };
    if let Some((p, label)) = best {
        s.narrative.push(sentence(&format!(
            "{}the {} was rated best, with {} saying it was {}.",
            of_those_shown(positive_withheld),
            row_name(label),
            share_of(p, "respondents"),
            net_labels(&positive)
        )));
    }
    if let Some((p, label)) = worst {
        s.narrative.push(sentence(&format!(
            "{}the {} was rated worst, with {} saying it was {}.",
            of_those_shown(negative_withheld),
            row_name(label),
            share_of(p, "respondents"),
            net_labels(&negative)
        )));
    }
}

fn number_section(s: &mut Section, r: &QuestionResult) {
    let Some(n) = &r.number else { return };
    let unit = n
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let num = |v: Option<f64>| {
        v.map_or("-".to_string(), |v| {
            format!("{}", (v * 10.0).round() / 10.0)
        })
    };
    s.base = Some(format!("Base: {}.", count_noun(r.answered, "respondent")));
    if r.answered > 0 {
        s.narrative.push(format!(
            "On average respondents gave {}{unit} (lowest {}, highest {}).",
            num(n.mean),
            num(n.min),
            num(n.max)
        ));
    }
    s.table = Some(Table {
        caption: format!("{}: summary", s.number),
        head: vec![
            "Respondents".into(),
            "Mean".into(),
            "Lowest".into(),
            "Highest".into(),
        ],
        rows: vec![vec![
            grouped(r.answered),
            num(n.mean),
            num(n.min),
            num(n.max),
        ]],
    });
}

fn text_view(
    field: &FieldResult,
    heading: Option<String>,
    answers: &TextTally,
    options: &ReportOptions,
    warnings: &mut Vec<String>,
) -> TextView {
    let words: Vec<CloudWord> = field
        .terms
        .iter()
        .take(options.cloud_words)
        .map(|t| CloudWord {
            text: t.term.clone(),
            weight: t.respondents,
        })
        .collect();
    let cloud = (!words.is_empty()).then(|| {
        let layout = cloud::layout(&words, CloudOptions::default());
        if !layout.unplaced.is_empty() {
            warnings.push(format!(
                "{}: {} did not fit in the word cloud and {} named in its description",
                field.id,
                count_noun(layout.unplaced.len() as u64, "term"),
                if layout.unplaced.len() == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        }
        cloud::svg(
            &layout,
            &field.id,
            &format!("Word cloud: {}", field.prompt),
            field.answered,
            false,
        )
    });
    let terms = (!field.terms.is_empty()).then(|| Table {
        caption: "Words and phrases used most".into(),
        head: vec![
            "Word or phrase".into(),
            "Respondents".into(),
            "% of those answering".into(),
            "Mentions".into(),
        ],
        rows: field
            .terms
            .iter()
            .take(options.table_terms)
            .map(|t| {
                vec![
                    t.term.clone(),
                    grouped(t.respondents),
                    format!("{}%", whole(t.percent)),
                    grouped(t.mentions),
                ]
            })
            .collect(),
    });
    let themes = (!field.themes.is_empty()).then(|| Table {
        caption: "Themes (an answer can fall in several)".into(),
        head: vec![
            "Theme".into(),
            "Respondents".into(),
            "% of those answering".into(),
            "For example".into(),
        ],
        rows: field
            .themes
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    grouped(t.respondents),
                    format!("{}%", whole(t.percent)),
                    t.example.as_ref().map_or(String::new(), |e| {
                        format!("\u{201c}{}\u{201d}", one_line(&e.text))
                    }),
                ]
            })
            .collect(),
    });
    let uncoded = field.uncoded.as_ref().map(|u| {
        format!(
            "{} ({}%) fell in none of these themes.",
            sentence(&count_words(u.count, "answer")),
            whole(u.percent)
        )
    });
    TextView {
        heading,
        answered: format!("{} answered.", sentence(&count_words(field.answered, "respondent"))),
        cloud,
        cloud_note: (!words.is_empty()).then(|| "Word cloud of the most used words and phrases: the larger the word, the more respondents used it.".to_string()),
        terms,
        themes,
        uncoded,
        quotes: field
            .quotes
            .iter()
            .map(|q| QuoteView {
                text: one_line(&q.text),
                source: match q.shown_respondent() { "" => format!("row {}", q.row), id => format!("respondent {id}") },
            })
            .collect(),
        answers: (answers.answered > 0).then(|| listing("All answers", format!("{}:", sentence(&format!("answers from {}", count_words(answers.answered, "respondent")))), answers)),
    }
}

/// Problems listed in the report; `canvass check` lists them all.
const PROBLEMS_LISTED: usize = 20;

fn quality(inputs: &Inputs) -> Quality {
    let report = &inputs.analysis.report;
    let a = &report.accounting;
    let summary = sentence(&format!(
        "the response file had {}: {} included and {} excluded.",
        count_noun(a.read, "row"),
        grouped(a.included),
        grouped(a.excluded)
    ));
    let exclusions = a
        .exclusions
        .iter()
        .map(|(reason, n)| format!("{}: {}", sentence(reason.describe()), grouped(*n)))
        .collect();
    // Counted for every invalid answer, not from the details, which stop at `DETAIL_LIMIT`.
    let per_question = in_question_order(inputs.survey, &report.problems.invalid_by_question);
    let invalid = (!per_question.is_empty()).then(|| Table {
        caption: "Answers left out because they matched no option or broke the routing".into(),
        head: vec!["Question".into(), "Answers left out".into()],
        rows: per_question
            .iter()
            .map(|(q, n)| vec![question_label(q), grouped(*n)])
            .collect(),
    });
    let summary = if report.problems.invalid == 0 {
        format!("{summary} No answer had to be left out for matching no option.")
    } else {
        format!(
            "{summary} {} {} left out because {} matched no option or broke the routing.",
            sentence(&count_words(report.problems.invalid, "answer")),
            if report.problems.invalid == 1 {
                "was"
            } else {
                "were"
            },
            if report.problems.invalid == 1 {
                "it"
            } else {
                "they"
            }
        )
    };
    // Ticks of an option meant to stand alone ("None") beside others are the only answers that
    // are counted but warned of.
    let warnings = report.problems.warnings;
    let summary = if warnings == 0 {
        summary
    } else {
        let per_question: Vec<String> =
            in_question_order(inputs.survey, &report.problems.warnings_by_question)
                .into_iter()
                .map(|(q, n)| format!("{}: {}", question_label(q), grouped(n)))
                .collect();
        format!(
            "{summary} {} ticked an option meant to be ticked alone together with other options ({}); all the ticks are counted.",
            sentence(&count_words(warnings, "answer")),
            per_question.join(", ")
        )
    };
    let total = report.problems.total();
    let problems_title = if total > PROBLEMS_LISTED as u64 {
        format!(
            "Problems found in the data (the first {PROBLEMS_LISTED} of {})",
            grouped(total)
        )
    } else {
        "Problems found in the data".to_string()
    };
    Quality {
        summary,
        exclusions,
        invalid,
        problems_title,
        problems: report
            .problems
            .details
            .iter()
            .take(PROBLEMS_LISTED)
            .map(|p| redact(&p.to_string()).into_owned())
            .collect(),
        warnings: report.warnings.clone(),
    }
}

fn appendix(survey: &Survey) -> Appendix {
    let introduction = survey
        .meta
        .introduction
        .as_deref()
        .map_or_else(Vec::new, |t| t.split("\n\n").map(one_line).collect());
    let questions = survey
        .questions
        .iter()
        .map(|q| {
            let mut a = AppendixQuestion {
                number: question_label(&q.id),
                text: q.text.clone(),
                instruction: q.instruction.clone(),
                routing: q.ask_if.as_ref().map(|r| {
                    let on = &survey.questions[r.question];
                    let answers: Vec<String> = r
                        .answers
                        .iter()
                        .map(|&i| quoted(&on.kind.choices()[i].label))
                        .collect();
                    format!(
                        "Only if you answered {} to {}",
                        answers.join(" or "),
                        question_label(&on.id)
                    )
                }),
                options: Vec::new(),
                grid: None,
                fields: Vec::new(),
                write_in: false,
                other: q.other.as_ref().map(|o| o.text.clone()),
                comment: q.comment.as_ref().map(|c| c.text.clone()),
            };
            match &q.kind {
                Kind::Single { options } | Kind::Multi { options } => {
                    a.options = options.iter().map(|o| o.label.clone()).collect()
                }
                Kind::Grid { rows, points } => {
                    let mut head = vec![String::new()];
                    head.extend(points.iter().map(|p| p.label.clone()));
                    a.grid = Some(Table {
                        caption: format!("{}: one box per row", question_label(&q.id)),
                        head,
                        rows: rows
                            .iter()
                            .map(|r| {
                                std::iter::once(r.label.clone())
                                    .chain(points.iter().map(|_| "\u{2610}".to_string()))
                                    .collect()
                            })
                            .collect(),
                    });
                }
                Kind::Contact { fields, .. } => {
                    a.fields = fields.iter().map(|f| f.label.clone()).collect()
                }
                Kind::Text | Kind::Number { .. } => a.write_in = true,
            }
            a
        })
        .collect();
    Appendix {
        introduction,
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out() {
        assert_eq!(long_date("2014-08-07"), "7 August 2014");
        assert_eq!(long_date("2014-12-10"), "10 December 2014");
        assert_eq!(long_date("soon"), "soon");
    }
}
