//! The problems DataFrame of `Pack.problems`: one row per problem of a batch — an export
//! column not read, a rejected report or row, an answer not used — with the columns `file`,
//! `sheet`, `row`, `column`, `column_name`, `field`, `provider`, `code`, `message`, `rejected`.
//!
//! The table is built in Rust (with the GIL released), keeping only the problems, never the
//! reports; text columns are pandas Categoricals (absent: NaN), `row` and `column` nullable
//! integers (`Int64`, absent: `<NA>`), `rejected` bools.

use granska_summary::export::InputProblem;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::frame::{Column, categorical, pandas};

/// The column names of the problems frame, in order.
pub const COLUMNS: [&str; 10] = ["file", "sheet", "row", "column", "column_name", "field", "provider", "code", "message", "rejected"];

/// The problems of a batch, as columns.
pub struct Problems {
    lang: granska::Lang,
    file: Column,
    sheet: Column,
    row: Vec<Option<u64>>,
    column: Vec<Option<u32>>,
    column_name: Column,
    field: Column,
    provider: Column,
    code: Column,
    message: Column,
    rejected: Vec<bool>,
}

impl Problems {
    pub fn new(lang: granska::Lang) -> Problems {
        Problems {
            lang,
            file: Column::new(),
            sheet: Column::new(),
            row: vec![],
            column: vec![],
            column_name: Column::new(),
            field: Column::new(),
            provider: Column::new(),
            code: Column::new(),
            message: Column::new(),
            rejected: vec![],
        }
    }

    /// Adds one problem.
    pub fn push(&mut self, p: &InputProblem) {
        self.file.push(Some(&p.file));
        self.sheet.push(p.sheet.as_deref());
        self.row.push(p.row);
        self.column.push(p.column.as_ref().map(|c| c.number));
        self.column_name.push(p.column.as_ref().map(|c| c.name.as_str()));
        self.field.push(p.field.as_deref());
        self.provider.push(p.provider.as_deref());
        self.code.push(Some(p.code.as_str()));
        self.message.push(Some(p.message.get(self.lang)));
        self.rejected.push(p.rejected);
    }

    /// The polars DataFrame: text columns `Categorical`, `row` and `column` `Int64`,
    /// `rejected` `Boolean`.
    pub fn into_polars<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        use crate::arrow_out::{bools, dictionary, integers};
        let text = |c: Column| -> PyResult<_> {
            let (codes, categories) = c.finish();
            dictionary(&codes, categories)
        };
        let columns = vec![
            ("file", text(self.file)?),
            ("sheet", text(self.sheet)?),
            ("row", integers(self.row.iter().map(|r| r.and_then(|r| i64::try_from(r).ok())))),
            ("column", integers(self.column.iter().map(|c| c.map(i64::from)))),
            ("column_name", text(self.column_name)?),
            ("field", text(self.field)?),
            ("provider", text(self.provider)?),
            ("code", text(self.code)?),
            ("message", text(self.message)?),
            ("rejected", bools(&self.rejected)),
        ];
        crate::arrow_out::frame(py, columns, &[])
    }

    /// The pandas DataFrame.
    pub fn into_frame<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pd = pandas(py)?;
        let np = py.import("numpy")?;
        let data = PyDict::new(py);
        let nullable = |values: Vec<Option<i64>>| -> PyResult<Bound<'py, PyAny>> {
            let numbers: Vec<u8> = values.iter().flat_map(|v| v.unwrap_or(0).to_ne_bytes()).collect();
            let mask: Vec<u8> = values.iter().map(|v| u8::from(v.is_none())).collect();
            let numbers = np.call_method1("frombuffer", (PyBytes::new(py, &numbers), "int64"))?.call_method0("copy")?;
            let mask = np.call_method1("frombuffer", (PyBytes::new(py, &mask), "bool"))?.call_method0("copy")?;
            pd.getattr("arrays")?.getattr("IntegerArray")?.call1((numbers, mask))
        };
        let rows = self.row.iter().map(|r| r.and_then(|r| i64::try_from(r).ok())).collect();
        let columns = self.column.iter().map(|c| c.map(i64::from)).collect();
        data.set_item("file", categorical(py, self.file)?)?;
        data.set_item("sheet", categorical(py, self.sheet)?)?;
        data.set_item("row", nullable(rows)?)?;
        data.set_item("column", nullable(columns)?)?;
        data.set_item("column_name", categorical(py, self.column_name)?)?;
        data.set_item("field", categorical(py, self.field)?)?;
        data.set_item("provider", categorical(py, self.provider)?)?;
        data.set_item("code", categorical(py, self.code)?)?;
        data.set_item("message", categorical(py, self.message)?)?;
        let rejected: Vec<u8> = self.rejected.iter().map(|&r| u8::from(r)).collect();
        data.set_item("rejected", np.call_method1("frombuffer", (PyBytes::new(py, &rejected), "bool"))?.call_method0("copy")?)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", PyList::new(py, COLUMNS)?)?;
        pd.getattr("DataFrame")?.call((data,), Some(&kwargs))
    }
}
