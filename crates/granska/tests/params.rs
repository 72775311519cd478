//! Pack parameters through the public API: declared with a default, read in expressions
//! (`param.id`) and texts (`{param.id}`), set by a parameters file, and every mistake in a
//! pack or a parameters file reported with its place.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{Pack, ParamValue, Verdict};

const PACK: &str = include_str!("../../../tests/packs/params-demo.yaml");

fn pack() -> Pack {
    Pack::from_yaml(PACK, "demo.yaml").expect("the pack loads")
}

fn report(pack: &Pack, staff: i64, degree: i64) -> granska::Report {
    let json = serde_json::json!({"provider": "P1", "service": "jourhem", "date": "2017-12-31",
        "answers": {"kunder.antal": 3, "personal.antal": staff, "personal.med_examen": degree}});
    pack.check(&pack.read_report(&json).expect("the report reads"))
}

#[test]
fn defaults_are_in_force_and_example_values_are_labelled() {
    let pack = pack();
    let p = pack.parameter("examen_andel").expect("declared");
    assert_eq!(p.value, ParamValue::Number(50.0));
    assert!(p.is_example());
    assert!(!pack.parameter("kommun").expect("declared").is_example());
    let r = report(&pack, 10, 4);
    let v = &r.verdicts[0];
    assert_eq!(v.verdict, Verdict::NotMet);
    let message = v.message.as_ref().expect("a message");
    assert_eq!(message.sv, "Minst 50 (exempelvärde) procent av personalen ska ha examen.");
    assert_eq!(message.en, "At least 50 (example value) percent of staff must have a degree.");
    // The explanation shows the parameter's value beside the answers.
    assert!(v.explanation[0].reads.iter().any(|read| read.name == "param.examen_andel" && read.value == serde_json::json!(50.0)), "{:?}", v.explanation);
    assert_eq!(report(&pack, 10, 5).verdicts[0].verdict, Verdict::Met);
}

#[test]
fn texts_name_the_parameter_values() {
    let pack = pack();
    assert_eq!(pack.question("kunder.antal").expect("q").label.sv, "Antal barn från Nacka");
    assert_eq!(pack.services()[0].label.en, "Emergency foster homes in Nacka");
    let set = pack.with_params_yaml("parameters: { kommun: Tyresö }", "tyreso.yaml").expect("applies");
    assert_eq!(set.question("kunder.antal").expect("q").label.sv, "Antal barn från Tyresö");
    // The original is unchanged.
    assert_eq!(pack.question("kunder.antal").expect("q").label.sv, "Antal barn från Nacka");
}

#[test]
fn a_parameters_file_sets_values_and_verdicts_follow() {
    let pack = pack();
    let text = "municipality: Värmdö kommun\nyear: 2017\nsource: Avtal jourhem 2016\nparameters:\n  examen_andel: 30\n  erfarenhet_ar: \"3\"\n";
    let set = pack.with_params_yaml(text, "varmdo-2017.yaml").expect("applies");
    let p = set.parameter("examen_andel").expect("declared");
    assert_eq!(p.value, ParamValue::Number(30.0));
    assert_eq!(p.default, ParamValue::Number(50.0));
    assert_eq!(p.set_by.as_deref(), Some("varmdo-2017.yaml"));
    assert!(!p.is_example());
    assert_eq!(set.parameter("erfarenhet_ar").expect("declared").value, ParamValue::Integer(3));
    let info = set.params_file().expect("a file");
    assert_eq!((info.municipality.as_deref(), info.year), (Some("Värmdö kommun"), Some(2017)));
    // 4 of 10 meets 30 % but not the default 50 %.
    let r = report(&set, 10, 4);
    assert_eq!(r.verdicts[0].verdict, Verdict::Met);
    let r = report(&set, 10, 2);
    assert_eq!(r.verdicts[0].message.as_ref().expect("m").sv, "Minst 30 procent av personalen ska ha examen.");
    // A second file replaces the first.
    let again = set.with_params_yaml("parameters: { examen_andel: 60 }", "b.yaml").expect("applies");
    assert_eq!(again.parameter("erfarenhet_ar").expect("declared").value, ParamValue::Integer(2));
    assert_eq!(again.parameter("examen_andel").expect("declared").value, ParamValue::Number(60.0));
}

fn params_error(text: &str) -> String {
    let err = pack().with_params_yaml(text, "p.yaml").expect_err("rejected");
    err.diagnostics.iter().map(std::string::ToString::to_string).collect::<Vec<_>>().join("\n")
}

#[test]
fn bad_parameters_files_are_located_errors() {
    assert_eq!(
        params_error("parameters:\n  examen_andell: 40\n"),
        "p.yaml:2:3: error[unknown-name]: the pack has no parameter `examen_andell` (hint: did you mean `examen_andel`?)"
    );
    assert_eq!(
        params_error("parameters:\n  examen_andel: mycket\n"),
        "p.yaml:2:17: error[bad-value]: parameter `examen_andel` is the text \"mycket\", not a percentage (a number 0–100)"
    );
    assert_eq!(params_error("parameters:\n  examen_andel: 120\n"), "p.yaml:2:17: error[bad-value]: parameter `examen_andel` is 120; it must be at most 100");
    assert_eq!(params_error("parameters:\n  erfarenhet_ar: 2.5\n"), "p.yaml:2:18: error[bad-value]: parameter `erfarenhet_ar` is 2.5, not a whole number");
    assert_eq!(params_error("parameters:\n  erfarenhet_ar: -1\n"), "p.yaml:2:18: error[bad-value]: parameter `erfarenhet_ar` is -1; it must be at least 0");
    let empty = params_error("parameters:\n  kommun:\n");
    assert!(empty.starts_with("p.yaml:2:") && empty.contains("parameter `kommun` has no value"), "{empty}");
    let both = params_error("parameters:\n  examen_andel: 40\n  examen_andel: 45\n");
    assert!(both.contains("p.yaml:3:3") && (both.contains("set twice") || both.contains("duplicate")), "{both}");
    let key = params_error("parameter:\n  examen_andel: 40\n");
    assert!(key.starts_with("p.yaml:1:1: error[yaml]") && key.contains("did you mean `parameters`?"), "{key}");
    let syntax = params_error("parameters: [\n");
    assert!(syntax.starts_with("p.yaml:"), "{syntax}");
}

fn pack_error(extra_param: &str, require: &str) -> String {
    let text = format!(
        "pack: {{ id: d, title: {{ sv: D, en: D }} }}\nparameters:\n{extra_param}questions:\n  - id: a\n    type: integer\n    label: {{ sv: A, en: A }}\nrequirements:\n  - id: r\n    title: {{ sv: R, en: R }}\n    source: S\n    severity: krav\n    area: trygghet\n    require: \"{require}\"\n    message: {{ sv: m, en: m }}\n"
    );
    match Pack::from_yaml(&text, "d.yaml") {
        Ok(_) => String::new(),
        Err(e) => e.diagnostics.iter().map(std::string::ToString::to_string).collect::<Vec<_>>().join("\n"),
    }
}

const ANDEL: &str = "  - id: andel\n    type: percent\n    label: { sv: A, en: A }\n    default: 50\n    example: true\n";

#[test]
fn bad_parameters_in_a_pack_are_located_errors() {
    assert_eq!(pack_error(ANDEL, "a >= param.andel"), "");
    assert_eq!(pack_error(ANDEL, "a >= param.andl"), "d.yaml:18:20: error[unknown-name]: unknown parameter `param.andl` (hint: did you mean `param.andel`?)");
    assert!(pack_error(ANDEL, "param.andel").contains("expected a condition (bool), found number"));
    let uncited = pack_error("  - id: andel\n    type: percent\n    label: { sv: A, en: A }\n    default: 50\n", "a >= param.andel");
    assert!(uncited.starts_with("d.yaml:3:9: error[missing-source]: parameter `andel` cites no source for its default") && uncited.contains("example: true"), "{uncited}");
    let out_of_range = pack_error("  - id: andel\n    type: percent\n    label: { sv: A, en: A }\n    default: 150\n    example: true\n", "a >= param.andel");
    assert!(out_of_range.starts_with("d.yaml:6:14: error[bad-value]: the default of parameter `andel` is 150; it must be at most 100"), "{out_of_range}");
    let bad_type = pack_error("  - id: andel\n    type: choice\n    label: { sv: A, en: A }\n    default: x\n    example: true\n", "a >= 1");
    assert!(bad_type.contains("error[bad-type]: `choice` is not a parameter type"), "{bad_type}");
    let twice = pack_error(&format!("{ANDEL}{ANDEL}"), "a >= param.andel");
    assert!(twice.contains("error[duplicate-id]: parameter `andel` is declared twice"), "{twice}");
    let both = pack_error("  - id: andel\n    type: percent\n    label: { sv: A, en: A }\n    default: 50\n    example: true\n    source: Avtal\n", "a >= 1");
    assert!(both.contains("cites a source but marks its default as an example value"), "{both}");
}

#[test]
fn a_question_cannot_take_a_parameter_name() {
    let text = "pack: { id: d, title: { sv: D, en: D } }\nquestions:\n  - id: param.x\n    type: integer\n    label: { sv: A, en: A }\n";
    let err = Pack::from_yaml(text, "d.yaml").expect_err("rejected");
    assert!(err.diagnostics.iter().any(|d| d.code == "bad-id" && d.message.contains("name parameters")), "{err}");
}

#[test]
fn unknown_parameters_in_texts_are_errors() {
    let text = "pack: { id: d, title: { sv: D, en: D } }\nquestions:\n  - id: a\n    type: integer\n    label: { sv: \"Barn från {param.kommun}\", en: A }\n";
    let err = Pack::from_yaml(text, "d.yaml").expect_err("rejected");
    assert!(err.diagnostics.iter().any(|d| d.code == "unknown-name" && d.message.contains("{param.kommun}")), "{err}");
}
