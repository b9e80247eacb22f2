//! Waves: the same questions asked again, compared option by option, with a test of each change.
//! A later wave may use a later questionnaire whose `[compare]` section maps it to the first.

use super::results::interval;
use super::stats::{Test, two_proportions};
use crate::ingest::{Row, normalize_label as key};
use crate::survey::{Choice, Kind, Net, Question, Survey};
use crate::text::{FreeTextSet, Term};
use serde::Serialize;
use std::collections::BTreeMap;

/// What one comparison line counts in one wave: answers to `question` (grid `row`) in `options`.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    question: usize,
    row: Option<usize>,
    options: Vec<usize>,
}

/// One line of the comparison, with its target in each wave (None where it cannot be compared).
#[derive(Debug, Clone)]
struct Item {
    question: String,
    row: Option<(String, String)>,
    label: String,
    kind: &'static str,
    targets: Vec<Option<Target>>,
}

/// What can be compared across the waves, and what cannot.
#[derive(Debug, Clone)]
pub struct Plan {
    items: Vec<Item>,
    /// Questions and options that cannot be compared, with the reason.
    pub not_comparable: Vec<String>,
}

/// Counts per comparison line in one wave; `add` a row, `merge` another counter.
#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    wave: usize,
    counts: Vec<u64>,
    bases: Vec<u64>,
}

/// A wave's question index and its option mapping.
type Counterpart = (usize, BTreeMap<String, Vec<String>>);

/// The question of `wave` that corresponds to the first wave's question `base_id`.
fn counterpart(wave: &Survey, base_id: &str) -> Option<Counterpart> {
    if let Some(entry) = wave
        .compare
        .iter()
        .find(|c| !c.new && c.was.as_deref().unwrap_or(&c.id) == base_id)
    {
        return wave.question(&entry.id).map(|i| (i, entry.options.clone()));
    }
    // Without an entry, the same id, unless an entry says that id is now another question.
    let redirected = wave
        .compare
        .iter()
        .any(|c| c.id == base_id && (c.new || c.was.as_deref().is_some_and(|w| w != base_id)));
    if redirected {
        return None;
    }
    wave.question(base_id).map(|i| (i, BTreeMap::new()))
}

/// Which base options each wave option stands for: its mapping, or the option of the same label.
fn stands_for(
    wave_choice: &Choice,
    mapping: &BTreeMap<String, Vec<String>>,
    base: &[Choice],
) -> Vec<usize> {
    let old: Vec<String> = mapping
        .iter()
        .find(|(new, _)| key(new) == key(&wave_choice.label))
        .map_or_else(|| vec![wave_choice.label.clone()], |(_, old)| old.clone());
    base.iter()
        .enumerate()
        .filter(|(_, b)| old.iter().any(|o| key(o) == key(&b.label)))
        .map(|(i, _)| i)
        .collect()
}

impl Target {
    /// A target, unless no option of the wave's question stands for the line.
    fn of(question: usize, row: Option<usize>, options: Vec<usize>) -> Option<Target> {
        (!options.is_empty()).then_some(Target {
            question,
            row,
            options,
        })
    }
}

impl Plan {
    /// Lines up every closed question of the first wave's questionnaire with each wave's.
    pub fn new(waves: &[(&str, &Survey)]) -> Plan {
        let base = waves[0].1;
        let mut items = Vec::new();
        let mut not_comparable = Vec::new();
        for bq in &base.questions {
            if !matches!(
                bq.kind,
                Kind::Single { .. } | Kind::Multi { .. } | Kind::Grid { .. }
            ) {
                continue;
            }
            let found: Vec<Option<Counterpart>> = waves
                .iter()
                .map(|(label, survey)| {
                    let hit = counterpart(survey, &bq.id)
                        .filter(|(i, _)| survey.questions[*i].kind.name() == bq.kind.name());
                    if hit.is_none() {
                        not_comparable
                            .push(format!("{}: not asked in the same form in {label}", bq.id));
                    }
                    hit
                })
                .collect();
            if found.iter().any(Option::is_none) {
                continue;
            }
            let found: Vec<Counterpart> = found.into_iter().flatten().collect();
            match &bq.kind {
                Kind::Grid { rows, points } => {
                    for row in rows {
                        let mut wave_rows = Vec::new();
                        for ((label, survey), (qi, _)) in waves.iter().zip(&found) {
                            let Kind::Grid { rows: theirs, .. } = &survey.questions[*qi].kind
                            else {
                                unreachable!()
                            };
                            match theirs.iter().position(|t| t.id == row.id) {
                                Some(p) => wave_rows.push(Some(p)),
                                None => {
                                    not_comparable.push(format!(
                                        "{} row {}: not asked in {label}",
                                        bq.id, row.id
                                    ));
                                    wave_rows.push(None);
                                }
                            }
                        }
                        if wave_rows.iter().any(Option::is_none) {
                            continue;
                        }
                        let row_ref = Some((row.id.clone(), row.label.clone()));
                        option_items(
                            &mut items,
                            &mut not_comparable,
                            bq,
                            points,
                            waves,
                            &found,
                            row_ref.clone(),
                            &wave_rows,
                        );
                        net_items(&mut items, bq, waves, &found, row_ref, &wave_rows);
                    }
                }
                Kind::Single { options } | Kind::Multi { options } => {
                    let no_rows = vec![None; waves.len()];
                    option_items(
                        &mut items,
                        &mut not_comparable,
                        bq,
                        options,
                        waves,
                        &found,
                        None,
                        &no_rows,
                    );
                    if matches!(bq.kind, Kind::Single { .. }) {
                        net_items(&mut items, bq, waves, &found, None, &no_rows);
                    }
                }
                _ => {}
            }
        }
        for (label, survey) in &waves[1..] {
            for q in &survey.questions {
                let known = base.questions.iter().any(|bq| {
                    counterpart(survey, &bq.id).is_some_and(|(i, _)| survey.questions[i].id == q.id)
                });
                if !known
                    && matches!(
                        q.kind,
                        Kind::Single { .. } | Kind::Multi { .. } | Kind::Grid { .. }
                    )
                {
                    not_comparable.push(format!("{}: new in {label}", q.id));
                }
            }
        }
        not_comparable.dedup();
        Plan {
            items,
            not_comparable,
        }
    }

    pub fn counter(&self, wave: usize) -> Counter {
        Counter {
            wave,
            counts: vec![0; self.items.len()],
            bases: vec![0; self.items.len()],
        }
    }
}

/// Comparison lines for the options of one question (or grid row): options merged in any wave
/// are compared merged; an option that has no counterpart in a wave is listed as not comparable.
#[allow(clippy::too_many_arguments)]
fn option_items(
    items: &mut Vec<Item>,
    not_comparable: &mut Vec<String>,
    bq: &Question,
    base_choices: &[Choice],
    waves: &[(&str, &Survey)],
    found: &[Counterpart],
    row: Option<(String, String)>,
    rows: &[Option<usize>],
) {
    let opinion: Vec<usize> = (0..base_choices.len())
        .filter(|&i| !base_choices[i].non_opinion)
        .collect();
    // Group the base options: two are one line when a wave's option stands for both.
    let mut group: Vec<usize> = (0..base_choices.len()).collect();
    let mut stand: Vec<Vec<(usize, Vec<usize>)>> = Vec::new();
    for ((label, survey), (qi, mapping)) in waves.iter().zip(found) {
        let theirs = survey.questions[*qi].kind.choices();
        let mut per_wave = Vec::new();
        for (w, choice) in theirs.iter().enumerate().filter(|(_, c)| !c.non_opinion) {
            let olds = stands_for(choice, mapping, base_choices);
            if olds.is_empty() {
                not_comparable.push(format!(
                    "{} option {:?}: new in {label}",
                    bq.id, choice.label
                ));
                continue;
            }
            let root = group[olds[0]];
            for &o in &olds {
                let old_root = group[o];
                for g in group.iter_mut() {
                    if *g == old_root {
                        *g = root;
                    }
                }
            }
            per_wave.push((w, olds));
        }
        stand.push(per_wave);
    }
    let mut roots: Vec<usize> = opinion.iter().map(|&o| group[o]).collect();
    roots.dedup();
    let mut seen = Vec::new();
    for root in roots {
        if seen.contains(&root) {
            continue;
        }
        seen.push(root);
        let members: Vec<usize> = opinion
            .iter()
            .copied()
            .filter(|&o| group[o] == root)
            .collect();
        let targets: Vec<Option<Target>> = stand
            .iter()
            .zip(found)
            .zip(rows)
            .map(|((per_wave, (qi, _)), row)| {
                let options: Vec<usize> = per_wave
                    .iter()
                    .filter(|(_, olds)| olds.iter().any(|o| members.contains(o)))
                    .map(|(w, _)| *w)
                    .collect();
                Target::of(*qi, *row, options)
            })
            .collect();
        // Named as the latest wave asks it: a renamed or merged option goes by its new label.
        let label = match targets.last() {
            Some(Some(t)) => {
                let (_, survey) = waves[waves.len() - 1];
                let choices = survey.questions[t.question].kind.choices();
                t.options
                    .iter()
                    .map(|&o| choices[o].label.as_str())
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
            _ => members
                .iter()
                .map(|&m| base_choices[m].label.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
        };
        if let Some(missing) = targets.iter().position(Option::is_none) {
            not_comparable.push(format!(
                "{} option {label:?}: not offered in {}",
                bq.id, waves[missing].0
            ));
            continue;
        }
        items.push(Item {
            question: bq.id.clone(),
            row: row.clone(),
            label,
            kind: "option",
            targets,
        });
    }
}

/// Net lines (very or fairly good, and so on) where every wave's scale defines the net.
fn net_items(
    items: &mut Vec<Item>,
    bq: &Question,
    waves: &[(&str, &Survey)],
    found: &[Counterpart],
    row: Option<(String, String)>,
    rows: &[Option<usize>],
) {
    for (net, name) in [
        (Net::Positive, "net positive"),
        (Net::Negative, "net negative"),
    ] {
        let targets: Vec<Option<Target>> = waves
            .iter()
            .zip(found)
            .zip(rows)
            .map(|(((_, survey), (qi, _)), row)| {
                let options: Vec<usize> = survey.questions[*qi]
                    .kind
                    .choices()
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.net == Some(net))
                    .map(|(i, _)| i)
                    .collect();
                Target::of(*qi, *row, options)
            })
            .collect();
        if targets.iter().all(Option::is_some) {
            let labels: Vec<String> = bq
                .kind
                .choices()
                .iter()
                .filter(|c| c.net == Some(net))
                .map(|c| c.label.to_lowercase())
                .collect();
            items.push(Item {
                question: bq.id.clone(),
                row: row.clone(),
                label: format!("{name} ({})", labels.join(" or ")),
                kind: "net",
                targets,
            });
        }
    }
}

impl Counter {
    pub fn add(&mut self, plan: &Plan, survey: &Survey, row: &Row) {
        for (i, item) in plan.items.iter().enumerate() {
            let Some(target) = &item.targets[self.wave] else {
                continue;
            };
            let answer = &row.answers[target.question];
            if !answer.asked {
                continue;
            }
            let choices = survey.questions[target.question].kind.choices();
            let opinion = |c: usize| !choices[c].non_opinion;
            let (answered, hit) = match target.row {
                Some(r) => {
                    let given = answer.grid.get(r).copied().flatten();
                    (
                        given.is_some_and(opinion),
                        given.is_some_and(|g| target.options.contains(&g)),
                    )
                }
                None if !answer.ticks.is_empty() => (
                    true,
                    answer.ticks.iter().any(|t| target.options.contains(t)),
                ),
                None => (
                    answer.choice.is_some_and(opinion),
                    answer.choice.is_some_and(|c| target.options.contains(&c)),
                ),
            };
            if answered {
                self.bases[i] += 1;
                self.counts[i] += u64::from(hit);
            }
        }
    }

    pub fn merge(&mut self, other: &Counter) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        for (a, b) in self.bases.iter_mut().zip(&other.bases) {
            *a += b;
        }
    }
}

/// One wave's figure for a comparison line.
#[derive(Debug, Clone, Serialize)]
pub struct WaveFigure {
    pub wave: String,
    pub count: u64,
    pub base: u64,
    pub percent: Option<f64>,
    pub ci: Option<[f64; 2]>,
}

/// A comparison line: its figure per wave, and the change from the first wave to the last.
#[derive(Debug, Clone, Serialize)]
pub struct CompareOption {
    pub label: String,
    /// "option", "net", "term" or "theme".
    pub kind: &'static str,
    pub waves: Vec<WaveFigure>,
    /// Percentage points, last wave minus first.
    pub change: Option<f64>,
    pub p_value: Option<f64>,
    pub significant: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<Test>,
    /// Per wave, the choices of the wave's question that the line counts (none for terms and
    /// themes): which options a net takes in. Not in the JSON.
    #[serde(skip)]
    pub choices: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub id: String,
    pub label: String,
    pub options: Vec<CompareOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareQuestion {
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<CompareOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<CompareRow>,
}

/// The comparison of waves; its JSON is a contract.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub waves: Vec<String>,
    pub questions: Vec<CompareQuestion>,
    /// Free-text fields: shares of respondents using the last wave's top terms, and theme shares.
    pub text: Vec<CompareQuestion>,
    pub not_comparable: Vec<String>,
}

/// A comparison line from (count, base) per wave.
pub fn compare_line(
    label: String,
    kind: &'static str,
    waves: &[String],
    figures: &[(u64, u64)],
) -> CompareOption {
    let wave_figures: Vec<WaveFigure> = waves
        .iter()
        .zip(figures)
        .map(|(wave, &(count, base))| WaveFigure {
            wave: wave.clone(),
            count,
            base,
            percent: super::results::percent(count, base),
            ci: interval(count, base),
        })
        .collect();
    let (first, last) = (figures[0], figures[figures.len() - 1]);
    let test = two_proportions(first.0, first.1, last.0, last.1);
    let change = match (
        wave_figures[0].percent,
        wave_figures[wave_figures.len() - 1].percent,
    ) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    CompareOption {
        label,
        kind,
        waves: wave_figures,
        change,
        p_value: test.as_ref().and_then(|t| t.p_value),
        significant: test.as_ref().and_then(|t| t.significant),
        test,
        choices: Vec::new(),
    }
}

impl Comparison {
    pub fn new(
        plan: &Plan,
        labels: &[String],
        base: &Survey,
        counters: &[Counter],
        text_plan: &TextPlan,
        texts: &[WaveText],
    ) -> Comparison {
        let mut questions: Vec<CompareQuestion> = Vec::new();
        for (i, item) in plan.items.iter().enumerate() {
            let figures: Vec<(u64, u64)> =
                counters.iter().map(|c| (c.counts[i], c.bases[i])).collect();
            let mut line = compare_line(item.label.clone(), item.kind, labels, &figures);
            line.choices = item
                .targets
                .iter()
                .map(|t| t.as_ref().map_or(Vec::new(), |t| t.options.clone()))
                .collect();
            if questions.last().is_none_or(|q| q.id != item.question) {
                let text = base
                    .question(&item.question)
                    .map_or(String::new(), |q| base.questions[q].text.clone());
                questions.push(CompareQuestion {
                    id: item.question.clone(),
                    text,
                    options: Vec::new(),
                    rows: Vec::new(),
                });
            }
            let question = questions.last_mut().expect("just pushed");
            match &item.row {
                None => question.options.push(line),
                Some((id, label)) => {
                    if question.rows.last().is_none_or(|r| r.id != *id) {
                        question.rows.push(CompareRow {
                            id: id.clone(),
                            label: label.clone(),
                            options: Vec::new(),
                        });
                    }
                    question
                        .rows
                        .last_mut()
                        .expect("just pushed")
                        .options
                        .push(line);
                }
            }
        }
        let mut not_comparable = plan.not_comparable.clone();
        for field in &texts[0].fields {
            for (label, wave) in labels.iter().zip(texts) {
                if !wave.fields.contains(field) {
                    not_comparable.push(format!("{field}: free text not asked in {label}"));
                }
            }
        }
        Comparison {
            waves: labels.to_vec(),
            questions,
            text: compare_text(labels, text_plan, texts),
            not_comparable,
        }
    }
}

/// The free text compared: per field of the last wave, its ten most used terms and its themes.
/// Made from the last wave first, so that each wave then keeps only its figures for these.
pub struct TextPlan {
    fields: Vec<TextLines>,
}

struct TextLines {
    id: String,
    prompt: String,
    terms: Vec<Term>,
    themes: Vec<String>,
}

/// One wave's free text as `compare` needs it.
pub struct WaveText {
    /// The ids of the fields the wave asked.
    fields: Vec<String>,
    /// Per field of the plan: None where the wave did not ask it.
    figures: Vec<Option<FieldFigures>>,
}

/// Respondents who answered a field, and who used each term and fit each theme of the plan.
struct FieldFigures {
    answered: u64,
    terms: Vec<u64>,
    themes: Vec<u64>,
}

impl TextPlan {
    /// From the last wave's free text, counted with its questionnaire.
    pub fn new(last: &FreeTextSet, survey: &Survey) -> TextPlan {
        let fields = last
            .fields
            .iter()
            .map(|(field, text)| {
                let result = text.result(field, survey, 10, 0);
                TextLines {
                    id: field.id.clone(),
                    prompt: field.prompt.clone(),
                    terms: result.terms,
                    themes: result.themes.into_iter().map(|t| t.name).collect(),
                }
            })
            .collect();
        TextPlan { fields }
    }

    /// A wave's figures for the plan's terms and themes.
    pub fn figures(&self, set: &FreeTextSet) -> WaveText {
        let figures = self
            .fields
            .iter()
            .map(|lines| {
                let (_, text) = set.fields.iter().find(|(f, _)| f.id == lines.id)?;
                Some(FieldFigures {
                    answered: text.answered,
                    terms: lines.terms.iter().map(|t| text.respondents_of(t)).collect(),
                    themes: (lines.themes.iter())
                        .map(|name| text.theme_respondents(name).unwrap_or(0))
                        .collect(),
                })
            })
            .collect();
        WaveText {
            fields: set.fields.iter().map(|(f, _)| f.id.clone()).collect(),
            figures,
        }
    }
}

/// Free-text fields present in every wave: the last wave's ten most used terms and every theme.
fn compare_text(labels: &[String], plan: &TextPlan, texts: &[WaveText]) -> Vec<CompareQuestion> {
    let mut out = Vec::new();
    for (k, lines) in plan.fields.iter().enumerate() {
        let per_wave: Option<Vec<&FieldFigures>> =
            texts.iter().map(|t| t.figures[k].as_ref()).collect();
        let Some(per_wave) = per_wave else { continue };
        let line = |label: &str, kind, count: &dyn Fn(&FieldFigures) -> u64| {
            let figures: Vec<(u64, u64)> =
                per_wave.iter().map(|f| (count(f), f.answered)).collect();
            compare_line(label.to_string(), kind, labels, &figures)
        };
        let mut options: Vec<CompareOption> = (lines.terms.iter().enumerate())
            .map(|(j, term)| line(&term.term, "term", &|f| f.terms[j]))
            .collect();
        for (j, theme) in lines.themes.iter().enumerate() {
            options.push(line(theme, "theme", &|f| f.themes[j]));
        }
        out.push(CompareQuestion {
            id: lines.id.clone(),
            text: lines.prompt.clone(),
            options,
            rows: Vec::new(),
        });
    }
    out
}
