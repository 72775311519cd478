//! Plain Python objects with attributes for what the core returns: texts, questions,
//! requirements, diagnostics, answer issues and verdicts. Each is a frozen copy of the core's
//! value, made once when it is asked for.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert;

/// A text in Swedish (`sv`) and English (`en`). `str(text)` is the Swedish text.
#[pyclass(module = "granska", frozen, get_all, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Text {
    /// The Swedish text.
    pub sv: String,
    /// The English text.
    pub en: String,
}

#[pymethods]
impl Text {
    /// The text in `lang` (`"sv"` or `"en"`).
    #[pyo3(signature = (lang = "sv"))]
    fn get(&self, lang: &str) -> PyResult<String> {
        Ok(match crate::lang(lang)? {
            granska::Lang::Sv => self.sv.clone(),
            granska::Lang::En => self.en.clone(),
        })
    }

    fn __str__(&self) -> String {
        self.sv.clone()
    }

    fn __repr__(&self) -> String {
        format!("Text(sv={:?}, en={:?})", self.sv, self.en)
    }
}

impl From<&granska::Text> for Text {
    fn from(t: &granska::Text) -> Text {
        Text { sv: t.sv.clone(), en: t.en.clone() }
    }
}

/// One allowed answer of a choice question (or field).
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Choice {
    /// The value stored in answers.
    pub value: String,
    /// What the questionnaire shows.
    pub label: Text,
}

#[pymethods]
impl Choice {
    fn __repr__(&self) -> String {
        format!("Choice(value={:?}, label={:?})", self.value, self.label.sv)
    }
}

fn choices(c: &[granska::Choice]) -> Vec<Choice> {
    c.iter().map(|c| Choice { value: c.value.clone(), label: (&c.label).into() }).collect()
}

/// A field of the records of a list question.
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Field {
    /// The field id within a record.
    pub id: String,
    /// `bool`, `integer`, `number`, `percent`, `date`, `text` or `choice`.
    pub r#type: String,
    pub label: Text,
    pub choices: Vec<Choice>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[pymethods]
impl Field {
    fn __repr__(&self) -> String {
        format!("Field(id={:?}, type={:?})", self.id, self.r#type)
    }
}

/// A question of the questionnaire.
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Question {
    /// The question id, e.g. `personal.antal`; also the column name in a survey export.
    pub id: String,
    /// `bool`, `integer`, `number`, `percent`, `date`, `text`, `choice` or `list`.
    pub r#type: String,
    pub label: Text,
    pub help: Option<Text>,
    pub choices: Vec<Choice>,
    /// Whether several choices may be given.
    pub multiple: bool,
    /// The fields of each record, for a list question.
    pub fields: Vec<Field>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The `required` rule as written (`"true"` or an expression), or None.
    pub required: Option<String>,
    /// The `relevant` expression, or None.
    pub relevant: Option<String>,
    /// The `constraint` expression, or None.
    pub constraint: Option<String>,
    pub constraint_message: Option<Text>,
    /// Service types the question is asked of; empty means all.
    pub services: Vec<String>,
    /// The id of the pack that declares it.
    pub pack: String,
}

#[pymethods]
impl Question {
    fn __repr__(&self) -> String {
        format!("Question(id={:?}, type={:?}, label={:?})", self.id, self.r#type, self.label.sv)
    }
}

impl From<&granska::Question> for Question {
    fn from(q: &granska::Question) -> Question {
        Question {
            id: q.id.clone(),
            r#type: q.kind.name().to_string(),
            label: (&q.label).into(),
            help: q.help.as_ref().map(Text::from),
            choices: choices(&q.choices),
            multiple: q.multiple,
            fields: q
                .fields
                .iter()
                .map(|f| Field { id: f.id.clone(), r#type: f.kind.name().to_string(), label: (&f.label).into(), choices: choices(&f.choices), min: f.min, max: f.max })
                .collect(),
            min: q.min,
            max: q.max,
            required: q.required.clone(),
            relevant: q.relevant.clone(),
            constraint: q.constraint.clone(),
            constraint_message: q.constraint_message.as_ref().map(Text::from),
            services: q.services.clone(),
            pack: q.pack.clone(),
        }
    }
}

/// A text a requirement cites, valid from and until the dates given (inclusive; None is open).
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct CitedSource {
    pub text: String,
    pub from_date: Option<String>,
    pub until: Option<String>,
}

#[pymethods]
impl CitedSource {
    fn __repr__(&self) -> String {
        format!("CitedSource(text={:?}, from_date={:?}, until={:?})", self.text, self.from_date, self.until)
    }
}

/// A requirement of law or contract.
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Requirement {
    /// The requirement id, e.g. `sosfs.ledningssystem`.
    pub id: String,
    pub title: Text,
    /// The text cited (the latest, when it changed over time); see `sources`.
    pub source: String,
    /// Every text cited, by period.
    pub sources: Vec<CitedSource>,
    /// `krav` (must) or `bor` (should).
    pub severity: String,
    /// Socialstyrelsen's quality area, e.g. `trygghet`.
    pub area: String,
    /// Service types it applies to; empty means all.
    pub services: Vec<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// The `applies` expression, or None.
    pub applies: Option<String>,
    /// The `require` expression.
    pub require: String,
    /// The message shown when it is not met (with `{placeholders}`).
    pub message: Text,
    /// The pack's own message for an `unanswered` verdict, or None.
    pub unanswered: Option<Text>,
    /// The id of the pack that declares it.
    pub pack: String,
}

#[pymethods]
impl Requirement {
    fn __repr__(&self) -> String {
        format!("Requirement(id={:?}, severity={:?}, area={:?}, source={:?})", self.id, self.severity, self.area, self.source)
    }
}

impl From<&granska::Requirement> for Requirement {
    fn from(r: &granska::Requirement) -> Requirement {
        Requirement {
            id: r.id.clone(),
            title: (&r.title).into(),
            source: r.sources.last().map(|s| s.text.clone()).unwrap_or_default(),
            sources: r.sources.iter().map(|s| CitedSource { text: s.text.clone(), from_date: s.from.clone(), until: s.until.clone() }).collect(),
            severity: r.severity.as_str().to_string(),
            area: r.area.as_str().to_string(),
            services: r.services.clone(),
            valid_from: r.valid_from.clone(),
            valid_to: r.valid_to.clone(),
            applies: r.applies.clone(),
            require: r.require.clone(),
            message: (&r.message).into(),
            unanswered: r.unanswered.as_ref().map(Into::into),
            pack: r.pack.clone(),
        }
    }
}

/// A service type reports can be of.
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Service {
    pub id: String,
    pub label: Text,
    /// The contract forms it is procured under (e.g. `lov`, `lou`).
    pub contracts: Vec<String>,
}

#[pymethods]
impl Service {
    fn __repr__(&self) -> String {
        format!("Service(id={:?}, label={:?})", self.id, self.label.sv)
    }
}

impl From<&granska::Service> for Service {
    fn from(s: &granska::Service) -> Service {
        Service { id: s.id.clone(), label: (&s.label).into(), contracts: s.contracts.clone() }
    }
}

/// A problem found in a pack, located in its YAML file.
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Diagnostic {
    /// `error` (the pack does not load) or `warning`.
    pub severity: String,
    /// A short stable code, e.g. `unknown-name`, `type-mismatch`, `yaml`.
    pub code: String,
    pub message: String,
    /// The file as it was named when loaded (`builtin:…` for built-in packs).
    pub file: String,
    /// 1-based line (0 when the problem concerns the file as a whole).
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// A hint on how to fix it, or None.
    pub hint: Option<String>,
}

#[pymethods]
impl Diagnostic {
    fn __str__(&self) -> String {
        let hint = self.hint.as_deref().map(|h| format!(" (hint: {h})")).unwrap_or_default();
        format!("{}:{}:{}: {}[{}]: {}{hint}", self.file, self.line, self.column, self.severity, self.code, self.message)
    }

    fn __repr__(&self) -> String {
        format!("Diagnostic(code={:?}, file={:?}, line={}, column={}, message={:?})", self.code, self.file, self.line, self.column, self.message)
    }
}

impl From<&granska::Diagnostic> for Diagnostic {
    fn from(d: &granska::Diagnostic) -> Diagnostic {
        let severity = match d.severity {
            granska::DiagnosticSeverity::Error => "error",
            granska::DiagnosticSeverity::Warning => "warning",
        };
        Diagnostic { severity: severity.into(), code: d.code.to_string(), message: d.message.clone(), file: d.file.clone(), line: d.line, column: d.column, hint: d.hint.clone() }
    }
}

/// A problem with one answer or report field (wrong type, out of range, unknown question, …).
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Issue {
    /// The question id or report field (e.g. `date`) it concerns.
    pub field: String,
    /// A stable code: `unknown-question`, `wrong-type`, `out-of-range`, `not-a-choice`,
    /// `bad-date`, `too-long`, `too-many-records`, `constraint`, `not-relevant`, `not-asked`,
    /// `missing`.
    pub code: String,
    /// What is wrong, in Swedish and English.
    pub message: Text,
    /// The value as given, when there was one.
    pub value: Option<String>,
}

#[pymethods]
impl Issue {
    fn __str__(&self) -> String {
        format!("{}: {}", self.field, self.message.en)
    }

    fn __repr__(&self) -> String {
        format!("Issue(field={:?}, code={:?}, message={:?})", self.field, self.code, self.message.en)
    }
}

impl From<&granska::AnswerIssue> for Issue {
    fn from(i: &granska::AnswerIssue) -> Issue {
        Issue { field: i.field.clone(), code: i.code.to_string(), message: (&i.message).into(), value: i.value.clone() }
    }
}

/// One failed condition of a `not_met` requirement.
#[pyclass(module = "granska", frozen)]
pub struct Explanation {
    /// The condition as written in the pack.
    #[pyo3(get)]
    pub condition: String,
    /// What it read and required, in words.
    #[pyo3(get)]
    pub detail: Text,
    reads: Vec<(String, serde_json::Value)>,
}

#[pymethods]
impl Explanation {
    /// The answers and derived values the condition read, by name (None when unanswered).
    #[getter]
    fn reads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in &self.reads {
            dict.set_item(name, convert::to_py(py, value)?)?;
        }
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!("Explanation(condition={:?}, detail={:?})", self.condition, self.detail.en)
    }
}

/// The verdict of one requirement for one report, explained.
#[pyclass(module = "granska", frozen)]
pub struct RequirementVerdict {
    inner: granska::RequirementVerdict,
}

#[pymethods]
impl RequirementVerdict {
    /// The requirement id.
    #[getter]
    fn requirement(&self) -> &str {
        &self.inner.requirement
    }
    /// The requirement's title.
    #[getter]
    fn title(&self) -> Text {
        (&*self.inner.title).into()
    }
    /// `met`, `not_met`, `not_applicable` or `unanswered`.
    #[getter]
    fn verdict(&self) -> &'static str {
        self.inner.verdict.as_str()
    }
    /// `krav` or `bor`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    /// The quality area.
    #[getter]
    fn area(&self) -> &'static str {
        self.inner.area.as_str()
    }
    /// The text cited, as valid on the report date.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }
    /// The message with its placeholders filled, for `not_met` and `unanswered`; else None.
    #[getter]
    fn message(&self) -> Option<Text> {
        self.inner.message.as_ref().map(Text::from)
    }
    /// For `not_met`: the conditions that failed and the answers they read.
    #[getter]
    fn explanation(&self) -> Vec<Explanation> {
        self.inner
            .explanation
            .iter()
            .map(|e| Explanation { condition: e.condition.clone(), detail: (&e.detail).into(), reads: e.reads.iter().map(|r| (r.name.clone(), r.value.clone())).collect() })
            .collect()
    }
    /// For `unanswered`: the unanswered questions that would decide it.
    #[getter]
    fn deciding(&self) -> Vec<String> {
        self.inner.deciding.clone()
    }

    fn __repr__(&self) -> String {
        format!("RequirementVerdict(requirement={:?}, verdict={:?})", self.inner.requirement, self.inner.verdict.as_str())
    }
}

impl From<&granska::RequirementVerdict> for RequirementVerdict {
    fn from(v: &granska::RequirementVerdict) -> RequirementVerdict {
        RequirementVerdict { inner: v.clone() }
    }
}

/// A requirement still undecided, with the questions that would decide it.
#[pyclass(module = "granska", frozen, get_all)]
#[derive(Clone)]
pub struct Undecided {
    pub requirement: String,
    pub title: Text,
    pub questions: Vec<String>,
}

#[pymethods]
impl Undecided {
    fn __repr__(&self) -> String {
        format!("Undecided(requirement={:?}, questions={:?})", self.requirement, self.questions)
    }
}

impl From<&granska::Undecided> for Undecided {
    fn from(u: &granska::Undecided) -> Undecided {
        Undecided { requirement: u.requirement.to_string(), title: (&*u.title).into(), questions: u.questions.clone() }
    }
}

/// A problem with an input, located: a rejected report or export row, an answer that was not
/// used, an export column that was ignored, a bad line of a roster or mapping file.
#[pyclass(module = "granska", frozen)]
#[derive(Clone)]
pub struct InputProblem {
    /// The file it is in (empty for reports given as dicts or DataFrame rows).
    #[pyo3(get)]
    pub file: String,
    /// The sheet of a workbook it is in, or None.
    #[pyo3(get)]
    pub sheet: Option<String>,
    /// The row (line) in the file, the header being row 1; None when not from a file.
    #[pyo3(get)]
    pub row: Option<u64>,
    /// The column of an export, 1-based, or None.
    #[pyo3(get)]
    pub column: Option<u32>,
    /// The column's title, or None.
    #[pyo3(get)]
    pub column_name: Option<String>,
    /// The question id or report field concerned, or None.
    #[pyo3(get)]
    pub field: Option<String>,
    /// The provider whose report it is, when it could be read.
    #[pyo3(get)]
    pub provider: Option<String>,
    /// A stable code: the answer issue codes (`wrong-type`, `missing`, …) and
    /// `too-few-cells`, `too-many-cells`, `unknown-column`, `duplicate-column`,
    /// `missing-column`, `io`, `empty`, `duplicate`.
    #[pyo3(get)]
    pub code: String,
    /// What is wrong, in Swedish and English.
    #[pyo3(get)]
    pub message: Text,
    /// Whether the whole report was rejected (otherwise one answer or column was not used).
    #[pyo3(get)]
    pub rejected: bool,
    rendered: String,
}

#[pymethods]
impl InputProblem {
    /// The problem in one line, in English: where, whose, what, and its code.
    fn __str__(&self) -> String {
        self.rendered.clone()
    }

    fn __repr__(&self) -> String {
        format!("InputProblem(code={:?}, file={:?}, row={:?}, field={:?}, provider={:?})", self.code, self.file, self.row, self.field, self.provider)
    }
}

impl From<&granska_summary::export::InputProblem> for InputProblem {
    fn from(p: &granska_summary::export::InputProblem) -> InputProblem {
        InputProblem {
            file: p.file.clone(),
            sheet: p.sheet.clone(),
            row: p.row,
            column: p.column.as_ref().map(|c| c.number),
            column_name: p.column.as_ref().map(|c| c.name.clone()),
            field: p.field.clone(),
            provider: p.provider.clone(),
            code: p.code.to_string(),
            message: (&p.message).into(),
            rejected: p.rejected,
            rendered: p.render(granska::Lang::En),
        }
    }
}

/// A pack parameter: a contract term a municipality sets, with the value in force.
#[pyclass(module = "granska", frozen)]
#[derive(Clone)]
pub struct Parameter {
    /// The id, read in expressions as `param.<id>`.
    #[pyo3(get)]
    pub id: String,
    /// `bool`, `integer`, `number`, `percent` (0–100), `text` or `date`.
    #[pyo3(get)]
    pub r#type: String,
    #[pyo3(get)]
    pub label: Text,
    /// What the number counts, e.g. "procent av personalen", or None.
    #[pyo3(get)]
    pub unit: Option<Text>,
    #[pyo3(get)]
    pub min: Option<f64>,
    #[pyo3(get)]
    pub max: Option<f64>,
    /// The document the default is taken from; None for an example value.
    #[pyo3(get)]
    pub source: Option<String>,
    /// The default is an example value (exempelvärde), taken from no document.
    #[pyo3(get)]
    pub example: bool,
    /// The value in force is an example value: the default is one and no parameters file set it.
    #[pyo3(get)]
    pub is_example: bool,
    #[pyo3(get)]
    pub note: Option<Text>,
    /// The parameters file that set the value, or None when the default is in force.
    #[pyo3(get)]
    pub set_by: Option<String>,
    /// The id of the pack that declares it.
    #[pyo3(get)]
    pub pack: String,
    default_json: serde_json::Value,
    value_json: serde_json::Value,
}

#[pymethods]
impl Parameter {
    /// The value in force: bool, int, float, or str (a date as `YYYY-MM-DD`).
    #[getter]
    fn value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.value_json)
    }

    /// The value the pack declares.
    #[getter]
    fn default<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.default_json)
    }

    fn __repr__(&self) -> String {
        format!("Parameter(id={:?}, value={}, example={})", self.id, self.value_json, if self.is_example { "True" } else { "False" })
    }
}

impl From<&granska::Parameter> for Parameter {
    fn from(p: &granska::Parameter) -> Parameter {
        Parameter {
            id: p.id.clone(),
            r#type: p.kind.name().to_string(),
            label: (&p.label).into(),
            unit: p.unit.as_ref().map(Text::from),
            min: p.min,
            max: p.max,
            source: p.source.clone(),
            example: p.example,
            is_example: p.is_example(),
            note: p.note.as_ref().map(Text::from),
            set_by: p.set_by.clone(),
            pack: p.pack.clone(),
            default_json: serde_json::to_value(&p.default).unwrap_or(serde_json::Value::Null),
            value_json: serde_json::to_value(&p.value).unwrap_or(serde_json::Value::Null),
        }
    }
}
