//! The follow-through data cases (`tests/follow-through/*.yaml`): action plans checked
//! against the verdicts, with located errors for bad records. The Python runner
//! (`bindings/python/tests/test_follow_through.py`) runs the same cases.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::PathBuf;

use granska_summary::actions::{ActionCheck, ActionInput, ActionOptions};
use granska_summary::history::{HistoryInput, HistoryOptions, ProviderMapping};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/follow-through/actions.yaml");
    let text = std::fs::read_to_string(&path).expect("the cases file reads");
    let file: Value = serde_saphyr::from_str(&text).expect("the cases file is YAML");
    file["cases"].as_array().expect("a list of cases").clone()
}

/// Runs one case; returns what differs from the expectation.
fn run(case: &Value) -> Vec<String> {
    let name = case["name"].as_str().unwrap();
    let mut input = HistoryInput::new();
    input.read_json(&case["reports"].to_string(), "reports.json");
    assert!(input.problems.is_empty(), "{name}: {:?}", input.problems);
    let mapping = match case["mapping"].as_str() {
        Some(text) => ProviderMapping::from_reader(text.as_bytes(), "mapping.csv").unwrap(),
        None => ProviderMapping::new(),
    };
    let history = input.join(&mapping, &HistoryOptions::default()).unwrap();
    let mut actions = ActionInput::new();
    if let Some(csv) = case["csv"].as_str() {
        actions.read_csv(csv.as_bytes(), "actions.csv");
    }
    if let Some(yaml) = case["yaml"].as_str() {
        actions.read_yaml(yaml, "actions.yaml");
    }
    let as_of = granska::parse_date(case["as_of"].as_str().unwrap()).unwrap();
    let check = ActionCheck::run(actions, &history, &ActionOptions { as_of });
    let mut diffs = vec![];
    let problems = case["problems"].as_array().unwrap();
    if problems.len() != check.problems.len() {
        diffs.push(format!("{name}: {} problems, expected {}: {:#?}", check.problems.len(), problems.len(), check.problems));
    }
    for (want, got) in problems.iter().zip(&check.problems) {
        let got_json = serde_json::json!({"code": got.code.as_str(), "row": got.row, "column": got.column.as_ref().map(|c| c.number), "field": got.field});
        for (k, v) in want.as_object().unwrap() {
            let v = if k == "row" || k == "column" { Value::from(v.as_str().map_or_else(|| v.as_u64().unwrap(), |s| s.parse().unwrap())) } else { v.clone() };
            if got_json[k] != v {
                diffs.push(format!("{name}: problem {k} = {}, expected {v} ({})", got_json[k], got.message.en));
            }
        }
        assert!(!got.message.sv.is_empty() && !got.message.en.is_empty());
    }
    let states: Vec<String> = check.actions.iter().map(|a| format!("{}:{}={}", a.record.provider, a.record.requirement.as_deref().unwrap_or_default(), a.state)).collect();
    let want: Vec<String> = case["states"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
    if states != want {
        diffs.push(format!("{name}: states {states:?}, expected {want:?}"));
    }
    let findings: Vec<String> = check.findings.iter().map(|f| format!("{} {} {}", f.code, f.provider, f.requirement.as_deref().unwrap_or("-"))).collect();
    let want: Vec<String> = case["findings"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
    if findings != want {
        diffs.push(format!("{name}: findings {findings:?}, expected {want:?}"));
    }
    diffs
}

#[test]
fn every_action_case_holds() {
    let cases = cases();
    assert!(cases.len() >= 5);
    let diffs: Vec<String> = cases.iter().flat_map(run).collect();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn the_example_plans_are_checked_against_the_example_years() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/history");
    let pack = granska::Pack::builtin().unwrap();
    let mut input = HistoryInput::new();
    for year in [2016, 2017, 2018] {
        input.read_path(&root.join(format!("export-{year}.csv")), Some(&pack), &Default::default());
    }
    let mapping = ProviderMapping::from_path(root.join("providers-mapping.csv")).unwrap();
    let history = input.join(&mapping, &HistoryOptions::default()).unwrap();
    let mut actions = ActionInput::new();
    actions.read_path(&root.join("actions.csv"), None);
    let check = ActionCheck::run(actions, &history, &ActionOptions { as_of: granska::parse_date("2018-12-31").unwrap() });
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    let states: Vec<String> = check.actions.iter().map(|a| format!("{}:{}", a.provider_id, a.state)).collect();
    // P103 closed its riskanalys plan in March 2018 but is not met in 2018; P108 closed its
    // plan and met the requirement; P101 and P210 are overdue; P104 is open and not yet due.
    assert_eq!(states, ["P101:overdue", "P103:closed_not_met", "P103:closed", "P104:open", "P108:closed", "P210:overdue"]);
    // The 2018 riskanalys shortcomings without a plan: P101, P104 and P210 have open plans,
    // P103's plan was closed before the 2018 report.
    let no_plan: Vec<&str> = check.findings.iter().filter(|f| f.code == "no-plan" && f.requirement.as_deref() == Some("riskanalys")).map(|f| &*f.provider).collect();
    assert_eq!(no_plan, ["P102", "P103", "P105", "P106", "P107", "P109", "P113", "P220"]);
    let heldygn = check.by_service.iter().find(|s| &*s.service == "heldygnsvard").unwrap();
    assert_eq!((heldygn.open, heldygn.overdue, heldygn.closed), (1, 1, 0));
    assert_eq!(check.by_provider.iter().find(|p| p.provider.as_deref() == Some("P103")).map(|p| (p.closed, p.closed_not_met)), Some((2, 1)));
    let text = check.to_text(granska::Lang::Sv);
    assert!(text.contains("Åtgärden ”Riskanalys i ledningsgruppen” för P103 (familjebehandling) avslutades 2018-03-15, men kravet ”Riskanalys på verksamhetsnivå” är fortfarande inte uppfyllt i rapporten för 2018."), "{text}");

    // One provider's open actions for the questionnaire page: by its old id, with the
    // questions the requirement reads; a provider with only closed plans has none; an unknown
    // provider none at all.
    let p210 = check.open_actions("P110", &pack, &history).unwrap();
    assert_eq!((p210.format, p210.version, p210.provider.as_str(), p210.as_of.as_str()), ("granska-atgardsplan", 1, "P210", "2018-12-31"));
    let got: Vec<(&str, bool, Vec<String>)> = p210.actions.iter().map(|a| (a.action.as_str(), a.overdue, a.questions.clone())).collect();
    assert_eq!(got, [("Riskanalys efter ombildningen", true, vec!["ledning.riskanalys".to_string(), "ledning.riskanalys_datum".to_string()])]);
    assert_eq!(p210.actions[0].title.as_ref().map(|t| t.en.as_str()), Some("Risk analysis at operations level"));
    let p104 = check.open_actions("P104", &pack, &history).unwrap();
    assert_eq!(p104.actions.iter().map(|a| a.overdue).collect::<Vec<_>>(), [false]);
    assert!(check.open_actions("P108", &pack, &history).unwrap().actions.is_empty());
    assert!(check.open_actions("P999", &pack, &history).is_none());
}

#[test]
fn a_workbook_plan_reads_like_its_csv_with_date_cells_and_located_errors() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = std::env::temp_dir().join(format!("granska-actions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("atgarder.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Åtgärder").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, title) in ["utförare", "krav", "åtgärd", "ansvarig", "klart_senast", "status", "avslutad"].iter().enumerate() {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    let row = ["P1", "riskanalys", "Riskanalys", "Föreståndare"];
    for (c, v) in row.iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
        sheet.write_string(2, c as u16, *v).unwrap();
    }
    sheet.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2018, 6, 30).unwrap(), &date).unwrap();
    sheet.write_string(1, 5, "öppen").unwrap();
    sheet.write_string(2, 4, "30.06.2018").unwrap();
    sheet.write_string(2, 5, "open").unwrap();
    book.save(&path).unwrap();
    let mut actions = ActionInput::new();
    actions.read_path(&path, None);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(actions.records.len(), 1);
    assert_eq!(actions.records[0].due, "2018-06-30");
    assert_eq!(actions.records[0].place, format!("{}, blad Åtgärder, rad 2", path.display()));
    let p = &actions.problems[0];
    assert_eq!(
        (p.sheet.as_deref(), p.row, p.column.as_ref().map(granska_summary::export::ColumnRef::letter), p.code.as_str()),
        (Some("Åtgärder"), Some(3), Some("E".to_string()), "bad-date")
    );
    assert!(p.message.sv.contains("\"30.06.2018\" är inget datum på formen ÅÅÅÅ-MM-DD"));
}
