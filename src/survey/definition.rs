//! The questionnaire file as written in TOML: strict serde structs, checked and resolved by `load`.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// A whole questionnaire file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyFile {
    /// Who asked what, when and how: the report's title page, background and methodology.
    pub survey: MetaDef,
    /// Named answer scales, defined once and reused by grids and single-choice questions.
    #[serde(default)]
    pub scales: BTreeMap<String, Spanned<ScaleDef>>,
    /// The questions in the order they were asked.
    #[serde(default)]
    pub questions: Vec<Spanned<QuestionDef>>,
    /// Codebook: themes of free-text answers, found by term patterns.
    #[serde(default)]
    pub themes: Vec<Spanned<ThemeDef>>,
    /// For a later version of a questionnaire: how it lines up with the first wave's.
    #[serde(default)]
    pub compare: Option<CompareDef>,
}

/// How a later questionnaire's questions and options correspond to the first wave's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareDef {
    /// Changes per question; questions not listed correspond to the same id, options to the same label.
    #[serde(default)]
    pub questions: Vec<Spanned<CompareQuestionDef>>,
}

/// One question's correspondence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareQuestionDef {
    /// The question in this questionnaire.
    pub id: String,
    /// Its id in the first wave's questionnaire (the same id unless given).
    #[serde(default)]
    pub was: Option<String>,
    /// A question the first wave did not ask: listed as not comparable.
    #[serde(default)]
    pub new: bool,
    /// This version's option label = the earlier option label(s) it replaces: one for a renamed
    /// option, several for options merged into one.
    #[serde(default)]
    pub options: std::collections::BTreeMap<String, Vec<String>>,
}

/// A separate codebook file: only themes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodebookFile {
    /// Themes of free-text answers.
    #[serde(default)]
    pub themes: Vec<Spanned<ThemeDef>>,
}

/// One theme of a free-text field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeDef {
    /// The free-text field: a text question's id, or an `other` or `comment` id (`q10_explain`).
    pub question: String,
    /// The theme's name as reported ("Funding and resources").
    pub name: String,
    /// Words or phrases that put an answer in the theme: `fund*` matches words starting "fund",
    /// `refuge` matches refuge and refuges (by stem), "lack of resources" matches the phrase.
    pub patterns: Vec<String>,
}

/// Survey metadata.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaDef {
    /// Short stable identifier, used in file names and JSON (`luton-dv-service-providers-2014`).
    pub id: Spanned<String>,
    /// The questionnaire's title as printed.
    pub title: String,
    /// The organisation that ran the survey.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The text respondents read before the first question.
    #[serde(default)]
    pub introduction: Option<String>,
    /// Why the survey was run: the report's Background section.
    #[serde(default)]
    pub background: Option<String>,
    /// How it was run: the report's Methodology section (the count of returns is added to it).
    #[serde(default)]
    pub methodology: Option<String>,
    /// Fieldwork dates.
    #[serde(default)]
    pub fieldwork: Option<FieldworkDef>,
    /// How the questionnaire reached respondents ("email link", "intranet", "paper").
    #[serde(default)]
    pub distribution: Option<String>,
    /// Who to contact about the survey (an office, not a respondent).
    #[serde(default)]
    pub contact: Option<String>,
    /// Extra words to leave out of free-text analysis for this survey.
    #[serde(default)]
    pub stop_words: Vec<String>,
}

/// Fieldwork dates, as `YYYY-MM-DD` strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldworkDef {
    /// First day responses were accepted.
    pub opens: Spanned<String>,
    /// Last day responses were accepted.
    pub closes: Spanned<String>,
}

/// An ordered answer scale.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDef {
    /// The points in the order shown, best or most first.
    pub points: Vec<OptionDef>,
}

/// One question, of any kind; `load` checks which fields a kind may use.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    /// Identifier, also the column-name stem (`q2`, `q9`).
    pub id: Spanned<String>,
    /// single, multi, grid, text, number or contact.
    pub kind: Spanned<String>,
    /// The question as printed.
    pub text: String,
    /// A short heading for the question's section of the report ("Who are the services for?").
    #[serde(default)]
    pub heading: Option<String>,
    /// The instruction printed after it ("Please tick one box only").
    #[serde(default)]
    pub instruction: Option<String>,
    /// The export's column for this answer, where it is not the id.
    #[serde(default)]
    pub column: Option<String>,
    /// Options of a single or multi-choice question.
    #[serde(default)]
    pub options: Option<Vec<OptionDef>>,
    /// A named scale: the points of a grid, or the options of a single-choice question.
    #[serde(default)]
    pub scale: Option<Spanned<String>>,
    /// Scale points this single-choice question did not offer (`["Don't know"]`).
    #[serde(default)]
    pub omit_points: Vec<String>,
    /// The rows of a rating grid.
    #[serde(default)]
    pub rows: Option<Vec<GridRowDef>>,
    /// The fields of a contact question (never reported).
    #[serde(default)]
    pub fields: Option<Vec<ContactFieldDef>>,
    /// An "Other, please specify" free-text box.
    #[serde(default)]
    pub other: Option<OtherDef>,
    /// A free-text box that goes with the question ("Please explain your answer").
    #[serde(default)]
    pub comment: Option<CommentDef>,
    /// Routing: ask only respondents who gave one of these answers to an earlier question.
    #[serde(default)]
    pub ask_if: Option<AskIfDef>,
    /// Smallest valid answer of a number question.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest valid answer of a number question.
    #[serde(default)]
    pub max: Option<f64>,
    /// Unit of a number question ("staff", "years").
    #[serde(default)]
    pub unit: Option<String>,
}

/// An option or scale point: a plain label, or a table with a code and flags.
#[derive(Debug, Clone, Default)]
pub struct OptionDef {
    /// The label as printed; exports may give it in any case.
    pub label: String,
    /// A short code that exports may use instead of the label ("1", "A").
    pub code: Option<String>,
    /// "positive" or "negative": which net the point counts towards.
    pub net: Option<String>,
    /// Not an opinion ("Don't know", "Not applicable"): shown but left out of the base.
    pub non_opinion: bool,
    /// Cannot be ticked together with other options ("None of these").
    pub exclusive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionTable {
    label: String,
    #[serde(default)]
    code: Option<toml::Value>,
    #[serde(default)]
    net: Option<String>,
    #[serde(default)]
    non_opinion: bool,
    #[serde(default)]
    exclusive: bool,
}

impl<'de> Deserialize<'de> for OptionDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor;
        impl<'de> Visitor<'de> for OptionVisitor {
            type Value = OptionDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option label, or a table with `label` and optional `code`, `net`, `non_opinion`, `exclusive`")
            }
            fn visit_str<E: de::Error>(self, label: &str) -> Result<OptionDef, E> {
                Ok(OptionDef {
                    label: label.to_string(),
                    ..OptionDef::default()
                })
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<OptionDef, M::Error> {
                let t = OptionTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let code = match t.code {
                    None => None,
                    Some(toml::Value::String(s)) => Some(s),
                    Some(toml::Value::Integer(i)) => Some(i.to_string()),
                    Some(other) => {
                        return Err(de::Error::custom(format!(
                            "option code must be text or a whole number, not {other}"
                        )));
                    }
                };
                Ok(OptionDef {
                    label: t.label,
                    code,
                    net: t.net,
                    non_opinion: t.non_opinion,
                    exclusive: t.exclusive,
                })
            }
        }
        deserializer.deserialize_any(OptionVisitor)
    }
}

/// One row of a rating grid.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridRowDef {
    /// Row identifier; the column is `<question id>_<row id>`.
    pub id: String,
    /// The row as printed.
    pub label: String,
    /// The export's column for this row, where it is not the canonical one.
    #[serde(default)]
    pub column: Option<String>,
}

/// One personal/contact field; its answers never reach any output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFieldDef {
    /// Field identifier; the column is `<question id>_<field id>`.
    pub id: String,
    /// The field as printed ("Your name").
    pub label: String,
    /// The export's column for this field, where it is not the canonical one.
    #[serde(default)]
    pub column: Option<String>,
    /// Whether the field holds the respondent's name, which is then taken out of their own
    /// answers; by default, fields with ids such as `name` or `surname` do.
    #[serde(default)]
    pub personal_name: Option<bool>,
}

/// An "Other, please specify" box.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherDef {
    /// Field id, `<question id>_other` unless given.
    #[serde(default)]
    pub id: Option<String>,
    /// The option that opens the box, "Other" unless given.
    #[serde(default)]
    pub option: Option<String>,
    /// The prompt as printed, "Other, please specify" unless given.
    #[serde(default)]
    pub text: Option<String>,
    /// The export's column, where it is not the id.
    #[serde(default)]
    pub column: Option<String>,
}

/// A free-text box that goes with a closed question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentDef {
    /// Field id (`q10_explain`).
    pub id: String,
    /// The prompt as printed ("Please explain your answer").
    pub text: String,
    /// The export's column, where it is not the id.
    #[serde(default)]
    pub column: Option<String>,
}

/// Routing condition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskIfDef {
    /// The earlier single or multi-choice question.
    pub question: String,
    /// Its answers that lead here.
    pub answers: Vec<String>,
}
