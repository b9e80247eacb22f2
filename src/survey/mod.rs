//! Questionnaires as data: the resolved model the rest of canvass works from.

mod definition;
mod load;

pub use definition::{CompareDef, CompareQuestionDef, ThemeDef};
pub use load::{LoadError, load, load_codebook, parse};

/// A checked questionnaire: ids unique, scales resolved, routing pointing backwards.
#[derive(Debug, Clone)]
pub struct Survey {
    pub meta: Meta,
    pub questions: Vec<Question>,
    /// The codebook: themes of free-text fields, from the questionnaire and any codebook file.
    pub themes: Vec<ThemeDef>,
    /// For a later version: how it lines up with the first wave's questionnaire.
    pub compare: Vec<CompareQuestionDef>,
}

/// Who asked what, when and how.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub organisation: Option<String>,
    pub introduction: Option<String>,
    pub background: Option<String>,
    pub methodology: Option<String>,
    pub fieldwork: Option<(String, String)>,
    pub distribution: Option<String>,
    pub contact: Option<String>,
    pub stop_words: Vec<String>,
}

/// One question with its kind-specific parts.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// The report's heading for the question, where it has one.
    pub heading: Option<String>,
    pub instruction: Option<String>,
    /// The export column of the main answer (single, multi, text, number).
    pub column: String,
    pub kind: Kind,
    pub other: Option<Companion>,
    pub comment: Option<Companion>,
    pub ask_if: Option<Routing>,
}

/// What a question asks for.
#[derive(Debug, Clone)]
pub enum Kind {
    Single {
        options: Vec<Choice>,
    },
    Multi {
        options: Vec<Choice>,
    },
    Grid {
        rows: Vec<GridRow>,
        points: Vec<Choice>,
    },
    Text,
    Number {
        min: Option<f64>,
        max: Option<f64>,
        unit: Option<String>,
    },
    Contact {
        fields: Vec<GridRow>,
        /// The fields holding the respondent's name (`personal_name`), by place.
        names: Vec<usize>,
    },
}

/// Which net a scale point counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Net {
    Positive,
    Negative,
}

/// An option of a choice question, or a point of a scale.
#[derive(Debug, Clone)]
pub struct Choice {
    pub label: String,
    pub code: Option<String>,
    pub net: Option<Net>,
    pub non_opinion: bool,
    pub exclusive: bool,
}

/// A grid row or contact field: an id, its printed label and its export column.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub id: String,
    pub label: String,
    pub column: String,
}

/// A free-text box attached to a question ("Other, please specify", "Please explain").
#[derive(Debug, Clone)]
pub struct Companion {
    pub id: String,
    pub text: String,
    pub column: String,
    /// For "Other": the option whose tick opens the box.
    pub option: Option<usize>,
}

/// Ask only respondents who gave one of `answers` (option indexes) to question `question`.
#[derive(Debug, Clone)]
pub struct Routing {
    pub question: usize,
    pub answers: Vec<usize>,
}

impl Kind {
    /// The name used in TOML and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multi { .. } => "multi",
            Kind::Grid { .. } => "grid",
            Kind::Text => "text",
            Kind::Number { .. } => "number",
            Kind::Contact { .. } => "contact",
        }
    }

    /// The options a respondent picks from: choice options, or grid scale points.
    pub fn choices(&self) -> &[Choice] {
        match self {
            Kind::Single { options } | Kind::Multi { options } => options,
            Kind::Grid { points, .. } => points,
            _ => &[],
        }
    }
}

/// What a column of the export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    Answer,
    GridRow(usize),
    Other,
    Comment,
    Contact,
}

/// A free-text field and the words it was asked with.
#[derive(Debug, Clone)]
pub struct TextField {
    pub id: String,
    pub question: usize,
    /// `Answer` for a text question, `Other` or `Comment` for a companion box.
    pub role: FieldRole,
    /// The question (and box) text, whose own words say nothing in the answers.
    pub prompt: String,
}

/// One expected column of the canonical layout.
#[derive(Debug, Clone)]
pub struct Field {
    pub column: String,
    pub question: usize,
    pub role: FieldRole,
}

impl Field {
    /// Contact columns may be stripped from an export before it is shared; all others must be there.
    pub fn required(&self) -> bool {
        self.role != FieldRole::Contact
    }
}

impl Survey {
    /// Every answer column, in questionnaire order.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = Vec::new();
        for (qi, q) in self.questions.iter().enumerate() {
            let field = |column: &str, role| Field {
                column: column.to_string(),
                question: qi,
                role,
            };
            match &q.kind {
                Kind::Grid { rows, .. } => {
                    for (ri, row) in rows.iter().enumerate() {
                        fields.push(field(&row.column, FieldRole::GridRow(ri)));
                    }
                }
                Kind::Contact {
                    fields: contact, ..
                } => {
                    for f in contact {
                        fields.push(field(&f.column, FieldRole::Contact));
                    }
                }
                _ => fields.push(field(&q.column, FieldRole::Answer)),
            }
            if let Some(other) = &q.other {
                fields.push(field(&other.column, FieldRole::Other));
            }
            if let Some(comment) = &q.comment {
                fields.push(field(&comment.column, FieldRole::Comment));
            }
        }
        fields
    }

    /// The columns of contact fields holding the respondent's name, in questionnaire order.
    pub fn name_columns(&self) -> Vec<&str> {
        let mut columns = Vec::new();
        for q in &self.questions {
            if let Kind::Contact { fields, names } = &q.kind {
                columns.extend(names.iter().map(|&i| fields[i].column.as_str()));
            }
        }
        columns
    }

    /// Every free-text field: text questions, "Other, please specify" boxes and comment boxes.
    pub fn text_fields(&self) -> Vec<TextField> {
        let mut fields = Vec::new();
        for (qi, q) in self.questions.iter().enumerate() {
            if matches!(q.kind, Kind::Text) {
                fields.push(TextField {
                    id: q.id.clone(),
                    question: qi,
                    role: FieldRole::Answer,
                    prompt: q.text.clone(),
                });
            }
            for (companion, role) in [
                (&q.other, FieldRole::Other),
                (&q.comment, FieldRole::Comment),
            ] {
                if let Some(c) = companion {
                    fields.push(TextField {
                        id: c.id.clone(),
                        question: qi,
                        role,
                        prompt: format!("{} {}", q.text, c.text),
                    });
                }
            }
        }
        fields
    }

    pub fn question(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }
}
