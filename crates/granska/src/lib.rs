//! granska: a rule engine for the annual follow-up of providers of social services.
//!
//! Requirements of law and contract are written as declarative YAML rule packs
//! (`docs/pack-format.md`) with a small expression language (`docs/language.md`). A pack is
//! loaded and checked once — every mistake reported at once with its file, line and column —
//! into an immutable [`Pack`]; each provider's answers are then validated into [`Answers`]
//! and evaluated with three-valued logic into a [`Report`] that explains every verdict.
//!
//! ```
//! use granska::Pack;
//!
//! let pack = Pack::from_yaml(r#"
//! pack: { id: demo, title: { sv: Demo, en: Demo } }
//! questions:
//!   - id: personal.antal
//!     type: integer
//!     label: { sv: Antal anställda, en: Number of staff }
//!   - id: personal.med_examen
//!     type: integer
//!     label: { sv: Antal med examen, en: Staff with a degree }
//! requirements:
//!   - id: utbildning
//!     title: { sv: Utbildningsnivå, en: Education level }
//!     source: "Avtal 4.2"
//!     severity: krav
//!     area: kunskapsbaserad
//!     require: "personal.med_examen / personal.antal >= 0.8"
//!     message: { sv: "För få med examen.", en: "Too few with a degree." }
//! "#, "demo.yaml").unwrap();
//!
//! let answers = pack.read_report_json(r#"{
//!   "provider": "P1", "service": "x", "date": "2017-12-31",
//!   "answers": { "personal": { "antal": 10, "med_examen": 6 } }
//! }"#).unwrap();
//! let report = pack.check(&answers);
//! assert_eq!(report.verdicts[0].verdict, granska::Verdict::NotMet);
//! assert_eq!(report.verdicts[0].explanation[0].detail.en,
//!            "personal.med_examen / personal.antal = 0.6, required ≥ 0.8");
//! ```

mod answers;
mod codes;
pub mod forms;
mod lang;
pub mod nfc;
mod pack;
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing;
mod text;
mod verdict;

pub use answers::scalar::parse_bool_text;
pub use answers::{AnswerIssue, Answers, AnswersBuilder, IssueCode, REPORT_FIELDS, Raw, ReportError, ReportFormat, ReportMeta, json_unique_keys};
pub use codes::UnknownCode;
pub use lang::eval::Verdict;
pub use lang::value::{format_date, parse_date};
pub use pack::compiled::{COMPILED_FORMAT_VERSION, COMPILED_MAGIC, CompiledFileError, CompiledPackError, MAX_COMPILED_PACK_BYTES, is_compiled_pack, read_compiled_pack_file};
pub use pack::diagnostic::{Diagnostic, DiagnosticCode, Severity as DiagnosticSeverity, SourceFile, did_you_mean};
#[cfg(feature = "authoring")]
pub use pack::diff::{ChangeKind, FieldChange, ItemChange, ItemFields, ItemKind, PackDiff, changes_text, compare_items};
pub use pack::identity::{CONTENT_HASH_FORMAT, PackIdentity};
pub use pack::limits::Limits;
#[cfg(feature = "authoring")]
pub use pack::open::{PackError, PackSources, render_diagnostics};
pub use pack::service::UnknownService;
pub use pack::{
    Choice, CitedSource, Derived, Field, Indicator, IndicatorKind, Pack, PackInfo, PackRef, ParamValue, Parameter, ParamsInfo, QualityArea, Question, QuestionType, Requirement,
    Service, Severity, ShareBase,
};
pub use text::Text;
pub use verdict::form::{FormState, FormVerdict, Undecided};
pub use verdict::indicators::{IndicatorValue, Quantity};
pub use verdict::report::{Counts, Explanation, Read, Report, RequirementVerdict};

/// The language of human texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Swedish (`sv`), the language the follow-up is published in.
    #[default]
    Sv,
    /// English (`en`).
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "sv" => Ok(Lang::Sv),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (sv or en)")),
        }
    }
}

#[cfg(feature = "authoring")]
/// Reads YAML text into a JSON tree with every scalar kept as the text written (`0180` stays
/// "0180", `no` stays "no"; a plain `null`, `~` or empty value is JSON null), as reports are
/// read: for other YAML inputs whose values the pack's questions type later (audit records).
///
/// # Errors
///
/// `(line, column, message)` of a syntax error, a key given twice, a second document, or
/// nesting or size past the report limits.
pub fn yaml_as_written(text: &str) -> Result<serde_json::Value, (usize, usize, String)> {
    answers::yaml::read(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| (e.line, e.column, e.message))
}

#[cfg(feature = "authoring")]
/// As [`yaml_as_written`], also giving where each key and list item begins, so that a record
/// file's problems can be located by line ([`YamlPlaces::get`] with paths like `actions[2].due`).
///
/// # Errors
///
/// As [`yaml_as_written`].
pub fn yaml_as_written_with_places(text: &str) -> Result<(serde_json::Value, YamlPlaces), (usize, usize, String)> {
    answers::yaml::read_with_places(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| (e.line, e.column, e.message))
}

#[cfg(feature = "authoring")]
pub use answers::yaml::YamlPlaces;

#[cfg(feature = "authoring")]
/// Parses an expression and prints it back in canonical form (for tools and tests).
///
/// # Errors
///
/// The expression does not parse: the parser's message, with the column.
pub fn format_expression(text: &str) -> Result<String, String> {
    lang::parser::parse(text, &Limits::default()).map(|e| e.to_string()).map_err(|e| e.message)
}

#[cfg(feature = "authoring")]
/// Parses two expressions and tells whether they have the same syntax tree.
///
/// # Errors
///
/// Either expression does not parse: the parser's message, with the column.
pub fn same_expression(a: &str, b: &str) -> Result<bool, String> {
    let limits = Limits::default();
    let x = lang::parser::parse(a, &limits).map_err(|e| e.message)?;
    let y = lang::parser::parse(b, &limits).map_err(|e| e.message)?;
    Ok(x.same_tree(&y))
}
