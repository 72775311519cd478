//! Nothing lost, through the core: in a batch where every tenth report is broken, every
//! other report is evaluated and every broken one is reported with its reason — from
//! report texts (JSON and YAML) and from a survey export alike. Reports with bad answers
//! (not broken, just wrong in a field) are evaluated too, each bad field reported.
//!
//! The batch is data, `tests/nothing-lost/` (written by `scripts/gen_nothing_lost.py`),
//! read the same way by the CLI, Python and JS tests.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

use granska::{Pack, ReportFormat};
use granska_summary::export::{ExportOptions, ExportReader};
use serde_json::Value as Json;

fn batch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/nothing-lost").join(name)
}

fn read_json(name: &str) -> Json {
    let path = batch(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `[[field, code], …]` of an expectation.
fn issues(expect: &Json) -> Vec<(String, String)> {
    expect["issues"].as_array().expect("issues").iter().map(|p| (p[0].as_str().unwrap_or_default().to_string(), p[1].as_str().unwrap_or_default().to_string())).collect()
}

#[test]
fn every_tenth_report_broken_every_other_evaluated() {
    let pack = Pack::builtin().expect("the built-in pack loads");
    let cases = read_json("reports.json");
    let cases = cases["reports"].as_array().expect("reports");
    assert_eq!(cases.len(), 300);
    let mut read_ok = vec![];
    let mut rejected = 0;
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let text = case["text"].as_str().expect("text");
        let expect = &case["expect"];
        let format = ReportFormat::from_extension(Path::new(name)).expect("a .json or .yaml name");
        match pack.read_report_bytes(text.as_bytes(), format) {
            Ok(answers) => {
                assert!(expect.get("rejected").is_none(), "{name}: broken but read");
                assert_eq!(answers.provider(), expect["provider"].as_str().expect("provider"), "{name}");
                let got: Vec<(String, String)> = answers.issues().iter().map(|i| (i.field.clone(), i.code.to_string())).collect();
                assert_eq!(got, issues(expect), "{name}");
                read_ok.push(answers);
            }
            Err(e) => {
                let code = expect["rejected"].as_str().unwrap_or_else(|| panic!("{name} was rejected: {e}"));
                assert!(!e.problems.is_empty() && !e.to_string().is_empty(), "{name}: no reason");
                assert_eq!(e.problems[0].code, code, "{name}: {e}");
                assert_eq!(e.provider.as_deref(), expect["provider"].as_str(), "{name}: the provider, where readable");
                rejected += 1;
            }
        }
    }
    assert_eq!((read_ok.len(), rejected), (270, 30));
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
    let expected = read_json("export.json");
    let expected = expected["rows"].as_array().expect("rows");
    let mut reader = ExportReader::from_path(&pack, batch("export.csv"), &ExportOptions::default()).expect("the export opens");
    let header = reader.header();
    assert!(header.problems().is_empty());
    let mut got = vec![];
    let mut read_ok = vec![];
    while let Some(result) = reader.next() {
        match result {
            Ok(answers) => {
                let row = reader.row();
                let located: Vec<_> = answers.issues().iter().map(|x| header.locate(row, answers.provider(), x)).collect();
                for p in &located {
                    assert_eq!(p.row, Some(row));
                    assert!(p.column.is_some(), "{p:?}");
                    assert!(p.render(granska::Lang::En).contains(&format!("row {row}, column")), "{p:?}");
                }
                let issues: Vec<Json> = located.iter().map(|p| serde_json::json!([p.field.clone().unwrap_or_default(), p.code])).collect();
                got.push(serde_json::json!({"row": row, "provider": answers.provider(), "issues": issues}));
                read_ok.push(answers);
            }
            Err(problem) => {
                assert!(problem.rejected);
                assert!(!problem.message.en.is_empty());
                got.push(serde_json::json!({"row": problem.row.expect("a row error has its row"), "rejected": problem.code}));
            }
        }
    }
    assert_eq!(&got, expected, "every row read or reported, at its row");
    assert_eq!(read_ok.len(), 180);
    let reports = pack.check_many(&read_ok);
    assert!(reports.iter().all(|r| r.verdicts.len() == pack.requirements().len()));
}
