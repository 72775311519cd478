//! A raw answer as a source gives it ([`Raw`]): a JSON value, a spreadsheet cell or a typed
//! value of a binding, and how it is shown and read as a report field.

use super::*;

/// A raw value before validation, typed by where it comes from; the question it answers
/// decides how it is read (`docs/report-schema.md`).
///
/// Texts are read as written: a text or choice answer keeps its text exactly (trimmed, in
/// Unicode NFC), a number, yes/no or date answer is parsed from it. Typed values (a workbook
/// cell, an Arrow column) keep their type; a number given for a text or choice question is
/// its digits (`180`, `1.5`), never `180.0`.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Raw<'a> {
    /// A JSON value: a JSON report, a Python dict, a JS object.
    Json(&'a Json),
    /// A text as written: a CSV cell, a YAML scalar, a text cell of a workbook.
    Cell(&'a str),
    /// No value (an empty cell, a null): unanswered.
    Empty,
    /// A yes/no cell.
    Bool(bool),
    /// A whole-number cell.
    Integer(i64),
    /// A number cell.
    Number(f64),
    /// A calendar date: days since 1970-01-01 (as Arrow's `Date32`).
    Date(i32),
    /// A date and time of day on the wall clock, without a zone: seconds since
    /// 1970-01-01T00:00 (as a workbook's date-time cell, or Arrow's `Timestamp` without a
    /// zone). Its calendar date is the answer.
    DateTime(i64),
    /// An instant: seconds since 1970-01-01T00:00Z (as Arrow's `Timestamp` with a zone). Its
    /// calendar date in Europe/Stockholm is the answer.
    Instant(i64),
    /// A cell that holds no answer: an error of its source as shown there (a workbook's
    /// `#N/A`, `#REF!`), or `"time"` (a time of day without a date) or `"duration"`. Refused
    /// at its place, never read as the text or number it shows.
    Invalid(&'a str),
}

impl Raw<'_> {
    /// The value as the user gave it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Raw::Json(Json::String(s)) => s.clone(),
            Raw::Json(j @ Json::Number(n)) => Raw::Json(j).number_text().unwrap_or_else(|| n.to_string()),
            Raw::Json(j) => j.to_string(),
            Raw::Cell(c) => c.to_string(),
            Raw::Empty => String::new(),
            Raw::Bool(b) => b.to_string(),
            Raw::Integer(_) => self.number_text().unwrap_or_default(),
            Raw::Number(f) => self.number_text().unwrap_or_else(|| format!("{f:e}")),
            Raw::Date(d) => value::format_date(*d),
            Raw::DateTime(s) => format_seconds(*s, false),
            Raw::Instant(s) => format_seconds(*s, true),
            Raw::Invalid(e) => e.to_string(),
        }
    }

    /// A number's digits as a person writes them: `180`, `1.5`, `18446744073709551615`
    /// (Rust's shortest round-trip form, never `180.0`); `None` for anything but a number.
    pub(crate) fn number_text(&self) -> Option<String> {
        match self {
            Raw::Json(Json::Number(n)) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => Some(i.to_string()),
                (None, Some(u), _) => Some(u.to_string()),
                (None, None, Some(f)) => exact_number(f),
                _ => None,
            },
            Raw::Integer(i) => Some(i.to_string()),
            Raw::Number(f) => exact_number(*f),
            _ => None,
        }
    }

    /// [`Raw::field_str`], owned.
    pub(crate) fn field_text(&self) -> Option<String> {
        self.field_str().map(std::borrow::Cow::into_owned)
    }

    /// The value as the text of a report field (provider, name, service, contract, date):
    /// texts as written (borrowed), numbers as digits, dates as `YYYY-MM-DD`; `None` for no
    /// value and for what is no text (a yes/no, a list, a mapping).
    pub fn field_str(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Raw::Cell(c) => Some(std::borrow::Cow::Borrowed(c)),
            Raw::Json(Json::String(s)) => Some(std::borrow::Cow::Borrowed(s)),
            _ => self.field_owned().map(std::borrow::Cow::Owned),
        }
    }

    fn field_owned(&self) -> Option<String> {
        match self {
            Raw::Json(Json::Null) | Raw::Empty | Raw::Json(Json::Bool(_)) | Raw::Bool(_) | Raw::Json(Json::Array(_)) | Raw::Json(Json::Object(_)) | Raw::Invalid(_) => None,
            Raw::Instant(s) => crate::answers::dates::instant_date(*s).map(value::format_date),
            Raw::DateTime(s) => crate::answers::dates::wall_clock_date(*s).map(value::format_date),
            Raw::Json(Json::Number(_)) | Raw::Integer(_) | Raw::Number(_) => self.number_text(),
            _ => Some(self.shown()),
        }
    }
}

/// A float as a person writes it: `180`, `0.8`, `1e-7` (the shortest form that reads back);
/// `None` for a whole number past 2^53, whose digits a float no longer holds exactly
/// (`12345678901234567890123` would come back as `12345678901234567000000`).
fn exact_number(f: f64) -> Option<String> {
    if !f.is_finite() || (f.fract() == 0.0 && f.abs() >= 9_007_199_254_740_992.0) {
        return None;
    }
    Some(if f.fract() == 0.0 { format!("{}", f as i64) } else { format!("{f}") })
}

/// Seconds since 1970-01-01T00:00 as `YYYY-MM-DDTHH:MM:SS` (with `Z` for an instant).
fn format_seconds(seconds: i64, utc: bool) -> String {
    let day = seconds.div_euclid(86_400);
    let s = seconds.rem_euclid(86_400);
    let date = i32::try_from(day).map(value::format_date).unwrap_or_else(|_| "?".into());
    format!("{date}T{:02}:{:02}:{:02}{}", s / 3600, s / 60 % 60, s % 60, if utc { "Z" } else { "" })
}
