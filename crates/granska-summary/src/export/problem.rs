//! Problems with an input, located where a person finds them: [`InputProblem`] (a file,
//! sheet, row, column or field, the provider, a code and a message in both languages) and
//! [`ExportError`] (an input that cannot be read at all).

use std::io;

use serde::{Deserialize, Serialize};

use granska::{AnswerIssue, IssueCode, Lang, ReportError, Text};

use super::{InputCode, ProblemCode};

/// A column of an input file: its number (1-based) and its title.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ColumnRef {
    /// The column's number, 1-based (`A` = 1).
    pub number: u32,
    /// The column's title as written.
    pub name: String,
}

impl ColumnRef {
    /// The column's letter as a spreadsheet shows it: 1 → `A`, 27 → `AA`.
    pub fn letter(&self) -> String {
        column_letter(self.number)
    }
}

/// The spreadsheet letter of a 1-based column number (`A`, …, `Z`, `AA`, …).
pub fn column_letter(number: u32) -> String {
    let mut n = number;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A problem with an input: a rejected row or report, a cell whose answer was not used, a
/// header column that was ignored, a line of a mapping or roster file. It says where (file,
/// row, column or field), whose report (provider), and what is wrong, in Swedish and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct InputProblem {
    /// The file the problem is in (empty when the input had no name).
    pub file: String,
    /// The sheet of a workbook the problem is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row (line) in the file, header = 1; none for a report file as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// The column in an export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnRef>,
    /// The question id or report field concerned, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The provider whose report it is, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// What is wrong, as a stable code: an answer issue code of the engine (`wrong-type`,
    /// `missing`, …) or a problem of the input file (`too-few-cells`, `unknown-column`, `io`, …).
    pub code: ProblemCode,
    /// What is wrong and what is done about it, in both languages.
    pub message: Text,
    /// Whether the whole report (row) was rejected; otherwise only the one answer is unused.
    pub rejected: bool,
}

/// A row of an export that could not be read as a report.
pub type RowError = InputProblem;

impl InputProblem {
    pub(super) fn new(source: &str, code: impl Into<ProblemCode>, sv: String, en: String) -> InputProblem {
        InputProblem { file: source.to_string(), sheet: None, row: None, column: None, field: None, provider: None, code: code.into(), message: Text { sv, en }, rejected: false }
    }

    /// A problem with a whole file (it cannot be read), located by its name only.
    pub fn new_file(file: &str, code: impl Into<ProblemCode>, sv: String, en: String) -> InputProblem {
        InputProblem::new(file, code, sv, en)
    }

    /// A file that cannot be read (it is missing, or the system refuses it): code `io`, the
    /// system's reason in both messages.
    pub fn unreadable(file: &str, error: &dyn std::fmt::Display) -> InputProblem {
        InputProblem::new(file, InputCode::Io, format!("Kan inte läsa filen: {error}"), format!("cannot read the file: {error}"))
    }

    /// A report file that could not be read (a rejected report), located by file and field.
    pub fn from_report_error(file: &str, error: &ReportError) -> InputProblem {
        let first = error.problems.first();
        let join = |lang: Lang| error.problems.iter().map(|p| p.message.get(lang).trim_end_matches('.').to_string()).collect::<Vec<_>>().join("; ");
        InputProblem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            field: first.map(|p| p.field.clone()).filter(|f| !f.is_empty()),
            provider: error.provider.clone(),
            code: first.map_or(IssueCode::Missing, |p| p.code).into(),
            message: Text { sv: format!("{}; rapporten läses inte.", join(Lang::Sv)), en: format!("{}; the report is not read", join(Lang::En)) },
            rejected: true,
        }
    }

    /// An answer of a report file that was not used, located by file and field.
    pub fn from_issue(file: &str, provider: &str, issue: &AnswerIssue) -> InputProblem {
        InputProblem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            field: Some(issue.field.clone()).filter(|f| !f.is_empty()),
            provider: Some(provider.to_string()),
            code: issue.code.into(),
            message: issue.message.clone(),
            rejected: false,
        }
    }

    /// Whether the problem is a malformed value (wrong type, out of range, not a choice, bad
    /// date, too long, unknown question or column, bad row) rather than a well-formed answer
    /// that does not apply (`not-relevant`, `not-asked`) or breaks a constraint.
    pub fn is_malformed(&self) -> bool {
        self.code.is_malformed()
    }

    /// The problem in one line: `file: row 7, column 12 (L, klagomal.registrerade), provider P014: message [code]`.
    pub fn render(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        let mut place: Vec<String> = vec![];
        if let Some(sheet) = &self.sheet {
            place.push(format!("{} {sheet}", if sv { "blad" } else { "sheet" }));
        }
        if let Some(row) = self.row {
            place.push(format!("{} {row}", if sv { "rad" } else { "row" }));
        }
        if let Some(c) = &self.column {
            let name = if c.name.is_empty() { String::new() } else { format!(", {}", c.name) };
            place.push(format!("{} {} ({}{name})", if sv { "kolumn" } else { "column" }, c.number, c.letter()));
        } else if let Some(f) = self.field.as_deref().filter(|f| !f.is_empty()) {
            place.push(format!("{} {f}", if sv { "fält" } else { "field" }));
        }
        if let Some(p) = &self.provider {
            place.push(format!("{} {p}", if sv { "verksamhet" } else { "provider" }));
        }
        let mut out = String::new();
        if !self.file.is_empty() {
            out.push_str(&self.file);
            out.push_str(": ");
        }
        if !place.is_empty() {
            out.push_str(&place.join(", "));
            out.push_str(": ");
        }
        out.push_str(self.message.get(lang));
        out.push_str(&format!(" [{}]", self.code));
        out
    }
}

/// An input that cannot be read at all: unreadable, empty, no provider/service/date column,
/// a malformed mapping or roster file. Every problem found is listed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|p| p.render(Lang::En)).collect::<Vec<_>>().join("\n"))]
pub struct ExportError {
    /// Every problem found, in file order.
    pub problems: Vec<InputProblem>,
}

impl ExportError {
    pub(crate) fn one(p: InputProblem) -> ExportError {
        ExportError { problems: vec![p] }
    }

    pub(super) fn io(source: &str, e: &io::Error) -> ExportError {
        ExportError::one(InputProblem::unreadable(source, e))
    }

    /// Every problem rendered, one per line.
    pub fn render(&self, lang: Lang) -> String {
        self.problems.iter().map(|p| p.render(lang)).collect::<Vec<_>>().join("\n")
    }
}
