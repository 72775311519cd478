//! The Python `Pack`: load a rule pack (built in, YAML text or a file), read what it asks
//! and requires, and check reports one at a time (`check`), in batches (`check_many`,
//! `summarize`) or as a questionnaire is filled in (`form_state`). Batches are converted
//! while holding the GIL, then read and evaluated with the GIL released, on all cores.

use std::path::PathBuf;

use granska::export::{ExportOptions, ExportReader, InputProblem as CoreProblem, Mapping};
use granska::summary::{Accumulator, Roster, RosterEntry};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PySlice, PyString, PyTuple};
use serde_json::{Map, Value as Json};

use crate::convert::{self, key_text, nest_report, to_json, type_name};
use crate::errors::{answer_error, export_error, guard, pack_error};
use crate::frame::{self, Outcome};
use crate::objects::{Diagnostic, Question, Requirement, Service, Text};
use crate::report::{FormState, Report};
use crate::summary::{self, Summary};

/// A loaded, checked rule pack: its questions and requirements, ready to judge reports.
/// Immutable and safe to share between threads.
///
/// Load it with `Pack.builtin()`, `Pack.from_yaml(text)` or `Pack.load(path)`; a pack with
/// mistakes raises `PackError` listing all of them.
#[pyclass(module = "granska", frozen)]
pub struct Pack {
    pub inner: granska::Pack,
}

/// A batch of reports as given from Python.
pub enum Batch {
    /// Reports as JSON, in input order.
    Rows(Vec<Json>),
    /// A survey export file.
    Csv(PathBuf),
}

/// Whether a Python value is a path (text or `os.PathLike`).
fn is_path(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(value.is_instance_of::<PyString>() || value.hasattr("__fspath__")?)
}

/// Converts the `data` argument of a batch call: the path of a CSV export, a pandas
/// DataFrame (one row per provider) or an iterable of report dicts.
fn batch(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Batch> {
    if is_path(data)? {
        return Ok(Batch::Csv(data.extract()?));
    }
    if data.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err("this takes many reports (a list of dicts, a DataFrame or the path of a CSV export); for one report use check()"));
    }
    if is_frame(data)? {
        return Ok(Batch::Rows(frame_records(py, data)?.into_iter().map(|m| nest_report(Json::Object(m))).collect()));
    }
    let iter = data.try_iter().map_err(|_| PyTypeError::new_err(format!("expected a list of report dicts, a pandas DataFrame or the path of a CSV export; got {}", type_name(data))))?;
    let mut rows = vec![];
    for item in iter {
        rows.push(convert::report_from_py(&item?)?);
    }
    Ok(Batch::Rows(rows))
}

fn is_frame(data: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(data.hasattr("columns")? && data.hasattr("iloc")?)
}

/// The rows of a DataFrame as flat mappings, column name → value. An index named like a
/// report field (`provider`, …) counts as a column. Empty cells (NaN, None, NA, NaT) are
/// left out: they are unanswered.
fn frame_records(py: Python<'_>, df: &Bound<'_, PyAny>) -> PyResult<Vec<Map<String, Json>>> {
    let index_names: Vec<Option<String>> = df.getattr("index")?.getattr("names")?.extract().unwrap_or_default();
    let df = if index_names.iter().flatten().any(|n| convert::META_KEYS.contains(&n.as_str())) { df.call_method0("reset_index")? } else { df.clone() };
    let names: Vec<String> = df.getattr("columns")?.try_iter()?.map(|c| c.and_then(|c| key_text(&c, ""))).collect::<PyResult<_>>()?;
    let rows: usize = df.len()?;
    let iloc = df.getattr("iloc")?;
    let mut columns: Vec<Bound<'_, PyList>> = Vec::with_capacity(names.len());
    for j in 0..names.len() {
        let key = PyTuple::new(py, [PySlice::full(py).into_any(), j.into_pyobject(py)?.into_any()])?;
        let values = iloc.get_item(key)?.call_method0("tolist")?;
        columns.push(values.cast_into::<PyList>().map_err(PyErr::from)?);
    }
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let mut map = Map::new();
        for (name, column) in names.iter().zip(&columns) {
            let value = to_json(&column.get_item(i)?, name)?;
            if !value.is_null() {
                map.insert(name.clone(), value);
            }
        }
        out.push(map);
    }
    Ok(out)
}

/// The export options for a `mapping` argument: None, a dict {column title: question id},
/// or the path of a mapping CSV (`column,question`).
fn export_options(py: Python<'_>, mapping: Option<&Bound<'_, PyAny>>) -> PyResult<ExportOptions> {
    let mapping = match mapping {
        None => None,
        Some(m) if m.is_none() => None,
        Some(m) if is_path(m)? => {
            let path: PathBuf = m.extract()?;
            Some(Mapping::from_path(&path).map_err(|e| export_error(py, &e))?)
        }
        Some(m) => {
            let dict = m.cast::<PyDict>().map_err(|_| PyTypeError::new_err(format!("mapping is a dict {{column title: question id}} or the path of a mapping CSV; got {}", type_name(m))))?;
            let mut mapping = Mapping::new();
            for (k, v) in dict.iter() {
                let question = if v.is_none() { String::new() } else { key_text(&v, "mapping")? };
                mapping.insert(&key_text(&k, "mapping")?, &question);
            }
            Some(mapping)
        }
    };
    Ok(ExportOptions { mapping })
}

/// A roster of invited providers: the path of a roster CSV, a DataFrame or a list of dicts
/// with `provider`, `service` and optionally `name` and `contract`.
fn roster(py: Python<'_>, pack: &granska::Pack, value: &Bound<'_, PyAny>) -> PyResult<Roster> {
    if is_path(value)? {
        let path: PathBuf = value.extract()?;
        return Roster::from_path(pack, &path).map_err(|e| export_error(py, &e));
    }
    let records: Vec<Map<String, Json>> = if is_frame(value)? {
        frame_records(py, value)?
    } else {
        let iter = value.try_iter().map_err(|_| PyTypeError::new_err(format!("roster is the path of a roster CSV, a DataFrame or a list of dicts; got {}", type_name(value))))?;
        let mut out = vec![];
        for item in iter {
            match convert::to_json(&item?, "roster")? {
                Json::Object(m) => out.push(m),
                other => return Err(PyTypeError::new_err(format!("each roster entry is a dict {{provider, service, name?, contract?}}; got {other}"))),
            }
        }
        out
    };
    let mut roster = Roster::default();
    for (i, record) in records.into_iter().enumerate() {
        let entry: RosterEntry = serde_json::from_value(Json::Object(record)).map_err(|e| PyTypeError::new_err(format!("roster entry {i}: {e} (provider and service are text; name and contract text or empty)")))?;
        roster.push(entry);
    }
    Ok(roster)
}

impl Pack {
    fn read(&self, py: Python<'_>, report: &Bound<'_, PyAny>) -> PyResult<granska::Answers> {
        let json = convert::report_from_py(report)?;
        match guard(|| self.inner.read_report(&json))? {
            Ok(answers) => Ok(answers),
            Err(e) => Err(answer_error(py, &e)),
        }
    }

    /// Reads and checks every report of a batch, with the GIL released.
    fn outcomes(&self, py: Python<'_>, batch: Batch, options: ExportOptions) -> PyResult<Vec<Outcome>> {
        let pack = &self.inner;
        let read: Vec<(Option<String>, Result<granska::Answers, CoreProblem>)> = match batch {
            Batch::Rows(rows) => py.detach(|| {
                guard(|| {
                    rows.iter()
                        .map(|row| {
                            let service = row.get("service").and_then(Json::as_str).map(str::to_string);
                            (service, pack.read_report(row).map_err(|e| CoreProblem::from_report_error("", &e)))
                        })
                        .collect()
                })
            })?,
            Batch::Csv(path) => {
                let reader = ExportReader::from_path(pack, &path, &options).map_err(|e| export_error(py, &e))?;
                py.detach(|| guard(|| reader.map(|r| (None, r)).collect()))?
            }
        };
        py.detach(|| {
            guard(|| {
                let answers: Vec<granska::Answers> = read.iter().filter_map(|(_, r)| r.as_ref().ok().cloned()).collect();
                let mut reports = pack.check_many(&answers).into_iter();
                read.into_iter()
                    .filter_map(|(service, r)| match r {
                        Ok(_) => reports.next().map(Outcome::Checked),
                        Err(problem) => Some(Outcome::Rejected { service, problem }),
                    })
                    .collect()
            })
        })
    }
}

#[pymethods]
impl Pack {
    /// The built-in pack: the law, common and contract requirements under `rules/`,
    /// embedded in the package.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Pack> {
        guard(granska::Pack::builtin)?.map(|inner| Pack { inner }).map_err(|e| pack_error(py, &e))
    }

    /// Loads a pack from YAML text; `name` names it in diagnostics. It may include built-in
    /// packs (`include: [builtin:law/lex-sarah.yaml]`). Raises `PackError` with every
    /// mistake found.
    #[staticmethod]
    #[pyo3(signature = (text, name = "pack.yaml"))]
    fn from_yaml(py: Python<'_>, text: &str, name: &str) -> PyResult<Pack> {
        guard(|| granska::Pack::from_yaml(text, name))?.map(|inner| Pack { inner }).map_err(|e| pack_error(py, &e))
    }

    /// Loads a pack from a YAML file, or from a folder (its `granska.yaml`, `pack.yaml`, or
    /// its only YAML file), with the files it includes. Raises `PackError`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Pack> {
        guard(|| granska::Pack::from_path(&path))?.map(|inner| Pack { inner }).map_err(|e| pack_error(py, &e))
    }

    /// The root pack's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.info().id
    }
    /// The root pack's version, or None.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.info().version.as_deref()
    }
    /// The root pack's title.
    #[getter]
    fn title(&self) -> Text {
        (&self.inner.info().title).into()
    }
    /// The service types reports can be of.
    #[getter]
    fn services(&self) -> Vec<Service> {
        self.inner.services().iter().map(Service::from).collect()
    }
    /// Every question, in questionnaire order.
    #[getter]
    fn questions(&self) -> Vec<Question> {
        self.inner.questions().iter().map(Question::from).collect()
    }
    /// Every requirement, ordered by id.
    #[getter]
    fn requirements(&self) -> Vec<Requirement> {
        self.inner.requirements().iter().map(Requirement::from).collect()
    }
    /// Warnings found while loading (they did not stop the pack from loading).
    #[getter]
    fn warnings(&self) -> Vec<Diagnostic> {
        self.inner.warnings().iter().map(Diagnostic::from).collect()
    }

    /// Checks one provider's report against every requirement and returns a `Report`.
    ///
    /// `report` is a dict `{"provider", "service", "date", "name"?, "contract"?, "answers":
    /// {question id: value}}`; answers may be nested (`{"personal": {"antal": 3}}`) or dotted
    /// (`{"personal.antal": 3}`). Without an `"answers"` key the dict is taken as flat: every
    /// key other than provider, name, service, contract and date is a question id (so a
    /// DataFrame row's `to_dict()` can be checked as it is).
    ///
    /// `None` and NaN are unanswered; dates may be `datetime.date` or pandas Timestamps. A
    /// bad answer (wrong type, out of range, unknown question) does not raise: it is treated
    /// as unanswered and listed in `report.issues`. A report whose provider, service type or
    /// date is missing or invalid raises `AnswerError`.
    fn check(&self, py: Python<'_>, report: &Bound<'_, PyAny>) -> PyResult<Report> {
        let answers = self.read(py, report)?;
        guard(|| self.inner.check(&answers)).map(|inner| Report { inner })
    }

    /// Checks many reports, in parallel and without holding the GIL, and returns a tidy
    /// pandas DataFrame: one row per provider and requirement, with the columns `provider`,
    /// `service`, `requirement`, `verdict`, `message` (in `lang`, `"sv"` or `"en"`; None when
    /// met or not applicable), `source`, `area` and `severity`.
    ///
    /// `data` is the path of a CSV survey export (`mapping` translates its column titles:
    /// a dict {title: question id} or the path of a mapping CSV), a pandas DataFrame with one
    /// row per provider (columns `provider`, `name`, `service`, `contract`, `date` and one per
    /// question id; an empty cell is unanswered), or a list of report dicts as for `check`.
    ///
    /// A report that cannot be judged (no provider, service type or date; a broken CSV row)
    /// does not raise and does not vanish: it is one row with verdict `rejected`, no
    /// requirement, and where and why as the message. An export that cannot be read at all
    /// raises `ExportError`.
    ///
    /// Every column is a pandas Categorical (6.5 million rows for 100,000 providers fit in
    /// about 200 MB): compare with strings as usual (`frame.verdict == "not_met"`). The
    /// categories are sorted, except `verdict` (met, not_met, not_applicable, unanswered,
    /// rejected), `severity` (krav, bor) and `area`, which list every value in a fixed order.
    #[pyo3(signature = (data, lang = "sv", mapping = None))]
    fn check_many<'py>(&self, py: Python<'py>, data: &Bound<'py, PyAny>, lang: &str, mapping: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::lang(lang)?;
        let options = export_options(py, mapping)?;
        let batch = batch(py, data)?;
        let outcomes = self.outcomes(py, batch, options)?;
        let columns = py.detach(|| guard(|| frame::columns(&outcomes, lang)))?;
        frame::to_frame(py, columns)
    }

    /// Summarises a year's reports into a `Summary`: counts and shares per requirement,
    /// indicator, quality area, service type and contract form.
    ///
    /// `data` is as for `check_many`. `roster` lists the providers invited to answer (the
    /// path of a roster CSV `provider,name,service,contract`, a DataFrame or a list of dicts),
    /// for the response rate. `previous` is last year's summary (a `Summary`, its
    /// `to_dict()`, or the path of its JSON), for the change. Rejected reports are counted
    /// and listed in `summary.rejected`, never dropped. Runs without the GIL, on all cores.
    #[pyo3(signature = (data, roster = None, previous = None, mapping = None))]
    fn summarize(&self, py: Python<'_>, data: &Bound<'_, PyAny>, roster: Option<&Bound<'_, PyAny>>, previous: Option<&Bound<'_, PyAny>>, mapping: Option<&Bound<'_, PyAny>>) -> PyResult<Summary> {
        let pack = &self.inner;
        let options = export_options(py, mapping)?;
        let mut acc = match roster.filter(|r| !r.is_none()) {
            Some(r) => Accumulator::with_roster(pack, self::roster(py, pack, r)?),
            None => Accumulator::new(pack),
        };
        let previous = match previous.filter(|p| !p.is_none()) {
            Some(p) => Some(summary::previous(py, p)?),
            None => None,
        };
        match batch(py, data)? {
            Batch::Rows(rows) => py.detach(|| {
                guard(|| {
                    let mut answers = Vec::with_capacity(rows.len());
                    for row in &rows {
                        match pack.read_report(row) {
                            Ok(a) => answers.push(a),
                            Err(e) => acc.reject(CoreProblem::from_report_error("", &e)),
                        }
                    }
                    acc.add_all(&answers);
                })
            })?,
            Batch::Csv(path) => {
                let mut reader = ExportReader::from_path(pack, &path, &options).map_err(|e| export_error(py, &e))?;
                py.detach(|| guard(|| granska::summary::summarize_export(&mut reader, &mut acc, |_| {})))?;
            }
        }
        let mut inner = acc.finish();
        if let Some(p) = &previous {
            inner.compare_with(p);
        }
        Ok(Summary { inner })
    }

    /// The form state for answers given so far: the questions to show, the required ones
    /// still missing, field errors, and the requirements still undecided with the questions
    /// that would decide them. `report` is as for `check`; raises `AnswerError` likewise.
    fn form_state(&self, py: Python<'_>, report: &Bound<'_, PyAny>) -> PyResult<FormState> {
        let answers = self.read(py, report)?;
        guard(|| self.inner.form_state(&answers)).map(|inner| FormState { inner })
    }

    fn __repr__(&self) -> String {
        format!("Pack(id={:?}, questions={}, requirements={})", self.inner.info().id, self.inner.questions().len(), self.inner.requirements().len())
    }
}
