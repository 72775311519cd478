//! polars frames out: the frames of `check_many` and `problems` (and `Report.to_polars`,
//! `Summary.to_polars`) built as Arrow arrays in Rust and handed to polars through the Arrow
//! PyCapsule interface (`polars.DataFrame(obj)` reads any object with `__arrow_c_stream__`),
//! without pyarrow and without a copy through Python objects.
//!
//! Text columns are Arrow dictionaries, which polars reads as `Categorical`; the columns with
//! a fixed vocabulary (`verdict`, `area`, `severity`) are then cast to `polars.Enum` with
//! that vocabulary in its order, as a polars user expects of a closed set of values.

use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, BooleanArray, DictionaryArray, Int32Array, Int64Array, RecordBatch, RecordBatchIterator, StringArray};
use arrow_schema::{Field, Schema};
use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList};

/// Imports polars, with an error that says how to get it.
pub fn polars(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("polars").map_err(|e| PyImportError::new_err(format!("granska needs polars for polars frames (pip install polars): {e}")))
}

/// A record batch handed to Python as an Arrow stream (the PyCapsule interface); each call of
/// `__arrow_c_stream__` streams it anew. Not part of the API: only polars sees it.
#[pyclass(module = "granska", frozen)]
pub struct ArrowStream {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowStream {
    /// The batch as an `arrow_array_stream` capsule; `requested_schema` is not honoured
    /// (the protocol lets a producer keep its own schema).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches = RecordBatchIterator::new([Ok(self.batch.clone())], self.batch.schema());
        let stream = FFI_ArrowArrayStream::new(Box::new(batches));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }
}

/// A column of text codes into categories (-1: absent) as an Arrow dictionary.
pub fn dictionary(codes: &[i32], categories: Vec<String>) -> PyResult<ArrayRef> {
    let keys = Int32Array::from_iter(codes.iter().map(|&c| (c >= 0).then_some(c)));
    let values = StringArray::from(categories);
    let array = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).map_err(|e| PyValueError::new_err(format!("cannot build the polars frame: {e}")))?;
    Ok(Arc::new(array))
}

/// A column of nullable whole numbers.
pub fn integers(values: impl IntoIterator<Item = Option<i64>>) -> ArrayRef {
    Arc::new(Int64Array::from_iter(values))
}

/// A column of yes/no.
pub fn bools(values: &[bool]) -> ArrayRef {
    Arc::new(BooleanArray::from(values.to_vec()))
}

/// The pyarrow Table of named columns (all of the same length), through the Arrow
/// PyCapsule interface (`pyarrow.table(obj)`).
pub fn table<'py>(py: Python<'py>, columns: Vec<(&str, ArrayRef)>) -> PyResult<Bound<'py, PyAny>> {
    let pa = py.import("pyarrow").map_err(|e| PyImportError::new_err(format!("granska needs pyarrow for Arrow tables (pip install pyarrow): {e}")))?;
    let batch = batch_of(columns)?;
    pa.call_method1("table", (Bound::new(py, ArrowStream { batch })?,))
}

/// One record batch of named columns (all of the same length).
fn batch_of(columns: Vec<(&str, ArrayRef)>) -> PyResult<RecordBatch> {
    let fields: Vec<Field> = columns.iter().map(|(name, array)| Field::new(*name, array.data_type().clone(), true)).collect();
    let arrays: Vec<ArrayRef> = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| PyValueError::new_err(format!("cannot build the frame: {e}")))
}

/// The polars DataFrame of named columns (all of the same length); `enums` lists the
/// columns cast to `polars.Enum` with their vocabulary.
pub fn frame<'py>(py: Python<'py>, columns: Vec<(&str, ArrayRef)>, enums: &[(&str, Vec<&str>)]) -> PyResult<Bound<'py, PyAny>> {
    let pl = polars(py)?;
    let batch = batch_of(columns)?;
    let df = pl.getattr("DataFrame")?.call1((Bound::new(py, ArrowStream { batch })?,))?;
    if enums.is_empty() {
        return Ok(df);
    }
    let casts = PyList::empty(py);
    for (name, vocabulary) in enums {
        let dtype = pl.getattr("Enum")?.call1((PyList::new(py, vocabulary)?,))?;
        casts.append(pl.call_method1("col", (*name,))?.call_method1("cast", (dtype,))?)?;
    }
    df.call_method1("with_columns", (casts,))
}
