//! Pack parameters: contract terms a municipality sets (a share, a number of years, its own
//! name). This module types a value as written in a pack or a parameters file by the
//! parameter's declared type and range, and fills `{param.id}` placeholders in texts.
//!
//! The checker ([`crate::pack::compile`]) declares the parameters and resolves `param.id` in
//! expressions to [`crate::lang::ir::NodeKind::Param`]; [`crate::Pack::with_params_yaml`] applies a
//! parameters file by compiling the pack again with its values.

// Without `authoring` (typing and filling values is the checker's; the runtime reads `{param.id}` placeholders) parts of this module are unused.
#![cfg_attr(not(feature = "authoring"), allow(dead_code))]

use crate::Lang;
use crate::lang::ir::Const;
use crate::lang::value;
#[cfg(feature = "authoring")]
use crate::pack::QuestionType;
#[cfg(feature = "authoring")]
use crate::pack::model::Scalar;
use crate::pack::{ParamValue, Parameter};

/// The prefix of a parameter's name in expressions and messages: `param.examen_andel`.
pub(crate) const PARAM_PREFIX: &str = "param.";

#[cfg(feature = "authoring")]
/// Parameter types: the scalar question types.
pub(crate) const TYPES: &[&str] = &["bool", "integer", "number", "percent", "text", "date"];

#[cfg(feature = "authoring")]
/// Why a value does not fit its parameter.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub(crate) enum ValueError {
    #[error("has no value")]
    Missing,
    #[error("is {found}, not {expected}")]
    WrongType { found: String, expected: &'static str },
    #[error("is {value}; it must be at least {min}")]
    BelowMin { value: String, min: f64 },
    #[error("is {value}; it must be at most {max}")]
    AboveMax { value: String, max: f64 },
}

#[cfg(feature = "authoring")]
fn expected(kind: QuestionType) -> &'static str {
    match kind {
        QuestionType::Bool => "yes or no (`true` or `false`)",
        QuestionType::Integer => "a whole number",
        QuestionType::Number => "a number",
        QuestionType::Percent => "a percentage (a number 0–100)",
        QuestionType::Date => "a date (YYYY-MM-DD)",
        _ => "a text",
    }
}

#[cfg(feature = "authoring")]
fn found(s: &Scalar) -> String {
    match s {
        Scalar::Null => "nothing".into(),
        Scalar::Bool(b) => format!("`{b}`"),
        Scalar::Integer(i) => i.to_string(),
        Scalar::Number(n) => n.to_string(),
        Scalar::Text(t) => format!("the text \"{t}\""),
    }
}

#[cfg(feature = "authoring")]
/// A number written as a text: `"0.8"`, `"0,8"`, `" 12 "`.
fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+') {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(feature = "authoring")]
/// Types `scalar` as a value of a parameter of type `kind` within `min`..=`max` (a
/// percentage is always within 0–100).
pub(crate) fn typed(kind: QuestionType, scalar: &Scalar, min: Option<f64>, max: Option<f64>) -> Result<(ParamValue, Const), ValueError> {
    let wrong = || ValueError::WrongType { found: found(scalar), expected: expected(kind) };
    let (value, number) = match (kind, scalar) {
        (_, Scalar::Null) => return Err(ValueError::Missing),
        (QuestionType::Bool, Scalar::Bool(b)) => (ParamValue::Bool(*b), None),
        (QuestionType::Integer, Scalar::Integer(i)) => (ParamValue::Integer(*i), Some(*i as f64)),
        (QuestionType::Integer, Scalar::Text(t)) => {
            let i = t.trim().parse::<i64>().map_err(|_| wrong())?;
            (ParamValue::Integer(i), Some(i as f64))
        }
        (QuestionType::Number | QuestionType::Percent, Scalar::Integer(i)) => (ParamValue::Number(*i as f64), Some(*i as f64)),
        (QuestionType::Number | QuestionType::Percent, Scalar::Number(n)) if n.is_finite() => (ParamValue::Number(*n), Some(*n)),
        (QuestionType::Number | QuestionType::Percent, Scalar::Text(t)) => {
            let n = parse_number(t).ok_or_else(wrong)?;
            (ParamValue::Number(n), Some(n))
        }
        (QuestionType::Text, Scalar::Text(t)) => (ParamValue::Text(t.clone()), None),
        (QuestionType::Text, Scalar::Integer(i)) => (ParamValue::Text(i.to_string()), None),
        (QuestionType::Date, Scalar::Text(t)) => match value::parse_date(t) {
            Some(_) => (ParamValue::Date(t.trim().to_string()), None),
            None => return Err(wrong()),
        },
        _ => return Err(wrong()),
    };
    let (min, max) = match kind {
        QuestionType::Percent => (Some(min.unwrap_or(0.0).max(0.0)), Some(max.unwrap_or(100.0).min(100.0))),
        _ => (min, max),
    };
    if let Some(n) = number {
        if let Some(m) = min.filter(|m| n < *m) {
            return Err(ValueError::BelowMin { value: found(scalar), min: m });
        }
        if let Some(m) = max.filter(|m| n > *m) {
            return Err(ValueError::AboveMax { value: found(scalar), max: m });
        }
    }
    let c = to_const(&value);
    Ok((value, c))
}

/// The constant the evaluator reads for a value.
pub(crate) fn to_const(v: &ParamValue) -> Const {
    match v {
        ParamValue::Bool(b) => Const::Bool(*b),
        ParamValue::Integer(i) => Const::Integer(*i),
        ParamValue::Number(n) => Const::Number(*n),
        ParamValue::Text(t) => Const::Text(t.clone().into_boxed_str()),
        ParamValue::Date(d) => value::parse_date(d).map(Const::Date).unwrap_or(Const::Unknown),
    }
}

/// The parameter a `{param.id}` placeholder names, if the name is one.
pub(crate) fn placeholder_param<'p>(name: &str, params: &'p [Parameter]) -> Option<&'p Parameter> {
    let id = name.strip_prefix(PARAM_PREFIX)?;
    params.iter().find(|p| p.id == id)
}

/// A parameter's value for a message: the value, and "(exempelvärde)" / "(example value)"
/// while it is an example value no parameters file has set.
pub(crate) fn in_message(p: &Parameter, lang: Lang) -> String {
    let v = p.value.display(lang);
    if p.is_example() { format!("{v} ({})", if lang == Lang::Sv { "exempelvärde" } else { "example value" }) } else { v }
}

/// Fills the `{param.id}` placeholders of a static text (a label, a title) with plain values;
/// other placeholders and unknown parameters are left as written.
pub(crate) fn fill_static(text: &str, params: &[Parameter], lang: Lang) -> String {
    if !text.contains("{param.") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = after[..close].trim();
                match placeholder_param(name, params) {
                    Some(p) => out.push_str(&p.value.display(lang)),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}
