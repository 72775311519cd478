//! The [`ExportReader`]: streams an export's rows (CSV, or a workbook's sheet) in file
//! order, reusing its buffers.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use granska::{Answers, Pack, Raw};

use super::decode::{CsvInput, is_blank, is_blank_cell, open_csv};
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
    fn is_blank(&self) -> bool {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &self.cells {
            return cells.iter().all(|c| is_blank_cell(&crate::workbook::raw(c)));
        }
        is_blank(&self.record)
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
            let cells: Vec<Raw<'_>> = cells.iter().map(crate::workbook::raw).collect();
            return self.read_cells(pack, row.row, &cells);
        }
        self.read_with(pack, row.row, row.record.len(), |i| row.record.get(i).map(Raw::Cell))
    }
}

/// Where an export's rows come from. (The CSV variant is the large one, and the common one:
/// boxing it would cost an indirection per row read.)
#[allow(clippy::large_enum_variant)]
enum Rows<R> {
    Csv(CsvInput<R>),
    #[cfg(feature = "workbook")]
    Sheet(Box<crate::workbook::Sheet>),
}

/// Streams the rows of a survey export (CSV, or a workbook's sheet) as reports: one
/// `Result<Answers, RowError>` per non-blank row, in file order. Blank rows (every cell empty)
/// are skipped.
pub struct ExportReader<'p, R: Read> {
    pack: &'p Pack,
    rows: Rows<R>,
    header: Arc<Header>,
    current: ExportRow,
    row: u64,
    done: bool,
}

impl<'p, R: Read> ExportReader<'p, R> {
    /// Opens a CSV export: decodes it, sniffs its separator and reads its header.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the input is empty or unreadable, has no provider, service or
    /// date column, or a sheet is named (a CSV file has none).
    pub fn new(pack: &'p Pack, input: R, source: &str, options: &ExportOptions) -> Result<ExportReader<'p, R>, ExportError> {
        if let Some(sheet) = &options.sheet {
            return Err(ExportError::one(InputProblem::new(
                source,
                InputCode::NoSheet,
                format!("Filen är en CSV-fil och har inga blad; bladet \"{sheet}\" kan inte väljas."),
                format!("the file is a CSV file and has no sheets; the sheet \"{sheet}\" cannot be chosen"),
            )));
        }
        let mut csv = open_csv(input, source)?;
        let mut record = csv::StringRecord::new();
        let header_row = loop {
            match csv.read_record(&mut record) {
                Ok(Some(_)) if is_blank(&record) => continue,
                Ok(Some(line)) => break line,
                Ok(None) => {
                    return Err(ExportError::one(InputProblem::new(
                        source,
                        InputCode::Empty,
                        "Filen är tom: rubrikraden saknas.".into(),
                        "the file is empty: there is no header row".into(),
                    )));
                }
                Err(e) => {
                    return Err(ExportError::one(InputProblem::unreadable(source, &e)));
                }
            }
        };
        let titles: Vec<&str> = record.iter().collect();
        let header = Header::new_at(pack, &titles, options.mapping.as_ref(), source, header_row)?;
        Ok(ExportReader { pack, rows: Rows::Csv(csv), header: Arc::new(header), current: ExportRow::default(), row: header_row, done: false })
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
        self.row
    }

    /// Reads the next non-blank row into `into` without turning it into a report (reusing
    /// its buffers). `Ok(false)` at the end.
    ///
    /// # Errors
    ///
    /// A rejected [`RowError`] when the input cannot be read further; the reading stops.
    pub fn read_row_into(&mut self, into: &mut ExportRow) -> Result<bool, RowError> {
        if self.done {
            return Ok(false);
        }
        loop {
            let next = match &mut self.rows {
                Rows::Csv(csv) => {
                    #[cfg(feature = "workbook")]
                    {
                        into.cells = None;
                    }
                    csv.read_record(&mut into.record)
                }
                #[cfg(feature = "workbook")]
                Rows::Sheet(sheet) => {
                    let cells = into.cells.get_or_insert_with(Vec::new);
                    Ok(sheet.next_row(cells))
                }
            };
            match next {
                Ok(None) => {
                    self.done = true;
                    return Ok(false);
                }
                Ok(Some(line)) => {
                    into.row = line;
                    self.row = line;
                    if !into.is_blank() {
                        return Ok(true);
                    }
                }
                Err(e) => {
                    self.done = true;
                    let mut p = InputProblem::new(self.header.source(), InputCode::Io, format!("Kan inte läsa vidare i filen: {e}"), format!("cannot read the file further: {e}"));
                    p.row = Some(self.row + 1);
                    p.rejected = true;
                    return Err(p);
                }
            }
        }
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
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| ExportError::io(&source, &e))?;
        #[allow(unused_mut)]
        let mut input = io::BufReader::new(file);
        #[cfg(feature = "workbook")]
        {
            // Peek at the first bytes without consuming them (no seek: a pipe works too).
            use std::io::BufRead;
            let first = input.fill_buf().map_err(|e| ExportError::io(&source, &e))?;
            if crate::workbook::is_workbook(first) || crate::workbook::has_workbook_extension(path) {
                return ExportReader::from_sheet(pack, crate::workbook::Sheet::from_path(path, options.sheet.as_deref(), &source)?, &source, options);
            }
        }
        ExportReader::new(pack, input, &source, options)
    }

    /// Opens the export on a workbook's sheet: its first non-blank row is the header.
    #[cfg(feature = "workbook")]
    fn from_sheet(pack: &'p Pack, mut sheet: crate::workbook::Sheet, source: &str, options: &ExportOptions) -> Result<Self, ExportError> {
        let name = sheet.name().to_string();
        let on_sheet = |mut e: ExportError| {
            for p in &mut e.problems {
                p.sheet = Some(name.clone());
            }
            e
        };
        let mut cells = vec![];
        let header_row = loop {
            match sheet.next_row(&mut cells) {
                Some(_) if cells.iter().all(|c| is_blank_cell(&crate::workbook::raw(c))) => continue,
                Some(row) => break row,
                None => {
                    return Err(on_sheet(ExportError::one(InputProblem::new(
                        source,
                        InputCode::Empty,
                        "Bladet är tomt: rubrikraden saknas.".into(),
                        "the sheet is empty: there is no header row".into(),
                    ))));
                }
            }
        };
        let titles: Vec<String> = cells.iter().map(crate::workbook::title).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let header = Header::new_at(pack, &titles, options.mapping.as_ref(), source, header_row).map_err(on_sheet)?.on_sheet(&name);
        Ok(ExportReader { pack, rows: Rows::Sheet(Box::new(sheet)), header: Arc::new(header), current: ExportRow::default(), row: header_row, done: false })
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
        f.debug_struct("ExportReader").field("source", &self.header.source()).field("row", &self.row).finish()
    }
}
