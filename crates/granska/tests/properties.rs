//! Property tests: printing a parsed expression and parsing it again gives the same tree,
//! and evaluation never panics whatever the answers.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{Pack, Raw, ReportMeta};
use proptest::prelude::*;

/// Random expressions as source text, over a small vocabulary of names.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(|b| b.to_string()),
        (-1000i64..1000).prop_map(|i| i.to_string()),
        (0u32..10_000).prop_map(|n| format!("{}.{}", n / 100, n % 100)),
        (1990i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        "[a-z]{1,6}".prop_map(|s| format!("\"{s}\"")),
        prop_oneof![Just("a"), Just("n"), Just("x.y"), Just("d"), Just("t")].prop_map(str::to_string),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop_oneof![Just("and"), Just("or"), Just("=="), Just("!="), Just("<"), Just("<="), Just(">"), Just(">="), Just("+"), Just("-"), Just("*"), Just("/")],
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, a, b)| format!("if {c} then {a} else {b}")),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3)).prop_map(|(a, l)| format!("({a}) in [{}]", l.join(", "))),
            (prop_oneof![Just("coalesce"), Just("min"), Just("max"), Just("sum"), Just("answered")], prop::collection::vec(inner.clone(), 1..3))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            inner.clone().prop_map(|a| format!("any(p in lista, p.ok and ({a}))")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(text in expression()) {
        let printed = granska::format_expression(&text).expect("generated expressions parse");
        let same = granska::same_expression(&text, &printed);
        prop_assert_eq!(same, Ok(true), "printed as {}", printed);
        // Printing is a fixed point.
        prop_assert_eq!(granska::format_expression(&printed), Ok(printed.clone()));
    }
}

const PACK: &str = r#"
pack: { id: prop, title: { sv: P, en: P } }
questions:
  - { id: a, type: bool, label: { sv: A, en: A } }
  - { id: n, type: integer, label: { sv: N, en: N }, min: -1000000, max: 1000000 }
  - { id: x.y, type: number, label: { sv: X, en: X } }
  - { id: d, type: date, label: { sv: D, en: D } }
  - { id: t, type: text, label: { sv: T, en: T } }
  - { id: m, type: choice, multiple: true, label: { sv: M, en: M },
      choices: [ { value: adad, label: { sv: ADAD, en: ADAD } }, { value: asi, label: { sv: ASI, en: ASI } } ] }
  - id: lista
    type: list
    label: { sv: L, en: L }
    fields:
      - { id: ok, type: bool, label: { sv: OK, en: OK } }
      - { id: dygn, type: integer, label: { sv: Dygn, en: Days } }
derived:
  - { id: kvot, expr: "x.y / n" }
requirements:
  - { id: r1, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: "a and n > 0", message: { sv: M, en: M } }
  - { id: r2, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: "kvot >= 0.5 or not a", message: { sv: "{kvot}", en: M } }
  - { id: r3, title: { sv: R, en: R }, source: S, severity: bor, area: effektivitet, applies: "answered(d)", require: "months_between(d, report_date()) <= 24 and add_months(d, n) > d", message: { sv: M, en: M } }
  - { id: r4, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: "all(p in lista, p.ok) and sum(p in lista, p.dygn) < 100 and count(p in lista, p.dygn > 3) >= 0", message: { sv: M, en: M } }
  - { id: r5, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: "\"adad\" in m and len(t) < 10 and matches(t, \"^[a-z]+$\") and days_between(d, add_days(d, n)) == n", message: { sv: M, en: M } }
"#;

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Ja".to_string()),
        Just("nej".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("99999999999999999999".to_string()),
        Just("2019-02-30".to_string()),
        Just("adad|asi".to_string()),
        Just("[{\"ok\": true, \"dygn\": 5}, {\"ok\": null}]".to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|f| f.to_string().replace('.', ",")),
        (1900i32..2100, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        ".{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics(cells in prop::collection::vec(cell(), 8), date in (1900i32..2100, 1u32..13, 1u32..29)) {
        let pack = Pack::from_yaml(PACK, "prop.yaml").expect("the property pack loads");
        let meta = ReportMeta { provider: "P".into(), service: "x".into(), date: format!("{:04}-{:02}-{:02}", date.0, date.1, date.2), ..ReportMeta::default() };
        let mut builder = pack.answers(meta).expect("meta is valid");
        for (q, c) in ["a", "n", "x.y", "d", "t", "m", "lista", "a"].iter().zip(&cells) {
            builder.set(q, Raw::Cell(c));
        }
        let answers = builder.finish();
        let report = pack.check(&answers);
        prop_assert_eq!(report.verdicts.len(), 5);
        let _ = pack.form_state(&answers);
        let json = serde_json::to_string(&report).expect("reports serialise");
        prop_assert!(json.contains("\"verdicts\""));
    }
}
