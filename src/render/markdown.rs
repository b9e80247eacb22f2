//! Markdown tables, one per question, for pasting into a report or an issue.

use super::{Exporter, count_noun, grouped, question_label, whole_percent};
use crate::analysis::{QuestionResult, Results};
use std::fmt::Write;

pub struct Markdown;

/// Keeps a cell inside its table: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Exporter for Markdown {
    fn export(&self, results: &Results) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        let r = &results.responses;
        writeln!(out, "# {}\n", cell(&results.title))?;
        writeln!(
            out,
            "{} read: {} included, {} excluded.",
            count_noun(r.read, "row"),
            grouped(r.included),
            grouped(r.excluded)
        )?;
        for q in &results.questions {
            writeln!(out, "\n## {}. {}\n", question_label(&q.id), cell(&q.text))?;
            write_question(&mut out, q)?;
            if let (false, Some(by)) = (q.groups.is_empty(), &results.by) {
                write_groups(&mut out, q, &by.id)?;
            }
        }
        Ok(out.into_bytes())
    }
}

fn write_groups(out: &mut String, q: &QuestionResult, by: &str) -> std::fmt::Result {
    let heads: Vec<String> = q.groups.iter().map(|g| cell(&g.label)).collect();
    writeln!(
        out,
        "\nBy {}: percentages of each group's base.\n",
        question_label(by)
    )?;
    writeln!(out, "| Option | Total | {} |", heads.join(" | "))?;
    writeln!(out, "|---|---:|{}", "---:|".repeat(heads.len()))?;
    for (i, o) in q.options.iter().enumerate() {
        let cells: Vec<String> = q
            .groups
            .iter()
            .map(|g| whole_percent(g.options[i].percent))
            .collect();
        writeln!(
            out,
            "| {} | {} | {} |",
            cell(&o.label),
            whole_percent(o.percent),
            cells.join(" | ")
        )?;
    }
    let bases: Vec<String> = q.groups.iter().map(|g| grouped(g.base)).collect();
    writeln!(
        out,
        "| Base | {} | {} |",
        grouped(q.base.unwrap_or(0)),
        bases.join(" | ")
    )?;
    if let Some(test) = &q.test {
        writeln!(out, "\n{}.", super::describe_test(test, by))?;
    }
    Ok(())
}

fn write_question(out: &mut String, q: &QuestionResult) -> std::fmt::Result {
    if let Some(routing) = &q.routing {
        writeln!(
            out,
            "Asked of those who answered {} to {} ({}).\n",
            routing
                .answers
                .iter()
                .map(|a| format!("\"{}\"", cell(a)))
                .collect::<Vec<_>>()
                .join(" or "),
            question_label(&routing.question),
            count_noun(routing.asked, "respondent")
        )?;
    }
    if !q.options.is_empty() {
        let base = q.base.unwrap_or(0);
        writeln!(out, "Base: {}", count_noun(base, "respondent"))?;
        if q.percent_of.is_some() {
            writeln!(
                out,
                "(respondents could tick more than one option, so percentages may add up to more than 100%)"
            )?;
        }
        writeln!(out, "\n| Option | Count | % |\n|---|---:|---:|")?;
        for o in &q.options {
            writeln!(
                out,
                "| {} | {} | {} |",
                cell(&o.label),
                grouped(o.count),
                whole_percent(o.percent)
            )?;
        }
        for o in &q.non_opinion {
            writeln!(
                out,
                "| {} (not in base) | {} | |",
                cell(&o.label),
                grouped(o.count)
            )?;
        }
        if let Some(nets) = &q.nets {
            writeln!(
                out,
                "\nNet positive {}, net negative {}.",
                whole_percent(nets.positive),
                whole_percent(nets.negative)
            )?;
        }
    }
    if let Some(first) = q.rows.first() {
        let points: Vec<String> = first
            .options
            .iter()
            .chain(&first.non_opinion)
            .map(|o| cell(&o.label))
            .collect();
        writeln!(
            out,
            "| Row | {} | Base | Net positive | Net negative |",
            points.join(" | ")
        )?;
        writeln!(out, "|---|{}---:|---:|---:|", "---:|".repeat(points.len()))?;
        for row in &q.rows {
            let mut cells: Vec<String> = row
                .options
                .iter()
                .map(|o| format!("{} ({})", whole_percent(o.percent), grouped(o.count)))
                .collect();
            cells.extend(row.non_opinion.iter().map(|o| grouped(o.count)));
            let nets = row.nets.as_ref();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&row.label),
                cells.join(" | "),
                grouped(row.base),
                whole_percent(nets.and_then(|n| n.positive)),
                whole_percent(nets.and_then(|n| n.negative))
            )?;
        }
        if !first.non_opinion.is_empty() {
            writeln!(
                out,
                "\nPercentages are of the base; {} is shown as a count outside it.",
                points[first.options.len()..].join(", ")
            )?;
        }
    }
    if let Some(n) = &q.number {
        let num = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_else(|| "-".to_string());
        writeln!(
            out,
            "Base: {}; mean {}, lowest {}, highest {}.",
            count_noun(q.answered, "respondent"),
            num(n.mean.map(|m| (m * 10.0).round() / 10.0)),
            num(n.min),
            num(n.max)
        )?;
    }
    if q.kind == "text" {
        writeln!(out, "Free text: {}.", count_noun(q.answered, "answer"))?;
    }
    for text in q.other.iter().chain(&q.comment) {
        writeln!(
            out,
            "\n{}: {}.",
            cell(&text.text),
            count_noun(text.answered, "answer")
        )?;
    }
    Ok(())
}
