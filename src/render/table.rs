//! The terminal table: readable at 80 columns, percentages rounded as published, bars drawn with text.

use super::{Exporter, count_noun, question_label, whole_percent};
use crate::analysis::{OptionResult, QuestionResult, Results};
use std::fmt::Write;

pub struct Table;

const WIDTH: usize = 80;
const INDENT: &str = "    ";
const LABEL: usize = 40;
const BAR: usize = 20;
/// Grids with more points than this are listed row by row instead of as a matrix.
const MATRIX_POINTS: usize = 6;

/// Splits text into lines of at most `width` characters, breaking at spaces where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn bar(percent: Option<f64>) -> String {
    let cells = percent.map_or(0, |p| ((p / 100.0) * BAR as f64).round() as usize);
    "█".repeat(cells.min(BAR))
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

impl Exporter for Table {
    fn export(&self, results: &Results) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        for line in wrap(&results.title, WIDTH) {
            writeln!(out, "{line}")?;
        }
        let r = &results.responses;
        writeln!(
            out,
            "{} read: {} included, {} excluded",
            count_noun(r.read, "row"),
            r.included,
            r.excluded
        )?;
        if r.invalid_answers > 0 {
            writeln!(
                out,
                "{} left out (`canvass check` lists them)",
                count_noun(r.invalid_answers, "invalid answer")
            )?;
        }
        for q in &results.questions {
            writeln!(out)?;
            write_question(&mut out, q)?;
        }
        Ok(out.into_bytes())
    }
}

fn write_question(out: &mut String, q: &QuestionResult) -> std::fmt::Result {
    let number = question_label(&q.id);
    for (i, line) in wrap(&q.text, WIDTH - INDENT.len()).iter().enumerate() {
        let lead = if i == 0 {
            pad(&number, INDENT.len())
        } else {
            INDENT.to_string()
        };
        writeln!(out, "{lead}{line}")?;
    }
    if let Some(routing) = &q.routing {
        let answers: Vec<String> = routing.answers.iter().map(|a| format!("{a:?}")).collect();
        let condition = format!(
            "Asked of those who answered {} to {}: {}",
            answers.join(" or "),
            question_label(&routing.question),
            count_noun(routing.asked, "respondent")
        );
        for line in wrap(&condition, WIDTH - INDENT.len()) {
            writeln!(out, "{INDENT}{line}")?;
        }
    }
    if !q.options.is_empty() {
        let mut base = format!("Base: {}", count_noun(q.base.unwrap_or(0), "respondent"));
        if q.percent_of.is_some() {
            base.push_str("; more than one answer allowed");
        }
        writeln!(out, "{INDENT}{base}")?;
        for o in &q.options {
            write_option(out, o)?;
        }
        for o in &q.non_opinion {
            writeln!(
                out,
                "{INDENT}{} {:>5}  (not in base)",
                pad(&o.label, LABEL),
                o.count
            )?;
        }
        if let Some(nets) = &q.nets {
            writeln!(
                out,
                "{INDENT}Net positive {}, net negative {}",
                whole_percent(nets.positive),
                whole_percent(nets.negative)
            )?;
        }
    }
    if !q.rows.is_empty() {
        write_grid(out, q)?;
    }
    if let Some(n) = &q.number {
        let num = |v: Option<f64>| {
            v.map(|v| format!("{}", (v * 10.0).round() / 10.0))
                .unwrap_or_else(|| "-".into())
        };
        let unit = n
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{INDENT}Base: {}",
            count_noun(q.answered, "respondent")
        )?;
        writeln!(
            out,
            "{INDENT}Mean {}{unit}, lowest {}, highest {}",
            num(n.mean),
            num(n.min),
            num(n.max)
        )?;
    }
    if q.kind == "text" {
        writeln!(
            out,
            "{INDENT}Free text: {}",
            count_noun(q.answered, "answer")
        )?;
    }
    for text in q.other.iter().chain(&q.comment) {
        writeln!(
            out,
            "{INDENT}{}: {}",
            text.text,
            count_noun(text.answered, "answer")
        )?;
    }
    Ok(())
}

fn write_option(out: &mut String, o: &OptionResult) -> std::fmt::Result {
    let lines = wrap(&o.label, LABEL);
    let line = format!(
        "{INDENT}{} {:>5} {:>4}  {}",
        pad(&lines[0], LABEL),
        o.count,
        whole_percent(o.percent),
        bar(o.percent)
    );
    writeln!(out, "{}", line.trim_end())?;
    for line in &lines[1..] {
        writeln!(out, "{INDENT}  {line}")?;
    }
    Ok(())
}

fn write_grid(out: &mut String, q: &QuestionResult) -> std::fmt::Result {
    let first = &q.rows[0];
    let points = first.options.len();
    if points > MATRIX_POINTS {
        for row in &q.rows {
            writeln!(out, "{INDENT}{} (base {})", row.label, row.base)?;
            for o in row.options.iter() {
                write_option(out, o)?;
            }
        }
        return Ok(());
    }
    let key: Vec<String> = first
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{} {}", i + 1, o.label))
        .collect();
    for line in wrap(&format!("Scale: {}", key.join(", ")), WIDTH - INDENT.len()) {
        writeln!(out, "{INDENT}{line}")?;
    }
    let outside: Vec<&str> = first.non_opinion.iter().map(|o| o.label.as_str()).collect();
    let note = if outside.is_empty() {
        "Percentages of each row's base".to_string()
    } else {
        format!(
            "Percentages of each row's base; {} counted outside it",
            outside.join(", ")
        )
    };
    writeln!(out, "{INDENT}{note}")?;
    let row_width = 22;
    let mut header = format!("{INDENT}{}", pad("", row_width));
    for i in 0..points {
        write!(header, "{:>5}", i + 1)?;
    }
    write!(header, "{:>6}", "Base")?;
    if !outside.is_empty() {
        write!(header, "{:>5}", "DK")?;
    }
    if first.nets.is_some() {
        write!(header, "{:>6}{:>6}", "Net+", "Net-")?;
    }
    writeln!(out, "{header}")?;
    for row in &q.rows {
        let id: String = row.id.chars().take(row_width - 1).collect();
        let mut line = format!("{INDENT}{}", pad(&id, row_width));
        for o in &row.options {
            write!(line, "{:>5}", whole_percent(o.percent))?;
        }
        write!(line, "{:>6}", row.base)?;
        if !outside.is_empty() {
            let dk: u64 = row.non_opinion.iter().map(|o| o.count).sum();
            write!(line, "{dk:>5}")?;
        }
        if let Some(nets) = &row.nets {
            write!(
                line,
                "{:>6}{:>6}",
                whole_percent(nets.positive),
                whole_percent(nets.negative)
            )?;
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_splits_overlong_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), vec![""]);
    }
}
