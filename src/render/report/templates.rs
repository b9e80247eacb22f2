//! The report's handlebars templates: embedded in the binary, registered once, and each
//! replaceable by a file of the same name in a council's own templates folder.

use handlebars::Handlebars;
use std::path::Path;

/// Every template, by file name; the first is the page, the rest are partials (`{{> name}}`).
pub const TEMPLATE_FILES: [(&str, &str); 10] = [
    (
        "report.html.hbs",
        include_str!("../../../templates/report.html.hbs"),
    ),
    (
        "style.css.hbs",
        include_str!("../../../templates/style.css.hbs"),
    ),
    (
        "contents.hbs",
        include_str!("../../../templates/contents.hbs"),
    ),
    ("notes.hbs", include_str!("../../../templates/notes.hbs")),
    (
        "introduction.hbs",
        include_str!("../../../templates/introduction.hbs"),
    ),
    (
        "question.hbs",
        include_str!("../../../templates/question.hbs"),
    ),
    ("table.hbs", include_str!("../../../templates/table.hbs")),
    (
        "quality.hbs",
        include_str!("../../../templates/quality.hbs"),
    ),
    (
        "appendix.hbs",
        include_str!("../../../templates/appendix.hbs"),
    ),
    (
        "compare.html.hbs",
        include_str!("../../../templates/compare.html.hbs"),
    ),
];

/// What canvass itself makes into HTML or SVG, escaping what it holds (charts, clouds, notes): the
/// only values a template may write unescaped. Anything else so written (an answer, a label)
/// would reach the page as HTML.
const WRITTEN_AS_HTML: [&str; 9] = [
    "chart",
    "cloud",
    "background",
    "methodology",
    "summary",
    "key_findings",
    "recommendations",
    "commentary",
    "font_face",
];

/// The first expression in `text` that writes a value unescaped (`{{{...}}}` or `{{&...}}`) and
/// is not one of `WRITTEN_AS_HTML`, as written, with its line. Comments and raw blocks write no
/// values; whatever does not close is left for handlebars to report.
fn unescaped_value(text: &str) -> Option<(usize, &str)> {
    let mut at = 0;
    while let Some(found) = text[at..].find("{{") {
        let start = at + found;
        let rest = &text[start..];
        let after = |end: &str| rest.find(end).map(|i| start + i + end.len());
        at = if rest.starts_with("{{{{") {
            // A raw block: its text is written as it stands, braces and all.
            let close = rest.find("{{{{/")?;
            start + close + rest[close..].find("}}}}")? + 4
        } else if rest.starts_with("{{!--") {
            after("--}}")?
        } else if rest.starts_with("{{!") {
            after("}}")?
        } else {
            let inner = rest[2..].strip_prefix('~').unwrap_or(&rest[2..]);
            let expression = match inner.chars().next() {
                Some('{') => inner[1..].split('}').next(),
                Some('&') => inner[1..].split("}}").next(),
                _ => None,
            };
            if let Some(expression) = expression {
                let path = expression.trim().trim_end_matches('~').trim();
                let plain = path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '@'));
                let last = path.rsplit(['.', '/']).next().unwrap_or_default();
                if !(plain && WRITTEN_AS_HTML.contains(&last)) {
                    let line = text[..start].matches('\n').count() + 1;
                    let end = rest.find("}}").map_or(rest.len(), |i| i + 2);
                    let end = end + usize::from(rest[end..].starts_with('}'));
                    return Some((line, &rest[..end]));
                }
            }
            start + 2
        };
    }
    None
}

/// The name a template is registered and called by: its file name without extensions.
fn name(file: &str) -> &str {
    file.split('.').next().unwrap_or(file)
}

/// The registry of templates, with any found in `overrides` used instead of the built-in ones.
pub fn registry(overrides: Option<&Path>) -> anyhow::Result<Handlebars<'static>> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    let mut sources: Vec<(String, String, String)> = TEMPLATE_FILES
        .iter()
        .map(|(file, text)| {
            (
                file.to_string(),
                text.to_string(),
                format!("built-in {file}"),
            )
        })
        .collect();
    if let Some(dir) = overrides {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("cannot read templates folder {}: {e}", dir.display()))?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for path in files {
            let file = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(slot) = sources.iter_mut().find(|(known, _, _)| *known == file) else {
                let known: Vec<&str> = TEMPLATE_FILES.iter().map(|(f, _)| *f).collect();
                anyhow::bail!(
                    "{}: not one of the report's templates ({})",
                    path.display(),
                    known.join(", ")
                );
            };
            slot.1 = std::fs::read_to_string(&path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            if let Some((line, expression)) = unescaped_value(&slot.1) {
                anyhow::bail!(
                    "{}: line {line}: {expression} writes its value unescaped, so an answer or \
                     label holding HTML would reach the page as HTML; write it with two braces \
                     (only {} may have three)",
                    path.display(),
                    WRITTEN_AS_HTML.join(", ")
                );
            }
            slot.2 = path.display().to_string();
        }
    }
    for (file, text, origin) in sources {
        hb.register_template_string(name(&file), text)
            .map_err(|e| anyhow::anyhow!("{origin}: {}", e.to_string().trim_end()))?;
    }
    Ok(hb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_write_only_canvass_html_unescaped() {
        for (file, text) in TEMPLATE_FILES {
            assert_eq!(unescaped_value(text), None, "{file}");
        }
    }

    #[test]
    fn values_written_unescaped_are_found_in_every_form() {
        let found = |text| unescaped_value(text);
        assert_eq!(found("<p>{{{text}}}</p>"), Some((1, "{{{text}}}")));
        assert_eq!(found("<p>{{&text}}</p>"), Some((1, "{{&text}}")));
        assert_eq!(found("a\nb\n{{~{ label }~}}"), Some((3, "{{~{ label }~}}")));
        assert_eq!(
            found("{{{lookup this \"chart\"}}}"),
            Some((1, "{{{lookup this \"chart\"}}}"))
        );
        assert_eq!(
            found("{{{chart}}}{{{{raw}}}}"),
            None,
            "an unclosed raw block"
        );
        for safe in [
            "{{text}} {{{chart}}} {{~{cloud}~}} {{&commentary}} {{{../summary}}}",
            "{{{{raw}}}}{{{text}}}{{{{/raw}}}}",
            "{{!-- {{{text}}} --}}{{! {{text}} }}",
        ] {
            assert_eq!(found(safe), None, "{safe}");
        }
    }
}
