//! Audit tables from workbooks through the public API: the same table as a workbook and as
//! CSV gives the same records and verdicts; a workbook in a folder is read with the records
//! beside it; bad rows, personnummer cells (text and number cells) and sensitive column
//! titles are located by sheet, row and column as the spreadsheet shows them, and the other
//! rows are read. Also the survey's respondent id as a number cell.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]
#![cfg(feature = "workbook")]

#[path = "common/xlsx.rs"]
mod xlsx;

use std::path::PathBuf;

use granska::{Lang, Pack};
use granska_summary::audit::{AuditInput, AuditOptions, AuditReadOptions, ItemKind, summarize_audits};
use granska_summary::export::{ColumnRef, InputCode, InputProblem, ProblemCode};
use granska_summary::survey::{SurveyOptions, summarize_survey_path};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

fn checklist() -> Pack {
    Pack::builtin_file("granskning/strukturerad-oppenvard.yaml").expect("the built-in checklist loads")
}

/// A fresh folder for one test's files.
fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("granska-audit-workbook-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

/// An audit table: two audits of P1 and one of P2, case files and interviews, yes/no
/// answers (`Ja`/`Nej` become boolean cells, the date a date cell in the workbook).
const TABLE: &str = "provider,name,service,date,auditor,kind,id,notes,akt.genomforandeplan,akt.journal_aktuell,akt.signerad,intervju.nojd\n\
P1,Solgläntan,oppenvard,2017-03-02,Team A,akt,A1,Planen saknades,Nej,Ja,Ja,\n\
P1,Solgläntan,oppenvard,2017-03-02,Team A,akt,A2,,Ja,Ja,Nej,\n\
P1,Solgläntan,oppenvard,2017-03-02,Team A,intervju_ung,U1,,,,,Ja\n\
P1,Solgläntan,oppenvard,2017-03-02,Team A,akt,A3,,Ja,,Ja,\n\
P2,Björkhagen,oppenvard,2017-09-14,Team B,akt,B1,,Ja,Nej,Ja,\n\
P2,Björkhagen,oppenvard,2017-09-14,Team B,intervju_personal,S1,,,,,\n\
P2,Björkhagen,oppenvard,2017-09-14,Team B,intervju_ung,U1,,,,,Nej\n";

/// The summary as JSON, the files named alike (the CSV's and the workbook's names differ).
fn summary_json(pack: &Pack, input: &AuditInput, notes: bool) -> String {
    let summary = summarize_audits(pack, input, AuditOptions { notes });
    serde_json::to_string_pretty(&summary).expect("json")
}

#[test]
fn a_workbook_audit_table_gives_the_records_and_verdicts_of_its_csv() {
    let pack = checklist();
    let dir = dir("twin");
    let mut from_csv = AuditInput::new();
    from_csv.read_csv(&pack, TABLE.as_bytes(), "akter.csv").expect("the CSV reads");
    assert!(from_csv.problems.is_empty(), "{:?}", from_csv.problems);
    let workbook = dir.join("akter.xlsx");
    std::fs::write(&workbook, xlsx::csv_to_xlsx(&pack, TABLE, "Akter")).expect("written");
    let mut from_xlsx = AuditInput::new();
    from_xlsx.read_path(&pack, &workbook).expect("the workbook reads");
    assert!(from_xlsx.problems.is_empty(), "{:?}", from_xlsx.problems);

    type Record = (String, String, Option<String>, Option<String>, Vec<(ItemKind, String, Option<String>)>);
    let records = |input: &AuditInput| -> Vec<Record> {
        input
            .records
            .iter()
            .map(|r| (r.provider.clone(), r.date.clone(), r.name.clone(), r.auditor.clone(), r.items.iter().map(|i| (i.kind, i.id.clone(), i.notes.clone())).collect()))
            .collect()
    };
    assert_eq!(records(&from_xlsx), records(&from_csv));
    assert_eq!(from_xlsx.records.len(), 2);
    assert_eq!(from_xlsx.records[0].date, "2017-03-02", "a date cell is its calendar date");
    assert_eq!(from_xlsx.records[0].items[0].place, "blad Akter, rad 2");
    assert_eq!(from_csv.records[0].items[0].place, "rad 2");
    for notes in [false, true] {
        assert_eq!(summary_json(&pack, &from_xlsx, notes), summary_json(&pack, &from_csv, notes));
    }
    // The verdicts themselves, not only their agreement.
    let summary = summarize_audits(&pack, &from_xlsx, AuditOptions::default());
    let a1 = summary.providers[0].items.iter().find(|i| i.id == "A1").expect("A1");
    assert!(a1.not_met.contains(&"akt_genomforandeplan".to_string()), "{:?}", a1.not_met);
    assert_eq!(summary.year.case_files, 4);
    let missing = summary.year.indicators.iter().find(|i| i.id == "akter_utan_genomforandeplan").expect("indicator");
    assert_eq!((missing.count, missing.of), (1, 4));
}

#[test]
fn a_folder_reads_its_workbooks_beside_the_records_and_a_sheet_can_be_named() {
    let pack = checklist();
    let dir = dir("folder");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Info").expect("name").write_string(0, 0, "Granskningar 2017").expect("written");
    let ws = wb.add_worksheet();
    ws.set_name("Akter").expect("name");
    write_rows(ws, 0, &[&["provider", "service", "date", "kind", "id", "akt.genomforandeplan"], &["P7", "oppenvard", "2017-05-01", "akt", "A1", "nej"]]);
    wb.save(dir.join("granskning.xlsx")).expect("saved");
    // Excel's lock file beside an open workbook is no record.
    std::fs::write(dir.join("~$granskning.xlsx"), b"lock").expect("written");
    std::fs::copy(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/audits-2017/P062.yaml"), dir.join("P062.yaml")).expect("copied");

    // The first sheet is read by default: "Info" is no audit table.
    let mut input = AuditInput::new();
    let err = input.read_paths(&pack, &[&dir]).err();
    let problems: Vec<&InputProblem> = err.iter().flat_map(|e| &e.problems).chain(&input.problems).collect();
    assert!(problems.iter().any(|p| p.sheet.as_deref() == Some("Info") && p.code == ProblemCode::from(InputCode::MissingColumn)), "{problems:?}");
    assert_eq!(input.records.iter().map(|r| r.provider.as_str()).collect::<Vec<_>>(), vec!["P062"]);

    let mut input = AuditInput::new();
    input.read_paths_with(&pack, &[&dir], &AuditReadOptions { sheet: Some("akter".into()) }).expect("both files read");
    assert_eq!(input.records.iter().map(|r| r.provider.as_str()).collect::<Vec<_>>(), vec!["P062", "P7"]);
    assert!(input.problems.is_empty(), "{:?}", input.problems);

    // A sheet the workbook lacks is an error naming the sheets it has.
    let err = AuditInput::new().read_path_with(&pack, dir.join("granskning.xlsx"), &AuditReadOptions { sheet: Some("Svar".into()) }).expect_err("no such sheet");
    assert!(err.problems[0].message.en.contains("\"Info\", \"Akter\""), "{}", err.problems[0].message.en);
}

/// Writes rows of texts from `first` (0-based), skipping empty cells.
fn write_rows(ws: &mut Worksheet, first: u32, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(first + r as u32, c as u16, *cell).expect("written");
            }
        }
    }
}

fn located(p: &InputProblem) -> (Option<&str>, Option<u64>, Option<String>, ProblemCode) {
    (p.sheet.as_deref(), p.row, p.column.as_ref().map(ColumnRef::letter), p.code)
}

#[test]
fn bad_rows_of_a_workbook_are_located_by_sheet_row_and_column_and_the_others_read() {
    let pack = checklist();
    let dir = dir("located");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Akter 2017").expect("name");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let day = ExcelDateTime::from_ymd(2017, 4, 5).expect("a date");
    // Two blank rows above the title row: rows are numbered as the spreadsheet shows them.
    let titles = ["provider", "service", "date", "underlag", "akt", "anteckning", "akt.genomforandeplan"];
    write_rows(ws, 2, &[&titles]);
    let mut row = 3;
    let mut add = |ws: &mut Worksheet, kind: &str, id: &str, note: Option<f64>, note_text: &str, answer: &str| {
        write_rows(ws, row, &[&["P9", "oppenvard", "", kind, id, note_text, answer]]);
        ws.write_datetime_with_format(row, 2, &day, &date).expect("a date cell");
        if let Some(n) = note {
            ws.write_number(row, 5, n).expect("a number cell");
        }
        row += 1;
    };
    add(ws, "akt", "A1", None, "", "ja"); // row 4: read
    add(ws, "brev", "A2", None, "", "ja"); // row 5: no kind of item (D)
    add(ws, "akt", "", None, "", "nej"); // row 6: no id (E)
    add(ws, "akt", "A4", None, "gäller 19800101-1234", "ja"); // row 7: a text personnummer (F)
    add(ws, "akt", "A5", Some(198_001_011_234.0), "", "ja"); // row 8: a 12-digit number cell
    add(ws, "akt", "A6", Some(8_001_011_234.0), "", "ja"); // row 9: a 10-digit number cell
    add(ws, "akt", "A7", Some(3.0), "", "kanske"); // row 10: read, its answer unused (G)
    add(ws, "intervju_ung", "U1", None, "", ""); // row 11: read
    wb.save(dir.join("akter.xlsx")).expect("saved");

    let mut input = AuditInput::new();
    input.read_path(&pack, dir.join("akter.xlsx")).expect("the workbook reads");
    let sheet = Some("Akter 2017");
    let rejected: Vec<_> = input.problems.iter().filter(|p| p.rejected).map(located).collect();
    let sensitive = ProblemCode::from(InputCode::SensitiveData);
    let bad = ProblemCode::from(InputCode::BadRecord);
    assert_eq!(
        rejected,
        vec![
            (sheet, Some(5), Some("D".into()), bad),
            (sheet, Some(6), Some("E".into()), bad),
            (sheet, Some(7), Some("F".into()), sensitive),
            (sheet, Some(8), Some("F".into()), sensitive),
            (sheet, Some(9), Some("F".into()), sensitive),
        ]
    );
    let unused: Vec<_> = input.problems.iter().filter(|p| !p.rejected).map(located).collect();
    assert_eq!(unused.iter().map(|u| (u.0, u.1, u.2.clone())).collect::<Vec<_>>(), vec![(sheet, Some(10), Some("G".into()))]);
    for p in &input.problems {
        let shown = format!("{} {}", p.render(Lang::Sv), p.render(Lang::En));
        for digits in ["0101-1234", "8001011234", "198001011234", "1.98"] {
            assert!(!shown.contains(digits), "the value is never repeated: {shown}");
        }
    }
    let message = input.problems.iter().find(|p| p.row == Some(9)).map(|p| p.render(Lang::Sv)).unwrap_or_default();
    assert!(message.contains("blad Akter 2017") && message.contains("rad 9") && message.contains("personnummer"), "{message}");
    let ids: Vec<_> = input.records.iter().flat_map(|r| r.items.iter().map(|i| i.id.as_str())).collect();
    assert_eq!(ids, vec!["A1", "A7", "U1"]);
    assert_eq!(input.records[0].date, "2017-04-05");
    let summary = summarize_audits(&pack, &input, AuditOptions::default());
    assert_eq!(summary.rejected, 5);
}

#[test]
fn a_sensitive_column_title_refuses_the_workbook_at_its_place() {
    let pack = checklist();
    let dir = dir("titles");
    for (title, column) in [("Personnummer", "F"), ("Barnets förnamn", "F"), ("pnr", "F"), ("Namn", "F")] {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Akter").expect("name");
        // The used area starts at B3: columns and rows are still the spreadsheet's.
        for (c, t) in ["provider", "service", "date", "kind", title, "id"].iter().enumerate() {
            ws.write_string(2, c as u16 + 1, *t).expect("written");
        }
        for (c, v) in ["P1", "oppenvard", "2017-05-01", "akt", "x", "A1"].iter().enumerate() {
            ws.write_string(3, c as u16 + 1, *v).expect("written");
        }
        let path = dir.join("akter.xlsx");
        wb.save(&path).expect("saved");
        let err = AuditInput::new().read_path(&pack, &path).expect_err("refused");
        assert_eq!(
            err.problems.iter().map(located).collect::<Vec<_>>(),
            vec![(Some("Akter"), Some(3), Some(column.into()), ProblemCode::from(InputCode::SensitiveData))],
            "{title}"
        );
        assert!(err.problems[0].rejected, "counted as a refused file, the others read");
        assert!(err.problems[0].message.en.contains("personal identity numbers or names"));
        // In a folder, the file is refused and counted; reading goes on.
        let mut input = AuditInput::new();
        input.read_paths(&pack, &[&dir]).expect("the folder reads");
        assert_eq!(input.problems.len(), 1);
    }
    // A title that is itself a personnummer as a number cell.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(ws, 0, &[&["provider", "service", "date", "kind", "id"]]);
    ws.write_number(0, 5, 8_001_011_234.0).expect("written");
    let path = dir.join("akter.xlsx");
    wb.save(&path).expect("saved");
    let err = AuditInput::new().read_path(&pack, &path).expect_err("refused");
    assert_eq!(err.problems.iter().map(located).collect::<Vec<_>>(), vec![(Some("Sheet1"), Some(1), Some("F".into()), ProblemCode::from(InputCode::SensitiveData))]);
}

#[test]
fn an_empty_sheet_and_a_broken_workbook_say_so() {
    let pack = checklist();
    let dir = dir("empty");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Akter").expect("name");
    wb.save(dir.join("tom.xlsx")).expect("saved");
    let err = AuditInput::new().read_path(&pack, dir.join("tom.xlsx")).expect_err("empty");
    assert_eq!(err.problems[0].sheet.as_deref(), Some("Akter"));
    assert_eq!(err.problems[0].code, ProblemCode::from(InputCode::Empty));
    std::fs::write(dir.join("trasig.xlsx"), b"PK\x03\x04 not a zip").expect("written");
    let err = AuditInput::new().read_path(&pack, dir.join("trasig.xlsx")).expect_err("broken");
    assert!(err.problems[0].message.en.contains("the workbook cannot be read"), "{}", err.problems[0].message.en);
    assert!(!err.problems[0].rejected, "a file that cannot be read at all");
}

#[test]
fn a_survey_respondent_id_that_is_a_personnummer_number_cell_rejects_its_row() {
    let pack = Pack::builtin_file("brukarundersokning/barn-och-familj.yaml").expect("the survey pack loads");
    let dir = dir("survey");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Svar").expect("name");
    write_rows(ws, 0, &[&["respondent", "service", "date"], &["R1", "oppenvard", "2017-10-01"], &["", "oppenvard", "2017-10-01"], &["R3", "oppenvard", "2017-10-01"]]);
    ws.write_number(2, 0, 8_001_011_234.0).expect("a number cell");
    let path = dir.join("enkat.xlsx");
    wb.save(&path).expect("saved");
    let summary = summarize_survey_path(&pack, &path, &SurveyOptions::default()).expect("the export reads");
    let rejected: Vec<_> = summary.problems.iter().filter(|p| p.rejected).map(located).collect();
    assert_eq!(rejected, vec![(Some("Svar"), Some(3), Some("A".into()), ProblemCode::from(InputCode::SensitiveData))]);
    let shown: Vec<String> = summary.problems.iter().map(|p| p.render(Lang::En)).collect();
    assert!(shown.iter().all(|p| !p.contains("8001011234")), "{shown:?}");
}
