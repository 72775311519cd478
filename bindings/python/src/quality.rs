//! Quality audits, the user survey and the annual report in Python: `audit_checklist()` and
//! `survey_pack()` (the built-in packs), `summarize_audits` → `AuditSummary`,
//! `summarize_survey` → `SurveySummary`, and `write_report` (the verksamhetsrapport as one
//! HTML page). Thin over `granska_summary::{audit, survey, report, tidy}`: the figures, the
//! suppression of small numbers and the tidy tables are the core's.

use std::path::PathBuf;

use granska_summary::audit::{AuditInput, AuditOptions, AuditReadOptions, AuditSummary as CoreAudits, summarize_audits as core_summarize_audits};
use granska_summary::export::{ExportError as CoreExportError, InputCode, InputProblem as CoreProblem};
use granska_summary::last_year::LastYearError;
use granska_summary::report::{Prose, ReportInputs};
use granska_summary::survey::{Asked, SurveyOptions, SurveySummary as CoreSurvey, summarize_survey_path};
use granska_summary::tidy::{Cell, ColumnType, Table};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::batch::is_path;
use crate::convert::type_name;
use crate::errors::{export_error, guard, pack_error};
use crate::objects::InputProblem;
use crate::pack::Pack;
use crate::report::{indent_arg, json_text, py_value};
use crate::summary::Summary;

/// The built-in audit checklist's file under `rules/`.
const CHECKLIST: &str = "granskning/strukturerad-oppenvard.yaml";
/// The built-in survey pack's file under `rules/`.
const SURVEY_PACK: &str = "brukarundersokning/barn-och-familj.yaml";

/// A built-in pack file, with `params` applied as `Pack.with_params` does.
pub(crate) fn builtin_file(py: Python<'_>, file: &str, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
    let inner = guard(|| granska::Pack::builtin_file(file))?.map_err(|e| pack_error(py, &e))?;
    let pack = Pack { inner };
    match params.filter(|p| !p.is_none()) {
        None => Ok(pack),
        Some(p) => {
            let with = Bound::new(py, pack)?.call_method1("with_params", (p,))?;
            let with = with.cast::<Pack>()?;
            Ok(Pack { inner: with.get().inner.clone() })
        }
    }
}

/// The built-in audit checklist for structured öppenvård (kvalitetsgranskning): one report
/// per case file (akt) or interview. `params` as for `Pack.builtin`.
#[pyfunction]
#[pyo3(signature = (params = None))]
pub fn audit_checklist(py: Python<'_>, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
    builtin_file(py, CHECKLIST, params)
}

/// The built-in user survey pack (brukarundersökning, children and families); its parameter
/// `enkat.minsta_antal` is the suppression threshold (default 5, an example value). `params`
/// as for `Pack.builtin`.
#[pyfunction]
#[pyo3(signature = (params = None))]
pub fn survey_pack(py: Python<'_>, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
    builtin_file(py, SURVEY_PACK, params)
}

/// A mapping or an `ExportError` from a core error.
fn export_err(py: Python<'_>, e: &CoreExportError) -> PyErr {
    export_error(py, e)
}

/// A tidy table as a pandas DataFrame: text columns `object` (null: `None`), integer columns
/// nullable `Int64` (null: `<NA>`), bool columns `bool` (nullable `boolean` when one is null).
pub(crate) fn table_frame<'py>(py: Python<'py>, table: &Table) -> PyResult<Bound<'py, PyAny>> {
    let pd = crate::frame::pandas(py)?;
    let data = PyDict::new(py);
    for (i, (name, kind)) in table.columns.iter().enumerate() {
        let values = PyList::empty(py);
        for row in &table.rows {
            values.append(cell_value(py, &row[i])?)?;
        }
        let dtype = match kind {
            ColumnType::Integer => "Int64",
            ColumnType::Bool if table.rows.iter().any(|r| r[i] == Cell::Null) => "boolean",
            ColumnType::Bool => "bool",
            ColumnType::Text => "object",
        };
        let kwargs = PyDict::new(py);
        kwargs.set_item("dtype", dtype)?;
        data.set_item(*name, pd.call_method("array", (values,), Some(&kwargs))?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, table.columns.iter().map(|c| c.0))?)?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// A tidy table as a polars DataFrame: `String`, `Int64` and `Boolean` columns (null where
/// the core has none).
pub(crate) fn table_polars<'py>(py: Python<'py>, table: &Table) -> PyResult<Bound<'py, PyAny>> {
    let pl = crate::arrow_out::polars(py)?;
    let data = PyDict::new(py);
    let schema = PyDict::new(py);
    for (i, (name, kind)) in table.columns.iter().enumerate() {
        let values = PyList::empty(py);
        for row in &table.rows {
            values.append(cell_value(py, &row[i])?)?;
        }
        data.set_item(*name, values)?;
        let dtype = match kind {
            ColumnType::Integer => "Int64",
            ColumnType::Bool => "Boolean",
            ColumnType::Text => "String",
        };
        schema.set_item(*name, pl.getattr(dtype)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("schema", schema)?;
    pl.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

fn cell_value<'py>(py: Python<'py>, cell: &Cell) -> PyResult<Bound<'py, PyAny>> {
    Ok(match cell {
        Cell::Null => py.None().into_bound(py),
        Cell::Text(s) => PyString::new(py, s).into_any(),
        Cell::Integer(n) => n.into_pyobject(py)?.into_any(),
        Cell::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
    })
}

/// The table of `section`, or a `ValueError` naming the sections there are.
pub(crate) fn section(result: Result<Table, granska_summary::tidy::UnknownSection>) -> PyResult<Table> {
    result.map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The year's quality audits: per provider and over the year, each checklist requirement's
/// tally and each indicator as the follow-up writes it ("genomförandeplan saknades i 0 av 8
/// granskade akter"), and each case file's or interview's verdicts.
///
/// Made by `summarize_audits`. The properties are the rejections and problems; the figures
/// are in `to_dict()` (`providers`, `year`) and the tidy frames of `to_frame(section)`.
#[pyclass(module = "granska", frozen)]
pub struct AuditSummary {
    pub inner: CoreAudits,
}

#[pymethods]
impl AuditSummary {
    /// How many items (case files, interviews, rows) or whole records were rejected.
    #[getter]
    fn rejected(&self) -> i64 {
        self.inner.rejected
    }

    /// Every problem found reading the records, each an `InputProblem` with its place
    /// (`field` is the path in a record file, `row` and `column` the place in a CSV file).
    #[getter]
    fn problems(&self) -> Vec<InputProblem> {
        self.inner.problems.iter().map(InputProblem::from).collect()
    }

    /// The summary as plain dicts and lists (the JSON of `granska audit`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The summary as JSON text: as `granska audit` writes it by default (2 spaces per level),
    /// `indent` spaces per level otherwise.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, Some(indent_arg(indent)?.unwrap_or(2)))
    }

    /// A tidy pandas DataFrame of one section, titles in `lang`:
    /// `indicators` (one row per provider and indicator, then the year's with provider
    /// `all`: `count`, `of`, `percent`, `unanswered`, `text`), `requirements` (`applied`,
    /// `met`, `not_met`, `unanswered`, `not_applicable`, `percent_met`, `source`, `text`) or
    /// `items` (one row per case file or interview, with the requirements `not_met` and
    /// `unanswered` joined by `;`, and `notes` only when asked for). Compared with last year's
    /// (`previous=`), `indicators` and `requirements` also have `previous`, `previous_text`,
    /// `change`, `change_status` and `change_text`. Raises `ValueError` for another section.
    #[pyo3(signature = (section = "indicators", lang = "sv"))]
    fn to_frame<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = self::section(self.inner.table(section, crate::lang(lang)?))?;
        crate::frame::with_pack(table_frame(py, &table)?, &self.inner.pack)
    }

    /// As `to_frame`, a polars DataFrame (needs polars).
    #[pyo3(signature = (section = "indicators", lang = "sv"))]
    fn to_polars<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = self::section(self.inner.table(section, crate::lang(lang)?))?;
        table_polars(py, &table)
    }

    fn __repr__(&self) -> String {
        format!(
            "AuditSummary(pack={:?}, providers={}, case_files={}, rejected={})",
            self.inner.pack.id,
            self.inner.providers.len(),
            self.inner.year.case_files,
            self.inner.rejected
        )
    }
}

/// The user survey summarised: the response rate per service area ("13 av 50 tillfrågade,
/// 26 procent"), each result ("7 av 10 svarande, 70 procent") and each scale's shares, small
/// numbers suppressed (a figure based on fewer respondents than `threshold` has no count,
/// no denominator and no percent, and reads "– (färre än 5 svar, redovisas inte)").
///
/// Made by `summarize_survey`. The figures are in `to_dict()` (`areas`, `all`) and the tidy
/// frames of `to_frame(section)`.
#[pyclass(module = "granska", frozen)]
pub struct SurveySummary {
    pub inner: CoreSurvey,
}

#[pymethods]
impl SurveySummary {
    /// The suppression threshold used: results based on fewer respondents are not shown.
    #[getter]
    fn threshold(&self) -> u32 {
        self.inner.threshold
    }

    /// Where the threshold comes from, in Swedish and English.
    #[getter]
    fn threshold_note(&self) -> crate::objects::Text {
        crate::objects::Text::from(&self.inner.threshold_note)
    }

    /// Rows rejected (each listed in `problems`; the others are counted).
    #[getter]
    fn rejected(&self) -> i64 {
        self.inner.rejected
    }

    /// Every problem found in the export, each an `InputProblem` with its row and column
    /// (a respondent id is never repeated).
    #[getter]
    fn problems(&self) -> Vec<InputProblem> {
        self.inner.problems.iter().map(InputProblem::from).collect()
    }

    /// The summary as plain dicts and lists (the JSON of `granska survey`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The summary as JSON text: as `granska survey` writes it by default (2 spaces per
    /// level), `indent` spaces per level otherwise.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, Some(indent_arg(indent)?.unwrap_or(2)))
    }

    /// A tidy pandas DataFrame of one section, titles in `lang`, each area's rows and then
    /// all areas together (area `all`): `results` (one row per area and result: `count`,
    /// `of`, `percent`, `suppressed`, `unanswered`, `text`), `scales` (one row per area,
    /// question and choice) or `response` (one row per area: `asked`, `respondents`,
    /// `percent`, `text`). A suppressed cell has `<NA>` count, of and percent. Compared with
    /// last year's (`previous=`), each section also has `previous`, `previous_text`, `change`
    /// (`<NA>` whenever either year is suppressed), `change_status` and `change_text`, and rows
    /// for last year's figures with no counterpart this year. Raises `ValueError` for another
    /// section.
    #[pyo3(signature = (section = "results", lang = "sv"))]
    fn to_frame<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = self::section(self.inner.table(section, crate::lang(lang)?))?;
        crate::frame::with_pack(table_frame(py, &table)?, &self.inner.pack)
    }

    /// As `to_frame`, a polars DataFrame (needs polars).
    #[pyo3(signature = (section = "results", lang = "sv"))]
    fn to_polars<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = self::section(self.inner.table(section, crate::lang(lang)?))?;
        table_polars(py, &table)
    }

    fn __repr__(&self) -> String {
        format!("SurveySummary(pack={:?}, respondents={}, threshold={}, rejected={})", self.inner.pack.id, self.inner.all.respondents, self.inner.threshold, self.inner.rejected)
    }
}

/// Last year's summary from `value`: `same` (an object of this year's class) when it is one,
/// else its `to_dict()` or the path of its JSON file read with `parse`. Returns it with
/// where it came from (for errors).
fn last_year<T>(py: Python<'_>, value: &Bound<'_, PyAny>, same: Option<T>, parse: fn(&str) -> Result<T, LastYearError>, what: &str) -> PyResult<(T, String)> {
    if let Some(t) = same {
        return Ok((t, "previous".to_string()));
    }
    let (source, text) = if value.is_instance_of::<PyDict>() {
        let mut cx = crate::convert::Conversion::default();
        let json = crate::convert::to_json(value, "previous", &mut cx)?;
        if let Some(issue) = cx.issues.first() {
            return Err(PyValueError::new_err(format!("previous: {}: {}", issue.field, issue.message.en)));
        }
        ("previous".to_string(), json.to_string())
    } else if is_path(value)? {
        let path: PathBuf = value.extract()?;
        let source = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| export_err(py, &CoreExportError { problems: vec![CoreProblem::unreadable(&source, &e)] }))?;
        (source, text)
    } else {
        return Err(PyTypeError::new_err(format!("previous is last year's {what}, its to_dict(), or the path of its JSON file; got {}", type_name(value))));
    };
    let parsed = parse(&text).map_err(|e| last_year_error(py, &e, &source))?;
    Ok((parsed, source))
}

/// An `ExportError` for last year's summary that cannot be read or compared.
fn last_year_error(py: Python<'_>, e: &LastYearError, source: &str) -> PyErr {
    let text = e.text();
    export_err(py, &CoreExportError { problems: vec![CoreProblem::new_file(source, InputCode::Summary, text.sv, text.en)] })
}

/// Paths from `value`: one path (str or `os.PathLike`) or a list/tuple of them.
pub(crate) fn paths(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<PathBuf>> {
    if is_path(value)? {
        return Ok(vec![value.extract()?]);
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<pyo3::types::PyTuple>() {
        return value
            .try_iter()?
            .map(|item| {
                let item = item?;
                if is_path(&item)? { item.extract() } else { Err(PyTypeError::new_err(format!("{what} lists paths of files or folders; got {}", type_name(&item)))) }
            })
            .collect();
    }
    Err(PyTypeError::new_err(format!("{what} is the path of a file or folder, or a list of them; got {}", type_name(value))))
}

/// Summarises the year's quality audits against a checklist pack (`checklist`; the built-in
/// `audit_checklist()` by default).
///
/// `records` is the path of an audit record (YAML or JSON: provider, date, auditor, the
/// case files and interviews with their answers), an audit table (one row per case file or
/// interview: a workbook `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, or CSV), a folder of
/// them, or a list of such paths. `sheet` names the sheet read in every workbook (the first
/// by default). A record, item or row
/// that is bad — an unknown key, no id, a column or value that looks like a personal identity
/// number — is rejected, listed in `problems` with its place and counted in `rejected`; the
/// others are read. Free-text notes are left out unless `notes` is true.
///
/// `previous` is last year's audits (an `AuditSummary`, its `to_dict()`, or the path of the
/// JSON `granska audit` writes): each figure of the year then shows last year's year figure
/// labelled with its sample, and a change in percentage points only over the providers
/// audited both years (`docs/audits-and-surveys.md`); the frames gain `previous`,
/// `previous_text`, `change`, `change_status` and `change_text`.
///
/// Raises `ExportError` (`.problems`) when a file or folder cannot be read at all, the pack
/// is no checklist, or `previous` cannot be read or was made with another checklist whose
/// figures do not match by id; `TypeError` for `records` or `previous` of another type.
#[pyfunction]
#[pyo3(signature = (records, checklist = None, notes = false, previous = None, sheet = None))]
pub fn summarize_audits(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    checklist: Option<PyRef<'_, Pack>>,
    notes: bool,
    previous: Option<&Bound<'_, PyAny>>,
    sheet: Option<String>,
) -> PyResult<AuditSummary> {
    let files = paths(records, "records")?;
    let builtin;
    let pack = match &checklist {
        Some(p) => &p.inner,
        None => {
            builtin = audit_checklist(py, None)?;
            &builtin.inner
        }
    };
    let mut input = AuditInput::new();
    let options = AuditReadOptions { sheet };
    py.detach(|| guard(|| input.read_paths_with(pack, &files, &options)))?.map_err(|e| export_err(py, &e))?;
    let mut inner = py.detach(|| guard(|| core_summarize_audits(pack, &input, AuditOptions { notes })))?;
    if let Some(p) = previous.filter(|p| !p.is_none()) {
        let same = p.cast::<AuditSummary>().ok().map(|a| a.get().inner.clone());
        let (last, source) = last_year(py, p, same, CoreAudits::from_json, "AuditSummary")?;
        guard(|| inner.compare_with(&last))?.map_err(|e| last_year_error(py, &e, &source))?;
    }
    Ok(AuditSummary { inner })
}

/// People asked per service area: the path of a CSV `service,asked`, or a dict
/// `{service: number}`.
fn asked(py: Python<'_>, pack: &granska::Pack, value: &Bound<'_, PyAny>) -> PyResult<Asked> {
    if is_path(value)? {
        let path: PathBuf = value.extract()?;
        return Asked::from_path(pack, &path).map_err(|e| export_err(py, &e));
    }
    let dict = value
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("asked is a dict {{service: number asked}} or the path of a CSV service,asked; got {}", type_name(value))))?;
    // The same checks as the CSV file: written as one and read by the core.
    let mut csv = String::from("service,asked\n");
    for (k, v) in dict.iter() {
        let service = crate::convert::key_text(&k, "asked")?;
        let n: i64 = v.extract().map_err(|_| PyTypeError::new_err(format!("asked[{service:?}] is a whole number; got {}", type_name(&v))))?;
        if service.contains([',', '"', '\n', '\r']) {
            return Err(PyValueError::new_err(format!("asked: {service:?} is no service type")));
        }
        csv.push_str(&format!("{service},{n}\n"));
    }
    Asked::from_reader(pack, csv.as_bytes(), "asked").map_err(|e| export_err(py, &e))
}

/// Summarises the user survey: one row per respondent (`export`, the path of a CSV or
/// workbook export with the columns `respondent`, `service`, `date` and one per question)
/// against the survey pack (`pack`; the built-in `survey_pack()` by default).
///
/// `asked` is the number asked per service area (a dict `{service: number}` or the path of a
/// CSV `service,asked`), for the response rate. `threshold` overrides the pack's suppression
/// threshold (fewest respondents a result is shown for). `mapping` and `sheet` are as for
/// `Pack.check_many`. A bad row is rejected and listed in `problems` with its row and
/// column; the others are counted.
///
/// `previous` is last year's survey (a `SurveySummary`, its `to_dict()`, or the path of the
/// JSON `granska survey` writes): each result, scale share and response rate then shows last
/// year's figure and the change in percentage points. Suppression is contagious: when either
/// year's figure is suppressed, so is the change (`<NA>`, with the reason in `change_text`).
/// The frames gain `previous`, `previous_text`, `change`, `change_status` and `change_text`,
/// and rows for last year's figures with no counterpart this year.
///
/// Raises `ExportError` (`.problems`) when the export cannot be read, lacks the respondent,
/// service or date column, or has a column named like a personal identity number or a
/// name; when `asked` has a bad line; and when `previous` cannot be read or was made with
/// another survey pack whose results do not match by id.
#[pyfunction]
#[pyo3(signature = (export, pack = None, asked = None, threshold = None, mapping = None, sheet = None, previous = None))]
#[allow(clippy::too_many_arguments)]
pub fn summarize_survey(
    py: Python<'_>,
    export: PathBuf,
    pack: Option<PyRef<'_, Pack>>,
    asked: Option<&Bound<'_, PyAny>>,
    threshold: Option<u32>,
    mapping: Option<&Bound<'_, PyAny>>,
    sheet: Option<String>,
    previous: Option<&Bound<'_, PyAny>>,
) -> PyResult<SurveySummary> {
    let builtin;
    let pack = match &pack {
        Some(p) => &p.inner,
        None => {
            builtin = survey_pack(py, None)?;
            &builtin.inner
        }
    };
    if threshold == Some(0) {
        return Err(PyValueError::new_err("threshold is the fewest respondents a result is shown for: 1 or more"));
    }
    let asked = match asked.filter(|a| !a.is_none()) {
        Some(a) => self::asked(py, pack, a)?,
        None => Asked::default(),
    };
    let mapping = crate::batch::export_options(py, mapping, None)?.mapping;
    let options = SurveyOptions { asked, threshold, mapping, sheet };
    let mut inner = py.detach(|| guard(|| summarize_survey_path(pack, &export, &options)))?.map_err(|e| export_err(py, &e))?;
    if let Some(p) = previous.filter(|p| !p.is_none()) {
        let same = p.cast::<SurveySummary>().ok().map(|s| s.get().inner.clone());
        let (last, source) = last_year(py, p, same, CoreSurvey::from_json, "SurveySummary")?;
        guard(|| inner.compare_with(&last))?.map_err(|e| last_year_error(py, &e, &source))?;
    }
    Ok(SurveySummary { inner })
}

/// The team's prose: a folder of Markdown files (`sammanfattning.md`, `slutsatser.sv.md`, …)
/// or a dict `{name: markdown}` with the same names without `.md`.
fn prose(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Prose> {
    if is_path(value)? {
        let dir: PathBuf = value.extract()?;
        return Prose::from_dir(&dir).map_err(|e| export_err(py, &e));
    }
    let dict = value
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("prose is a dict {{section: markdown}} or the path of a folder of Markdown files; got {}", type_name(value))))?;
    let mut prose = Prose::new();
    let mut problems = vec![];
    for (k, v) in dict.iter() {
        let name = crate::convert::key_text(&k, "prose")?;
        let text: String = v.extract().map_err(|_| PyTypeError::new_err(format!("prose[{name:?}] is Markdown text; got {}", type_name(&v))))?;
        if let Err((sv, en)) = prose.set_named(&name, text) {
            let mut p = CoreProblem::new_file("prose", InputCode::BadRecord, sv, en);
            p.field = Some(name);
            problems.push(p);
        }
    }
    if problems.is_empty() { Ok(prose) } else { Err(export_err(py, &CoreExportError { problems })) }
}

/// Writes the annual report (verksamhetsrapport) as one self-contained HTML page in `lang`
/// and returns it; also writes it to `path` when given.
///
/// `summary` is the year's self-report `Summary` (from `pack.summarize(…, previous=…)`: its
/// figures show their change from last year) and `pack` the pack it was made with. `audits`
/// (an `AuditSummary`) and `survey` (a `SurveySummary`) fill the sections on quality audits
/// and user surveys; made with `previous=`, they show their change from last year too. `prose` is the team's text: a folder of Markdown files named for the
/// report's sections (`sammanfattning.md`, `slutsatser.en.md`, …) or a dict with the same
/// names. `history` (a `History` from `granska.history(...)` whose year in focus is this
/// year) adds a section on recurring shortcomings to chapter 3. The page has inline CSS and
/// SVG charts, no scripts and nothing from the network; small survey numbers stay suppressed.
///
/// Raises `ExportError` when the prose names no section of the report or cannot be read;
/// `OSError` when `path` cannot be written.
#[pyfunction]
#[pyo3(signature = (summary, pack, audits = None, survey = None, prose = None, title = None, lang = "sv", path = None, history = None))]
#[allow(clippy::too_many_arguments)]
pub fn write_report(
    py: Python<'_>,
    summary: PyRef<'_, Summary>,
    pack: PyRef<'_, Pack>,
    audits: Option<PyRef<'_, AuditSummary>>,
    survey: Option<PyRef<'_, SurveySummary>>,
    prose: Option<&Bound<'_, PyAny>>,
    title: Option<&str>,
    lang: &str,
    path: Option<PathBuf>,
    history: Option<PyRef<'_, crate::history::History>>,
) -> PyResult<String> {
    let lang = crate::lang(lang)?;
    let prose = match prose.filter(|p| !p.is_none()) {
        Some(p) => self::prose(py, p)?,
        None => Prose::new(),
    };
    let inputs = ReportInputs {
        pack: &pack.inner,
        summary: &summary.inner,
        audits: audits.as_ref().map(|a| &a.inner),
        survey: survey.as_ref().map(|s| &s.inner),
        prose: &prose,
        title,
        history: history.as_ref().map(|h| &h.inner),
    };
    let html = guard(|| inputs.to_html(lang))?;
    if let Some(path) = path {
        std::fs::write(&path, &html).map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(html)
}
