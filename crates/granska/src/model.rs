//! The rule-pack file format as written in YAML (see `docs/pack-format.md`).
//!
//! These types mirror the files one to one and keep the YAML location of every value the
//! checker may need to point at; [`crate::check`] turns them into a compiled pack.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A text in Swedish and English.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, serde::Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub sv: String,
    pub en: String,
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text { sv: sv.into(), en: en.into() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Sv => &self.sv,
            crate::Lang::En => &self.en,
        }
    }
}

/// One pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackMeta,
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub services: Vec<ServiceDef>,
    #[serde(default)]
    pub questions: Vec<QuestionDef>,
    #[serde(default)]
    pub derived: Vec<DerivedDef>,
    #[serde(default)]
    pub requirements: Vec<RequirementDef>,
    #[serde(default)]
    pub indicators: Vec<IndicatorDef>,
}

/// The top-level keys of a pack file, for "did you mean" on an unknown key.
pub const TOP_LEVEL_KEYS: &[&str] = &["pack", "include", "services", "questions", "derived", "requirements", "indicators"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: Spanned<String>,
    #[serde(default)]
    pub version: Option<String>,
    pub title: Text,
    #[serde(default)]
    pub valid: Option<Period>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub services: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A validity period; both ends inclusive and optional.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    #[serde(default)]
    pub to: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    pub id: Spanned<String>,
    pub label: Text,
    #[serde(default)]
    pub contracts: Vec<String>,
}

/// `true`, `false` or an expression.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Flag {
    Bool(bool),
    Expr(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub label: Text,
    #[serde(default)]
    pub help: Option<Text>,
    #[serde(default)]
    pub choices: Vec<ChoiceDef>,
    #[serde(default)]
    pub multiple: bool,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub required: Option<Spanned<Flag>>,
    #[serde(default)]
    pub relevant: Option<Spanned<String>>,
    #[serde(default)]
    pub constraint: Option<Spanned<String>>,
    #[serde(default)]
    pub constraint_message: Option<Text>,
    #[serde(default)]
    pub services: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    pub value: Spanned<String>,
    pub label: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub label: Text,
    #[serde(default)]
    pub choices: Vec<ChoiceDef>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedDef {
    pub id: Spanned<String>,
    #[serde(default)]
    pub label: Option<Text>,
    pub expr: Spanned<String>,
}

/// A cited source: one text, or texts by period.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SourceDef {
    One(String),
    Dated(Vec<DatedSource>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedSource {
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    #[serde(default)]
    pub until: Option<Spanned<String>>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementDef {
    pub id: Spanned<String>,
    pub title: Text,
    pub source: Spanned<SourceDef>,
    pub severity: Spanned<String>,
    pub area: Spanned<String>,
    #[serde(default)]
    pub services: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub valid: Option<Period>,
    #[serde(default)]
    pub applies: Option<Spanned<String>>,
    pub require: Spanned<String>,
    pub message: Spanned<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub id: Spanned<String>,
    pub title: Text,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub count: Option<Spanned<String>>,
    #[serde(default)]
    pub of: Option<Spanned<String>>,
    #[serde(default)]
    pub sum: Option<Spanned<String>>,
    #[serde(default)]
    pub denominator: Option<Text>,
    #[serde(default)]
    pub services: Option<Spanned<Vec<Spanned<String>>>>,
}
