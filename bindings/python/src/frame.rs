//! The tidy pandas DataFrame of a batch: one row per provider and requirement, with the
//! columns `provider`, `service`, `requirement`, `verdict`, `message`, `source`, `area` and
//! `severity`. A report that could not be judged is one row with verdict `rejected`, no
//! requirement, and its problems (located: file, row, field) as the message: no row vanishes.
//!
//! Every column is a pandas `Categorical`: a batch of 100,000 providers is 6.5 million rows,
//! which as Python strings would take gigabytes. Categories are sorted, except `verdict`
//! (met, not_met, not_applicable, unanswered, rejected), `severity` (krav, bor) and `area`
//! (Socialstyrelsen's order), which always list every value. An absent value is NaN.

use std::collections::HashMap;

use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList};

/// One report of a batch as the tidy frame shows it: reduced on the worker thread that
/// checked it (so the report's explanations, titles and other texts are freed there, in
/// parallel), borrowing the requirement ids and sources from the pack (or from the report).
pub enum Outcome<'a> {
    Checked {
        provider: String,
        service: String,
        /// One row per requirement, in the pack's order.
        rows: Vec<Row<'a>>,
    },
    /// A report (or export row) that could not be judged; `service` as given, when known.
    Rejected { service: Option<String>, problem: granska_summary::export::InputProblem },
}

/// One verdict row of a checked report.
pub struct Row<'a> {
    pub requirement: &'a str,
    pub verdict: granska::Verdict,
    /// The message in the frame's language (not met and unanswered only; None when the
    /// frame has no messages).
    pub message: Option<String>,
    pub source: &'a str,
    pub area: granska::QualityArea,
    pub severity: granska::Severity,
}

impl<'a> Outcome<'a> {
    /// Checks one report's answers against `pack` — with its messages in `lang` when
    /// `messages`, otherwise its verdicts only (no message is formatted, no report built).
    pub fn check(pack: &'a granska::Pack, answers: &granska::Answers, lang: granska::Lang, messages: bool) -> Outcome<'a> {
        let requirements = pack.requirements();
        let day = answers.day();
        let row = |r: &'a granska::Requirement, verdict, message| Row { requirement: &r.id, verdict, message, source: r.source_at(day), area: r.area, severity: r.severity };
        let rows = if messages {
            // `Pack::check` gives one verdict per requirement, in the pack's order.
            let report = pack.check(answers);
            requirements
                .iter()
                .zip(report.verdicts)
                .map(|(r, v)| {
                    debug_assert_eq!(r.id.as_str(), &*v.requirement);
                    row(
                        r,
                        v.verdict,
                        v.message.map(|t| match lang {
                            granska::Lang::Sv => t.sv,
                            granska::Lang::En => t.en,
                        }),
                    )
                })
                .collect()
        } else {
            let mut verdicts = Vec::with_capacity(requirements.len());
            pack.evaluate(answers, &mut verdicts);
            requirements.iter().zip(verdicts).map(|(r, v)| row(r, v, None)).collect()
        };
        Outcome::Checked { provider: answers.provider().to_string(), service: answers.service().to_string(), rows }
    }

    /// A checked report's rows, borrowing from it (for `Report.to_frame`).
    pub fn of_report(report: &'a granska::Report, lang: granska::Lang) -> Outcome<'a> {
        let rows = report
            .verdicts
            .iter()
            .map(|v| Row {
                requirement: &v.requirement,
                verdict: v.verdict,
                message: v.message.as_ref().map(|m| m.get(lang).to_string()),
                source: &v.source,
                area: v.area,
                severity: v.severity,
            })
            .collect();
        Outcome::Checked { provider: report.provider.clone(), service: report.service.clone(), rows }
    }
}

/// The verdict of a rejected report in the tidy frame.
pub const REJECTED: &str = "rejected";

/// Imports pandas, with an error that says how to get it.
pub fn pandas(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pandas").map_err(|e| PyImportError::new_err(format!("granska needs pandas for data frames (pip install pandas): {e}")))
}

/// One categorical column being built: a code per row (-1 for absent) into its categories.
pub struct Column {
    codes: Vec<i32>,
    categories: Vec<String>,
    index: HashMap<String, i32>,
    /// Keep the categories in the order given (a fixed vocabulary) instead of sorting them.
    fixed: bool,
    /// The last value given at each slot (a requirement's position) — its address, length
    /// and code — to skip the lookup when a slot repeats its value: requirement ids and
    /// sources borrowed from the pack repeat at the same address, most messages as text.
    last: Vec<(usize, usize, i32)>,
}

impl Column {
    pub fn new() -> Self {
        Column { codes: vec![], categories: vec![], index: HashMap::new(), fixed: false, last: vec![] }
    }

    fn fixed(vocabulary: &[&str]) -> Self {
        let mut c = Column::new();
        for v in vocabulary {
            c.code(v);
        }
        c.fixed = true;
        c
    }

    fn code(&mut self, value: &str) -> i32 {
        if let Some(&c) = self.index.get(value) {
            return c;
        }
        // Past 2^31 - 1 distinct values (never met: the memory would run out first) a value
        // is absent rather than a wrong category.
        let Ok(c) = i32::try_from(self.categories.len()) else {
            return -1;
        };
        self.categories.push(value.to_string());
        self.index.insert(value.to_string(), c);
        c
    }

    /// The code of `value` at `slot`: the slot's last code when `value` is the text at the
    /// same address, or has the same content, as the slot's last value.
    fn code_at(&mut self, slot: usize, value: &str) -> i32 {
        let key = (value.as_ptr() as usize, value.len());
        if let Some(&(address, len, c)) = self.last.get(slot) {
            if (address, len) == key {
                return c;
            }
            if usize::try_from(c).ok().and_then(|c| self.categories.get(c)).is_some_and(|category| category == value) {
                self.last[slot] = (key.0, key.1, c);
                return c;
            }
        }
        let c = self.code(value);
        if self.last.len() <= slot {
            self.last.resize(slot + 1, (0, 0, -1));
        }
        self.last[slot] = (key.0, key.1, c);
        c
    }

    pub fn push(&mut self, value: Option<&str>) {
        let code = match value {
            Some(v) => self.code(v),
            None => -1,
        };
        self.codes.push(code);
    }

    /// Pushes `value` at `slot` (see [`Column::code_at`]).
    fn push_at(&mut self, slot: usize, value: Option<&str>) {
        let code = match value {
            Some(v) => self.code_at(slot, v),
            None => -1,
        };
        self.codes.push(code);
    }

    /// Sorts the categories (unless fixed) and renumbers the codes to match.
    pub fn finish(mut self) -> (Vec<i32>, Vec<String>) {
        if self.fixed {
            return (self.codes, self.categories);
        }
        let mut order: Vec<usize> = (0..self.categories.len()).collect();
        order.sort_by(|&a, &b| self.categories[a].cmp(&self.categories[b]));
        let mut renumber = vec![-1i32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            if let (Some(slot), Ok(new)) = (renumber.get_mut(old), i32::try_from(new)) {
                *slot = new;
            }
        }
        for c in &mut self.codes {
            if let Some(&new) = usize::try_from(*c).ok().and_then(|old| renumber.get(old)) {
                *c = new;
            }
        }
        let mut categories: Vec<Option<String>> = self.categories.into_iter().map(Some).collect();
        let sorted = order.iter().filter_map(|&i| categories[i].take()).collect();
        (self.codes, sorted)
    }
}

// The codes of the columns with a fixed vocabulary: positions in `Verdict::ALL` (then
// `rejected`), `QualityArea::ALL` and `SEVERITIES`, the orders `Tidy::new` lists them in.

fn verdict_code(v: granska::Verdict) -> i32 {
    match v {
        granska::Verdict::Met => 0,
        granska::Verdict::NotMet => 1,
        granska::Verdict::NotApplicable => 2,
        granska::Verdict::Unanswered => 3,
    }
}

/// The code of [`REJECTED`], after the four verdicts.
const REJECTED_CODE: i32 = 4;

fn area_code(a: granska::QualityArea) -> i32 {
    granska::QualityArea::ALL.iter().position(|x| *x == a).and_then(|i| i32::try_from(i).ok()).unwrap_or(-1)
}

fn severity_code(s: granska::Severity) -> i32 {
    match s {
        granska::Severity::Krav => 0,
        granska::Severity::Bor => 1,
    }
}

/// The columns of the tidy frame as codes and categories, named, built without Python.
pub struct Columns {
    columns: Vec<(&'static str, Vec<i32>, Vec<String>)>,
}

/// Builds the tidy frame's columns from outcomes fed a chunk at a time; pure Rust, so it
/// runs with the GIL released, and keeps only codes, never the reports.
pub struct Tidy {
    provider: Column,
    service: Column,
    requirement: Column,
    verdict: Column,
    /// None for a verdicts-only frame.
    message: Option<Column>,
    source: Column,
    area: Column,
    severity: Column,
    /// The language of the messages of rejected reports.
    lang: granska::Lang,
}

impl Tidy {
    /// The columns of a frame with messages in `lang`, or without the `message` column.
    pub fn new(lang: granska::Lang, messages: bool) -> Tidy {
        let verdicts: Vec<&str> = granska::Verdict::ALL.iter().map(|v| v.as_str()).chain([REJECTED]).collect();
        let areas: Vec<&str> = granska::QualityArea::ALL.iter().map(|a| a.as_str()).collect();
        Tidy {
            lang,
            provider: Column::new(),
            service: Column::new(),
            requirement: Column::new(),
            verdict: Column::fixed(&verdicts),
            message: messages.then(Column::new),
            source: Column::new(),
            area: Column::fixed(&areas),
            severity: Column::fixed(&SEVERITIES.map(granska::Severity::as_str)),
        }
    }

    /// Adds the rows of some outcomes, in order.
    pub fn add(&mut self, outcomes: &[Outcome<'_>]) {
        let rows: usize = outcomes.iter().map(|o| if let Outcome::Checked { rows, .. } = o { rows.len() } else { 1 }).sum();
        for column in [&mut self.provider, &mut self.service, &mut self.requirement, &mut self.verdict, &mut self.source, &mut self.area, &mut self.severity]
            .into_iter()
            .chain(self.message.as_mut())
        {
            column.codes.reserve(rows);
        }
        for outcome in outcomes {
            match outcome {
                Outcome::Checked { provider, service, rows } => {
                    let p = self.provider.code(provider);
                    let s = self.service.code(service);
                    let n = self.provider.codes.len() + rows.len();
                    self.provider.codes.resize(n, p);
                    self.service.codes.resize(n, s);
                    for (slot, row) in rows.iter().enumerate() {
                        self.requirement.push_at(slot, Some(row.requirement));
                        self.verdict.codes.push(verdict_code(row.verdict));
                        if let Some(message) = &mut self.message {
                            message.push_at(slot, row.message.as_deref());
                        }
                        self.source.push_at(slot, Some(row.source));
                        self.area.codes.push(area_code(row.area));
                        self.severity.codes.push(severity_code(row.severity));
                    }
                }
                Outcome::Rejected { service, problem } => {
                    self.provider.push(problem.provider.as_deref());
                    self.service.push(service.as_deref());
                    self.requirement.push(None);
                    self.verdict.codes.push(REJECTED_CODE);
                    if let Some(message) = &mut self.message {
                        message.push(Some(&problem.render(self.lang)));
                    }
                    self.source.push(None);
                    self.area.push(None);
                    self.severity.push(None);
                }
            }
        }
    }

    /// The finished columns, in the frame's order (without `message` in a verdicts-only frame).
    pub fn finish(self) -> Columns {
        let columns = [
            Some(("provider", self.provider)),
            Some(("service", self.service)),
            Some(("requirement", self.requirement)),
            Some(("verdict", self.verdict)),
            self.message.map(|m| ("message", m)),
            Some(("source", self.source)),
            Some(("area", self.area)),
            Some(("severity", self.severity)),
        ];
        let columns = columns
            .into_iter()
            .flatten()
            .map(|(name, column)| {
                let (codes, categories) = column.finish();
                (name, codes, categories)
            })
            .collect();
        Columns { columns }
    }
}

/// The severities in the frame's fixed order.
const SEVERITIES: [granska::Severity; 2] = [granska::Severity::Krav, granska::Severity::Bor];

/// A pandas Categorical of codes into categories. The codes go to numpy in the narrowest
/// integer type that holds them (the one pandas keeps), in one buffer shared with the array.
fn from_codes<'py>(py: Python<'py>, codes: &[i32], categories: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
    let np = py.import("numpy")?;
    let (bytes, dtype): (Vec<u8>, &str) = if categories.len() <= i8::MAX as usize {
        (codes.iter().map(|&c| c as i8 as u8).collect(), "int8")
    } else if categories.len() <= i16::MAX as usize {
        (codes.iter().flat_map(|&c| (c as i16).to_ne_bytes()).collect(), "int16")
    } else {
        (codes.iter().flat_map(|c| c.to_ne_bytes()).collect(), "int32")
    };
    let array = np.call_method1("frombuffer", (PyByteArray::new(py, &bytes), dtype))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("categories", PyList::new(py, categories)?)?;
    pandas(py)?.getattr("Categorical")?.getattr("from_codes")?.call((array,), Some(&kwargs))
}

/// A finished column as a pandas Categorical.
pub fn categorical(py: Python<'_>, column: Column) -> PyResult<Bound<'_, PyAny>> {
    let (codes, categories) = column.finish();
    from_codes(py, &codes, categories)
}

/// Makes the pandas DataFrame of computed columns.
pub fn to_frame<'py>(py: Python<'py>, columns: Columns) -> PyResult<Bound<'py, PyAny>> {
    let pd = pandas(py)?;
    let data = PyDict::new(py);
    let names: Vec<&str> = columns.columns.iter().map(|(name, _, _)| *name).collect();
    for (name, codes, categories) in columns.columns {
        data.set_item(name, from_codes(py, &codes, categories)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, names)?)?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// Makes the polars DataFrame of computed columns: text columns `Categorical`, `verdict`,
/// `area` and `severity` `Enum`s of their fixed vocabularies.
pub fn to_polars<'py>(py: Python<'py>, columns: Columns) -> PyResult<Bound<'py, PyAny>> {
    let mut arrays = Vec::with_capacity(columns.columns.len());
    for (name, codes, categories) in columns.columns {
        arrays.push((name, crate::arrow_out::dictionary(&codes, categories)?));
    }
    let verdicts: Vec<&str> = granska::Verdict::ALL.iter().map(|v| v.as_str()).chain([REJECTED]).collect();
    let areas: Vec<&str> = granska::QualityArea::ALL.iter().map(|a| a.as_str()).collect();
    crate::arrow_out::frame(py, arrays, &[("verdict", verdicts), ("area", areas), ("severity", SEVERITIES.map(granska::Severity::as_str).to_vec())])
}

/// Makes a pyarrow Table of computed columns, text columns as dictionaries (what Spark's
/// `mapInArrow` and other Arrow engines take without pandas in between).
pub fn to_arrow<'py>(py: Python<'py>, columns: Columns) -> PyResult<Bound<'py, PyAny>> {
    let mut arrays = Vec::with_capacity(columns.columns.len());
    for (name, codes, categories) in columns.columns {
        arrays.push((name, crate::arrow_out::dictionary(&codes, categories)?));
    }
    crate::arrow_out::table(py, arrays)
}

/// Names the pack a pandas frame was computed with: `frame.attrs["pack"]` is `pack` (the
/// `{"id", "version", "content_hash"}` of `Pack.identity`, or a summary's `pack`).
pub fn with_pack<'py, T: serde::Serialize>(frame: Bound<'py, PyAny>, pack: &T) -> PyResult<Bound<'py, PyAny>> {
    let py = frame.py();
    frame.getattr("attrs")?.set_item("pack", crate::report::py_value(py, pack)?)?;
    Ok(frame)
}

/// The tidy frame of one checked report, messages in `lang`; `attrs["pack"]` names its pack.
pub fn tidy<'py>(py: Python<'py>, report: &granska::Report, lang: granska::Lang) -> PyResult<Bound<'py, PyAny>> {
    let mut tidy = Tidy::new(lang, true);
    tidy.add(&[Outcome::of_report(report, lang)]);
    let identity = granska::PackIdentity { id: report.pack.clone(), version: report.pack_version.clone(), content_hash: report.pack_content_hash.to_string() };
    with_pack(to_frame(py, tidy.finish())?, &identity)
}

/// The tidy polars frame of one checked report, messages in `lang`.
pub fn tidy_polars<'py>(py: Python<'py>, report: &granska::Report, lang: granska::Lang) -> PyResult<Bound<'py, PyAny>> {
    let mut tidy = Tidy::new(lang, true);
    tidy.add(&[Outcome::of_report(report, lang)]);
    to_polars(py, tidy.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_codes_are_positions_in_the_vocabularies() {
        for (i, v) in granska::Verdict::ALL.iter().enumerate() {
            assert_eq!(verdict_code(*v), i as i32);
        }
        assert_eq!(REJECTED_CODE, granska::Verdict::ALL.len() as i32);
        for (i, a) in granska::QualityArea::ALL.iter().enumerate() {
            assert_eq!(area_code(*a), i as i32);
        }
        for (i, s) in SEVERITIES.iter().enumerate() {
            assert_eq!(severity_code(*s), i as i32);
        }
    }
}
