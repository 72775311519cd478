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
use pyo3::types::{PyBytes, PyDict, PyList};

/// The outcome of one report of a batch.
pub enum Outcome {
    Checked(granska::Report),
    /// A report (or export row) that could not be judged; `service` as given, when known.
    Rejected {
        service: Option<String>,
        problem: granska_summary::export::InputProblem,
    },
}

/// The column names of the tidy frame, in order.
pub const COLUMNS: [&str; 8] = ["provider", "service", "requirement", "verdict", "message", "source", "area", "severity"];

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
}

impl Column {
    pub fn new() -> Self {
        Column { codes: vec![], categories: vec![], index: HashMap::new(), fixed: false }
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

    pub fn push(&mut self, value: Option<&str>) {
        let code = match value {
            Some(v) => self.code(v),
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

/// The columns of the tidy frame as codes and categories, built without Python.
pub struct Columns {
    columns: Vec<(Vec<i32>, Vec<String>)>,
}

/// Builds the tidy frame's columns from outcomes fed a chunk at a time; pure Rust, so it
/// runs with the GIL released, and keeps only codes, never the reports.
pub struct Tidy {
    lang: granska::Lang,
    provider: Column,
    service: Column,
    requirement: Column,
    verdict: Column,
    message: Column,
    source: Column,
    area: Column,
    severity: Column,
}

impl Tidy {
    pub fn new(lang: granska::Lang) -> Tidy {
        let verdicts: Vec<&str> = granska::Verdict::ALL.iter().map(|v| v.as_str()).chain([REJECTED]).collect();
        let areas: Vec<&str> = granska::QualityArea::ALL.iter().map(|a| a.as_str()).collect();
        Tidy {
            lang,
            provider: Column::new(),
            service: Column::new(),
            requirement: Column::new(),
            verdict: Column::fixed(&verdicts),
            message: Column::new(),
            source: Column::new(),
            area: Column::fixed(&areas),
            severity: Column::fixed(&[granska::Severity::Krav.as_str(), granska::Severity::Bor.as_str()]),
        }
    }

    /// Adds the rows of some outcomes, in order.
    pub fn add(&mut self, outcomes: &[Outcome]) {
        let lang = self.lang;
        for outcome in outcomes {
            match outcome {
                Outcome::Checked(report) => {
                    let p = self.provider.code(&report.provider);
                    let s = self.service.code(&report.service);
                    for v in &report.verdicts {
                        self.provider.codes.push(p);
                        self.service.codes.push(s);
                        self.requirement.push(Some(&v.requirement));
                        self.verdict.push(Some(v.verdict.as_str()));
                        self.message.push(v.message.as_ref().map(|m| m.get(lang)));
                        self.source.push(Some(&v.source));
                        self.area.push(Some(v.area.as_str()));
                        self.severity.push(Some(v.severity.as_str()));
                    }
                }
                Outcome::Rejected { service, problem } => {
                    self.provider.push(problem.provider.as_deref());
                    self.service.push(service.as_deref());
                    self.requirement.push(None);
                    self.verdict.push(Some(REJECTED));
                    self.message.push(Some(&problem.render(lang)));
                    self.source.push(None);
                    self.area.push(None);
                    self.severity.push(None);
                }
            }
        }
    }

    /// The finished columns, in [`COLUMNS`] order.
    pub fn finish(self) -> Columns {
        let columns = [self.provider, self.service, self.requirement, self.verdict, self.message, self.source, self.area, self.severity].into_iter().map(Column::finish).collect();
        Columns { columns }
    }
}

/// A pandas Categorical of codes into categories.
fn from_codes<'py>(py: Python<'py>, codes: &[i32], categories: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
    let np = py.import("numpy")?;
    let bytes: Vec<u8> = codes.iter().flat_map(|c| c.to_ne_bytes()).collect();
    let array = np.call_method1("frombuffer", (PyBytes::new(py, &bytes), "int32"))?.call_method0("copy")?;
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
    for (name, (codes, categories)) in COLUMNS.iter().zip(columns.columns) {
        data.set_item(*name, from_codes(py, &codes, categories)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, COLUMNS)?)?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// Makes the polars DataFrame of computed columns: text columns `Categorical`, `verdict`,
/// `area` and `severity` `Enum`s of their fixed vocabularies.
pub fn to_polars<'py>(py: Python<'py>, columns: Columns) -> PyResult<Bound<'py, PyAny>> {
    let mut arrays = Vec::with_capacity(COLUMNS.len());
    for (name, (codes, categories)) in COLUMNS.iter().zip(columns.columns) {
        arrays.push((*name, crate::arrow_out::dictionary(&codes, categories)?));
    }
    let verdicts: Vec<&str> = granska::Verdict::ALL.iter().map(|v| v.as_str()).chain([REJECTED]).collect();
    let areas: Vec<&str> = granska::QualityArea::ALL.iter().map(|a| a.as_str()).collect();
    let severities = vec![granska::Severity::Krav.as_str(), granska::Severity::Bor.as_str()];
    crate::arrow_out::frame(py, arrays, &[("verdict", verdicts), ("area", areas), ("severity", severities)])
}

/// The tidy frame of `outcomes`, messages in `lang`.
pub fn tidy<'py>(py: Python<'py>, outcomes: &[Outcome], lang: granska::Lang) -> PyResult<Bound<'py, PyAny>> {
    let mut tidy = Tidy::new(lang);
    tidy.add(outcomes);
    to_frame(py, tidy.finish())
}

/// The tidy polars frame of `outcomes`, messages in `lang`.
pub fn tidy_polars<'py>(py: Python<'py>, outcomes: &[Outcome], lang: granska::Lang) -> PyResult<Bound<'py, PyAny>> {
    let mut tidy = Tidy::new(lang);
    tidy.add(outcomes);
    to_polars(py, tidy.finish())
}
