//! Writes a survey export given as CSV text into a workbook the way Excel and survey tools
//! hand them over: cell types by what each column holds — dates as Excel dates (the report
//! date as a date-time at midnight, as Excel formats a date column saved as date-time),
//! numbers as numbers, yes/no answers as Excel booleans, provider ids and other texts as text
//! cells (`0180` stays `0180`). Used by the workbook tests, the summary benchmark and the
//! `xlsx_twin` example that writes `examples/export-2017.xlsx`.

use granska::{Pack, QuestionType};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// The workbook of a CSV export, its rows on one sheet named `sheet`; deterministic bytes.
pub fn csv_to_xlsx(pack: &Pack, csv_text: &str, sheet: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2018, 1, 15).and_then(|d| d.and_hms(8, 0, 0)).expect("a date");
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let ws = workbook.add_worksheet();
    ws.set_name(sheet).expect("a valid sheet name");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv_text.as_bytes());
    let mut titles: Vec<String> = vec![];
    for (r, record) in reader.records().enumerate() {
        let record = record.expect("a CSV record");
        let row = r as u32;
        if r == 0 {
            titles = record.iter().map(str::to_string).collect();
        }
        for (c, cell) in record.iter().enumerate() {
            let col = c as u16;
            if cell.is_empty() {
                continue;
            }
            if r == 0 {
                ws.write_string(row, col, cell).expect("writes");
                continue;
            }
            let title = titles.get(c).map(String::as_str).unwrap_or("");
            let kind = pack.question(title).map(|q| q.kind);
            let as_date = || -> Option<ExcelDateTime> {
                let (y, m, d) = (cell.get(0..4)?.parse().ok()?, cell.get(5..7)?.parse().ok()?, cell.get(8..10)?.parse().ok()?);
                (cell.len() == 10).then(|| ExcelDateTime::from_ymd(y, m, d).ok()).flatten()
            };
            let number = || cell.replace(',', ".").parse::<f64>().ok();
            let written = match (title, kind) {
                ("date", _) => as_date().map(|d| ws.write_datetime_with_format(row, col, &d, &date_time).map(|_| ())),
                (_, Some(QuestionType::Date)) => as_date().map(|d| ws.write_datetime_with_format(row, col, &d, &date).map(|_| ())),
                (_, Some(QuestionType::Integer | QuestionType::Number | QuestionType::Percent)) => number().map(|n| ws.write_number(row, col, n).map(|_| ())),
                (_, Some(QuestionType::Bool)) => match cell {
                    "Ja" => Some(ws.write_boolean(row, col, true).map(|_| ())),
                    "Nej" => Some(ws.write_boolean(row, col, false).map(|_| ())),
                    _ => None,
                },
                _ => None,
            };
            match written {
                Some(result) => result.expect("writes"),
                None => {
                    ws.write_string(row, col, cell).expect("writes");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("the workbook is written")
}
