//! The results model: bases, percentages and nets per question, as every output format sees them.

use super::{ChoiceCounts, Main, Tally};
use crate::ingest::{Exclusion, Report};
use crate::survey::{Choice, Kind, Net, Question, Survey};
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything a tally found; the JSON form is a contract other tools read.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub survey: String,
    pub title: String,
    pub responses: Responses,
    /// With `--by`: the question whose answers split the others into groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<ByResult>,
    pub questions: Vec<QuestionResult>,
}

/// The question a breakdown splits by.
#[derive(Debug, Clone, Serialize)]
pub struct ByResult {
    pub id: String,
    pub text: String,
    pub groups: Vec<String>,
}

/// One group's share of a question (or grid row) in a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct GroupResult {
    pub label: String,
    pub base: u64,
    pub options: Vec<OptionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nets: Option<NetsResult>,
}

/// Row accounting as published.
#[derive(Debug, Clone, Serialize)]
pub struct Responses {
    pub read: u64,
    pub included: u64,
    pub excluded: u64,
    pub exclusions: BTreeMap<Exclusion, u64>,
    /// Answers that matched no option (or broke routing) and were left out.
    pub invalid_answers: u64,
}

/// One reported question (contact questions are never reported).
#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub kind: &'static str,
    pub text: String,
    /// Routed questions: the condition and how many respondents it sent here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingResult>,
    /// Respondents whose answers the percentages are of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    /// Respondents who gave a valid answer, including non-opinion answers.
    pub answered: u64,
    /// Multi-choice percentages are of respondents, so they may add up past 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_of: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionResult>,
    /// Non-opinion points ("Don't know"): shown, but outside the base; percent of `answered`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_opinion: Vec<OptionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nets: Option<NetsResult>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<NumberResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<TextResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<TextResult>,
    /// With `--by`: the same figures per group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupResult>,
    /// With `--by`: whether answers depend on the group (single choice; multi-choice options carry their own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<super::stats::Test>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoutingResult {
    pub question: String,
    pub answers: Vec<String>,
    pub asked: u64,
}

/// One option's count and percentage of the base (`null` when the base is 0).
#[derive(Debug, Clone, Serialize)]
pub struct OptionResult {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub count: u64,
    pub percent: Option<f64>,
    /// 95% Wilson score interval of the percentage, low and high.
    pub ci: Option<[f64; 2]>,
    /// The net this scale point counts towards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net: Option<Net>,
    /// With `--by` on a multi-choice question: whether ticking this option depends on the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<super::stats::Test>,
}

/// Top and bottom boxes, as percentages of the base.
#[derive(Debug, Clone, Serialize)]
pub struct NetsResult {
    pub positive: Option<f64>,
    pub negative: Option<f64>,
    pub positive_count: u64,
    pub negative_count: u64,
    /// 95% Wilson score intervals of the two nets.
    pub positive_ci: Option<[f64; 2]>,
    pub negative_ci: Option<[f64; 2]>,
}

/// One row of a rating grid.
#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    pub id: String,
    pub label: String,
    pub base: u64,
    pub answered: u64,
    pub options: Vec<OptionResult>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_opinion: Vec<OptionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nets: Option<NetsResult>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<super::stats::Test>,
}

/// A free-text companion: how many wrote in it.
#[derive(Debug, Clone, Serialize)]
pub struct TextResult {
    pub id: String,
    pub text: String,
    pub answered: u64,
}

/// Summary of a number question.
#[derive(Debug, Clone, Serialize)]
pub struct NumberResult {
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub sum: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// The 95% Wilson interval of `part` of `whole`, in percent.
pub fn interval(part: u64, whole: u64) -> Option<[f64; 2]> {
    super::stats::wilson(part, whole).map(|(low, high)| [low, high])
}

/// `part` as a percentage of `whole`, unrounded; `None` for an empty base.
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// A distribution over options or scale points: base, opinion options, non-opinion points, nets.
struct Distribution {
    base: u64,
    options: Vec<OptionResult>,
    non_opinion: Vec<OptionResult>,
    nets: Option<NetsResult>,
}

fn distribution(choices: &[Choice], counts: &ChoiceCounts, multi: bool) -> Distribution {
    // Multi-choice "Don't know" ticks stay in the base: a respondent may tick it beside others.
    let outside = |c: &Choice| c.non_opinion && !multi;
    let non_opinion_count: u64 = choices
        .iter()
        .zip(&counts.counts)
        .filter(|(c, _)| outside(c))
        .map(|(_, n)| n)
        .sum();
    let base = counts.answered - non_opinion_count;
    let option = |c: &Choice, count: u64, of: u64| OptionResult {
        label: c.label.clone(),
        code: c.code.clone(),
        count,
        percent: percent(count, of),
        ci: interval(count, of),
        net: if multi { None } else { c.net },
        test: None,
    };
    let mut options = Vec::new();
    let mut non_opinion = Vec::new();
    for (c, &count) in choices.iter().zip(&counts.counts) {
        if outside(c) {
            non_opinion.push(option(c, count, counts.answered));
        } else {
            options.push(option(c, count, base));
        }
    }
    let net_sum = |net: Net| -> u64 {
        choices
            .iter()
            .zip(&counts.counts)
            .filter(|(c, _)| c.net == Some(net))
            .map(|(_, n)| n)
            .sum()
    };
    let nets = (!multi && choices.iter().any(|c| c.net.is_some())).then(|| {
        let (positive, negative) = (net_sum(Net::Positive), net_sum(Net::Negative));
        NetsResult {
            positive: percent(positive, base),
            negative: percent(negative, base),
            positive_count: positive,
            negative_count: negative,
            positive_ci: interval(positive, base),
            negative_ci: interval(negative, base),
        }
    });
    Distribution {
        base,
        options,
        non_opinion,
        nets,
    }
}

fn text_result(id: &str, text: &str, answered: u64) -> TextResult {
    TextResult {
        id: id.to_string(),
        text: text.to_string(),
        answered,
    }
}

impl Results {
    pub fn new(survey: &Survey, tally: &Tally, report: &Report) -> Self {
        let questions = survey
            .questions
            .iter()
            .zip(&tally.questions)
            .filter(|(q, _)| !matches!(q.kind, Kind::Contact { .. }))
            .map(|(q, t)| question_result(survey, q, t))
            .collect();
        let a = &report.accounting;
        Results {
            survey: survey.meta.id.clone(),
            title: survey.meta.title.clone(),
            responses: Responses {
                read: a.read,
                included: a.included,
                excluded: a.excluded,
                exclusions: a.exclusions.clone(),
                invalid_answers: report.problems.invalid,
            },
            by: None,
            questions,
        }
    }

    /// Only the named questions, in questionnaire order.
    pub fn retain(&mut self, ids: &[String]) {
        self.questions.retain(|q| ids.iter().any(|id| id == &q.id));
    }
}

fn question_result(survey: &Survey, q: &Question, t: &super::QuestionTally) -> QuestionResult {
    let mut result = QuestionResult {
        id: q.id.clone(),
        kind: q.kind.name(),
        text: q.text.clone(),
        routing: q.ask_if.as_ref().map(|r| {
            let on = &survey.questions[r.question];
            RoutingResult {
                question: on.id.clone(),
                answers: r
                    .answers
                    .iter()
                    .map(|&a| on.kind.choices()[a].label.clone())
                    .collect(),
                asked: t.asked,
            }
        }),
        base: None,
        answered: 0,
        percent_of: None,
        options: Vec::new(),
        non_opinion: Vec::new(),
        nets: None,
        rows: Vec::new(),
        number: None,
        other: q
            .other
            .as_ref()
            .map(|o| text_result(&o.id, &o.text, t.other.answered)),
        comment: q
            .comment
            .as_ref()
            .map(|c| text_result(&c.id, &c.text, t.comment.answered)),
        groups: Vec::new(),
        test: None,
    };
    match (&q.kind, &t.main) {
        (Kind::Single { options } | Kind::Multi { options }, Main::Choice(counts)) => {
            let multi = matches!(q.kind, Kind::Multi { .. });
            let d = distribution(options, counts, multi);
            result.base = Some(d.base);
            result.answered = counts.answered;
            result.percent_of = multi.then_some("respondents");
            result.options = d.options;
            result.non_opinion = d.non_opinion;
            result.nets = d.nets;
        }
        (
            Kind::Grid { rows, points },
            Main::Grid {
                rows: counts,
                answered,
            },
        ) => {
            result.base = Some(*answered);
            result.answered = *answered;
            result.rows = rows
                .iter()
                .zip(counts)
                .map(|(row, counts)| {
                    let d = distribution(points, counts, false);
                    RowResult {
                        id: row.id.clone(),
                        label: row.label.clone(),
                        base: d.base,
                        answered: counts.answered,
                        options: d.options,
                        non_opinion: d.non_opinion,
                        nets: d.nets,
                        groups: Vec::new(),
                        test: None,
                    }
                })
                .collect();
        }
        (Kind::Text, Main::Text(text)) => result.answered = text.answered,
        (Kind::Number { unit, .. }, Main::Number(stats)) => {
            result.base = Some(stats.count);
            result.answered = stats.count;
            result.number = Some(NumberResult {
                mean: (stats.count > 0).then(|| stats.sum / stats.count as f64),
                min: stats.min,
                max: stats.max,
                sum: stats.sum,
                unit: unit.clone(),
            });
        }
        _ => unreachable!("a tally has the shape of its question"),
    }
    result
}
