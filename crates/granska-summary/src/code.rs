//! The codes of [`InputProblem`](crate::export::InputProblem)s: what is wrong with an input
//! of a summary run (an export, a workbook, a roster, a report file), with labels in both
//! languages.
//!
//! An input problem is either an answer issue of the engine (an answer or report that could
//! not be used: [`IssueCode`]) or a problem only an input file can have (a row with too few
//! cells, an unknown column, an unreadable file: [`InputCode`]). [`ProblemCode`] is the one
//! or the other, written as the code itself either way, so that a caller matches on one type
//! and the engine's codes are not repeated here.

use std::fmt;

use granska::{IssueCode, Lang, UnknownCode};

granska::code_enum! {
    /// A problem only an input file can have, as a stable code: `too-few-cells`.
    pub enum InputCode("input problem") {
        /// A row with fewer cells than the header.
        TooFewCells = "too-few-cells",
        /// A row with more cells than the header.
        TooManyCells = "too-many-cells",
        /// A header column that is no question or report field (ignored).
        UnknownColumn = "unknown-column",
        /// A header column named twice (the later one ignored).
        DuplicateColumn = "duplicate-column",
        /// A column the input must have (provider, service, date) that it lacks.
        MissingColumn = "missing-column",
        /// A workbook without the sheet asked for.
        NoSheet = "no-sheet",
        /// A file that cannot be read (missing, unreadable, cut off).
        Io = "io",
        /// A file with nothing in it (no header, no sheets, no rows).
        Empty = "empty",
        /// A provider listed twice in a roster.
        Duplicate = "duplicate",
        /// A provider (and service type) reported twice in one batch; all reports are counted.
        DuplicateProvider = "duplicate-provider",
        /// A report file over the size limit.
        TooLarge = "too-large",
        /// A previous summary that cannot be read.
        Summary = "summary",
        /// A column or value that looks like a personal identity number (personnummer) or a
        /// person's name, in an audit record or a survey export: refused, never read.
        SensitiveData = "sensitive-data",
        /// An audit record or survey file whose structure is wrong (an unknown key, a missing
        /// list, a value of the wrong kind).
        BadRecord = "bad-record",
        /// A column or key of a survey tool's answer export that the form granska exported
        /// does not have (not read; a warning).
        UnexportedColumn = "unexported-column",
        /// A file in a folder of inputs that is not of a kind read there (not read; a
        /// warning).
        Skipped = "skipped",
    }
}

impl InputCode {
    /// The code's label as shown in a summary's tables; none for a code the summary groups
    /// under "other".
    pub const fn label(self, lang: Lang) -> Option<&'static str> {
        let (sv, en) = match self {
            InputCode::TooFewCells => ("för få celler", "too few cells"),
            InputCode::TooManyCells => ("för många celler", "too many cells"),
            InputCode::Io => ("filen kan inte läsas", "unreadable file"),
            _ => return None,
        };
        Some(match lang {
            Lang::Sv => sv,
            Lang::En => en,
        })
    }
}

/// The code of an input problem: an answer issue of the engine or a problem of the input
/// file. Serialised as the code itself (`wrong-type`, `too-few-cells`); the two sets of
/// codes do not overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemCode {
    /// An answer or report that could not be used.
    Answer(IssueCode),
    /// A problem with the input file itself.
    Input(InputCode),
}

impl ProblemCode {
    /// The code as written in outputs (kebab-case).
    pub const fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Answer(c) => c.as_str(),
            ProblemCode::Input(c) => c.as_str(),
        }
    }

    /// Whether the problem is a warning: an answer set aside because it does not apply or
    /// breaks a constraint (`not-relevant`, `not-asked`, `constraint`), or a provider
    /// reported twice (all its reports are counted). Any other problem is bad input.
    pub const fn is_warning(self) -> bool {
        match self {
            ProblemCode::Answer(c) => !c.is_malformed(),
            ProblemCode::Input(c) => matches!(c, InputCode::DuplicateProvider | InputCode::UnexportedColumn),
        }
    }

    /// Whether the problem is a malformed value or input rather than a well-formed answer
    /// that does not apply (`not-relevant`, `not-asked`) or breaks a constraint.
    pub const fn is_malformed(self) -> bool {
        match self {
            ProblemCode::Answer(c) => c.is_malformed(),
            ProblemCode::Input(_) => true,
        }
    }

    /// The code's label as shown in a summary's tables, e.g. `för få celler` /
    /// `too few cells`; none for a code the summary groups under "other".
    pub const fn label(self, lang: Lang) -> Option<&'static str> {
        match self {
            ProblemCode::Answer(c) => c.label(lang),
            ProblemCode::Input(c) => c.label(lang),
        }
    }
}

impl From<IssueCode> for ProblemCode {
    fn from(code: IssueCode) -> ProblemCode {
        ProblemCode::Answer(code)
    }
}

impl From<InputCode> for ProblemCode {
    fn from(code: InputCode) -> ProblemCode {
        ProblemCode::Input(code)
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ProblemCode {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<ProblemCode, UnknownCode> {
        match s.parse::<IssueCode>() {
            Ok(c) => Ok(ProblemCode::Answer(c)),
            Err(_) => s.parse::<InputCode>().map(ProblemCode::Input).map_err(|_| UnknownCode { kind: "input problem", code: s.to_string() }),
        }
    }
}

impl AsRef<str> for ProblemCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// By the written code, consistent with `Borrow<str>`.
impl std::hash::Hash for ProblemCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for ProblemCode {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for ProblemCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ProblemCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for ProblemCode {
    fn partial_cmp(&self, other: &ProblemCode) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By the written code, so that maps keyed by code list them alphabetically.
impl Ord for ProblemCode {
    fn cmp(&self, other: &ProblemCode) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl serde::Serialize for ProblemCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ProblemCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ProblemCode, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        s.parse().map_err(<D::Error as serde::de::Error>::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_sets_of_codes_do_not_overlap_and_read_back() {
        for c in IssueCode::ALL.iter().map(|&c| ProblemCode::from(c)).chain(InputCode::ALL.iter().map(|&c| ProblemCode::from(c))) {
            assert_eq!(c.as_str().parse::<ProblemCode>(), Ok(c), "{c}");
            assert_eq!(serde_json::to_string(&c).expect("json"), format!("\"{c}\""));
        }
        assert!("no-such-code".parse::<ProblemCode>().is_err());
    }
}
