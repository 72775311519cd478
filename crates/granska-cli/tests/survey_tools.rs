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
