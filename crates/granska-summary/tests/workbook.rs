//! Survey exports read from workbooks (`.xlsx`) through the public API: cell types kept
//! (text `0180`, numbers, Excel dates and date-times, booleans), the sheet chosen by name,
//! problems located by sheet, row and column as the spreadsheet shows them, and the
//! workbook twin of the example 2017 export summarised byte for byte as its CSV.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

#[allow(dead_code)]
mod common;
#[path = "common/xlsx.rs"]
mod xlsx;

use std::path::{Path, PathBuf};

use granska::{Answers, Pack};
use granska_summary::export::{ExportOptions, ExportReader, InputProblem};
use granska_summary::{Accumulator, Roster, summarize_export};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Writes `bytes` to a fresh file named `name` and returns its path.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("granska-workbook-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

/// Every row of an export file: the reports with their rows, and every problem.
fn read(pack: &Pack, path: &Path, options: &ExportOptions) -> (Vec<(u64, Answers)>, Vec<InputProblem>) {
    let mut reader = ExportReader::from_path(pack, path, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut problems = reader.header().problems().to_vec();
    let mut rows = vec![];
    for read in reader.rows() {
        problems.extend(read.problems().cloned());
        if let Ok(a) = read.answers {
            rows.push((read.row, a));
        }
    }
    (rows, problems)
}

fn summary_json(pack: &Pack, export: &Path) -> String {
    let roster = Roster::from_path(pack, repo().join("examples/roster-2017.csv")).expect("the roster reads");
    let mut acc = Accumulator::with_roster(pack, roster);
    let mut reader = ExportReader::from_path(pack, export, &ExportOptions::default()).expect("the export opens");
    summarize_export(&mut reader, &mut acc, |_| {});
    acc.finish().to_json()
}

#[test]
fn the_workbook_twin_of_the_2017_export_gives_the_same_summary() {
    let pack = Pack::builtin().expect("the built-in pack");
    let csv = repo().join("examples/export-2017.csv");
    let from_csv = summary_json(&pack, &csv);
    // Generated now from the CSV, and the committed twin in examples/.
    let text = std::fs::read_to_string(&csv).expect("the example export");
    let fresh = file("export-2017.xlsx", &xlsx::csv_to_xlsx(&pack, &text, "Svar"));
    assert!(from_csv == summary_json(&pack, &fresh), "the generated workbook twin summarises differently");
    assert!(
        from_csv == summary_json(&pack, &repo().join("examples/export-2017.xlsx")),
        "examples/export-2017.xlsx is out of date: cargo run -p granska-summary --example xlsx_twin -- examples/export-2017.csv examples/export-2017.xlsx"
    );
}

/// A workbook whose export starts at row 3, column B (blank rows and a blank column before
/// it), with typed cells, on its second sheet.
fn typed_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let info = wb.add_worksheet();
    info.set_name("Info").expect("name");
    info.write_string(0, 0, "Uppföljning 2017").expect("writes");
    let ws = wb.add_worksheet();
    ws.set_name("Svar").expect("name");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let day = |y, m, d| ExcelDateTime::from_ymd(y, m, d).expect("a date");
    for (c, title) in ["provider", "service", "date", "rutin", "antal", "andel", "metod"].iter().enumerate() {
        ws.write_string(2, 1 + c as u16, *title).expect("writes");
    }
    // Row 4: a text provider id with a leading zero, a date-time at midnight, typed cells.
    ws.write_string(3, 1, "0180").expect("writes");
    ws.write_string(3, 2, "hvb").expect("writes");
    ws.write_datetime_with_format(3, 3, day(2017, 12, 31).and_hms(0, 0, 0).expect("a time"), &date_time).expect("writes");
    ws.write_boolean(3, 4, true).expect("writes");
    ws.write_number(3, 5, 12.0).expect("writes");
    ws.write_number(3, 6, 0.75).expect("writes");
    ws.write_string(3, 7, "adad").expect("writes");
    // Row 5: a numeric provider id, a plain date cell, a text number, a decimal for an integer.
    ws.write_number(4, 1, 180.0).expect("writes");
    ws.write_string(4, 2, "hvb").expect("writes");
    ws.write_datetime_with_format(4, 3, day(2017, 12, 31), &date).expect("writes");
    ws.write_string(4, 4, "Nej").expect("writes");
    ws.write_number(4, 5, 2.5).expect("writes");
    ws.write_string(4, 6, "0,5").expect("writes");
    // Row 6: a report date written as a day-first text: refused at its cell.
    ws.write_string(5, 1, "P3").expect("writes");
    ws.write_string(5, 2, "hvb").expect("writes");
    ws.write_string(5, 3, "31/12/2017").expect("writes");
    // Row 7 is blank; row 8: a date-time with a time of day is its calendar date.
    ws.write_string(7, 1, "P4").expect("writes");
    ws.write_string(7, 2, "hvb").expect("writes");
    ws.write_datetime_with_format(7, 3, day(2017, 12, 31).and_hms(16, 45, 0).expect("a time"), &date_time).expect("writes");
    wb.save_to_buffer().expect("the workbook is written")
}

#[test]
fn cells_keep_their_types_and_problems_their_places() {
    let pack = common::pack();
    let path = file("typed.xlsx", &typed_workbook());
    let options = ExportOptions { sheet: Some("Svar".into()), ..ExportOptions::default() };
    let (rows, problems) = read(&pack, &path, &options);
    let got: Vec<(u64, &str, String)> = rows.iter().map(|(r, a)| (*r, a.provider(), a.date())).collect();
    assert_eq!(got, vec![(4, "0180", "2017-12-31".into()), (5, "180", "2017-12-31".into()), (8, "P4", "2017-12-31".into())]);
    let report = pack.check(&rows[0].1);
    let verdict = |id: &str| report.verdicts.iter().find(|v| &*v.requirement == id).map(|v| v.verdict);
    assert_eq!(verdict("rutin_finns"), Some(granska::Verdict::Met), "a TRUE cell answers yes");
    let places: Vec<String> = problems.iter().map(|p| p.render(granska::Lang::Sv)).collect();
    assert!(places.iter().any(|p| p.contains("blad Svar, rad 5, kolumn 6 (F, antal)") && p.contains("\"2.5\"")), "{places:#?}");
    assert!(places.iter().any(|p| p.contains("blad Svar, rad 6, kolumn 4 (D, date)") && p.contains("2017-12-31")), "{places:#?}");
    assert_eq!(problems.iter().filter(|p| p.sheet.as_deref() == Some("Svar")).count(), problems.len(), "every problem names its sheet");
    assert!(problems.iter().all(|p| p.file.ends_with("typed.xlsx")));
}

#[test]
fn the_first_sheet_is_read_unless_one_is_named() {
    let pack = common::pack();
    let path = file("sheets.xlsx", &typed_workbook());
    // The first sheet ("Info") has no export on it: the missing columns are named, on it.
    let err = ExportReader::from_path(&pack, &path, &ExportOptions::default()).expect_err("Info is no export");
    assert_eq!((err.problems[0].code.as_str(), err.problems[0].sheet.as_deref()), ("missing-column", Some("Info")));
    // A sheet that does not exist: the sheets the workbook has are listed.
    let err = ExportReader::from_path(&pack, &path, &ExportOptions { sheet: Some("Svaren".into()), ..ExportOptions::default() }).expect_err("no such sheet");
    assert_eq!(err.problems[0].code, "no-sheet");
    assert!(err.problems[0].message.en.contains("\"Info\", \"Svar\""), "{}", err.problems[0].message.en);
    // Sheet names match regardless of case.
    assert!(ExportReader::from_path(&pack, &path, &ExportOptions { sheet: Some("svar".into()), ..ExportOptions::default() }).is_ok());
}

#[test]
fn a_workbook_is_known_by_its_bytes_and_a_csv_has_no_sheets() {
    let pack = common::pack();
    // A workbook saved with a .csv name is still read as a workbook.
    let path = file("misnamed.csv", &typed_workbook());
    let (rows, _) = read(&pack, &path, &ExportOptions { sheet: Some("Svar".into()), ..ExportOptions::default() });
    assert_eq!(rows.len(), 3);
    let csv = file("plain.csv", b"provider,service,date\nP1,hvb,2017-12-31\n");
    let err = ExportReader::from_path(&pack, &csv, &ExportOptions { sheet: Some("Svar".into()), ..ExportOptions::default() }).expect_err("no sheets");
    assert_eq!(err.problems[0].code, "no-sheet");
    let broken = file("broken.xlsx", b"PK\x03\x04 not really a zip");
    let err = ExportReader::from_path(&pack, &broken, &ExportOptions::default()).expect_err("unreadable");
    assert_eq!(err.problems[0].code, "io");
    assert!(err.problems[0].message.sv.starts_with("Arbetsboken kan inte läsas"), "{}", err.problems[0].message.sv);
}
