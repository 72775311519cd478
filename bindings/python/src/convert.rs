//! Conversions between Python values and JSON values, the form the core reads reports in
//! and writes reports out.
//!
//! In: `None`, NaN, `pandas.NA` and `pandas.NaT` are unanswered (`null`); `bool` is tested
//! before `int` (a Python bool is an int); numpy scalars become their Python value; dates,
//! datetimes and pandas Timestamps become ISO text (`YYYY-MM-DD` when there is no time of
//! day); `Decimal` becomes its text. Anything else is a `TypeError` naming the field.
//!
//! A report given as a flat mapping (question ids beside `provider`, `service`, …; one
//! DataFrame row) is nested into `{provider, …, answers: {…}}` before the core reads it.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value as Json};

/// The keys of a report that are not answers.
pub const META_KEYS: [&str; 5] = ["provider", "name", "service", "contract", "date"];

/// How deeply lists and mappings may nest in a value (a report is three or four levels);
/// deeper, or a container holding itself, is an error rather than a stack overflow.
pub const MAX_DEPTH: usize = 32;

/// Converts a Python value to JSON; `field` names it in errors.
pub fn to_json(value: &Bound<'_, PyAny>, field: &str) -> PyResult<Json> {
    convert(value, field, 0)
}

fn convert(value: &Bound<'_, PyAny>, field: &str, depth: usize) -> PyResult<Json> {
    if value.is_none() {
        return Ok(Json::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Json::String(s.to_cow()?.into_owned()));
    }
    // A Python bool is an int: test it first.
    if value.is_instance_of::<PyBool>() {
        return Ok(Json::Bool(value.extract::<bool>()?));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            return Ok(Json::Number(i.into()));
        }
        if let Ok(u) = value.extract::<u64>() {
            return Ok(Json::Number(u.into()));
        }
        // Larger than 64 bits: as a float, as the YAML and JSON readers do.
        let f = value.extract::<f64>()?;
        return Ok(float(f));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(float(f.value()));
    }
    if depth >= MAX_DEPTH {
        return Err(PyValueError::new_err(format!("the value at \"{field}\" nests lists or mappings more than {MAX_DEPTH} deep (does it contain itself?)")));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        return mapping(d.iter(), field, depth + 1);
    }
    if let Ok(l) = value.cast::<PyList>() {
        return l.iter().enumerate().map(|(i, v)| convert(&v, &format!("{field}[{i}]"), depth + 1)).collect::<PyResult<Vec<_>>>().map(Json::Array);
    }
    if let Ok(t) = value.cast::<PyTuple>() {
        return t.iter().enumerate().map(|(i, v)| convert(&v, &format!("{field}[{i}]"), depth + 1)).collect::<PyResult<Vec<_>>>().map(Json::Array);
    }
    other(value, field, depth)
}

/// A float: NaN is unanswered; infinities are passed on as text, which the core reports as
/// a wrong type rather than dropping.
fn float(f: f64) -> Json {
    if f.is_nan() {
        return Json::Null;
    }
    match Number::from_f64(f) {
        Some(n) => Json::Number(n),
        None => Json::String(if f > 0.0 { "inf".into() } else { "-inf".into() }),
    }
}

fn mapping<'py>(items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>, field: &str, depth: usize) -> PyResult<Json> {
    let mut map = Map::new();
    for (k, v) in items {
        let key = key_text(&k, field)?;
        let path = if field.is_empty() { key.clone() } else { format!("{field}.{key}") };
        let value = convert(&v, &path, depth)?;
        map.insert(key, value);
    }
    Ok(Json::Object(map))
}

/// A mapping key as text: a `str`, or anything else as its `str()` (e.g. a numpy string or
/// an integer column label).
pub fn key_text(key: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if key.is_instance_of::<PyInt>() || key.hasattr("dtype")? {
        return Ok(key.str()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!("the keys of a report are question ids (text); got {} at \"{field}\"", type_name(key))))
}

/// The values that are not built-in types: pandas' missing markers, dates, numpy scalars,
/// decimals, other mappings and sequences.
fn other(value: &Bound<'_, PyAny>, field: &str, depth: usize) -> PyResult<Json> {
    let ty = value.get_type();
    let name = ty.name()?.to_string();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    if name == "NAType" || name == "NaTType" {
        return Ok(Json::Null);
    }
    if name == "Decimal" {
        if value.call_method0("is_nan")?.extract::<bool>()? {
            return Ok(Json::Null);
        }
        return Ok(Json::String(value.str()?.to_cow()?.into_owned()));
    }
    if name == "datetime64" {
        // numpy's own datetime: its text, with a zero time of day dropped.
        let text = value.str()?.to_cow()?.into_owned();
        if text == "NaT" {
            return Ok(Json::Null);
        }
        let day = text.get(..10).filter(|_| text.get(10..).is_some_and(|rest| rest.trim_start_matches(['T', '0', ':', '.']).is_empty()));
        return Ok(Json::String(day.map(str::to_string).unwrap_or(text)));
    }
    // datetime.datetime and pandas.Timestamp: the date alone when there is no time of day.
    if value.hasattr("isoformat")? {
        if value.hasattr("hour")? && value.hasattr("date")? {
            let midnight = ["hour", "minute", "second", "microsecond"]
                .iter()
                .try_fold(true, |all, a| -> PyResult<bool> { Ok(all && value.getattr(*a)?.extract::<i64>().unwrap_or(1) == 0) })?;
            let naive = value.getattr("tzinfo").map(|t| t.is_none()).unwrap_or(true);
            let nanos_zero = !value.hasattr("nanosecond")? || value.getattr("nanosecond")?.extract::<i64>().unwrap_or(1) == 0;
            if midnight && naive && nanos_zero {
                return Ok(Json::String(value.call_method0("date")?.call_method0("isoformat")?.str()?.to_cow()?.into_owned()));
            }
        }
        return Ok(Json::String(value.call_method0("isoformat")?.str()?.to_cow()?.into_owned()));
    }
    // numpy scalars (np.int64, np.float32, np.bool_, np.str_ …) and arrays.
    if (module == "numpy" || value.hasattr("dtype")?) && value.hasattr("tolist")? {
        let plain = value.call_method0("tolist")?;
        if !plain.is(value) {
            return convert(&plain, field, depth + 1);
        }
    }
    if let Ok(m) = value.cast::<pyo3::types::PyMapping>() {
        let items = m.items()?;
        let mut pairs = vec![];
        for item in items.iter() {
            let pair = item.cast::<PyTuple>().map_err(PyErr::from)?;
            pairs.push((pair.get_item(0)?, pair.get_item(1)?));
        }
        return mapping(pairs.into_iter(), field, depth + 1);
    }
    let at = if field.is_empty() { String::new() } else { format!(" at \"{field}\"") };
    Err(PyTypeError::new_err(format!("granska cannot read a value of type {module}.{name}{at}: give None, bool, int, float, str, a date, a list or a dict")))
}

/// The type name of a value, for messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// A report as the core reads it. A mapping with an `answers` key is taken as it is; a flat
/// mapping has its keys other than `provider`, `name`, `service`, `contract` and `date`
/// moved under `answers`.
pub fn nest_report(report: Json) -> Json {
    match report {
        Json::Object(mut map) if !map.contains_key("answers") => {
            let mut answers = Map::new();
            let keys: Vec<String> = map.keys().filter(|k| !META_KEYS.contains(&k.as_str())).cloned().collect();
            for k in keys {
                if let Some(v) = map.remove(&k) {
                    answers.insert(k, v);
                }
            }
            map.insert("answers".into(), Json::Object(answers));
            Json::Object(map)
        }
        other => other,
    }
}

/// Converts a report given as a Python mapping, as it is (flat or nested).
pub fn mapping_from_py(value: &Bound<'_, PyAny>) -> PyResult<Map<String, Json>> {
    let wrong = || {
        PyTypeError::new_err(format!(
            "a report is a dict {{\"provider\", \"service\", \"date\", \"answers\": {{...}}}} (or flat, question ids beside the report fields); got {}",
            type_name(value)
        ))
    };
    if !(value.is_instance_of::<PyDict>() || value.cast::<pyo3::types::PyMapping>().is_ok()) {
        return Err(wrong());
    }
    match to_json(value, "")? {
        Json::Object(map) => Ok(map),
        _ => Err(wrong()),
    }
}

/// Reads one report given as a Python mapping, nested as the core reads it.
pub fn report_from_py(value: &Bound<'_, PyAny>) -> PyResult<Json> {
    Ok(nest_report(Json::Object(mapping_from_py(value)?)))
}

/// Converts a JSON value to the plain Python value (dict, list, str, int, float, bool, None).
pub fn to_py<'py>(py: Python<'py>, value: &Json) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Json::String(s) => PyString::new(py, s).into_any(),
        Json::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Json::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
