//! `granska audit`, `granska survey` and `granska report` run as a user runs them: the 2017
//! example data give the seed's figures, sensitive columns and bad rows are located errors
//! (exit 2) and the report is one self-contained page with suppressed cells as dashes.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn granska() -> Command {
    let mut cmd = Command::cargo_bin("granska").expect("the binary is built");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

#[test]
fn audit_summarises_the_example_records() {
    granska()
        .args(["audit", "--format", "text", "examples/audits-2017"])
        .assert()
        .code(0)
        .stdout(contains("genomförandeplan saknades i 0 av 20 granskade akter, 0 procent"))
        .stdout(contains("den unge uppgav att hen var nöjd med insatsen i 4 av 5 intervjuer med unga, 80 procent"));
    let out = granska().args(["--lang", "en", "audit", "examples/audits-2017"]).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["year"]["case_files"], 20);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Uppföljningen av målen saknades"), "notes only with --notes");
}

#[test]
fn audit_refuses_a_personnummer_column_with_its_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("akter.csv");
    std::fs::write(&file, "provider,service,date,kind,id,pnr\nP1,oppenvard,2017-05-01,akt,A1,121212-1212\n").expect("write");
    granska()
        .args(["audit", file.to_str().expect("utf-8")])
        .assert()
        .code(2)
        .stderr(contains("rad 1, kolumn 6 (F, pnr)"))
        .stderr(contains("[sensitive-data]"))
        .stderr(contains("1212-1212").not());
}

#[test]
fn survey_reproduces_the_seed_and_suppresses_small_numbers() {
    granska()
        .args(["survey", "--format", "text", "--asked", "examples/survey-asked-2017.csv", "examples/survey-2017.csv"])
        .assert()
        .code(0)
        .stdout(contains("svarsfrekvens: 13 av 50 tillfrågade, 26 procent"))
        .stdout(contains("svarsfrekvens: 82 av 207 tillfrågade, 40 procent"))
        .stdout(contains("upplever att deras situation förbättrats: 56 av 80 svarande, 70 procent"))
        .stdout(contains("upplever att deras situation förbättrats: – (färre än 5 svar, redovisas inte)"));
    granska().args(["survey", "--threshold", "3", "--format", "text", "examples/survey-2017.csv"]).assert().code(0).stdout(contains("2 av 3 svarande, 67 procent"));
}

#[test]
fn report_writes_one_self_contained_page() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("rapport.html");
    granska()
        .args([
            "report",
            "--roster",
            "examples/roster-2017.csv",
            "--audits",
            "examples/audits-2017",
            "--survey",
            "examples/survey-2017.csv",
            "--asked",
            "examples/survey-asked-2017.csv",
            "--prose",
            "examples/report-2017",
            "-o",
            out.to_str().expect("utf-8"),
            "examples/export-2017.csv",
        ])
        .assert()
        .code(0);
    let html = std::fs::read_to_string(&out).expect("written");
    for needle in [
        "<h2>3 Kvalitet</h2>",
        "13 av 50 tillfrågade, 26 procent",
        "genomförandeplan saknades i 0 av 20 granskade akter",
        "<strong>överlag har godtagbar kvalitet</strong>",
        "– (färre än 5 svar, redovisas inte)",
        "5 av 96 verksamheter, 5 procent",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="), "self-contained, no scripts");
    // A Markdown file named for no section is an error, not silently left out.
    std::fs::write(dir.path().join("sammanfatning.md"), "text").expect("write");
    granska().args(["report", "--prose", dir.path().to_str().expect("utf-8"), "examples/export-2017.csv"]).assert().code(2).stderr(contains("sammanfattning"));
}

use predicates::prelude::PredicateBooleanExt;

/// The 2017 example report in `lang`, written to standard output.
fn report_2017(lang: &str) -> String {
    let out = granska()
        .args([
            "--lang",
            lang,
            "report",
            "--roster",
            "examples/roster-2017.csv",
            "--audits",
            "examples/audits-2017",
            "--survey",
            "examples/survey-2017.csv",
            "--asked",
            "examples/survey-asked-2017.csv",
            "--prose",
            "examples/report-2017",
            "examples/export-2017.csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The report of the 2017 example, byte for byte: `tests/golden/report-2017.html` (and
/// `.en.html`). `UPDATE_GOLDEN=1 cargo test -p granska-cli --test quality` rewrites them
/// after an intended change (look at the diff).
#[test]
fn report_2017_matches_the_golden_files() {
    for (lang, relative) in [("sv", "tests/golden/report-2017.html"), ("en", "tests/golden/report-2017.en.html")] {
        let actual = report_2017(lang);
        let path = root().join(relative);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e} (run with UPDATE_GOLDEN=1 to create it)"));
        if expected != actual {
            let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
            panic!("{relative} differs from the output (first at line {line}); if the change is intended, run UPDATE_GOLDEN=1 cargo test -p granska-cli --test quality");
        }
    }
}

/// A requirement that applied to no report of the year gets no row of zeros in chapter 3: it
/// is named, by its service type, under the table; a row of one service type's requirement
/// names the service type, since such titles repeat ("Personalens erfarenhet").
#[test]
fn report_names_idle_requirements_instead_of_rows_of_zeros() {
    let html = report_2017("sv");
    let staff = &html[html.find("id=\"personal\"").expect("3.4")..html.find("id=\"kvalitetsarbete\"").expect("3.5")];
    assert!(!staff.contains(">erfarenhet_familjehem<"), "no row for a service type without reports");
    assert!(staff.contains(">erfarenhet_oppenvard<"), "a row for a service type with reports");
    assert!(staff.contains("Personalens erfarenhet</b> <span class=\"muted\">· Familjebehandling</span>"));
    assert!(staff.contains("Gällde ingen verksamhet som rapporterat i år och redovisas inte: Familjehem, även konsulentstödda familjehem (5 krav);"));
    let en = report_2017("en");
    assert!(en.contains("Applied to no provider that reported this year and not shown: Foster care"));
}
