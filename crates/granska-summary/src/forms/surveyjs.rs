//! The questionnaire as a SurveyJS survey (JSON): a page per question group, question types,
//! `visibleIf`, `isRequired`/`requiredIf`, validators with their messages, choices, and every
//! text a localisable string `{"default": …, "sv": …, "en": …}` (Swedish the default).

use granska::forms::{Dialect, LogicWarning, Required};
use granska::{Pack, QuestionType, Text};
use serde_json::{Map, Value, json};

use super::plan::{Item, Plan, constraint_message, range_message};

/// A localisable string, Swedish by default.
fn loc(t: &Text) -> Value {
    json!({"default": t.sv, "sv": t.sv, "en": t.en})
}

fn loc2(sv: &str, en: &str) -> Value {
    loc(&Text::new(sv, en))
}

/// The SurveyJS survey of `pack`'s questionnaire for `service` (every service type when
/// `None`), with the rules it could not translate. Hidden questions' answers are cleared
/// as they are hidden (`clearInvisibleValues: onHidden`), as granska ignores an answer to a
/// question that does not apply.
pub fn surveyjs(pack: &Pack, service: Option<&str>) -> (Value, Vec<LogicWarning>) {
    let plan = Plan::new(pack, service, Dialect::SurveyJs);
    let required_text = loc2("Frågan måste besvaras.", "This question must be answered.");
    let services: Vec<Value> = plan.services.iter().map(|s| json!({"value": s.id, "text": loc(&s.label)})).collect();
    let meta = json!({
        "name": "rapport",
        "title": loc2("Rapport", "Report"),
        "elements": [
            {"type": "text", "name": "provider", "title": loc2("Utförarens id", "Provider id"), "isRequired": true, "requiredErrorText": required_text},
            {"type": "text", "name": "name", "title": loc2("Verksamhetens namn", "Name of the service")},
            {"type": "dropdown", "name": "service", "title": loc2("Tjänstetyp", "Service type"), "isRequired": true, "requiredErrorText": required_text, "choices": services},
            {"type": "text", "inputType": "date", "name": "date", "title": loc2("Rapportdatum", "Report date"),
             "description": loc2("Den dag rapporten avser, oftast årets sista dag (31 december).", "The day the report is as of, usually the last day of the year (31 December)."),
             "isRequired": true, "requiredErrorText": required_text},
        ],
    });
    let mut pages = vec![meta];
    for group in &plan.groups {
        let elements: Vec<Value> = group.items.iter().map(|item| element(item, &required_text)).collect();
        let name = if group.name.is_empty() { "fragor".to_string() } else { group.name.clone() };
        let title = if group.name.is_empty() { Text::new("Frågor", "Questions") } else { group.label.clone() };
        pages.push(json!({"name": name, "title": loc(&title), "elements": elements}));
    }
    let info = pack.info();
    let survey = json!({
        "title": loc(&info.title),
        "locale": "sv",
        "clearInvisibleValues": "onHidden",
        "checkErrorsMode": "onValueChanged",
        "pages": pages,
    });
    (survey, plan.warnings)
}

fn element(item: &Item<'_>, required_text: &Value) -> Value {
    let q = item.question;
    let mut e = Map::new();
    let mut set = |k: &str, v: Value| {
        e.insert(k.to_string(), v);
    };
    let choices = || Value::Array(q.choices.iter().map(|c| json!({"value": c.value, "text": loc(&c.label)})).collect());
    match q.kind {
        QuestionType::Bool => {
            set("type", json!("boolean"));
            set("labelTrue", loc2("Ja", "Yes"));
            set("labelFalse", loc2("Nej", "No"));
            set("renderAs", json!("radio"));
        }
        QuestionType::Integer | QuestionType::Number | QuestionType::Percent => {
            set("type", json!("text"));
            set("inputType", json!("number"));
            if q.kind == QuestionType::Integer {
                set("step", json!(1));
            }
        }
        QuestionType::Date => {
            set("type", json!("text"));
            set("inputType", json!("date"));
        }
        QuestionType::Text | QuestionType::List => set("type", json!("text")),
        QuestionType::Choice if q.multiple => {
            set("type", json!("checkbox"));
            set("choices", choices());
            if item.none {
                set("showNoneItem", json!(true));
                set("noneText", loc2("Inget av alternativen", "None of these"));
            }
        }
        QuestionType::Choice => {
            set("type", json!("radiogroup"));
            set("choices", choices());
        }
    }
    set("name", json!(item.name));
    set("title", loc(&q.label));
    if let Some(h) = &q.help {
        set("description", loc(h));
    }
    if let Some(r) = &item.logic.relevant {
        set("visibleIf", json!(r));
    }
    match &item.logic.required {
        Required::No => {}
        Required::Always => set("isRequired", json!(true)),
        Required::When(c) => set("requiredIf", json!(c)),
    }
    if !matches!(item.logic.required, Required::No) {
        set("requiredErrorText", required_text.clone());
    }
    let mut validators = vec![];
    if matches!(q.kind, QuestionType::Integer | QuestionType::Number | QuestionType::Percent)
        && let Some(m) = range_message(q)
    {
        let mut v = Map::new();
        v.insert("type".into(), json!("numeric"));
        if let Some(a) = q.min {
            v.insert("minValue".into(), json!(a));
        }
        if let Some(b) = q.max {
            v.insert("maxValue".into(), json!(b));
        }
        v.insert("text".into(), loc(&m));
        validators.push(Value::Object(v));
    }
    if let Some(c) = &item.logic.constraint {
        // An unanswered question breaks no constraint.
        let expression = format!("{{{}}} empty or ({c})", item.name);
        validators.push(json!({"type": "expression", "expression": expression, "text": loc(&constraint_message(q))}));
    }
    if !validators.is_empty() {
        set("validators", Value::Array(validators));
    }
    Value::Object(e)
}
