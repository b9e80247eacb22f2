//! Officer notes for the report: summary, key findings, recommendations, commentary per
//! question and chosen or hidden quotes, from TOML or Markdown; rendered as escaped Markdown.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Notes as written in TOML.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// Markdown: the summary that opens the report.
    #[serde(default)]
    pub summary: Option<String>,
    /// Markdown: key findings.
    #[serde(default)]
    pub key_findings: Option<String>,
    /// Markdown: recommendations.
    #[serde(default)]
    pub recommendations: Option<String>,
    /// Per question id (`q5`): commentary and quote choices.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionNotes>,
}

/// The officer's word on one question.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuestionNotes {
    /// Markdown shown under the question's figures.
    #[serde(default)]
    pub commentary: Option<String>,
    /// Respondent ids whose answers to quote, in this order, instead of canvass's choice.
    #[serde(default)]
    pub quotes: Vec<String>,
    /// Respondent ids never to quote.
    #[serde(default)]
    pub hide_quotes: Vec<String>,
}

/// Reads notes: `.toml` as above; anything else as Markdown whose `## ` headings are Summary,
/// Key findings, Recommendations or a question id (`## Q5`).
pub fn load(path: &Path, question_ids: &[String]) -> anyhow::Result<Notes> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read notes {}: {e}", path.display()))?;
    let notes = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
            anyhow::anyhow!(
                "{}: line {line}: {}",
                path.display(),
                e.message().trim_end()
            )
        })?
    } else {
        from_markdown(&text, path, question_ids)?
    };
    for id in notes.questions.keys() {
        if !question_ids.iter().any(|q| q.eq_ignore_ascii_case(id)) {
            anyhow::bail!(
                "{}: notes for {id:?}, which is not a question of the survey",
                path.display()
            );
        }
    }
    Ok(notes)
}

fn from_markdown(text: &str, path: &Path, question_ids: &[String]) -> anyhow::Result<Notes> {
    let mut notes = Notes::default();
    let mut current: Option<(usize, String)> = None;
    let mut body = String::new();
    let flush = |section: Option<(usize, String)>,
                 body: &mut String,
                 notes: &mut Notes|
     -> anyhow::Result<()> {
        let content = std::mem::take(body).trim().to_string();
        let Some((line, name)) = section else {
            if !content.is_empty() {
                anyhow::bail!(
                    "{}: line 1: text before the first `## ` heading; start with `## Summary`",
                    path.display()
                );
            }
            return Ok(());
        };
        let slot = match name.to_lowercase().as_str() {
            "summary" => &mut notes.summary,
            "key findings" => &mut notes.key_findings,
            "recommendations" => &mut notes.recommendations,
            other => match question_ids.iter().find(|q| q.eq_ignore_ascii_case(other)) {
                Some(q) => &mut notes.questions.entry(q.clone()).or_default().commentary,
                None => anyhow::bail!(
                    "{}: line {line}: unknown section {name:?}; use Summary, Key findings, Recommendations or a question id such as {}",
                    path.display(),
                    question_ids
                        .last()
                        .map_or("q1", String::as_str)
                        .to_uppercase()
                ),
            },
        };
        *slot = Some(content);
        Ok(())
    };
    for (i, line) in text.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            flush(current.take(), &mut body, &mut notes)?;
            current = Some((i + 1, heading.trim().to_string()));
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(current, &mut body, &mut notes)?;
    Ok(notes)
}

/// Markdown to HTML with every piece of raw HTML shown as text, images as their description,
/// and links only to web and mail addresses.
pub fn markdown_html(markdown: &str) -> String {
    let mut in_image = false;
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) => {
            in_image = true;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = false;
            None
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = ["http://", "https://", "mailto:", "#"]
                .iter()
                .any(|p| dest_url.to_lowercase().starts_with(p));
            let dest_url = if safe {
                dest_url
            } else {
                CowStr::Borrowed("#")
            };
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        other if in_image => match other {
            Event::Text(t) => Some(Event::Text(t)),
            _ => None,
        },
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_scripts_and_images_never_pass_through() {
        let html = markdown_html(
            "Hello <script>alert(1)</script> **world**\n\n<img src=x onerror=alert(1)>\n\n![a chart](http://example.org/x.png) [bad](javascript:alert(1)) [good](https://example.org)",
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("<strong>world</strong>"));
        assert!(
            html.contains("a chart")
                && html.contains("href=\"#\"")
                && html.contains("href=\"https://example.org\""),
            "{html}"
        );
    }

    #[test]
    fn markdown_notes_are_split_by_heading() {
        let ids = vec!["q2".to_string(), "q5".to_string()];
        let notes = from_markdown(
            "## Summary\nAll good.\n\n## Q5\nFunding *matters*.\n",
            Path::new("n.md"),
            &ids,
        )
        .unwrap();
        assert_eq!(notes.summary.as_deref(), Some("All good."));
        assert_eq!(
            notes.questions["q5"].commentary.as_deref(),
            Some("Funding *matters*.")
        );
        let err = from_markdown(
            "## Summary\nx\n## Introduction\ny\n",
            Path::new("n.md"),
            &ids,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "n.md: line 3: unknown section \"Introduction\"; use Summary, Key findings, Recommendations or a question id such as Q5"
        );
    }
}
