//! The one source of a table's rows, whatever file holds the table: a CSV input (the export
//! dialect of `decode.rs`) or one sheet of a workbook (`crate::workbook`, cell types kept).
//! It yields the title row (the first non-blank row) with its row number, then every
//! non-blank row with its row number as the spreadsheet or text editor shows it, read into a
//! reused [`ExportRow`] (no allocation per row), and the sheet's name to locate problems.
//! The survey export reader ([`super::ExportReader`]) and the audit table reader
//! (`crate::audit`) both read through it.

use std::io::{self, Read};
use std::path::Path;

use super::decode::{CsvInput, open_csv};
use super::{ExportError, ExportRow, InputCode, InputProblem};

/// Where a table's rows come from. (The CSV variant is the large one, and the common one:
/// boxing it would cost an indirection per row read.)
#[allow(clippy::large_enum_variant)]
enum Inner<R> {
    Csv(CsvInput<R>),
    #[cfg(feature = "workbook")]
    Sheet(Box<crate::workbook::Sheet>),
}

/// The rows of one table (a CSV input or a workbook's sheet), in file order.
pub(crate) struct TableRows<R> {
    inner: Inner<R>,
    source: String,
    /// The row number of the last row read (0 before any).
    row: u64,
    done: bool,
}

impl<R: Read> TableRows<R> {
    /// A CSV table: decodes the input and sniffs its separator from the first line.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the input cannot be read.
    pub(crate) fn csv(input: R, source: &str) -> Result<TableRows<R>, ExportError> {
        Ok(TableRows { inner: Inner::Csv(open_csv(input, source)?), source: source.to_string(), row: 0, done: false })
    }

    /// A workbook's sheet as a table.
    #[cfg(feature = "workbook")]
    pub(crate) fn sheet(sheet: crate::workbook::Sheet, source: &str) -> TableRows<R> {
        TableRows { inner: Inner::Sheet(Box::new(sheet)), source: source.to_string(), row: 0, done: false }
    }

    /// The file the table is read from, as problems name it.
    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    /// The workbook sheet the rows are on; `None` for a CSV table.
    pub(crate) fn sheet_name(&self) -> Option<&str> {
        match &self.inner {
            Inner::Csv(_) => None,
            #[cfg(feature = "workbook")]
            Inner::Sheet(sheet) => Some(sheet.name()),
        }
    }

    /// The row number of the last row read (the title row's before any other; 0 before it).
    pub(crate) fn row(&self) -> u64 {
        self.row
    }

    /// Locates every problem of `error` on the table's sheet, if it is on one.
    pub(crate) fn on_sheet(&self, mut error: ExportError) -> ExportError {
        if let Some(name) = self.sheet_name() {
            for p in &mut error.problems {
                p.sheet = Some(name.to_string());
            }
        }
        error
    }

    /// Reads the title row (the first non-blank row) into `into`; returns its row number.
    /// Its cells as titles are [`ExportRow::titles`].
    ///
    /// # Errors
    ///
    /// An [`ExportError`] (code `empty`) when the file or sheet has no non-blank row, or
    /// (code `io`) when the input cannot be read.
    pub(crate) fn title_row(&mut self, into: &mut ExportRow) -> Result<u64, ExportError> {
        match self.advance(into) {
            Ok(true) => Ok(into.row()),
            Ok(false) => {
                let (sv, en) = match self.sheet_name() {
                    None => ("Filen är tom: rubrikraden saknas.", "the file is empty: there is no header row"),
                    Some(_) => ("Bladet är tomt: rubrikraden saknas.", "the sheet is empty: there is no header row"),
                };
                Err(self.on_sheet(ExportError::one(InputProblem::new(&self.source, InputCode::Empty, sv.into(), en.into()))))
            }
            Err(e) => Err(ExportError::one(InputProblem::unreadable(&self.source, &e))),
        }
    }

    /// Reads the next non-blank row into `into` (reusing its buffers); `Ok(false)` at the end.
    ///
    /// # Errors
    ///
    /// A rejected [`InputProblem`] (code `io`, located at the row after the last one read)
    /// when the input cannot be read further; the reading stops.
    pub(crate) fn next_row(&mut self, into: &mut ExportRow) -> Result<bool, InputProblem> {
        self.advance(into).map_err(|e| {
            let mut problem = InputProblem::new(&self.source, InputCode::Io, format!("Kan inte läsa vidare i filen: {e}"), format!("cannot read the file further: {e}"));
            problem.row = Some(self.row + 1);
            problem.rejected = true;
            problem
        })
    }

    /// Reads rows into `into` up to the next non-blank one; `Ok(false)` at the end. After an
    /// error, the reading stops.
    fn advance(&mut self, into: &mut ExportRow) -> csv::Result<bool> {
        if self.done {
            return Ok(false);
        }
        loop {
            let next = match &mut self.inner {
                Inner::Csv(csv) => into.read_csv(csv),
                #[cfg(feature = "workbook")]
                Inner::Sheet(sheet) => Ok(into.read_sheet(sheet)),
            };
            match next {
                Ok(None) => {
                    self.done = true;
                    return Ok(false);
                }
                Ok(Some(line)) => {
                    self.row = line;
                    if !into.is_blank() {
                        return Ok(true);
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            }
        }
    }
}

impl TableRows<io::BufReader<std::fs::File>> {
    /// Opens a table file: a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, known by its
    /// first bytes or its name) with the `workbook` feature, its sheet `sheet` or the first;
    /// otherwise CSV (where `sheet` is not used: the caller decides whether naming one is an
    /// error).
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the file cannot be opened or read, the workbook cannot be read
    /// or has no such sheet.
    pub(crate) fn from_path(path: &Path, sheet: Option<&str>) -> Result<Self, ExportError> {
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| ExportError::io(&source, &e))?;
        #[allow(unused_mut)]
        let mut input = io::BufReader::new(file);
        #[cfg(feature = "workbook")]
        {
            // Peek at the first bytes without consuming them (no seek: a pipe works too).
            use std::io::BufRead;
            let first = input.fill_buf().map_err(|e| ExportError::io(&source, &e))?;
            if is_workbook(path, first) {
                return Ok(TableRows::sheet(crate::workbook::Sheet::from_path(path, sheet, &source)?, &source));
            }
        }
        let _ = sheet;
        TableRows::csv(input, &source)
    }
}

/// The first bytes of a zip file (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) and of an OLE file (`.xls`).
const WORKBOOK_MAGIC: [&[u8]; 2] = [b"PK\x03\x04", b"\xD0\xCF\x11\xE0"];

/// Whether a file is a workbook: by its first bytes (a zip or OLE file) or its name.
pub(crate) fn is_workbook(path: &Path, first_bytes: &[u8]) -> bool {
    has_workbook_extension(path) || WORKBOOK_MAGIC.iter().any(|m| first_bytes.starts_with(m))
}

/// Whether a path names a workbook by its extension: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`.
pub(crate) fn has_workbook_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}
