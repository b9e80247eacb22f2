//! Long-format CSV: one line per option, non-opinion point and net, ready for a pivot table.

use super::Exporter;
use crate::analysis::{NetsResult, OptionResult, QuestionResult, Results};
use crate::survey::Net;

pub struct Csv;

const HEADER: [&str; 9] = [
    "question", "kind", "row", "option", "code", "type", "count", "base", "percent",
];

impl Exporter for Csv {
    fn export(&self, results: &Results) -> anyhow::Result<Vec<u8>> {
        let mut out = ::csv::Writer::from_writer(Vec::new());
        out.write_record(HEADER)?;
        for q in &results.questions {
            if let Some(base) = q.base.filter(|_| !q.options.is_empty()) {
                write_distribution(
                    &mut out,
                    q,
                    "",
                    base,
                    q.answered,
                    &q.options,
                    &q.non_opinion,
                    q.nets.as_ref(),
                )?;
            }
            for row in &q.rows {
                write_distribution(
                    &mut out,
                    q,
                    &row.id,
                    row.base,
                    row.answered,
                    &row.options,
                    &row.non_opinion,
                    row.nets.as_ref(),
                )?;
            }
            if let Some(n) = &q.number {
                let mean = n.mean.map(|m| m.to_string()).unwrap_or_default();
                out.write_record([
                    &q.id,
                    q.kind,
                    "",
                    "mean",
                    "",
                    "number",
                    "",
                    &q.answered.to_string(),
                    &mean,
                ])?;
            }
            for text in q.other.iter().chain(&q.comment) {
                out.write_record([
                    &q.id,
                    q.kind,
                    "",
                    &text.id,
                    "",
                    "text",
                    &text.answered.to_string(),
                    "",
                    "",
                ])?;
            }
            if q.kind == "text" {
                out.write_record([
                    &q.id,
                    q.kind,
                    "",
                    "",
                    "",
                    "text",
                    &q.answered.to_string(),
                    "",
                    "",
                ])?;
            }
        }
        Ok(out.into_inner()?)
    }
}

#[allow(clippy::too_many_arguments)]
fn write_distribution(
    out: &mut ::csv::Writer<Vec<u8>>,
    q: &QuestionResult,
    row: &str,
    base: u64,
    answered: u64,
    options: &[OptionResult],
    non_opinion: &[OptionResult],
    nets: Option<&NetsResult>,
) -> anyhow::Result<()> {
    let percent = |p: Option<f64>| p.map(|p| p.to_string()).unwrap_or_default();
    for (kind, list, of) in [
        ("option", options, base),
        ("non_opinion", non_opinion, answered),
    ] {
        for o in list {
            out.write_record([
                q.id.as_str(),
                q.kind,
                row,
                &o.label,
                o.code.as_deref().unwrap_or(""),
                kind,
                &o.count.to_string(),
                &of.to_string(),
                &percent(o.percent),
            ])?;
        }
    }
    let groups = if row.is_empty() {
        &q.groups
    } else {
        q.rows
            .iter()
            .find(|r| r.id == row)
            .map_or(&q.groups, |r| &r.groups)
    };
    for g in groups {
        for o in &g.options {
            let where_ = if row.is_empty() {
                g.label.clone()
            } else {
                format!("{row}/{}", g.label)
            };
            out.write_record([
                q.id.as_str(),
                q.kind,
                &where_,
                &o.label,
                o.code.as_deref().unwrap_or(""),
                "group",
                &o.count.to_string(),
                &g.base.to_string(),
                &percent(o.percent),
            ])?;
        }
    }
    if let Some(nets) = nets {
        for (net, name, p) in [
            (Net::Positive, "net positive", nets.positive),
            (Net::Negative, "net negative", nets.negative),
        ] {
            let count: u64 = options
                .iter()
                .filter(|o| o.net == Some(net))
                .map(|o| o.count)
                .sum();
            out.write_record([
                q.id.as_str(),
                q.kind,
                row,
                name,
                "",
                "net",
                &count.to_string(),
                &base.to_string(),
                &percent(p),
            ])?;
        }
    }
    Ok(())
}
