//! Conversions between Python values and JSON values, the form the core reads reports in
//! and writes reports out.
//!
//! In: `None`, NaN, `pandas.NA` and `pandas.NaT` are unanswered (`null`); `bool` is tested
//! before `int` (a Python bool is an int); an `int` past 64 bits is a float, and past a
//! float its decimal text (which the question rejects as too large, as the JSON reader does
//! with `1e400`); numpy scalars become their Python value; dates, datetimes and pandas
//! Timestamps become ISO text (`YYYY-MM-DD` when there is no time of day); `Decimal` becomes
//! its text (`Decimal('NaN')` is unanswered).
//!
//! A value that cannot be read never raises and never vanishes: it becomes an answer issue
//! of the report, located at its field, and the answer is left unanswered — a value of an
//! unsupported type (bytes, arbitrary objects), lists or mappings nested more than
//! [`MAX_DEPTH`] deep, a list or mapping that contains itself, a mapping key that is not
//! text, and a value whose own methods raise while it is read. Only `MemoryError`,
//! `KeyboardInterrupt` and other exceptions that are not `Exception`s propagate.
//!
//! A report given as a flat mapping (question ids beside `provider`, `service`, …; one
//! DataFrame row) is nested into `{provider, …, answers: {…}}` before the core reads it.

use granska::{AnswerIssue, IssueCode};
use pyo3::exceptions::{PyException, PyMemoryError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::{Map, Number, Value as Json};

/// How deeply lists and mappings may nest in a value (a report is three or four levels);
/// deeper is an answer issue rather than a stack overflow.
pub const MAX_DEPTH: usize = 32;

/// How much of a key's `repr()` names it in an issue.
const MAX_KEY_SHOWN: usize = 60;

/// The state of one conversion: the containers being converted (to find a value that
/// contains itself) and the issues found.
#[derive(Default)]
pub struct Conversion {
    stack: Vec<usize>,
    pub issues: Vec<AnswerIssue>,
}

fn issue(field: &str, code: IssueCode, sv: String, en: String) -> AnswerIssue {
    AnswerIssue { field: field.to_string(), code, message: granska::Text { sv, en }, value: None }
}

/// Whether a Python exception raised while reading a value must propagate (it is not about
/// the value): `MemoryError`, and what is not an `Exception` (`KeyboardInterrupt`, …).
fn fatal(py: Python<'_>, e: &PyErr) -> bool {
    !e.is_instance_of::<PyException>(py) || e.is_instance_of::<PyMemoryError>(py)
}

/// Converts a Python value to JSON; `field` names it in issues. A value that cannot be read
/// is `null` with an issue in `cx`.
pub fn to_json(value: &Bound<'_, PyAny>, field: &str, cx: &mut Conversion) -> PyResult<Json> {
    convert(value, field, 0, cx)
}

fn convert(value: &Bound<'_, PyAny>, field: &str, depth: usize, cx: &mut Conversion) -> PyResult<Json> {
    match convert_inner(value, field, depth, cx) {
        Ok(json) => Ok(json),
        Err(e) if fatal(value.py(), &e) => Err(e),
        Err(e) => {
            let kind = e.get_type(value.py()).name().map(|n| n.to_string()).unwrap_or_else(|_| "an exception".into());
            cx.issues.push(issue(
                field,
                IssueCode::WrongType,
                format!("Värdet kan inte läsas ({kind}: {e}); svaret räknas inte."),
                format!("reading the value raised {kind}: {e}; the answer is ignored"),
            ));
            Ok(Json::Null)
        }
    }
}

fn convert_inner(value: &Bound<'_, PyAny>, field: &str, depth: usize, cx: &mut Conversion) -> PyResult<Json> {
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
        return integer(value);
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(float(f.value()));
    }
    let container = value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() || value.cast::<PyMapping>().is_ok();
    if !container {
        return other(value, field, depth, cx);
    }
    // The address of a container being converted identifies it while it is alive (it is,
    // being borrowed by the caller).
    let address = value.as_ptr() as usize;
    if cx.stack.contains(&address) {
        cx.issues.push(issue(
            field,
            IssueCode::WrongType,
            "Värdet innehåller sig självt (en lista eller mappning i sig själv); svaret räknas inte.".into(),
            "the value contains itself (a list or mapping inside itself); the answer is ignored".into(),
        ));
        return Ok(Json::Null);
    }
    if depth >= MAX_DEPTH {
        cx.issues.push(issue(
            field,
            IssueCode::WrongType,
            format!("Värdet har listor eller mappningar i mer än {MAX_DEPTH} nivåer; svaret räknas inte."),
            format!("the value nests lists or mappings more than {MAX_DEPTH} levels deep; the answer is ignored"),
        ));
        return Ok(Json::Null);
    }
    cx.stack.push(address);
    let result = container_json(value, field, depth, cx);
    cx.stack.pop();
    result
}

/// A dict, list, tuple or other mapping.
fn container_json(value: &Bound<'_, PyAny>, field: &str, depth: usize, cx: &mut Conversion) -> PyResult<Json> {
    if let Ok(d) = value.cast::<PyDict>() {
        // A snapshot of the items: a dict changed while it is read cannot break the loop.
        let items: Vec<_> = d.items().iter().filter_map(|item| item.cast_into::<PyTuple>().ok()).collect();
        return mapping(items, field, depth + 1, cx);
    }
    if let Ok(l) = value.cast::<PyList>() {
        let items: Vec<_> = l.iter().collect();
        return sequence(items, field, depth + 1, cx);
    }
    if let Ok(t) = value.cast::<PyTuple>() {
        let items: Vec<_> = t.iter().collect();
        return sequence(items, field, depth + 1, cx);
    }
    let m = value.cast::<PyMapping>().map_err(PyErr::from)?;
    let items = m.items()?.iter().map(|item| item.cast_into::<PyTuple>().map_err(PyErr::from)).collect::<PyResult<Vec<_>>>()?;
    mapping(items, field, depth + 1, cx)
}

fn sequence<'py>(items: Vec<Bound<'py, PyAny>>, field: &str, depth: usize, cx: &mut Conversion) -> PyResult<Json> {
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        out.push(convert(v, &format!("{field}[{i}]"), depth, cx)?);
    }
    Ok(Json::Array(out))
}

/// An int: as itself within 64 bits, else as a float, else (past a float, e.g. `10**400`)
/// as its decimal text, which the question rejects as too large.
fn integer(value: &Bound<'_, PyAny>) -> PyResult<Json> {
    if let Ok(i) = value.extract::<i64>() {
        return Ok(Json::Number(i.into()));
    }
    if let Ok(u) = value.extract::<u64>() {
        return Ok(Json::Number(u.into()));
    }
    // Larger than 64 bits: as a float, as the YAML and JSON readers do.
    if let Ok(f) = value.extract::<f64>()
        && f.is_finite()
    {
        return Ok(float(f));
    }
    // Past a float. Python (3.11+) refuses to write an int of more than 4,300 digits as
    // text: then its order of magnitude.
    if let Ok(text) = value.str().and_then(|s| s.to_cow().map(std::borrow::Cow::into_owned)) {
        return Ok(Json::String(text));
    }
    let negative = value.lt(0).unwrap_or(false);
    let bits: u64 = value.call_method0("bit_length").and_then(|b| b.extract()).unwrap_or(0);
    let exponent = bits.saturating_mul(30_103) / 100_000;
    Ok(Json::String(format!("{}1e{exponent}", if negative { "-" } else { "" })))
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

fn mapping(items: Vec<Bound<'_, PyTuple>>, field: &str, depth: usize, cx: &mut Conversion) -> PyResult<Json> {
    let mut map = Map::new();
    for pair in items {
        let (k, v) = (pair.get_item(0)?, pair.get_item(1)?);
        let Some(key) = key_of(&k, field, cx)? else { continue };
        let path = if field.is_empty() { key.clone() } else { format!("{field}.{key}") };
        let before = cx.issues.len();
        let value = convert(&v, &path, depth, cx)?;
        insert(&mut map, key, value, before, cx);
    }
    Ok(Json::Object(map))
}

/// Inserts a converted value, unless it could not be read (it is `null` with an issue
/// since `before`): then the key is left out, so the core does not report it again.
fn insert(map: &mut Map<String, Json>, key: String, value: Json, before: usize, cx: &Conversion) {
    if !(value.is_null() && cx.issues.len() > before) {
        map.insert(key, value);
    }
}

/// A mapping key as text (see [`key_text`]); any other key is an issue at the mapping, and
/// its value is not read.
fn key_of(key: &Bound<'_, PyAny>, field: &str, cx: &mut Conversion) -> PyResult<Option<String>> {
    match key_text(key, field) {
        Ok(text) => Ok(Some(text)),
        Err(e) if fatal(key.py(), &e) => Err(e),
        Err(_) => {
            let shown: String = key.repr().and_then(|r| r.to_cow().map(std::borrow::Cow::into_owned)).unwrap_or_else(|_| format!("<{}>", type_name(key)));
            let shown = if shown.chars().count() > MAX_KEY_SHOWN { format!("{}…", shown.chars().take(MAX_KEY_SHOWN).collect::<String>()) } else { shown };
            let ty = type_name(key);
            let at = if field.is_empty() { shown.clone() } else { format!("{field}.{shown}") };
            cx.issues.push(issue(
                &at,
                IssueCode::UnknownQuestion,
                format!("Nyckeln {shown} är av typen {ty}, inte ett fråge-id (text); svaret räknas inte."),
                format!("the key {shown} is of type {ty}, not a question id (text); its answer is ignored"),
            ));
            Ok(None)
        }
    }
}

/// A mapping key as text: a `str`, or an int or numpy scalar as its `str()` (e.g. an
/// integer column label). Anything else is a `TypeError`.
pub fn key_text(key: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if key.is_instance_of::<PyInt>() || key.hasattr("dtype")? {
        return Ok(key.str()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!("the keys of a report are question ids (text); got {} at \"{field}\"", type_name(key))))
}

/// A DataFrame column's name as text: as [`key_text`], else its `str()` (a tuple of a
/// MultiIndex, bytes): such a column is then an unknown question, reported, never an error.
pub fn column_name(key: &Bound<'_, PyAny>) -> PyResult<String> {
    match key_text(key, "") {
        Ok(text) => Ok(text),
        Err(e) if fatal(key.py(), &e) => Err(e),
        Err(_) => Ok(key.str().and_then(|s| s.to_cow().map(std::borrow::Cow::into_owned)).unwrap_or_else(|_| format!("<{}>", type_name(key)))),
    }
}

/// The values that are not built-in types: pandas' missing markers, dates, numpy scalars,
/// decimals. Anything else is an issue.
fn other(value: &Bound<'_, PyAny>, field: &str, depth: usize, cx: &mut Conversion) -> PyResult<Json> {
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
            return convert(&plain, field, depth + 1, cx);
        }
    }
    cx.issues.push(issue(
        field,
        IssueCode::WrongType,
        format!("Ett värde av typen {module}.{name} kan inte läsas; svaret räknas inte."),
        format!("granska cannot read a value of type {module}.{name} (give None, bool, int, float, str, a date, a list or a dict); the answer is ignored"),
    ));
    Ok(Json::Null)
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
            let keys: Vec<String> = map.keys().filter(|k| !granska::REPORT_FIELDS.contains(&k.as_str())).cloned().collect();
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

/// Whether a Python value is a report mapping (a dict or another mapping).
pub fn is_mapping(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PyDict>() || value.cast::<PyMapping>().is_ok()
}

/// The `TypeError` for a report that is not a mapping.
pub fn not_a_mapping(value: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "a report is a dict {{\"provider\", \"service\", \"date\", \"answers\": {{...}}}} (or flat, question ids beside the report fields); got {}",
        type_name(value)
    ))
}

/// Converts a report given as a Python mapping, as it is (flat or nested). Issues are
/// located at question ids: the `answers` key is not part of a field's name.
pub fn mapping_from_py(value: &Bound<'_, PyAny>, cx: &mut Conversion) -> PyResult<Map<String, Json>> {
    if !is_mapping(value) {
        return Err(not_a_mapping(value));
    }
    let address = value.as_ptr() as usize;
    cx.stack.push(address);
    let items = container_items(value);
    let result = match items {
        Ok(items) => {
            let mut map = Map::new();
            for pair in items {
                let (k, v) = (pair.get_item(0)?, pair.get_item(1)?);
                let Some(key) = key_of(&k, "", cx)? else { continue };
                // Answers are named by question id, without the `answers.` before it.
                let before = cx.issues.len();
                let json = if key == "answers" && is_mapping(&v) { convert(&v, "", 1, cx)? } else { convert(&v, &key, 1, cx)? };
                insert(&mut map, key, json, before, cx);
            }
            Ok(map)
        }
        Err(e) if fatal(value.py(), &e) => Err(e),
        Err(e) => {
            cx.issues.push(issue("", IssueCode::WrongType, format!("Rapporten kan inte läsas: {e}."), format!("the report cannot be read: {e}")));
            Ok(Map::new())
        }
    };
    cx.stack.pop();
    result
}

/// The items of a mapping, as a snapshot.
fn container_items<'py>(value: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
    if let Ok(d) = value.cast::<PyDict>() {
        return Ok(d.items().iter().filter_map(|item| item.cast_into::<PyTuple>().ok()).collect());
    }
    let m = value.cast::<PyMapping>().map_err(PyErr::from)?;
    m.items()?.iter().map(|item| item.cast_into::<PyTuple>().map_err(PyErr::from)).collect()
}

/// Reads one report given as a Python mapping, nested as the core reads it, with the issues
/// of the values that could not be read.
pub fn report_from_py(value: &Bound<'_, PyAny>) -> PyResult<(Json, Vec<AnswerIssue>)> {
    let mut cx = Conversion::default();
    let map = mapping_from_py(value, &mut cx)?;
    Ok((nest_report(Json::Object(map)), cx.issues))
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
