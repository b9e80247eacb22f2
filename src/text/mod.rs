//! Free-text analysis: frequent terms and phrases, themes from a codebook, quotes, redaction.

mod names;
mod quotes;
mod redact;
mod stopwords;
mod terms;
mod themes;
mod tokenize;

pub use names::OwnName;
pub use quotes::{Quote, Sample, length_weight};
pub use redact::redact;
pub use stopwords::StopWords;
pub use terms::{PRUNE_EVERY, Term, TermCounter, Unremembered, Vocabulary};
pub use themes::Theme;
pub use tokenize::{Casing, Span, Token, scan, tokenize};

use crate::ingest::Row;
use crate::survey::{FieldRole, Survey, TextField};
use redact::without_markers;
use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// How many uncoded answers are listed per field; beyond that they are counted.
pub const UNCODED_LIMIT: usize = 1_000;
/// How many answers each theme keeps to choose its example from.
const THEME_SAMPLE: usize = 20;

/// Choices for free-text analysis.
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    /// Count the words of the question itself too (left out by default).
    pub keep_question_words: bool,
    /// Per question id: respondent ids to quote instead of canvass's choice, and ids never to quote.
    pub quote_choices: std::collections::BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Count only these fields (see `names`); every field when empty.
    pub only: Vec<String>,
}

/// Whether `id` names `field`: its own id, or its question's, which names the question's text,
/// "Other" and comment fields.
pub fn names(survey: &Survey, field: &TextField, id: &str) -> bool {
    id == field.id || id == survey.questions[field.question].id
}

/// What makes a word a content word in one field.
#[derive(Debug)]
struct FieldConfig {
    stop: Arc<StopWords>,
    question_stems: HashSet<String>,
    themes: Vec<Theme>,
    /// The themes' pattern words, numbered in order across the themes.
    pattern_words: Vec<themes::PatternWord>,
    /// Respondents the officer chose to quote, in order.
    wanted: Vec<String>,
    /// Respondents never to quote.
    hidden: HashSet<String>,
}

impl Vocabulary for FieldConfig {
    fn is_content(&self, word: &str, stem: &str) -> bool {
        !self.stop.contains(word) && !self.question_stems.contains(stem)
    }

    fn pattern_words(&self) -> usize {
        self.pattern_words.len()
    }

    fn fits(&self, slot: usize, word: &str, stem: &str) -> bool {
        self.pattern_words[slot].fits(word, stem)
    }
}

#[derive(Debug, Clone)]
struct ThemeCount {
    respondents: u64,
    examples: Sample,
}

/// The accumulator of one free-text field.
#[derive(Debug, Clone)]
pub struct FreeText {
    config: Arc<FieldConfig>,
    pub answered: u64,
    terms: TermCounter,
    coding: Coding,
    /// The themes of the answer being added, reused.
    matched: Vec<u32>,
}

/// What a field keeps of its answers beyond their words: theme counts and examples, uncoded
/// answers, and the sample quotes are chosen from.
#[derive(Debug, Clone)]
struct Coding {
    themes: Vec<ThemeCount>,
    uncoded: u64,
    /// The first uncoded answers in row order.
    uncoded_answers: Vec<Quote>,
    sample: Sample,
    /// Answers of the respondents in `config.wanted`.
    chosen: Vec<Quote>,
}

impl Coding {
    fn merge(&mut self, other: &Coding) {
        for (mine, theirs) in self.themes.iter_mut().zip(&other.themes) {
            mine.respondents += theirs.respondents;
            mine.examples.merge(&theirs.examples);
        }
        self.uncoded += other.uncoded;
        self.uncoded_answers
            .extend(other.uncoded_answers.iter().cloned());
        self.uncoded_answers.sort_by_key(|q| q.row);
        self.uncoded_answers.truncate(UNCODED_LIMIT);
        self.sample.merge(&other.sample);
        for quote in &other.chosen {
            if !self.chosen.iter().any(|q| q.respondent == quote.respondent) {
                self.chosen.push(quote.clone());
            }
        }
    }

    /// Records one answer (redacted), coded to the themes numbered in `matched`.
    fn add(
        &mut self,
        config: &FieldConfig,
        row: u64,
        respondent: &str,
        text: &str,
        matched: &[u32],
    ) {
        let quote = || Quote {
            respondent: respondent.to_string(),
            row,
            text: text.to_string(),
        };
        let key = quotes::key(row, text);
        for &theme in matched {
            let count = &mut self.themes[theme as usize];
            count.respondents += 1;
            count.examples.offer(key, quote);
        }
        if matched.is_empty() && !config.themes.is_empty() {
            self.uncoded += 1;
            if self.uncoded_answers.len() < UNCODED_LIMIT {
                self.uncoded_answers.push(quote());
            }
        }
        if config.wanted.iter().any(|id| id == respondent)
            && !self.chosen.iter().any(|q| q.respondent == respondent)
        {
            self.chosen.push(quote());
        }
        if config.hidden.is_empty() || !config.hidden.contains(respondent) {
            self.sample.offer(key, quote);
        }
    }
}

impl FreeText {
    fn new(config: Arc<FieldConfig>) -> Self {
        let themes = config
            .themes
            .iter()
            .map(|_| ThemeCount {
                respondents: 0,
                examples: Sample::new(THEME_SAMPLE),
            })
            .collect();
        FreeText {
            config,
            answered: 0,
            terms: TermCounter::default(),
            coding: Coding {
                themes,
                uncoded: 0,
                uncoded_answers: Vec::new(),
                sample: Sample::default(),
                chosen: Vec::new(),
            },
            matched: Vec::new(),
        }
    }

    /// Counts one answer; personal data is redacted before anything is kept.
    pub fn add(&mut self, row: u64, respondent: &str, text: &str) {
        let written = text.trim();
        if written.is_empty() {
            return;
        }
        self.answered += 1;
        let config = self.config.as_ref();
        // An answer given before word for word was redacted, counted and coded then.
        let unremembered = match self.terms.add_repeat(written) {
            Ok((text, matched)) => return self.coding.add(config, row, respondent, text, matched),
            Err(unremembered) => unremembered,
        };
        let text = redact(written);
        // Markers are blanked whether put in here or before: the respondent's name is taken out
        // as the row's answers are gathered into batches (`TextBatch::push`).
        let counted = match &text {
            Cow::Owned(redacted) => without_markers(redacted),
            Cow::Borrowed(unchanged) => without_markers(unchanged),
        };
        self.terms.add(&counted, config);
        self.matched.clear();
        let (terms, len) = (&self.terms, self.terms.answer_len());
        // Most answers fit no pattern word at all, and need no theme tried.
        if terms.fits_any() {
            for (number, theme) in config.themes.iter().enumerate() {
                let (fitted, fits) = (|slot| terms.fitted(slot), |i, slot| terms.fits(i, slot));
                if theme.matches(len, fitted, fits, |i| terms.joined(i)) {
                    self.matched.push(number as u32);
                }
            }
        }
        self.coding
            .add(config, row, respondent, &text, &self.matched);
        self.terms
            .remember(unremembered, written, &text, &self.matched);
    }

    /// Counts the words of repeated answers still owed (see `TermCounter::add_repeat`): reading
    /// the counts would otherwise count them on a copy each time. The answers remembered for
    /// that are let go (`TermCounter::finish`).
    pub fn finish(&mut self) {
        self.terms.finish();
    }

    /// Counts this field's answers in a batch: those in `column`, the field's place among the
    /// fields the batch was gathered for.
    pub fn add_batch(&mut self, batch: &TextBatch, column: usize) {
        let Some(answers) = batch.answers.get(column) else {
            return;
        };
        let rows = batch.numbers.iter().zip(batch.respondents.iter());
        for ((number, respondent), value) in rows.zip(answers.iter()) {
            if let Some(value) = value {
                self.add(*number, respondent.unwrap_or_default(), value);
            }
        }
    }

    pub fn merge(&mut self, other: &FreeText) {
        self.answered += other.answered;
        self.terms.merge(&other.terms);
        self.coding.merge(&other.coding);
    }

    /// Respondents who used `term` (from this or another wave's term list).
    pub fn respondents_of(&self, term: &Term) -> u64 {
        self.terms.respondents_of(&term.stem, term.kind == "phrase")
    }

    /// Respondents in the theme of that name, if this field has it.
    pub fn theme_respondents(&self, name: &str) -> Option<u64> {
        self.config
            .themes
            .iter()
            .position(|t| t.name == name)
            .map(|i| self.coding.themes[i].respondents)
    }

    /// The field's terms (at most `top`), themes, uncoded answers and `quotes` quotes.
    pub fn result(
        &self,
        field: &TextField,
        survey: &Survey,
        top: usize,
        quotes: usize,
    ) -> FieldResult {
        let percent = |n: u64| {
            if self.answered == 0 {
                0.0
            } else {
                n as f64 * 100.0 / self.answered as f64
            }
        };
        let terms = self.terms.terms(self.answered, top);
        let mut shown: Vec<&str> = Vec::new();
        let themes = self
            .config
            .themes
            .iter()
            .zip(&self.coding.themes)
            .map(|(theme, count)| {
                let example = best_example(&count.examples, &shown);
                if let Some(example) = example {
                    shown.push(&example.text);
                }
                ThemeResult {
                    name: theme.name.clone(),
                    patterns: theme.patterns.clone(),
                    respondents: count.respondents,
                    percent: percent(count.respondents),
                    example: example.cloned(),
                }
            })
            .collect();
        let uncoded = (!self.config.themes.is_empty()).then(|| Uncoded {
            count: self.coding.uncoded,
            percent: percent(self.coding.uncoded),
            capped: self.coding.uncoded > self.coding.uncoded_answers.len() as u64,
            answers: self.coding.uncoded_answers.clone(),
        });
        FieldResult {
            id: field.id.clone(),
            question: survey.questions[field.question].id.clone(),
            kind: match field.role {
                FieldRole::Other => "other",
                FieldRole::Comment => "comment",
                _ => "text",
            },
            prompt: field.prompt.clone(),
            answered: self.answered,
            quotes: if self.config.wanted.is_empty() {
                choose_quotes(&self.coding.sample, &terms, self.config.as_ref(), quotes)
            } else {
                self.config
                    .wanted
                    .iter()
                    .filter_map(|id| {
                        self.coding
                            .chosen
                            .iter()
                            .find(|q| q.respondent == *id)
                            .cloned()
                    })
                    .collect()
            },
            missing_quotes: self
                .config
                .wanted
                .iter()
                .filter(|id| !self.coding.chosen.iter().any(|q| q.respondent == **id))
                .cloned()
                .collect(),
            terms,
            themes,
            uncoded,
        }
    }
}

/// The sampled answer of a theme that reads best as an example (a sentence or two), among those
/// not already `shown` as another theme's example if there are any: one answer often fits
/// several themes, and a table giving it for each shows less than it could.
fn best_example<'s>(sample: &'s Sample, shown: &[&str]) -> Option<&'s Quote> {
    let weight = |q: &Quote| length_weight(q.text.split_whitespace().count());
    let better = |a: &&Quote, b: &&Quote| {
        weight(a)
            .total_cmp(&weight(b))
            .then_with(|| b.row.cmp(&a.row))
    };
    let answers = sample.answers();
    let fresh = answers.iter().filter(|q| !shown.contains(&q.text.as_str()));
    fresh
        .max_by(|a, b| better(a, b))
        .or_else(|| answers.iter().max_by(|a, b| better(a, b)))
        .copied()
}

/// Picks answers that between them cover the most used terms, preferring a readable length;
/// each pick halves the weight of the terms it covers, so the quotes differ.
fn choose_quotes(
    sample: &Sample,
    terms: &[Term],
    config: &FieldConfig,
    count: usize,
) -> Vec<Quote> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let candidates: Vec<(&Quote, Vec<usize>, f64)> = sample
        .answers()
        .into_iter()
        .map(|quote| {
            let mut tokens = Vec::new();
            tokenize(&quote.text, &mut tokens);
            let stems: Vec<String> = tokens
                .iter()
                .map(|t| stemmer.stem(&t.word).into_owned())
                .collect();
            let content: HashSet<&str> = tokens
                .iter()
                .zip(&stems)
                .filter(|(t, s)| config.is_content(&t.word, s))
                .map(|(_, s)| s.as_str())
                .collect();
            let sequence = format!(" {} ", stems.join(" "));
            let covered = terms
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    if t.kind == "phrase" {
                        sequence.contains(&format!(" {} ", t.stem))
                    } else {
                        content.contains(t.stem.as_str())
                    }
                })
                .map(|(i, _)| i)
                .collect();
            (quote, covered, length_weight(tokens.len()))
        })
        .collect();
    let mut weights: Vec<f64> = terms.iter().map(|t| t.respondents as f64).collect();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count.min(candidates.len()) {
        let best = candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| !chosen.contains(i))
            .map(|(i, (_, covered, length))| {
                (i, covered.iter().map(|&t| weights[t]).sum::<f64>() * length)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        let Some((i, score)) = best else { break };
        if score <= 0.0 && !chosen.is_empty() {
            break;
        }
        for &t in &candidates[i].1 {
            weights[t] /= 2.0;
        }
        chosen.push(i);
    }
    chosen
        .into_iter()
        .map(|i| candidates[i].0.clone())
        .collect()
}

/// The free-text accumulators of a survey, one per field.
#[derive(Debug, Clone)]
pub struct FreeTextSet {
    pub fields: Vec<(TextField, FreeText)>,
}

impl FreeTextSet {
    pub fn new(survey: &Survey, options: &TextOptions) -> Self {
        let stop = Arc::new(StopWords::english().with(&survey.meta.stop_words));
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let fields = survey
            .text_fields()
            .into_iter()
            .filter(|field| {
                let only = &options.only;
                only.is_empty() || only.iter().any(|id| names(survey, field, id))
            })
            .map(|field| {
                let mut question_stems = HashSet::default();
                if !options.keep_question_words {
                    let mut tokens = Vec::new();
                    tokenize(&field.prompt, &mut tokens);
                    question_stems
                        .extend(tokens.iter().map(|t| stemmer.stem(&t.word).into_owned()));
                }
                let mut slots = 0;
                let themes: Vec<Theme> = survey
                    .themes
                    .iter()
                    .filter(|t| t.question == field.id)
                    .map(|def| {
                        let theme = Theme::new(def, slots);
                        slots += theme.pattern_words().count();
                        theme
                    })
                    .collect();
                let pattern_words = themes
                    .iter()
                    .flat_map(|t| t.pattern_words().cloned())
                    .collect();
                let question_id = &survey.questions[field.question].id;
                let (wanted, hidden) = options
                    .quote_choices
                    .get(question_id)
                    .cloned()
                    .unwrap_or_default();
                let config = Arc::new(FieldConfig {
                    stop: stop.clone(),
                    question_stems,
                    themes,
                    pattern_words,
                    wanted,
                    hidden: hidden.into_iter().collect(),
                });
                (field, FreeText::new(config))
            })
            .collect();
        FreeTextSet { fields }
    }

    pub fn merge(&mut self, other: &FreeTextSet) {
        for ((_, mine), (_, theirs)) in self.fields.iter_mut().zip(&other.fields) {
            mine.merge(theirs);
        }
    }

    /// The fields this set counts.
    pub fn text_fields(&self) -> Vec<TextField> {
        self.fields.iter().map(|(field, _)| field.clone()).collect()
    }

    /// Results for every field, or for the fields named in `ids` (a question id names its
    /// text, "Other" and comment fields).
    pub fn results(
        &self,
        survey: &Survey,
        ids: &[String],
        top: usize,
        quotes: usize,
    ) -> Vec<FieldResult> {
        self.fields
            .iter()
            .filter(|(field, _)| ids.is_empty() || ids.iter().any(|id| names(survey, field, id)))
            .map(|(field, text)| text.result(field, survey, top, quotes))
            .collect()
    }
}

/// An answer on one line: line breaks and runs of spaces become single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field's answer in a row; None where the routing skipped the question.
fn answer_of<'r>(field: &TextField, row: &'r Row) -> Option<&'r str> {
    let answer = &row.answers[field.question];
    answer.asked.then_some(match field.role {
        FieldRole::Other => answer.other.as_str(),
        FieldRole::Comment => answer.comment.as_str(),
        _ => answer.text.as_str(),
    })
}

/// Many rows' answers to some free-text fields, stored a field at a time, reused from batch to
/// batch so gathering allocates nothing once it has warmed up.
#[derive(Debug, Default)]
pub struct TextBatch {
    numbers: Vec<u64>,
    respondents: Strings,
    /// Per field: each row's answer, None where the question was not asked.
    answers: Vec<Strings>,
}

/// Strings one after another in one buffer, whose size follows what a batch holds in all rather
/// than the longest string ever seen in each place (which grows with the rows read).
#[derive(Debug, Default)]
struct Strings {
    text: String,
    /// Where each ends, or None for a missing one.
    ends: Vec<Option<usize>>,
}

impl Strings {
    fn push(&mut self, value: Option<&str>) {
        self.text.push_str(value.unwrap_or_default());
        self.ends.push(value.map(|_| self.text.len()));
    }

    fn iter(&self) -> impl Iterator<Item = Option<&str>> {
        let mut start = 0;
        self.ends.iter().map(move |end| {
            end.map(|end| {
                let value = &self.text[start..end];
                start = end;
                value
            })
        })
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }
}

impl TextBatch {
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// Empties the batch, keeping its buffers for reuse.
    pub fn clear(&mut self) {
        self.numbers.clear();
        self.respondents.clear();
        self.answers.iter_mut().for_each(Strings::clear);
    }

    /// Adds a row's answers to `fields`, without the respondent's name.
    pub fn push(&mut self, fields: &[TextField], row: &Row) {
        self.numbers.push(row.number);
        self.respondents.push(Some(&row.respondent));
        self.answers.resize_with(fields.len(), Strings::default);
        for (field, answers) in fields.iter().zip(&mut self.answers) {
            let answer = answer_of(field, row).map(|answer| row.own_name.remove_from(answer));
            answers.push(answer.as_deref());
        }
    }
}

/// One free-text field's findings; the JSON of `canvass terms` is a list of these.
#[derive(Debug, Clone, Serialize)]
pub struct FieldResult {
    pub id: String,
    /// The question the field belongs to.
    pub question: String,
    /// "text", "other" or "comment".
    pub kind: &'static str,
    pub prompt: String,
    pub answered: u64,
    pub terms: Vec<Term>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<ThemeResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncoded: Option<Uncoded>,
    pub quotes: Vec<Quote>,
    /// Respondents chosen for quoting who gave no answer here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_quotes: Vec<String>,
}

/// A theme's share of the respondents who answered.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeResult {
    pub name: String,
    pub patterns: Vec<String>,
    pub respondents: u64,
    pub percent: f64,
    pub example: Option<Quote>,
}

/// Answers no theme matched, for extending the codebook.
#[derive(Debug, Clone, Serialize)]
pub struct Uncoded {
    pub count: u64,
    pub percent: f64,
    /// More were counted than listed.
    pub capped: bool,
    pub answers: Vec<Quote>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_gives_each_field_its_own_answers_and_is_reused() {
        let survey = crate::survey::parse(
            "[survey]\nid = \"t\"\ntitle = \"T\"\n\n[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"Why?\"\n\n[[questions]]\nid = \"q2\"\nkind = \"text\"\ntext = \"How?\"\n",
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        let mut set = FreeTextSet::new(&survey, &TextOptions::default());
        let fields = set.text_fields();
        let answer = |text: Option<&str>| crate::ingest::Answer {
            asked: text.is_some(),
            text: text.unwrap_or_default().to_string(),
            ..crate::ingest::Answer::default()
        };
        let mut batch = TextBatch::default();
        let rows = [
            (2, Some("refuge full"), None),
            (3, None, Some("police slow")),
            (4, Some("  "), Some("Police")),
        ];
        for (number, q1, q2) in rows {
            let row = Row {
                number,
                respondent: format!("r{number}"),
                answers: vec![answer(q1), answer(q2)],
                ..Row::default()
            };
            batch.push(&fields, &row);
        }
        assert_eq!(batch.len(), 3);
        let count = |set: &mut FreeTextSet, batch: &TextBatch| {
            for (column, (_, text)) in set.fields.iter_mut().enumerate() {
                text.add_batch(batch, column);
            }
        };
        count(&mut set, &batch);
        batch.clear();
        let row = Row {
            number: 5,
            respondent: "r5".into(),
            answers: vec![answer(Some("refuge")), answer(None)],
            ..Row::default()
        };
        batch.push(&fields, &row);
        count(&mut set, &batch);
        let results = set.results(&survey, &[], 5, 3);
        let terms = |r: &FieldResult| -> Vec<(String, u64)> {
            r.terms
                .iter()
                .map(|t| (t.term.clone(), t.respondents))
                .collect()
        };
        let rows = |r: &FieldResult| -> Vec<u64> { r.quotes.iter().map(|q| q.row).collect() };
        let (q1, q2) = (&results[0], &results[1]);
        assert_eq!((q1.answered, q2.answered), (2, 2));
        assert_eq!(
            terms(q1),
            [("refuge".to_string(), 2), ("full".to_string(), 1)]
        );
        assert_eq!(
            terms(q2),
            [("police".to_string(), 2), ("slow".to_string(), 1)]
        );
        assert_eq!((rows(q1), rows(q2)), (vec![2, 5], vec![3, 4]));
    }

    /// A survey from its TOML, and a free-text set for it.
    fn survey_and_set(toml: &str) -> (Survey, FreeTextSet) {
        let survey = crate::survey::parse(toml, std::path::Path::new("t.toml")).unwrap();
        let set = FreeTextSet::new(&survey, &TextOptions::default());
        (survey, set)
    }

    #[test]
    fn only_the_fields_named_are_counted() {
        let survey = crate::survey::parse(
            "[survey]\nid = \"t\"\ntitle = \"T\"\n\n[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"Which?\"\noptions = [\"A\", \"Other\"]\nother = {}\ncomment = { id = \"q1_why\", text = \"Why?\" }\n\n[[questions]]\nid = \"q2\"\nkind = \"text\"\ntext = \"How?\"\n",
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        let counted = |only: &[&str]| -> Vec<String> {
            let options = TextOptions {
                only: only.iter().map(|id| id.to_string()).collect(),
                ..TextOptions::default()
            };
            let set = FreeTextSet::new(&survey, &options);
            set.fields.into_iter().map(|(field, _)| field.id).collect()
        };
        assert_eq!(counted(&[]), ["q1_other", "q1_why", "q2"]);
        assert_eq!(counted(&["q1"]), ["q1_other", "q1_why"]);
        assert_eq!(counted(&["q2", "q1_why"]), ["q1_why", "q2"]);
    }

    #[test]
    fn repeated_answers_are_coded_counted_and_redacted_like_the_first() {
        let (survey, mut set) = survey_and_set(
            "[survey]\nid = \"t\"\ntitle = \"T\"\n\n[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"Why?\"\n\n[[themes]]\nquestion = \"q1\"\nname = \"Refuge\"\npatterns = [\"refuge\"]\n",
        );
        let (field, text) = &mut set.fields[0];
        let campaign = "Keep the refuge open, ring 01582 547099";
        for row in 2..12 {
            text.add(
                row,
                &format!("r{row}"),
                if row % 3 == 0 { "Too slow" } else { campaign },
            );
        }
        text.finish();
        let result = text.result(field, &survey, 5, 10);
        let terms: Vec<(&str, u64)> = result
            .terms
            .iter()
            .map(|t| (t.term.as_str(), t.respondents))
            .collect();
        let repeated = [
            ("keep the refuge", 7),
            ("refuge open", 7),
            ("ring", 7),
            ("slow", 3),
        ];
        assert_eq!(terms, repeated);
        assert_eq!(result.themes[0].respondents, 7);
        assert_eq!(result.uncoded.as_ref().map(|u| u.count), Some(3));
        let quoted: Vec<&str> = result.quotes.iter().map(|q| q.text.as_str()).collect();
        assert!(quoted.contains(&"Keep the refuge open, ring [phone number removed]"));
        assert!(!quoted.iter().any(|q| q.contains("547099")), "{quoted:?}");
    }

    #[test]
    fn themes_sharing_an_answer_give_different_examples_where_they_can() {
        let (survey, mut set) = survey_and_set(
            "[survey]\nid = \"t\"\ntitle = \"T\"\n\n[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"Why?\"\n\n\
             [[themes]]\nquestion = \"q1\"\nname = \"Refuge\"\npatterns = [\"refuge\"]\n\n\
             [[themes]]\nquestion = \"q1\"\nname = \"Funding\"\npatterns = [\"funding\"]\n\n\
             [[themes]]\nquestion = \"q1\"\nname = \"Police\"\npatterns = [\"police\"]\n\n\
             [[themes]]\nquestion = \"q1\"\nname = \"Visits\"\npatterns = [\"visit\"]\n",
        );
        let (field, text) = &mut set.fields[0];
        let both = "The refuge needs more funding and the police should visit more often";
        text.add(2, "a", both);
        text.add(3, "b", "Funding");
        text.add(4, "c", "The police were slow");
        let result = text.result(field, &survey, 5, 0);
        let examples: Vec<(&str, &str)> = result
            .themes
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.example.as_ref().map_or("", |e| e.text.as_str()),
                )
            })
            .collect();
        // The first theme takes the answer that reads best; the others show another answer of
        // theirs, or the same one when they have no other.
        assert_eq!(
            examples,
            [
                ("Refuge", both),
                ("Funding", "Funding"),
                ("Police", "The police were slow"),
                ("Visits", both)
            ]
        );
    }

    #[test]
    fn stop_words_and_question_words_are_matched_whatever_their_case() {
        let (survey, mut set) = survey_and_set(
            "[survey]\nid = \"t\"\ntitle = \"T\"\nstop_words = [\"Luton\"]\n\n[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"What are the BARRIERS?\"\n",
        );
        let (field, text) = &mut set.fields[0];
        text.add(2, "", "THE Barrier in LUTON: The refuge is full");
        text.add(3, "", "the barriers, the Refuge");
        let result = text.result(field, &survey, 10, 0);
        let terms: Vec<(&str, u64)> = result
            .terms
            .iter()
            .map(|t| (t.term.as_str(), t.mentions))
            .collect();
        assert_eq!(terms, vec![("refuge", 2), ("full", 1)]);
    }
}
