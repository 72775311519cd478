//! Reading survey exports (CSV) into reports, as they really come out of survey tools and
//! Excel: comma, semicolon or tab separated (sniffed from the header row), a UTF-8 BOM,
//! Windows-1252 text (detected when the bytes are not UTF-8), decimal commas and `Ja`/`Nej`
//! (parsed by the core's cell reader), empty cells as unanswered.
//!
//! The header row names the report fields `provider,name,service,contract,date` and one
//! column per question id; a [`Mapping`] can translate a survey tool's column titles into
//! question ids first. An [`ExportReader`] then streams one `Result<Answers, RowError>` per
//! row, reusing its buffers, so memory stays flat however many rows the export has.
//!
//! Rows and columns are numbered as a spreadsheet shows them: the header is row 1 (rows are
//! the line a record starts on), the first column is column 1 (`A`). A problem with a whole
//! row (too few or too many cells, a missing provider, service or date) rejects that row as
//! a [`RowError`]; a problem with one cell stays in the report's
//! [`Answers::issues`](granska::Answers::issues), and [`Header::column_of`] finds the column
//! it came from. Problems with the header itself (an unknown question id, a duplicate
//! column) are listed by [`Header::problems`]; such a column is ignored.

// A rejected row is returned by value: it is the rare path, and boxing it would allocate.
#![allow(clippy::result_large_err)]

pub use crate::code::{InputCode, ProblemCode};

mod decode;
mod header;
mod problem;
mod reader;
mod rows;
mod table;

pub use decode::MAX_ROW_BYTES;
pub(crate) use decode::open_csv;
pub use header::{Column, ColumnTarget, Header, Mapping};
pub use problem::{ColumnRef, ExportError, InputProblem, RowError, column_letter};
pub use reader::{ExportOptions, ExportReader, ExportRow};
pub use rows::{ReadRow, ReadRows};
pub(crate) use table::{TableRows, has_workbook_extension, is_workbook};

/// The report fields an export's header may name besides question ids (the engine's list).
pub use granska::REPORT_FIELDS;
