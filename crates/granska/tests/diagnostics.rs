//! Snapshot tests of rendered diagnostics: a pack with several mistakes reports every one,
//! each at its YAML line and column, rendered like rustc.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::Pack;

const FIVE_MISTAKES: &str = r#"pack:
  id: fel
  title: { sv: Fem fel, en: Five mistakes }
questions:
  - id: lex_sarah.rapporter
    type: integer
    label: { sv: Rapporter, en: Reports }
  - id: verksamhet.typ
    type: choice
    label: { sv: Typ, en: Kind }
    choices:
      - { value: hvb, label: { sv: HVB, en: HVB } }
      - { value: jourhem, label: { sv: Jourhem, en: Emergency foster home } }
requirements:
  - id: lex_sarah
    title: { sv: Lex Sarah, en: Lex Sarah }
    source: "SOSFS 2011:5"
    severity: krav
    area: trygget
    require: "lex_sarah.rapporterr > 0 and verksamhet.typ == 'hvbb'"
    message: { sv: "Saknas {lex_sarah.rapporter}", en: "Missing" }
  - id: lex_sarah
    title: { sv: Dubblett, en: Duplicate }
    source: "SOSFS 2011:5"
    severity: krav
    area: trygghet
    require: >
      lex_sarah.rapporter + true >= 1
    message: { sv: "x", en: "x" }
"#;

#[test]
fn a_pack_with_five_mistakes_reports_all_five() {
    let err = Pack::from_yaml(FIVE_MISTAKES, "fel.yaml").expect_err("the pack has mistakes");
    let located: Vec<String> = err.diagnostics.iter().map(|d| format!("{}:{}:{} {}", d.file, d.line, d.column, d.code)).collect();
    assert_eq!(
        located,
        ["fel.yaml:19:11 bad-value", "fel.yaml:20:15 unknown-name", "fel.yaml:20:62 unknown-choice", "fel.yaml:22:9 duplicate-id", "fel.yaml:28:29 type-mismatch",]
    );
    insta::assert_snapshot!("five_mistakes", err.render(false));
}

#[test]
fn yaml_errors_are_located() {
    let err = Pack::from_yaml("pack:\n  id: x\n  title: { sv: X, en: X }\nquestons: []\n", "typo.yaml").expect_err("unknown key");
    insta::assert_snapshot!("unknown_top_level_key", err.render(false));
    let d = &err.diagnostics[0];
    assert_eq!((d.line, d.column), (4, 1));
    assert_eq!(d.hint.as_deref(), Some("did you mean `questions`?"));
}

#[test]
fn the_builtin_pack_loads_without_diagnostics() {
    match Pack::builtin() {
        Ok(pack) => {
            assert!(pack.warnings().is_empty(), "{:?}", pack.warnings());
            assert!(pack.requirements().len() >= 20);
        }
        Err(e) => panic!("the built-in pack does not load:\n{}", e.render(false)),
    }
}

/// Every kind of mistake in a call of a built-in function — an unknown name, the wrong number
/// of arguments, an argument of the wrong type, a loop form where there is none — for every
/// function, each reported with its code, message and hint as written here.
#[test]
fn mistakes_in_calls_of_every_function() {
    let calls = [
        "answerd(i)",
        "sume(i)",
        "frobnicate(i)",
        "report_date",
        "answered()",
        "answered(i, x)",
        "answered(p in l, p.b)",
        "coalesce()",
        "coalesce(i, t)",
        "coalesce(d, x)",
        "coalesce(i, x, t)",
        "count()",
        "count(i)",
        "count(t, t)",
        "count(mc)",
        "count(p in l)",
        "count(p in l, p.n)",
        "count(p in l, p.b, a)",
        "count(p in i, true)",
        "any(a)",
        "any()",
        "any(p in l, p.n)",
        "all(a, a)",
        "all(p in l, p.d)",
        "sum()",
        "sum(i, t)",
        "sum(d, d)",
        "sum(p in l, p.b)",
        "sum(p in l, p.t)",
        "sum(a)",
        "min()",
        "min(d, 1)",
        "min(t)",
        "min(p in l, p.t)",
        "max(a, a)",
        "max(d, x)",
        "max(p in l, p.b)",
        "len()",
        "len(i)",
        "len(d, t)",
        "len(p in l, p.b)",
        "report_date(d)",
        "report_date(p in l, p.b)",
        "service(1)",
        "contract(t, t)",
        "year()",
        "year(i)",
        "year(d, d)",
        "days_between(d)",
        "days_between(d, t)",
        "days_between(d, d, d)",
        "months_between(i, d)",
        "add_months(d, 1.5)",
        "add_months(d)",
        "add_days(d, d)",
        "add_days(t, 1)",
        "within_months(d)",
        "within_months(d, x)",
        "within_months(t, 1)",
        "matches(t)",
        "matches(i, '^1$')",
        "matches(t, t)",
        "matches(t, '[a-')",
        "matches(p in l, p.t)",
        "abs()",
        "abs(d)",
        "abs(i, i)",
        "round(t)",
        "round()",
        "round(x, x)",
    ];
    let mut out = String::new();
    for call in calls {
        let pack = format!(
            "pack: {{ id: f, title: {{ sv: F, en: F }} }}\nquestions:\n  - {{ id: a, type: bool, label: {{ sv: A, en: A }} }}\n  - {{ id: i, type: integer, label: {{ sv: I, en: I }} }}\n  - {{ id: x, type: number, label: {{ sv: X, en: X }} }}\n  - {{ id: d, type: date, label: {{ sv: D, en: D }} }}\n  - {{ id: t, type: text, label: {{ sv: T, en: T }} }}\n  - id: mc\n    type: choice\n    multiple: true\n    label: {{ sv: M, en: M }}\n    choices: [{{ value: v, label: {{ sv: V, en: V }} }}]\n  - id: l\n    type: list\n    label: {{ sv: L, en: L }}\n    fields:\n      - {{ id: b, type: bool, label: {{ sv: B, en: B }} }}\n      - {{ id: n, type: integer, label: {{ sv: N, en: N }} }}\n      - {{ id: d, type: date, label: {{ sv: D, en: D }} }}\n      - {{ id: t, type: text, label: {{ sv: T, en: T }} }}\nrequirements:\n  - id: r\n    title: {{ sv: R, en: R }}\n    source: S\n    severity: krav\n    area: trygghet\n    require: \"{call}\"\n    message: {{ sv: m, en: m }}\n"
        );
        let problems = match Pack::from_yaml(&pack, "f.yaml") {
            Ok(_) => vec!["(no error)".to_string()],
            Err(e) => e.diagnostics.iter().map(std::string::ToString::to_string).collect(),
        };
        for p in problems {
            out.push_str(&format!("{call:<28} {p}\n"));
        }
    }
    insta::assert_snapshot!("mistakes_in_calls", out);
}
