//! The translation of question rules into survey tools' expression languages
//! (`granska::forms`): three-valued relevance, required and constraints, and a warning
//! instead of a wrong translation.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::Pack;
use granska::forms::{Dialect, Required, RuleKind};

const PACK: &str = r#"
pack: { id: t, title: { sv: T, en: T } }
services:
  - { id: a, label: { sv: A, en: A } }
questions:
  - { id: g.n, type: integer, label: { sv: N, en: N }, min: 0 }
  - id: g.m
    type: integer
    label: { sv: M, en: M }
    relevant: "g.n > 0 and not g.b"
    constraint: ". <= g.n"
    constraint_message: { sv: "Högst N.", en: "At most N." }
    required: "g.b or g.n / g.k >= 1"
  - { id: g.b, type: bool, label: { sv: B, en: B } }
  - { id: g.k, type: integer, label: { sv: K, en: K } }
  - id: h.val
    type: choice
    multiple: true
    label: { sv: V, en: V }
    choices:
      - { value: x, label: { sv: X, en: X } }
      - { value: y, label: { sv: Y, en: Y } }
  - { id: h.d, type: date, label: { sv: D, en: D }, constraint: ". <= report_date()", constraint_message: { sv: S, en: E }, relevant: '"x" in h.val' }
  - { id: h.t, type: text, label: { sv: T, en: T }, constraint: 'matches(., "^[0-9]+$")', constraint_message: { sv: S, en: E } }
"#;

fn pack() -> Pack {
    Pack::from_yaml(PACK, "t.yaml").unwrap()
}

#[test]
fn xpath_keeps_unknown_relevance_shown() {
    let pack = pack();
    let names = pack.form_names();
    let all = vec![true; pack.questions().len()];
    let m = pack.form_logic("g.m", Dialect::XPath, &names, &all).unwrap();
    // Shown unless the relevance is false: unanswered `n` or `b` keep it shown.
    let rel = m.relevant.unwrap();
    assert!(rel.contains("${n} = '' or ${n} < 0 or ${n} > 0"), "{rel}");
    assert!(rel.contains("${b} != 'ja'"), "{rel}");
    // Broken only when `n` is answered and `.` exceeds it.
    assert_eq!(m.constraint.as_deref(), Some("${n} = '' or ${n} < 0 or . <= ${n}"));
    // Required when `b` is yes or the quotient is known and at least 1 (k non-zero).
    let Required::When(req) = m.required else { panic!("{:?}", m.required) };
    assert!(req.contains("${b} = 'ja'") && req.contains("${k} != 0") && req.contains("div"), "{req}");
    assert!(m.warnings.is_empty());
}

#[test]
fn surveyjs_uses_notempty_and_contains() {
    let pack = pack();
    let names = pack.form_names();
    let all = vec![true; pack.questions().len()];
    let d = pack.form_logic("h.d", Dialect::SurveyJs, &names, &all).unwrap();
    assert_eq!(d.relevant.as_deref(), Some("{val} empty or {val} contains 'x'"));
    assert_eq!(d.constraint.as_deref(), Some("{date} empty or {d} <= {date}"));
}

#[test]
fn a_pattern_is_a_warning_not_a_translation() {
    let pack = pack();
    let names = pack.form_names();
    let all = vec![true; pack.questions().len()];
    for dialect in [Dialect::XPath, Dialect::SurveyJs] {
        let t = pack.form_logic("h.t", dialect, &names, &all).unwrap();
        assert_eq!(t.constraint, None);
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.warnings[0].question, "h.t");
        assert_eq!(t.warnings[0].rule, RuleKind::Constraint);
        assert!(t.warnings[0].message.en.contains("matches"), "{:?}", t.warnings[0].message);
    }
}

#[test]
fn a_question_left_out_of_the_form_is_unanswered() {
    let pack = pack();
    let names = pack.form_names();
    let mut some = vec![true; pack.questions().len()];
    some[0] = false; // g.n
    let m = pack.form_logic("g.m", Dialect::XPath, &names, &some).unwrap();
    // `g.n > 0` is unknown: only `b` can hide it, and no answer breaks the constraint.
    assert_eq!(m.relevant.as_deref(), Some("${b} != 'ja'"));
    assert_eq!(m.constraint, None);
}

#[test]
fn names_are_unique_and_prefer_the_leaf() {
    let pack = Pack::from_yaml(
        r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - { id: a.antal, type: integer, label: { sv: A, en: A } }
  - { id: b.antal, type: integer, label: { sv: B, en: B } }
  - { id: b.date, type: date, label: { sv: D, en: D } }
  - { id: b.unik, type: integer, label: { sv: U, en: U } }
  - { id: c.a, type: integer, label: { sv: C, en: C } }
"#,
        "t.yaml",
    )
    .unwrap();
    let names = pack.form_names();
    let got: Vec<(&str, &str, &str)> = names.all().iter().map(|n| (n.id.as_str(), n.group.as_str(), n.name.as_str())).collect();
    assert_eq!(got, vec![("a.antal", "a", "a_antal"), ("b.antal", "b", "b_antal"), ("b.date", "b", "b_date"), ("b.unik", "b", "unik"), ("c.a", "c", "c_a")]);
    assert_eq!(names.question("UNIK").map(|n| n.id.as_str()), Some("b.unik"));
}

#[test]
fn dot_of_a_yes_no_question_is_its_answer_not_a_constant() {
    let pack = Pack::from_yaml(
        r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - { id: g.n, type: integer, label: { sv: N, en: N } }
  - { id: g.c, type: bool, label: { sv: C, en: C }, constraint: ". == true", constraint_message: { sv: S, en: E } }
  - { id: g.d, type: bool, label: { sv: D, en: D }, constraint: "not(.) or g.n > 0", constraint_message: { sv: S, en: E } }
  - { id: g.e, type: bool, label: { sv: E, en: E }, constraint: "false != .", constraint_message: { sv: S, en: E } }
"#,
        "t.yaml",
    )
    .unwrap();
    let names = pack.form_names();
    let all = vec![true; pack.questions().len()];
    // A constraint breaks only when its condition is known false: `. == true` on "nej".
    let expect = [
        ("g.c", Dialect::XPath, ". != 'nej'"),
        ("g.c", Dialect::SurveyJs, "{c} != false"),
        ("g.e", Dialect::XPath, ". != 'nej'"),
        ("g.e", Dialect::SurveyJs, "{e} != false"),
        ("g.d", Dialect::XPath, ". != 'ja' or ${n} = '' or ${n} > 0"),
        ("g.d", Dialect::SurveyJs, "{d} != true or {n} empty or {n} > 0"),
    ];
    for (id, dialect, want) in expect {
        let l = pack.form_logic(id, dialect, &names, &all).unwrap();
        assert_eq!(l.constraint.as_deref(), Some(want), "{id} {dialect:?}");
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }
}

#[test]
fn no_question_is_named_as_the_yes_no_list() {
    let pack = Pack::from_yaml(
        r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - id: c.ja_nej
    type: choice
    label: { sv: C, en: C }
    choices:
      - { value: x, label: { sv: X, en: X } }
  - { id: c.ok, type: bool, label: { sv: B, en: B } }
"#,
        "t.yaml",
    )
    .unwrap();
    let names = pack.form_names();
    assert_eq!(names.of("c.ja_nej").map(|n| n.name.as_str()), Some("c_ja_nej"));
}

#[test]
fn days_between_is_whole_days_in_xpath() {
    let pack = Pack::from_yaml(
        r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - { id: g.a, type: date, label: { sv: A, en: A } }
  - { id: g.b, type: date, label: { sv: B, en: B }, constraint: "days_between(g.a, .) <= 30", constraint_message: { sv: S, en: E } }
"#,
        "t.yaml",
    )
    .unwrap();
    let names = pack.form_names();
    let all = vec![true; pack.questions().len()];
    let x = pack.form_logic("g.b", Dialect::XPath, &names, &all).unwrap().constraint.unwrap();
    assert!(x.contains("round(decimal-date-time(.) - decimal-date-time(${a})) <= 30"), "{x}");
    let s = pack.form_logic("g.b", Dialect::SurveyJs, &names, &all).unwrap().constraint.unwrap();
    assert!(s.contains("dateDiff({a}, {b}, 'days') <= 30"), "{s}");
}
