//! The inputs of batch calls, converted in chunks so memory stays flat however many reports
//! come: the path of a survey export, CSV or workbook (read by granska-summary's export reader), a pandas
//! DataFrame (one row per provider), any other Arrow data frame (polars, pyarrow, DuckDB:
//! read in Rust by [`crate::arrow_in`]) or an iterable of report dicts; and the `roster`,
//! `mapping` and `sheet` arguments. Anything else is a `TypeError` naming its type.

use std::path::PathBuf;

use granska::AnswerIssue;
use granska_summary::export::{ExportOptions, Mapping};
use granska_summary::{Roster, RosterEntry};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyIterator, PyList, PySlice, PyString, PyTuple};
use serde_json::{Map, Value as Json};

use crate::arrow_in::{self, ArrowFrame};
use crate::convert::{self, Conversion, column_name, key_text, to_json, type_name};
use crate::errors::export_error;

/// Reports converted and evaluated together: Python values are converted a chunk at a time
/// (holding the GIL), then read and evaluated in parallel (without it).
pub const CHUNK: usize = granska_summary::BATCH;

/// Where the reports of a batch come from.
pub enum Source<'py> {
    /// A survey export file (CSV or workbook), read by granska-summary.
    Export(PathBuf),
    /// An Arrow data frame (polars, pyarrow, DuckDB, …), read column by column in Rust;
    /// `polars` when it came from polars (the result is then a polars frame too).
    Arrow { frame: Box<ArrowFrame>, polars: bool },
    /// Reports as Python values, converted a chunk at a time.
    Python(Reports<'py>),
}

/// Reports given as Python values.
pub enum Reports<'py> {
    /// A DataFrame: the columns read (position, name as text after the mapping), `iloc`, its
    /// length, and the next row.
    Frame { names: Vec<(usize, String)>, iloc: Bound<'py, PyAny>, rows: usize, next: usize },
    /// Any iterable of report mappings, and how many were taken.
    Iter { iter: Bound<'py, PyIterator>, taken: usize },
}

/// One report of a batch as converted: its 0-based position in the input, the report as the
/// core reads it (`null` when the item is not a mapping: the core rejects it), and the
/// issues of the values that could not be converted.
pub struct Item {
    pub index: usize,
    pub json: Json,
    pub issues: Vec<AnswerIssue>,
}

/// One row of a batch before nesting: its fields, or None when it is not a mapping (with
/// the type it is), and the conversion's issues.
struct Record {
    index: usize,
    fields: Result<Map<String, Json>, String>,
    issues: Vec<AnswerIssue>,
}

/// Whether a Python value is a path (text or `os.PathLike`).
pub fn is_path(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(value.is_instance_of::<PyString>() || value.hasattr("__fspath__")?)
}

/// Whether a Python value looks like a pandas DataFrame. pandas (>= 2.2) speaks the Arrow
/// PyCapsule interface too, but keeps its own path: its object columns hold any Python value
/// (dicts, lists of records, Decimals, mixed types) that Arrow cannot, and its index may
/// hold the provider.
fn is_frame(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(value.hasattr("columns")? && value.hasattr("iloc")?)
}

/// What a batch call takes, for its `TypeError`s.
const TAKES: &str = "the path of an export (CSV or workbook), a pandas or Arrow data frame (polars, pyarrow, DuckDB) or a list of report dicts";

/// Why a value that is not a batch of reports cannot be read as one, when it is known.
fn hint(value: &Bound<'_, PyAny>) -> PyResult<Option<&'static str>> {
    let name = type_name(value);
    Ok(if name == "LazyFrame" {
        Some("collect() it first")
    } else if value.hasattr("dtype")? || name == "Series" {
        Some("a single column; give the whole data frame")
    } else if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
        Some("the text of a file; give its path")
    } else {
        None
    })
}

/// The `TypeError` for a value a batch call (`call`) cannot read.
fn cannot_read(call: &str, value: &Bound<'_, PyAny>) -> PyResult<PyErr> {
    let why = hint(value)?.map(|h| format!(" ({h})")).unwrap_or_default();
    Ok(PyTypeError::new_err(format!("{call}() takes {TAKES}, not {}{why}", type_name(value))))
}

/// Recognises the `data` argument of a batch call (`call`, named in errors): a path, a
/// pandas DataFrame (its own path, see [`frame`]), any other Arrow data frame (read in
/// Rust, see [`ArrowFrame`]), or an iterable of report mappings. Anything else (a dict, a
/// single column, a number, a polars LazyFrame) is a `TypeError` naming its type. An Arrow
/// frame without a provider, service or date column raises `ExportError`.
pub fn source<'py>(py: Python<'py>, call: &str, data: &Bound<'py, PyAny>, pack: &granska::Pack, options: &ExportOptions) -> PyResult<Source<'py>> {
    if is_path(data)? {
        return Ok(Source::Export(data.extract()?));
    }
    if let Some(sheet) = &options.sheet {
        return Err(PyValueError::new_err(format!(
            "{call}(): sheet={sheet:?} names a sheet of a workbook file, but the data given is a {}, not the path of a workbook",
            type_name(data)
        )));
    }
    if data.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!("{call}() takes many reports ({TAKES}); for one report use check()")));
    }
    // A polars LazyFrame first: asking it for `columns` resolves its query.
    if type_name(data) == "LazyFrame" {
        return Err(cannot_read(call, data)?);
    }
    if is_frame(data)? {
        return Ok(Source::Python(frame(data, options.mapping.as_ref())?));
    }
    if arrow_in::speaks_arrow(data)? {
        let polars = arrow_in::is_polars(data);
        let frame = ArrowFrame::open(call, data, pack, options.mapping.as_ref())?.map_err(|e| export_error(py, &e))?;
        return Ok(Source::Arrow { frame: Box::new(frame), polars });
    }
    if hint(data)?.is_some() {
        return Err(cannot_read(call, data)?);
    }
    let iter = data.try_iter().map_err(|_| cannot_read(call, data).unwrap_or_else(|e| e))?;
    Ok(Source::Python(Reports::Iter { iter, taken: 0 }))
}

/// A DataFrame as a source of rows. An index named like a report field (`provider`, …)
/// counts as a column. A column name that is not text is read as its `str()`. `mapping`
/// translates column names into report fields and question ids, as for an export; a column
/// it maps to nothing (`None`, `""` or `"-"`) is not read.
fn frame<'py>(df: &Bound<'py, PyAny>, mapping: Option<&Mapping>) -> PyResult<Reports<'py>> {
    let index_names: Vec<Option<String>> = df.getattr("index")?.getattr("names")?.extract().unwrap_or_default();
    let df = if index_names.iter().flatten().any(|n| granska::REPORT_FIELDS.contains(&n.as_str())) { df.call_method0("reset_index")? } else { df.clone() };
    let mut names = vec![];
    for (position, c) in df.getattr("columns")?.try_iter()?.enumerate() {
        let name = column_name(&c?)?;
        match mapping.and_then(|m| m.get(&name)) {
            Some("" | "-") => {}
            Some(id) => names.push((position, id.to_string())),
            None => names.push((position, name)),
        }
    }
    Ok(Reports::Frame { names, iloc: df.getattr("iloc")?, rows: df.len()?, next: 0 })
}

impl<'py> Reports<'py> {
    /// The next chunk of at most [`CHUNK`] rows as flat mappings (field → value); empty at
    /// the end. A DataFrame's empty cells (NaN, None, NA, NaT) are left out: unanswered.
    fn next_records(&mut self, py: Python<'py>) -> PyResult<Vec<Record>> {
        match self {
            Reports::Frame { names, iloc, rows, next } => {
                let (start, end) = (*next, next.saturating_add(CHUNK).min(*rows));
                *next = end;
                if start >= end {
                    return Ok(vec![]);
                }
                let mut columns: Vec<Bound<'py, PyList>> = Vec::with_capacity(names.len());
                for &(j, _) in names.iter() {
                    let rows = PySlice::new(py, isize::try_from(start)?, isize::try_from(end)?, 1);
                    let key = PyTuple::new(py, [rows.into_any(), j.into_pyobject(py)?.into_any()])?;
                    let values = iloc.get_item(key)?.call_method0("tolist")?;
                    columns.push(values.cast_into::<PyList>().map_err(PyErr::from)?);
                }
                let mut out = Vec::with_capacity(end - start);
                for i in 0..end - start {
                    let mut cx = Conversion::default();
                    let mut map = Map::new();
                    for ((_, name), column) in names.iter().zip(&columns) {
                        let value = to_json(&column.get_item(i)?, name, &mut cx)?;
                        if !value.is_null() {
                            map.insert(name.clone(), value);
                        }
                    }
                    out.push(Record { index: start + i, fields: Ok(map), issues: cx.issues });
                }
                Ok(out)
            }
            Reports::Iter { iter, taken } => {
                let mut out = Vec::with_capacity(CHUNK);
                for item in iter.by_ref().take(CHUNK) {
                    let item = item?;
                    let index = *taken;
                    *taken += 1;
                    if !convert::is_mapping(&item) {
                        // A data frame or a column inside the batch is not a report that
                        // failed: the batch itself was given wrongly.
                        if is_frame(&item)? || arrow_in::speaks_arrow(&item)? || type_name(&item) == "Series" {
                            return Err(PyTypeError::new_err(format!(
                                "item {index} of the batch is a {}, not a report dict: give a data frame itself, not inside a list (concatenate several frames first)",
                                type_name(&item)
                            )));
                        }
                        out.push(Record { index, fields: Err(type_name(&item)), issues: vec![] });
                        continue;
                    }
                    let mut cx = Conversion::default();
                    let fields = convert::mapping_from_py(&item, &mut cx)?;
                    out.push(Record { index, fields: Ok(fields), issues: cx.issues });
                }
                Ok(out)
            }
        }
    }

    /// The next chunk of reports as the core reads them (`{provider, …, answers: {…}}`);
    /// empty at the end. An item that is not a mapping is `null`, which the core rejects
    /// ("the report is not a mapping"): one bad item does not stop the batch.
    pub fn next_chunk(&mut self, py: Python<'py>) -> PyResult<Vec<Item>> {
        Ok(self
            .next_records(py)?
            .into_iter()
            .map(|r| Item { index: r.index, json: r.fields.map(|m| convert::nest_report(Json::Object(m))).unwrap_or(Json::Null), issues: r.issues })
            .collect())
    }

    /// Every remaining row as a flat mapping (for rosters, which are small).
    fn all_records(&mut self, py: Python<'py>) -> PyResult<Vec<Map<String, Json>>> {
        let mut out = vec![];
        loop {
            let chunk = self.next_records(py)?;
            if chunk.is_empty() {
                return Ok(out);
            }
            for record in chunk {
                match record.fields {
                    Ok(map) => out.push(map),
                    Err(ty) => {
                        return Err(PyTypeError::new_err(format!("roster entry {}: a roster entry is a dict with provider and service; got {ty}", record.index)));
                    }
                }
            }
        }
    }
}

/// The export options for the `mapping` argument — None, a dict {column title: question id}
/// (None or "" ignores the column), or the path of a mapping CSV (`column,question`) — and
/// the `sheet` argument (the sheet of a workbook to read; None: the first).
pub fn export_options(py: Python<'_>, mapping: Option<&Bound<'_, PyAny>>, sheet: Option<String>) -> PyResult<ExportOptions> {
    let mapping = match mapping {
        None => None,
        Some(m) if m.is_none() => None,
        Some(m) if is_path(m)? => {
            let path: PathBuf = m.extract()?;
            Some(Mapping::from_path(&path).map_err(|e| export_error(py, &e))?)
        }
        Some(m) => {
            let dict = m
                .cast::<PyDict>()
                .map_err(|_| PyTypeError::new_err(format!("mapping is a dict {{column title: question id}} or the path of a mapping CSV; got {}", type_name(m))))?;
            let mut mapping = Mapping::new();
            for (k, v) in dict.iter() {
                let question = if v.is_none() { String::new() } else { key_text(&v, "mapping")? };
                mapping.insert(&key_text(&k, "mapping")?, &question);
            }
            Some(mapping)
        }
    };
    Ok(ExportOptions { mapping, sheet })
}

/// A roster of invited providers: the path of a roster CSV (`provider,name,service,contract`),
/// a DataFrame or a list of dicts with `provider`, `service` and optionally `name` and
/// `contract`.
pub fn roster(py: Python<'_>, pack: &granska::Pack, value: &Bound<'_, PyAny>) -> PyResult<Roster> {
    if is_path(value)? {
        let path: PathBuf = value.extract()?;
        return Roster::from_path(pack, &path).map_err(|e| export_error(py, &e));
    }
    let not_a_roster = || {
        let why = hint(value).ok().flatten().map(|h| format!(" ({h})")).unwrap_or_default();
        PyTypeError::new_err(format!("roster is the path of a roster CSV, a pandas or Arrow data frame or a list of dicts, not {}{why}", type_name(value)))
    };
    if type_name(value) == "LazyFrame" {
        return Err(not_a_roster());
    }
    let records = if is_frame(value)? {
        frame(value, None)?.all_records(py)?
    } else if arrow_in::speaks_arrow(value)? {
        arrow_in::records("roster", value)?
    } else {
        if value.is_instance_of::<PyDict>() || hint(value)?.is_some() {
            return Err(not_a_roster());
        }
        Reports::Iter { iter: value.try_iter().map_err(|_| not_a_roster())?, taken: 0 }.all_records(py)?
    };
    // Each entry is checked as a roster CSV's lines are (Roster::add): every problem at once,
    // each at the entry's 0-based position.
    let mut roster = Roster::default();
    let mut problems = vec![];
    for (i, record) in records.into_iter().enumerate() {
        let entry: RosterEntry = serde_json::from_value(Json::Object(record))
            .map_err(|e| PyTypeError::new_err(format!("roster entry {i}: {e} (provider and service are text; name and contract text or empty)")))?;
        if let Err(mut problem) = roster.add(pack, entry) {
            problem.file = "roster".to_string();
            problem.row = Some(i as u64);
            problems.push(problem);
        }
    }
    if problems.is_empty() { Ok(roster) } else { Err(export_error(py, &granska_summary::export::ExportError { problems })) }
}
