//! The terminal table: readable at 80 columns, percentages rounded as published, bars drawn with text.

use super::{Exporter, count_noun, grouped, question_label, whole_percent};
use crate::analysis::{OptionResult, QuestionResult, Results, RowResult};
use std::fmt::Write;

/// `intervals`: show each percentage's 95% Wilson interval instead of its bar.
#[derive(Default)]
pub struct Table {
    pub intervals: bool,
}

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
            grouped(r.included),
            grouped(r.excluded)
        )?;
        if r.invalid_answers > 0 {
            writeln!(
                out,
                "{} left out (`canvass check` lists them)",
                count_noun(r.invalid_answers, "invalid answer")
            )?;
        }
        let by = results.by.as_ref().map_or("", |b| b.id.as_str());
        for q in &results.questions {
            writeln!(out)?;
            write_question(&mut out, q, by, self.intervals)?;
        }
        Ok(out.into_bytes())
    }
}

fn write_question(
    out: &mut String,
    q: &QuestionResult,
    by: &str,
    intervals: bool,
) -> std::fmt::Result {
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
    if !q.groups.is_empty() {
        write_groups(out, q, by)?;
    } else if q.rows.iter().any(|r| !r.groups.is_empty()) {
        write_grid_groups(out, q, by)?;
    } else if !q.options.is_empty() {
        let mut base = format!("Base: {}", count_noun(q.base.unwrap_or(0), "respondent"));
        if q.percent_of.is_some() {
            base.push_str("; more than one answer allowed");
        }
        writeln!(out, "{INDENT}{base}")?;
        let width = count_width(5, q.options.iter().chain(&q.non_opinion).map(|o| o.count));
        for o in &q.options {
            write_option(out, o, width, intervals)?;
        }
        for o in &q.non_opinion {
            writeln!(
                out,
                "{INDENT}{} {:>width$}  (not in base)",
                pad(&o.label, LABEL),
                grouped(o.count)
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
    if !q.rows.is_empty() && q.rows.iter().all(|r| r.groups.is_empty()) {
        write_grid(out, q, intervals)?;
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

/// Column heads of a breakdown: "Total" and each group, cut to fit.
fn group_heads(groups: &[crate::analysis::GroupResult]) -> String {
    let mut head = format!("{:>7}", "Total");
    for g in groups {
        let label: String = g.label.chars().take(7).collect();
        let _ = write!(head, "{label:>8}");
    }
    head
}

fn write_groups(out: &mut String, q: &QuestionResult, by: &str) -> std::fmt::Result {
    let label_width = 30;
    let multi = q.percent_of.is_some();
    writeln!(
        out,
        "{INDENT}Percentages of each group's base, by {}",
        question_label(by)
    )?;
    writeln!(
        out,
        "{INDENT}{}{}{}",
        pad("", label_width),
        group_heads(&q.groups),
        if multi { "       p" } else { "" }
    )?;
    for (i, o) in q.options.iter().enumerate() {
        let label: String = o.label.chars().take(label_width - 1).collect();
        let mut line = format!(
            "{INDENT}{}{:>7}",
            pad(&label, label_width),
            whole_percent(o.percent)
        );
        for g in &q.groups {
            write!(line, "{:>8}", whole_percent(g.options[i].percent))?;
        }
        if let Some(test) = &o.test {
            write!(
                line,
                "{:>8}",
                test.p_value.map_or("-".to_string(), |p| format!("{p:.3}"))
            )?;
        }
        writeln!(out, "{line}")?;
    }
    let mut base = format!(
        "{INDENT}{}{:>7}",
        pad("Base", label_width),
        grouped(q.base.unwrap_or(0))
    );
    for g in &q.groups {
        write!(base, "{:>8}", grouped(g.base))?;
    }
    writeln!(out, "{base}")?;
    if let Some(test) = &q.test {
        for line in wrap(&super::describe_test(test, by), WIDTH - INDENT.len()) {
            writeln!(out, "{INDENT}{line}")?;
        }
    }
    if multi {
        writeln!(
            out,
            "{INDENT}p: test of each option by group (- where counts are too small)"
        )?;
    }
    Ok(())
}

fn write_grid_groups(out: &mut String, q: &QuestionResult, by: &str) -> std::fmt::Result {
    let label_width = 22;
    let first = &q.rows[0];
    writeln!(
        out,
        "{INDENT}Net positive by {}, % of each group's base; p tests each row's answers by group",
        question_label(by)
    )?;
    writeln!(
        out,
        "{INDENT}{}{}{:>8}",
        pad("", label_width),
        group_heads(&first.groups),
        "p"
    )?;
    for row in &q.rows {
        let id: String = row.id.chars().take(label_width - 1).collect();
        let mut line = format!(
            "{INDENT}{}{:>7}",
            pad(&id, label_width),
            whole_percent(row.nets.as_ref().and_then(|n| n.positive))
        );
        for g in &row.groups {
            write!(
                line,
                "{:>8}",
                whole_percent(g.nets.as_ref().and_then(|n| n.positive))
            )?;
        }
        write!(
            line,
            "{:>8}",
            row.test
                .as_ref()
                .and_then(|t| t.p_value)
                .map_or("-".to_string(), |p| format!("{p:.3}"))
        )?;
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The width of a column of counts: `least` characters, or the widest count with its commas.
fn count_width(least: usize, counts: impl Iterator<Item = u64>) -> usize {
    counts.map(|n| grouped(n).len()).fold(least, usize::max)
}

fn write_option(
    out: &mut String,
    o: &OptionResult,
    width: usize,
    intervals: bool,
) -> std::fmt::Result {
    let lines = wrap(&o.label, LABEL);
    let shown = match (intervals, o.ci) {
        (true, Some([low, high])) => {
            format!("(95% CI {}-{})", low.round() as i64, high.round() as i64)
        }
        (true, None) => String::new(),
        (false, _) => bar(o.percent),
    };
    let line = format!(
        "{INDENT}{} {:>width$} {:>4}  {shown}",
        pad(&lines[0], LABEL),
        grouped(o.count),
        whole_percent(o.percent),
    );
    writeln!(out, "{}", line.trim_end())?;
    for line in &lines[1..] {
        writeln!(out, "{INDENT}  {line}")?;
    }
    Ok(())
}

fn write_grid(out: &mut String, q: &QuestionResult, intervals: bool) -> std::fmt::Result {
    let first = &q.rows[0];
    let points = first.options.len();
    if points > MATRIX_POINTS {
        for row in &q.rows {
            writeln!(out, "{INDENT}{} (base {})", row.label, grouped(row.base))?;
            let width = count_width(5, row.options.iter().map(|o| o.count));
            for o in row.options.iter() {
                write_option(out, o, width, intervals)?;
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
    // Each count column is as wide as its widest count, with a space before it.
    let dont_know = |row: &RowResult| row.non_opinion.iter().map(|o| o.count).sum::<u64>();
    let base_width = 1 + count_width(5, q.rows.iter().map(|row| row.base));
    let dk_width = 1 + count_width(4, q.rows.iter().map(dont_know));
    let mut header = format!("{INDENT}{}", pad("", row_width));
    for i in 0..points {
        write!(header, "{:>5}", i + 1)?;
    }
    write!(header, "{:>base_width$}", "Base")?;
    if !outside.is_empty() {
        write!(header, "{:>dk_width$}", "DK")?;
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
        write!(line, "{:>base_width$}", grouped(row.base))?;
        if !outside.is_empty() {
            write!(line, "{:>dk_width$}", grouped(dont_know(row)))?;
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
