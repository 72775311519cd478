//! Provider history and action plans in Python: `history(...)` → `History` (the tidy frame
//! `provider, service, requirement, year, verdict, status, run`, the recurring-shortcoming
//! figures) and `check_actions(...)` → `ActionCheck` (the actions, findings and tallies as
//! frames). Thin over `granska_summary::{history, actions}`: the join, the statuses and the
//! checks are the core's.

use granska::Verdict;
use granska_summary::actions::{ActionCheck as CoreCheck, ActionInput, ActionOptions};
use granska_summary::export::ExportOptions;
use granska_summary::history::{History as CoreHistory, HistoryInput, HistoryOptions, ProviderMapping};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{export_error, guard};
use crate::objects::InputProblem;
use crate::pack::Pack;
use crate::quality::paths;
use crate::report::{indent_arg, json_text, py_value};

/// A pandas DataFrame of named columns, each a list of Python values, in order.
fn frame<'py>(py: Python<'py>, columns: Vec<(&str, Bound<'py, PyList>)>) -> PyResult<Bound<'py, PyAny>> {
    let data = PyDict::new(py);
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    for (name, values) in columns {
        data.set_item(name, values)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, names)?)?;
    crate::frame::pandas(py)?.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// Several years' checked reports joined per provider and requirement.
#[pyclass(module = "granska._granska", frozen)]
pub struct History {
    pub(crate) inner: CoreHistory,
}

#[pymethods]
impl History {
    /// The year in focus (its figures are computed).
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    /// Every year: `{"year", "reports", "providers", "packs": [{"id", "version", "content_hash", "reports"}]}`.
    #[getter]
    fn years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.years)
    }

    /// The year in focus: providers not meeting a requirement two or more years running,
    /// `{"requirement", "run", "count", "providers", "text": {"sv", "en"}}`.
    #[getter]
    fn recurring<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.recurring)
    }

    /// Every provider: `{"provider", "service", "name", "years": [{"year", "reported_as", "date"}], "missing_years"}`.
    #[getter]
    fn providers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.providers)
    }

    /// Every requirement with the years whose reports have it: `{"id", "title", "years", "title_changed"}`.
    #[getter]
    fn requirements<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.requirements)
    }

    /// Reports, rows and mapping rows not read, and providers reported twice, each located.
    #[getter]
    fn problems(&self) -> Vec<InputProblem> {
        self.inner.problems.iter().map(InputProblem::from).collect()
    }

    /// The tidy pandas DataFrame, one row per provider, requirement (that applied to it in
    /// some year) and year: `provider`, `service`, `requirement`, `year` (int), `verdict`
    /// (`met`, `not_met`, `not_applicable`, `unanswered`; None without a report), `status`
    /// (`met`, `improved`, `not_met_first`, `not_met_unknown_before`, `not_met_again`, `not_met_earlier`,
    /// `not_applicable`, `unanswered`, `missing`, `not_in_pack`, `no_verdict`) and `run`
    /// (years running not met, this one included; 0 unless not met).
    fn to_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = &self.inner.rows;
        let text = |f: &dyn Fn(&granska_summary::history::HistoryRow) -> String| PyList::new(py, rows.iter().map(f));
        frame(
            py,
            vec![
                ("provider", text(&|r| r.provider.to_string())?),
                ("service", text(&|r| r.service.to_string())?),
                ("requirement", text(&|r| r.requirement.to_string())?),
                ("year", PyList::new(py, rows.iter().map(|r| r.year))?),
                ("verdict", PyList::new(py, rows.iter().map(|r| r.verdict.map(Verdict::as_str)))?),
                ("status", text(&|r| r.status.as_str().to_string())?),
                ("run", PyList::new(py, rows.iter().map(|r| r.run))?),
            ],
        )
    }

    /// The history as plain dicts and lists (the JSON of `granska history --format json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The history as JSON text (2 spaces per level by default).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, Some(indent_arg(indent)?.unwrap_or(2)))
    }

    /// The history as text for a person, in `lang` (`sv` or `en`).
    #[pyo3(signature = (lang = "sv"))]
    fn to_text(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.to_text(crate::lang(lang)?))
    }

    fn __repr__(&self) -> String {
        format!(
            "History(years={:?}, year={}, providers={}, rows={})",
            self.inner.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            self.inner.year,
            self.inner.providers.len(),
            self.inner.rows.len()
        )
    }
}

/// Joins several years' checked reports per provider and requirement.
///
/// `reports` is a path or a list of paths: report JSON files (one report or a list, as
/// `granska check --format json` and `Report.to_json()` write them), folders of them, or
/// exports (CSV, `.xlsx`, `.ods`; checked with `pack`, the built-in pack by default; `sheet`
/// names the workbook sheet). Years are the calendar years of the report dates. `mapping` is
/// the path of a provider id mapping (CSV or workbook: `old,new,reason`). `year` is the year
/// in focus (the latest by default). Packs of different ids are joined only with
/// `allow_other_pack=True`.
///
/// Reports, rows and mapping rows that cannot be read are `History.problems`, located; the
/// rest is joined. Raises `ExportError` when the mapping file cannot be read at all, and
/// `ValueError` when no report could be read, the year has no reports or the packs differ.
#[pyfunction]
#[pyo3(signature = (reports, pack = None, mapping = None, year = None, allow_other_pack = false, sheet = None))]
pub fn history(
    py: Python<'_>,
    reports: &Bound<'_, PyAny>,
    pack: Option<PyRef<'_, Pack>>,
    mapping: Option<&Bound<'_, PyAny>>,
    year: Option<i32>,
    allow_other_pack: bool,
    sheet: Option<String>,
) -> PyResult<History> {
    let files = paths(reports, "reports")?;
    let builtin;
    let pack = match &pack {
        Some(p) => &p.inner,
        None => {
            builtin = guard(granska::Pack::builtin)?.map_err(|e| crate::errors::pack_error(py, &e))?;
            &builtin
        }
    };
    let mapping = match mapping.filter(|m| !m.is_none()) {
        None => ProviderMapping::new(),
        Some(m) => {
            let path: std::path::PathBuf = m.extract()?;
            py.detach(|| guard(|| ProviderMapping::from_path(&path)))?.map_err(|e| export_error(py, &e))?
        }
    };
    let options = ExportOptions { sheet, ..ExportOptions::default() };
    let joined = py.detach(|| {
        guard(|| {
            let mut input = HistoryInput::new();
            for f in &files {
                input.read_path(f, Some(pack), &options);
            }
            input.join(&mapping, &HistoryOptions { year, allow_other_pack })
        })
    })?;
    joined.map(|inner| History { inner }).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Action plans checked against a `History`.
#[pyclass(module = "granska._granska", frozen)]
pub struct ActionCheck {
    inner: CoreCheck,
}

#[pymethods]
impl ActionCheck {
    /// The year whose shortcomings need a plan.
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    /// What was found: `{"code": "no-plan" | "overdue" | "closed-not-met", "provider",
    /// "service", "requirement", "place", "text": {"sv", "en"}}`.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.findings)
    }

    /// Records not read or not checked, each located (file, sheet, row, column or field).
    #[getter]
    fn problems(&self) -> Vec<InputProblem> {
        self.inner.problems.iter().map(InputProblem::from).collect()
    }

    /// A pandas DataFrame of one section: `actions` (one row per action: `provider`,
    /// `service`, `requirement`, `finding`, `action`, `owner`, `due`, `status`, `closed`,
    /// `state`, `place`), `findings` (`code`, `provider`, `service`, `requirement`, `place`,
    /// `text`), `providers` or `services` (`provider`, `service`, `open`, `overdue`, `closed`,
    /// `closed_not_met`, `shortcomings`, `without_plan`). Raises `ValueError` for another
    /// section.
    #[pyo3(signature = (section = "actions", lang = "sv"))]
    fn to_frame<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::lang(lang)?;
        let list = |v: Vec<Option<String>>| PyList::new(py, v);
        match section {
            "actions" => {
                let a = &self.inner.actions;
                let col = |f: &dyn Fn(&granska_summary::actions::CheckedAction) -> Option<String>| list(a.iter().map(f).collect());
                frame(
                    py,
                    vec![
                        ("provider", col(&|x| Some(x.provider_id.to_string()))?),
                        ("service", col(&|x| Some(x.service_type.to_string()))?),
                        ("requirement", col(&|x| x.record.requirement.clone())?),
                        ("finding", col(&|x| x.record.finding.clone())?),
                        ("action", col(&|x| Some(x.record.action.clone()))?),
                        ("owner", col(&|x| Some(x.record.owner.clone()))?),
                        ("due", col(&|x| Some(x.record.due.clone()))?),
                        ("status", col(&|x| Some(x.record.status.as_str().to_string()))?),
                        ("closed", col(&|x| x.record.closed.clone())?),
                        ("state", col(&|x| Some(x.state.as_str().to_string()))?),
                        ("place", col(&|x| Some(x.record.place.clone()))?),
                    ],
                )
            }
            "findings" => {
                let f = &self.inner.findings;
                let col = |g: &dyn Fn(&granska_summary::actions::ActionFinding) -> Option<String>| list(f.iter().map(g).collect());
                frame(
                    py,
                    vec![
                        ("code", col(&|x| Some(x.code.as_str().to_string()))?),
                        ("provider", col(&|x| Some(x.provider.to_string()))?),
                        ("service", col(&|x| Some(x.service.to_string()))?),
                        ("requirement", col(&|x| x.requirement.clone())?),
                        ("place", col(&|x| x.place.clone())?),
                        ("text", col(&|x| Some(x.text.get(lang).to_string()))?),
                    ],
                )
            }
            "providers" | "services" => {
                let t = if section == "providers" { &self.inner.by_provider } else { &self.inner.by_service };
                let n = |g: &dyn Fn(&granska_summary::actions::ActionTally) -> u64| PyList::new(py, t.iter().map(g));
                frame(
                    py,
                    vec![
                        ("provider", list(t.iter().map(|x| x.provider.as_deref().map(str::to_string)).collect())?),
                        ("service", list(t.iter().map(|x| Some(x.service.to_string())).collect())?),
                        ("open", n(&|x| x.open)?),
                        ("overdue", n(&|x| x.overdue)?),
                        ("closed", n(&|x| x.closed)?),
                        ("closed_not_met", n(&|x| x.closed_not_met)?),
                        ("shortcomings", n(&|x| x.shortcomings)?),
                        ("without_plan", n(&|x| x.without_plan)?),
                    ],
                )
            }
            other => Err(PyValueError::new_err(format!("no section {other:?}; the sections are actions, findings, providers, services"))),
        }
    }

    /// The check as plain dicts and lists (the JSON of `granska actions --format json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// One provider's open actions (open or overdue on `as_of`), as the questionnaire page
    /// opens them: the dict of `granska actions --provider ID --format json` (format
    /// `granska-atgardsplan`, version 1: the provider, the date, and per action its service,
    /// requirement and title, the questions the requirement reads in `pack` (the built-in
    /// pack by default), what will be done, owner, due date, status and whether it is
    /// overdue). `provider` may be an old id of the history's mapping. `None` when no report
    /// of `history` names the provider.
    #[pyo3(signature = (provider, history, pack = None))]
    fn open_actions<'py>(&self, py: Python<'py>, provider: &str, history: PyRef<'_, History>, pack: Option<PyRef<'_, Pack>>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let builtin;
        let pack = match &pack {
            Some(p) => &p.inner,
            None => {
                builtin = guard(granska::Pack::builtin)?.map_err(|e| crate::errors::pack_error(py, &e))?;
                &builtin
            }
        };
        match guard(|| self.inner.open_actions(provider, pack, &history.inner))? {
            Some(open) => py_value(py, &open).map(Some),
            None => Ok(None),
        }
    }

    /// The check as text for a person, in `lang` (`sv` or `en`).
    #[pyo3(signature = (lang = "sv"))]
    fn to_text(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.to_text(crate::lang(lang)?))
    }

    fn __repr__(&self) -> String {
        format!("ActionCheck(year={}, actions={}, findings={}, problems={})", self.inner.year, self.inner.actions.len(), self.inner.findings.len(), self.inner.problems.len())
    }
}

/// Checks action plans against a `History` on the date `as_of` (`"YYYY-MM-DD"`, or a
/// `datetime.date`).
///
/// `plans` is a path or a list of paths: YAML or JSON (a list of actions, or `actions:`
/// holding one), CSV or a workbook (`sheet`, the first by default); fields `provider`,
/// `service`, `requirement` or `finding`, `action`, `owner`, `due`, `status`, `closed`.
/// Records that cannot be read or name an unknown provider or requirement are
/// `ActionCheck.problems`, located; the others are checked. Raises `ValueError` for an
/// `as_of` that is no date.
#[pyfunction]
#[pyo3(signature = (plans, history, as_of, sheet = None))]
pub fn check_actions(py: Python<'_>, plans: &Bound<'_, PyAny>, history: PyRef<'_, History>, as_of: &Bound<'_, PyAny>, sheet: Option<String>) -> PyResult<ActionCheck> {
    let files = paths(plans, "plans")?;
    let text: String = if as_of.hasattr("isoformat")? { as_of.call_method0("isoformat")?.extract()? } else { as_of.extract()? };
    let as_of = granska::parse_date(&text).ok_or_else(|| PyValueError::new_err(format!("as_of {text:?} is no date of the form YYYY-MM-DD")))?;
    let history = &history.inner;
    let inner = py.detach(|| {
        guard(|| {
            let mut input = ActionInput::new();
            for f in &files {
                input.read_path(f, sheet.as_deref());
            }
            CoreCheck::run(input, history, &ActionOptions { as_of })
        })
    })?;
    Ok(ActionCheck { inner })
}
