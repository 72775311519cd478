//! A provider's answers: read from JSON, YAML, a CSV cell or a binding's values, validated
//! against the pack's questions, and stored by slot for evaluation.
//!
//! Every problem is recorded per field as an [`AnswerIssue`]; a bad field is treated as
//! unanswered and never stops the other fields from being read.

mod code;
pub(crate) mod dates;
pub(crate) mod yaml;

use serde::Serialize;
use serde_json::Value as Json;

pub use code::IssueCode;

use crate::lang::eval::{Cx, answer_value};
use crate::lang::value::{self, Value};
use crate::nfc::nfc;
use crate::pack::diagnostic::did_you_mean;
use crate::pack::model::Text;
use crate::pack::{Pack, Question, QuestionType};

/// One stored answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Answer {
    Unknown,
    Bool(bool),
    Integer(i64),
    Number(f64),
    Date(i32),
    Text(Box<str>),
    Set(u64),
    List(u32),
}

/// A problem with one answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerIssue {
    /// The question id (or report field, e.g. `date`) the problem concerns.
    pub field: String,
    /// What is wrong, as a stable code written in kebab-case (`wrong-type`, `not-asked`, …).
    pub code: IssueCode,
    pub message: Text,
    /// The value as given, when there was one.
    pub value: Option<String>,
}

/// A report that could not be read at all (no provider, service or date, or not a mapping).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{}", .problems.iter().map(|p| format!("{}: {}", p.field, p.message.en)).collect::<Vec<_>>().join("; "))]
pub struct ReportError {
    /// The provider id, when it could be read.
    pub provider: Option<String>,
    pub problems: Vec<AnswerIssue>,
}

/// The format of a report file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Yaml,
}

impl ReportFormat {
    /// The format a file name's extension says (`.json`; `.yaml`, `.yml`), if any.
    pub fn from_extension(path: &std::path::Path) -> Option<ReportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(ReportFormat::Json),
            "yaml" | "yml" => Some(ReportFormat::Yaml),
            _ => None,
        }
    }

    /// The format of a report's bytes by their first character: `{` is JSON, else YAML.
    pub fn sniff(bytes: &[u8]) -> ReportFormat {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => ReportFormat::Json,
            _ => ReportFormat::Yaml,
        }
    }
}

/// The fields of a report besides its answers, in order: the keys of a report file and of
/// [`Report`](crate::Report)'s JSON, and the columns an export, a data frame or a roster name
/// besides question ids. `provider`, `service` and `date` are required.
pub const REPORT_FIELDS: [&str; 5] = ["provider", "name", "service", "contract", "date"];

/// Who reported, for which service, when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReportMeta {
    pub provider: String,
    #[serde(default)]
    pub name: Option<String>,
    pub service: String,
    #[serde(default)]
    pub contract: Option<String>,
    /// The report date as written: `YYYY-MM-DD`, a date with a time of day (`2017-12-31
    /// 00:00`), or an instant (`2017-12-31T23:00:00Z`, read as the date in Europe/Stockholm);
    /// see `docs/report-schema.md`.
    pub date: String,
}

/// A provider's validated answers, ready to evaluate.
#[derive(Clone, Debug)]
pub struct Answers {
    pub(crate) provider: String,
    pub(crate) name: Option<String>,
    pub(crate) service: String,
    pub(crate) service_index: Option<u16>,
    pub(crate) contract: Option<String>,
    pub(crate) date: i32,
    pub(crate) values: Vec<Answer>,
    pub(crate) records: Vec<Box<[Answer]>>,
    pub(crate) lists: Vec<(u32, u32)>,
    pub(crate) issues: Vec<AnswerIssue>,
}

impl Answers {
    pub fn provider(&self) -> &str {
        &self.provider
    }
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    pub fn service(&self) -> &str {
        &self.service
    }
    pub fn contract(&self) -> Option<&str> {
        self.contract.as_deref()
    }
    /// The report date, `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        value::format_date(self.date)
    }
    /// The report date as a day number: days since 1970-01-01, as [`Raw::Date`] holds it
    /// (`YYYY-MM-DD` again with [`format_date`](crate::format_date)).
    pub fn day(&self) -> i32 {
        self.date
    }
    /// The position of the report's service type in [`Pack::services`](crate::Pack::services),
    /// `None` when the pack does not declare it.
    pub fn service_position(&self) -> Option<usize> {
        self.service_index.map(usize::from)
    }
    /// Problems found in the answers.
    pub fn issues(&self) -> &[AnswerIssue] {
        &self.issues
    }

    pub(crate) fn is_answered(&self, slot: u32) -> bool {
        !matches!(self.values.get(slot as usize), None | Some(Answer::Unknown))
    }
}

fn issue(field: &str, code: IssueCode, sv: String, en: String, value: Option<String>) -> AnswerIssue {
    AnswerIssue { field: field.to_string(), code, message: Text { sv, en }, value }
}

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

/// Builds [`Answers`] field by field; see [`Pack::answers`].
pub struct AnswersBuilder<'p> {
    pack: &'p Pack,
    answers: Answers,
}

impl Pack {
    /// Starts the answers of one report. Fails when the provider, service or date is missing
    /// or invalid: such a report cannot be judged.
    pub fn answers(&self, meta: ReportMeta) -> Result<AnswersBuilder<'_>, ReportError> {
        use crate::nfc::nfc_string;
        let meta = ReportMeta {
            provider: nfc_string(meta.provider),
            name: meta.name.map(nfc_string),
            service: nfc_string(meta.service),
            contract: meta.contract.map(nfc_string),
            date: meta.date,
        };
        let mut problems = vec![];
        if meta.provider.trim().is_empty() {
            problems.push(issue("provider", IssueCode::Missing, "Verksamhetens id saknas.".into(), "The provider id is missing.".into(), None));
        }
        let mut service_index = None;
        if meta.service.trim().is_empty() {
            problems.push(issue("service", IssueCode::Missing, "Tjänstetyp saknas.".into(), "The service type is missing.".into(), None));
        } else {
            match self.lookup_service(&meta.service) {
                Ok(i) => service_index = i,
                Err(e) => problems.push(AnswerIssue { field: "service".into(), code: IssueCode::NotAChoice, message: e.message, value: Some(meta.service.clone()) }),
            }
        }
        // The report date is read like a date answer (`dates`): midnight times and instants
        // are accepted, everything else is refused with what is wrong.
        let date = match crate::answers::dates::parse(&meta.date) {
            Ok(d) => Some(d),
            Err(p) => {
                let m = if meta.date.trim().is_empty() { Text::new("Rapportens datum saknas.", "The report date is missing.") } else { p.message(meta.date.trim()) };
                problems.push(AnswerIssue { field: "date".into(), code: IssueCode::BadDate, message: m, value: Some(meta.date.clone()).filter(|d| !d.is_empty()) });
                None
            }
        };
        // Report fields are read by expressions (`service()`, `contract()`) like text answers.
        let max = self.data.limits.max_text_length;
        for (field, text) in [("provider", Some(&meta.provider)), ("name", meta.name.as_ref()), ("service", Some(&meta.service)), ("contract", meta.contract.as_ref())] {
            if let Some(t) = text.filter(|t| t.len() > max) {
                problems.push(issue(
                    field,
                    IssueCode::TooLong,
                    format!("Texten är {} byte; högst {max} tillåts.", t.len()),
                    format!("the text is {} bytes; at most {max} are allowed", t.len()),
                    None,
                ));
            }
        }
        if !problems.is_empty() {
            let provider = Some(meta.provider).filter(|p| !p.trim().is_empty() && p.len() <= max);
            return Err(ReportError { provider, problems });
        }
        let contract = meta.contract.filter(|c| !c.trim().is_empty());
        Ok(AnswersBuilder {
            pack: self,
            answers: Answers {
                provider: meta.provider,
                name: meta.name.filter(|n| !n.trim().is_empty()),
                service: meta.service,
                service_index,
                contract,
                date: date.unwrap_or_default(),
                values: vec![Answer::Unknown; self.data.questions.len()],
                records: vec![],
                lists: vec![],
                issues: vec![],
            },
        })
    }

    /// Reads a report from a JSON value: `{provider, name?, service, contract?, date, answers}`,
    /// answers as nested objects or dotted keys.
    pub fn read_report(&self, report: &Json) -> Result<Answers, ReportError> {
        let Some(object) = report.as_object() else {
            return Err(ReportError {
                provider: None,
                problems: vec![issue("", IssueCode::WrongType, "Rapporten är inte en mappning.".into(), "The report is not a mapping of fields.".into(), None)],
            });
        };
        // Report fields are texts: a number is its digits (`"provider": 180` is "180"); a
        // yes/no, a list or a mapping is refused, never read as a missing field.
        let mut not_text = vec![];
        let mut text = |k: &'static str| match object.get(k) {
            None | Some(Json::Null) => String::new(),
            Some(v) => Raw::Json(v).field_text().unwrap_or_else(|| {
                let (sv, en, shown) = match v {
                    Json::Bool(b) => ("ja eller nej", "a yes or no", Some(b.to_string())),
                    Json::Number(n) => {
                        ("ett tal för stort för att läsas exakt (skriv det inom citattecken)", "a number too large to read exactly (write it in quotes)", Some(n.to_string()))
                    }
                    Json::Array(_) => ("en lista", "a list", None),
                    _ => ("en mappning", "a mapping", None),
                };
                not_text.push(issue(k, IssueCode::WrongType, format!("Fältet \"{k}\" ska vara en text, inte {sv}."), format!("the field \"{k}\" must be a text, not {en}"), shown));
                String::new()
            }),
        };
        let meta = ReportMeta { provider: text("provider"), name: Some(text("name")), service: text("service"), contract: Some(text("contract")), date: text("date") };
        if !not_text.is_empty() {
            let provider = Some(meta.provider.clone()).filter(|p| !p.trim().is_empty());
            let mut problems = not_text;
            if let Err(e) = self.answers(meta) {
                let more: Vec<AnswerIssue> = e.problems.into_iter().filter(|p| !problems.iter().any(|q| q.field == p.field)).collect();
                problems.extend(more);
            }
            return Err(ReportError { provider, problems });
        }
        let mut builder = self.answers(meta)?;
        for (key, value) in object {
            match key.as_str() {
                "provider" | "name" | "service" | "contract" | "date" => {}
                "answers" => match value {
                    Json::Object(_) => builder.set_tree("", value),
                    Json::Null => {}
                    _ => builder.answers.issues.push(issue(
                        "answers",
                        IssueCode::WrongType,
                        "\"answers\" ska vara en mappning.".into(),
                        "\"answers\" must be a mapping of question ids to values".into(),
                        None,
                    )),
                },
                other => {
                    let hint = did_you_mean(other, REPORT_FIELDS.into_iter().chain(["answers"]));
                    let en = match hint {
                        Some(h) => {
                            format!("unknown report field \"{other}\"; did you mean \"{h}\"?")
                        }
                        None => format!("unknown report field \"{other}\"; answers belong under \"answers\""),
                    };
                    builder.answers.issues.push(issue(other, IssueCode::UnknownQuestion, format!("Okänt fält \"{other}\" i rapporten."), en, None));
                }
            }
        }
        Ok(builder.finish())
    }

    /// Reads a report from the bytes of a JSON or YAML file. Bytes that are not UTF-8 (after
    /// an optional BOM) reject the report, saying where the first bad byte is.
    pub fn read_report_bytes(&self, bytes: &[u8], format: ReportFormat) -> Result<Answers, ReportError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let column = at - bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
                return Err(ReportError {
                    provider: None,
                    problems: vec![issue(
                        "",
                        IssueCode::NotUtf8,
                        format!("Rapporten är inte UTF-8: ogiltig byte på rad {line}, kolumn {column} (byte {at})."),
                        format!("the report is not UTF-8: invalid byte at line {line}, column {column} (byte {at})"),
                        None,
                    )],
                });
            }
        };
        match format {
            ReportFormat::Json => self.read_report_json(text),
            ReportFormat::Yaml => self.read_report_yaml(text),
        }
    }

    /// Reads a report from JSON text.
    pub fn read_report_json(&self, text: &str) -> Result<Answers, ReportError> {
        let mut text = std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text));
        // serde_json keeps the last of two equal keys: find them first, nothing is dropped.
        let parse = |text: &str| serde_json::from_str::<UniqueKeys>(text).and_then(|_| serde_json::from_str::<Json>(text));
        let mut parsed = parse(&text);
        // A number too large for a float (`1e400`) is a bad answer, not a broken report: it
        // is read as the text it is, which the question then rejects as too large.
        for _ in 0..MAX_HUGE_NUMBERS {
            let Err(e) = &parsed else { break };
            let Some(quoted) = quote_huge_number(&text, e) else {
                break;
            };
            text = std::borrow::Cow::Owned(quoted);
            parsed = parse(&text);
        }
        match parsed {
            Ok(v) => self.read_report(&v),
            Err(e) => Err(ReportError {
                provider: None,
                problems: vec![issue(
                    "",
                    IssueCode::Syntax,
                    format!("Ogiltig JSON på rad {}, kolumn {}: {e}", e.line(), e.column()),
                    format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
                    None,
                )],
            }),
        }
    }

    /// Reads a report from YAML text. Every scalar is read as written and typed by the
    /// question it answers (`provider: 0180` is the text "0180", a text answer `NO` is "NO",
    /// `1.10` stays "1.10"), never by YAML's own guesses; see `docs/report-schema.md`.
    pub fn read_report_yaml(&self, text: &str) -> Result<Answers, ReportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match crate::answers::yaml::read(text) {
            Ok(v) => self.read_report(&v),
            Err(mut e) => {
                let tab = text.contains('\t') && e.message.to_lowercase().contains("tab");
                let hint = if tab { " (YAML indentation must use spaces, not tabs)" } else { "" };
                // Point at the tab itself, not at what follows it.
                if let Some(col) = text.lines().nth(e.line.saturating_sub(1)).and_then(|l| l.find('\t').map(|at| l[..at].chars().count() + 1)).filter(|_| tab) {
                    e.column = col;
                }
                Err(ReportError {
                    provider: None,
                    problems: vec![issue(
                        "",
                        IssueCode::Syntax,
                        format!("Ogiltig YAML på rad {}, kolumn {}: {}{hint}", e.line, e.column, e.message),
                        format!("invalid YAML at line {}, column {}: {}{hint}", e.line, e.column, e.message),
                        None,
                    )],
                })
            }
        }
    }
}

/// How many numbers too large for a float one JSON report may hold before it is rejected.
const MAX_HUGE_NUMBERS: usize = 64;

/// When `error` is serde_json's "number out of range", the JSON `text` with that number
/// written as a string.
fn quote_huge_number(text: &str, error: &serde_json::Error) -> Option<String> {
    if !error.to_string().starts_with("number out of range") {
        return None;
    }
    // serde_json's line is 1-based and its column is the byte of the number's last digit.
    let line_start = if error.line() <= 1 { 0 } else { text.match_indices('\n').nth(error.line() - 2)?.0 + 1 };
    let at = line_start + error.column().checked_sub(1)?;
    let bytes = text.as_bytes();
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'+' | b'-' | b'.');
    if !bytes.get(at).copied().is_some_and(is_number) {
        return None;
    }
    let start = bytes[..at].iter().rposition(|&b| !is_number(b)).map_or(0, |p| p + 1);
    let end = at + bytes[at..].iter().position(|&b| !is_number(b)).unwrap_or(bytes.len() - at);
    Some(format!("{}\"{}\"{}", &text[..start], &text[start..end], &text[end..]))
}

/// Accepts any JSON in which no object has the same key twice.
struct UniqueKeys;

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<UniqueKeys, D::Error> {
        d.deserialize_any(UniqueKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("the key \"{key}\" appears twice")));
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }
}

impl AnswersBuilder<'_> {
    /// Records nested answers: objects whose keys are question ids or id prefixes.
    fn set_tree(&mut self, prefix: &str, value: &Json) {
        let Json::Object(map) = value else { return };
        for (key, v) in map {
            let id = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            if self.pack.data.question_index.contains_key(&id) {
                self.set(&id, Raw::Json(v));
            } else if v.is_object() {
                self.set_tree(&id, v);
            } else {
                self.set(&id, Raw::Json(v));
            }
        }
    }

    /// Sets the answer to `question`. Problems are recorded, never returned: the answer is
    /// then left unanswered.
    pub fn set(&mut self, question: &str, raw: Raw<'_>) -> &mut Self {
        // Ids are looked up as given, then in NFC (a key typed on macOS).
        let found = self.pack.data.question_index.get(question).or_else(|| if question.is_ascii() { None } else { self.pack.data.question_index.get(&*nfc(question)) });
        let Some(&slot) = found else {
            let hint = did_you_mean(question, self.pack.data.question_index.keys().map(String::as_str));
            let (sv, en) = match hint {
                Some(h) => (format!("Okänd fråga \"{question}\"; menade du \"{h}\"?"), format!("unknown question \"{question}\"; did you mean \"{h}\"?")),
                None => (format!("Okänd fråga \"{question}\"."), format!("unknown question \"{question}\"")),
            };
            self.answers.issues.push(issue(question, IssueCode::UnknownQuestion, sv, en, Some(raw.shown())));
            return self;
        };
        let q = &self.pack.data.questions[slot as usize];
        let answer = match (q.kind, raw) {
            (QuestionType::List, Raw::Json(Json::Array(items))) => self.list(q, items),
            (QuestionType::List, Raw::Json(Json::Null) | Raw::Empty) => Ok(Answer::Unknown),
            (QuestionType::List, Raw::Cell(c)) if c.trim().is_empty() => Ok(Answer::Unknown),
            (QuestionType::List, Raw::Cell(c)) => match serde_json::from_str::<Json>(c) {
                Ok(Json::Array(items)) => self.list(q, &items),
                _ => Err((IssueCode::WrongType, "en lista av poster (JSON)".to_string(), "a list of records (JSON)".to_string())),
            },
            (QuestionType::List, _) => Err((IssueCode::WrongType, "en lista av poster".to_string(), "a list of records".to_string())),
            _ => parse_scalar(q.kind, &q.choices, q.multiple, q.min, q.max, raw, self.pack.data.limits.max_text_length),
        };
        match answer {
            Ok(a) => self.answers.values[slot as usize] = a,
            Err((code, sv, en)) => {
                let shown = raw.shown();
                self.answers.values[slot as usize] = Answer::Unknown;
                let (sv, en) = if code == IssueCode::WrongType { (format!("Svaret \"{shown}\" är inte {sv}."), format!("the answer \"{shown}\" is not {en}")) } else { (sv, en) };
                self.answers.issues.push(issue(question, code, sv, en, Some(shown)));
            }
        }
        self
    }

    fn list(&mut self, q: &Question, items: &[Json]) -> Result<Answer, (IssueCode, String, String)> {
        let limit = self.pack.data.limits.max_list_length;
        if items.len() > limit {
            return Err((
                IssueCode::TooManyRecords,
                format!("Listan har {} poster; högst {limit} tillåts.", items.len()),
                format!("the list has {} records; at most {limit} are allowed", items.len()),
            ));
        }
        let start = self.answers.records.len() as u32;
        for (i, item) in items.iter().enumerate() {
            let mut record = vec![Answer::Unknown; q.fields.len()];
            match item {
                Json::Object(map) => {
                    for (key, v) in map {
                        let field = format!("{}[{i}].{key}", q.id);
                        match q.fields.iter().position(|f| f.id == *key) {
                            Some(fi) => {
                                let f = &q.fields[fi];
                                match parse_scalar(f.kind, &f.choices, false, f.min, f.max, Raw::Json(v), self.pack.data.limits.max_text_length) {
                                    Ok(a) => record[fi] = a,
                                    Err((code, sv, en)) => {
                                        let shown = Raw::Json(v).shown();
                                        let (sv, en) = if code == IssueCode::WrongType {
                                            (format!("Svaret \"{shown}\" är inte {sv}."), format!("the answer \"{shown}\" is not {en}"))
                                        } else {
                                            (sv, en)
                                        };
                                        self.answers.issues.push(issue(&field, code, sv, en, Some(shown)));
                                    }
                                }
                            }
                            None => {
                                let hint = did_you_mean(key, q.fields.iter().map(|f| f.id.as_str())).map(|h| format!("; did you mean \"{h}\"?")).unwrap_or_default();
                                self.answers.issues.push(issue(
                                    &field,
                                    IssueCode::UnknownQuestion,
                                    format!("Okänt fält \"{key}\"."),
                                    format!("unknown field \"{key}\"{hint}"),
                                    None,
                                ));
                            }
                        }
                    }
                }
                other => {
                    self.answers.issues.push(issue(
                        &format!("{}[{i}]", q.id),
                        IssueCode::WrongType,
                        "Posten är inte en mappning.".into(),
                        "the record is not a mapping of fields".into(),
                        Some(other.to_string()),
                    ));
                }
            }
            self.answers.records.push(record.into_boxed_slice());
        }
        let id = self.answers.lists.len() as u32;
        self.answers.lists.push((start, items.len() as u32));
        Ok(Answer::List(id))
    }

    /// Applies service types, relevance and constraints, and returns the answers.
    pub fn finish(self) -> Answers {
        let AnswersBuilder { pack, mut answers } = self;
        let data = &pack.data;
        // Relevance cascades: an answer ignored as not relevant may make others irrelevant
        // in turn, so repeat until nothing changes (each pass only removes answers).
        loop {
            let mut clear: Vec<(usize, IssueCode)> = vec![];
            {
                let cx = Cx::new(data, &answers);
                for (i, q) in data.questions.iter().enumerate() {
                    if !answers.is_answered(i as u32) {
                        continue;
                    }
                    if !q.compiled.services.contains(answers.service_index) {
                        clear.push((i, IssueCode::NotAsked));
                    } else if let Some(rel) = &q.compiled.relevant
                        && cx.eval(rel, None) == Value::Bool(false)
                    {
                        clear.push((i, IssueCode::NotRelevant));
                    }
                }
            }
            if clear.is_empty() {
                break;
            }
            for (i, code) in clear {
                let q = &data.questions[i];
                let shown = describe_answer(&answers, &answers.values[i]);
                let (sv, en) = if code == IssueCode::NotAsked {
                    (
                        format!("Frågan ställs inte till tjänstetypen {}; svaret räknas inte.", answers.service),
                        format!("the question is not asked of service type {}; the answer is ignored", answers.service),
                    )
                } else {
                    (
                        format!("Frågan är inte aktuell ({}); svaret räknas inte.", q.relevant.as_deref().unwrap_or("")),
                        format!("the question does not apply ({}); the answer is ignored", q.relevant.as_deref().unwrap_or("")),
                    )
                };
                answers.issues.push(issue(&q.id, code, sv, en, Some(shown)));
                answers.values[i] = Answer::Unknown;
            }
        }
        let mut broken = vec![];
        {
            for (i, q) in data.questions.iter().enumerate() {
                let Some(constraint) = &q.compiled.constraint else {
                    continue;
                };
                let Some(a) = answers.values.get(i) else {
                    continue;
                };
                if matches!(a, Answer::Unknown) {
                    continue;
                }
                let cx = Cx { pack: data, answers: &answers, this: answer_value(a) };
                if cx.eval(constraint, None) == Value::Bool(false) {
                    broken.push(i);
                }
            }
        }
        for i in broken {
            let q = &data.questions[i];
            let message = q.constraint_message.clone().unwrap_or_else(|| Text::new("Svaret uppfyller inte villkoret.", "The answer does not meet its constraint."));
            let shown = describe_answer(&answers, &answers.values[i]);
            answers.issues.push(AnswerIssue { field: q.id.clone(), code: IssueCode::Constraint, message, value: Some(shown) });
        }
        answers
    }
}

/// An answer as a short text, for issues.
fn describe_answer(answers: &Answers, a: &Answer) -> String {
    match a {
        Answer::Unknown => String::new(),
        Answer::Bool(b) => b.to_string(),
        Answer::Integer(i) => i.to_string(),
        Answer::Number(n) => n.to_string(),
        Answer::Date(d) => value::format_date(*d),
        Answer::Text(t) => t.to_string(),
        Answer::Set(s) => format!("{} val", s.count_ones()),
        Answer::List(l) => format!("{} poster", answers.lists.get(*l as usize).map(|x| x.1).unwrap_or(0)),
    }
}

type ParseError = (IssueCode, String, String);

/// Parses a number written the Swedish or the English way: `0,8`, `0.8`, `1 200`, `1e5`
/// (a trailing `%` only for a percent question: see [`parse_percent_text`]).
pub(crate) fn parse_number_text(text: &str) -> Option<f64> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    // YAML's infinities (how a YAML report's `1e400` arrives) are too large, not words.
    match cleaned.to_ascii_lowercase().as_str() {
        ".inf" | "+.inf" => return Some(f64::INFINITY),
        "-.inf" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Letters other than an exponent's `e` are not a number (Rust would read `inf`, `NaN`).
    if cleaned.is_empty() || cleaned.chars().any(|c| c.is_ascii_alphabetic() && !c.eq_ignore_ascii_case(&'e')) {
        return None;
    }
    let normalized = if cleaned.contains(',') && !cleaned.contains('.') { cleaned.replace(',', ".") } else { cleaned };
    normalized.parse::<f64>().ok()
}

/// Parses a percentage: a number, with or without a trailing `%` (`80 %`, `80%`, `80`).
pub(crate) fn parse_percent_text(text: &str) -> Option<f64> {
    parse_number_text(text.trim().strip_suffix('%').unwrap_or(text))
}

/// Parses a yes/no answer: `Ja`/`Nej`, `yes`/`no`, `true`/`false`, `1`/`0`.
pub(crate) fn parse_bool_text(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "true" | "sant" | "1" => Some(true),
        "nej" | "n" | "no" | "false" | "falskt" | "0" => Some(false),
        _ => None,
    }
}

fn too_large() -> ParseError {
    (IssueCode::OutOfRange, "Talet är för stort.".into(), "the number is too large".into())
}

fn range_check(n: f64, min: Option<f64>, max: Option<f64>) -> Result<(), ParseError> {
    if let Some(lo) = min
        && n < lo
    {
        return Err((IssueCode::OutOfRange, format!("Svaret {n} är mindre än {lo}."), format!("the answer {n} is less than {lo}")));
    }
    if let Some(hi) = max
        && n > hi
    {
        return Err((IssueCode::OutOfRange, format!("Svaret {n} är större än {hi}."), format!("the answer {n} is greater than {hi}")));
    }
    Ok(())
}

fn parse_scalar(
    kind: QuestionType,
    choices: &[crate::pack::Choice],
    multiple: bool,
    min: Option<f64>,
    max: Option<f64>,
    raw: Raw<'_>,
    max_text: usize,
) -> Result<Answer, ParseError> {
    let wrong = |sv: &str, en: &str| -> ParseError { (IssueCode::WrongType, sv.to_string(), en.to_string()) };
    let text: Option<&str> = match raw {
        Raw::Json(Json::Null) | Raw::Empty => return Ok(Answer::Unknown),
        Raw::Json(Json::String(s)) => Some(s.as_str()),
        Raw::Cell(c) => Some(c),
        _ => None,
    };
    if let Some(t) = text {
        if t.trim().is_empty() {
            return Ok(Answer::Unknown);
        }
        if t.len() > max_text {
            return Err((
                IssueCode::TooLong,
                format!("Texten är {} byte; högst {max_text} tillåts.", t.len()),
                format!("the text is {} bytes; at most {max_text} are allowed", t.len()),
            ));
        }
    }
    if let Raw::Invalid(e) = raw {
        let (sv, en) = match e {
            "time" => ("en tid utan datum".to_string(), "a time without a date".to_string()),
            "duration" => ("en varaktighet".to_string(), "a duration".to_string()),
            e => (format!("felet {e}"), format!("the error {e}")),
        };
        return Err((IssueCode::ErrorCell, format!("Cellen innehåller {sv}, inget svar."), format!("the cell holds {en}, not an answer")));
    }
    // A number given for a text or a choice: its digits, as a person writes them.
    let number_text = raw.number_text();
    match kind {
        QuestionType::Bool => match raw {
            Raw::Json(Json::Bool(b)) => Ok(Answer::Bool(*b)),
            Raw::Bool(b) => Ok(Answer::Bool(b)),
            Raw::Integer(1) => Ok(Answer::Bool(true)),
            Raw::Integer(0) => Ok(Answer::Bool(false)),
            _ => text.and_then(parse_bool_text).map(Answer::Bool).ok_or_else(|| wrong("ja eller nej", "yes or no")),
        },
        QuestionType::Integer => {
            let n = match raw {
                Raw::Integer(i) => {
                    range_check(i as f64, min, max)?;
                    return Ok(Answer::Integer(i));
                }
                Raw::Json(Json::Number(n)) => match n.as_i64() {
                    Some(i) => {
                        range_check(i as f64, min, max)?;
                        return Ok(Answer::Integer(i));
                    }
                    None => n.as_f64(),
                },
                Raw::Number(n) => Some(n),
                _ => text.and_then(|t| {
                    let t = t.trim();
                    t.parse::<i64>().ok().map(|i| i as f64).or_else(|| parse_number_text(t))
                }),
            };
            let Some(n) = n else {
                return Err(wrong("ett heltal", "a whole number"));
            };
            if n.is_infinite() {
                return Err(too_large());
            }
            if !n.is_finite() || n.fract() != 0.0 {
                return Err(wrong("ett heltal", "a whole number"));
            }
            if n.abs() >= 9.2e18 {
                return Err(too_large());
            }
            // Exact for integers written as text.
            let exact = text.and_then(|t| t.trim().parse::<i64>().ok()).unwrap_or(n as i64);
            range_check(exact as f64, min, max)?;
            Ok(Answer::Integer(exact))
        }
        QuestionType::Number | QuestionType::Percent => {
            let percent = kind == QuestionType::Percent;
            // A workbook cell formatted as percent holds 80 % as 0.8 (and 100 % as 1): from a
            // typed cell, a fraction for a percent question is refused, never read as 0.8 %.
            if let (true, Raw::Number(n)) = (percent, raw)
                && n > 0.0
                && n <= 1.0
            {
                return Err(wrong(
                    "en procentsats från 0 till 100; en cell formaterad som procent håller 80 % som 0,8 — skriv 80",
                    "a percentage from 0 to 100; a cell formatted as percent holds 80 % as 0.8 — write 80",
                ));
            }
            let n = match raw {
                Raw::Json(Json::Number(n)) => n.as_f64(),
                Raw::Integer(i) => Some(i as f64),
                Raw::Number(n) => Some(n),
                _ if percent => text.and_then(parse_percent_text),
                _ => text.and_then(parse_number_text),
            };
            let Some(n) = n else {
                return Err(wrong("ett tal", "a number"));
            };
            if n.is_infinite() {
                return Err(too_large());
            }
            if !n.is_finite() {
                return Err(wrong("ett ändligt tal", "a finite number"));
            }
            range_check(n, min, max)?;
            Ok(Answer::Number(n))
        }
        QuestionType::Date => match raw {
            Raw::Date(d) if crate::answers::dates::in_range(d) => Ok(Answer::Date(d)),
            Raw::DateTime(s) => crate::answers::dates::wall_clock_date(s).map(Answer::Date).ok_or_else(date_out_of_range),
            Raw::Instant(s) => crate::answers::dates::instant_date(s).map(Answer::Date).ok_or_else(date_out_of_range),
            Raw::Date(_) => Err(date_out_of_range()),
            _ => match text {
                Some(t) => crate::answers::dates::parse(t).map(Answer::Date).map_err(|p| match p {
                    crate::answers::dates::DateProblem::NotADate => wrong("ett datum (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
                    p => {
                        let m = p.message(t.trim());
                        (p.code(), m.sv, m.en)
                    }
                }),
                None => Err(wrong("ett datum (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)")),
            },
        },
        QuestionType::Text => match (text, number_text) {
            (Some(t), _) => Ok(Answer::Text(nfc(t.trim()).into())),
            (None, Some(n)) => Ok(Answer::Text(n.into())),
            _ => match raw {
                Raw::Date(_) | Raw::DateTime(_) | Raw::Instant(_) => Ok(Answer::Text(raw.shown().into())),
                Raw::Json(Json::Number(_)) | Raw::Number(_) => {
                    Err(wrong("en text (ett så stort tal skrivs inom citattecken)", "a text (a number this large is written in quotes)"))
                }
                _ => Err(wrong("en text", "a text")),
            },
        },
        QuestionType::Choice if multiple => {
            let values: Vec<String> = match raw {
                Raw::Json(Json::Array(items)) => {
                    let mut out = vec![];
                    for item in items {
                        match item {
                            Json::String(s) => out.push(s.trim().to_string()),
                            Json::Number(_) => out.push(Raw::Json(item).number_text().unwrap_or_default()),
                            _ => return Err(wrong("en lista av val", "a list of choices")),
                        }
                    }
                    out
                }
                _ => match (text, number_text) {
                    (Some(t), _) => t.split(['|', ';', ',']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
                    (None, Some(n)) => vec![n],
                    _ => return Err(wrong("en lista av val", "a list of choices")),
                },
            };
            let mut set = 0u64;
            for v in values {
                set |= 1u64 << choice_index(choices, &v)?.min(63);
            }
            Ok(Answer::Set(set))
        }
        QuestionType::Choice => {
            let t = match (text, &number_text) {
                (Some(t), _) => t,
                (None, Some(n)) => n.as_str(),
                _ => return Err(wrong("ett av svarsalternativen", "one of the choices")),
            };
            let i = choice_index(choices, t.trim())?;
            Ok(Answer::Text(choices[i].value.clone().into()))
        }
        QuestionType::List => Err(wrong("en lista av poster", "a list of records")),
    }
}

fn date_out_of_range() -> ParseError {
    (IssueCode::BadDate, "Datumet ligger utanför åren 0000–9999.".into(), "the date is outside the years 0000–9999".into())
}

/// The index of a choice, matched by value, or case-insensitively by value or Swedish or
/// English label (as survey tools export labels).
fn choice_index(choices: &[crate::pack::Choice], v: &str) -> Result<usize, ParseError> {
    let v = &*nfc(v);
    if let Some(i) = choices.iter().position(|c| c.value == v) {
        return Ok(i);
    }
    let lower = v.to_lowercase();
    if let Some(i) = choices.iter().position(|c| c.value.to_lowercase() == lower || c.label.sv.to_lowercase() == lower || c.label.en.to_lowercase() == lower) {
        return Ok(i);
    }
    let known = choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join(", ");
    let hint = did_you_mean(v, choices.iter().map(|c| c.value.as_str()));
    Err(match hint {
        Some(h) => (IssueCode::NotAChoice, format!("\"{v}\" är inget svarsalternativ; menade du \"{h}\"?"), format!("\"{v}\" is not one of the choices; did you mean \"{h}\"?")),
        None => (IssueCode::NotAChoice, format!("\"{v}\" är inget svarsalternativ ({known})."), format!("\"{v}\" is not one of the choices ({known})")),
    })
}
