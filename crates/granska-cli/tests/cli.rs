//! Integration tests of every `granska` subcommand, run as a user runs them: exit codes,
//! outputs, every malformed-input case of a survey export with its exact row and column,
//! the golden summaries of the example export, the published 2017 figures, and that
//! `docs/rules.md` is up to date.
//!
//! `UPDATE_GOLDEN=1 cargo test -p granska-cli` rewrites the golden files and docs/rules.md.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name).display().to_string()
}

/// `granska` run from the workspace root, without colour.
fn granska() -> Command {
    let mut cmd = Command::cargo_bin("granska").expect("the binary is built");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().expect("runs").stdout).expect("UTF-8 output")
}

/// Compares `actual` with a golden file under the workspace; rewrites it with UPDATE_GOLDEN=1.
fn golden(relative: &str, actual: &str) {
    let path = root().join(relative);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e} (run with UPDATE_GOLDEN=1 to create it)"));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).map(|i| i + 1).unwrap_or(0);
        panic!("{relative} differs from the output (first at line {line}); if the change is intended, run UPDATE_GOLDEN=1 cargo test -p granska-cli");
    }
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    path.display().to_string()
}

const HEADER: &str = "provider,name,service,contract,date,rutin,antal,utredningar,andel,metod";
const ROW1: &str = "P1,Ett AB,hvb,lou,2017-12-31,Ja,2,2,0.8,adad";
const ROW2: &str = "P2,Två AB,hvb,lou,2017-12-31,Nej,1,0,0.25,";

// ---------------------------------------------------------------------------------------
// lint

#[test]
fn lint_the_builtin_pack() {
    granska().arg("lint").assert().success().stdout(contains("builtin:granska.yaml: ok"));
}

#[test]
fn lint_a_pack_file_in_english() {
    granska()
        .args(["--lang", "en", "lint", &data("pack.yaml")])
        .assert()
        .success()
        .stdout(contains("ok — 3 requirements, 5 questions, 4 indicators, 1 warnings"))
        .stderr(contains("warning[unread-question]: question `metod` is read by no requirement"));
}

#[test]
fn lint_reports_errors_like_rustc_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(data("pack.yaml")).expect("pack").replace("require: \"rutin\"", "require: \"rutiin\"");
    let broken = temp_file(&dir, "broken.yaml", text.as_bytes());
    granska().args(["lint", &broken]).assert().code(1).stderr(contains("rutiin").and(contains("broken.yaml:")).and(contains("rutin"))).stdout(contains("1 fel"));
}

#[test]
fn lint_a_missing_pack_exits_1() {
    granska().args(["lint", "no/such/pack.yaml"]).assert().code(1);
}

// ---------------------------------------------------------------------------------------
// check

#[test]
fn check_all_met_exits_0() {
    granska()
        .args(["check", "--pack", &data("pack.yaml"), &data("reports/p1-ok.yaml")])
        .assert()
        .code(0)
        .stdout(contains("P1 Ett AB · hvb (lou) · 2017-12-31").and(contains("3 uppfyllda · 0 ej uppfyllda")).and(contains("✓ uppfyllt")));
}

#[test]
fn check_not_met_exits_1_and_explains() {
    granska()
        .args(["--lang", "en", "check", "--pack", &data("pack.yaml"), &data("reports/p1-ok.yaml"), &data("reports/p2-brister.json")])
        .assert()
        .code(1)
        .stdout(contains("✗ not met").and(contains("andel >= 0.5").or(contains("andel = 0.25, required ≥ 0.5"))).and(contains("No routine.")));
}

#[test]
fn check_unreadable_report_exits_2_and_the_others_are_checked() {
    granska()
        .args(["check", "--pack", &data("pack.yaml"), &data("reports/p3-trasig.yaml"), &data("reports/p1-ok.yaml")])
        .assert()
        .code(2)
        .stderr(contains("avvisad:").and(contains("p3-trasig.yaml")).and(contains("Verksamhetens id saknas")))
        .stdout(contains("P1 Ett AB"));
}

#[test]
fn check_malformed_answer_exits_2_with_its_field() {
    granska()
        .args(["--lang", "en", "check", "--pack", &data("pack.yaml"), &data("reports/p4-fel-svar.yaml")])
        .assert()
        .code(2)
        .stderr(contains("field antal, provider P4: the answer \"tio\" is not a whole number [wrong-type]"));
}

#[test]
fn check_as_json_yaml_and_markdown() {
    let json = stdout_of(granska().args(["check", "--pack", &data("pack.yaml"), "--format", "json", &data("reports/p2-brister.json")]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value[0]["provider"], "P2");
    assert_eq!(value[0]["counts"]["not_met"], 3);
    let yaml = stdout_of(granska().args(["check", "--pack", &data("pack.yaml"), "--format", "yaml", &data("reports/p2-brister.json")]));
    assert!(yaml.contains("provider: P2"), "{yaml}");
    let md = stdout_of(granska().args(["--lang", "en", "check", "--pack", &data("pack.yaml"), "--format", "md", &data("reports/p2-brister.json")]));
    assert!(md.contains("| `rutin_finns` | Routine exists | not met |"), "{md}");
}

#[test]
fn check_the_rows_of_an_export_with_the_builtin_pack() {
    granska().args(["check", "--format", "json", "examples/export-2017.csv"]).assert().code(1).stdout(contains("\"provider\": \"P001\"").and(contains("\"provider\": \"P187\"")));
}

#[test]
fn check_example_reports_of_the_builtin_pack() {
    granska().args(["check", "examples/reports/jourhem-ok.yaml"]).assert().code(0);
    granska().args(["check", "examples/reports/jourhem-brister.yaml"]).assert().code(1);
}

// ---------------------------------------------------------------------------------------
// summarize: the example export

fn summarize_2017(format: &str, lang: &str) -> String {
    let out = granska().args(["--lang", lang, "summarize", "examples/export-2017.csv", "--roster", "examples/roster-2017.csv", "--format", format]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn summary_2017_matches_the_golden_files() {
    golden("tests/golden/summary-2017.json", &summarize_2017("json", "sv"));
    golden("tests/golden/summary-2017.csv", &summarize_2017("csv", "sv"));
    golden("tests/golden/summary-2017.md", &summarize_2017("md", "sv"));
    golden("tests/golden/summary-2017.html", &summarize_2017("html", "sv"));
    golden("tests/golden/summary-2017.en.html", &summarize_2017("html", "en"));
}

#[test]
fn summary_2017_reproduces_the_published_figures() {
    let summary: serde_json::Value = serde_json::from_str(&summarize_2017("json", "sv")).expect("JSON");
    let indicator = |id: &str| summary["indicators"].as_array().and_then(|a| a.iter().find(|i| i["id"] == id)).cloned().expect("indicator");
    assert_eq!(summary["reports"]["count"], 134);
    assert_eq!(summary["rejected"]["count"], 0);
    let lex = indicator("andel_lex_sarah_utredningar");
    assert_eq!((lex["count"].as_i64(), lex["of"].as_i64(), lex["percent"].as_i64()), (Some(5), Some(96), Some(5)));
    assert_eq!(lex["text"]["sv"], "5 av 96 verksamheter, 5 procent; 0 obesvarade");
    assert_eq!(indicator("antal_lex_sarah_utredningar")["total"], 5);
    let complaints = indicator("andel_klagomal_registrerade");
    assert_eq!(complaints["text"]["sv"], "41 av 96 verksamheter, 43 procent; 0 obesvarade");
    assert_eq!((lex["unanswered"].as_i64(), complaints["unanswered"].as_i64()), (Some(0), Some(0)));
    assert_eq!(indicator("antal_klagomal_registrerade")["total"], 161);
    let held = summary["services"].as_array().and_then(|a| a.iter().find(|g| g["id"] == "heldygnsvard")).cloned().expect("heldygnsvård");
    assert_eq!((held["response"]["responded"].as_i64(), held["response"]["invited"].as_i64(), held["response"]["percent"].as_i64()), (Some(47), Some(98), Some(48)));
}

#[test]
fn summary_html_from_the_output_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("summary-2017.html");
    granska()
        .args(["summarize", "examples/export-2017.csv", "-o", &out.display().to_string()])
        .assert()
        .success()
        .stdout("")
        .stderr(contains("sammanställt: 134 rapporter, 0 avvisade"));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h2>Nyckeltal</h2>") && html.contains("har registrerat synpunkter och klagomål"));
}

#[test]
fn summary_change_from_last_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = dir.path().join("2016.json");
    let text = format!("{HEADER}\n{ROW1}\n");
    let export_2016 = temp_file(&dir, "2016.csv", text.as_bytes());
    granska().args(["summarize", "--pack", &data("pack.yaml"), &export_2016, "-o", &last.display().to_string()]).assert().success();
    let text = format!("{HEADER}\n{ROW1}\n{ROW2}\n");
    let export_2017 = temp_file(&dir, "2017.csv", text.as_bytes());
    let json = stdout_of(granska().args(["summarize", "--pack", &data("pack.yaml"), &export_2017, "--previous", &last.display().to_string()]));
    let s: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(s["reports"]["change"]["count"], 1);
    let rutin = s["requirements"].as_array().and_then(|a| a.iter().find(|r| r["id"] == "rutin_finns")).cloned().expect("requirement");
    assert_eq!((rutin["percent_met"].as_i64(), rutin["previous"]["percent_met"].as_i64(), rutin["change"]["percent_met"].as_i64()), (Some(50), Some(100), Some(-50)));
    let md = stdout_of(granska().args(["summarize", "--pack", &data("pack.yaml"), &export_2017, "--previous", &last.display().to_string(), "--format", "md"]));
    assert!(md.contains("−50 p.e. (fg. år 100\u{a0}%)"), "{md}");
    granska().args(["summarize", "--pack", &data("pack.yaml"), &export_2017, "--previous", &export_2017]).assert().code(2).stderr(contains("2017.csv"));
}

#[test]
fn summary_of_a_folder_of_reports_counts_the_rejected() {
    let out = granska().args(["--lang", "en", "summarize", "--pack", &data("pack.yaml"), &data("reports")]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rejected: ") && stderr.contains("p3-trasig.yaml") && stderr.contains("The provider id is missing"), "{stderr}");
    assert!(stderr.contains("p4-fel-svar.yaml: field antal, provider P4"), "{stderr}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(s["reports"]["count"], 3);
    assert_eq!(s["rejected"]["count"], 1);
    assert_eq!(s["rejected"]["reasons"]["missing"], 1);
    assert_eq!(s["issues"]["wrong-type"], 1);
}

// ---------------------------------------------------------------------------------------
// summarize: malformed exports, each with its row and column

/// Runs `summarize` on an export (bytes) with the test pack; returns (exit code, stderr, summary).
fn summarize_export(bytes: &[u8], extra: &[&str]) -> (i32, String, serde_json::Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = temp_file(&dir, "export.csv", bytes);
    let out = granska().args(["--lang", "en", "summarize", "--pack", &data("pack.yaml")]).args(extra).arg(&file).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&file, "export.csv");
    let summary = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), stderr, summary)
}

#[test]
fn export_with_semicolons_and_decimal_comma() {
    let text = format!("{}\n{}\n", HEADER.replace(',', ";"), "P1;\"Ett, AB\";hvb;lou;2017-12-31;Ja;2;2;0,8;adad");
    let (code, stderr, s) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s["reports"]["count"], 1);
    let andel = s["requirements"].as_array().and_then(|a| a.iter().find(|r| r["id"] == "andel_examen")).cloned().expect("requirement");
    assert_eq!(andel["met"], 1, "0,8 is read as 0.8");
}

#[test]
fn export_with_a_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{HEADER}\n{ROW1}\n").as_bytes());
    let (code, stderr, s) = summarize_export(&bytes, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s["reports"]["count"], 1);
}

#[test]
fn export_in_windows_1252() {
    let text = format!("{HEADER}\nP1,Åby Gård,hvb,lou,2017-12-31,Ja,2,2,0.8,adad\n");
    let bytes = windows_1252(&text);
    assert!(std::str::from_utf8(&bytes).is_err());
    let dir = tempfile::tempdir().expect("tempdir");
    let file = temp_file(&dir, "export.csv", &bytes);
    granska().args(["check", "--pack", &data("pack.yaml"), &file]).assert().code(0).stdout(contains("P1 Åby Gård"));
    let (code, _, s) = summarize_export(&bytes, &[]);
    assert_eq!((code, s["reports"]["count"].as_i64()), (0, Some(1)));
}

/// Windows-1252 for the Latin-1 letters the test uses (å, ö: the same code points).
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars().map(|c| if (c as u32) < 256 { c as u32 as u8 } else { b'?' }).collect()
}

#[test]
fn export_with_too_few_cells() {
    let text = format!("{HEADER}\n{ROW1}\nP2,,hvb,lou,2017-12-31,Ja\n{ROW2}\n");
    let (code, stderr, s) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("rejected: export.csv: row 3, column 7 (G, antal), provider P2: the row has 6 cells but the header has 10 columns; the row is not read [too-few-cells]"),
        "{stderr}"
    );
    assert_eq!((s["reports"]["count"].as_i64(), s["rejected"]["count"].as_i64()), (Some(2), Some(1)));
    assert_eq!(s["rejected"]["reports"][0]["row"], 3);
    assert_eq!(s["rejected"]["reports"][0]["column"]["number"], 7);
}

#[test]
fn export_with_too_many_cells() {
    let text = format!("{HEADER}\n{ROW1}\n{ROW2},extra\n");
    let (code, stderr, s) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("export.csv: row 3, column 11 (K), provider P2: the row has 11 cells but the header has 10 columns"), "{stderr}");
    assert_eq!(s["rejected"]["reasons"]["too-many-cells"], 1);
}

#[test]
fn export_with_an_unknown_header() {
    let text = format!("{}\n{ROW1}\n", HEADER.replace("utredningar", "utredningr"));
    let (code, stderr, s) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("export.csv: row 1, column 8 (H, utredningr): unknown question \"utredningr\"; did you mean \"utredningar\"? The column is not read [unknown-column]"),
        "{stderr}"
    );
    assert_eq!(s["reports"]["count"], 1, "the other columns are read");
    assert_eq!(s["ignored_columns"][0]["column"]["number"], 8);
}

#[test]
fn export_with_a_duplicate_header() {
    let text = format!("{HEADER},rutin\n{ROW1},Nej\n");
    let (code, stderr, _) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("row 1, column 11 (K, rutin): the question \"rutin\" already is column 6 (F); this column is not read [duplicate-column]"), "{stderr}");
}

#[test]
fn export_with_a_bad_cell() {
    let text = format!("{HEADER}\n{ROW1}\nP2,,hvb,lou,2017-12-31,kanske,1,0,0.25,xyz\n");
    let (code, stderr, s) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error: export.csv: row 3, column 6 (F, rutin), provider P2: the answer \"kanske\" is not yes or no [wrong-type]"), "{stderr}");
    assert!(stderr.contains("row 3, column 10 (J, metod), provider P2: \"xyz\" is not one of the choices"), "{stderr}");
    assert_eq!(s["reports"]["count"], 2, "a bad cell does not reject the report");
    assert_eq!(s["issues"]["wrong-type"], 1);
    assert_eq!(s["issues"]["not-a-choice"], 1);
}

#[test]
fn export_with_a_bad_service_and_a_bad_date() {
    let text = format!("{HEADER}\nP1,,hvbb,lou,2017-12-31,Ja,0,,0.9,\nP2,,hvb,lou,2017-13-01,Ja,0,,0.9,\n");
    let (code, stderr, s) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("row 2, column 3 (C, service), provider P1: unknown service type \"hvbb\"; did you mean \"hvb\"?"), "{stderr}");
    assert!(stderr.contains("row 3, column 5 (E, date), provider P2: \"2017-13-01\" is not a date in the calendar"), "{stderr}");
    assert_eq!(s["rejected"]["count"], 2);
}

#[test]
fn export_without_a_provider_column_is_unreadable() {
    let (code, stderr, _) = summarize_export(b"name,service,date\nx,hvb,2017-12-31\n", &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the header row has no column provider"), "{stderr}");
}

#[test]
fn export_with_a_mapping() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mapping = temp_file(&dir, "mapping.csv", "column,question\nVerksamhet,provider\nTjänst,service\nDatum,date\nHar ni en rutin?,rutin\nTidsstämpel,-\n".as_bytes());
    let text = "Verksamhet;Tjänst;Datum;Har ni en rutin?;Tidsstämpel\nP1;hvb;2017-12-31;Ja;2017-11-02 10:31\n";
    let (code, stderr, s) = summarize_export(text.as_bytes(), &["--mapping", &mapping]);
    assert_eq!(code, 0, "{stderr}");
    let rutin = s["requirements"].as_array().and_then(|a| a.iter().find(|r| r["id"] == "rutin_finns")).cloned().expect("requirement");
    assert_eq!(rutin["met"], 1);
}

#[test]
fn answers_to_questions_that_did_not_apply_are_counted_not_listed() {
    let text = format!("{HEADER}\nP1,,hvb,lou,2017-12-31,Ja,0,0,0.9,\n");
    let (code, stderr, _) = summarize_export(text.as_bytes(), &[]);
    assert_eq!(code, 0, "a well-formed answer that is not used is a warning");
    assert!(stderr.contains("warning: 1 answers to questions that did not apply were not used [not-relevant]"), "{stderr}");
    let (_, verbose, _) = summarize_export(text.as_bytes(), &["--verbose"]);
    assert!(verbose.contains("row 2, column 8 (H, utredningar), provider P1"), "{verbose}");
}

#[test]
fn summarize_a_missing_input_exits_2() {
    granska().args(["summarize", "no-such-export.csv"]).assert().code(2).stderr(contains("no-such-export.csv"));
}

#[test]
fn summarize_with_a_bad_roster_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let roster = temp_file(&dir, "roster.csv", b"provider,name,service,contract\nP1,x,hvbb,lou\n");
    granska()
        .args(["--lang", "en", "summarize", "--pack", &data("pack.yaml"), "--roster", &roster, &data("reports/p1-ok.yaml")])
        .assert()
        .code(2)
        .stderr(contains("row 2, column 3 (C, service), provider P1: unknown service type \"hvbb\""));
}

// ---------------------------------------------------------------------------------------
// questions, rules, usage

#[test]
fn questions_in_every_format() {
    let md = stdout_of(granska().args(["questions", "--pack", &data("pack.yaml"), "--format", "md"]));
    assert!(md.contains("| Finns rutin? | `rutin` | ja/nej |"), "{md}");
    let csv = stdout_of(granska().args(["questions", "--pack", &data("pack.yaml"), "--format", "csv"]));
    assert!(csv.starts_with("id,type,label_sv,label_en"));
    assert!(csv.contains("metod,choice,Metod,Method,,,adad|asi,false"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(granska().args(["questions", "--pack", &data("pack.yaml"), "--format", "json"]))).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(5));
}

#[test]
fn questions_for_one_service_type() {
    let all = stdout_of(granska().args(["questions", "--format", "csv"]));
    let jourhem = stdout_of(granska().args(["questions", "--service", "jourhem", "--format", "csv"]));
    assert!(jourhem.lines().count() < all.lines().count());
    granska().args(["questions", "--service", "hvbb"]).assert().code(2).stderr(contains("hvbb"));
}

#[test]
fn rules_md_is_up_to_date() {
    let md = stdout_of(granska().args(["rules", "--format", "md", "--lang", "en"]));
    assert!(md.contains("| Id | Title | Source | Service types | Severity | Quality area |"));
    golden("docs/rules.md", &md);
}

#[test]
fn usage_errors_exit_2() {
    granska().args(["summarize"]).assert().code(2);
    granska().args(["check", "--format", "pdf", "x.yaml"]).assert().code(2);
    granska().args(["frobnicate"]).assert().code(2);
}

#[test]
fn a_pack_that_does_not_load_is_bad_input() {
    granska().args(["check", "--pack", "no/such.yaml", &data("reports/p1-ok.yaml")]).assert().code(2).stderr(contains("no/such.yaml"));
}

// ---------------------------------------------------------------------------------------
// check: folders, the same provider twice, hostile environments

#[test]
fn check_a_folder_reads_every_report_in_name_order() {
    let out = granska().args(["--lang", "en", "check", "--pack", &data("pack.yaml"), "--format", "json", &data("reports")]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "p3 is rejected, p4 has a malformed answer");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let providers: Vec<&str> = reports.as_array().expect("a list").iter().filter_map(|r| r["provider"].as_str()).collect();
    assert_eq!(providers, ["P1", "P2", "P4"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rejected: ") && stderr.contains("p3-trasig.yaml"), "{stderr}");
    // The same reports as summarize counts.
    let s: serde_json::Value = serde_json::from_str(&stdout_of(granska().args(["summarize", "--pack", &data("pack.yaml"), &data("reports")]))).expect("JSON");
    assert_eq!(s["reports"]["count"], 3);
}

#[test]
fn check_an_empty_folder_warns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().display().to_string();
    granska()
        .args(["--lang", "en", "check", "--pack", &data("pack.yaml"), &folder])
        .assert()
        .code(0)
        .stderr(contains("warning: ").and(contains("no reports (.json, .yaml, .yml) in the folder")));
}

#[test]
fn the_same_provider_in_two_files_is_a_located_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = std::fs::read_to_string(data("reports/p1-ok.yaml")).expect("report");
    let a = temp_file(&dir, "a.yaml", ok.as_bytes());
    let b = temp_file(&dir, "b.yaml", ok.replace("Ett AB", "Ett AB igen").as_bytes());
    let other_service = temp_file(&dir, "c.yaml", ok.replace("service: hvb", "service: jourhem").as_bytes());
    let want = format!("warning: {b}: provider P1: P1 (hvb) already has a report in this batch, in {a}; both are counted [duplicate-provider]");
    let out = granska().args(["--lang", "en", "check", "--pack", &data("pack.yaml"), &a, &b, &other_service]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "a warning alone exits 0: {stderr}");
    assert!(stderr.lines().any(|l| l == want), "{stderr}");
    assert_eq!(stderr.matches("[duplicate-provider]").count(), 1, "another service type is another report: {stderr}");
    // summarize counts both and says so.
    let out = granska().args(["--lang", "en", "summarize", "--pack", &data("pack.yaml"), &a, &b]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.lines().any(|l| l == want), "{stderr}");
    assert!(stderr.contains("summarised: 2 reports, 0 rejected, 1 duplicates (counted)"), "{stderr}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(s["reports"]["count"], 2);
}

#[test]
fn the_same_provider_in_an_export_and_a_file_names_its_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let export = temp_file(&dir, "export.csv", format!("{HEADER}\n{ROW1}\n{ROW2}\n").as_bytes());
    let report = data("reports/p1-ok.yaml");
    let want = format!("varning: {report}: verksamhet P1: P1 (hvb) har redan en rapport i omgången, i {export}, rad 2; båda räknas. [duplicate-provider]");
    for command in ["check", "summarize"] {
        let out = granska().args([command, "--pack", &data("pack.yaml"), &export, &report]).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.lines().any(|l| l == want), "{command}: {stderr}");
        assert_ne!(out.status.code(), Some(2), "{command}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_report_that_never_ends_is_rejected() {
    granska()
        .args(["--lang", "en", "check", "--pack", &data("pack.yaml"), "/dev/zero", &data("reports/p1-ok.yaml")])
        .assert()
        .code(2)
        .stderr(contains("rejected: /dev/zero: the file is larger than 64 MiB and is not a report; it is not read [too-large]"))
        .stdout(contains("P1 Ett AB"));
    granska()
        .args(["--lang", "en", "summarize", "--pack", &data("pack.yaml"), "--previous", "/dev/zero", &data("reports/p1-ok.yaml")])
        .assert()
        .code(2)
        .stderr(contains("/dev/zero: the file is too large"));
}

#[test]
fn closed_standard_output_and_error_do_not_panic() {
    for args in [vec!["lint"], vec!["check", "--pack", &data("pack.yaml"), &data("reports")], vec!["summarize", "examples/export-2017.csv"], vec!["questions"]] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_granska"))
            .current_dir(root())
            .args(&args)
            .stdout(writer.try_clone().expect("clone"))
            .stderr(writer)
            .status()
            .expect("runs");
        assert!(matches!(status.code(), Some(0..=2)), "{args:?}: {status:?}");
    }
}

#[test]
fn the_workbook_twin_of_the_2017_export_summarises_to_the_golden_files() {
    for (format, golden_file) in [("json", "tests/golden/summary-2017.json"), ("html", "tests/golden/summary-2017.html")] {
        let out = granska().args(["summarize", "examples/export-2017.xlsx", "--roster", "examples/roster-2017.csv", "--format", format]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        golden(golden_file, &String::from_utf8(out.stdout).expect("UTF-8"));
    }
    // The same with the sheet named.
    let out = granska().args(["summarize", "examples/export-2017.xlsx", "--sheet", "Svar", "--roster", "examples/roster-2017.csv", "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    golden("tests/golden/summary-2017.json", &String::from_utf8(out.stdout).expect("UTF-8"));
}

#[test]
fn a_sheet_that_is_not_there_is_named_with_the_sheets_there_are() {
    for command in ["summarize", "check"] {
        let out = granska().args(["--lang", "sv", command, "examples/export-2017.xlsx", "--sheet", "Svaren"]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("examples/export-2017.xlsx: Arbetsboken har inget blad \"Svaren\"; den har \"Svar\"."), "{command}: {err}");
        assert!(!err.contains("panicked"));
    }
    let out = granska().args(["check", "examples/export-2017.csv", "--sheet", "Svar"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-sheet"));
}

#[test]
fn a_yaml_report_from_provider_0180_answers_its_roster_row() {
    // YAML would read `0180` as the number 180: the provider would miss its roster row, the
    // response rate would drop it and the report would count as from a provider not invited.
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = dir.path().join("rapporter");
    std::fs::create_dir(&reports).expect("mkdir");
    std::fs::write(reports.join("0180.yaml"), "provider: 0180\nname: Enheten\nservice: jourhem\ndate: 2017-12-31 00:00\nanswers:\n  ledning.ledningssystem: yes\n").expect("write");
    std::fs::write(reports.join("0181.json"), r#"{"provider": 181, "service": "jourhem", "date": "2017-12-31T23:00:00.000Z", "answers": {}}"#).expect("write");
    let roster = temp_file(&dir, "roster.csv", b"provider,name,service,contract\n0180,Enheten,jourhem,lov\n181,Andra,jourhem,lov\n");
    let out = granska().args(["summarize", reports.to_str().expect("UTF-8 path"), "--roster", &roster, "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((s["response"]["invited"].as_u64(), s["response"]["responded"].as_u64(), s["response"]["not_on_roster"].as_u64()), (Some(2), Some(2), Some(0)), "{}", s["response"]);
    // The heading shows the id as written.
    let out = granska().args(["check", reports.join("0180.yaml").to_str().expect("UTF-8 path")]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0180") && !text.contains("180.0"), "{text}");
}
