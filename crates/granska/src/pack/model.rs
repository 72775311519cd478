//! The rule-pack file format as written in YAML (see `docs/pack-format.md`).
//!
//! These types mirror the files one to one and keep the YAML location of every value the
//! checker may need to point at; [`crate::pack::compile`] turns them into a compiled pack.

use serde::Deserialize;
use serde_saphyr::Spanned;

pub use crate::text::Text;

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
    pub parameters: Vec<ParameterDef>,
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
pub const TOP_LEVEL_KEYS: &[&str] = &["pack", "include", "services", "parameters", "questions", "derived", "requirements", "indicators"];

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
    /// About the pack (Markdown), printed by `granska rules`: e.g. how requirements are
    /// placed in the quality areas.
    #[serde(default)]
    pub about: Option<Text>,
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
    /// The message of an `unanswered` verdict; by default one naming the missing answers.
    #[serde(default)]
    pub unanswered: Option<Spanned<Text>>,
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
    /// Who a share counts over: `answered` (default) or `respondents`.
    #[serde(default)]
    pub base: Option<Spanned<String>>,
    #[serde(default)]
    pub services: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A contract term a municipality sets (see `docs/pack-format.md`, "Parameters").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterDef {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub label: Text,
    #[serde(default)]
    pub unit: Option<Text>,
    pub default: Spanned<Scalar>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// The document the default is taken from.
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    /// The default is an example value (exempelvärde), taken from no document.
    #[serde(default)]
    pub example: bool,
    #[serde(default)]
    pub note: Option<Text>,
}

/// A parameters file: one municipality's values of a pack's parameters for a year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsFile {
    #[serde(default)]
    pub municipality: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    /// Where the values come from (the contracts, the decision).
    #[serde(default)]
    pub source: Option<String>,
    pub parameters: Spanned<ParamValues>,
}

/// `id: value` pairs in file order, each with its location.
#[derive(Debug, Default)]
pub struct ParamValues(pub Vec<(Spanned<String>, Spanned<Scalar>)>);

impl<'de> Deserialize<'de> for ParamValues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ParamValues, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ParamValues;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping of parameter ids to values")
            }
            fn visit_unit<E>(self) -> Result<ParamValues, E> {
                Ok(ParamValues::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ParamValues, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<Scalar>>()?;
                    out.push((key, value));
                }
                Ok(ParamValues(out))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A scalar as YAML wrote it; typed later by the parameter it sets.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Null => f.write_str("nothing"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Integer(i) => write!(f, "{i}"),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(t) => write!(f, "\"{t}\""),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a single value (yes/no, a number, a date or a text)")
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Integer(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                i64::try_from(v).map(Scalar::Integer).map_err(|_| E::custom(format!("{v} is too large")))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
        }
        d.deserialize_any(Visitor)
    }
}
