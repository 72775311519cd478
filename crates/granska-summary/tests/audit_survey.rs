//! Audits and the user survey through the public API: the 2017 example data give the seed's
//! figures; sensitive data and bad records get located errors and nothing else is lost.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::PathBuf;

use granska::Pack;
use granska_summary::audit::{AuditInput, AuditOptions, ItemKind, summarize_audits};
use granska_summary::export::{ColumnRef, InputCode, ProblemCode};
use granska_summary::survey::{Asked, SurveyOptions, summarize_survey, summarize_survey_path};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn checklist() -> Pack {
    Pack::builtin_file("granskning/strukturerad-oppenvard.yaml").expect("the built-in checklist loads")
}

fn survey_pack() -> Pack {
    Pack::builtin_file("brukarundersokning/barn-och-familj.yaml").expect("the built-in survey pack loads")
}

fn example_audits(pack: &Pack) -> AuditInput {
    let mut input = AuditInput::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("examples/audits-2017")).expect("examples/audits-2017").flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files {
        input.read_path(pack, &f).expect("an example record reads");
    }
    input
}

const SENSITIVE: fn() -> ProblemCode = || ProblemCode::from(InputCode::SensitiveData);

#[test]
fn the_example_audits_give_the_seed_figures() {
    let pack = checklist();
    let input = example_audits(&pack);
    assert!(input.problems.is_empty(), "{:?}", input.problems);
    let summary = summarize_audits(&pack, &input, AuditOptions::default());
    assert_eq!(summary.providers.len(), 6);
    assert_eq!(summary.year.case_files, 20);
    assert_eq!(summary.year.interviews_young, 5);
    let text = |id: &str| summary.year.indicators.iter().find(|i| i.id == id).map(|i| i.text.sv.clone()).unwrap_or_default();
    // "Alla akter som granskats under året innehöll aktuella genomförandeplaner och
    // uppdaterade sociala journaler."
    assert_eq!(text("akter_utan_genomforandeplan"), "genomförandeplan saknades i 0 av 20 granskade akter, 0 procent");
    assert_eq!(text("akter_journal_ej_aktuell"), "den sociala journalen var inte aktuell i 0 av 20 granskade akter, 0 procent");
    // "Fyra av ungdomarna uppgav att de är nöjda"; "Tre av ungdomarna uppgav att de inte hade
    // någon dokumenterad genomförandeplan"; all staff know lex Sarah.
    assert_eq!(text("unga_nojda"), "den unge uppgav att hen var nöjd med insatsen i 4 av 5 intervjuer med unga, 80 procent");
    assert!(text("unga_utan_kand_plan").contains("i 3 av 5 intervjuer med unga"));
    assert!(text("personal_kanner_lex_sarah").contains("i 6 av 6 intervjuer med personal, 100 procent"));
    let p062 = summary.providers.iter().find(|p| p.provider == "P062").expect("P062 audited");
    let signed = p062.figures.requirements.iter().find(|r| r.id == "akt_signerad").expect("akt_signerad");
    assert_eq!((signed.tally.met, signed.tally.not_met, signed.tally.applied), (2, 1, 3));
    assert_eq!(signed.text.sv, "uppfyllt i 2 av 3 granskade akter, 67 procent; ej uppfyllt i 1; obesvarat i 0");
    let a3 = p062.items.iter().find(|i| i.id == "A3" && i.kind == ItemKind::CaseFile).expect("A3");
    assert_eq!(a3.not_met, vec!["akt_signerad".to_string()]);
    // A case-file requirement does not apply to an interview.
    let lex = summary.year.requirements.iter().find(|r| r.id == "akt_lex_sarah_rapport").expect("lex Sarah");
    assert_eq!(lex.tally.applied, 0);
}

#[test]
fn notes_are_printed_only_when_asked() {
    let pack = checklist();
    let input = example_audits(&pack);
    let hidden = summarize_audits(&pack, &input, AuditOptions::default());
    let json = serde_json::to_string(&hidden).expect("json");
    assert!(!json.contains("Uppföljningen av målen saknades"));
    let shown = summarize_audits(&pack, &input, AuditOptions { notes: true });
    assert!(serde_json::to_string(&shown).expect("json").contains("Uppföljningen av målen saknades"));
}

#[test]
fn a_personnummer_column_refuses_an_audit_table_with_its_place() {
    let pack = checklist();
    let csv = "provider,service,date,kind,id,Personnummer,akt.genomforandeplan\nP1,oppenvard,2017-05-01,akt,A1,19121212-1212,ja\n";
    let err = AuditInput::new().read_csv(&pack, csv.as_bytes(), "akter.csv").expect_err("refused");
    let p = &err.problems[0];
    assert_eq!(p.code, SENSITIVE());
    assert_eq!((p.row, p.column.as_ref().map(|c| c.number)), (Some(1), Some(6)));
    assert!(p.message.en.contains("personal identity numbers"), "{}", p.message.en);
    assert!(!p.render(granska::Lang::En).contains("1212-1212"));
}

#[test]
fn a_personnummer_value_rejects_its_row_and_the_others_are_read() {
    let pack = checklist();
    let csv = "provider;service;date;underlag;akt;anteckning;akt.genomforandeplan;akt.journal_aktuell\n\
               P1;oppenvard;2017-05-01;akt;A1;;ja;ja\n\
               P1;oppenvard;2017-05-01;akt;A2;gäller 121212-1212;nej;ja\n\
               P1;oppenvard;2017-05-01;akt;A3;;nej;ja\n\
               P1;oppenvard;2017-05-01;brev;A4;;ja;ja\n\
               P1;oppenvard;2017-05-01;akt;;;ja;ja\n\
               P1;oppenvard;2017-05-01;akt;A5;;kanske;ja\n";
    let mut input = AuditInput::new();
    input.read_csv(&pack, csv.as_bytes(), "akter.csv").expect("read");
    let rejected: Vec<_> = input.problems.iter().filter(|p| p.rejected).map(|p| (p.row, p.column.as_ref().map(ColumnRef::letter), p.code)).collect();
    assert_eq!(
        rejected,
        vec![
            (Some(3), Some("F".to_string()), SENSITIVE()),
            (Some(5), Some("D".to_string()), ProblemCode::from(InputCode::BadRecord)),
            (Some(6), Some("E".to_string()), ProblemCode::from(InputCode::BadRecord)),
        ]
    );
    // The bad answer on row 7 is an unused answer located at its cell; the row is counted.
    let unused = input.problems.iter().find(|p| !p.rejected).expect("unused answer");
    assert_eq!((unused.row, unused.column.as_ref().map(ColumnRef::letter)), (Some(7), Some("G".into())));
    assert_eq!(input.items(), 3);
    let summary = summarize_audits(&pack, &input, AuditOptions::default());
    let missing = summary.year.indicators.iter().find(|i| i.id == "akter_utan_genomforandeplan").expect("indicator");
    assert_eq!((missing.count, missing.of, missing.unanswered), (1, 2, 1));
    assert_eq!(summary.rejected, 3);
}

#[test]
fn a_bad_item_of_a_record_is_rejected_with_its_path() {
    let pack = checklist();
    let yaml = "provider: P1\nservice: oppenvard\ndate: 2017-05-01\ncase_files:\n  - id: A1\n    answers: { akt.genomforandeplan: ja }\n  - id: A2\n    notes: \"Pojken, 20121212-1212, ...\"\n  - id: A3\n    answer: { akt.genomforandeplan: ja }\n  - id: A4\n    personnummer: x\ninterviews:\n  - id: U1\n    answers: { intervju.nojd: ja }\n";
    let mut input = AuditInput::new();
    input.read_record_text(&pack, yaml, "P1.yaml").expect("read");
    let fields: Vec<_> = input.problems.iter().map(|p| (p.field.clone().unwrap_or_default(), p.code)).collect();
    assert_eq!(
        fields,
        vec![
            ("case_files[1].notes".to_string(), SENSITIVE()),
            ("case_files[2].answer".to_string(), ProblemCode::from(InputCode::BadRecord)),
            ("case_files[3].personnummer".to_string(), SENSITIVE()),
            ("interviews[0].with".to_string(), ProblemCode::from(InputCode::BadRecord)),
        ]
    );
    // Each at its line: the field's key, or the item when the field is missing (`with`).
    assert_eq!(input.problems.iter().map(|p| p.row).collect::<Vec<_>>(), [Some(8), Some(10), Some(12), Some(14)]);
    assert!(input.problems[1].message.en.contains("did you mean \"answers\""));
    assert_eq!(input.items(), 1);
}

#[test]
fn a_json_record_is_located_by_line_like_a_yaml_record() {
    let pack = checklist();
    let json = "{\n  \"provider\": \"P1\",\n  \"service\": \"oppenvard\",\n  \"date\": \"2017-05-01\",\n  \"case_files\": [\n    {\"id\": \"A1\", \"answers\": {\"akt.genomforandeplan\": \"ja\"}},\n    {\"id\": \"A2\",\n     \"answer\": {\"akt.genomforandeplan\": \"ja\"}}\n  ],\n  \"interviews\": [\n    {\"id\": \"U1\", \"answers\": {\"intervju.nojd\": \"ja\"}}\n  ]\n}\n";
    let mut input = AuditInput::new();
    input.read_record_text(&pack, json, "P1.json").expect("read");
    let got: Vec<_> = input.problems.iter().map(|p| (p.field.clone().unwrap_or_default(), p.row)).collect();
    assert_eq!(got, [("case_files[1].answer".to_string(), Some(8)), ("interviews[0].with".to_string(), Some(11))]);
    assert_eq!(input.items(), 1);
}

#[test]
fn a_key_given_twice_in_a_json_record_refuses_it_at_its_line() {
    let pack = checklist();
    // Equal keys, and keys equal only in NFC (`å` written as `a` + combining ring).
    for (json, line) in [
        ("{\"provider\": \"P1\",\n \"service\": \"oppenvard\",\n \"date\": \"2017-05-01\",\n \"provider\": \"P2\"}", 4),
        (
            "{\"provider\": \"P1\", \"service\": \"oppenvard\", \"date\": \"2017-05-01\",\n \"case_files\": [{\"id\": \"A1\",\n  \"answers\": {\"sv\\u00e5r\": 1, \"sva\\u030ar\": 2}}]}",
            3,
        ),
    ] {
        let err = AuditInput::new().read_record_text(&pack, json, "P1.json").expect_err("a key given twice");
        let p = &err.problems[0];
        assert_eq!((p.code, p.row), (ProblemCode::from(InputCode::BadRecord), Some(line)), "{json}");
        assert!(p.message.en.starts_with(&format!("invalid JSON at line {line}, column ")) && p.message.en.contains("appears twice"), "{}", p.message.en);
        assert!(p.message.sv.starts_with("Ogiltig JSON på rad "), "{}", p.message.sv);
    }
    // A syntax error keeps its place too.
    let err = AuditInput::new().read_record_text(&pack, "{\"provider\": \"P1\",\n \"service\" \"oppenvard\"}", "P1.json").expect_err("syntax");
    assert_eq!(err.problems[0].row, Some(2));
    assert!(err.problems[0].message.sv.starts_with("Ogiltig JSON på rad 2, kolumn "), "{}", err.problems[0].message.sv);
}

#[test]
fn a_pack_that_is_no_checklist_is_refused() {
    let err = AuditInput::new().read_record_text(&Pack::builtin().expect("builtin"), "provider: P1\n", "x.yaml").expect_err("no checklist");
    assert!(err.problems[0].message.en.contains("no audit checklist"));
}

fn example_survey(options: &SurveyOptions) -> granska_summary::survey::SurveySummary {
    summarize_survey_path(&survey_pack(), root().join("examples/survey-2017.csv"), options).expect("the example survey reads")
}

fn asked() -> Asked {
    Asked::from_path(&survey_pack(), root().join("examples/survey-asked-2017.csv")).expect("asked")
}

#[test]
fn the_example_survey_gives_the_seed_figures() {
    let s = example_survey(&SurveyOptions { asked: asked(), ..SurveyOptions::default() });
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(s.threshold, 5);
    let area = |id: &str| s.areas.iter().find(|a| a.service == id).expect(id);
    let result = |id: &str, r: &str| area(id).results.iter().find(|x| x.id == r).expect(r).cell.clone();
    assert_eq!(area("heldygnsvard").response.as_ref().expect("asked").text.sv, "13 av 50 tillfrågade, 26 procent");
    assert_eq!(area("oppenvard").response.as_ref().expect("asked").text.sv, "82 av 207 tillfrågade, 40 procent");
    assert_eq!(result("heldygnsvard", "situation_battre").text.sv, "8 av 12 svarande, 67 procent");
    assert_eq!(result("oppenvard", "situation_battre").text.sv, "56 av 80 svarande, 70 procent");
    assert_eq!(result("oppenvard", "plan_saknas_eller_okand").percent, Some(47));
    assert_eq!(result("heldygnsvard", "plan_saknas_eller_okand").percent, Some(33));
    let all = |r: &str| s.all.results.iter().find(|x| x.id == r).expect(r).cell.percent;
    assert_eq!((all("fortroende"), all("bemotande")), (Some(71), Some(70)));
    // Jourhem: 3 respondents, below the threshold: every result and scale share is a dash.
    let jourhem = area("jourhem");
    assert_eq!(jourhem.response.as_ref().expect("asked").text.sv, "3 av 9 tillfrågade, 33 procent");
    for r in &jourhem.results {
        assert!(r.cell.suppressed && r.cell.percent.is_none() && r.cell.count.is_none() && r.cell.of.is_none(), "{r:?}");
        assert_eq!(r.cell.text.sv, "– (färre än 5 svar, redovisas inte)");
    }
    for scale in &jourhem.scales {
        assert!(scale.answered.is_none() && scale.shares.iter().all(|x| x.cell.suppressed));
    }
    let json = serde_json::to_string(&(&jourhem.results, &jourhem.scales)).expect("json");
    assert!(!json.contains("\"percent\":") || json.matches("\"percent\":null").count() == json.matches("\"percent\":").count(), "{json}");
    assert!(!json.contains("\"count\":") || json.matches("\"count\":null").count() == json.matches("\"count\":").count());
    // The scale of the situation question in öppenvård: 20 of 80 much better.
    let situation = area("oppenvard").scales.iter().find(|x| x.question == "enkat.situation").expect("scale");
    assert_eq!(situation.answered, Some(80));
    assert_eq!(situation.shares[0].cell.text.en, "20 of 80 respondents, 25 percent");
}

#[test]
fn the_threshold_comes_from_the_pack_or_the_options() {
    let pack = survey_pack().with_params_yaml("parameters: { enkat.minsta_antal: 2 }", "params.yaml").expect("params");
    let s = summarize_survey_path(&pack, root().join("examples/survey-2017.csv"), &SurveyOptions::default()).expect("read");
    assert_eq!(s.threshold, 2);
    let jourhem = s.areas.iter().find(|a| a.service == "jourhem").expect("jourhem");
    assert_eq!(jourhem.results[0].cell.text.sv, "2 av 3 svarande, 67 procent");
    let s = example_survey(&SurveyOptions { threshold: Some(20), ..SurveyOptions::default() });
    assert!(s.areas.iter().find(|a| a.service == "heldygnsvard").expect("heldygn").results.iter().all(|r| r.cell.suppressed));
    assert!(s.threshold_note.en.contains("chosen for this summary"));
}

#[test]
fn survey_exports_refuse_sensitive_columns_and_reject_bad_rows() {
    let pack = survey_pack();
    let err = summarize_survey(&pack, "respondent,namn,service,date\nR1,Kalle,oppenvard,2017-10-01\n".as_bytes(), "s.csv", &SurveyOptions::default()).expect_err("a name column");
    assert_eq!((err.problems[0].code, err.problems[0].column.as_ref().map(|c| c.number)), (SENSITIVE(), Some(2)));
    let csv =
        "respondent,service,date,enkat.situation\nR1,oppenvard,2017-10-01,battre\n201212121212,oppenvard,2017-10-01,battre\nR3,oppenvard,,battre\nR4,oppenvard,2017-10-02,toppen\n";
    let s = summarize_survey(&pack, csv.as_bytes(), "s.csv", &SurveyOptions { threshold: Some(1), ..SurveyOptions::default() }).expect("read");
    let rows: Vec<_> = s.problems.iter().map(|p| (p.row, p.rejected, p.code)).collect();
    assert_eq!(rows[0], (Some(3), true, SENSITIVE()));
    assert_eq!((rows[1].0, rows[1].1), (Some(4), true));
    assert_eq!((rows[2].0, rows[2].1), (Some(5), false));
    assert!(s.problems.iter().all(|p| p.provider.is_none()));
    assert_eq!(s.all.respondents, 2);
    let situation = s.all.results.iter().find(|r| r.id == "situation_battre").expect("situation");
    assert_eq!((situation.cell.count, situation.cell.of, situation.unanswered), (Some(1), Some(1), 1));
}

#[test]
fn a_personnummer_in_any_survey_cell_rejects_its_row_without_repeating_it() {
    let pack = survey_pack();
    // In an answer column and in a column the pack does not know; the other rows are read.
    let csv = "respondent,service,date,enkat.situation,kommentar\nR1,oppenvard,2017-10-01,battre,\nR2,oppenvard,2017-10-01,19800101-1234,\nR3,oppenvard,2017-10-01,battre,ring 800101-1234\nR4,oppenvard,2017-10-01,battre,800101-1234\n";
    let s = summarize_survey(&pack, csv.as_bytes(), "s.csv", &SurveyOptions { threshold: Some(1), ..SurveyOptions::default() }).expect("read");
    let sensitive: Vec<_> = s.problems.iter().filter(|p| p.code == SENSITIVE()).map(|p| (p.row, p.rejected, p.column.as_ref().map(|c| c.name.clone()))).collect();
    let kommentar = Some("kommentar".to_string());
    assert_eq!(sensitive, [(Some(3), true, Some("enkat.situation".into())), (Some(4), true, kommentar.clone()), (Some(5), true, kommentar)]);
    assert!(s.problems.iter().all(|p| !p.message.sv.contains("1234") && !p.message.en.contains("1234")), "{:?}", s.problems);
    assert_eq!(s.all.respondents, 1);
}

#[test]
fn the_tidy_tables_carry_the_figures_and_keep_suppressed_cells_empty() {
    use granska_summary::tidy::Cell;
    let survey = example_survey(&SurveyOptions { asked: asked(), ..SurveyOptions::default() });
    let results = survey.table("results", granska::Lang::Sv).expect("results");
    let col = |name: &str| results.columns.iter().position(|c| c.0 == name).expect(name);
    let jourhem: Vec<_> = results.rows.iter().filter(|r| r[col("area")] == Cell::from("jourhem")).collect();
    assert!(!jourhem.is_empty());
    for row in &jourhem {
        assert_eq!((&row[col("count")], &row[col("of")], &row[col("percent")], &row[col("suppressed")]), (&Cell::Null, &Cell::Null, &Cell::Null, &Cell::Bool(true)));
    }
    let csv = results.to_csv();
    let line = csv.lines().find(|l| l.starts_with("jourhem,")).expect("a jourhem line");
    assert!(line.contains(",,,true,0,") && line.ends_with("\"– (färre än 5 svar, redovisas inte)\""), "{line}");
    let response = survey.table("response", granska::Lang::En).expect("response").to_csv();
    let line = response.lines().find(|l| l.starts_with("heldygnsvard,")).expect("a heldygnsvard line");
    assert!(line.ends_with(",50,13,26,\"13 of 50 asked, 26 percent\""), "{line}");

    let pack = checklist();
    let mut input = AuditInput::new();
    input.read_paths(&pack, &[root().join("examples/audits-2017")]).expect("the example folder reads");
    let audits = summarize_audits(&pack, &input, AuditOptions::default());
    let items = audits.table("items", granska::Lang::Sv).expect("items");
    assert_eq!(items.rows.len() as i64, audits.year.case_files + audits.year.interviews_young + audits.year.interviews_staff);
    let err = audits.table("providers", granska::Lang::Sv).expect_err("no such section");
    assert_eq!(err.to_string(), "there is no section \"providers\"; the sections are indicators, requirements, items");
}

#[test]
fn a_folder_of_records_with_a_bad_file_keeps_the_others() {
    let pack = checklist();
    let dir = std::env::temp_dir().join(format!("granska-audits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("a.yaml"), "provider: P1\nservice: oppenvard\ndate: 2017-05-01\ncase_files:\n  - id: A1\n    answers: { akt.genomforandeplan: ja }\n").expect("write");
    std::fs::write(dir.join("b.yaml"), "service: oppenvard\ndate: 2017-05-01\ncase_files: []\n").expect("write");
    std::fs::write(dir.join("notes.txt"), "not a record").expect("write");
    let mut input = AuditInput::new();
    let result = input.read_paths(&pack, &[dir.clone(), dir.join("missing.yaml")]);
    std::fs::remove_dir_all(&dir).expect("clean up");
    let err = result.expect_err("a missing file is an error");
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].code, ProblemCode::from(InputCode::Io));
    assert_eq!(input.records.len(), 1, "a.yaml is read");
    assert!(input.problems.iter().any(|p| p.file.ends_with("b.yaml") && p.rejected), "{:?}", input.problems);
}
