//! Row accounting and the problems found in the data: every row read is included or excluded
//! with a reason, and every answer that could not be used is listed with its row and column.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How many problem details are kept; beyond this they are only counted, so memory stays bounded.
pub const DETAIL_LIMIT: usize = 10_000;

/// Why a row was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Every cell empty.
    BlankRow,
    /// Only an id or contact details, no answer to any question.
    NoAnswers,
    /// More or fewer cells than the header has columns.
    WrongCellCount,
    /// A respondent id seen on an earlier row.
    DuplicateRespondent,
}

impl Exclusion {
    pub fn describe(self) -> &'static str {
        match self {
            Exclusion::BlankRow => "blank row",
            Exclusion::NoAnswers => "no answers to any question",
            Exclusion::WrongCellCount => "wrong number of cells",
            Exclusion::DuplicateRespondent => "duplicate respondent_id",
        }
    }

    /// The reason for several rows: "blank rows".
    pub fn describe_plural(self) -> &'static str {
        match self {
            Exclusion::BlankRow => "blank rows",
            Exclusion::DuplicateRespondent => "duplicate respondent_ids",
            reason => reason.describe(),
        }
    }
}

/// One excluded row.
#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    pub row: u64,
    pub reason: Exclusion,
    pub detail: String,
}

/// Rows read, included and excluded; `read == included + excluded` always.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Accounting {
    pub read: u64,
    pub included: u64,
    pub excluded: u64,
    /// Excluded rows per reason.
    pub exclusions: BTreeMap<Exclusion, u64>,
    /// The first excluded rows, with details (not kept in partial tallies).
    #[serde(skip)]
    pub excluded_rows: Vec<Excluded>,
    /// Rows excluded for having fewer cells than the header, which Excel makes (not kept in
    /// partial tallies).
    #[serde(skip)]
    pub short_rows: u64,
}

impl Accounting {
    pub fn include(&mut self) {
        self.read += 1;
        self.included += 1;
    }

    pub fn exclude(&mut self, row: u64, reason: Exclusion, detail: String) {
        self.read += 1;
        self.excluded += 1;
        *self.exclusions.entry(reason).or_default() += 1;
        if self.excluded_rows.len() < DETAIL_LIMIT {
            self.excluded_rows.push(Excluded {
                row,
                reason,
                detail,
            });
        }
    }

    pub fn merge(&mut self, other: Accounting) {
        self.read += other.read;
        self.included += other.included;
        self.excluded += other.excluded;
        for (reason, n) in other.exclusions {
            *self.exclusions.entry(reason).or_default() += n;
        }
        self.short_rows += other.short_rows;
        let room = DETAIL_LIMIT.saturating_sub(self.excluded_rows.len());
        self.excluded_rows
            .extend(other.excluded_rows.into_iter().take(room));
    }
}

/// What is wrong with one answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Issue {
    /// Matches no option; `nearest` is a close option worth suggesting.
    NotAnOption {
        question: String,
        nearest: Option<String>,
    },
    /// A number question's cell is not a number.
    NotANumber { question: String },
    /// A number outside the question's range.
    OutOfRange {
        question: String,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// An answer from a respondent the routing did not send to this question.
    NotRouted { question: String, condition: String },
    /// An exclusive option ("No", "None") ticked with others; the ticks are still counted.
    ExclusiveWithOthers { question: String, option: String },
}

impl Issue {
    /// Invalid answers are left out of the tallies; `--strict` makes them fatal.
    pub fn is_invalid(&self) -> bool {
        !matches!(self, Issue::ExclusiveWithOthers { .. })
    }

    /// The id of the question the answer was given to.
    pub fn question(&self) -> &str {
        match self {
            Issue::NotAnOption { question, .. }
            | Issue::NotANumber { question }
            | Issue::OutOfRange { question, .. }
            | Issue::NotRouted { question, .. }
            | Issue::ExclusiveWithOthers { question, .. } => question,
        }
    }
}

/// A problem with one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub row: u64,
    pub column: String,
    /// The cell, or its first characters if `cut`.
    pub value: String,
    pub cut: bool,
    pub issue: Issue,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "row {}, column {}: {:?}{} ",
            self.row,
            self.column,
            self.value,
            if self.cut { "..." } else { "" }
        )?;
        match &self.issue {
            Issue::NotAnOption { question, nearest } => {
                write!(f, "is not an option of {question}")?;
                if let Some(nearest) = nearest {
                    write!(f, " (did you mean {nearest:?}?)")?;
                }
                Ok(())
            }
            Issue::NotANumber { question } => {
                write!(f, "is not a number ({question} asks for one)")
            }
            Issue::OutOfRange { question, min, max } => {
                let range = match (min, max) {
                    (Some(a), Some(b)) => format!("from {a} to {b}"),
                    (Some(a), None) => format!("of at least {a}"),
                    (None, Some(b)) => format!("of at most {b}"),
                    (None, None) => String::new(),
                };
                write!(f, "is out of range ({question} takes numbers {range})")
            }
            Issue::NotRouted {
                question,
                condition,
            } => write!(
                f,
                "answers {question}, which this respondent was not asked ({question} is only for those who answered {condition})"
            ),
            Issue::ExclusiveWithOthers { question, option } => write!(
                f,
                "ticks {option:?} together with other options of {question}; all ticks are counted"
            ),
        }
    }
}

/// Problems found in the data, details capped at `DETAIL_LIMIT`.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub invalid: u64,
    /// Invalid answers by question id, counted past the cap on details.
    pub invalid_by_question: BTreeMap<String, u64>,
    pub warnings: u64,
    /// Warnings by question id, counted past the cap on details.
    pub warnings_by_question: BTreeMap<String, u64>,
    pub details: Vec<Problem>,
}

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        let by_question = if problem.issue.is_invalid() {
            self.invalid += 1;
            &mut self.invalid_by_question
        } else {
            self.warnings += 1;
            &mut self.warnings_by_question
        };
        let question = problem.issue.question();
        // Looked up before inserting, so a question's id is copied once, not per answer.
        match by_question.get_mut(question) {
            Some(count) => *count += 1,
            None => {
                by_question.insert(question.to_string(), 1);
            }
        }
        if self.details.len() < DETAIL_LIMIT {
            self.details.push(problem);
        }
    }

    pub fn total(&self) -> u64 {
        self.invalid + self.warnings
    }

    pub fn merge(&mut self, other: Problems) {
        self.invalid += other.invalid;
        for (question, n) in other.invalid_by_question {
            *self.invalid_by_question.entry(question).or_default() += n;
        }
        self.warnings += other.warnings;
        for (question, n) in other.warnings_by_question {
            *self.warnings_by_question.entry(question).or_default() += n;
        }
        let room = DETAIL_LIMIT.saturating_sub(self.details.len());
        self.details.extend(other.details.into_iter().take(room));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_an_option(row: u64, question: &str) -> Problem {
        Problem {
            row,
            column: question.to_string(),
            value: "Maybe".to_string(),
            cut: false,
            issue: Issue::NotAnOption {
                question: question.to_string(),
                nearest: None,
            },
        }
    }

    #[test]
    fn problems_are_counted_by_question_past_the_details_kept() {
        let mut problems = Problems::default();
        for row in 0..DETAIL_LIMIT as u64 + 5 {
            problems.push(not_an_option(row, "q7"));
        }
        let mut other = Problems::default();
        other.push(not_an_option(1, "q2"));
        other.push(Problem {
            issue: Issue::ExclusiveWithOthers {
                question: "q3".to_string(),
                option: "None".to_string(),
            },
            ..not_an_option(2, "q3")
        });
        problems.merge(other);
        assert_eq!(problems.details.len(), DETAIL_LIMIT);
        assert_eq!((problems.invalid, problems.warnings), (10_006, 1));
        let by_question: Vec<(&str, u64)> = problems
            .invalid_by_question
            .iter()
            .map(|(q, n)| (q.as_str(), *n))
            .collect();
        assert_eq!(by_question, [("q2", 1), ("q7", 10_005)]);
        let warned: Vec<(&str, u64)> = problems
            .warnings_by_question
            .iter()
            .map(|(q, n)| (q.as_str(), *n))
            .collect();
        assert_eq!(warned, [("q3", 1)]);
    }
}
