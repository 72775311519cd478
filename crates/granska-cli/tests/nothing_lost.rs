//! Nothing lost, through the command line: the batch of `tests/nothing-lost/` (300 report
//! texts, every tenth broken; a 200-row export, every tenth row broken), as the core's
//! `crates/granska-summary/tests/nothing_lost.rs` reads it, run through `granska summarize` and
//! `granska check`. Every good report is evaluated and counted, each with its bad answers
//! reported; every broken one is rejected with its file (or row) and reason code; the run
//! exits 2.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value as Json;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn read_json(name: &str) -> Json {
    let path = root().join("tests/nothing-lost").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `granska --lang en ARGS` from the workspace root, without colour, with a deadline.
fn granska(args: &[&str]) -> Output {
    let out = Command::cargo_bin("granska")
        .expect("the binary is built")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(120))
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "killed (signal or deadline): {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

/// `[[field, code], …]` of an expectation.
fn pairs(value: &Json) -> Vec<(String, String)> {
    value.as_array().map(|a| a.iter().map(|p| (p[0].as_str().unwrap_or_default().to_string(), p[1].as_str().unwrap_or_default().to_string())).collect()).unwrap_or_default()
}

/// One report of the batch, written to a folder.
struct Case {
    path: String,
    rejected: Option<String>,
    provider: Option<String>,
    issues: Vec<(String, String)>,
}

fn write_batch(dir: &Path) -> Vec<Case> {
    let batch = read_json("reports.json");
    let cases = batch["reports"].as_array().expect("reports");
    assert_eq!(cases.len(), 300);
    let mut out: Vec<Case> = cases
        .iter()
        .map(|c| {
            let path = dir.join(c["name"].as_str().expect("name"));
            std::fs::write(&path, c["text"].as_str().expect("text")).expect("write");
            let expect = &c["expect"];
            Case {
                path: path.display().to_string(),
                rejected: expect["rejected"].as_str().map(str::to_string),
                provider: expect["provider"].as_str().map(str::to_string),
                issues: pairs(&expect["issues"]),
            }
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(out.iter().filter(|c| c.rejected.is_some()).count(), 30);
    out
}

/// Every rejection and every issue of the batch is on standard error, each with its file,
/// provider and code; and nothing else (but the verbose counts and the last line).
fn assert_reported(cases: &[Case], stderr: &str) {
    let mut accounted = 0;
    for c in cases {
        let mine: Vec<&str> = stderr.lines().filter(|l| l.split_once(": ").is_some_and(|(_, rest)| rest.starts_with(&format!("{}: ", c.path)))).collect();
        match &c.rejected {
            Some(code) => {
                let line = mine.iter().find(|l| l.starts_with("rejected: "));
                let line = line.unwrap_or_else(|| panic!("{}: the rejection is not reported:\n{stderr}", c.path));
                assert!(line.ends_with(&format!("[{code}]")), "{}: {line}", c.path);
                if let Some(p) = &c.provider {
                    assert!(line.contains(&format!("provider {p}: ")), "{}: the provider is not named: {line}", c.path);
                }
                assert_eq!(mine.len(), 1, "{}: {mine:?}", c.path);
            }
            None => {
                let provider = c.provider.as_deref().expect("a read report has its provider");
                for (field, code) in &c.issues {
                    let want = format!("{}: field {field}, provider {provider}: ", c.path);
                    assert!(mine.iter().any(|l| l.contains(&want) && l.ends_with(&format!("[{code}]"))), "{}: {field} [{code}] is not reported:\n{mine:?}", c.path);
                }
                assert_eq!(mine.len(), c.issues.len(), "{}: {mine:?}", c.path);
            }
        }
        accounted += mine.len();
    }
    let others: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("rejected: ") && !l.starts_with("error: ") && !l.starts_with("warning: ")).collect();
    assert_eq!(accounted + others.len(), stderr.lines().count(), "lines of no report:\n{stderr}");
}

#[test]
fn summarize_a_folder_of_300_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = write_batch(dir.path());
    let folder = dir.path().display().to_string();
    let out = granska(&["summarize", &folder, "--format", "json", "--verbose"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_reported(&cases, &stderr);
    assert!(stderr.contains("summarised: 270 reports, 30 rejected"), "{stderr}");
    let s: Json = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((s["reports"]["count"].as_i64(), s["rejected"]["count"].as_i64()), (Some(270), Some(30)));
    let listed: Vec<(String, String, Option<String>)> = s["rejected"]["reports"]
        .as_array()
        .expect("the rejected reports are listed")
        .iter()
        .map(|p| (p["file"].as_str().unwrap_or("").to_string(), p["code"].as_str().unwrap_or("").to_string(), p["provider"].as_str().map(str::to_string)))
        .collect();
    let mut want: Vec<(String, String, Option<String>)> = cases.iter().filter_map(|c| c.rejected.clone().map(|code| (c.path.clone(), code, c.provider.clone()))).collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    want.sort();
    assert_eq!(listed_sorted, want, "each rejected report with its file, reason code and provider");
    let issues: usize = cases.iter().map(|c| c.issues.len()).sum();
    assert_eq!(s["issues"].as_object().map(|o| o.values().filter_map(Json::as_u64).sum::<u64>()), Some(issues as u64), "{}", s["issues"]);
}

#[test]
fn check_300_report_files_and_their_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = write_batch(dir.path());
    let mut args: Vec<&str> = vec!["check", "--format", "json"];
    args.extend(cases.iter().map(|c| c.path.as_str()));
    let out = granska(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_reported(&cases, &stderr);
    let reports: Json = serde_json::from_slice(&out.stdout).expect("JSON");
    let reports = reports.as_array().expect("a list of reports");
    let read: Vec<&Case> = cases.iter().filter(|c| c.rejected.is_none()).collect();
    assert_eq!(reports.len(), 270);
    for (r, c) in reports.iter().zip(&read) {
        assert_eq!(r["provider"].as_str(), c.provider.as_deref(), "{}", c.path);
        let issues: Vec<(String, String)> = r["issues"]
            .as_array()
            .map(|a| a.iter().map(|i| (i["field"].as_str().unwrap_or("").to_string(), i["code"].as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default();
        assert_eq!(issues, c.issues, "{}: the bad answers travel with the report", c.path);
        assert!(r["verdicts"].as_array().is_some_and(|v| !v.is_empty()), "{}: evaluated", c.path);
    }
    // The folder gives the same.
    let by_folder = granska(&["check", "--format", "json", &dir.path().display().to_string()]);
    assert_eq!(by_folder.status.code(), Some(2));
    assert_eq!(by_folder.stdout, out.stdout);
    assert_eq!(by_folder.stderr, out.stderr);
}

/// One row of the export's expectation.
struct Row {
    row: u64,
    rejected: Option<String>,
    provider: Option<String>,
    issues: Vec<(String, String)>,
}

fn export_rows() -> Vec<Row> {
    let expected = read_json("export.json");
    let rows: Vec<Row> = expected["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| Row {
            row: r["row"].as_u64().expect("row"),
            rejected: r["rejected"].as_str().map(str::to_string),
            provider: r["provider"].as_str().map(str::to_string),
            issues: pairs(&r["issues"]),
        })
        .collect();
    assert_eq!((rows.len(), rows.iter().filter(|r| r.rejected.is_some()).count()), (200, 20));
    rows
}

const EXPORT: &str = "tests/nothing-lost/export.csv";

/// Every rejected row and every bad cell is on standard error at its row, with its code.
fn assert_rows_reported(rows: &[Row], stderr: &str) {
    let mut accounted = 0;
    for r in rows {
        let at = format!("{EXPORT}: row {}, ", r.row);
        let mine: Vec<&str> = stderr.lines().filter(|l| l.contains(&at)).collect();
        match &r.rejected {
            Some(code) => {
                assert!(mine.len() == 1 && mine[0].starts_with("rejected: ") && mine[0].ends_with(&format!("[{code}]")), "row {}: {mine:?}", r.row);
            }
            None => {
                let provider = r.provider.as_deref().expect("provider");
                for (field, code) in &r.issues {
                    assert!(
                        mine.iter().any(|l| l.contains(&format!(", {field}), provider {provider}: ")) && l.ends_with(&format!("[{code}]"))),
                        "row {}: {field} [{code}] is not reported at its row and column:\n{mine:?}",
                        r.row
                    );
                }
                assert_eq!(mine.len(), r.issues.len(), "row {}: {mine:?}", r.row);
            }
        }
        accounted += mine.len();
    }
    let problems = stderr.lines().filter(|l| l.starts_with("rejected: ") || l.starts_with("error: ") || l.starts_with("warning: ")).count();
    assert_eq!(accounted, problems, "problems at no row of the export:\n{stderr}");
}

#[test]
fn check_the_export() {
    let rows = export_rows();
    let out = granska(&["check", EXPORT, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_rows_reported(&rows, &stderr);
    let reports: Json = serde_json::from_slice(&out.stdout).expect("JSON");
    let reports = reports.as_array().expect("a list of reports");
    let read: Vec<&Row> = rows.iter().filter(|r| r.rejected.is_none()).collect();
    assert_eq!(reports.len(), 180);
    for (report, row) in reports.iter().zip(&read) {
        assert_eq!(report["provider"].as_str(), row.provider.as_deref(), "row {}", row.row);
        let issues: Vec<(String, String)> = report["issues"]
            .as_array()
            .map(|a| a.iter().map(|i| (i["field"].as_str().unwrap_or("").to_string(), i["code"].as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default();
        assert_eq!(issues, row.issues, "row {}", row.row);
    }
}

#[test]
fn summarize_the_export() {
    let rows = export_rows();
    let out = granska(&["summarize", EXPORT, "--format", "json", "--verbose"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_rows_reported(&rows, &stderr);
    assert!(stderr.contains("summarised: 180 reports, 20 rejected"), "{stderr}");
    let s: Json = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!((s["reports"]["count"].as_i64(), s["rejected"]["count"].as_i64()), (Some(180), Some(20)));
    let listed: Vec<(u64, String)> =
        s["rejected"]["reports"].as_array().expect("listed").iter().map(|p| (p["row"].as_u64().unwrap_or(0), p["code"].as_str().unwrap_or("").to_string())).collect();
    let want: Vec<(u64, String)> = rows.iter().filter_map(|r| r.rejected.clone().map(|c| (r.row, c))).collect();
    assert_eq!(listed, want, "each rejected row at its row, with its reason");
    let issues: usize = rows.iter().map(|r| r.issues.len()).sum();
    assert_eq!(s["issues"].as_object().map(|o| o.values().filter_map(Json::as_u64).sum::<u64>()), Some(issues as u64));
}
