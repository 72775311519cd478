//! The Python `Summary`: the yearly figures over many reports (per requirement, indicator,
//! quality area, service type and contract form, with the response rate and last year's
//! figures), as the core computes and renders them: JSON, CSV, Markdown, HTML, and a pandas
//! DataFrame of the core's CSV table.

use std::path::PathBuf;

use granska_summary::Summary as CoreSummary;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::ExportError;
use crate::frame::pandas;
use crate::objects::InputProblem;
use crate::report::{indent_arg, json_text, py_value};

/// The summary of a year's reports: counts and shares per requirement, indicator, quality
/// area, service type and contract form; the response rate against the roster; the reports
/// rejected, the providers reported twice and the answers not used; and, given last year's
/// summary, the change.
///
/// Made by `Pack.summarize`. The same reports give the same summary, byte for byte, in any
/// order.
#[pyclass(module = "granska", frozen)]
pub struct Summary {
    pub inner: CoreSummary,
}

/// Reads a previous summary: a `Summary`, its `to_dict()`, or the path of its JSON file.
pub fn previous(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<CoreSummary> {
    if let Ok(s) = value.cast::<Summary>() {
        return Ok(s.get().inner.clone());
    }
    let (source, parsed) = if value.is_instance_of::<PyDict>() {
        let mut cx = crate::convert::Conversion::default();
        let json = crate::convert::to_json(value, "previous", &mut cx)?;
        let parsed = match cx.issues.first() {
            Some(issue) => Err(format!("{}: {}", issue.field, issue.message.en)),
            None => serde_json::from_value::<CoreSummary>(json).map_err(|e| e.to_string()),
        };
        (String::new(), parsed)
    } else if value.is_instance_of::<PyString>() || value.hasattr("__fspath__")? {
        let path: PathBuf = value.extract()?;
        let source = path.display().to_string();
        let parsed = std::fs::read_to_string(&path).map_err(|e| format!("cannot read the file: {e}")).and_then(|text| CoreSummary::from_json(&text).map_err(|e| e.to_string()));
        (source, parsed)
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "previous is a Summary, its to_dict(), or the path of its JSON file; got {}",
            crate::convert::type_name(value)
        )));
    };
    parsed.map_err(|message| {
        let problem = granska_summary::export::InputProblem {
            file: source,
            sheet: None,
            row: None,
            column: None,
            field: None,
            provider: None,
            code: granska_summary::export::InputCode::Summary.into(),
            message: granska::Text { sv: format!("Förra årets sammanställning kan inte läsas: {message}"), en: format!("the previous summary cannot be read: {message}") },
            rejected: false,
        };
        let err = ExportError::new_err(problem.render(granska::Lang::En));
        match err.value(py).setattr("problems", vec![InputProblem::from(&problem)]) {
            Ok(()) => err,
            Err(other) => other,
        }
    })
}

#[pymethods]
impl Summary {
    /// Reads a summary from its JSON text (e.g. last year's `to_json()`).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Summary> {
        CoreSummary::from_json(text).map(|inner| Summary { inner }).map_err(|e| ExportError::new_err(e.to_string()))
    }

    /// How many reports were accepted.
    #[getter]
    fn reports(&self) -> i64 {
        self.inner.reports.now.count
    }

    /// The reports (or export rows) that were rejected, each an `InputProblem` saying where
    /// and why.
    #[getter]
    fn rejected(&self) -> Vec<InputProblem> {
        self.inner.rejected.reports.iter().map(InputProblem::from).collect()
    }

    /// Answers not used (each treated as unanswered), counted by issue code.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.issues)
    }

    /// Export columns that were not read (unknown or duplicate titles).
    #[getter]
    fn ignored_columns(&self) -> Vec<InputProblem> {
        self.inner.ignored_columns.iter().map(InputProblem::from).collect()
    }

    /// Reports of a provider (and service type) that already had a report in the batch, each
    /// an `InputProblem` (code `duplicate-provider`, not rejected) saying where it was and
    /// where the first report was; sorted by file and row. Every report is counted.
    #[getter]
    fn duplicates(&self) -> Vec<InputProblem> {
        self.inner.duplicates.iter().map(InputProblem::from).collect()
    }

    /// The summary as plain dicts and lists (the JSON format of the core and the CLI).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The summary as JSON text: by default exactly what the CLI writes (pretty, ending in a
    /// newline); `indent` spaces per level otherwise.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        match indent_arg(indent)? {
            None => Ok(self.inner.to_json()),
            Some(n) => json_text(&self.inner, Some(n)),
        }
    }

    /// The summary as CSV text: one row per figure (`section`, `group`, `id`, `title`, the
    /// counts, last year's figure and the change), titles in `lang`.
    #[pyo3(signature = (lang = "sv"))]
    fn to_csv(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.to_csv(crate::lang(lang)?))
    }

    /// The summary as a Markdown document, in `lang`.
    #[pyo3(signature = (lang = "sv"))]
    fn to_markdown(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.to_markdown(crate::lang(lang)?))
    }

    /// The summary as one self-contained HTML page (tables and SVG bar charts, no scripts),
    /// in `lang`: what the municipality publishes.
    #[pyo3(signature = (lang = "sv"))]
    fn to_html(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.to_html(crate::lang(lang)?))
    }

    /// The summary table as a pandas DataFrame: the rows and columns of `to_csv(lang)`, one
    /// row per figure. Select a part with the `section` column (`reports`, `response`,
    /// `indicator`, `area`, `requirement`, `service`, `contract`, `rejected`, `duplicates`,
    /// `issue`, …)
    /// and `group` (`all`, or a service type or contract form).
    #[pyo3(signature = (lang = "sv"))]
    fn to_frame<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let csv = self.inner.to_csv(crate::lang(lang)?);
        let pd = pandas(py)?;
        let buffer = py.import("io")?.getattr("StringIO")?.call1((csv,))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("keep_default_na", false)?;
        kwargs.set_item("na_values", [""])?;
        pd.call_method("read_csv", (buffer,), Some(&kwargs))
    }

    /// The summary table as a polars DataFrame: the rows and columns of `to_csv(lang)`, as
    /// `to_frame` gives them to pandas (an empty cell is null). Needs polars.
    #[pyo3(signature = (lang = "sv"))]
    fn to_polars<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let csv = self.inner.to_csv(crate::lang(lang)?);
        let pl = crate::arrow_out::polars(py)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("infer_schema_length", py.None())?;
        pl.call_method("read_csv", (pyo3::types::PyBytes::new(py, csv.as_bytes()),), Some(&kwargs))
    }

    fn __repr__(&self) -> String {
        format!("Summary(pack={:?}, reports={}, rejected={})", self.inner.pack.id, self.inner.reports.now.count, self.inner.rejected.count)
    }
}
