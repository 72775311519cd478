//! Reading survey exports as they come out of survey tools and Excel, through the public
//! API: separators, BOM, Windows-1252, decimal comma, Ja/Nej, blank rows, too few or too many
//! cells, unknown and duplicate columns, bad cells, mappings — each with its row and column.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

mod common;

use granska::{Answers, Pack, Verdict};
use granska_summary::export::{ExportOptions, ExportReader, InputProblem, Mapping, column_letter};

use common::{HEADER, pack};

/// Every row of an export: the reports and the row errors, with the row each came from.
fn read(pack: &Pack, bytes: &[u8], options: &ExportOptions) -> (Vec<(u64, Answers)>, Vec<InputProblem>, Vec<InputProblem>) {
    let mut reader = ExportReader::new(pack, bytes, "export.csv", options).expect("the export opens");
    let header_problems = reader.header().problems().to_vec();
    let (mut ok, mut errors) = (vec![], vec![]);
    while let Some(result) = reader.next() {
        match result {
            Ok(a) => ok.push((reader.row(), a)),
            Err(e) => errors.push(e),
        }
    }
    (ok, errors, header_problems)
}

fn verdict(pack: &Pack, answers: &Answers, requirement: &str) -> Verdict {
    let report = pack.check(answers);
    report.verdicts.iter().find(|v| &*v.requirement == requirement).map(|v| v.verdict).expect("requirement exists")
}

#[test]
fn comma_separated_export_reads_every_row() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,Ett AB,hvb,lou,2017-12-31,Ja,2,2,0.8,adad\nP2,Två AB,jourhem,lov,2017-12-31,Nej,0,,0.2,\n");
    let (rows, errors, header) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty() && header.is_empty(), "{errors:?} {header:?}");
    assert_eq!(rows.len(), 2);
    let (row, p1) = &rows[0];
    assert_eq!(*row, 2);
    assert_eq!((p1.provider(), p1.name(), p1.service(), p1.contract(), p1.date().as_str()), ("P1", Some("Ett AB"), "hvb", Some("lou"), "2017-12-31"));
    assert_eq!(verdict(&pack, p1, "rutin_finns"), Verdict::Met);
    assert_eq!(verdict(&pack, p1, "andel_examen"), Verdict::Met);
    assert_eq!(verdict(&pack, p1, "utredning_hvb"), Verdict::Met);
    let (_, p2) = &rows[1];
    assert_eq!(verdict(&pack, p2, "rutin_finns"), Verdict::NotMet);
    assert_eq!(verdict(&pack, p2, "utredning_hvb"), Verdict::NotApplicable);
}

#[test]
fn semicolons_decimal_comma_and_ja_nej() {
    let pack = pack();
    let csv = "provider;name;service;contract;date;rutin;antal;utredningar;andel;metod\r\nP1;\"Ett; AB\";hvb;lou;2017-12-31;ja;3;2;0,75;ASI\r\n";
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let (_, a) = &rows[0];
    assert_eq!(a.name(), Some("Ett; AB"));
    assert!(a.issues().is_empty(), "{:?}", a.issues());
    assert_eq!(verdict(&pack, a, "andel_examen"), Verdict::Met, "0,75 is read as 0.75");
    assert_eq!(verdict(&pack, a, "utredning_hvb"), Verdict::NotMet, "2 investigations of 3 reports");
}

#[test]
fn tab_separated_export() {
    let pack = pack();
    let csv = HEADER.replace(',', "\t") + "\nP1\tEtt AB\thvb\tlou\t2017-12-31\tJa\t0\t\t0.9\t\n";
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(verdict(&pack, &rows[0].1, "rutin_finns"), Verdict::Met);
}

#[test]
fn utf8_bom_is_stripped() {
    let pack = pack();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{HEADER}\nP1,Åby Öppenvård,hvb,lou,2017-12-31,Ja,0,,0.9,\n").as_bytes());
    let (rows, errors, header) = read(&pack, &bytes, &ExportOptions::default());
    assert!(errors.is_empty() && header.is_empty(), "{errors:?} {header:?}");
    assert_eq!(rows[0].1.provider(), "P1");
    assert_eq!(rows[0].1.name(), Some("Åby Öppenvård"));
}

#[test]
fn windows_1252_text_is_decoded() {
    let pack = pack();
    let source = format!("{HEADER}\nP1,Hägg & Söner – Familjehem,hvb,lou,2017-12-31,Ja,0,,0.9,\n");
    let (text, _, _) = encoding_rs::WINDOWS_1252.encode(&source);
    assert!(std::str::from_utf8(&text).is_err(), "the test input is not UTF-8");
    let (rows, errors, _) = read(&pack, &text, &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows[0].1.name(), Some("Hägg & Söner – Familjehem"));
}

#[test]
fn windows_1252_after_a_long_ascii_start_is_decoded() {
    let pack = pack();
    let mut text = format!("{HEADER}\n");
    for i in 0..3000 {
        text.push_str(&format!("P{i},Ascii AB,hvb,lou,2017-12-31,Ja,0,,0.9,\n"));
    }
    text.push_str("P9999,Åkersberga,hvb,lou,2017-12-31,Ja,0,,0.9,\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(bytes.len() > 64 * 1024, "the non-ASCII byte comes after the first chunk");
    let (rows, errors, _) = read(&pack, &bytes, &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 3001);
    assert_eq!(rows[3000].1.name(), Some("Åkersberga"));
}

#[test]
fn utf16_with_bom_is_decoded() {
    let pack = pack();
    let text = HEADER.replace(',', "\t") + "\nP1\tÖrby\thvb\tlou\t2017-12-31\tJa\t0\t\t0.9\t\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let (rows, errors, _) = read(&pack, &bytes, &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows[0].1.name(), Some("Örby"));
}

#[test]
fn empty_cells_are_unanswered() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,,hvb,,2017-12-31,,,,,\n");
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let a = &rows[0].1;
    assert_eq!((a.name(), a.contract()), (None, None));
    assert!(a.issues().is_empty());
    assert_eq!(verdict(&pack, a, "rutin_finns"), Verdict::Unanswered);
    assert_eq!(verdict(&pack, a, "utredning_hvb"), Verdict::Unanswered);
}

#[test]
fn blank_rows_are_skipped_and_rows_keep_their_line_numbers() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,,hvb,lou,2017-12-31,Ja,0,,0.9,\n\n,,,,,,,,,\nP2,\"två\nrader\",hvb,lou,2017-12-31,Ja,0,,0.9,\nP3,,hvb,lou,2017-12-31,Ja,0,,0.9,\n");
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let found: Vec<(u64, &str)> = rows.iter().map(|(r, a)| (*r, a.provider())).collect();
    assert_eq!(found, vec![(2, "P1"), (5, "P2"), (7, "P3")]);
}

#[test]
fn too_few_cells_rejects_the_row_at_the_first_missing_column() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,,hvb,lou,2017-12-31,Ja,0,,0.9,\nP2,,hvb,lou,2017-12-31,Ja\nP3,,hvb,lou,2017-12-31,Ja,0,,0.9,\n");
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert_eq!(rows.len(), 2, "the other rows are read");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!((e.row, e.code.as_str(), e.provider.as_deref(), e.rejected), (Some(3), "too-few-cells", Some("P2"), true));
    let column = e.column.as_ref().expect("a column");
    assert_eq!((column.number, column.name.as_str(), column.letter().as_str()), (7, "antal", "G"));
    assert_eq!(
        e.render(granska::Lang::En),
        "export.csv: row 3, column 7 (G, antal), provider P2: the row has 6 cells but the header has 10 columns; the row is not read [too-few-cells]"
    );
    assert!(e.message.sv.contains("Raden har 6 celler"));
}

#[test]
fn too_many_cells_rejects_the_row_at_the_first_extra_column() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,,hvb,lou,2017-12-31,Ja,0,,0.9,,42\nP2,,hvb,lou,2017-12-31,Ja,0,,0.9,,,\n");
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!((e.row, e.code.as_str()), (Some(2), "too-many-cells"));
    assert_eq!(e.column.as_ref().map(|c| c.number), Some(11));
    assert_eq!(rows.len(), 1, "empty cells after the last column are tolerated");
    assert_eq!(rows[0].1.provider(), "P2");
}

#[test]
fn unknown_column_is_reported_with_did_you_mean_and_ignored() {
    let pack = pack();
    let csv = "provider,service,date,rutiin,antal\nP1,hvb,2017-12-31,Ja,1\n";
    let (rows, errors, header) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty());
    assert_eq!(header.len(), 1);
    let p = &header[0];
    assert_eq!((p.row, p.code.as_str()), (Some(1), "unknown-column"));
    assert_eq!(p.column.as_ref().map(|c| (c.number, c.name.as_str())), Some((4, "rutiin")));
    assert!(p.message.en.contains("did you mean \"rutin\""), "{}", p.message.en);
    assert_eq!(verdict(&pack, &rows[0].1, "rutin_finns"), Verdict::Unanswered, "the unknown column is not read");
}

#[test]
fn duplicate_column_is_reported_and_the_second_ignored() {
    let pack = pack();
    let csv = "provider,service,date,rutin,antal,rutin\nP1,hvb,2017-12-31,Ja,1,Nej\n";
    let (rows, _, header) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert_eq!(header.len(), 1);
    let p = &header[0];
    assert_eq!(p.code, "duplicate-column");
    assert_eq!(p.column.as_ref().map(|c| (c.number, c.letter())), Some((6, "F".to_string())));
    assert!(p.message.en.contains("already is column 4 (D)"), "{}", p.message.en);
    assert_eq!(verdict(&pack, &rows[0].1, "rutin_finns"), Verdict::Met, "the first column wins");
}

#[test]
fn missing_report_columns_make_the_export_unreadable() {
    let pack = pack();
    let err = ExportReader::new(&pack, "provider,name,rutin\nP1,x,Ja\n".as_bytes(), "export.csv", &ExportOptions::default()).expect_err("no service or date column");
    assert_eq!(err.problems[0].code, "missing-column");
    assert!(err.problems[0].message.en.contains("service, date"), "{}", err.problems[0].message.en);
    let empty = ExportReader::new(&pack, "".as_bytes(), "empty.csv", &ExportOptions::default()).expect_err("empty");
    assert_eq!(empty.problems[0].code, "empty");
}

#[test]
fn bad_cell_stays_in_the_report_and_is_located_by_row_and_column() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,,hvb,lou,2017-12-31,Ja,0,,0.9,\nP2,,hvb,lou,2017-12-31,kanske,tio,,0.9,\n");
    let mut reader = ExportReader::new(&pack, csv.as_bytes(), "export.csv", &ExportOptions::default()).expect("opens");
    let header = reader.header();
    let mut located = vec![];
    while let Some(result) = reader.next() {
        let answers = result.expect("the row is read");
        for issue in answers.issues() {
            located.push(header.locate(reader.row(), answers.provider(), issue));
        }
    }
    assert_eq!(located.len(), 2);
    let cols: Vec<(Option<u64>, u32, &str, &str)> =
        located.iter().map(|p| (p.row, p.column.as_ref().map(|c| c.number).unwrap_or(0), p.code.as_str(), p.provider.as_deref().unwrap_or(""))).collect();
    assert_eq!(cols, vec![(Some(3), 6, "wrong-type", "P2"), (Some(3), 7, "wrong-type", "P2")]);
    assert!(located[0].is_malformed());
    assert_eq!(located[1].render(granska::Lang::En), "export.csv: row 3, column 7 (G, antal), provider P2: the answer \"tio\" is not a whole number [wrong-type]");
}

#[test]
fn bad_service_or_date_rejects_the_row_at_its_column() {
    let pack = pack();
    let csv = format!("{HEADER}\nP1,,hvbb,lou,2017-12-31,Ja,0,,0.9,\nP2,,hvb,lou,31/12/2017,Ja,0,,0.9,\n,,hvb,lou,2017-12-31,Ja,0,,0.9,\n");
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(rows.is_empty());
    let found: Vec<(Option<u64>, u32, &str)> = errors.iter().map(|e| (e.row, e.column.as_ref().map(|c| c.number).unwrap_or(0), e.code.as_str())).collect();
    assert_eq!(found, vec![(Some(2), 3, "not-a-choice"), (Some(3), 5, "bad-date"), (Some(4), 1, "missing")]);
    assert!(errors[0].message.en.contains("did you mean \"hvb\""), "{}", errors[0].message.en);
}

#[test]
fn mapping_translates_survey_titles_to_question_ids() {
    let pack = pack();
    let mapping =
        Mapping::from_reader("column;question\nOrganisationsnummer;provider\nTjänst;service\nDatum;date\nHar ni en rutin?;rutin\nTidsstämpel;-\n".as_bytes(), "mapping.csv")
            .expect("mapping reads");
    let csv = "Organisationsnummer,Tjänst,Datum,Har ni en rutin?,Tidsstämpel\nP1,hvb,2017-12-31,Ja,2017-11-02 10:31\n";
    let options = ExportOptions { mapping: Some(mapping), ..ExportOptions::default() };
    let (rows, errors, header) = read(&pack, csv.as_bytes(), &options);
    assert!(errors.is_empty() && header.is_empty(), "{errors:?} {header:?}");
    assert_eq!(rows[0].1.provider(), "P1");
    assert_eq!(verdict(&pack, &rows[0].1, "rutin_finns"), Verdict::Met);
}

#[test]
fn mapping_to_an_unknown_question_is_a_column_problem() {
    let pack = pack();
    let mut mapping = Mapping::new();
    mapping.insert("Har ni en rutin?", "rutinn");
    let csv = "provider,service,date,Har ni en rutin?\nP1,hvb,2017-12-31,Ja\n";
    let (_, _, header) = read(&pack, csv.as_bytes(), &ExportOptions { mapping: Some(mapping), ..ExportOptions::default() });
    assert_eq!(header.len(), 1);
    assert!(header[0].message.en.contains("as mapped from \"Har ni en rutin?\""), "{}", header[0].message.en);
    assert!(header[0].message.en.contains("did you mean \"rutin\""));
}

#[test]
fn malformed_mapping_lines_are_reported() {
    let err = Mapping::from_reader("column,question\nonly one cell\n".as_bytes(), "mapping.csv").expect_err("bad line");
    assert_eq!((err.problems[0].row, err.problems[0].code.as_str()), (Some(2), "too-few-cells"));
}

#[test]
fn column_letters() {
    assert_eq!(column_letter(1), "A");
    assert_eq!(column_letter(26), "Z");
    assert_eq!(column_letter(27), "AA");
    assert_eq!(column_letter(55), "BC");
    assert_eq!(column_letter(702), "ZZ");
    assert_eq!(column_letter(703), "AAA");
}

#[test]
fn the_example_export_reads_without_rejections() {
    let pack = match Pack::builtin() {
        Ok(p) => p,
        Err(e) => panic!("{}", e.render(false)),
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/export-2017.csv");
    let reader = ExportReader::from_path(&pack, &path, &ExportOptions::default()).expect("opens");
    assert!(reader.header().problems().is_empty(), "{:?}", reader.header().problems());
    let results: Vec<_> = reader.collect();
    assert_eq!(results.len(), 134);
    assert!(results.iter().all(std::result::Result::is_ok));
}

// ---------------------------------------------------------------------------------------
// Exports as Excel and survey tools write them: `sep=` lines, date-times, NFD titles.

#[test]
fn excel_separator_line_names_the_separator_and_keeps_row_numbers() {
    let pack = pack();
    for (sep, line) in [(";", "sep=;"), (",", "sep=,"), ("\t", "sep=\t"), (";", "\"sep=;\""), (";", "SEP=;")] {
        let csv = format!(
            "{line}\r\n{}\r\nP1{sep}Ett AB{sep}hvb{sep}lou{sep}2017-12-31{sep}Ja{sep}2{sep}2{sep}0.8{sep}adad\r\n\r\nP2{sep}Två AB{sep}hvb{sep}lou{sep}2017-12-31{sep}Nej{sep}x{sep}{sep}{sep}\r\n",
            HEADER.replace(',', sep)
        );
        let (rows, errors, header) = read(&pack, csv.as_bytes(), &ExportOptions::default());
        assert!(errors.is_empty() && header.is_empty(), "{line}: {errors:?} {header:?}");
        assert_eq!(rows.iter().map(|(r, a)| (*r, a.provider())).collect::<Vec<_>>(), vec![(3, "P1"), (5, "P2")], "{line}");
        // The bad cell of P2 is located at its line in the file.
        let reader = ExportReader::new(&pack, csv.as_bytes(), "export.csv", &ExportOptions::default()).expect("opens");
        let header = reader.header();
        let issue = rows[1].1.issues().iter().find(|i| i.code == "wrong-type").expect("x is not a number");
        let located = header.locate(5, "P2", issue);
        assert_eq!((located.row, located.column.map(|c| c.number)), (Some(5), Some(7)), "{line}");
    }
}

#[test]
fn a_header_problem_after_a_separator_line_is_on_row_two() {
    let pack = pack();
    let csv = "sep=;\nprovider;service;date;rutinn\nP1;hvb;2017-12-31;Ja\n";
    let (_, _, header) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert_eq!((header[0].row, header[0].code.as_str()), (Some(2), "unknown-column"));
}

#[test]
fn a_separator_word_that_is_a_header_is_read_as_a_header() {
    // A first column titled `sep` is no separator line.
    let pack = pack();
    let csv = "provider,service,date\nP1,hvb,2017-12-31\n";
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert!(errors.is_empty());
    assert_eq!(rows[0].0, 2);
}

#[test]
fn report_dates_as_excel_and_date_pickers_write_them() {
    let pack = pack();
    let csv = "provider,service,date\nP1,hvb,2017-12-31 00:00\nP2,hvb,2017-12-31T00:00:00\nP3,hvb,2017-12-31T23:00:00.000Z\nP4,hvb,2017-12-31 00:00:00\nP5,hvb,2017-07-01T00:00:00+02:00\nP6,hvb,2017-03-01 till 2017-09-30\nP7,hvb,31/12/2017\nP8,hvb,03/04/2017\n";
    let (rows, errors, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    let dates: Vec<(&str, String)> = rows.iter().map(|(_, a)| (a.provider(), a.date())).collect();
    assert_eq!(dates, vec![("P1", "2017-12-31".into()), ("P2", "2017-12-31".into()), ("P3", "2018-01-01".into()), ("P4", "2017-12-31".into()), ("P5", "2017-07-01".into())]);
    let rejected: Vec<(Option<&str>, &str)> = errors.iter().map(|e| (e.provider.as_deref(), e.code.as_str())).collect();
    assert_eq!(rejected, vec![(Some("P6"), "bad-date"), (Some("P7"), "bad-date"), (Some("P8"), "bad-date")]);
    assert!(errors[1].message.sv.contains("2017-12-31"), "the ISO form is the hint: {}", errors[1].message.sv);
    assert!(errors[2].message.en.contains("two ways"), "{}", errors[2].message.en);
}

#[test]
fn decomposed_titles_match_a_composed_mapping_and_the_other_way_round() {
    let pack = pack();
    let nfc_title = "Har ni en åtgärdsplan för sårbara?";
    let nfd_title = "Har ni en a\u{30a}tga\u{308}rdsplan fo\u{308}r sa\u{30a}rbara?";
    for (mapping_title, header_title) in [(nfd_title, nfc_title), (nfc_title, nfd_title), (nfd_title, nfd_title)] {
        let mut mapping = Mapping::new();
        mapping.insert(mapping_title, "rutin");
        mapping.insert("Tjänst", "service");
        let csv = format!("provider,Tja\u{308}nst,date,{header_title}\nP1,hvb,2017-12-31,Ja\n");
        let (rows, errors, header) = read(&pack, csv.as_bytes(), &ExportOptions { mapping: Some(mapping), ..ExportOptions::default() });
        assert!(errors.is_empty() && header.is_empty(), "{errors:?} {header:?}");
        assert_eq!(verdict(&pack, &rows[0].1, "rutin_finns"), Verdict::Met);
    }
}

#[test]
fn a_provider_code_with_a_leading_zero_stays_text_in_an_export() {
    let pack = pack();
    let csv = "provider,service,date\n0180,hvb,2017-12-31\n";
    let (rows, _, _) = read(&pack, csv.as_bytes(), &ExportOptions::default());
    assert_eq!(rows[0].1.provider(), "0180");
}

#[test]
fn typed_cells_are_read_by_what_the_question_asks() {
    use granska::Raw;
    use granska_summary::export::Header;
    let pack = pack();
    let header = Header::new(&pack, &["provider", "service", "date", "rutin", "antal", "andel", "metod", "name"], None, "frame").expect("a header");
    // 2017-12-31 is day 17,531 after 1970-01-01.
    const DEC_31: i32 = 17_531;
    // 2017-12-31T23:00:00Z is 2018-01-01 in Sweden.
    let cells = [Raw::Integer(180), Raw::Cell("hvb"), Raw::Instant(1_514_761_200), Raw::Bool(true), Raw::Number(3.0), Raw::Integer(1), Raw::Cell("adad"), Raw::Number(1.5)];
    let a = header.read_cells(&pack, 2, &cells).expect("read");
    assert_eq!((a.provider(), a.date().as_str(), a.name()), ("180", "2018-01-01", Some("1.5")));
    assert!(a.issues().is_empty(), "{:?}", a.issues());
    let cells = [Raw::Cell("P2"), Raw::Cell("hvb"), Raw::Date(DEC_31), Raw::Invalid("#N/A"), Raw::DateTime(0), Raw::Empty, Raw::Empty, Raw::Empty];
    let a = header.read_cells(&pack, 3, &cells).expect("read");
    assert_eq!(a.date(), "2017-12-31");
    let issues: Vec<(&str, &str)> = a.issues().iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
    assert_eq!(issues, vec![("rutin", "error-cell"), ("antal", "wrong-type")]);
    assert!(a.issues()[0].message.en.contains("#N/A"));
    // A yes/no cell for the provider is refused at its column, never read as a missing provider.
    let cells = [Raw::Bool(true), Raw::Cell("hvb"), Raw::Cell("2017-12-31"), Raw::Empty, Raw::Empty, Raw::Empty, Raw::Empty, Raw::Empty];
    let e = header.read_cells(&pack, 4, &cells).expect_err("rejected");
    assert_eq!((e.code.as_str(), e.column.map(|c| c.number)), ("wrong-type", Some(1)));
}

#[test]
fn a_fraction_in_a_typed_cell_is_no_percentage() {
    use granska::Raw;
    use granska_summary::export::Header;
    let pack = granska::Pack::from_yaml(
        "pack: { id: p, title: { sv: P, en: P } }\nservices: [{ id: hvb, label: { sv: HVB, en: HVB } }]\nquestions:\n  - { id: procent, type: percent, label: { sv: P, en: P } }\n  - { id: tal, type: number, label: { sv: T, en: N } }\n  - { id: text, type: text, label: { sv: T, en: T } }\nrequirements: []\n",
        "p.yaml",
    )
    .expect("loads");
    let header = Header::new(&pack, &["provider", "service", "date", "procent", "tal", "text"], None, "frame").expect("a header");
    // A cell formatted as percent holds 80 % as 0.8 and 100 % as 1: refused, not 0.8 %.
    for fraction in [0.8, 1.0, 0.05] {
        let cells = [Raw::Cell("P1"), Raw::Cell("hvb"), Raw::Cell("2017-12-31"), Raw::Number(fraction), Raw::Number(fraction), Raw::Empty];
        let a = header.read_cells(&pack, 2, &cells).expect("read");
        let issues: Vec<(&str, &str)> = a.issues().iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
        assert_eq!(issues, vec![("procent", "wrong-type")], "{fraction}");
        assert!(a.issues()[0].message.en.contains("write 80"), "{}", a.issues()[0].message.en);
    }
    // 80 and 0 are percentages; a number past 2^53 is no text.
    let cells = [Raw::Cell("P1"), Raw::Cell("hvb"), Raw::Cell("2017-12-31"), Raw::Number(80.0), Raw::Number(0.8), Raw::Number(1e23)];
    let a = header.read_cells(&pack, 3, &cells).expect("read");
    let issues: Vec<(&str, &str)> = a.issues().iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
    assert_eq!(issues, vec![("text", "wrong-type")]);
}

#[test]
fn rows_yield_each_report_with_its_problems_located_and_each_rejection() {
    let pack = pack();
    // Row 2 fine, row 3 a bad cell (column G, `antal`), row 4 blank (skipped), row 5 too few
    // cells (rejected), row 6 a wrong answer and an unknown choice.
    let csv = format!("{HEADER}\nP1,Ett AB,hvb,lou,2017-12-31,Ja,2,2,0.8,adad\nP2,,hvb,lou,2017-12-31,Ja,två,,,\n,,,,,,,,,\nP3,x\nP4,,hvb,lou,2017-12-31,kanske,1,1,0.5,zzz\n");
    let mut reader = ExportReader::new(&pack, csv.as_bytes(), "export.csv", &ExportOptions::default()).expect("the export opens");
    let rows: Vec<_> = reader.rows().collect();
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3, 5, 6]);
    assert!(rows[0].answers.is_ok() && rows[0].problems().next().is_none());
    let p2 = rows[1].answers.as_ref().expect("row 3 is read");
    assert_eq!(p2.provider(), "P2");
    let located: Vec<_> = rows[1].problems().collect();
    assert_eq!(located.len(), 1, "{located:?}");
    assert_eq!((located[0].row, located[0].column.as_ref().map(granska_summary::export::ColumnRef::letter)), (Some(3), Some("G".to_string())));
    assert_eq!(located[0].provider.as_deref(), Some("P2"));
    assert!(!located[0].rejected);
    let rejected = rows[2].answers.as_ref().expect_err("row 5 is rejected");
    assert!(rejected.rejected && rejected.row == Some(5), "{rejected:?}");
    assert_eq!(rows[2].problems().collect::<Vec<_>>(), [rejected]);
    let codes: Vec<_> = rows[3].problems().map(|p| (p.column.as_ref().map(|c| c.number), p.code.to_string())).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert!(rows[3].problems().all(|p| p.row == Some(6) && p.column.is_some()));
}
