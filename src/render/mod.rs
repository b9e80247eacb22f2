//! Output formats for results: terminal table, Markdown, CSV and JSON, each returning bytes.

pub mod charts;
pub mod cloud;
mod csv;
pub mod font;
mod json;
mod markdown;
pub mod narrative;
pub mod report;
mod table;

pub use self::csv::Csv;
pub use self::json::Json;
pub use self::markdown::Markdown;
pub use self::table::Table;

use crate::analysis::Results;

/// Turns results into the bytes of one format, so each format is tested in memory.
pub trait Exporter {
    fn export(&self, results: &Results) -> anyhow::Result<Vec<u8>>;
}

/// The formats `tally` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for an 80-column terminal.
    Table,
    /// Markdown tables, for pasting into documents.
    Markdown,
    /// One row per option, for spreadsheets.
    Csv,
    /// The full results, unrounded (a stable contract).
    Json,
}

impl Format {
    /// The exporter of this format; `intervals` adds 95% intervals to the table.
    pub fn exporter(self, intervals: bool) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(Table { intervals }),
            Format::Markdown => Box::new(Markdown),
            Format::Csv => Box::new(Csv),
            Format::Json => Box::new(Json),
        }
    }
}

/// A percentage as published: whole number, halves rounded away from zero ("38%" for 37.5).
pub fn whole_percent(percent: Option<f64>) -> String {
    match percent {
        Some(p) => format!("{}%", p.round() as i64),
        None => "-".to_string(),
    }
}

/// A test's outcome in words: "chi-square p = 0.574: no significant difference by Q6 (95%)".
pub fn describe_test(test: &crate::analysis::stats::Test, by: &str) -> String {
    match (test.p_value, &test.caution) {
        (Some(p), _) => format!(
            "{} {}: {} by {} (95%)",
            test.method,
            p_text(p),
            if p < 0.05 {
                "a significant difference"
            } else {
                "no significant difference"
            },
            question_label(by)
        ),
        (None, Some(caution)) => format!("{}: {caution}", test.method),
        (None, None) => format!("{}: no p-value", test.method),
    }
}

/// "p = 0.574", "p < 0.001".
pub fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// "1 respondent", "36 respondents", "996,966 respondents".
pub fn count_noun(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", grouped(n))
    }
}

/// Counts kept by question id, in questionnaire order (questions without one left out).
pub fn in_question_order<'a>(
    survey: &'a crate::survey::Survey,
    counts: &std::collections::BTreeMap<String, u64>,
) -> Vec<(&'a str, u64)> {
    survey
        .questions
        .iter()
        .filter_map(|q| Some((q.id.as_str(), *counts.get(&q.id)?)))
        .collect()
}

/// A count as a report prints it, thousands set off by commas: "1,250", "996,966".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The question's number as printed ("Q2" for id "q2"; other ids as they are).
pub fn question_label(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some('q') if chars.clone().next().is_some_and(|c| c.is_ascii_digit()) => {
            format!("Q{}", chars.as_str())
        }
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_percent_rounds_halves_away_from_zero() {
        assert_eq!(whole_percent(Some(37.5)), "38%");
        assert_eq!(whole_percent(Some(12.0 * 100.0 / 32.0)), "38%");
        assert_eq!(whole_percent(Some(100.0 / 8.0)), "13%");
        assert_eq!(whole_percent(Some(43.49)), "43%");
        assert_eq!(whole_percent(None), "-");
    }

    #[test]
    fn counts_set_off_thousands_with_commas() {
        let shown: Vec<String> = [0, 7, 999, 1_000, 12_345, 996_966, 1_234_567, u64::MAX]
            .into_iter()
            .map(grouped)
            .collect();
        assert_eq!(
            shown,
            [
                "0",
                "7",
                "999",
                "1,000",
                "12,345",
                "996,966",
                "1,234,567",
                "18,446,744,073,709,551,615"
            ]
        );
        assert_eq!(count_noun(996_966, "respondent"), "996,966 respondents");
    }

    #[test]
    fn question_labels_capitalise_numbered_ids() {
        assert_eq!(question_label("q10"), "Q10");
        assert_eq!(question_label("quality"), "quality");
    }
}
