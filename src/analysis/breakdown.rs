//! Breakdowns: every other closed question split by the answers to one single-choice question,
//! with the figures per group and a test of whether answers depend on the group.

use super::Tally;
use super::results::{ByResult, GroupResult, Results};
use super::stats::{Test, chi_square};
use crate::ingest::{Report, Row};
use crate::survey::{Kind, Survey};

/// One tally per answer of the question split by.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub by: usize,
    pub groups: Vec<Tally>,
}

impl Breakdown {
    /// A breakdown by question `by`, which must be a single-choice question.
    pub fn new(survey: &Survey, by: usize) -> Self {
        let groups = survey.questions[by]
            .kind
            .choices()
            .iter()
            .map(|_| Tally::new(survey))
            .collect();
        Breakdown { by, groups }
    }

    pub fn add(&mut self, row: &Row) {
        if let Some(group) = row.answers[self.by].choice {
            self.groups[group].add(row);
        }
    }

    pub fn merge(&mut self, other: &Breakdown) {
        for (a, b) in self.groups.iter_mut().zip(&other.groups) {
            a.merge(b);
        }
    }

    /// Adds the groups and tests to the whole-file results.
    pub fn apply(&self, survey: &Survey, report: &Report, results: &mut Results) {
        let by = &survey.questions[self.by];
        let labels: Vec<String> = by.kind.choices().iter().map(|c| c.label.clone()).collect();
        results.by = Some(ByResult {
            id: by.id.clone(),
            text: by.text.clone(),
            groups: labels.clone(),
        });
        let per_group: Vec<Results> = self
            .groups
            .iter()
            .map(|t| Results::new(survey, t, report))
            .collect();
        for (qi, question) in results.questions.iter_mut().enumerate() {
            if question.id == by.id {
                continue;
            }
            let multi = survey
                .question(&question.id)
                .is_some_and(|i| matches!(survey.questions[i].kind, Kind::Multi { .. }));
            let theirs: Vec<&super::QuestionResult> =
                per_group.iter().map(|r| &r.questions[qi]).collect();
            if !question.options.is_empty() {
                question.groups = labels
                    .iter()
                    .zip(&theirs)
                    .map(|(label, q)| GroupResult {
                        label: label.clone(),
                        base: q.base.unwrap_or(0),
                        options: q.options.clone(),
                        nets: q.nets.clone(),
                    })
                    .collect();
                if multi {
                    for (o, option) in question.options.iter_mut().enumerate() {
                        option.test = ticked_test(&question.groups, o);
                    }
                } else {
                    question.test = counts_test(&question.groups);
                }
            }
            for (r, row) in question.rows.iter_mut().enumerate() {
                row.groups = labels
                    .iter()
                    .zip(&theirs)
                    .map(|(label, q)| GroupResult {
                        label: label.clone(),
                        base: q.rows[r].base,
                        options: q.rows[r].options.clone(),
                        nets: q.rows[r].nets.clone(),
                    })
                    .collect();
                row.test = counts_test(&row.groups);
            }
        }
    }
}

/// Chi-square over options (rows) by groups (columns).
fn counts_test(groups: &[GroupResult]) -> Option<Test> {
    let options = groups.first()?.options.len();
    let table: Vec<Vec<u64>> = (0..options)
        .map(|o| groups.iter().map(|g| g.options[o].count).collect())
        .collect();
    chi_square(&table)
}

/// Ticked or not, by group, for one multi-choice option.
fn ticked_test(groups: &[GroupResult], option: usize) -> Option<Test> {
    let ticked: Vec<u64> = groups.iter().map(|g| g.options[option].count).collect();
    let not: Vec<u64> = groups
        .iter()
        .zip(&ticked)
        .map(|(g, t)| g.base - t)
        .collect();
    chi_square(&[ticked, not])
}
