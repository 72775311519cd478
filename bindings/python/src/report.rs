//! The Python `Report` (one provider's verdicts) and `FormState` (a questionnaire being
//! filled in): wrappers over the core's values with attributes, `to_dict()` and `to_json()`
//! from the core's serde schema (`docs/report-schema.md`), and `to_frame()`.

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

use crate::convert;
use crate::frame;
use crate::objects::{Issue, RequirementVerdict, Undecided};

/// The most spaces per level `to_json(indent=…)` takes.
const MAX_INDENT: i64 = 16;

/// Reads an `indent` argument: None, or an int from 0 to [`MAX_INDENT`]. Anything else is
/// a `ValueError` (an int out of range, however large: never an `OverflowError`) or a
/// `TypeError` (not an int).
pub fn indent_arg(indent: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    let Some(indent) = indent.filter(|i| !i.is_none()) else {
        return Ok(None);
    };
    if !indent.is_instance_of::<pyo3::types::PyInt>() || indent.is_instance_of::<pyo3::types::PyBool>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!("indent is an int or None; got {}", convert::type_name(indent))));
    }
    match indent.extract::<i64>() {
        Ok(n) if (0..=MAX_INDENT).contains(&n) => Ok(usize::try_from(n).ok()),
        _ => Err(PyValueError::new_err(format!("indent is 0 to {MAX_INDENT} spaces per level, or None"))),
    }
}

/// Serialises a core value to JSON text: compact, or indented by `indent` spaces.
pub fn json_text<T: Serialize>(value: &T, indent: Option<usize>) -> PyResult<String> {
    let result = match indent {
        None => serde_json::to_string(value),
        Some(n) => {
            let pad = " ".repeat(n);
            let mut out = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes()));
            value.serialize(&mut ser).map(|_| String::from_utf8_lossy(&out).into_owned())
        }
    };
    result.map_err(|e| PyValueError::new_err(format!("cannot write JSON: {e}")))
}

/// Serialises a core value to plain Python dicts and lists.
pub fn py_value<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(format!("cannot convert: {e}")))?;
    convert::to_py(py, &json)
}

/// The outcome of checking one provider's report: a verdict for every requirement of the
/// pack, each explained, and the problems found in the answers.
#[pyclass(module = "granska", frozen)]
pub struct Report {
    pub inner: granska::Report,
}

#[pymethods]
impl Report {
    /// The provider id.
    #[getter]
    fn provider(&self) -> &str {
        &self.inner.provider
    }
    /// The provider's name, or None.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }
    /// The service type, e.g. `heldygnsvard`.
    #[getter]
    fn service(&self) -> &str {
        &self.inner.service
    }
    /// The contract form (`lov`, `lou`, …), or None.
    #[getter]
    fn contract(&self) -> Option<&str> {
        self.inner.contract.as_deref()
    }
    /// The report date, `YYYY-MM-DD`.
    #[getter]
    fn date(&self) -> &str {
        &self.inner.date
    }
    /// The id of the pack that judged it.
    #[getter]
    fn pack(&self) -> &str {
        &self.inner.pack
    }
    /// The version of the pack that judged it, or None.
    #[getter]
    fn pack_version(&self) -> Option<&str> {
        self.inner.pack_version.as_deref()
    }
    /// The content hash of the pack that judged it (64 hex digits, `Pack.content_hash`).
    #[getter]
    fn pack_content_hash(&self) -> &str {
        &self.inner.pack_content_hash
    }
    /// How many requirements got each verdict: `{"met": …, "not_met": …, "not_applicable": …, "unanswered": …}`.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner.counts)
    }
    /// Problems with the answers; each such answer was treated as unanswered or ignored.
    #[getter]
    fn issues(&self) -> Vec<Issue> {
        self.inner.issues.iter().map(Issue::from).collect()
    }
    /// One `RequirementVerdict` per requirement, ordered by requirement id.
    #[getter]
    fn verdicts(&self) -> Vec<RequirementVerdict> {
        self.inner.verdicts.iter().map(RequirementVerdict::from).collect()
    }

    /// The verdict of one requirement: `report["sosfs.ledningssystem"].verdict`.
    fn __getitem__(&self, requirement: &str) -> PyResult<RequirementVerdict> {
        self.inner.verdicts.iter().find(|v| &*v.requirement == requirement).map(RequirementVerdict::from).ok_or_else(|| PyKeyError::new_err(requirement.to_string()))
    }

    fn __len__(&self) -> usize {
        self.inner.verdicts.len()
    }

    /// The report as plain dicts and lists, in the JSON schema of `docs/report-schema.md`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The report as JSON text in the schema of `docs/report-schema.md`, the same bytes for
    /// the same pack and answers: compact when `indent` is None, else `indent` spaces per
    /// level, 0 to 16 (`indent=2` is the Rust crate's and the CLI's pretty form).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, indent_arg(indent)?)
    }

    /// The verdicts as a tidy pandas DataFrame, one row per requirement: `provider`,
    /// `service`, `requirement`, `verdict`, `message` (in `lang`, `"sv"` or `"en"`),
    /// `source`, `area`, `severity`. `attrs["pack"]` is the pack's `{"id", "version",
    /// "content_hash"}`.
    #[pyo3(signature = (lang = "sv"))]
    fn to_frame<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::lang(lang)?;
        frame::tidy(py, &self.inner, lang)
    }

    /// The verdicts as a tidy polars DataFrame: the columns of `to_frame`, text columns
    /// `Categorical`, `verdict`, `area` and `severity` `Enum`s. Needs polars.
    #[pyo3(signature = (lang = "sv"))]
    fn to_polars<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::lang(lang)?;
        frame::tidy_polars(py, &self.inner, lang)
    }

    fn __repr__(&self) -> String {
        let c = &self.inner.counts;
        format!(
            "Report(provider={:?}, service={:?}, date={:?}, met={}, not_met={}, not_applicable={}, unanswered={}, issues={})",
            self.inner.provider,
            self.inner.service,
            self.inner.date,
            c.met,
            c.not_met,
            c.not_applicable,
            c.unanswered,
            self.inner.issues.len()
        )
    }
}

/// The state of a questionnaire for the answers given so far: which questions to show,
/// which required ones are missing, field errors, and what is still undecided.
#[pyclass(module = "granska", frozen)]
pub struct FormState {
    pub inner: granska::FormState,
}

#[pymethods]
impl FormState {
    /// Question ids to show now (asked of the service type and relevant), in order.
    #[getter]
    fn relevant(&self) -> Vec<String> {
        self.inner.relevant.clone()
    }
    /// Required questions that are shown but not answered.
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.inner.missing.clone()
    }
    /// Field errors: wrong type, out of range, broken constraints, ….
    #[getter]
    fn errors(&self) -> Vec<Issue> {
        self.inner.errors.iter().map(Issue::from).collect()
    }
    /// Every requirement's current verdict, by requirement id.
    #[getter]
    fn verdicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for v in &self.inner.verdicts {
            dict.set_item(&*v.requirement, v.verdict.as_str())?;
        }
        Ok(dict)
    }
    /// Requirements still undecided, with the questions that would decide them.
    #[getter]
    fn undecided(&self) -> Vec<Undecided> {
        self.inner.undecided.iter().map(Undecided::from).collect()
    }

    /// The form state as plain dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The form state as JSON text; `indent` spaces per level, or compact when None.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, indent_arg(indent)?)
    }

    fn __repr__(&self) -> String {
        format!("FormState(relevant={}, missing={:?}, errors={}, undecided={})", self.inner.relevant.len(), self.inner.missing, self.inner.errors.len(), self.inner.undecided.len())
    }
}
