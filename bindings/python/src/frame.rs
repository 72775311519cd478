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
    Rejected { service: Option<String>, problem: granska::export::InputProblem },
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
struct Column<'a> {
    codes: Vec<i32>,
    categories: Vec<&'a str>,
    index: HashMap<&'a str, i32>,
    /// Keep the categories in the order given (a fixed vocabulary) instead of sorting them.
    fixed: bool,
}

impl<'a> Column<'a> {
    fn new(rows: usize) -> Self {
        Column { codes: Vec::with_capacity(rows), categories: vec![], index: HashMap::new(), fixed: false }
    }

    fn fixed(rows: usize, vocabulary: &[&'a str]) -> Self {
        let mut c = Column::new(rows);
        for v in vocabulary {
            c.code(v);
        }
        c.fixed = true;
        c
    }

    fn code(&mut self, value: &'a str) -> i32 {
        if let Some(&c) = self.index.get(value) {
            return c;
        }
        let c = self.categories.len() as i32;
        self.categories.push(value);
        self.index.insert(value, c);
        c
    }

    fn push(&mut self, value: Option<&'a str>) {
        let code = match value {
            Some(v) => self.code(v),
            None => -1,
        };
        self.codes.push(code);
    }

    /// Sorts the categories (unless fixed) and renumbers the codes to match.
    fn finish(mut self) -> (Vec<i32>, Vec<&'a str>) {
        if self.fixed {
            return (self.codes, self.categories);
        }
        let mut order: Vec<usize> = (0..self.categories.len()).collect();
        order.sort_by(|&a, &b| self.categories[a].cmp(self.categories[b]));
        let mut renumber = vec![0i32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new as i32;
        }
        for c in &mut self.codes {
            if *c >= 0 {
                *c = renumber[*c as usize];
            }
        }
        let categories = order.iter().map(|&i| self.categories[i]).collect();
        (self.codes, categories)
    }
}

/// The columns of the tidy frame as codes and categories, built without Python.
pub struct Columns {
    columns: Vec<(Vec<i32>, Vec<String>)>,
}

/// The messages of rejected reports, in `lang`, made before the columns borrow them.
fn rejected_messages(outcomes: &[Outcome], lang: granska::Lang) -> Vec<String> {
    outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Rejected { problem, .. } => Some(problem.render(lang)),
            Outcome::Checked(_) => None,
        })
        .collect()
}

/// Computes the columns of the tidy frame; pure Rust, so it runs with the GIL released.
pub fn columns(outcomes: &[Outcome], lang: granska::Lang) -> Columns {
    let rows: usize = outcomes.iter().map(|o| if let Outcome::Checked(r) = o { r.verdicts.len() } else { 1 }).sum();
    let messages = rejected_messages(outcomes, lang);
    let verdicts: Vec<&str> = granska::Verdict::ALL.iter().map(|v| v.as_str()).chain([REJECTED]).collect();
    let areas: Vec<&str> = granska::QualityArea::ALL.iter().map(|a| a.as_str()).collect();
    let severities = [granska::Severity::Krav.as_str(), granska::Severity::Bor.as_str()];
    let mut provider = Column::new(rows);
    let mut service = Column::new(rows);
    let mut requirement = Column::new(rows);
    let mut verdict = Column::fixed(rows, &verdicts);
    let mut message = Column::new(rows);
    let mut source = Column::new(rows);
    let mut area = Column::fixed(rows, &areas);
    let mut severity = Column::fixed(rows, &severities);
    let mut rejected = messages.iter();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(report) => {
                let p = provider.code(&report.provider);
                let s = service.code(&report.service);
                for v in &report.verdicts {
                    provider.codes.push(p);
                    service.codes.push(s);
                    requirement.push(Some(&v.requirement));
                    verdict.push(Some(v.verdict.as_str()));
                    message.push(v.message.as_ref().map(|m| m.get(lang)));
                    source.push(Some(&v.source));
                    area.push(Some(v.area.as_str()));
                    severity.push(Some(v.severity.as_str()));
                }
            }
            Outcome::Rejected { service: given, problem } => {
                provider.push(problem.provider.as_deref());
                service.push(given.as_deref());
                requirement.push(None);
                verdict.push(Some(REJECTED));
                message.push(rejected.next().map(String::as_str));
                source.push(None);
                area.push(None);
                severity.push(None);
            }
        }
    }
    let columns = [provider, service, requirement, verdict, message, source, area, severity]
        .into_iter()
        .map(|c| {
            let (codes, categories) = c.finish();
            (codes, categories.into_iter().map(str::to_string).collect())
        })
        .collect();
    Columns { columns }
}

/// Makes the pandas DataFrame of computed columns.
pub fn to_frame<'py>(py: Python<'py>, columns: Columns) -> PyResult<Bound<'py, PyAny>> {
    let pd = pandas(py)?;
    let np = py.import("numpy")?;
    let from_codes = pd.getattr("Categorical")?.getattr("from_codes")?;
    let data = PyDict::new(py);
    for (name, (codes, categories)) in COLUMNS.iter().zip(columns.columns) {
        let bytes: Vec<u8> = codes.iter().flat_map(|c| c.to_ne_bytes()).collect();
        let array = np.call_method1("frombuffer", (PyBytes::new(py, &bytes), "int32"))?.call_method0("copy")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("categories", PyList::new(py, categories)?)?;
        data.set_item(*name, from_codes.call((array,), Some(&kwargs))?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, COLUMNS)?)?;
    pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
}

/// The tidy frame of `outcomes`, messages in `lang`.
pub fn tidy<'py>(py: Python<'py>, outcomes: &[Outcome], lang: granska::Lang) -> PyResult<Bound<'py, PyAny>> {
    to_frame(py, columns(outcomes, lang))
}
