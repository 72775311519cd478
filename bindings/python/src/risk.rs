//! The committee's risk register and kvalitetsberättelse in Python: `risk_register_pack()`
//! (the built-in register pack), `read_risk_register` → `RiskRegister` (verdicts, each risk
//! with its level, each action with its state, the matrix; tidy frames), and
//! `write_kvalitetsberattelse` (HTML or Markdown). Thin over `granska_summary::risk`: the
//! levels are the pack's, read by the core.

use std::path::PathBuf;

use granska_summary::report::Prose;
use granska_summary::risk::{QualityStory, REGISTER_PACK, RiskError, RiskRegister as CoreRegister, STORY_SLOTS};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::batch::is_path;
use crate::convert::type_name;
use crate::errors::{PackError, answer_error, export_error, guard};
use crate::pack::Pack;
use crate::quality::{builtin_file, section, table_frame, table_polars};
use crate::report::{Report, indent_arg, json_text, py_value};
use crate::summary::Summary;

/// The built-in risk register pack (`rules/riskanalys/riskregister.yaml`): the committee's
/// own risks, levels and actions. `params` as for `Pack.builtin` (e.g. `{"risk.hog_fran": 8}`,
/// the lowest score of a high risk; the defaults are example values).
#[pyfunction]
#[pyo3(signature = (params = None))]
pub fn risk_register_pack(py: Python<'_>, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
    builtin_file(py, REGISTER_PACK, params)
}

fn risk_error(py: Python<'_>, e: &RiskError) -> PyErr {
    match e {
        RiskError::Unreadable { .. } | RiskError::TooLarge { .. } => PyOSError::new_err(e.to_string()),
        RiskError::Rejected { problems, .. } => answer_error(py, &granska::ReportError { provider: None, problems: problems.clone() }),
        RiskError::Model(m) => {
            let err = PackError::new_err(m.to_string());
            let value = err.value(py);
            match value.setattr("diagnostics", Vec::<crate::objects::Diagnostic>::new()).and_then(|_| value.setattr("rendered", m.to_string())) {
                Ok(()) => err,
                Err(other) => other,
            }
        }
    }
}

/// A risk register read and checked with its pack: the verdict of every requirement
/// (`report`, a `Report` whose `issues` locate every bad record field, e.g.
/// `riskregister.risker[2].sannolikhet`), each risk with its level as the pack defines it,
/// each action with whether it is open and past its due date, and the risk matrix.
///
/// Made by `read_risk_register`. `to_dict()` is the JSON of `granska kvalitetsberattelse
/// --format json`; `to_frame(section)` gives tidy tables.
#[pyclass(module = "granska", frozen)]
pub struct RiskRegister {
    pub inner: CoreRegister,
}

#[pymethods]
impl RiskRegister {
    /// The unit (the register's `provider`).
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }

    /// The date the register is judged at, `YYYY-MM-DD`.
    #[getter]
    fn date(&self) -> &str {
        &self.inner.date
    }

    /// When management last went through the register, `YYYY-MM-DD`, or `None`.
    #[getter]
    fn reviewed(&self) -> Option<&str> {
        self.inner.reviewed.as_deref()
    }

    /// The engine's report on the register: every requirement's verdict, and the issues.
    #[getter]
    fn report(&self) -> Report {
        Report { inner: self.inner.report.clone() }
    }

    /// The register as plain dicts and lists (the JSON of `granska kvalitetsberattelse --format json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_value(py, &self.inner)
    }

    /// The register as JSON text, `indent` spaces per level (2 by default).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        json_text(&self.inner, Some(indent_arg(indent)?.unwrap_or(2)))
    }

    /// A tidy pandas DataFrame of one section, labels in `lang`: `risks` (`record`, `nr`,
    /// `area`, `area_label`, `description`, `likelihood`, `consequence`, `level`,
    /// `level_title`, `actions`; a field left out or refused is null), `actions` (`record`,
    /// `risk`, `action`, `owner`, `due`, `status`, `status_label`, `followed_up`,
    /// `follow_up`, `open`, `overdue`) or `matrix` (`likelihood`, `consequence`, `level`,
    /// `level_title`, `count`). Raises `ValueError` for another section.
    #[pyo3(signature = (section = "risks", lang = "sv"))]
    fn to_frame<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = self::section(self.inner.table(section, crate::lang(lang)?))?;
        crate::frame::with_pack(table_frame(py, &table)?, &self.inner.pack)
    }

    /// As `to_frame`, a polars DataFrame (needs polars).
    #[pyo3(signature = (section = "risks", lang = "sv"))]
    fn to_polars<'py>(&self, py: Python<'py>, section: &str, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let table = self::section(self.inner.table(section, crate::lang(lang)?))?;
        table_polars(py, &table)
    }

    fn __repr__(&self) -> String {
        let c = &self.inner.report.counts;
        format!(
            "RiskRegister(unit={:?}, date={:?}, risks={}, actions={}, met={}, not_met={})",
            self.inner.unit,
            self.inner.date,
            self.inner.risks.len(),
            self.inner.actions.len(),
            c.met,
            c.not_met
        )
    }
}

/// Reads a risk register (a YAML or JSON file, as `granska kvalitetsberattelse` takes it) and
/// checks it with `pack` (the built-in register pack, `risk_register_pack()`, by default).
///
/// Raises `AnswerError` when the file is no register (no unit, date or service; not YAML or
/// JSON — `.problems` says where), `PackError` when the pack cannot carry a register (a
/// question or field missing, no `riskniva_*` levels, levels that leave a gap or overlap),
/// `OSError` when the file cannot be read. A bad record field is no error: it is listed in
/// `report.issues` with its place and read as unanswered.
#[pyfunction]
#[pyo3(signature = (register, pack = None))]
pub fn read_risk_register(py: Python<'_>, register: PathBuf, pack: Option<PyRef<'_, Pack>>) -> PyResult<RiskRegister> {
    let builtin;
    let pack = match &pack {
        Some(p) => &p.inner,
        None => {
            builtin = risk_register_pack(py, None)?;
            &builtin.inner
        }
    };
    let result = py.detach(|| guard(|| CoreRegister::read_path(pack, &register)))?;
    result.map(|inner| RiskRegister { inner }).map_err(|e| risk_error(py, &e))
}

/// The kvalitetsberättelse's prose: a folder of Markdown files named for its sections
/// (`sammanfattning.md`, `riskanalys.md`, `atgarder.md`, `avvikelser.md`, `slutsatser.md`,
/// `inledning.md`, each also `.sv.md`/`.en.md`) or a dict with the same names.
fn prose(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Prose> {
    if is_path(value)? {
        let dir: PathBuf = value.extract()?;
        return Prose::from_dir_with(&dir, STORY_SLOTS).map_err(|e| export_error(py, &e));
    }
    let dict = value
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("prose is a dict {{section: markdown}} or the path of a folder of Markdown files; got {}", type_name(value))))?;
    let mut prose = Prose::new();
    for (k, v) in dict.iter() {
        let name = crate::convert::key_text(&k, "prose")?;
        let text: String = v.extract().map_err(|_| PyTypeError::new_err(format!("prose[{name:?}] is Markdown text; got {}", type_name(&v))))?;
        prose.set_named_with(&name, text, STORY_SLOTS).map_err(|(_, en)| PyValueError::new_err(en))?;
    }
    Ok(prose)
}

/// Writes the kvalitetsberättelse drafted from `register` (a `RiskRegister`) in `lang` and
/// returns it: `format="html"` (one self-contained page in the annual report's style, the
/// risk matrix as an inline SVG chart) or `"md"` (Markdown). Also writes it to `path` when
/// given. `summary` is the year's follow-up `Summary` (its lex Sarah and complaints figures
/// fill chapter 4), `prose` the team's text (a folder or a dict, see above), `title` the
/// page's title ("Kvalitetsberättelse <year>" by default).
///
/// Raises `ExportError` when a prose file names no section, `ValueError` for another format
/// or a prose key naming no section, `OSError` when `path` cannot be written.
#[pyfunction]
#[pyo3(signature = (register, summary = None, prose = None, title = None, lang = "sv", format = "html", path = None))]
#[allow(clippy::too_many_arguments)]
pub fn write_kvalitetsberattelse(
    py: Python<'_>,
    register: PyRef<'_, RiskRegister>,
    summary: Option<PyRef<'_, Summary>>,
    prose: Option<&Bound<'_, PyAny>>,
    title: Option<&str>,
    lang: &str,
    format: &str,
    path: Option<PathBuf>,
) -> PyResult<String> {
    let lang = crate::lang(lang)?;
    let prose = match prose.filter(|p| !p.is_none()) {
        Some(p) => self::prose(py, p)?,
        None => Prose::new(),
    };
    let story = QualityStory { register: &register.inner, followup: summary.as_ref().map(|s| &s.inner), prose: &prose, title };
    let text = match format {
        "html" => guard(|| story.to_html(lang))?,
        "md" | "markdown" => guard(|| story.to_markdown(lang))?,
        other => return Err(PyValueError::new_err(format!("format is \"html\" or \"md\"; got {other:?}"))),
    };
    if let Some(path) = path {
        std::fs::write(&path, &text).map_err(|e| PyOSError::new_err(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(text)
}
