//! `canvass validate`: check a questionnaire and summarise it.

use crate::render::{count_noun, question_label};
use crate::survey::{self, FieldRole, Kind};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire (TOML).
    pub survey: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let survey = survey::load(&args.survey)?;
    let mut out = String::new();
    let meta = &survey.meta;
    writeln!(
        out,
        "{}: valid questionnaire {:?}",
        args.survey.display(),
        meta.id
    )?;
    writeln!(out, "{}", meta.title)?;
    if let Some(org) = &meta.organisation {
        writeln!(out, "{org}")?;
    }
    if let Some((opens, closes)) = &meta.fieldwork {
        writeln!(out, "Fieldwork {opens} to {closes}")?;
    }
    let fields = survey.fields();
    let contact = fields
        .iter()
        .filter(|f| f.role == FieldRole::Contact)
        .count();
    writeln!(
        out,
        "{}, {} ({} never reported)",
        count_noun(survey.questions.len() as u64, "question"),
        count_noun(fields.len() as u64, "column"),
        count_noun(contact as u64, "contact column"),
    )?;
    let names = survey.name_columns();
    if !names.is_empty() {
        writeln!(
            out,
            "The name in {} is taken out of each respondent's own answers",
            names.join(" and ")
        )?;
    } else if let Some(field) = name_like_field(&survey) {
        writeln!(
            out,
            "No contact field holds a name, so names written into answers stay; if {} ({:?}) \
             does, give it `personal_name = true`",
            field.column, field.label
        )?;
    }
    writeln!(out)?;
    for q in &survey.questions {
        let mut shape = match &q.kind {
            Kind::Single { options } | Kind::Multi { options } => {
                count_noun(options.len() as u64, "option")
            }
            Kind::Grid { rows, points } => format!(
                "{} x {} points",
                count_noun(rows.len() as u64, "row"),
                points.len()
            ),
            Kind::Contact { fields, .. } => count_noun(fields.len() as u64, "field"),
            Kind::Text | Kind::Number { .. } => String::new(),
        };
        if q.other.is_some() {
            shape.push_str(" + other");
        }
        if q.comment.is_some() {
            shape.push_str(" + comment");
        }
        if let Some(routing) = &q.ask_if {
            write!(shape, " (if {})", survey.questions[routing.question].id)?;
        }
        let text: String = q.text.chars().take(36).collect();
        let ellipsis = if q.text.chars().count() > 36 {
            "..."
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<5}{:<8}{:<24}{text}{ellipsis}",
            question_label(&q.id),
            q.kind.name(),
            shape.trim()
        )?;
    }
    super::write_output(None, out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A contact field whose label asks for a name ("Your name", not "Name of your organisation"),
/// for a questionnaire where no field is known to hold one.
fn name_like_field(survey: &survey::Survey) -> Option<&survey::GridRow> {
    let asks_for_a_name = |label: &str| {
        let label = label.to_lowercase();
        label.contains("name")
            && ![
                "organisation",
                "organization",
                "company",
                "business",
                "school",
                "service",
            ]
            .iter()
            .any(|other| label.contains(other))
    };
    survey.questions.iter().find_map(|q| match &q.kind {
        Kind::Contact { fields, .. } => fields.iter().find(|f| asks_for_a_name(&f.label)),
        _ => None,
    })
}
