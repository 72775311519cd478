//! The one loop over an export's rows: each row read into a report together with every
//! problem found in it, located at its row and column. The CLI, the Python package and the
//! summary's own pipeline read exports through it.

use std::io::Read;
use std::sync::Arc;

use granska::{Answers, Pack};

use super::{ExportReader, ExportRow, Header, InputProblem};

/// One row of an export read into a report, with its problems located.
#[derive(Clone, Debug)]
pub struct ReadRow {
    /// The row number as a spreadsheet shows it (the header is row 1 unless lines come
    /// before it).
    pub row: u64,
    /// The report read from the row, or why the whole row was rejected (a rejected
    /// [`InputProblem`]: too few or too many cells, no provider, service or date, an input
    /// that cannot be read further).
    pub answers: Result<Answers, InputProblem>,
    /// The answers of the row that were not used (wrong type, out of range, not relevant,
    /// unknown question, …), each located by [`Header::locate`] at its row and column, in
    /// the order of the report's issues. Empty for a rejected row.
    pub located: Vec<InputProblem>,
}

impl ReadRow {
    /// Reads `row` of an export with `header` into a report and locates its issues. Lets a
    /// caller read rows in order ([`ExportReader::read_row_into`]) and turn them into reports
    /// in parallel.
    pub fn new(header: &Header, pack: &Pack, row: &ExportRow) -> ReadRow {
        let answers = header.read_row(pack, row);
        let located = match &answers {
            Ok(a) => a.issues().iter().map(|i| header.locate(row.row(), a.provider(), i)).collect(),
            Err(_) => Vec::new(),
        };
        ReadRow { row: row.row(), answers, located }
    }

    /// Every problem of the row: its rejection, or the answers not used.
    pub fn problems(&self) -> impl Iterator<Item = &InputProblem> {
        self.answers.as_ref().err().into_iter().chain(&self.located)
    }
}

/// Streams the rows of an export as [`ReadRow`]s, in file order (see [`ExportReader::rows`]).
/// Blank rows are skipped. When the input cannot be read further, that is the last row
/// (rejected).
pub struct ReadRows<'r, 'p, R: Read> {
    reader: &'r mut ExportReader<'p, R>,
    header: Arc<Header>,
    current: ExportRow,
}

impl<'p, R: Read> ExportReader<'p, R> {
    /// The rows of the export, each read into a report with its problems located. The
    /// header's own problems (columns not read) are [`Header::problems`].
    pub fn rows(&mut self) -> ReadRows<'_, 'p, R> {
        let header = self.header();
        ReadRows { reader: self, header, current: ExportRow::default() }
    }
}

impl<R: Read> Iterator for ReadRows<'_, '_, R> {
    type Item = ReadRow;

    fn next(&mut self) -> Option<ReadRow> {
        match self.reader.read_row_into(&mut self.current) {
            Ok(false) => None,
            Ok(true) => Some(ReadRow::new(&self.header, self.reader.pack(), &self.current)),
            Err(e) => Some(ReadRow { row: e.row.unwrap_or_else(|| self.reader.row()), answers: Err(e), located: Vec::new() }),
        }
    }
}

impl<R: Read> std::fmt::Debug for ReadRows<'_, '_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadRows").field("reader", &self.reader).finish()
    }
}
