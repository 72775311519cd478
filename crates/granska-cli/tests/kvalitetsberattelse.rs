//! `granska kvalitetsberattelse` run as a user runs it: the example register, the 2017
//! follow-up summary and the example prose give the golden pages byte for byte; a bad record
//! is a located error (exit 2) and the page is still written; a pack that cannot carry a
//! register, an unreadable summary and a misnamed prose file are refused.

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

fn story(lang: &str, format: &str) -> String {
    let out = granska()
        .args([
            "--lang",
            lang,
            "kvalitetsberattelse",
            "--format",
            format,
            "--summary",
            "tests/golden/summary-2017.json",
            "--prose",
            "examples/kvalitetsberattelse-2019",
            "examples/riskanalys-2019.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The kvalitetsberättelse of the example register, byte for byte:
/// `tests/golden/kvalitetsberattelse-2019.html` (`.en.html`, `.md`).
/// `UPDATE_GOLDEN=1 cargo test -p granska-cli --test kvalitetsberattelse` rewrites them after
/// an intended change (look at the diff).
#[test]
fn the_example_matches_the_golden_files() {
    for (lang, format, relative) in [
        ("sv", "html", "tests/golden/kvalitetsberattelse-2019.html"),
        ("en", "html", "tests/golden/kvalitetsberattelse-2019.en.html"),
        ("sv", "md", "tests/golden/kvalitetsberattelse-2019.md"),
    ] {
        let actual = story(lang, format);
        let path = root().join(relative);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e} (run with UPDATE_GOLDEN=1 to create it)"));
        if expected != actual {
            let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
            panic!(
                "{relative} differs from the output (first at line {line}); if the change is intended, run UPDATE_GOLDEN=1 cargo test -p granska-cli --test kvalitetsberattelse"
            );
        }
    }
}

#[test]
fn a_summary_of_another_year_is_used_and_said() {
    granska()
        .args(["kvalitetsberattelse", "--format", "md", "--summary", "tests/golden/summary-2017.json", "examples/riskanalys-2019.yaml"])
        .assert()
        .code(0)
        .stderr(contains("varning: sammanställningen avser 2017, riskregistret 2019"))
        .stdout(contains("Ur verksamhetsuppföljningen av utförare 2017."));
}

#[test]
fn the_register_as_json_gives_each_risk_its_level() {
    let json: serde_json::Value = serde_json::from_str(&story("sv", "json")).expect("JSON");
    let levels: Vec<_> = json["risks"].as_array().unwrap().iter().map(|r| r["level"].as_str().unwrap().to_string()).collect();
    assert_eq!(levels, ["riskniva_hog", "riskniva_hog", "riskniva_hog", "riskniva_medel", "riskniva_medel", "riskniva_hog"]);
    assert_eq!(json["report"]["counts"]["met"], 6);
}

#[test]
fn a_bad_record_is_located_and_the_page_still_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("register.yaml");
    std::fs::write(
        &file,
        "provider: bfe\nservice: egen_verksamhet\ndate: 2019-12-31\nanswers:\n  riskregister.granskad: 2019-12-01\n  riskregister.risker:\n    - { nr: 1, omrade: ekonomi, sannolikhet: 7, konsekvens: 2 }\n  riskregister.atgarder:\n    - { risk: 1, ansvarig: Enhetschef, senast: 2019-02-30, status: pagar }\n",
    )
    .expect("write");
    let page = dir.path().join("kb.html");
    granska()
        .args(["kvalitetsberattelse", "-o"])
        .arg(&page)
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("riskregister.risker[0].sannolikhet"))
        .stderr(contains("riskregister.risker[0].omrade"))
        .stderr(contains("riskregister.atgarder[0].senast"))
        .stderr(contains("register.yaml"));
    let html = std::fs::read_to_string(&page).expect("the page is written");
    assert!(html.contains("riskregister.atgarder[0].senast"), "the page lists what could not be read");
}

#[test]
fn a_register_without_a_date_is_rejected() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("register.yaml");
    std::fs::write(&file, "provider: bfe\nservice: egen_verksamhet\nanswers: {}\n").expect("write");
    granska().args(["--lang", "en", "kvalitetsberattelse"]).arg(&file).assert().code(2).stderr(contains("rejected")).stderr(contains("date"));
}

#[test]
fn a_pack_without_a_register_a_bad_summary_and_a_misnamed_prose_file_are_refused() {
    granska()
        .args(["--lang", "en", "kvalitetsberattelse", "--pack", "rules/granska.yaml", "examples/riskanalys-2019.yaml"])
        .assert()
        .code(2)
        .stderr(contains("no date question `riskregister.granskad`"));
    granska()
        .args(["kvalitetsberattelse", "--summary", "examples/riskanalys-2019.yaml", "examples/riskanalys-2019.yaml"])
        .assert()
        .code(2)
        .stderr(contains("ingen sammanställning"))
        .stderr(contains("riskanalys-2019.yaml"));
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("risker.md"), "text").expect("write");
    granska()
        .args(["kvalitetsberattelse", "--prose"])
        .arg(dir.path())
        .arg("examples/riskanalys-2019.yaml")
        .assert()
        .code(2)
        .stderr(contains("risker.md"))
        .stderr(contains("riskanalys, atgarder"));
}
