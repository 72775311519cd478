//! `granska.diff(old, new)`: what changed between two packs as a pandas DataFrame, one row
//! per changed field (`granska::PackDiff`); given an export, also the verdicts that change
//! and the figures that move when it is checked under both packs
//! (`granska_summary::compare::recheck_export`).

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict, PyList, PyTuple};

use crate::errors::{export_error, guard};
use crate::frame::pandas;
use crate::pack::Pack;

/// A pandas DataFrame of `rows` (each a list of cells in `columns` order).
fn frame<'py>(py: Python<'py>, columns: &[&str], rows: Vec<Vec<Option<String>>>) -> PyResult<Bound<'py, PyAny>> {
    let data = PyDict::new(py);
    for (i, name) in columns.iter().enumerate() {
        let column: Vec<Option<String>> = rows.iter().map(|r| r.get(i).cloned().flatten()).collect();
        data.set_item(*name, pandas(py)?.getattr("Series")?.call((column,), Some(&[("dtype", "object")].into_py_dict(py)?))?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, columns)?)?;
    pandas(py)?.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// Names the two packs of a diff frame: `attrs["old"]` and `attrs["new"]`.
fn with_packs<'py>(frame: Bound<'py, PyAny>, old: &granska::PackIdentity, new: &granska::PackIdentity) -> PyResult<Bound<'py, PyAny>> {
    let py = frame.py();
    let attrs = frame.getattr("attrs")?;
    attrs.set_item("old", crate::report::py_value(py, old)?)?;
    attrs.set_item("new", crate::report::py_value(py, new)?)?;
    Ok(frame)
}

/// What changed between the pack `old` and the pack `new`: a pandas DataFrame with one row
/// per changed field — `kind` (`pack`, `service`, `parameter`, `question`, `derived`,
/// `requirement`, `indicator`), `id`, `change` (`added`, `removed`, `changed`), `field`
/// (e.g. `require`, `message.sv`, `value`; None for an item added or removed), `old`, `new`
/// (texts; None where absent) and `title` (Swedish). `attrs["old"]` and `attrs["new"]` are
/// the packs' `{"id", "version", "content_hash"}`. Expressions are compared by syntax tree.
///
/// Given `export` (the path of a CSV or workbook export; `roster`, `mapping` and `sheet` as
/// for `Pack.summarize`, the roster as a path), the export is checked under both packs and
/// a tuple `(changes, verdicts, figures)` is returned: `verdicts` has one row per provider
/// and requirement whose verdict changes (`row`, `provider`, `service`, `requirement`,
/// `old`, `new`; None where a pack has no such requirement or rejects the row), `figures`
/// one row per figure of the summary that moves (`figure`, e.g.
/// `requirements[riskanalys].met`, `old`, `new`). Raises `ExportError` when the export or
/// roster cannot be read.
#[pyfunction]
#[pyo3(signature = (old, new, export = None, roster = None, mapping = None, sheet = None))]
pub fn diff<'py>(
    py: Python<'py>,
    old: &Pack,
    new: &Pack,
    export: Option<PathBuf>,
    roster: Option<PathBuf>,
    mapping: Option<&Bound<'py, PyAny>>,
    sheet: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (&old.inner, &new.inner);
    let d = py.detach(|| guard(|| granska::PackDiff::between(a, b)))?;
    let mut rows = vec![];
    for c in &d.changes {
        let title = c.title.as_ref().map(|t| t.sv.clone());
        if c.fields.is_empty() {
            rows.push(vec![Some(c.kind.as_str().into()), Some(c.id.clone()), Some(c.change.as_str().into()), None, None, None, title.clone()]);
        }
        for f in &c.fields {
            rows.push(vec![Some(c.kind.as_str().into()), Some(c.id.clone()), Some(c.change.as_str().into()), Some(f.field.clone()), f.old.clone(), f.new.clone(), title.clone()]);
        }
    }
    let changes = with_packs(frame(py, &["kind", "id", "change", "field", "old", "new", "title"], rows)?, &d.old, &d.new)?;
    let Some(export) = export else { return Ok(changes) };
    let options = crate::batch::export_options(py, mapping, sheet)?;
    let recheck = py.detach(|| guard(|| granska_summary::compare::recheck_export(a, b, &export, &options, roster.as_deref())))?.map_err(|e| export_error(py, &e))?;
    let verdict = |v: Option<granska::Verdict>| v.map(|v| v.as_str().to_string());
    let rows = recheck
        .verdicts
        .iter()
        .map(|v| vec![Some(v.row.to_string()), Some(v.provider.clone()), Some(v.service.clone()), Some(v.requirement.clone()), verdict(v.old), verdict(v.new)])
        .collect();
    let verdicts = frame(py, &["row", "provider", "service", "requirement", "old", "new"], rows)?;
    // The row number as an integer column.
    let verdicts = verdicts.call_method1("astype", ([("row", "int64")].into_py_dict(py)?,))?;
    let verdicts = with_packs(verdicts, &d.old, &d.new)?;
    let rows = recheck.figures.iter().map(|f| vec![Some(f.field.clone()), f.old.clone(), f.new.clone()]).collect();
    let figures = with_packs(frame(py, &["figure", "old", "new"], rows)?, &d.old, &d.new)?;
    Ok(PyTuple::new(py, [changes, verdicts, figures])?.into_any())
}
