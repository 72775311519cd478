//! Snapshot tests of rendered diagnostics: a pack with several mistakes reports every one,
//! each at its YAML line and column, rendered like rustc.

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
