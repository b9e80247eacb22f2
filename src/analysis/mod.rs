//! One streaming pass of per-question accumulators: `add` a row, `merge` two partial tallies.

pub mod breakdown;
mod grouped;
mod results;
pub mod stats;
pub mod waves;

pub use grouped::{GROUP_LIMIT, Group, GroupedAnswers};
pub use results::{
    ByResult, GroupResult, NetsResult, NumberResult, OptionResult, QuestionResult, Responses,
    Results, RowResult, TextResult,
};

use crate::ingest::{self, Answer, Row};
use crate::survey::{FieldRole, TextField};
use crate::survey::{Kind, Question, Survey};
use crate::text::{FreeText, FreeTextSet, OwnName, TextBatch, TextOptions};
use std::path::Path;
use std::sync::Arc;

/// How many free-text answers are kept per field for listing; the rest are counted.
pub const TEXT_SAMPLE_LIMIT: usize = 1_000;

/// Counts per option and how many respondents gave a valid answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChoiceCounts {
    pub counts: Vec<u64>,
    pub answered: u64,
}

impl ChoiceCounts {
    fn new(options: usize) -> Self {
        ChoiceCounts {
            counts: vec![0; options],
            answered: 0,
        }
    }

    fn add_one(&mut self, choice: Option<usize>) {
        if let Some(c) = choice {
            self.counts[c] += 1;
            self.answered += 1;
        }
    }

    fn add_ticks(&mut self, ticks: &[usize]) {
        for &t in ticks {
            self.counts[t] += 1;
        }
        if !ticks.is_empty() {
            self.answered += 1;
        }
    }

    fn merge(&mut self, other: &ChoiceCounts) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.answered += other.answered;
    }
}

/// Free-text answers: how many, and the first few kept for listing.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TextTally {
    pub answered: u64,
    /// (row number, answer), in row order, at most `TEXT_SAMPLE_LIMIT`.
    pub samples: Vec<(u64, String)>,
}

impl TextTally {
    fn add(&mut self, row: u64, text: &str, own_name: &OwnName) {
        if text.is_empty() {
            return;
        }
        self.answered += 1;
        if self.samples.len() < TEXT_SAMPLE_LIMIT {
            // Kept answers are only ever shown, so personal data goes before they are kept.
            let text = own_name.remove_from(text);
            self.samples
                .push((row, crate::text::redact(&text).into_owned()));
        }
    }

    fn merge(&mut self, other: &TextTally) {
        self.answered += other.answered;
        self.samples.extend(other.samples.iter().cloned());
        self.samples.sort_by_key(|(row, _)| *row);
        self.samples.truncate(TEXT_SAMPLE_LIMIT);
    }

    /// True when answers were counted but not all kept.
    pub fn capped(&self) -> bool {
        (self.samples.len() as u64) < self.answered
    }
}

/// Count, sum and range of a number question.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NumberStats {
    pub count: u64,
    pub sum: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl NumberStats {
    fn add(&mut self, n: f64) {
        self.count += 1;
        self.sum += n;
        self.min = Some(self.min.map_or(n, |m| m.min(n)));
        self.max = Some(self.max.map_or(n, |m| m.max(n)));
    }

    fn merge(&mut self, other: &NumberStats) {
        self.count += other.count;
        self.sum += other.sum;
        for n in other.min.iter().chain(&other.max) {
            self.min = Some(self.min.map_or(*n, |m| m.min(*n)));
            self.max = Some(self.max.map_or(*n, |m| m.max(*n)));
        }
    }
}

/// The accumulator of a question's main answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Main {
    Choice(ChoiceCounts),
    /// Per grid row, and how many respondents rated at least one row.
    Grid {
        rows: Vec<ChoiceCounts>,
        answered: u64,
    },
    Text(TextTally),
    Number(NumberStats),
    /// Contact details are never counted or kept.
    Contact,
}

/// Everything counted for one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuestionTally {
    /// Respondents the routing sent to the question (all included respondents without routing).
    pub asked: u64,
    pub main: Main,
    pub other: GroupedAnswers,
    pub comment: TextTally,
}

impl QuestionTally {
    pub fn new(question: &Question) -> Self {
        let main = match &question.kind {
            Kind::Single { options } | Kind::Multi { options } => {
                Main::Choice(ChoiceCounts::new(options.len()))
            }
            Kind::Grid { rows, points } => Main::Grid {
                rows: vec![ChoiceCounts::new(points.len()); rows.len()],
                answered: 0,
            },
            Kind::Text => Main::Text(TextTally::default()),
            Kind::Number { .. } => Main::Number(NumberStats::default()),
            Kind::Contact { .. } => Main::Contact,
        };
        QuestionTally {
            asked: 0,
            main,
            other: GroupedAnswers::default(),
            comment: TextTally::default(),
        }
    }

    /// Counts a respondent's answer; `own_name` is their name, taken out of what they wrote.
    pub fn add(&mut self, row: u64, answer: &Answer, own_name: &OwnName) {
        if !answer.asked {
            return;
        }
        self.asked += 1;
        match &mut self.main {
            Main::Choice(counts) => {
                if answer.ticks.is_empty() {
                    counts.add_one(answer.choice);
                } else {
                    counts.add_ticks(&answer.ticks);
                }
            }
            Main::Grid { rows, answered } => {
                for (counts, choice) in rows.iter_mut().zip(&answer.grid) {
                    counts.add_one(*choice);
                }
                if answer.grid.iter().any(Option::is_some) {
                    *answered += 1;
                }
            }
            Main::Text(text) => text.add(row, &answer.text, own_name),
            Main::Number(stats) => {
                if let Some(n) = answer.number {
                    stats.add(n);
                }
            }
            Main::Contact => {}
        }
        if !answer.other.is_empty() {
            self.other.add(row, &own_name.remove_from(&answer.other));
        }
        self.comment.add(row, &answer.comment, own_name);
    }

    pub fn merge(&mut self, other: &QuestionTally) {
        self.asked += other.asked;
        match (&mut self.main, &other.main) {
            (Main::Choice(a), Main::Choice(b)) => a.merge(b),
            (
                Main::Grid {
                    rows: a,
                    answered: n,
                },
                Main::Grid {
                    rows: b,
                    answered: m,
                },
            ) => {
                a.iter_mut().zip(b).for_each(|(a, b)| a.merge(b));
                *n += m;
            }
            (Main::Text(a), Main::Text(b)) => a.merge(b),
            (Main::Number(a), Main::Number(b)) => a.merge(b),
            (Main::Contact, Main::Contact) => {}
            _ => unreachable!("tallies of the same questionnaire have the same shape"),
        }
        self.other.merge(&other.other);
        self.comment.merge(&other.comment);
    }
}

/// The accumulators of every question.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub questions: Vec<QuestionTally>,
}

impl Tally {
    pub fn new(survey: &Survey) -> Self {
        Tally {
            questions: survey.questions.iter().map(QuestionTally::new).collect(),
        }
    }

    pub fn add(&mut self, row: &Row) {
        for (tally, answer) in self.questions.iter_mut().zip(&row.answers) {
            tally.add(row.number, answer, &row.own_name);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.questions.iter_mut().zip(&other.questions) {
            a.merge(b);
        }
    }

    /// Whether `other` counts the same questions, options and rows (a tally of the same survey).
    pub fn same_shape(&self, other: &Tally) -> bool {
        // Per question: what it counts, and how many options each of its counters has.
        let shape = |t: &Tally| -> Vec<(u8, Vec<usize>)> {
            t.questions
                .iter()
                .map(|q| match &q.main {
                    Main::Choice(c) => (0, vec![c.counts.len()]),
                    Main::Grid { rows, .. } => (1, rows.iter().map(|r| r.counts.len()).collect()),
                    Main::Text(_) => (2, Vec::new()),
                    Main::Number(_) => (3, Vec::new()),
                    Main::Contact => (4, Vec::new()),
                })
                .collect()
        };
        shape(self) == shape(other)
    }
}

/// Reads a response file and tallies it in one pass.
pub fn tally_file(
    survey: &Survey,
    responses: &Path,
) -> Result<(Tally, ingest::Report), ingest::IngestError> {
    let analysis = analyse(survey, responses, None, None)?;
    Ok((analysis.tally, analysis.report))
}

/// Everything one pass over a response file found.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub tally: Tally,
    /// Free-text analysis, when it was asked for.
    pub text: Option<FreeTextSet>,
    /// The breakdown by one question's answers, when it was asked for.
    pub breakdown: Option<breakdown::Breakdown>,
    pub report: ingest::Report,
}

/// Reads a response file once, feeding the tallies and, with `text`, the free-text analysis;
/// with `by` (a single-choice question's index), also a breakdown by its answers.
pub fn analyse(
    survey: &Survey,
    responses: &Path,
    text: Option<&TextOptions>,
    by: Option<usize>,
) -> Result<Analysis, ingest::IngestError> {
    analyse_and(survey, responses, text, by, |_| {})
}

/// `analyse`, also handing every row counted to `also` (an accumulator of the caller's own).
pub fn analyse_and(
    survey: &Survey,
    responses: &Path,
    text: Option<&TextOptions>,
    by: Option<usize>,
    mut also: impl FnMut(&Row),
) -> Result<Analysis, ingest::IngestError> {
    let mut tally = Tally::new(survey);
    let mut breakdown = by.map(|by| breakdown::Breakdown::new(survey, by));
    let Some(options) = text else {
        let report = ingest::read(responses, survey, |row| {
            tally.add(row);
            if let Some(breakdown) = &mut breakdown {
                breakdown.add(row);
            }
            also(row);
        })?;
        return Ok(Analysis {
            tally,
            text: None,
            breakdown,
            report,
        });
    };
    // Free text is most of the work. Two threads per core count it, each taking whole fields
    // (whose words then stay in that core's cache), from batches of rows this thread gathers;
    // a batch is reused once every thread has counted it, so its buffers are not allocated again.
    let set = FreeTextSet::new(survey, options);
    let fields = set.text_fields();
    let (report, counted) = std::thread::scope(|scope| {
        let counters: Vec<_> = share_out(set.fields)
            .into_iter()
            .map(|mut group| {
                let (send, receive) =
                    std::sync::mpsc::sync_channel::<Arc<TextBatch>>(TEXT_BATCHES_QUEUED);
                let thread = scope.spawn(move || {
                    for batch in receive {
                        for (column, (_, text)) in &mut group {
                            text.add_batch(&batch, *column);
                        }
                    }
                    for (_, (_, text)) in &mut group {
                        text.finish();
                    }
                    group
                });
                (send, thread)
            })
            .collect();
        let mut batch = TextBatch::default();
        let mut sent: Vec<Arc<TextBatch>> = Vec::new();
        let mut send_batch = |batch: &mut TextBatch| {
            // A batch every field has finished with is reused, if there is one.
            let done = sent.iter().position(|b| Arc::strong_count(b) == 1);
            let mut next = done
                .and_then(|i| Arc::into_inner(sent.swap_remove(i)))
                .unwrap_or_default();
            next.clear();
            let full = Arc::new(std::mem::replace(batch, next));
            for (send, _) in &counters {
                let _ = send.send(full.clone());
            }
            sent.push(full);
        };
        let report = ingest::read(responses, survey, |row| {
            tally.add(row);
            if let Some(breakdown) = &mut breakdown {
                breakdown.add(row);
            }
            also(row);
            batch.push(&fields, row);
            if batch.len() == TEXT_BATCH {
                send_batch(&mut batch);
            }
        });
        send_batch(&mut batch);
        let mut counted: Vec<_> = counters
            .into_iter()
            .flat_map(|(send, thread)| {
                drop(send);
                thread.join().expect("a free-text thread does not panic")
            })
            .collect();
        counted.sort_by_key(|(column, _)| *column);
        (
            report,
            counted.into_iter().map(|(_, field)| field).collect(),
        )
    });
    let report = report?;
    Ok(Analysis {
        tally,
        text: Some(FreeTextSet { fields: counted }),
        breakdown,
        report,
    })
}

/// The fields in `text_threads()` groups of about equal work, each field with its place. "Other"
/// boxes get few answers, the other fields many.
fn share_out(fields: Vec<(TextField, FreeText)>) -> Vec<Vec<(usize, (TextField, FreeText))>> {
    let weight = |field: &TextField| if field.role == FieldRole::Other { 1 } else { 8 };
    let mut fields: Vec<_> = fields.into_iter().enumerate().collect();
    fields.sort_by_key(|(column, (field, _))| (std::cmp::Reverse(weight(field)), *column));
    let mut groups: Vec<(usize, Vec<_>)> = (0..text_threads()).map(|_| (0, Vec::new())).collect();
    for field in fields {
        let lightest = groups.iter_mut().min_by_key(|(w, _)| *w).expect("a group");
        lightest.0 += weight(&field.1.0);
        lightest.1.push(field);
    }
    groups
        .into_iter()
        .map(|(_, group)| group)
        .filter(|g| !g.is_empty())
        .collect()
}

/// Threads counting free text: two per core, so one waiting for a batch leaves its core to
/// another (measured best on two cores).
fn text_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// How many rows' answers are gathered before they are counted.
const TEXT_BATCH: usize = 512;
/// How many batches may wait for a free-text thread, so an uneven moment does not stall reading.
const TEXT_BATCHES_QUEUED: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Choice, Companion};

    impl QuestionTally {
        /// `add` for a respondent who gave no name.
        fn add_anonymous(&mut self, row: u64, answer: &Answer) {
            self.add(row, answer, &OwnName::default());
        }
    }

    fn choice(label: &str) -> Choice {
        Choice {
            label: label.to_string(),
            code: None,
            net: None,
            non_opinion: false,
            exclusive: false,
        }
    }

    fn question(kind: Kind) -> Question {
        Question {
            id: "q".into(),
            text: "T".into(),
            heading: None,
            instruction: None,
            column: "q".into(),
            kind,
            other: Some(Companion {
                id: "q_other".into(),
                text: "Other".into(),
                column: "q_other".into(),
                option: None,
            }),
            comment: None,
            ask_if: None,
        }
    }

    fn answer(f: impl FnOnce(&mut Answer)) -> Answer {
        let mut a = Answer {
            asked: true,
            ..Answer::default()
        };
        f(&mut a);
        a
    }

    #[test]
    fn single_choice_counts_answers_and_skips_blanks() {
        let q = question(Kind::Single {
            options: vec![choice("A"), choice("B")],
        });
        let mut t = QuestionTally::new(&q);
        t.add_anonymous(2, &answer(|a| a.choice = Some(1)));
        t.add_anonymous(3, &answer(|_| {}));
        t.add_anonymous(4, &answer(|a| a.choice = Some(1)));
        assert_eq!(t.asked, 3);
        assert_eq!(
            t.main,
            Main::Choice(ChoiceCounts {
                counts: vec![0, 2],
                answered: 2
            })
        );
    }

    #[test]
    fn multi_choice_base_is_respondents_who_ticked_anything() {
        let q = question(Kind::Multi {
            options: vec![choice("A"), choice("B"), choice("C")],
        });
        let mut t = QuestionTally::new(&q);
        t.add_anonymous(2, &answer(|a| a.ticks = vec![0, 2]));
        t.add_anonymous(3, &answer(|a| a.ticks = vec![2]));
        t.add_anonymous(4, &answer(|_| {}));
        assert_eq!(
            t.main,
            Main::Choice(ChoiceCounts {
                counts: vec![1, 0, 2],
                answered: 2
            })
        );
    }

    #[test]
    fn grid_rows_count_separately_and_respondents_once() {
        let q = question(Kind::Grid {
            rows: vec![],
            points: vec![choice("Good"), choice("Bad")],
        });
        let mut t = QuestionTally {
            main: Main::Grid {
                rows: vec![ChoiceCounts::new(2); 2],
                answered: 0,
            },
            ..QuestionTally::new(&q)
        };
        t.add_anonymous(2, &answer(|a| a.grid = vec![Some(0), None]));
        t.add_anonymous(3, &answer(|a| a.grid = vec![Some(1), Some(1)]));
        t.add_anonymous(4, &answer(|a| a.grid = vec![None, None]));
        let Main::Grid { rows, answered } = &t.main else {
            panic!("a grid tally")
        };
        assert_eq!(*answered, 2);
        assert_eq!(
            rows[0],
            ChoiceCounts {
                counts: vec![1, 1],
                answered: 2
            }
        );
        assert_eq!(
            rows[1],
            ChoiceCounts {
                counts: vec![0, 1],
                answered: 1
            }
        );
    }

    #[test]
    fn unasked_respondents_are_not_counted_at_all() {
        let q = question(Kind::Single {
            options: vec![choice("A")],
        });
        let mut t = QuestionTally::new(&q);
        t.add_anonymous(
            2,
            &answer(|a| {
                a.asked = false;
                a.choice = Some(0);
            }),
        );
        assert_eq!(t, QuestionTally::new(&q));
    }

    #[test]
    fn comments_are_kept_in_row_order_up_to_the_limit() {
        let q = question(Kind::Text);
        let mut a = QuestionTally::new(&q);
        let mut b = QuestionTally::new(&q);
        for row in 0..TEXT_SAMPLE_LIMIT as u64 {
            b.add_anonymous(row + 10, &answer(|x| x.comment = format!("b{row}")));
        }
        a.add_anonymous(5, &answer(|x| x.comment = "a".into()));
        a.merge(&b);
        assert_eq!(a.comment.answered, TEXT_SAMPLE_LIMIT as u64 + 1);
        assert_eq!(a.comment.samples.len(), TEXT_SAMPLE_LIMIT);
        assert_eq!(a.comment.samples[0], (5, "a".to_string()));
        assert_eq!(a.comment.samples[1], (10, "b0".to_string()));
        assert!(a.comment.capped());
    }

    #[test]
    fn number_stats_merge_like_one_pass() {
        let q = question(Kind::Number {
            min: None,
            max: None,
            unit: None,
        });
        let (mut one, mut left, mut right) = (
            QuestionTally::new(&q),
            QuestionTally::new(&q),
            QuestionTally::new(&q),
        );
        for (i, n) in [4.0, -2.0, 10.0, 3.5].into_iter().enumerate() {
            let a = answer(|a| a.number = Some(n));
            one.add_anonymous(i as u64, &a);
            if i < 2 {
                left.add_anonymous(i as u64, &a)
            } else {
                right.add_anonymous(i as u64, &a)
            }
        }
        left.merge(&right);
        assert_eq!(left, one);
        assert_eq!(
            one.main,
            Main::Number(NumberStats {
                count: 4,
                sum: 15.5,
                min: Some(-2.0),
                max: Some(10.0)
            })
        );
    }
}
