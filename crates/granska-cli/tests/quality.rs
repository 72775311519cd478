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

/// Last year's survey export: per area, respondents who feel their situation better and
/// unchanged (the other questions answered alike).
fn last_years_survey(dir: &Path, areas: &[(&str, usize, usize)]) -> PathBuf {
    let mut csv = String::from("respondent,service,date,enkat.situation,enkat.fortroende,enkat.bemotande,enkat.kontakt,enkat.genomforandeplan\n");
    let mut n = 0;
    for (service, better, same) in areas {
        for i in 0..better + same {
            n += 1;
            let situation = if i < *better { "battre" } else { "oforandrad" };
            csv.push_str(&format!("R{n:04},{service},2016-10-01,{situation},instammer_helt,instammer_helt,instammer_delvis,ja\n"));
        }
    }
    let export = dir.join("enkat-2016.csv");
    std::fs::write(&export, csv).expect("write");
    let asked = dir.join("asked-2016.csv");
    std::fs::write(&asked, "service,asked\nheldygnsvard,40\noppenvard,200\njourhem,10\n").expect("write");
    let json = dir.join("enkat-2016.json");
    granska().args(["survey", "--asked", asked.to_str().expect("utf-8"), "-o", json.to_str().expect("utf-8"), export.to_str().expect("utf-8")]).assert().code(0);
    json
}

/// Last year's audits: P062 (audited again in 2017) with 2 of 3 plans missing, P100 with all 4 present.
fn last_years_audits(dir: &Path) -> PathBuf {
    let records = dir.join("granskningar-2016");
    std::fs::create_dir_all(&records).expect("mkdir");
    for (provider, plans) in [("P062", ["ja", "nej", "nej", ""]), ("P100", ["ja", "ja", "ja", "ja"])] {
        let mut y = format!("provider: {provider}\nservice: oppenvard\ndate: 2016-04-01\ncase_files:\n");
        for (i, plan) in plans.iter().filter(|p| !p.is_empty()).enumerate() {
            y.push_str(&format!("  - id: A{}\n    answers: {{ akt.genomforandeplan: {plan}, akt.journal_aktuell: ja }}\n", i + 1));
        }
        std::fs::write(records.join(format!("{provider}.yaml")), y).expect("write");
    }
    let json = dir.join("granskningar-2016.json");
    granska().args(["audit", "-o", json.to_str().expect("utf-8"), records.to_str().expect("utf-8")]).assert().code(0);
    json
}

#[test]
fn survey_compares_with_last_years_json_and_suppresses_the_change_with_either_year() {
    let dir = tempfile::tempdir().expect("tmp");
    // heldygnsvård 5 of 10 (shown), öppenvård 4 respondents (suppressed), jourhem 6 (shown; 3 this year).
    let previous = last_years_survey(dir.path(), &[("heldygnsvard", 5, 5), ("oppenvard", 2, 2), ("jourhem", 3, 3)]);
    let out = granska()
        .args(["survey", "--format", "text", "--asked", "examples/survey-asked-2017.csv", "--previous", previous.to_str().expect("utf-8"), "examples/survey-2017.csv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // 8 of 12 = 67 against 5 of 10 = 50; 13 of 50 = 26 against 10 of 40 = 25.
    assert!(text.contains("8 av 12 svarande, 67 procent · förändring: +17 p.e. (föregående år: 5 av 10 svarande, 50 procent)"), "{text}");
    assert!(text.contains("svarsfrekvens: 13 av 50 tillfrågade, 26 procent · förändring: +1 p.e."), "{text}");
    // Öppenvård: last year suppressed; jourhem: this year suppressed. No number either way.
    assert!(text.contains("56 av 80 svarande, 70 procent · förändring: – (förändringen redovisas inte: föregående års resultat bygger på för få svar)"), "{text}");
    assert!(text.contains("– (färre än 5 svar, redovisas inte) · förändring: – (förändringen redovisas inte: årets resultat bygger på för få svar)"), "{text}");
    // The JSON carries the same, with no points where suppressed.
    let out = granska().args(["survey", "--previous", previous.to_str().expect("utf-8"), "examples/survey-2017.csv"]).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let jourhem = json["areas"].as_array().expect("areas").iter().find(|a| a["service"] == "jourhem").expect("jourhem");
    for r in jourhem["results"].as_array().expect("results") {
        assert!(r["change"]["points"].is_null(), "{r}");
        assert_eq!(r["change"]["status"], "suppressed_this_year");
    }
    assert_eq!(json["previous"]["respondents"], 20);
}

#[test]
fn survey_refuses_last_years_json_of_another_pack_or_no_survey() {
    let dir = tempfile::tempdir().expect("tmp");
    let previous = last_years_survey(dir.path(), &[("heldygnsvard", 5, 5)]);
    let text = std::fs::read_to_string(&previous).expect("read");
    let other = dir.path().join("annan.json");
    std::fs::write(&other, text.replace("\"brukarundersokning_barn_och_familj\"", "\"elevenkat\"").replace("\"kontakt_svar\"", "\"trivsel\"")).expect("write");
    granska()
        .args(["survey", "--previous", other.to_str().expect("utf-8"), "examples/survey-2017.csv"])
        .assert()
        .code(2)
        .stderr(contains("regelpaketet elevenkat 2025.1"))
        .stderr(contains("bara i år: kontakt_svar"));
    let broken = dir.path().join("trasig.json");
    std::fs::write(&broken, "{\n  \"pack\": [1]\n}\n").expect("write");
    granska()
        .args(["--lang", "en", "survey", "--previous", broken.to_str().expect("utf-8"), "examples/survey-2017.csv"])
        .assert()
        .code(2)
        .stderr(contains("last year's user survey cannot be read: line 2"));
}

#[test]
fn audit_shows_last_years_sample_and_a_change_only_over_providers_audited_both_years() {
    let dir = tempfile::tempdir().expect("tmp");
    let previous = last_years_audits(dir.path());
    granska()
        .args(["audit", "--format", "text", "--previous", previous.to_str().expect("utf-8"), "examples/audits-2017"])
        .assert()
        .code(0)
        .stdout(contains("genomförandeplan saknades i 0 av 20 granskade akter, 0 procent"))
        .stdout(contains("föregående år: 2 av 7 granskade akter hos 2 utförare, varav 1 granskad även i år, 29 procent"))
        .stdout(contains("förändring: −67 p.e. hos den utförare som granskades båda åren"))
        .stdout(contains("Föregående år granskades 2 verksamheter (7 akter), varav 1 även i år"));
}

#[test]
fn report_shows_the_survey_and_audit_changes_when_last_years_are_given() {
    let dir = tempfile::tempdir().expect("tmp");
    let survey = last_years_survey(dir.path(), &[("heldygnsvard", 5, 5), ("oppenvard", 2, 2), ("jourhem", 3, 3)]);
    let audits = last_years_audits(dir.path());
    let out = dir.path().join("rapport.html");
    granska()
        .args([
            "report",
            "--roster",
            "examples/roster-2017.csv",
            "--audits",
            "examples/audits-2017",
            "--previous-audits",
            audits.to_str().expect("utf-8"),
            "--survey",
            "examples/survey-2017.csv",
            "--asked",
            "examples/survey-asked-2017.csv",
            "--previous-survey",
            survey.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "examples/export-2017.csv",
        ])
        .assert()
        .code(0);
    let html = std::fs::read_to_string(&out).expect("written");
    for needle in [
        "<th class=\"num\">Föregående år</th><th class=\"num\">Förändring</th>",
        "data-status=\"compared\">+17 p.e.</td>",
        "data-status=\"suppressed_this_year\">– (förändringen redovisas inte: årets resultat bygger på för få svar)</td>",
        "data-status=\"suppressed_last_year\">– (förändringen redovisas inte: föregående års resultat bygger på för få svar)</td>",
        "föregående år: 2 av 7 granskade akter hos 2 utförare, varav 1 granskad även i år, 29 procent",
        "Förändring hos utförare granskade båda åren",
        "−67 p.e. hos den utförare som granskades båda åren",
        "Granskade båda åren: Vasshagen Öppenvård AB",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // Last year's figures without their year are refused: the flag needs --survey.
    granska().args(["report", "--previous-survey", survey.to_str().expect("utf-8"), "examples/export-2017.csv"]).assert().code(2).stderr(contains("--survey"));
}

/// An audit table as a workbook: an "Info" sheet first, the table on "Akter" with one row
/// whose number cell is a personnummer without its dash.
fn audit_workbook(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Info").expect("name").write_string(0, 0, "Kvalitetsgranskningar 2017").expect("written");
    let ws = wb.add_worksheet();
    ws.set_name("Akter").expect("name");
    let rows: [[&str; 6]; 3] = [
        ["provider", "service", "date", "kind", "id", "akt.genomforandeplan"],
        ["P1", "oppenvard", "2017-05-01", "akt", "A1", "nej"],
        ["P1", "oppenvard", "2017-05-01", "akt", "", "ja"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).expect("written");
        }
    }
    ws.write_number(2, 4, 198_001_011_234.0).expect("a number cell");
    wb.save(path).expect("saved");
}

#[test]
fn audit_reads_a_workbook_table_with_its_sheet_and_locates_a_personnummer_cell() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("akter.xlsx");
    audit_workbook(&file);
    let path = file.to_str().expect("utf-8");
    granska()
        .args(["audit", "--sheet", "Akter", "--format", "text", path])
        .assert()
        .code(2)
        .stdout(contains("genomförandeplan saknades i 1 av 1 granskade akter, 100 procent"))
        .stderr(contains("blad Akter, rad 3, kolumn 5 (E, id)"))
        .stderr(contains("[sensitive-data]"))
        .stderr(contains("198001011234").not());
    // The first sheet by default: "Info" holds no audit table, and says what it lacks.
    granska().args(["audit", path]).assert().code(2).stderr(contains("blad Info")).stderr(contains("kind (akt, intervju_ung eller intervju_personal)"));
    // A folder picks the workbook up; `report --audits` reads it with --audit-sheet.
    let out = dir.path().join("rapport.html");
    granska()
        .args(["report", "--audits", dir.path().to_str().expect("utf-8"), "--audit-sheet", "Akter", "-o", out.to_str().expect("utf-8"), "examples/export-2017.csv"])
        .assert()
        .code(2)
        .stderr(contains("blad Akter, rad 3"));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("genomförandeplan saknades i 1 av 1 granskade akter"), "the workbook's audit is in the report");
}
