//! Comparing results: every figure of two summaries ([`summary_differences`], what
//! `granska verify` lists when a re-computed summary is not the saved one), and an export
//! re-checked under two packs ([`recheck_export`], what `granska diff --export` shows): which
//! providers' verdicts change and how every published figure moves.

use std::path::Path;

use granska::{FieldChange, Pack, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::export::{ExportError, ExportOptions, ExportReader};
use crate::{Accumulator, Roster, Summary, summarize_export};

/// The fields of two summaries that differ, as `path: old → new` with the path in the
/// summary's JSON: objects by `.`, lists of records by their `id` (else their index), e.g.
/// `requirements[riskanalys].met`, `services[jourhem].reports.count`. Top-level keys in
/// `skip` are left out (e.g. `pack` when the packs are known to differ). Every figure is
/// compared, also the rejected reports, the problems listed and the texts.
pub fn summary_differences(old: &Summary, new: &Summary, skip: &[&str]) -> Vec<FieldChange> {
    let (Ok(a), Ok(b)) = (serde_json::to_value(old), serde_json::to_value(new)) else { return vec![] };
    let mut out = vec![];
    match (&a, &b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in union_keys(x, y) {
                if !skip.contains(&key.as_str()) {
                    walk(&key, x.get(&key), y.get(&key), &mut out);
                }
            }
        }
        _ => walk("", Some(&a), Some(&b), &mut out),
    }
    out
}

fn union_keys(x: &serde_json::Map<String, Value>, y: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = x.keys().cloned().collect();
    keys.extend(y.keys().filter(|k| !x.contains_key(*k)).cloned());
    keys
}

/// The key of a record in a list: its `id`, else its index.
fn record_key(v: &Value, index: usize) -> String {
    match v.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(other) if !other.is_null() => other.to_string(),
        _ => index.to_string(),
    }
}

/// A value in a change: a scalar as written; a record only on one side as its scalar
/// fields (`applied=97, met=93, …`, without its id and texts); a list as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(map) => {
            map.iter().filter(|(k, v)| *k != "id" && matches!(v, Value::Number(_) | Value::Bool(_))).map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

fn walk(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<FieldChange>) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for key in union_keys(x, y) {
                walk(&join(&key), x.get(&key), y.get(&key), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.iter().chain(y).all(Value::is_object) => {
            let xs: Vec<(String, &Value)> = x.iter().enumerate().map(|(i, v)| (record_key(v, i), v)).collect();
            let ys: Vec<(String, &Value)> = y.iter().enumerate().map(|(i, v)| (record_key(v, i), v)).collect();
            for (k, v) in &xs {
                let other = ys.iter().find(|(l, _)| l == k).map(|(_, w)| *w);
                walk(&format!("{path}[{k}]"), Some(v), other, out);
            }
            for (k, w) in &ys {
                if !xs.iter().any(|(l, _)| l == k) {
                    walk(&format!("{path}[{k}]"), None, Some(w), out);
                }
            }
        }
        (Some(x), Some(y)) if x == y => {}
        (None | Some(Value::Null), None | Some(Value::Null)) => {}
        _ => out.push(FieldChange { field: path.to_string(), old: a.filter(|v| !v.is_null()).map(text), new: b.filter(|v| !v.is_null()).map(text) }),
    }
}

/// One provider's verdict of one requirement that differs between the two packs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictChange {
    /// The row of the export the report was read from.
    pub row: u64,
    /// The provider's id.
    pub provider: String,
    /// The report's service type.
    pub service: String,
    /// The requirement's id.
    pub requirement: String,
    /// The verdict under the old pack; `None` when the old pack has no such requirement or
    /// rejected the report.
    pub old: Option<Verdict>,
    /// The verdict under the new pack; `None` when the new pack has no such requirement or
    /// rejected the report.
    pub new: Option<Verdict>,
}

/// An export checked under two packs: the summary under each, the verdicts that change,
/// and every figure that moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRecheck {
    /// The export's summary under the old pack.
    pub old: Summary,
    /// The export's summary under the new pack.
    pub new: Summary,
    /// Each verdict that differs, by row, then requirement id.
    pub verdicts: Vec<VerdictChange>,
    /// Each figure that moves ([`summary_differences`] without the pack and its parameters),
    /// in the summary's order.
    pub figures: Vec<FieldChange>,
}

/// The verdicts of an export's reports under one pack: (row, provider, service, verdicts by
/// requirement id), rejected rows left out.
type Verdicts = Vec<(u64, String, String, Vec<(String, Verdict)>)>;

fn verdicts(pack: &Pack, path: &Path, options: &ExportOptions) -> Result<Verdicts, ExportError> {
    let mut reader = ExportReader::from_path(pack, path, options)?;
    let mut out = vec![];
    let mut buffer = Vec::with_capacity(pack.requirements().len());
    for read in reader.rows() {
        if let Ok(answers) = &read.answers {
            pack.evaluate(answers, &mut buffer);
            let by_id = pack.requirements().iter().zip(&buffer).map(|(r, v)| (r.id.clone(), *v)).collect();
            out.push((read.row, answers.provider().to_string(), answers.service().to_string(), by_id));
        }
    }
    Ok(out)
}

fn summary(pack: &Pack, path: &Path, options: &ExportOptions, roster: Option<&Path>) -> Result<Summary, ExportError> {
    let mut acc = match roster {
        Some(r) => Accumulator::with_roster(pack, Roster::from_path(pack, r)?),
        None => Accumulator::new(pack),
    };
    let mut reader = ExportReader::from_path(pack, path, options)?;
    summarize_export(&mut reader, &mut acc, |_| {});
    Ok(acc.finish())
}

/// Reads the export at `path` (CSV or workbook, with `options`) under the `old` and the
/// `new` pack, with the roster at `roster` for the response rate, and compares: each
/// provider's verdict of each requirement (paired by the export's row), and every figure of
/// the two summaries. Rows either pack rejects are in each summary's rejected reports.
///
/// # Errors
///
/// An [`ExportError`] when the export or the roster cannot be read under either pack (its
/// problems say where).
pub fn recheck_export(old: &Pack, new: &Pack, path: &Path, options: &ExportOptions, roster: Option<&Path>) -> Result<ExportRecheck, ExportError> {
    let (a, b) = (verdicts(old, path, options)?, verdicts(new, path, options)?);
    let mut changes = vec![];
    let mut j = 0;
    for (row, provider, service, xs) in &a {
        while j < b.len() && b[j].0 < *row {
            j += 1;
        }
        let ys = match b.get(j) {
            Some((r, _, _, ys)) if r == row => ys.as_slice(),
            _ => &[],
        };
        let change = |requirement: &str, old: Option<Verdict>, new: Option<Verdict>| VerdictChange {
            row: *row,
            provider: provider.clone(),
            service: service.clone(),
            requirement: requirement.to_string(),
            old,
            new,
        };
        let mut here = vec![];
        for (id, v) in xs {
            let w = ys.iter().find(|(k, _)| k == id).map(|(_, w)| *w);
            if w != Some(*v) {
                here.push(change(id, Some(*v), w));
            }
        }
        for (id, w) in ys {
            if !xs.iter().any(|(k, _)| k == id) {
                here.push(change(id, None, Some(*w)));
            }
        }
        here.sort_by(|p, q| p.requirement.cmp(&q.requirement));
        changes.extend(here);
    }
    // Rows only the new pack accepted.
    for (row, provider, service, ys) in &b {
        if !a.iter().any(|(r, ..)| r == row) {
            changes.extend(ys.iter().map(|(id, w)| VerdictChange {
                row: *row,
                provider: provider.clone(),
                service: service.clone(),
                requirement: id.clone(),
                old: None,
                new: Some(*w),
            }));
        }
    }
    let (old_summary, new_summary) = (summary(old, path, options, roster)?, summary(new, path, options, roster)?);
    let figures = summary_differences(&old_summary, &new_summary, &["format", "pack", "parameters", "params_file", "previous"]);
    Ok(ExportRecheck { old: old_summary, new: new_summary, verdicts: changes, figures })
}
