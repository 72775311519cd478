//! The [`ExportReader`]: streams an export's rows (CSV, or a workbook's sheet) in file
//! order, reusing its buffers.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use granska::{Answers, Pack, Raw};

#[cfg(feature = "workbook")]
use super::decode::is_blank_cell;
use super::decode::{CsvInput, is_blank};
use super::table::TableRows;
use super::{ExportError, Header, InputCode, InputProblem, Mapping, RowError};

// The reader.

/// Options for reading an export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Column titles → question ids.
    pub mapping: Option<Mapping>,
    /// The sheet of a workbook to read (by name; the first when none is given). A CSV file has
    /// no sheets: naming one is an error.
    pub sheet: Option<String>,
}

/// One row of an export, read but not yet turned into a report (see [`Header::read_row`]);
/// lets a caller read rows in order and turn them into reports in parallel.
#[derive(Clone, Debug, Default)]
pub struct ExportRow {
    row: u64,
    record: csv::StringRecord,
    /// A workbook row's cells, when the row is from a workbook.
    #[cfg(feature = "workbook")]
    cells: Option<Vec<calamine::Data>>,
}

impl ExportRow {
    /// The row number (the line the row starts on, or the sheet's row; the header is row 1
    /// unless lines come before it).
    pub fn row(&self) -> u64 {
        self.row
    }

    /// Whether every cell is empty.
    pub(crate) fn is_blank(&self) -> bool {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &self.cells {
            return cells.iter().all(|c| is_blank_cell(&crate::workbook::raw(c)));
        }
        is_blank(&self.record)
    }

    /// The number of cells in the row.
    pub(crate) fn len(&self) -> usize {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &self.cells {
            return cells.len();
        }
        self.record.len()
    }

    /// Cell `i` (0-based) with its type: a CSV cell's text as written, a workbook cell as
    /// its type (a number, a date, a text).
    pub(crate) fn cell(&self, i: usize) -> Option<Raw<'_>> {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &self.cells {
            return cells.get(i).map(crate::workbook::raw);
        }
        self.record.get(i).map(Raw::Cell)
    }

    /// The cells as column titles: texts as written, numbers as their digits, any other cell
    /// empty.
    pub(crate) fn titles(&self) -> Vec<String> {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &self.cells {
            return cells.iter().map(crate::workbook::title).collect();
        }
        self.record.iter().map(str::to_string).collect()
    }

    /// Reads the next CSV record into the row; its line, `None` at the end.
    pub(super) fn read_csv<R: Read>(&mut self, csv: &mut CsvInput<R>) -> csv::Result<Option<u64>> {
        #[cfg(feature = "workbook")]
        {
            self.cells = None;
        }
        let line = csv.read_record(&mut self.record)?;
        if let Some(line) = line {
            self.row = line;
        }
        Ok(line)
    }

    /// Reads the next row of a sheet into the row; its number, `None` at the end.
    #[cfg(feature = "workbook")]
    pub(super) fn read_sheet(&mut self, sheet: &mut crate::workbook::Sheet) -> Option<u64> {
        let row = sheet.next_row(self.cells.get_or_insert_with(Vec::new))?;
        self.row = row;
        Some(row)
    }
}

impl Header {
    /// Reads one row of the export into a report.
    ///
    /// # Errors
    ///
    /// A rejected row, as [`Header::read_cells`].
    pub fn read_row(&self, pack: &Pack, row: &ExportRow) -> Result<Answers, RowError> {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &row.cells {
            return self.read_with(pack, row.row, cells.len(), |i| cells.get(i).map(crate::workbook::raw));
        }
        self.read_with(pack, row.row, row.record.len(), |i| row.record.get(i).map(Raw::Cell))
    }
}

/// Streams the rows of a survey export (CSV, or a workbook's sheet) as reports: one
/// `Result<Answers, RowError>` per non-blank row, in file order. Blank rows (every cell empty)
/// are skipped.
pub struct ExportReader<'p, R: Read> {
    pack: &'p Pack,
    rows: TableRows<R>,
    header: Arc<Header>,
    current: ExportRow,
}

impl<'p, R: Read> ExportReader<'p, R> {
    /// Opens a CSV export: decodes it, sniffs its separator and reads its header.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the input is empty or unreadable, has no provider, service or
    /// date column, or a sheet is named (a CSV file has none).
    pub fn new(pack: &'p Pack, input: R, source: &str, options: &ExportOptions) -> Result<ExportReader<'p, R>, ExportError> {
        no_sheet_in_csv(source, options)?;
        ExportReader::open(pack, TableRows::csv(input, source)?, options)
    }

    /// Opens the export on a table: its first non-blank row is the header.
    fn open(pack: &'p Pack, mut rows: TableRows<R>, options: &ExportOptions) -> Result<ExportReader<'p, R>, ExportError> {
        let mut current = ExportRow::default();
        let header_row = rows.title_row(&mut current)?;
        let titles = current.titles();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let mut header = Header::new_at(pack, &titles, options.mapping.as_ref(), rows.source(), header_row).map_err(|e| rows.on_sheet(e))?;
        if let Some(name) = rows.sheet_name() {
            header = header.on_sheet(name);
        }
        Ok(ExportReader { pack, rows, header: Arc::new(header), current })
    }

    /// The header, shared: keep it to locate the issues of the reports read.
    pub fn header(&self) -> Arc<Header> {
        Arc::clone(&self.header)
    }

    /// The pack the rows are read against.
    pub(super) fn pack(&self) -> &'p Pack {
        self.pack
    }

    /// The row number of the last row read (the header's row before any).
    pub fn row(&self) -> u64 {
        self.rows.row()
    }

    /// Reads the next non-blank row into `into` without turning it into a report (reusing
    /// its buffers). `Ok(false)` at the end.
    ///
    /// # Errors
    ///
    /// A rejected [`RowError`] when the input cannot be read further; the reading stops.
    pub fn read_row_into(&mut self, into: &mut ExportRow) -> Result<bool, RowError> {
        self.rows.next_row(into)
    }
}

/// A CSV file has no sheets: naming one is an error.
fn no_sheet_in_csv(source: &str, options: &ExportOptions) -> Result<(), ExportError> {
    match &options.sheet {
        None => Ok(()),
        Some(sheet) => Err(ExportError::one(InputProblem::new(
            source,
            InputCode::NoSheet,
            format!("Filen är en CSV-fil och har inga blad; bladet \"{sheet}\" kan inte väljas."),
            format!("the file is a CSV file and has no sheets; the sheet \"{sheet}\" cannot be chosen"),
        ))),
    }
}

impl<'p> ExportReader<'p, io::BufReader<std::fs::File>> {
    /// Opens an export file: a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, known by
    /// its first bytes or its name) with the `workbook` feature, otherwise CSV.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the file cannot be opened or read, or as [`ExportReader::new`].
    pub fn from_path(pack: &'p Pack, path: impl AsRef<Path>, options: &ExportOptions) -> Result<Self, ExportError> {
        let path = path.as_ref();
        let rows = TableRows::from_path(path, options.sheet.as_deref())?;
        if rows.sheet_name().is_none() {
            no_sheet_in_csv(rows.source(), options)?;
        }
        ExportReader::open(pack, rows, options)
    }
}

impl<R: Read> Iterator for ExportReader<'_, R> {
    type Item = Result<Answers, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut current = std::mem::take(&mut self.current);
        let result = match self.read_row_into(&mut current) {
            Ok(false) => None,
            Ok(true) => Some(self.header.read_row(self.pack, &current)),
            Err(e) => Some(Err(e)),
        };
        self.current = current;
        result
    }
}

impl<R: Read> fmt::Debug for ExportReader<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportReader").field("source", &self.header.source()).field("row", &self.rows.row()).finish()
    }
}
