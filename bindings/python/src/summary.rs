//! The Python `Summary`: the yearly figures over many reports (per requirement, indicator,
//! quality area, service type and contract form, with the response rate and last year's
//! figures), as the core computes and renders them: JSON, CSV, Markdown, HTML, and a pandas
//! DataFrame of the core's CSV table.

use std::path::PathBuf;

use granska_summary::{PartialSummary as CorePartial, Summary as CoreSummary};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::{ExportError, PartialSummaryError};
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
        previous_error(
            py,
            source,
            granska::Text { sv: format!("Förra årets sammanställning kan inte läsas: {message}"), en: format!("the previous summary cannot be read: {message}") },
        )
    })
}

/// Refuses last year's summary when it was made with another pack id or version than
/// `pack`, unless `allow_other_pack` — as `granska summarize --previous` does — naming the
/// requirements that differ. With `allow_other_pack` the summary compares anyway and keeps
/// the differences in `previous.requirement_changes`.
///
/// # Errors
///
/// `ExportError` (code `summary`) when the packs differ and `allow_other_pack` is false.
pub fn guard_previous(py: Python<'_>, pack: &granska::Pack, previous: &CoreSummary, allow_other_pack: bool) -> PyResult<()> {
    if allow_other_pack {
        return Ok(());
    }
    let mine = granska_summary::Accumulator::new(pack).finish();
    let Some(why) = mine.other_pack(previous) else { return Ok(()) };
    let changes = mine.requirement_changes(previous);
    let list = |lang| if changes.is_empty() { String::new() } else { format!(": {}", granska::changes_text(&changes, lang).trim_end().replace('\n', "; ")) };
    Err(previous_error(
        py,
        String::new(),
        granska::Text {
            sv: format!(
                "{}; förändringarna jämförs inte (allow_other_pack=True jämför ändå), krav som skiljer sig{}",
                why.sv,
                if changes.is_empty() { ": inga".to_string() } else { list(granska::Lang::Sv) }
            ),
            en: format!(
                "{}; changes are not compared (allow_other_pack=True compares anyway), requirements that differ{}",
                why.en,
                if changes.is_empty() { ": none".to_string() } else { list(granska::Lang::En) }
            ),
        },
    ))
}

/// An `ExportError` about last year's summary, with its one problem in `problems`.
fn previous_error(py: Python<'_>, source: String, message: granska::Text) -> PyErr {
    let problem = granska_summary::export::InputProblem {
        file: source,
        sheet: None,
        row: None,
        column: None,
        field: None,
        provider: None,
        code: granska_summary::export::InputCode::Summary.into(),
        message,
        rejected: false,
    };
    let err = ExportError::new_err(problem.render(granska::Lang::En));
    match err.value(py).setattr("problems", vec![InputProblem::from(&problem)]) {
        Ok(()) => err,
        Err(other) => other,
    }
}

#[pymethods]
impl Summary {
    /// Reads a summary from its JSON text (e.g. last year's `to_json()`).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Summary> {
        CoreSummary::from_json(text).map(|inner| Summary { inner }).map_err(|e| ExportError::new_err(e.to_string()))
    }

    /// The pack the summary was made with: `{"id", "version", "title", "content_hash"}`
    /// (`content_hash` absent in a summary written before summaries carried it).
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.pack)
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
        crate::frame::with_pack(pd.call_method("read_csv", (buffer,), Some(&kwargs))?, &self.inner.pack)
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

/// The counts of one batch of reports (a Spark or Dask partition, a worker's share), to be
/// merged with the partials of the other batches and finished into the `Summary` one pass
/// over all the reports gives, byte for byte (see docs/scale.md).
///
/// Made by `Pack.partial_summary`; written with `to_bytes()` / `to_json()` and read back
/// with `PartialSummary.from_bytes` / `from_json` (a versioned JSON format); picklable.
/// Merging is associative and commutative: any grouping and order gives the same result.
#[pyclass(module = "granska", frozen)]
#[derive(Clone)]
pub struct PartialSummary {
    pub inner: CorePartial,
}

/// A `PartialSummaryError` for a core error.
fn partial_error(e: &granska_summary::PartialError) -> PyErr {
    PartialSummaryError::new_err(e.to_string())
}

#[pymethods]
impl PartialSummary {
    /// Reads a partial summary from its JSON text. Raises `PartialSummaryError` when the
    /// text is not one (saying where), or is of another format version.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<PartialSummary> {
        CorePartial::from_json(text).map(|inner| PartialSummary { inner }).map_err(|e| partial_error(&e))
    }

    /// Reads a partial summary from `to_bytes()` (UTF-8 JSON). Raises `PartialSummaryError`
    /// as `from_json` does, also for bytes that are not UTF-8.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<PartialSummary> {
        let text = std::str::from_utf8(data)
            .map_err(|e| PartialSummaryError::new_err(format!("not a partial summary of granska: not UTF-8 (invalid byte at offset {})", e.valid_up_to())))?;
        PartialSummary::from_json(text)
    }

    /// The partial as compact JSON text (the documented, versioned format of docs/scale.md).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The partial as bytes (its JSON, UTF-8): what a Spark `binary` column carries.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        pyo3::types::PyBytes::new(py, self.inner.to_json().as_bytes())
    }

    /// This partial and `other` merged, as a new partial (both are unchanged). Raises
    /// `PartialSummaryError` when `other` was computed with another pack (id, version or
    /// content hash) or counted against another roster.
    fn merge(&self, other: &PartialSummary) -> PyResult<PartialSummary> {
        let mut inner = self.inner.clone();
        inner.merge(other.inner.clone()).map_err(|e| partial_error(&e))?;
        Ok(PartialSummary { inner })
    }

    /// The summary of every report counted in this partial (and those merged into it);
    /// `previous` is last year's summary and `allow_other_pack` as for `Pack.summarize`.
    /// Raises `PartialSummaryError` when the partial was computed with another pack than
    /// `pack`, `ExportError` when `previous` was made with another pack id or version.
    #[pyo3(signature = (pack, previous = None, *, allow_other_pack = false))]
    fn finish(&self, py: Python<'_>, pack: &crate::pack::Pack, previous: Option<&Bound<'_, PyAny>>, allow_other_pack: bool) -> PyResult<Summary> {
        let previous = match previous.filter(|p| !p.is_none()) {
            Some(p) => Some(self::previous(py, p)?),
            None => None,
        };
        if let Some(p) = &previous {
            guard_previous(py, &pack.inner, p, allow_other_pack)?;
        }
        let mut inner = self.inner.clone().finish(&pack.inner).map_err(|e| partial_error(&e))?;
        if let Some(p) = &previous {
            inner.compare_with(p);
        }
        Ok(Summary { inner })
    }

    /// How many reports were counted.
    #[getter]
    fn reports(&self) -> u64 {
        self.inner.reports()
    }

    /// How many reports (rows) were rejected.
    #[getter]
    fn rejected(&self) -> usize {
        self.inner.rejected()
    }

    /// The pack the reports were checked with: `{"id", "version", "content_hash"}`.
    #[getter]
    fn pack<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, self.inner.pack())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let py = slf.py();
        let from_json = py.get_type::<PartialSummary>().getattr("from_json")?;
        Ok((from_json, (slf.get().inner.to_json(),)))
    }

    fn __repr__(&self) -> String {
        format!("PartialSummary(pack={:?}, reports={}, rejected={})", self.inner.pack().id, self.inner.reports(), self.inner.rejected())
    }
}

/// Merges partial summaries (any iterable of `PartialSummary`) into one, in any order:
/// the result is the same whatever the order. Raises `PartialSummaryError` for partials of
/// other packs or rosters, and `ValueError` when there are none.
#[pyfunction]
pub fn merge_partials(partials: &Bound<'_, PyAny>) -> PyResult<PartialSummary> {
    let mut all = vec![];
    for p in partials.try_iter()? {
        let p = p?;
        let p = p.cast::<PartialSummary>().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "merge_partials: expected PartialSummary objects, got {}",
                p.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            ))
        })?;
        all.push(p.get().inner.clone());
    }
    match CorePartial::merge_all(all).map_err(|e| partial_error(&e))? {
        Some(inner) => Ok(PartialSummary { inner }),
        None => Err(pyo3::exceptions::PyValueError::new_err("merge_partials: no partial summaries were given")),
    }
}
