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
mod ast;
mod builtin;
mod check;
mod dates;
mod diagnostic;
mod eval;
mod form;
mod indicators;
mod ir;
mod limits;
mod lint;
mod load;
mod model;
pub mod nfc;
mod pack;
mod params;
mod parser;
mod reference;
mod report;
mod report_yaml;
#[doc(hidden)]
pub mod testing;
mod value;

use std::path::Path;

pub use answers::{AnswerIssue, Answers, AnswersBuilder, Raw, ReportError, ReportFormat, ReportMeta};
pub use diagnostic::did_you_mean;
pub use diagnostic::{Diagnostic, Severity as DiagnosticSeverity, SourceFile};
pub use eval::Verdict;
pub use form::{FormState, FormVerdict, Undecided};
pub use indicators::{IndicatorValue, Quantity};
pub use limits::Limits;
pub use model::Text;
pub use pack::{
    Choice, CitedSource, Derived, Field, Indicator, IndicatorKind, Pack, PackInfo, PackRef, ParamValue, Parameter, ParamsInfo, QualityArea, Question, QuestionType, Requirement,
    Service, Severity, ShareBase,
};
pub use report::{Counts, Explanation, Read, Report, RequirementVerdict};
pub use value::{format_date, parse_date};

/// The language of human texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
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

/// A pack that could not be loaded: every diagnostic found, and the files, to render them.
#[derive(Clone, Debug, thiserror::Error)]
#[error("the pack has {} error(s):\n{}", .diagnostics.iter().filter(|d| d.severity == DiagnosticSeverity::Error).count(), .diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct PackError {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<SourceFile>,
}

impl PackError {
    /// The diagnostics rendered like rustc, with source lines; `color` adds ANSI colours.
    pub fn render(&self, color: bool) -> String {
        diagnostic::render(&self.diagnostics, &self.sources, color)
    }
}

/// Renders diagnostics (e.g. a pack's warnings) like rustc.
pub fn render_diagnostics(diagnostics: &[Diagnostic], sources: &[SourceFile], color: bool) -> String {
    diagnostic::render(diagnostics, sources, color)
}

impl Pack {
    /// The built-in pack (`rules/granska.yaml` and everything it includes), loaded once.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().expect("the built-in pack loads");
    /// assert!(pack.requirement("riskanalys").is_some());
    /// assert!(pack.services().iter().any(|s| s.id == "heldygnsvard"));
    /// ```
    pub fn builtin() -> Result<Pack, PackError> {
        static BUILTIN: std::sync::OnceLock<Result<Pack, PackError>> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Pack::builtin_file(builtin::ROOT)).clone()
    }

    /// A built-in pack file by its path under `rules/`, e.g. `contract/jourhem.yaml`.
    pub fn builtin_file(path: &str) -> Result<Pack, PackError> {
        Pack::load_with(&format!("builtin:{path}"), load::Origin::Disk, &Limits::default())
    }

    /// The paths of the built-in pack files.
    pub fn builtin_files() -> Vec<&'static str> {
        builtin::files().iter().map(|(p, _)| *p).collect()
    }

    /// Loads a pack from YAML text; `name` names it in diagnostics. It may include built-in
    /// packs (`include: [builtin:law/lex-sarah.yaml]`).
    pub fn from_yaml(text: &str, name: &str) -> Result<Pack, PackError> {
        Pack::from_yaml_with_limits(text, name, &Limits::default())
    }

    /// [`Pack::from_yaml`] with explicit limits.
    pub fn from_yaml_with_limits(text: &str, name: &str, limits: &Limits) -> Result<Pack, PackError> {
        if text.len() > limits.max_file_size {
            let d = Diagnostic {
                severity: DiagnosticSeverity::Error,
                code: "limit",
                message: format!("the pack is {} bytes; the limit is {}", text.len(), limits.max_file_size),
                file: name.to_string(),
                line: 0,
                column: 0,
                range: 0..0,
                hint: None,
            };
            return Err(PackError { diagnostics: vec![d], sources: vec![] });
        }
        Pack::load_with(name, load::Origin::Memory { name, text }, limits)
    }

    /// Loads a pack from a file, or from a folder (its `granska.yaml`, `pack.yaml`, or its only YAML file).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Pack, PackError> {
        Pack::from_path_with_limits(path, &Limits::default())
    }

    /// [`Pack::from_path`] with explicit limits.
    pub fn from_path_with_limits(path: impl AsRef<Path>, limits: &Limits) -> Result<Pack, PackError> {
        let path = path.as_ref();
        let file = if path.is_dir() {
            let named = ["granska.yaml", "pack.yaml"].iter().map(|n| path.join(n)).find(|p| p.is_file());
            match named {
                Some(p) => p,
                None => {
                    let yaml: Vec<_> =
                        std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml")).collect();
                    if yaml.len() == 1 {
                        yaml[0].clone()
                    } else {
                        let d = Diagnostic {
                            severity: DiagnosticSeverity::Error,
                            code: "include",
                            message: format!("the folder `{}` has no granska.yaml or pack.yaml and {} YAML files", path.display(), yaml.len()),
                            file: path.display().to_string(),
                            line: 0,
                            column: 0,
                            range: 0..0,
                            hint: Some("name the root pack file".into()),
                        };
                        return Err(PackError { diagnostics: vec![d], sources: vec![] });
                    }
                }
            }
        } else {
            path.to_path_buf()
        };
        Pack::load_with(&file.to_string_lossy(), load::Origin::Disk, limits)
    }

    /// This pack with the values of a parameters file (YAML or JSON text; `name` names it in
    /// diagnostics): the contract terms of one municipality and year.
    ///
    /// ```yaml
    /// municipality: Nacka kommun        # optional
    /// year: 2017                        # optional
    /// source: "Avtal jourhem 2016"      # optional: where the values come from
    /// parameters:
    ///   examen_andel: 80                # id: value, typed by the parameter
    /// ```
    ///
    /// Parameters the file does not set keep their defaults. A file applied to a pack that
    /// already has one replaces it.
    ///
    /// # Errors
    ///
    /// Every problem at once, located in the file: YAML syntax, an unknown key or parameter
    /// (with "did you mean"), a value of the wrong type or out of the parameter's range, a
    /// parameter set twice.
    ///
    /// ```
    /// let pack = granska::Pack::from_yaml(r#"
    /// pack: { id: demo, title: { sv: Demo, en: Demo } }
    /// parameters:
    ///   - id: examen_andel
    ///     type: percent
    ///     label: { sv: Andel med examen, en: Share with a degree }
    ///     default: 80
    ///     example: true
    /// "#, "demo.yaml").unwrap();
    /// let set = pack.with_params_yaml("parameters: { examen_andel: 50 }", "nacka-2017.yaml").unwrap();
    /// assert_eq!(set.parameter("examen_andel").unwrap().value, granska::ParamValue::Number(50.0));
    /// let err = pack.with_params_yaml("parameters: { examen_andel: 150 }", "p.yaml").unwrap_err();
    /// assert!(err.diagnostics[0].message.contains("at most 100"));
    /// ```
    pub fn with_params_yaml(&self, text: &str, name: &str) -> Result<Pack, PackError> {
        let data = &*self.data;
        let limit = |message: String| PackError {
            diagnostics: vec![Diagnostic { severity: DiagnosticSeverity::Error, code: "limit", message, file: name.to_string(), line: 0, column: 0, range: 0..0, hint: None }],
            sources: vec![],
        };
        if text.len() > data.limits.max_file_size {
            return Err(limit(format!("the parameters file is {} bytes; the limit is {}", text.len(), data.limits.max_file_size)));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // The pack's own files, without a parameters file applied before.
        let mut sources: Vec<SourceFile> = data.file_order.iter().filter_map(|&i| data.sources.get(i).cloned()).collect();
        let mut files = Vec::with_capacity(sources.len());
        let mut diagnostics = vec![];
        for (i, source) in sources.iter().enumerate() {
            match load::parse_file(&source.text) {
                Ok(f) => files.push((i, f)),
                Err(d) => diagnostics.push(Diagnostic { file: source.name.clone(), ..*d }),
            }
        }
        let index = sources.len();
        sources.push(SourceFile { name: name.to_string(), text: text.to_string() });
        let params = match load::parse_params_file(text, name) {
            Ok(p) => p,
            Err(d) => {
                return Err(PackError { diagnostics: vec![*d], sources });
            }
        };
        let loaded = load::Loaded { files, sources, diagnostics, params: Some((index, params)) };
        check::compile(loaded, &data.limits).map_err(|(diagnostics, sources)| PackError { diagnostics, sources })
    }

    /// [`Pack::with_params_yaml`] with a parameters file read from disk (at most the pack's
    /// `max_file_size` bytes).
    ///
    /// # Errors
    ///
    /// The file cannot be read, or any error of [`Pack::with_params_yaml`].
    pub fn with_params_path(&self, path: impl AsRef<Path>) -> Result<Pack, PackError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let fail = |message: String| PackError {
            diagnostics: vec![Diagnostic { severity: DiagnosticSeverity::Error, code: "include", message, file: name.clone(), line: 0, column: 0, range: 0..0, hint: None }],
            sources: vec![],
        };
        let limit = self.data.limits.max_file_size as u64;
        let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read the parameters file `{name}`: {e}")))?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes).map_err(|e| fail(format!("cannot read the parameters file `{name}`: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(fail(format!("`{name}` is more than {limit} bytes, the limit for a parameters file")));
        }
        let text = String::from_utf8(bytes).map_err(|e| fail(format!("`{name}` is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())))?;
        self.with_params_yaml(&text, &name)
    }

    fn load_with(root: &str, origin: load::Origin<'_>, limits: &Limits) -> Result<Pack, PackError> {
        let loaded = load::load(root, origin, limits);
        check::compile(loaded, limits).map_err(|(diagnostics, sources)| PackError { diagnostics, sources })
    }

    /// Checks many reports, in parallel where the `parallel` feature is on. The output is
    /// in input order and identical whatever the thread count.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().unwrap();
    /// let reports: Vec<_> = ["P1", "P2"].iter().map(|p| {
    ///     let json = serde_json::json!({"provider": p, "service": "jourhem", "date": "2017-12-31",
    ///                                   "answers": {"ledning.ledningssystem": true}});
    ///     pack.read_report(&json).unwrap()
    /// }).collect();
    /// let checked = pack.check_many(&reports);
    /// assert_eq!(checked[1].provider, "P2");
    /// ```
    pub fn check_many(&self, answers: &[Answers]) -> Vec<Report> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            answers.par_iter().map(|a| self.check(a)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            answers.iter().map(|a| self.check(a)).collect()
        }
    }

    /// Verdicts of many reports (no explanations), in parallel where available.
    pub fn evaluate_many(&self, answers: &[Answers]) -> Vec<Vec<Verdict>> {
        let one = |a: &Answers| {
            let mut out = Vec::with_capacity(self.data.requirements.len());
            self.evaluate(a, &mut out);
            out
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            answers.par_iter().map(one).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            answers.iter().map(one).collect()
        }
    }
}

/// Parses an expression and prints it back in canonical form (for tools and tests).
pub fn format_expression(text: &str) -> Result<String, String> {
    parser::parse(text, &Limits::default()).map(|e| e.to_string()).map_err(|e| e.message)
}

/// Parses two expressions and tells whether they have the same syntax tree.
pub fn same_expression(a: &str, b: &str) -> Result<bool, String> {
    let limits = Limits::default();
    let x = parser::parse(a, &limits).map_err(|e| e.message)?;
    let y = parser::parse(b, &limits).map_err(|e| e.message)?;
    Ok(x.same_tree(&y))
}
