//! A provider's answers: read from JSON, YAML, a CSV cell or a binding's values, validated
//! against the pack's questions, and stored by slot for evaluation.
//!
//! Every problem is recorded per field as an [`AnswerIssue`]; a bad field is treated as
//! unanswered and never stops the other fields from being read.

mod builder;
mod code;
pub(crate) mod dates;
mod raw;
mod read;
mod records;
mod rules;
pub(crate) mod scalar;
mod temporal;
#[cfg(feature = "authoring")]
pub(crate) mod yaml;

use serde::Serialize;
use serde_json::Value as Json;

pub use builder::AnswersBuilder;
pub use code::IssueCode;
pub use raw::Raw;
pub use read::{ReportFormat, json_unique_keys};

use crate::lang::value::{self, Value};
use crate::nfc::nfc;
use crate::pack::diagnostic::did_you_mean;
use crate::pack::{Pack, Question, QuestionType};
use crate::text::Text;

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
    /// What is wrong and what is done with the answer, in both languages.
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
    /// Every problem that stops the report from being read.
    pub problems: Vec<AnswerIssue>,
}

/// The fields of a report besides its answers, in order: the keys of a report file and of
/// [`Report`](crate::Report)'s JSON, and the columns an export, a data frame or a roster name
/// besides question ids. `provider`, `service` and `date` are required.
pub const REPORT_FIELDS: [&str; 5] = ["provider", "name", "service", "contract", "date"];

/// Who reported, for which service, when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReportMeta {
    /// The provider's id.
    pub provider: String,
    /// The provider's name, if given.
    #[serde(default)]
    pub name: Option<String>,
    /// The service type reported on (a service id of the pack).
    pub service: String,
    /// The contract form (e.g. `lov`, `lou`), if given.
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
    /// The provider's id, as the report wrote it (in NFC).
    pub(crate) provider: String,
    /// The provider's name, if the report gave one.
    pub(crate) name: Option<String>,
    /// The service type reported on.
    pub(crate) service: String,
    pub(crate) service_index: Option<u16>,
    /// The contract form, if the report gave one.
    pub(crate) contract: Option<String>,
    pub(crate) date: i32,
    pub(crate) values: Vec<Answer>,
    pub(crate) records: Vec<Box<[Answer]>>,
    pub(crate) lists: Vec<(u32, u32)>,
    pub(crate) issues: Vec<AnswerIssue>,
}

impl Answers {
    /// The provider's id, as the report wrote it (in NFC).
    pub fn provider(&self) -> &str {
        &self.provider
    }
    /// The provider's name, if the report gave one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// The service type reported on.
    pub fn service(&self) -> &str {
        &self.service
    }
    /// The contract form, if the report gave one.
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

    /// The answer to a text or single-choice question as stored (for a choice, its value as
    /// the pack writes it, whatever label the source used); `None` when the question is
    /// unanswered, of another type, or not the pack's. Used by summaries that count answers
    /// themselves, e.g. a survey's shares on a scale.
    pub fn text(&self, pack: &Pack, question: &str) -> Option<&str> {
        let slot = *pack.data.question_index.get(question)?;
        match self.values.get(slot as usize)? {
            Answer::Text(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn is_answered(&self, slot: u32) -> bool {
        !matches!(self.values.get(slot as usize), None | Some(Answer::Unknown))
    }
}

fn issue(field: &str, code: IssueCode, sv: String, en: String, value: Option<String>) -> AnswerIssue {
    AnswerIssue { field: field.to_string(), code, message: Text { sv, en }, value }
}
