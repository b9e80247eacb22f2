//! Reading a questionnaire file: TOML parsing, then checks that name the file and line.

use super::definition::{CodebookFile, OptionDef, QuestionDef, ScaleDef, SurveyFile, ThemeDef};
use super::{Choice, Companion, GridRow, Kind, Meta, Net, Question, Routing, Survey};
use crate::ingest::normalize_label;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Why a questionnaire could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read questionnaire {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}", Problems(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<(usize, String)>,
    },
}

struct Problems<'a>(&'a Path, &'a [(usize, String)]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let count = self.1.len();
        if count > 1 {
            writeln!(f, "{}: {count} problems", self.0.display())?;
        }
        for (i, (line, message)) in self.1.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: line {line}: {message}", self.0.display())?;
        }
        Ok(())
    }
}

/// Reads and checks a questionnaire file.
pub fn load(path: &Path) -> Result<Survey, LoadError> {
    let source = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&source, path)
}

/// Parses and checks questionnaire text; `path` is only used in messages.
pub fn parse(source: &str, path: &Path) -> Result<Survey, LoadError> {
    let lines = LineIndex::new(source);
    let file: SurveyFile = from_toml(source, path, &lines)?;
    let mut checker = Checker {
        lines: &lines,
        problems: Vec::new(),
    };
    let mut survey = checker.survey(file.survey, &file.scales, &file.questions);
    survey.themes = checker.themes(&survey, &file.themes);
    if let Some(compare) = &file.compare {
        for def in &compare.questions {
            let line = lines.line(def);
            let q = def.get_ref();
            match survey.question(&q.id) {
                None => checker.problem(
                    line,
                    format!(
                        "compare: {:?} is not a question of this questionnaire",
                        q.id
                    ),
                ),
                Some(i) => {
                    let choices = survey.questions[i].kind.choices();
                    for label in q.options.keys() {
                        if !choices
                            .iter()
                            .any(|c| normalize_label(&c.label) == normalize_label(label))
                        {
                            checker.problem(
                                line,
                                format!("compare: {label:?} is not an option of {}", q.id),
                            );
                        }
                    }
                }
            }
            survey.compare.push(q.clone());
        }
    }
    checker.finish(path, survey)
}

/// Reads a codebook file (`[[themes]]` only) and adds its themes to the survey's.
pub fn load_codebook(path: &Path, survey: &mut Survey) -> Result<(), LoadError> {
    let source = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let lines = LineIndex::new(&source);
    let file: CodebookFile = from_toml(&source, path, &lines)?;
    let mut checker = Checker {
        lines: &lines,
        problems: Vec::new(),
    };
    let themes = checker.themes(survey, &file.themes);
    let line_of = |name: &str| {
        file.themes
            .iter()
            .find(|t| t.get_ref().name == name)
            .map_or(1, |t| lines.line(t))
    };
    for theme in &themes {
        if survey
            .themes
            .iter()
            .any(|t| t.question == theme.question && t.name == theme.name)
        {
            checker.problem(
                line_of(&theme.name),
                format!(
                    "theme {:?} of {} is already defined in the questionnaire",
                    theme.name, theme.question
                ),
            );
        }
    }
    checker.finish(path, ())?;
    survey.themes.extend(themes);
    Ok(())
}

fn from_toml<T: serde::de::DeserializeOwned>(
    source: &str,
    path: &Path,
    lines: &LineIndex,
) -> Result<T, LoadError> {
    toml::from_str(source).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| lines.line_col(span.start))
            .unwrap_or((1, 1));
        LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().trim_end().to_string(),
        }
    })
}

/// Byte offset to 1-based line and column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        (line, offset - self.starts[line - 1] + 1)
    }

    fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        self.line_col(spanned.span().start).0
    }
}

struct Checker<'a> {
    lines: &'a LineIndex,
    problems: Vec<(usize, String)>,
}

/// A scale as resolved from `[scales]`, with the line it was defined on.
struct NamedScale {
    points: Vec<Choice>,
}

impl Checker<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push((line, message.into()));
    }

    fn finish<T>(mut self, path: &Path, value: T) -> Result<T, LoadError> {
        if self.problems.is_empty() {
            return Ok(value);
        }
        self.problems.sort_by_key(|(line, _)| *line);
        Err(LoadError::Invalid {
            path: path.to_path_buf(),
            problems: self.problems,
        })
    }

    /// Themes must name a free-text field, and every pattern must be usable.
    fn themes(&mut self, survey: &Survey, defs: &[Spanned<ThemeDef>]) -> Vec<ThemeDef> {
        let fields = survey.text_fields();
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let mut themes = Vec::new();
        for def in defs {
            let line = self.lines.line(def);
            let theme = def.get_ref();
            if !fields.iter().any(|f| f.id == theme.question) {
                let ids: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
                self.problem(
                    line,
                    format!(
                        "theme {:?}: {:?} is not a free-text field (those are {})",
                        theme.name,
                        theme.question,
                        ids.join(", ")
                    ),
                );
            }
            if theme.name.trim().is_empty() {
                self.problem(line, "a theme has an empty name");
            }
            if let Some(first) = seen.insert((theme.question.clone(), theme.name.clone()), line) {
                self.problem(
                    line,
                    format!(
                        "theme {:?} of {} is defined twice (first at line {first})",
                        theme.name, theme.question
                    ),
                );
            }
            if theme.patterns.is_empty() {
                self.problem(
                    line,
                    format!("theme {:?}: the pattern list is empty", theme.name),
                );
            }
            for pattern in &theme.patterns {
                let words: Vec<&str> = pattern.split_whitespace().collect();
                if words.is_empty()
                    || words.iter().any(|w| {
                        w.trim_end_matches('*').is_empty() || w.trim_end_matches('*').contains('*')
                    })
                {
                    self.problem(
                        line,
                        format!("theme {:?}: pattern {pattern:?} must be words, with `*` only at the end of a word", theme.name),
                    );
                } else if let Some(reason) = never_matched(&words) {
                    self.problem(
                        line,
                        format!(
                            "theme {:?}: pattern {pattern:?} can never match: {reason}",
                            theme.name
                        ),
                    );
                }
            }
            themes.push(theme.clone());
        }
        themes
    }

    fn survey(
        &mut self,
        meta_def: super::definition::MetaDef,
        scale_defs: &std::collections::BTreeMap<String, Spanned<ScaleDef>>,
        question_defs: &[Spanned<QuestionDef>],
    ) -> Survey {
        let meta_line = self.lines.line(&meta_def.id);
        if meta_def.id.get_ref().trim().is_empty() {
            self.problem(meta_line, "survey id is empty");
        }
        let fieldwork = meta_def.fieldwork.as_ref().map(|fw| {
            for date in [&fw.opens, &fw.closes] {
                if !is_iso_date(date.get_ref()) {
                    let line = self.lines.line(date);
                    self.problem(
                        line,
                        format!(
                            "fieldwork date {:?} is not a date in the form YYYY-MM-DD",
                            date.get_ref()
                        ),
                    );
                }
            }
            if fw.opens.get_ref() > fw.closes.get_ref() {
                let line = self.lines.line(&fw.closes);
                self.problem(line, "fieldwork closes before it opens");
            }
            (fw.opens.get_ref().clone(), fw.closes.get_ref().clone())
        });
        let meta = Meta {
            id: meta_def.id.into_inner(),
            title: meta_def.title,
            organisation: meta_def.organisation,
            introduction: meta_def.introduction,
            background: meta_def.background,
            methodology: meta_def.methodology,
            fieldwork,
            distribution: meta_def.distribution,
            contact: meta_def.contact,
            stop_words: meta_def.stop_words,
        };

        let mut scales = HashMap::new();
        for (name, def) in scale_defs {
            let line = self.lines.line(def);
            let points = self.choices(line, &format!("scale {name:?}"), &def.get_ref().points);
            scales.insert(name.clone(), NamedScale { points });
        }

        if question_defs.is_empty() {
            self.problem(1, "the questionnaire has no [[questions]]");
        }
        let mut questions: Vec<Question> = Vec::new();
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for def in question_defs {
            let line = self.lines.line(def);
            let def = def.get_ref();
            let id = def.id.get_ref().trim().to_string();
            if id.is_empty() {
                self.problem(line, "question id is empty");
                continue;
            }
            if let Some(first) = first_line.get(&id) {
                self.problem(
                    line,
                    format!("question {id:?}: duplicate id (first used at line {first})"),
                );
                continue;
            }
            first_line.insert(id.clone(), line);
            if let Some(question) = self.question(line, &id, def, &scales, scale_defs, &questions) {
                questions.push(question);
            }
        }
        let survey = Survey {
            meta,
            questions,
            themes: Vec::new(),
            compare: Vec::new(),
        };
        self.check_columns(&survey, &first_line);
        survey
    }

    fn choices(&mut self, line: usize, owner: &str, defs: &[OptionDef]) -> Vec<Choice> {
        if defs.is_empty() {
            self.problem(line, format!("{owner}: the option list is empty"));
        }
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut choices = Vec::with_capacity(defs.len());
        for def in defs {
            let label = def.label.trim().to_string();
            if label.is_empty() {
                self.problem(line, format!("{owner}: an option has an empty label"));
            }
            let mut keys = vec![normalize_label(&label)];
            keys.extend(def.code.iter().map(|c| normalize_label(c)));
            for key in keys {
                if let Some(previous) = seen.insert(key.clone(), &def.label) {
                    self.problem(
                        line,
                        format!(
                            "{owner}: {:?} is used by two options ({previous:?} and {:?})",
                            key, def.label
                        ),
                    );
                }
            }
            let net = match def.net.as_deref() {
                None => None,
                Some("positive") => Some(Net::Positive),
                Some("negative") => Some(Net::Negative),
                Some(other) => {
                    self.problem(
                        line,
                        format!(
                            "{owner}: option {label:?} has net {other:?}; use \"positive\" or \"negative\""
                        ),
                    );
                    None
                }
            };
            if net.is_some() && def.non_opinion {
                self.problem(
                    line,
                    format!("{owner}: option {label:?} cannot be both in a net and non-opinion"),
                );
            }
            choices.push(Choice {
                label,
                code: def.code.clone(),
                net,
                non_opinion: def.non_opinion,
                exclusive: def.exclusive,
            });
        }
        choices
    }

    fn question(
        &mut self,
        line: usize,
        id: &str,
        def: &QuestionDef,
        scales: &HashMap<String, NamedScale>,
        scale_defs: &std::collections::BTreeMap<String, Spanned<ScaleDef>>,
        earlier: &[Question],
    ) -> Option<Question> {
        let owner = format!("question {id:?}");
        let kind_name = def.kind.get_ref().as_str();
        // Which optional parts each kind may carry, so a misplaced part is named, not ignored.
        let present: [(&str, bool); 9] = [
            ("options", def.options.is_some()),
            ("scale", def.scale.is_some()),
            ("omit_points", !def.omit_points.is_empty()),
            ("rows", def.rows.is_some()),
            ("fields", def.fields.is_some()),
            ("other", def.other.is_some()),
            ("min", def.min.is_some()),
            ("max", def.max.is_some()),
            ("unit", def.unit.is_some()),
        ];
        let allowed: &[&str] = match kind_name {
            "single" => &["options", "scale", "omit_points", "other"],
            "multi" => &["options", "other"],
            "grid" => &["options", "scale", "rows"],
            "text" => &[],
            "number" => &["min", "max", "unit"],
            "contact" => &["fields"],
            other => {
                let line = self.lines.line(&def.kind);
                self.problem(
                    line,
                    format!(
                        "{owner}: unknown kind {other:?}; use single, multi, grid, text, number or contact"
                    ),
                );
                return None;
            }
        };
        for (part, is_present) in present {
            if is_present && !allowed.contains(&part) {
                self.problem(
                    line,
                    format!("{owner}: `{part}` does not belong to a {kind_name} question"),
                );
            }
        }
        if kind_name == "contact" && (def.comment.is_some() || def.ask_if.is_some()) {
            self.problem(
                line,
                format!("{owner}: a contact question cannot have `comment` or `ask_if`"),
            );
        }

        let scale_points = |checker: &mut Self| -> Option<Vec<Choice>> {
            let name = def.scale.as_ref()?;
            match scales.get(name.get_ref()) {
                Some(scale) => Some(scale.points.clone()),
                None => {
                    let known: Vec<&str> = scale_defs.keys().map(String::as_str).collect();
                    let line = checker.lines.line(name);
                    checker.problem(
                        line,
                        format!(
                            "{owner}: unknown scale {:?} (defined scales: {})",
                            name.get_ref(),
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                    );
                    Some(Vec::new())
                }
            }
        };
        let options_or_scale = |checker: &mut Self| -> Vec<Choice> {
            match (&def.options, scale_points(checker)) {
                (Some(_), Some(_)) => {
                    checker.problem(
                        line,
                        format!("{owner}: give `options` or `scale`, not both"),
                    );
                    Vec::new()
                }
                (Some(options), None) => checker.choices(line, &owner, options),
                (None, Some(points)) => points,
                (None, None) => {
                    checker.problem(
                        line,
                        format!("{owner}: a {kind_name} question needs `options` or `scale`"),
                    );
                    Vec::new()
                }
            }
        };

        let kind = match kind_name {
            "single" => {
                let mut options = options_or_scale(self);
                for omitted in &def.omit_points {
                    let key = normalize_label(omitted);
                    let before = options.len();
                    options.retain(|c| normalize_label(&c.label) != key);
                    if options.len() == before {
                        self.problem(
                            line,
                            format!("{owner}: omit_points names {omitted:?}, which is not a point of its scale"),
                        );
                    }
                }
                Kind::Single { options }
            }
            "multi" => Kind::Multi {
                options: match &def.options {
                    Some(options) => self.choices(line, &owner, options),
                    None => {
                        self.problem(line, format!("{owner}: a multi question needs `options`"));
                        Vec::new()
                    }
                },
            },
            "grid" => {
                let points = options_or_scale(self);
                let rows = self.rows(line, &owner, id, def.rows.as_deref().unwrap_or_default());
                if def.rows.is_none() {
                    self.problem(line, format!("{owner}: a grid question needs `rows`"));
                }
                Kind::Grid { rows, points }
            }
            "text" => Kind::Text,
            "number" => {
                if let (Some(min), Some(max)) = (def.min, def.max)
                    && min > max
                {
                    self.problem(line, format!("{owner}: min {min} is above max {max}"));
                }
                Kind::Number {
                    min: def.min,
                    max: def.max,
                    unit: def.unit.clone(),
                }
            }
            _ => {
                let fields: Vec<_> = def
                    .fields
                    .iter()
                    .flatten()
                    .map(|f| super::definition::GridRowDef {
                        id: f.id.clone(),
                        label: f.label.clone(),
                        column: f.column.clone(),
                    })
                    .collect();
                if fields.is_empty() {
                    self.problem(line, format!("{owner}: a contact question needs `fields`"));
                }
                let names = def
                    .fields
                    .iter()
                    .flatten()
                    .enumerate()
                    .filter(|(_, f)| f.personal_name.unwrap_or_else(|| is_name_id(&f.id)))
                    .map(|(i, _)| i)
                    .collect();
                Kind::Contact {
                    fields: self.rows(line, &owner, id, &fields),
                    names,
                }
            }
        };

        let other = def.other.as_ref().map(|o| {
            let option_label = o.option.as_deref().unwrap_or("Other");
            let key = normalize_label(option_label);
            let option = kind.choices().iter().position(|c| normalize_label(&c.label) == key);
            if option.is_none() && !kind.choices().is_empty() {
                self.problem(
                    line,
                    format!("{owner}: `other` refers to option {option_label:?}, which the question does not have"),
                );
            }
            let field_id = o.id.clone().unwrap_or_else(|| format!("{id}_other"));
            Companion {
                column: o.column.clone().unwrap_or_else(|| field_id.clone()),
                id: field_id,
                text: o
                    .text
                    .clone()
                    .unwrap_or_else(|| "Other, please specify".to_string()),
                option,
            }
        });
        let comment = def.comment.as_ref().map(|c| Companion {
            id: c.id.clone(),
            text: c.text.clone(),
            column: c.column.clone().unwrap_or_else(|| c.id.clone()),
            option: None,
        });
        let ask_if = def
            .ask_if
            .as_ref()
            .and_then(|a| self.routing(line, &owner, a, earlier));

        Some(Question {
            id: id.to_string(),
            text: def.text.trim().to_string(),
            heading: def.heading.clone(),
            instruction: def.instruction.clone(),
            column: def.column.clone().unwrap_or_else(|| id.to_string()),
            kind,
            other,
            comment,
            ask_if,
        })
    }

    fn rows(
        &mut self,
        line: usize,
        owner: &str,
        qid: &str,
        defs: &[super::definition::GridRowDef],
    ) -> Vec<GridRow> {
        let mut seen = HashMap::new();
        let mut rows = Vec::new();
        for def in defs {
            if seen.insert(def.id.clone(), ()).is_some() {
                self.problem(
                    line,
                    format!("{owner}: row or field id {:?} is used twice", def.id),
                );
            }
            rows.push(GridRow {
                id: def.id.clone(),
                label: def.label.clone(),
                column: def
                    .column
                    .clone()
                    .unwrap_or_else(|| format!("{qid}_{}", def.id)),
            });
        }
        if defs.is_empty() {
            self.problem(line, format!("{owner}: the row list is empty"));
        }
        rows
    }

    fn routing(
        &mut self,
        line: usize,
        owner: &str,
        def: &super::definition::AskIfDef,
        earlier: &[Question],
    ) -> Option<Routing> {
        let Some(question) = earlier.iter().position(|q| q.id == def.question) else {
            self.problem(
                line,
                format!(
                    "{owner}: ask_if refers to {:?}, which is not an earlier question",
                    def.question
                ),
            );
            return None;
        };
        let target = &earlier[question];
        if !matches!(target.kind, Kind::Single { .. } | Kind::Multi { .. }) {
            self.problem(
                line,
                format!(
                    "{owner}: ask_if refers to {:?}, a {} question; routing needs a single or multi question",
                    def.question,
                    target.kind.name()
                ),
            );
            return None;
        }
        if def.answers.is_empty() {
            self.problem(line, format!("{owner}: ask_if lists no answers"));
        }
        let mut answers = Vec::new();
        for answer in &def.answers {
            let key = normalize_label(answer);
            match target
                .kind
                .choices()
                .iter()
                .position(|c| normalize_label(&c.label) == key)
            {
                Some(i) => answers.push(i),
                None => self.problem(
                    line,
                    format!(
                        "{owner}: ask_if answer {answer:?} is not an option of {:?}",
                        def.question
                    ),
                ),
            }
        }
        Some(Routing { question, answers })
    }

    /// Two fields sharing a column would silently read the same cell twice.
    fn check_columns(&mut self, survey: &Survey, lines: &HashMap<String, usize>) {
        let mut owners: HashMap<String, &str> = HashMap::new();
        let mut problems = Vec::new();
        for field in survey.fields() {
            let qid = &survey.questions[field.question].id;
            let key = field.column.trim().to_lowercase();
            if key == "respondent_id" {
                problems.push((
                    lines[qid],
                    format!("question {qid:?}: column \"respondent_id\" is reserved for the respondent's id"),
                ));
            } else if let Some(first) = owners.insert(key, qid) {
                problems.push((
                    lines[qid],
                    format!(
                        "question {qid:?}: column {:?} is already used by question {first:?}",
                        field.column
                    ),
                ));
            }
        }
        self.problems.extend(problems);
    }
}

/// Contact field ids that hold a person's name unless the field says otherwise.
fn is_name_id(id: &str) -> bool {
    const NAME_IDS: [&str; 12] = [
        "name",
        "full_name",
        "fullname",
        "first_name",
        "firstname",
        "forename",
        "given_name",
        "last_name",
        "lastname",
        "surname",
        "family_name",
        "contact_name",
    ];
    NAME_IDS.contains(&id.to_lowercase().as_str())
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) {
        return false;
    }
    if !digits(8..10) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Why a theme pattern's words (`fund*`, `refuge`) can never be found in answers, if they cannot:
/// answers are read into words as `crate::text::tokenize` reads them, and a pattern word that
/// reading would change ("(MARAC", "A&E", "24/7") is never among them.
fn never_matched(words: &[&str]) -> Option<String> {
    for word in words {
        let (bare, prefix) = match word.strip_suffix('*') {
            Some(bare) => (bare, true),
            None => (*word, false),
        };
        let folded = bare.to_lowercase().replace('\u{2019}', "'");
        // A prefix must begin some word: it is read with a letter after it.
        let probe = if prefix {
            format!("{bare}x")
        } else {
            bare.to_string()
        };
        let mut tokens = Vec::new();
        crate::text::tokenize(&probe, &mut tokens);
        let fits = match tokens.as_slice() {
            [token] if prefix => token.word.starts_with(&folded),
            [token] => token.word == folded,
            _ => false,
        };
        if fits {
            continue;
        }
        let mut tokens = Vec::new();
        crate::text::tokenize(bare, &mut tokens);
        let read: Vec<&str> = tokens.iter().map(|t| t.word.as_ref()).collect();
        return Some(if read.is_empty() {
            format!(
                "{word:?} holds no word that answers are counted by (numbers and single letters are left out)"
            )
        } else {
            let (read, star) = (read.join(" "), if prefix { "*" } else { "" });
            format!(
                "{bare:?} is read in answers as {read:?}: write {:?}",
                format!("{read}{star}")
            )
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[survey]\nid = \"t\"\ntitle = \"T\"\n";

    fn error(body: &str) -> String {
        parse(&format!("{HEAD}{body}"), Path::new("t.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn theme_patterns_that_answers_never_hold_are_named_with_what_to_write() {
        for fine in [
            &["fund*"][..],
            &["refuge"],
            &["drop-in"],
            &["drop-*"],
            &["MARAC"],
            &["lack", "of", "resources"],
            &["o'neil*"],
        ] {
            assert_eq!(never_matched(fine), None, "{fine:?}");
        }
        let reason = |words: &[&str]| never_matched(words).unwrap_or_default();
        assert_eq!(
            reason(&["(MARAC"]),
            "\"(MARAC\" is read in answers as \"marac\": write \"marac\""
        );
        assert_eq!(
            reason(&["lack", "of", "(fund*"]),
            "\"(fund\" is read in answers as \"fund\": write \"fund*\""
        );
        assert_eq!(
            reason(&["children's"]),
            "\"children's\" is read in answers as \"children\": write \"children\""
        );
        assert_eq!(
            reason(&["24/7"]),
            "\"24/7\" holds no word that answers are counted by (numbers and single letters are \
             left out)"
        );
    }

    #[test]
    fn a_minimal_questionnaire_loads_with_defaults() {
        let s = parse(
            &format!(
                "{HEAD}[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \" Pick \"\noptions = [\"A\", {{ label = \"Other\", code = 9 }}]\nother = {{}}\n"
            ),
            Path::new("t.toml"),
        )
        .unwrap();
        let q = &s.questions[0];
        assert_eq!(q.text, "Pick");
        assert_eq!(q.column, "q1");
        let other = q.other.as_ref().unwrap();
        assert_eq!(
            (other.id.as_str(), other.column.as_str(), other.option),
            ("q1_other", "q1_other", Some(1))
        );
        assert_eq!(q.kind.choices()[1].code.as_deref(), Some("9"));
    }

    #[test]
    fn name_fields_are_known_by_their_id_unless_they_say_otherwise() {
        let s = parse(
            &format!(
                "{HEAD}[[questions]]\nid = \"q1\"\nkind = \"contact\"\ntext = \"You\"\nfields = [\n  {{ id = \"Surname\", label = \"A\" }},\n  {{ id = \"first_name\", label = \"B\", personal_name = false }},\n  {{ id = \"contact\", label = \"C\", personal_name = true, column = \"Who\" }},\n  {{ id = \"organisation_name\", label = \"D\" }},\n]\n"
            ),
            Path::new("t.toml"),
        )
        .unwrap();
        assert_eq!(s.name_columns(), ["q1_Surname", "Who"]);
    }

    #[test]
    fn unknown_fields_are_named_with_their_line() {
        assert_eq!(
            error("[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"T\"\ncolour = \"red\"\n"),
            "t.toml: line 8, column 1: unknown field `colour`, expected one of `id`, `kind`, `text`, `heading`, `instruction`, `column`, `options`, `scale`, `omit_points`, `rows`, `fields`, `other`, `comment`, `ask_if`, `min`, `max`, `unit`"
        );
    }

    #[test]
    fn broken_toml_names_line_and_column() {
        assert_eq!(
            error("[[questions]]\nid = \"q1\n"),
            "t.toml: line 5, column 9: invalid basic string, expected `\"`"
        );
    }

    #[test]
    fn duplicate_ids_point_at_the_first_use() {
        assert_eq!(
            error(
                "[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"A\"\n\n[[questions]]\nid = \"q1\"\nkind = \"text\"\ntext = \"B\"\n"
            ),
            "t.toml: line 9: question \"q1\": duplicate id (first used at line 4)"
        );
    }

    #[test]
    fn unknown_scales_list_the_defined_ones() {
        assert_eq!(
            error(
                "[scales.agree]\npoints = [\"Agree\", \"Disagree\"]\n\n[[questions]]\nid = \"q1\"\nkind = \"grid\"\ntext = \"T\"\nscale = \"quality\"\nrows = [{ id = \"a\", label = \"A\" }]\n"
            ),
            "t.toml: line 11: question \"q1\": unknown scale \"quality\" (defined scales: agree)"
        );
    }

    #[test]
    fn empty_option_lists_and_misplaced_parts_are_all_reported() {
        assert_eq!(
            error(
                "[[questions]]\nid = \"q1\"\nkind = \"multi\"\ntext = \"T\"\noptions = []\nrows = [{ id = \"a\", label = \"A\" }]\n"
            ),
            "t.toml: 2 problems\nt.toml: line 4: question \"q1\": `rows` does not belong to a multi question\nt.toml: line 4: question \"q1\": the option list is empty"
        );
    }

    #[test]
    fn routing_must_point_to_an_earlier_option() {
        let body = "[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"T\"\noptions = [\"Yes\", \"No\"]\n\n[[questions]]\nid = \"q2\"\nkind = \"text\"\ntext = \"Why?\"\nask_if = { question = \"q1\", answers = [\"yes\", \"Maybe\"] }\n";
        assert_eq!(
            error(body),
            "t.toml: line 10: question \"q2\": ask_if answer \"Maybe\" is not an option of \"q1\""
        );
        let body = "[[questions]]\nid = \"q2\"\nkind = \"text\"\ntext = \"Why?\"\nask_if = { question = \"q3\", answers = [\"Yes\"] }\n";
        assert_eq!(
            error(body),
            "t.toml: line 4: question \"q2\": ask_if refers to \"q3\", which is not an earlier question"
        );
    }

    #[test]
    fn clashing_columns_and_unknown_kinds_are_errors() {
        let body = "[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"T\"\noptions = [\"A\", \"Other\"]\nother = {}\n\n[[questions]]\nid = \"q1_other\"\nkind = \"text\"\ntext = \"T\"\n";
        assert_eq!(
            error(body),
            "t.toml: line 11: question \"q1_other\": column \"q1_other\" is already used by question \"q1\""
        );
        let body = "[[questions]]\nid = \"q1\"\nkind = \"ranking\"\ntext = \"T\"\n";
        assert_eq!(
            error(body),
            "t.toml: line 6: question \"q1\": unknown kind \"ranking\"; use single, multi, grid, text, number or contact"
        );
    }

    #[test]
    fn scale_points_carry_nets_and_non_opinion_and_can_be_omitted() {
        let s = parse(
            &format!(
                "{HEAD}[scales.q]\npoints = [{{ label = \"Good\", net = \"positive\" }}, \"OK\", {{ label = \"Bad\", net = \"negative\" }}, {{ label = \"Don't know\", non_opinion = true }}]\n\n[[questions]]\nid = \"q1\"\nkind = \"single\"\ntext = \"T\"\nscale = \"q\"\nomit_points = [\"don't know\"]\n"
            ),
            Path::new("t.toml"),
        )
        .unwrap();
        let labels: Vec<_> = s.questions[0]
            .kind
            .choices()
            .iter()
            .map(|c| (c.label.as_str(), c.net))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("Good", Some(Net::Positive)),
                ("OK", None),
                ("Bad", Some(Net::Negative))
            ]
        );
    }

    #[test]
    fn bad_dates_and_nets_are_reported() {
        let body = "fieldwork = { opens = \"2014-08-07\", closes = \"29/08/2014\" }\n[scales.q]\npoints = [{ label = \"Good\", net = \"good\" }]\n";
        assert_eq!(
            error(body),
            "t.toml: 3 problems\nt.toml: line 1: the questionnaire has no [[questions]]\nt.toml: line 4: fieldwork date \"29/08/2014\" is not a date in the form YYYY-MM-DD\nt.toml: line 5: scale \"q\": option \"Good\" has net \"good\"; use \"positive\" or \"negative\""
        );
    }
}
