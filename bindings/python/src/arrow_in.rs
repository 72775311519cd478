//! Arrow data frames in: any object that speaks the Arrow PyCapsule interface
//! (`__arrow_c_stream__`, or `__arrow_c_array__` for a single record batch) — a polars
//! DataFrame, a pyarrow Table, RecordBatch or RecordBatchReader, a DuckDB result, … — is
//! imported with arrow-rs's C stream reader and read column by column in Rust, never through
//! Python objects row by row.
//!
//! The column names are the header of an export ([`Header`]): report fields and question ids
//! (after the `mapping`), unknown and duplicate columns reported and not read. Each row is a
//! report, read by the core's typed cell reader ([`Header::read_cells`]) from these cells:
//!
//! | Arrow type | cell |
//! |---|---|
//! | Utf8, LargeUtf8, Utf8View, Dictionary of them (polars Categorical, Enum) | the text as written |
//! | Boolean | yes/no |
//! | Int8 … Int64, UInt8 … UInt64 | a whole number (a UInt64 past `i64::MAX`: its digits as text) |
//! | Float16, Float32, Float64 | a number (NaN and infinity: the core refuses them, an issue) |
//! | Decimal32 … Decimal256 | its exact digits as text |
//! | Date32, Date64 | a calendar date |
//! | Timestamp without a zone | a wall-clock date and time (seconds; a fraction is dropped) |
//! | Timestamp with a zone | an instant, which the core dates in Europe/Stockholm |
//! | Null, and a null cell | unanswered |
//! | List, LargeList, FixedSizeList (of the above, or of structs) | a JSON array (a multiple choice, a list of records) |
//!
//! A column that is read (a report field or a question) of any other type (Binary, Duration,
//! Time, Struct, Map, …) is a `TypeError` naming the column and its type, before any row is
//! read: granska never casts a value silently.
//!
//! Rows are numbered from 0 in input order, as for a pandas DataFrame; problems are located
//! by row and field (the question id or report field), without a file or column number.

// The Arrow PyCapsule interface hands over C structs: taking them is `unsafe`. The two
// blocks that do (below, each with its SAFETY note) are the only unsafe code of granska's own.
#![allow(unsafe_code)]

use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::temporal_conversions::{date32_to_datetime, timestamp_s_to_datetime};
use arrow_array::types::{
    Decimal32Type, Decimal64Type, Decimal128Type, Decimal256Type, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayReader, ArrayRef, BooleanArray, GenericStringArray, RecordBatch, RecordBatchOptions, StringViewArray, make_array};
use arrow_schema::{DataType, Fields, Schema, TimeUnit};
use granska::{Answers, Raw};
use granska_summary::export::{ColumnTarget, ExportError, Header, InputProblem, Mapping};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use rayon::prelude::*;
use serde_json::{Map, Number, Value as Json};
use std::ffi::CStr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crate::convert::type_name;
use crate::errors::guard;

const STREAM: &CStr = c"arrow_array_stream";
const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// Whether a Python value speaks the Arrow PyCapsule interface (a stream or one array).
pub fn speaks_arrow(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(value.hasattr("__arrow_c_stream__")? || value.hasattr("__arrow_c_array__")?)
}

/// Whether a Python value is a polars object (its results are then given as polars too).
pub fn is_polars(value: &Bound<'_, PyAny>) -> bool {
    value.get_type().module().is_ok_and(|m| m.to_cow().is_ok_and(|m| m == "polars" || m.starts_with("polars.")))
}

/// The record batches of an Arrow input, as they come: a stream of struct arrays (a table's
/// rows), or one struct array.
enum Batches {
    Stream(ArrayStreamReader),
    One(Option<ArrayRef>),
}

impl Batches {
    /// The next batch. Malformed Arrow data that makes arrow-rs's importer panic ends the
    /// stream with an error rather than a panic.
    fn next(&mut self) -> Option<Result<RecordBatch, String>> {
        let next = catch_unwind(AssertUnwindSafe(|| {
            let array = match self {
                Batches::Stream(reader) => reader.next()?.map_err(|e| e.to_string()),
                Batches::One(array) => Ok(array.take()?),
            };
            Some(array.and_then(|a| batch_of(a.as_ref())))
        }));
        next.unwrap_or_else(|_| {
            *self = Batches::One(None);
            Some(Err("the Arrow data is malformed".into()))
        })
    }
}

/// The record batch of a struct array (a table's rows); a null row is no report, and is an
/// error rather than a panic.
fn batch_of(array: &dyn Array) -> Result<RecordBatch, String> {
    let Some(rows) = array.as_struct_opt() else { return Err(format!("a batch of the stream is of Arrow type {}, not a table", array.data_type())) };
    if rows.null_count() > 0 {
        return Err(format!("{} of its rows are null (a struct array with null rows is not a table)", rows.null_count()));
    }
    let schema = Arc::new(Schema::new(rows.fields().clone()));
    RecordBatch::try_new_with_options(schema, rows.columns().to_vec(), &RecordBatchOptions::new().with_row_count(Some(rows.len()))).map_err(|e| e.to_string())
}

/// The `TypeError` for an Arrow input that is not a table (a single column, a scalar).
fn not_a_table(call: &str, value: &Bound<'_, PyAny>, why: impl std::fmt::Display) -> PyErr {
    PyTypeError::new_err(format!("{call}() takes a data frame with one row per report and one column per field or question, not {} ({why})", type_name(value)))
}

/// The `TypeError` for an Arrow input of a type other than a table's.
fn not_rows(call: &str, value: &Bound<'_, PyAny>, data_type: &DataType) -> PyErr {
    not_a_table(call, value, format!("a single column of Arrow type {data_type}; give the whole data frame"))
}

/// A polars DataFrame with its columns of nulls (the `Null` type, or lists of it) cast to
/// text. polars exports such a column with a buffer, which the Arrow C data interface does
/// not allow and arrow-rs refuses; every cell is null either way.
fn polars_nulls_as_text<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    if !is_polars(value) || !value.hasattr("with_columns")? {
        return Ok(value.clone());
    }
    let pl = py.import("polars")?;
    let (null, list, array, text) = (pl.getattr("Null")?, pl.getattr("List")?, pl.getattr("Array")?, pl.getattr("String")?);
    let mut casts = vec![];
    for item in value.getattr("schema")?.call_method0("items")?.try_iter()? {
        let (name, dtype): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item?.extract()?;
        let target = if dtype.eq(&null)? {
            Some(text.clone())
        } else if (dtype.is_instance(&list)? || dtype.is_instance(&array)?) && dtype.getattr("inner")?.eq(&null)? {
            Some(list.call1((&text,))?)
        } else {
            None
        };
        if let Some(target) = target {
            casts.push(pl.call_method1("col", (name,))?.call_method1("cast", (target,))?);
        }
    }
    if casts.is_empty() { Ok(value.clone()) } else { value.call_method1("with_columns", (casts,)) }
}

/// Imports an Arrow input: its columns and batches. Holds the GIL: the producer may need it.
fn import(call: &str, value: &Bound<'_, PyAny>) -> PyResult<(Fields, Batches)> {
    let exported = polars_nulls_as_text(value)?;
    if exported.hasattr("__arrow_c_stream__")? {
        let value = &exported;
        let capsule = value.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>().map_err(|_| not_a_table(call, value, "__arrow_c_stream__() did not return a capsule"))?;
        let pointer = capsule.pointer_checked(Some(STREAM))?.cast::<FFI_ArrowArrayStream>();
        // SAFETY: a capsule named `arrow_array_stream` holds an `ArrowArrayStream` (the Arrow
        // PyCapsule interface), aligned and initialised by its producer. `from_raw` moves the
        // stream out and marks the capsule's copy released, so the capsule's destructor
        // (which runs later: `capsule` is alive here) does not release it a second time.
        let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr()) };
        if stream.get_next().is_none() {
            return Err(not_a_table(call, value, "its Arrow stream has no get_next callback"));
        }
        let reader = ArrayStreamReader::try_new(stream).map_err(|e| not_a_table(call, value, e))?;
        return match reader.field().data_type() {
            DataType::Struct(fields) => Ok((fields.clone(), Batches::Stream(reader))),
            other => Err(not_rows(call, value, other)),
        };
    }
    let pair = value.call_method0("__arrow_c_array__")?;
    let pair = pair.cast::<PyTuple>().map_err(|_| not_a_table(call, value, "__arrow_c_array__() did not return a pair of capsules"))?;
    if pair.len() != 2 {
        return Err(not_a_table(call, value, "__arrow_c_array__() did not return a pair of capsules"));
    }
    let (schema, array) = (pair.get_item(0)?, pair.get_item(1)?);
    let schema = schema.cast::<PyCapsule>().map_err(|_| not_a_table(call, value, "no schema capsule"))?;
    let array = array.cast::<PyCapsule>().map_err(|_| not_a_table(call, value, "no array capsule"))?;
    let schema_pointer = schema.pointer_checked(Some(SCHEMA))?.cast::<FFI_ArrowSchema>();
    let array_pointer = array.pointer_checked(Some(ARRAY))?.cast::<FFI_ArrowArray>();
    // SAFETY: capsules named `arrow_schema` and `arrow_array` hold an `ArrowSchema` and an
    // `ArrowArray` (the Arrow PyCapsule interface). The schema is only borrowed while its
    // capsule is alive; the array is moved out (its capsule's copy marked released).
    let data = unsafe {
        let ffi_array = FFI_ArrowArray::from_raw(array_pointer.as_ptr());
        from_ffi(ffi_array, schema_pointer.as_ref())
    }
    .map_err(|e| not_a_table(call, value, e))?;
    match data.data_type() {
        DataType::Struct(fields) => Ok((fields.clone(), Batches::One(Some(make_array(data))))),
        other => Err(not_rows(call, value, other)),
    }
}

/// Whether a column of this Arrow type can be read; `nested` inside a list (where a struct
/// is a record of a list question).
fn readable(data_type: &DataType, nested: bool) -> bool {
    use DataType::*;
    match data_type {
        Null | Boolean | Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 | Float16 | Float32 | Float64 | Utf8 | LargeUtf8 | Utf8View | Date32 | Date64 => true,
        Decimal32(..) | Decimal64(..) | Decimal128(..) | Decimal256(..) | Timestamp(..) => true,
        Dictionary(_, values) => readable(values, nested),
        List(item) | LargeList(item) | FixedSizeList(item, _) => readable(item.data_type(), true),
        Struct(fields) => nested && fields.iter().all(|f| readable(f.data_type(), true)),
        _ => false,
    }
}

/// An Arrow input being read: how its rows are read, and its batches.
pub struct ArrowFrame {
    rows: FrameRows,
    batches: Batches,
    /// Rows of the last batch not yet handed out.
    pending: Option<RecordBatch>,
    /// The 0-based position of the next row.
    next_row: u64,
}

/// How the rows of an Arrow input are read: its header and which columns are read. Shared
/// by the threads that read a chunk.
pub struct FrameRows {
    header: Header,
    /// Per column: whether it is read (a report field or a question).
    read: Vec<bool>,
    /// The column of the service type, for the rows that are rejected.
    service: Option<usize>,
}

/// One chunk of rows: batches (zero-copy slices) and the position of their first row.
pub struct Chunk {
    pub batches: Vec<RecordBatch>,
    pub first_row: u64,
}

/// One row of a chunk as read: its position, its service type as given (for a rejected
/// row), and its answers or why it was rejected.
pub struct Row {
    pub row: u64,
    pub service: Option<String>,
    pub read: Result<Answers, InputProblem>,
}

impl ArrowFrame {
    /// Opens an Arrow input for `call` (named in errors): imports it and reads its column
    /// names against the pack. A `TypeError` when it is not a table or a column that would
    /// be read has a type granska cannot read; the inner `ExportError` when the provider,
    /// service or date column is missing.
    pub fn open(call: &str, value: &Bound<'_, PyAny>, pack: &granska::Pack, mapping: Option<&Mapping>) -> PyResult<Result<ArrowFrame, ExportError>> {
        let (fields, batches) = guard(|| import(call, value))??;
        let titles: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
        let header = match Header::new(pack, &titles, mapping, "") {
            Ok(h) => h,
            Err(mut e) => {
                for p in &mut e.problems {
                    unplace(p);
                    p.row = None;
                }
                return Ok(Err(e));
            }
        };
        let read: Vec<bool> = header.columns().iter().map(|c| !matches!(c.target, ColumnTarget::Ignored)).collect();
        let unreadable: Vec<String> =
            fields.iter().zip(&read).filter(|(f, read)| **read && !readable(f.data_type(), false)).map(|(f, _)| format!("\"{}\" ({})", f.name(), f.data_type())).collect();
        if !unreadable.is_empty() {
            let (s, they) = if unreadable.len() == 1 { ("", "it") } else { ("s", "them") };
            return Err(PyTypeError::new_err(format!(
                "{call}(): granska cannot read the column{s} {} of the {}: a column is text, a number, a yes/no, a date, a timestamp or a list of these; cast {they} (e.g. to text) or drop {they}",
                unreadable.join(", "),
                type_name(value)
            )));
        }
        let service = header.columns().iter().position(|c| c.target == ColumnTarget::Field("service"));
        Ok(Ok(ArrowFrame { rows: FrameRows { header, read, service }, batches, pending: None, next_row: 0 }))
    }

    /// How its rows are read.
    pub fn rows(&self) -> &FrameRows {
        &self.rows
    }

    /// The next chunk of at most `rows` rows; empty at the end. Holds the GIL (the producer
    /// of the stream may need it). An error of the producer is an `ExportError`.
    pub fn next_chunk(&mut self, rows: usize) -> Result<Chunk, ExportError> {
        let first_row = self.next_row;
        let mut batches = vec![];
        let mut taken = 0usize;
        while taken < rows {
            let batch = match self.pending.take() {
                Some(b) => b,
                None => match self.batches.next() {
                    None => break,
                    Some(Ok(b)) => b,
                    Some(Err(e)) => {
                        let problem = InputProblem {
                            file: String::new(),
                            sheet: None,
                            row: Some(self.next_row + taken as u64),
                            column: None,
                            field: None,
                            provider: None,
                            code: granska_summary::export::InputCode::Io.into(),
                            message: granska::Text { sv: format!("Kan inte läsa vidare i tabellen: {e}"), en: format!("cannot read the data frame further: {e}") },
                            rejected: true,
                        };
                        return Err(ExportError { problems: vec![problem] });
                    }
                },
            };
            let want = rows - taken;
            if batch.num_rows() > want {
                self.pending = Some(batch.slice(want, batch.num_rows() - want));
                batches.push(batch.slice(0, want));
                taken += want;
            } else if batch.num_rows() > 0 {
                taken += batch.num_rows();
                batches.push(batch);
            }
        }
        self.next_row += taken as u64;
        Ok(Chunk { batches, first_row })
    }
}

impl FrameRows {
    /// The problems of the header (a column not read), placed as a data frame's are: by
    /// field, without a row.
    pub fn header_problems(&self) -> Vec<InputProblem> {
        self.header
            .problems()
            .iter()
            .cloned()
            .map(|mut p| {
                unplace(&mut p);
                p.row = None;
                p
            })
            .collect()
    }

    /// Reads the rows of a chunk into reports, in parallel, in input order. Needs no GIL.
    pub fn read(&self, pack: &granska::Pack, chunk: &Chunk) -> Vec<Row> {
        let mut out = Vec::with_capacity(chunk.batches.iter().map(RecordBatch::num_rows).sum());
        let mut first = chunk.first_row;
        for batch in &chunk.batches {
            let columns: Vec<Col<'_>> = batch.columns().iter().zip(&self.read).map(|(a, &read)| if read { Col::new(a.as_ref()) } else { Col::skipped() }).collect();
            let rows: Vec<Row> = (0..batch.num_rows()).into_par_iter().map(|i| self.read_row(pack, &columns, i, first + i as u64)).collect();
            out.extend(rows);
            first += batch.num_rows() as u64;
        }
        out
    }

    fn read_row(&self, pack: &granska::Pack, columns: &[Col<'_>], i: usize, row: u64) -> Row {
        let cells: Vec<Cell<'_>> = columns.iter().map(|c| c.cell(i)).collect();
        let raws: Vec<Raw<'_>> = cells.iter().map(Cell::raw).collect();
        let service = self.service.and_then(|s| cells.get(s)).and_then(Cell::text);
        let read = self.header.read_cells(pack, row, &raws).map_err(|mut p| {
            unplace(&mut p);
            p
        });
        Row { row, service, read }
    }

    /// The located problem of an answer issue of a report read from `row`.
    pub fn locate(&self, row: u64, provider: &str, issue: &granska::AnswerIssue) -> InputProblem {
        let mut p = self.header.locate(row, provider, issue);
        unplace(&mut p);
        p
    }
}

/// Places a problem as a data frame's are: by row and field, with no file or column number
/// (the field names the column, as the report fields and question ids are the column names).
fn unplace(p: &mut InputProblem) {
    p.file = String::new();
    p.column = None;
}

/// One cell of a row: a value of the Arrow array, borrowed where it can be.
enum Cell<'a> {
    Empty,
    Text(&'a str),
    Owned(String),
    Bool(bool),
    Integer(i64),
    Number(f64),
    Date(i32),
    DateTime(i64),
    Instant(i64),
    Json(Json),
}

impl Cell<'_> {
    fn raw(&self) -> Raw<'_> {
        match self {
            Cell::Empty => Raw::Empty,
            Cell::Text(t) => Raw::Cell(t),
            Cell::Owned(t) => Raw::Cell(t),
            Cell::Bool(b) => Raw::Bool(*b),
            Cell::Integer(i) => Raw::Integer(*i),
            Cell::Number(x) => Raw::Number(*x),
            Cell::Date(d) => Raw::Date(*d),
            Cell::DateTime(s) => Raw::DateTime(*s),
            Cell::Instant(s) => Raw::Instant(*s),
            Cell::Json(j) => Raw::Json(j),
        }
    }

    /// The cell as text, when it is text or a whole number (a service type as given).
    fn text(&self) -> Option<String> {
        match self {
            Cell::Text(t) => Some(t.to_string()),
            Cell::Owned(t) => Some(t.clone()),
            Cell::Integer(i) => Some(i.to_string()),
            _ => None,
        }
    }

    /// The cell as JSON, as a JSON report would give it: texts, whole numbers and finite
    /// numbers as themselves, yes/no, dates as `YYYY-MM-DD`, timestamps as ISO text (`…Z`
    /// with a zone: UTC); NaN and infinity as their text (`NaN`, `inf`), which a number
    /// question refuses as it refuses them in a column, never a silent null.
    fn into_json(self) -> Json {
        let iso = |s: i64, zone: &str| timestamp_s_to_datetime(s).map_or(Json::Null, |t| Json::String(format!("{}{zone}", t.format("%Y-%m-%dT%H:%M:%S"))));
        match self {
            Cell::Empty => Json::Null,
            Cell::Text(t) => Json::String(t.to_string()),
            Cell::Owned(t) => Json::String(t),
            Cell::Bool(b) => Json::Bool(b),
            Cell::Integer(n) => Json::Number(n.into()),
            Cell::Number(x) => Number::from_f64(x).map_or_else(
                || {
                    Json::String(if x.is_nan() {
                        "NaN".into()
                    } else if x > 0.0 {
                        "inf".into()
                    } else {
                        "-inf".into()
                    })
                },
                Json::Number,
            ),
            Cell::Date(d) => date32_to_datetime(d).map_or(Json::Null, |d| Json::String(d.date().to_string())),
            Cell::DateTime(s) => iso(s, ""),
            Cell::Instant(s) => iso(s, "Z"),
            Cell::Json(j) => j,
        }
    }
}

/// A column of a batch, its type resolved once: its null mask and its values.
struct Col<'a> {
    array: Option<&'a dyn Array>,
    kind: Kind<'a>,
}

enum Kind<'a> {
    /// A column not read, or of the Null type.
    Empty,
    Utf8(&'a GenericStringArray<i32>),
    LargeUtf8(&'a GenericStringArray<i64>),
    View(&'a StringViewArray),
    Bool(&'a BooleanArray),
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    F16(&'a [<Float16Type as arrow_array::ArrowPrimitiveType>::Native]),
    F32(&'a [f32]),
    F64(&'a [f64]),
    /// Decimals: their exact text.
    Decimal(&'a dyn Array),
    Date32(&'a [i32]),
    /// Milliseconds since 1970-01-01.
    Date64(&'a [i64]),
    /// Timestamps in units of `1 / per_second` s; `zoned` when the type has a time zone.
    Timestamp {
        values: &'a [i64],
        per_second: i64,
        zoned: bool,
    },
    /// A dictionary: each row's key into the values (a null key: `None`).
    Dictionary {
        keys: Vec<usize>,
        values: Box<Col<'a>>,
    },
    /// Lists: JSON.
    Json(&'a dyn Array),
}

impl<'a> Col<'a> {
    fn skipped() -> Col<'a> {
        Col { array: None, kind: Kind::Empty }
    }

    /// Resolves a column of a type [`readable`] accepts (anything else reads as empty; the
    /// frame was refused before).
    fn new(array: &'a dyn Array) -> Col<'a> {
        use DataType::*;
        let kind = match array.data_type() {
            Utf8 => Kind::Utf8(array.as_string::<i32>()),
            LargeUtf8 => Kind::LargeUtf8(array.as_string::<i64>()),
            Utf8View => Kind::View(array.as_string_view()),
            Boolean => Kind::Bool(array.as_boolean()),
            Int8 => Kind::I8(array.as_primitive::<Int8Type>().values()),
            Int16 => Kind::I16(array.as_primitive::<Int16Type>().values()),
            Int32 => Kind::I32(array.as_primitive::<Int32Type>().values()),
            Int64 => Kind::I64(array.as_primitive::<Int64Type>().values()),
            UInt8 => Kind::U8(array.as_primitive::<UInt8Type>().values()),
            UInt16 => Kind::U16(array.as_primitive::<UInt16Type>().values()),
            UInt32 => Kind::U32(array.as_primitive::<UInt32Type>().values()),
            UInt64 => Kind::U64(array.as_primitive::<UInt64Type>().values()),
            Float16 => Kind::F16(array.as_primitive::<Float16Type>().values()),
            Float32 => Kind::F32(array.as_primitive::<Float32Type>().values()),
            Float64 => Kind::F64(array.as_primitive::<Float64Type>().values()),
            Decimal32(..) | Decimal64(..) | Decimal128(..) | Decimal256(..) => Kind::Decimal(array),
            Date32 => Kind::Date32(array.as_primitive::<arrow_array::types::Date32Type>().values()),
            Date64 => Kind::Date64(array.as_primitive::<arrow_array::types::Date64Type>().values()),
            Timestamp(unit, zone) => {
                let (values, per_second): (&[i64], i64) = match unit {
                    TimeUnit::Second => (array.as_primitive::<arrow_array::types::TimestampSecondType>().values(), 1),
                    TimeUnit::Millisecond => (array.as_primitive::<arrow_array::types::TimestampMillisecondType>().values(), 1_000),
                    TimeUnit::Microsecond => (array.as_primitive::<arrow_array::types::TimestampMicrosecondType>().values(), 1_000_000),
                    TimeUnit::Nanosecond => (array.as_primitive::<arrow_array::types::TimestampNanosecondType>().values(), 1_000_000_000),
                };
                Kind::Timestamp { values, per_second, zoned: zone.is_some() }
            }
            Dictionary(..) => {
                let dictionary = array.as_any_dictionary();
                Kind::Dictionary { keys: dictionary.normalized_keys(), values: Box::new(Col::new(dictionary.values().as_ref())) }
            }
            List(_) | LargeList(_) | FixedSizeList(..) => Kind::Json(array),
            _ => Kind::Empty,
        };
        Col { array: Some(array), kind }
    }

    /// The cell at row `i`.
    fn cell(&self, i: usize) -> Cell<'a> {
        let Some(array) = self.array else {
            return Cell::Empty;
        };
        if array.is_null(i) {
            return Cell::Empty;
        }
        match &self.kind {
            Kind::Empty => Cell::Empty,
            Kind::Utf8(a) => Cell::Text(a.value(i)),
            Kind::LargeUtf8(a) => Cell::Text(a.value(i)),
            Kind::View(a) => Cell::Text(a.value(i)),
            Kind::Bool(a) => Cell::Bool(a.value(i)),
            Kind::I8(v) => Cell::Integer(v[i].into()),
            Kind::I16(v) => Cell::Integer(v[i].into()),
            Kind::I32(v) => Cell::Integer(v[i].into()),
            Kind::I64(v) => Cell::Integer(v[i]),
            Kind::U8(v) => Cell::Integer(v[i].into()),
            Kind::U16(v) => Cell::Integer(v[i].into()),
            Kind::U32(v) => Cell::Integer(v[i].into()),
            Kind::U64(v) => match i64::try_from(v[i]) {
                Ok(n) => Cell::Integer(n),
                Err(_) => Cell::Owned(v[i].to_string()),
            },
            // A 32- or 16-bit float as written: 0.1, not the 0.10000000149011612 it widens to.
            Kind::F16(v) => Cell::Number(narrow_as_written(v[i].to_f32())),
            Kind::F32(v) => Cell::Number(narrow_as_written(v[i])),
            Kind::F64(v) => Cell::Number(v[i]),
            Kind::Decimal(a) => Cell::Owned(decimal_text(*a, i)),
            Kind::Date32(v) => Cell::Date(v[i]),
            Kind::Date64(v) => Cell::Date(date64_days(v[i])),
            Kind::Timestamp { values, per_second, zoned } => {
                let seconds = values[i].div_euclid(*per_second);
                if *zoned { Cell::Instant(seconds) } else { Cell::DateTime(seconds) }
            }
            // A key past the dictionary (malformed data from another library) is no value.
            Kind::Dictionary { keys, values } => match keys.get(i) {
                Some(&k) if values.array.is_some_and(|a| k < a.len()) => values.cell(k),
                _ => Cell::Empty,
            },
            Kind::Json(a) => Cell::Json(json_at(*a, i)),
        }
    }
}

/// A 32-bit float as the f64 of its shortest decimal form (what a person wrote, `0.1`).
fn narrow_as_written(x: f32) -> f64 {
    x.to_string().parse::<f64>().unwrap_or(f64::from(x))
}

/// The day of a Date64 (milliseconds since 1970-01-01).
fn date64_days(ms: i64) -> i32 {
    i32::try_from(ms.div_euclid(86_400_000)).unwrap_or(if ms < 0 { i32::MIN } else { i32::MAX })
}

/// A decimal's exact text (`12.50` for 1250 at scale 2).
fn decimal_text(array: &dyn Array, i: usize) -> String {
    match array.data_type() {
        DataType::Decimal32(..) => array.as_primitive::<Decimal32Type>().value_as_string(i),
        DataType::Decimal64(..) => array.as_primitive::<Decimal64Type>().value_as_string(i),
        DataType::Decimal128(..) => array.as_primitive::<Decimal128Type>().value_as_string(i),
        DataType::Decimal256(..) => array.as_primitive::<Decimal256Type>().value_as_string(i),
        _ => String::new(),
    }
}

/// A value inside a list as JSON, as a JSON report would give it (see [`Cell::into_json`]):
/// decimals as their text, lists as arrays, structs as objects, null as null.
fn json_at(array: &dyn Array, i: usize) -> Json {
    if array.is_null(i) {
        return Json::Null;
    }
    match Col::new(array).kind {
        Kind::Dictionary { keys, values } => match (keys.get(i), values.array) {
            (Some(&k), Some(values)) if k < values.len() => json_at(values, k),
            _ => Json::Null,
        },
        Kind::Json(_) => {
            let items: Option<ArrayRef> = match array.data_type() {
                DataType::List(_) => Some(array.as_list::<i32>().value(i)),
                DataType::LargeList(_) => Some(array.as_list::<i64>().value(i)),
                DataType::FixedSizeList(..) => Some(array.as_fixed_size_list().value(i)),
                _ => None,
            };
            match items {
                Some(items) => Json::Array((0..items.len()).map(|j| json_at(items.as_ref(), j)).collect()),
                None => Json::Null,
            }
        }
        _ if matches!(array.data_type(), DataType::Struct(_)) => {
            let s = array.as_struct();
            let mut map = Map::new();
            for (field, column) in s.fields().iter().zip(s.columns()) {
                map.insert(field.name().clone(), json_at(column.as_ref(), i));
            }
            Json::Object(map)
        }
        _ => Col::new(array).cell(i).into_json(),
    }
}

/// The rows of an Arrow roster as flat mappings (provider, service, name, contract): a text
/// cell as written, a whole number as its digits, a date as `YYYY-MM-DD`; a null cell, and
/// NaN (a pandas-made frame's empty cell), left out. The roster reader refuses what is no
/// text (yes/no, other numbers, lists), saying which entry.
pub fn records(call: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<Map<String, Json>>> {
    let (fields, mut batches) = guard(|| import(call, value))??;
    let mut out = vec![];
    while let Some(batch) = batches.next() {
        let batch = batch.map_err(|e| not_a_table(call, value, e))?;
        let columns: Vec<Col<'_>> = batch.columns().iter().map(|a| Col::new(a.as_ref())).collect();
        for i in 0..batch.num_rows() {
            let mut map = Map::new();
            for (field, column) in fields.iter().zip(&columns) {
                let text = match column.cell(i) {
                    Cell::Empty => continue,
                    Cell::Number(x) if x.is_nan() => continue,
                    cell => cell.into_json(),
                };
                map.insert(field.name().clone(), text);
            }
            out.push(map);
        }
    }
    Ok(out)
}
