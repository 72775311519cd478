//! Reading a survey export from a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) with
//! calamine, cell types kept: a text cell `0180` stays text, numbers stay numbers, a date
//! cell (an Excel serial date, in the 1900 or 1904 system) is a calendar date, a date-time
//! cell is its calendar date; an error cell (`#N/A`), a duration and a time of day without a
//! date are refused at their place.
//!
//! Rows and columns are numbered as the spreadsheet shows them, whatever cell the used area
//! starts at: a problem is located as `blad Svar, rad 12, kolumn E (datum)`. The first sheet is
//! read unless one is named ([`ExportOptions::sheet`](crate::export::ExportOptions::sheet)).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader};
use chrono::Timelike;

use crate::export::{ExportError, InputCode, InputProblem, ProblemCode};
use granska::Raw;

/// One sheet of a workbook, read row by row.
pub(crate) struct Sheet {
    name: String,
    range: Range<Data>,
    /// The spreadsheet row (0-based) and column of the used area's first cell.
    start: (u32, u32),
    /// The next row to read, relative to the used area.
    next: usize,
}

impl Sheet {
    /// Opens the sheet `wanted` (or the first) of the workbook in `bytes`.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the bytes are no workbook calamine can read, the workbook has no
    /// sheets, or no sheet is named `wanted` (the sheets it has are listed).
    pub(crate) fn open(bytes: Vec<u8>, wanted: Option<&str>, source: &str) -> Result<Sheet, ExportError> {
        let problem = |code: ProblemCode, sv: String, en: String| ExportError { problems: vec![InputProblem::new_file(source, code, sv, en)] };
        let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| problem(InputCode::Io.into(), format!("Arbetsboken kan inte läsas: {e}"), format!("the workbook cannot be read: {e}")))?;
        let names = workbook.sheet_names();
        let name = match wanted {
            Some(w) => match names.iter().find(|n| n.as_str() == w).or_else(|| names.iter().find(|n| n.trim().eq_ignore_ascii_case(w.trim()))) {
                Some(n) => n.clone(),
                None => {
                    let list = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
                    return Err(problem(
                        InputCode::NoSheet.into(),
                        format!("Arbetsboken har inget blad \"{w}\"; den har {list}."),
                        format!("the workbook has no sheet \"{w}\"; it has {list}"),
                    ));
                }
            },
            None => match names.first() {
                Some(n) => n.clone(),
                None => return Err(problem(InputCode::Empty.into(), "Arbetsboken har inga blad.".into(), "the workbook has no sheets".into())),
            },
        };
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| problem(InputCode::Io.into(), format!("Bladet \"{name}\" kan inte läsas: {e}"), format!("the sheet \"{name}\" cannot be read: {e}")))?;
        let start = range.start().unwrap_or((0, 0));
        Ok(Sheet { name, range, start, next: 0 })
    }

    /// Opens a workbook file.
    pub(crate) fn from_path(path: &Path, wanted: Option<&str>, source: &str) -> Result<Sheet, ExportError> {
        let bytes = std::fs::read(path).map_err(|e| ExportError { problems: vec![InputProblem::unreadable(source, &e)] })?;
        Sheet::open(bytes, wanted, source)
    }

    /// The sheet's name, as the workbook has it.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Reads the next row into `into`, one cell per spreadsheet column from column A; returns
    /// the row's number as the spreadsheet shows it (the first row is 1), `None` at the end.
    pub(crate) fn next_row(&mut self, into: &mut Vec<Data>) -> Option<u64> {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return None;
        }
        into.clear();
        into.resize(self.start.1 as usize, Data::Empty);
        for c in 0..width {
            into.push(self.range.get((self.next, c)).cloned().unwrap_or(Data::Empty));
        }
        let row = u64::from(self.start.0) + self.next as u64 + 1;
        self.next += 1;
        Some(row)
    }
}

/// A cell as a raw answer, its type kept.
pub(crate) fn raw(cell: &Data) -> Raw<'_> {
    match cell {
        Data::Empty => Raw::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Cell(s),
        Data::Int(i) => Raw::Integer(*i),
        Data::Float(f) => Raw::Number(*f),
        Data::Bool(b) => Raw::Bool(*b),
        // A duration, or a time of day with no date (a serial below 1): no date, no number.
        Data::DateTime(d) if d.is_duration() => Raw::Invalid("duration"),
        Data::DateTime(d) if d.as_f64() < 1.0 => Raw::Invalid("time"),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.num_seconds_from_midnight() == 0 => Raw::Date(t.and_utc().timestamp().div_euclid(86_400) as i32),
            Some(t) => Raw::DateTime(t.and_utc().timestamp()),
            None => Raw::Invalid("#DATUM!"),
        },
        Data::Error(e) => Raw::Invalid(error_text(e)),
    }
}

/// An error cell as the spreadsheet shows it.
fn error_text(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#GETTING_DATA",
    }
}

/// A header cell as a title: texts as written, numbers as their digits, anything else empty.
pub(crate) fn title(cell: &Data) -> String {
    match raw(cell) {
        Raw::Cell(s) => s.to_string(),
        r @ (Raw::Integer(_) | Raw::Number(_)) => r.shown(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_as_raw_answers() {
        assert!(matches!(raw(&Data::Error(CellErrorType::NA)), Raw::Invalid("#N/A")));
        assert!(matches!(raw(&Data::String("0180".into())), Raw::Cell("0180")));
        assert!(matches!(raw(&Data::Float(180.0)), Raw::Number(n) if n == 180.0));
        // 43100 is 2017-12-31 in the 1900 system; 41638 the same day in the 1904 system.
        let day = granska::parse_date("2017-12-31").unwrap();
        assert!(matches!(raw(&Data::DateTime(ExcelDateTime::new(43100.0, ExcelDateTimeType::DateTime, false))), Raw::Date(d) if d == day));
        assert!(matches!(raw(&Data::DateTime(ExcelDateTime::new(41638.0, ExcelDateTimeType::DateTime, true))), Raw::Date(d) if d == day));
        assert!(matches!(raw(&Data::DateTime(ExcelDateTime::new(43100.5, ExcelDateTimeType::DateTime, false))), Raw::DateTime(s) if s.div_euclid(86_400) == i64::from(day)));
        assert!(matches!(raw(&Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false))), Raw::Invalid("duration")));
        assert!(matches!(raw(&Data::DateTime(ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false))), Raw::Invalid("time")));
        assert_eq!(title(&Data::Float(2017.0)), "2017");
        assert_eq!(title(&Data::Empty), "");
    }
}
