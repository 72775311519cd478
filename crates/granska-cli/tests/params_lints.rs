//! `--params` and pack lints through the `granska` binary: a parameters file changes the
//! verdicts, the summary and `granska rules`; a file that does not fit the pack is a located
//! error (exit 2, `lint` 1); lint warnings are printed like rustc with a hint.

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

const PACK: &str = r#"pack: { id: avtal, title: { sv: Avtal, en: Contract } }
services:
  - { id: jourhem, label: { sv: Jourhem, en: Emergency foster homes } }
parameters:
  - id: examen_andel
    type: percent
    label: { sv: Lägsta andel personal med examen, en: Lowest share of staff with a degree }
    unit: { sv: procent, en: percent }
    default: 50
    example: true
  - id: kommun
    type: text
    label: { sv: Kommunen, en: The municipality }
    default: Nacka
    source: "Nacka kommun, Kvalitetsrapport 2019"
questions:
  - { id: antal, type: integer, min: 0, label: { sv: "Anställda i {param.kommun}", en: "Staff in {param.kommun}" } }
  - { id: examen, type: integer, min: 0, label: { sv: Med examen, en: With a degree } }
  - { id: ovning, type: date, label: { sv: Brandövning, en: Fire drill } }
requirements:
  - id: utbildning
    title: { sv: Utbildningsnivå, en: Education level }
    source: "Avtal jourhem (LOU)"
    severity: krav
    area: kunskapsbaserad
    require: "examen * 100 >= param.examen_andel * antal"
    message:
      sv: "Minst {param.examen_andel} procent av personalen ska ha examen."
      en: "At least {param.examen_andel} percent of staff must have a degree."
  - id: brandovning
    title: { sv: Brandövning, en: Fire drill }
    source: "Avtal jourhem (LOU)"
    severity: krav
    area: trygghet
    require: "months_between(ovning, report_date()) <= 12"
    message: { sv: Ingen brandövning det senaste året., en: No fire drill in the last year. }
"#;

const REPORT: &str = r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31",
  "answers": {"antal": 10, "examen": 4, "ovning": "2017-03-01"}}"#;

fn files(params: &str) -> (tempfile::TempDir, String, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.display().to_string()
    };
    let pack = write("avtal.yaml", PACK);
    let params = write("varmdo-2017.yaml", params);
    let report = write("p1.json", REPORT);
    (dir, pack, params, report)
}

#[test]
fn lint_prints_the_window_warning_with_its_place_and_hint() {
    let (_dir, pack, _, _) = files("parameters: {}\n");
    granska()
        .args(["--lang", "en", "lint", &pack])
        .assert()
        .success()
        .stdout(contains("ok — 2 requirements, 3 questions, 0 indicators, 1 warnings"))
        .stderr(contains("warning[window]: `months_between(ovning, report_date()) <= 12` counts whole months"))
        .stderr(contains("avtal.yaml:35:15"))
        .stderr(contains("hint: write `within_months(ovning, 12)`"));
}

#[test]
fn check_uses_the_defaults_and_labels_example_values() {
    let (_dir, pack, _, report) = files("parameters: {}\n");
    granska().args(["check", "--pack", &pack, &report]).assert().code(1).stdout(contains("Minst 50 (exempelvärde) procent av personalen ska ha examen."));
}

#[test]
fn check_with_params_uses_the_municipality_s_values() {
    let (_dir, pack, params, report) = files("municipality: Värmdö kommun\nyear: 2017\nparameters:\n  examen_andel: 40\n  kommun: Värmdö\n");
    let out = granska().args(["check", "--format", "json", "--pack", &pack, "--params", &params, &report]).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reports = json.as_array().cloned().unwrap_or_else(|| vec![json.clone()]);
    let verdicts = reports[0]["verdicts"].as_array().expect("verdicts");
    let utb = verdicts.iter().find(|v| v["requirement"] == "utbildning").expect("utbildning");
    assert_eq!(utb["verdict"], "met");
    granska().args(["questions", "--pack", &pack, "--params", &params, "--format", "csv"]).assert().success().stdout(contains("Anställda i Värmdö"));
}

#[test]
fn a_params_file_that_does_not_fit_is_a_located_error() {
    let (_dir, pack, params, report) = files("parameters:\n  examen_andl: 40\n  kommun: 12.5\n");
    granska()
        .args(["--lang", "en", "check", "--pack", &pack, "--params", &params, &report])
        .assert()
        .code(2)
        .stderr(contains("error[unknown-name]: the pack has no parameter `examen_andl`"))
        .stderr(contains("varmdo-2017.yaml:2:3"))
        .stderr(contains("did you mean `examen_andel`?"))
        .stderr(contains("varmdo-2017.yaml:3:11"))
        .stderr(contains("the parameters file"));
    granska().args(["lint", "--params", &params, &pack]).assert().code(1).stderr(contains("examen_andl"));
    granska().args(["summarize", "--pack", &pack, "--params", "/nonexistent/params.yaml", &report]).assert().code(2).stderr(contains("/nonexistent/params.yaml"));
}

#[test]
fn summarize_and_rules_show_the_parameters() {
    let (_dir, pack, params, report) = files("municipality: Värmdö kommun\nyear: 2017\nparameters:\n  examen_andel: 40\n");
    granska()
        .args(["summarize", "--format", "md", "--pack", &pack, "--params", &params, &report])
        .assert()
        .success()
        .stdout(contains("## Parametrar"))
        .stdout(contains("(Värmdö kommun, 2017)"))
        .stdout(contains("| param.examen\\_andel | Lägsta andel personal med examen | 40 procent |"))
        .stdout(contains("| param.kommun | Kommunen | Nacka | Nacka kommun, Kvalitetsrapport 2019 |"));
    granska()
        .args(["--lang", "en", "rules", "--pack", &pack])
        .assert()
        .success()
        .stdout(contains("## Parameters"))
        .stdout(contains("| `param.examen_andel` | Lowest share of staff with a degree | percent | 50 percent | example value (exempelvärde) |"));
}

#[test]
fn rules_prints_the_pack_s_about_text_and_check_prints_unanswered_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("om.yaml");
    let text = PACK.replace(
        "pack: { id: avtal, title: { sv: Avtal, en: Contract } }",
        "pack:\n  id: avtal\n  title: { sv: Avtal, en: Contract }\n  about: { sv: \"Kraven placeras i kvalitetsområden efter källan ({param.kommun}).\", en: \"Requirements are placed by their source ({param.kommun}).\" }",
    );
    std::fs::write(&pack, text).expect("write");
    let pack = pack.display().to_string();
    granska().args(["--lang", "en", "rules", "--pack", &pack]).assert().success().stdout(contains("Do not edit by hand.\n\nRequirements are placed by their source (Nacka).\n"));
    let report = dir.path().join("r.json");
    std::fs::write(&report, r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"antal": 10}}"#).expect("write");
    granska()
        .args(["--lang", "en", "check", "--pack", &pack, &report.display().to_string()])
        .assert()
        .stdout(contains("The requirement cannot be judged: the question “With a degree” (examen) is unanswered."));
}
