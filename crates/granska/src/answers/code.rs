//! The codes of [`AnswerIssue`](crate::AnswerIssue)s: what is wrong with one answer of a
//! report, or with a report as a whole, with its labels in both languages.

use crate::Lang;

crate::code_enum! {
    /// What is wrong with an answer (or a report), as a stable code: `wrong-type`. One enum
    /// for every way a report is read (JSON, YAML, a row of an export, Python, the browser),
    /// since each ends in the same [`AnswerIssue`](crate::AnswerIssue) list.
    pub enum IssueCode("issue") {
        /// A field that is no question of the pack.
        UnknownQuestion = "unknown-question",
        /// An answer of the wrong type (a text for a number, a report that is no mapping).
        WrongType = "wrong-type",
        /// A number outside the question's range.
        OutOfRange = "out-of-range",
        /// A value that is not one of the choices (or service types).
        NotAChoice = "not-a-choice",
        /// A date that is not in the calendar or is ambiguous.
        BadDate = "bad-date",
        /// A spreadsheet error value (`#N/A`, `#DIV/0!`) instead of an answer.
        ErrorCell = "error-cell",
        /// A text over the size limit.
        TooLong = "too-long",
        /// A list with more records than allowed.
        TooManyRecords = "too-many-records",
        /// A well-formed answer that breaks the question's constraint.
        Constraint = "constraint",
        /// An answer to a question that did not apply (its `relevant` was false).
        NotRelevant = "not-relevant",
        /// An answer to a question not asked of the report's service type.
        NotAsked = "not-asked",
        /// A report field (provider, service type, date) that is missing.
        Missing = "missing",
        /// A report file that cannot be parsed (JSON or YAML syntax).
        Syntax = "syntax",
        /// A report file that is not valid UTF-8.
        NotUtf8 = "not-utf8",
        /// A question answered twice in one report (its id dotted and nested, or set twice):
        /// neither answer is used.
        AnsweredTwice = "answered-twice",
    }
}

impl IssueCode {
    /// Whether the issue is a warning: a well-formed answer that is set aside because its
    /// question does not apply (`not-relevant`, `not-asked`), not a mistake in the report.
    pub const fn is_warning(self) -> bool {
        matches!(self, IssueCode::NotRelevant | IssueCode::NotAsked)
    }

    /// Whether the answer was malformed (wrong type, out of range, not a choice, bad date,
    /// too long, unknown question, unreadable report) rather than well-formed but not
    /// applying (`not-relevant`, `not-asked`) or breaking a constraint.
    pub const fn is_malformed(self) -> bool {
        !matches!(self, IssueCode::NotRelevant | IssueCode::NotAsked | IssueCode::Constraint)
    }

    /// The code's label as shown in a summary's tables, e.g. `fel typ av svar` /
    /// `wrong type of answer`; none for a code the summary groups under "other".
    pub const fn label(self, lang: Lang) -> Option<&'static str> {
        let (sv, en) = match self {
            IssueCode::WrongType => ("fel typ av svar", "wrong type of answer"),
            IssueCode::OutOfRange => ("utanför tillåtna värden", "out of range"),
            IssueCode::NotAChoice => ("inget av svarsalternativen", "not one of the choices"),
            IssueCode::BadDate => ("ogiltigt datum", "invalid date"),
            IssueCode::TooLong => ("för lång text", "text too long"),
            IssueCode::TooManyRecords => ("för många poster", "too many records"),
            IssueCode::Constraint => ("uppfyller inte villkoret", "breaks the question's constraint"),
            IssueCode::NotRelevant => ("svar på fråga som inte var aktuell", "answer to a question that did not apply"),
            IssueCode::NotAsked => ("svar på fråga som inte ställs till tjänstetypen", "answer to a question not asked of the service type"),
            IssueCode::UnknownQuestion => ("okänd fråga", "unknown question"),
            IssueCode::Missing => ("uppgift saknas", "missing field"),
            IssueCode::Syntax => ("filen kan inte läsas (syntax)", "unreadable file (syntax)"),
            IssueCode::AnsweredTwice => ("frågan besvarad två gånger", "question answered twice"),
            IssueCode::ErrorCell | IssueCode::NotUtf8 => return None,
        };
        Some(match lang {
            Lang::Sv => sv,
            Lang::En => en,
        })
    }
}
