//! `granska questions --format xlsform|surveyjs` and `--from xlsform|surveyjs` of `check`
//! and `summarize`, run as a user runs them (docs/survey-tools.md).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn granska(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("granska").expect("the binary is built");
    cmd.current_dir(dir.path()).env("NO_COLOR", "1");
    cmd
}

#[test]
fn xlsform_is_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    granska(&dir).args(["questions", "--format", "xlsform"]).assert().code(2).stderr(contains("-o enkat.xlsx"));
    granska(&dir).args(["questions", "--format", "xlsform", "-o", "enkat.xlsx", "--service", "jourhem"]).assert().code(0).stderr("");
    let bytes = std::fs::read(dir.path().join("enkat.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"));
    granska(&dir).args(["questions", "--format", "xlsform", "-o", "enkat.xlsx", "--service", "nosuch"]).assert().code(2);
}

#[test]
fn an_untranslatable_rule_is_a_warning_naming_the_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - id: g.kod
    type: text
    label: { sv: Kod, en: Code }
    constraint: 'matches(., "^[0-9]{4}$")'
    constraint_message: { sv: "Fyra siffror.", en: "Four digits." }
"#,
    )
    .unwrap();
    granska(&dir)
        .args(["questions", "--pack", "p.yaml", "--format", "surveyjs", "--lang", "en"])
        .assert()
        .code(0)
        .stderr(contains("warning: g.kod: constraint: patterns (matches) are not translated to SurveyJS"))
        .stdout(contains("\"name\": \"kod\""));
}

#[test]
fn check_and_summarize_read_the_tools_answers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("results.json"),
        r#"[{"provider": "P1", "service": "jourhem", "date": "2024-12-31", "ledningssystem": true, "rapporter": 0, "okand": 1},
            {"provider": "P2", "service": "jourhem", "date": "2024-12-31", "rapporter": "många"}]"#,
    )
    .unwrap();
    granska(&dir)
        .args(["check", "--from", "surveyjs", "--format", "json", "--lang", "en", "results.json"])
        .assert()
        .code(2)
        .stderr(contains("results.json").and(contains("unexported-column")).and(contains("okand")))
        .stderr(contains("lex_sarah.rapporter"))
        .stdout(contains("\"provider\": \"P1\"").and(contains("\"provider\": \"P2\"")));
    std::fs::write(
        dir.path().join("odk.csv"),
        "start,provider,service,date,ledning-ledningssystem,lex_sarah-rapporter,extra,meta-instanceID\n2025-01-10T09:00:00.000+01:00,P1,jourhem,2024-12-31T00:00:00.000+01:00,ja,0,x,uuid:1\n",
    )
    .unwrap();
    granska(&dir)
        .args(["check", "--from", "xlsform", "--lang", "en", "odk.csv"])
        .assert()
        .code(predicate::in_iter([0, 1]))
        .stderr(contains("warning").and(contains("extra")).and(contains("unexported-column")));
    granska(&dir)
        .args(["summarize", "--from", "xlsform", "--format", "json", "odk.csv"])
        .assert()
        .code(predicate::in_iter([0, 1]))
        .stdout(contains("\"reports\"").and(contains("unexported-column")));
    granska(&dir).args(["check", "--from", "xlsform", "--mapping", "m.csv", "odk.csv"]).assert().code(2).stderr(contains("cannot be used with"));
}

#[test]
fn report_with_history_reads_this_year_from_the_tool() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("odk-2023.csv"), "start,provider,service,date,ledning-ledningssystem,extra2023\n2024-01-10T09:00:00.000+01:00,P1,jourhem,2023-12-31,nej,x\n")
        .unwrap();
    std::fs::write(dir.path().join("results-2024.json"), r#"[{"provider": "P1", "service": "jourhem", "date": "2024-12-31", "ledningssystem": false, "okand2024": 1}]"#).unwrap();
    let out = granska(&dir).args(["--lang", "en", "report", "--from", "surveyjs", "--history", "odk-2023.csv", "-o", "r.html", "results-2024.json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // This year's unexported key is printed once (by the summary), the earlier year's column
    // once (by the history, read with the options given: `--from surveyjs` leaves a CSV
    // export to granska's own reader, which names the column it does not know).
    assert_eq!(stderr.lines().filter(|l| l.contains("okand2024")).count(), 1, "{stderr}");
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("data-years=\"2023-2024\""), "this year's SurveyJS results are not in the history:\n{stderr}");
    std::fs::write(dir.path().join("odk-2024.csv"), "start,provider,service,date,ledning-ledningssystem\n2025-01-10T09:00:00.000+01:00,P1,jourhem,2024-12-31,ja\n").unwrap();
    let out = granska(&dir).args(["--lang", "en", "report", "--from", "xlsform", "--history", "odk-2023.csv", "-o", "r2.html", "odk-2024.csv"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The earlier year's export is the tool's too: its tool columns are skipped, its
    // questions mapped by form name, the column it does not know a warning.
    assert!(!stderr.contains("unknown-column") && stderr.lines().filter(|l| l.contains("extra2023")).count() == 1, "{stderr}");
    let html = std::fs::read_to_string(dir.path().join("r2.html")).unwrap();
    assert!(html.contains("data-years=\"2023-2024\""), "{stderr}");
}
