//! Diagnostics for pack files: what is wrong, where (file, line, column), and a hint,
//! rendered like rustc with codespan-reporting.

// Without `authoring` (locating and rendering diagnostics is the loader's; the runtime keeps the data) parts of this module are unused.
#![cfg_attr(not(feature = "authoring"), allow(dead_code))]

use std::fmt;

#[cfg(feature = "authoring")]
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
#[cfg(feature = "authoring")]
use codespan_reporting::files::SimpleFiles;
#[cfg(feature = "authoring")]
use codespan_reporting::term;

/// How bad a diagnostic is. Errors stop a pack from loading; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The pack does not load.
    Error,
    /// The pack loads; the author should look.
    Warning,
}

crate::code_enum! {
    /// What is wrong in a pack, as a stable code: `error[unknown-name]`. One enum for every
    /// stage of reading a pack (opening, YAML, includes, parameters, the checker, lints), since
    /// they all end in the same [`Diagnostic`] list shown to the pack's author.
    pub enum DiagnosticCode("diagnostic") {
        /// A file or the pack over a limit (size, count, nesting, evaluation budget).
        Limit = "limit",
        /// An include that cannot be read.
        Include = "include",
        /// A file includes itself, directly or through others.
        IncludeCycle = "include-cycle",
        /// YAML that cannot be read, or a field of the wrong shape.
        Yaml = "yaml",
        /// An expression that cannot be parsed.
        Syntax = "syntax",
        /// A name (question, derived value, parameter, field, placeholder) not declared.
        UnknownName = "unknown-name",
        /// A function the language does not have.
        UnknownFunction = "unknown-function",
        /// A choice not among a question's choices.
        UnknownChoice = "unknown-choice",
        /// A service type not declared by the pack.
        UnknownService = "unknown-service",
        /// Operands or arguments of the wrong type.
        TypeMismatch = "type-mismatch",
        /// A derived value that depends on itself.
        Cycle = "cycle",
        /// A function called with the wrong number of arguments.
        Arity = "arity",
        /// A regular expression that does not compile.
        BadRegex = "bad-regex",
        /// An id declared or set twice.
        DuplicateId = "duplicate-id",
        /// An id that is not allowed (a keyword, a `.` where none may be).
        BadId = "bad-id",
        /// A required field left out.
        MissingField = "missing-field",
        /// A `services` list that is empty.
        EmptyServices = "empty-services",
        /// A date that is not in the calendar.
        BadDate = "bad-date",
        /// An unknown question or parameter type.
        BadType = "bad-type",
        /// A value that is not one of the allowed ones, or not of its declared type.
        BadValue = "bad-value",
        /// A parameter without the source of its value.
        MissingSource = "missing-source",
        /// Lint: a time window that can never hold.
        Window = "window",
        /// Lint: a requirement that never applies.
        NeverApplies = "never-applies",
        /// Lint: a condition that is always true or always false.
        ConstantCondition = "constant-condition",
        /// Lint: two requirements with the same condition.
        DuplicateCondition = "duplicate-condition",
        /// Lint: a question no rule reads.
        UnreadQuestion = "unread-question",
    }
}

impl DiagnosticCode {
    /// Whether the code is a lint: a warning about a pack that is legal but likely wrong,
    /// which does not stop the pack from loading.
    pub const fn is_warning(self) -> bool {
        matches!(
            self,
            DiagnosticCode::Window | DiagnosticCode::NeverApplies | DiagnosticCode::ConstantCondition | DiagnosticCode::DuplicateCondition | DiagnosticCode::UnreadQuestion
        )
    }

    /// The severity a diagnostic with this code has: a warning for a lint, an error otherwise.
    pub const fn severity(self) -> Severity {
        if self.is_warning() { Severity::Warning } else { Severity::Error }
    }
}

/// One problem found in a pack, located in its YAML file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code, e.g. `unknown-name`, `type-mismatch`, `yaml`.
    pub code: DiagnosticCode,
    /// What is wrong, in the pack author's words.
    pub message: String,
    /// The file as it was named when loaded (relative path, or `builtin:…`).
    pub file: String,
    /// 1-based line in the file (0 when the problem concerns the file as a whole).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// Byte range in the file, for rendering.
    #[serde(skip)]
    pub range: std::ops::Range<usize>,
    /// How to fix it, when there is a likely fix ("did you mean …").
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {kind}[{}]: {}", self.file, self.line, self.column, self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The text of a loaded file, kept for rendering diagnostics.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// The file as it was named when loaded.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Byte offset → 1-based (line, column in characters).
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

/// 1-based (line, column in characters) → byte offset.
pub fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            let col = column.saturating_sub(1) as usize;
            return offset + l.char_indices().nth(col).map(|(b, _)| b).unwrap_or(l.len());
        }
        offset += l.len();
    }
    text.len()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(feature = "authoring")]
/// Renders diagnostics like rustc, with the source line and a caret under the problem.
pub fn render(diagnostics: &[Diagnostic], sources: &[SourceFile], color: bool) -> String {
    let mut files = SimpleFiles::new();
    let ids: Vec<(String, usize)> = sources.iter().map(|s| (s.name.clone(), files.add(s.name.clone(), s.text.clone()))).collect();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code.as_str())
        .with_message(&d.message);
        let file = ids.iter().find(|(name, _)| *name == d.file).map(|(_, id)| *id);
        match file {
            Some(id) if d.line > 0 => {
                cs = cs.with_labels(vec![Label::primary(id, d.range.clone())]);
            }
            _ => {
                cs = cs.with_notes(vec![format!("in {}", d.file)]);
            }
        }
        if let Some(hint) = &d.hint {
            cs = cs.with_notes(vec![format!("hint: {hint}")]);
        }
        let rendered = if color {
            let mut buffer = term::termcolor::Buffer::ansi();
            match term::emit_to_write_style(&mut buffer, &config, &files, &cs) {
                Ok(()) => String::from_utf8_lossy(buffer.as_slice()).into_owned(),
                Err(_) => format!("{d}\n"),
            }
        } else {
            term::emit_into_string(&config, &files, &cs).unwrap_or_else(|_| format!("{d}\n"))
        };
        out.push_str(&rendered);
    }
    out
}

/// The closest of `candidates` to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(name, c);
        let last = name.rsplit('.').next().unwrap_or(name);
        let c_last = c.rsplit('.').next().unwrap_or(c);
        let score = score.max(strsim::jaro_winkler(last, c_last) - 0.05);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
