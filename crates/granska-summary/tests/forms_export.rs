//! The questionnaire exported as an XLSForm workbook and a SurveyJS survey
//! (`granska_summary::forms`): the sheets and columns of the XLSForm specification, the
//! survey's structure, and a warning per rule left out.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use calamine::{Data, Reader, Xlsx};
use granska::Pack;
use granska_summary::forms::{RuleKind, surveyjs, xlsform};

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.iter().map(|c| if let Data::String(s) = c { s.clone() } else { String::new() }).collect()).collect()
}

#[test]
fn builtin_xlsform_has_the_three_sheets_and_both_languages() {
    let pack = Pack::builtin().unwrap();
    let (bytes, warnings) = xlsform(&pack, None).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let survey = sheet(&bytes, "survey");
    assert_eq!(&survey[0][..4], ["type", "name", "label::Svenska (sv)", "label::English (en)"]);
    let col = |t: &str| survey[0].iter().position(|c| c == t).unwrap();
    let row = |name: &str| survey.iter().find(|r| r[1] == name && !r[0].contains("group")).unwrap().clone();
    // Every question is there once, in its group.
    let names = pack.form_names();
    for q in pack.questions() {
        let n = names.of(&q.id).unwrap();
        let r = row(&n.name);
        assert_eq!(r[col("label::Svenska (sv)")], q.label.sv);
        assert_eq!(r[col("label::English (en)")], q.label.en);
    }
    assert!(survey.iter().any(|r| r[0] == "begin group" && r[1] == "ledning"));
    let utredningar = row("utredningar");
    assert_eq!(utredningar[col("relevant")], "${rapporter} = '' or ${rapporter} < 0 or ${rapporter} > 0");
    assert_eq!(utredningar[col("constraint")], ". >= 0 and (. < 0 or ${rapporter} = '' or ${rapporter} < 0 or . <= ${rapporter})");
    assert!(!utredningar[col("constraint_message::English (en)")].is_empty());
    let choices = sheet(&bytes, "choices");
    assert_eq!(choices[0], ["list_name", "name", "label::Svenska (sv)", "label::English (en)"]);
    assert!(choices.iter().any(|r| r[0] == "service" && r[1] == "jourhem"));
    let settings = sheet(&bytes, "settings");
    assert_eq!(settings[0], ["form_title", "form_id", "version", "default_language"]);
    assert_eq!(settings[1][1], "granska");
}

#[test]
fn one_service_type_asks_only_its_questions() {
    let pack = Pack::builtin().unwrap();
    let (bytes, _) = xlsform(&pack, Some("jourhem")).unwrap();
    let survey = sheet(&bytes, "survey");
    let asked: Vec<&Vec<String>> = survey.iter().skip(1).filter(|r| !r[0].contains("group")).collect();
    assert_eq!(asked.len(), 4 + pack.questions_for(Some("jourhem")).count());
    // No condition on the service type is left: there is only one.
    assert!(survey.iter().all(|r| !r.iter().any(|c| c.contains("${service}"))));
}

const UNTRANSLATABLE: &str = r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - id: g.poster
    type: list
    label: { sv: Poster, en: Records }
    fields:
      - { id: n, type: integer, label: { sv: N, en: N } }
  - id: g.kod
    type: text
    label: { sv: Kod, en: Code }
    constraint: 'matches(., "^[0-9]{4}$")'
    constraint_message: { sv: "Fyra siffror.", en: "Four digits." }
  - id: g.summa
    type: integer
    label: { sv: Summa, en: Sum }
    relevant: "any(p in g.poster, p.n > 0)"
"#;

#[test]
fn untranslatable_rules_are_warnings_with_the_question_id() {
    let pack = Pack::from_yaml(UNTRANSLATABLE, "t.yaml").unwrap();
    let (bytes, warnings) = xlsform(&pack, None).unwrap();
    let found: Vec<(&str, RuleKind)> = warnings.iter().map(|w| (w.question.as_str(), w.rule)).collect();
    assert_eq!(found, vec![("g.poster", RuleKind::Relevant), ("g.kod", RuleKind::Constraint), ("g.summa", RuleKind::Relevant)]);
    let survey = sheet(&bytes, "survey");
    // Left out, not written as something else.
    assert!(!survey.iter().any(|r| r[1] == "poster"));
    assert!(survey.iter().filter(|r| r[1] == "kod" || r[1] == "summa").all(|r| r[9].is_empty() && r[10].is_empty()));
    let (_, js_warnings) = surveyjs(&pack, None);
    assert_eq!(js_warnings.len(), 3);
}

#[test]
fn surveyjs_has_pages_localised_texts_and_validators() {
    let pack = Pack::builtin().unwrap();
    let (survey, warnings) = surveyjs(&pack, None);
    assert!(warnings.is_empty(), "{warnings:?}");
    let pages = survey["pages"].as_array().unwrap();
    assert_eq!(pages[0]["name"], "rapport");
    let all: Vec<&serde_json::Value> = pages.iter().flat_map(|p| p["elements"].as_array().unwrap()).collect();
    let q = |name: &str| *all.iter().find(|e| e["name"] == name).unwrap();
    let utredningar = q("utredningar");
    assert_eq!(utredningar["visibleIf"], "{rapporter} empty or {rapporter} < 0 or {rapporter} > 0");
    assert_eq!(utredningar["title"]["sv"], pack.question("lex_sarah.utredningar").unwrap().label.sv);
    assert_eq!(utredningar["title"]["default"], utredningar["title"]["sv"]);
    let validators = utredningar["validators"].as_array().unwrap();
    assert_eq!(validators[0]["type"], "numeric");
    assert_eq!(validators[1]["expression"], "{utredningar} empty or ({utredningar} < 0 or {rapporter} empty or {rapporter} < 0 or {utredningar} <= {rapporter})");
    assert_eq!(all.len(), 4 + pack.questions().len());
}

/// Compares `actual` with a golden file under the workspace; rewrites it with UPDATE_GOLDEN=1.
fn golden(relative: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e} (run with UPDATE_GOLDEN=1 to create it)"));
    assert!(expected == actual, "{relative} differs from the export; if the change is intended, run UPDATE_GOLDEN=1 cargo test -p granska-summary --test forms_export");
}

/// The built-in questionnaire's SurveyJS survey and its form names, which the survey-core
/// differential test (bindings/wasm/tests/survey-tools.test.mjs) reads.
#[test]
fn builtin_surveyjs_golden() {
    let pack = Pack::builtin().unwrap();
    let (survey, _) = surveyjs(&pack, None);
    golden("tests/golden/survey-tools/granska.surveyjs.json", &(serde_json::to_string_pretty(&survey).unwrap() + "\n"));
    let names: serde_json::Map<String, serde_json::Value> = pack.form_names().all().iter().map(|n| (n.name.clone(), serde_json::Value::String(n.id.clone()))).collect();
    golden("tests/golden/survey-tools/form-names.json", &(serde_json::to_string_pretty(&names).unwrap() + "\n"));
}
