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
            slot.2 = path.display().to_string();
        }
    }
    for (file, text, origin) in sources {
        hb.register_template_string(name(&file), text)
            .map_err(|e| anyhow::anyhow!("{origin}: {}", e.to_string().trim_end()))?;
    }
    Ok(hb)
}
