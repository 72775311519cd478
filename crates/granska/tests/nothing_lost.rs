//! Nothing lost, through the core: in a batch where every tenth report is broken, every
//! other report is evaluated and every broken one is reported with its reason — from
//! report files (JSON and YAML) and from a survey export alike. Reports with bad answers
//! (not broken, just wrong in a field) are evaluated too, each bad field reported.

use granska::export::{ExportOptions, ExportReader};
use granska::{Pack, ReportError};

/// The ten ways a report is broken here, each with the problem code expected.
const BROKEN: [(&str, &str); 10] = [
    (r#"{"provider": "B0", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": tr"#, "syntax"),
    (r#"{"service": "jourhem", "date": "2017-12-31"}"#, "missing"),
    (r#"{"provider": "B2", "service": "jourhem", "date": "2019-02-30"}"#, "bad-date"),
    (r#"{"provider": "B3", "service": "jourhemm", "date": "2017-12-31"}"#, "not-a-choice"),
    (r#"["B4", "jourhem", "2017-12-31"]"#, "wrong-type"),
    (r#"{"provider": "B5", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": true, "ledning.riskanalys": false}}"#, "syntax"),
    ("", "syntax"),
    (r#"{"provider": "B7", "service": "", "date": ""}"#, "missing"),
    ("provider: B8\nservice: jourhem\ndate: 2017-12-31\nanswers:\n\tledning.riskanalys: true\n", "syntax"),
    ("provider: B9\nservice: jourhem\ndate: 2017-12-31\ndate: 2018-12-31\n", "syntax"),
];

fn read(pack: &Pack, text: &str) -> Result<granska::Answers, ReportError> {
    if text.trim_start().starts_with('{') || text.trim_start().starts_with('[') || text.is_empty() { pack.read_report_json(text) } else { pack.read_report_yaml(text) }
}

#[test]
fn every_tenth_report_broken_every_other_evaluated() {
    let pack = Pack::builtin().expect("the built-in pack loads");
    let texts: Vec<String> = (0..300)
        .map(|i| {
            if i % 10 == 9 {
                BROKEN[(i / 10) % 10].0.to_string()
            } else if i % 7 == 0 {
                // Readable, with a bad answer: evaluated, the answer reported.
                format!(r#"{{"provider": "P{i:03}", "service": "jourhem", "date": "2017-12-31", "answers": {{"ledning.riskanalys": "kanske", "lex_sarah.rapporter": 2}}}}"#)
            } else {
                format!(r#"{{"provider": "P{i:03}", "service": "jourhem", "date": "2017-12-31", "answers": {{"ledning.riskanalys": {}, "lex_sarah.rapporter": {}}}}}"#, i % 2 == 0, i % 5)
            }
        })
        .collect();
    let results: Vec<Result<granska::Answers, ReportError>> = texts.iter().map(|t| read(&pack, t)).collect();

    let mut read_ok = vec![];
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(answers) => {
                assert!(i % 10 != 9, "broken report {i} was read: {}", texts[i]);
                assert_eq!(answers.provider(), format!("P{i:03}"));
                if i % 7 == 0 {
                    assert_eq!(answers.issues().iter().map(|x| (x.field.as_str(), x.code)).collect::<Vec<_>>(), [("ledning.riskanalys", "wrong-type")], "report {i}");
                }
                read_ok.push(answers);
            }
            Err(e) => {
                assert_eq!(i % 10, 9, "report {i} was rejected: {e}");
                let (_, code) = BROKEN[(i / 10) % 10];
                assert!(!e.problems.is_empty() && !e.to_string().is_empty(), "report {i}: no reason");
                assert_eq!(e.problems[0].code, code, "report {i}: {e}");
                // Where the provider could be read, the error names it.
                if let Some(p) = &e.provider {
                    assert!(texts[i].contains(p.as_str()));
                }
            }
        }
    }
    assert_eq!(read_ok.len(), 270);
    let reports = pack.check_many(&read_ok);
    assert_eq!(reports.len(), 270);
    for (a, r) in read_ok.iter().zip(&reports) {
        assert_eq!(a.provider(), r.provider);
        assert_eq!(r.verdicts.len(), pack.requirements().len());
        assert_eq!(r.issues, a.issues(), "answer problems travel with the report");
    }
}

#[test]
fn every_tenth_export_row_broken_every_other_evaluated() {
    let pack = Pack::builtin().expect("the built-in pack loads");
    let mut csv = String::from("provider,name,service,contract,date,ledning.riskanalys,lex_sarah.rapporter\n");
    let broken_rows = [
        "B{i},Kort,jourhem,lou,2017-12-31",
        "B{i},Lång,jourhem,lou,2017-12-31,Ja,1,extra",
        ",Utan id,jourhem,lou,2017-12-31,Ja,1",
        "B{i},Fel tjänst,jourhemm,lou,2017-12-31,Ja,1",
        "B{i},Fel datum,jourhem,lou,2019-02-30,Ja,1",
    ];
    let mut expected_errors = vec![];
    for i in 0..200 {
        let row = i + 2; // the header is row 1
        if i % 10 == 9 {
            csv.push_str(&broken_rows[(i / 10) % broken_rows.len()].replace("{i}", &i.to_string()));
            expected_errors.push(row as u64);
        } else if i % 7 == 0 {
            csv.push_str(&format!("P{i:03},Namn,jourhem,lou,2017-12-31,kanske,två"));
        } else {
            csv.push_str(&format!("P{i:03},Namn,jourhem,lou,2017-12-31,{},{}", if i % 2 == 0 { "Ja" } else { "Nej" }, i % 5));
        }
        csv.push('\n');
    }
    let mut reader = ExportReader::new(&pack, csv.as_bytes(), "export.csv", &ExportOptions::default()).expect("the export opens");
    let header = reader.header();
    assert!(header.problems().is_empty());
    let (mut read_ok, mut errors) = (vec![], vec![]);
    while let Some(result) = reader.next() {
        match result {
            Ok(answers) => {
                let row = reader.row();
                let i = row as usize - 2;
                assert_eq!(answers.provider(), format!("P{i:03}"), "row {row}");
                if i.is_multiple_of(7) {
                    let located: Vec<String> = answers.issues().iter().map(|x| header.locate(row, answers.provider(), x).render(granska::Lang::En)).collect();
                    assert_eq!(located.len(), 2, "{located:?}");
                    assert!(located[0].starts_with(&format!("export.csv: row {row}, column 6 (F, ledning.riskanalys)")), "{located:?}");
                }
                read_ok.push(answers);
            }
            Err(problem) => {
                assert!(problem.rejected);
                assert!(!problem.message.en.is_empty());
                errors.push(problem.row.expect("a row error has its row"));
            }
        }
    }
    assert_eq!(errors, expected_errors, "every broken row is reported, at its row");
    assert_eq!(read_ok.len(), 180);
    let reports = pack.check_many(&read_ok);
    assert!(reports.iter().all(|r| r.verdicts.len() == pack.requirements().len()));
}
