//! Differential tests: the fast evaluator against the plain reference evaluator
//! (`src/testing/reference.rs`) on random well-typed packs — derived values and requirements over
//! questions of every type, lists of records and a multiple choice included — and random
//! answers, some unanswered. They must agree on every derived value and every verdict.
//!
//! The generator is `granska::testing`, shared with the fuzz target
//! `fuzz/fuzz_targets/differential.rs`. Each disagreement found is kept below as a named
//! regression case.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::testing;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, max_shrink_iters: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn fast_and_reference_evaluators_agree(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        if let Err(e) = testing::check_bytes(&bytes) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// A case written by hand: derived values `v0`, `v1`, … over the generator's questions.
fn case(exprs: &[&str], answers: serde_json::Value) -> testing::Case {
    let mut pack = testing::QUESTIONS.to_string();
    pack.push_str("derived:\n");
    for (i, e) in exprs.iter().enumerate() {
        pack.push_str(&format!("  - {{ id: v{i}, expr: {} }}\n", serde_json::to_string(e).unwrap()));
    }
    pack.push_str("requirements:\n");
    pack.push_str("  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, require: \"answered(v0)\" }\n");
    let report = serde_json::json!({ "provider": "P1", "service": "s1", "date": "2017-12-31", "answers": answers });
    testing::Case { pack, report }
}

/// Both evaluators agree on the case, and the reference gives `expected`.
fn agree_on(exprs: &[&str], answers: serde_json::Value, expected: &[testing::RValue]) {
    let c = case(exprs, answers);
    testing::check_case(&c).unwrap();
    let pack = granska::Pack::from_yaml(&c.pack, "case.yaml").unwrap();
    let answers = pack.read_report(&c.report).unwrap();
    assert_eq!(testing::fast_derived_values(&pack, &answers), expected);
}

fn date(y: i32, m: u32, d: u32) -> testing::RValue {
    testing::RValue::Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

#[test]
fn dates_stay_within_the_years_0000_to_9999() {
    use testing::RValue::*;
    agree_on(
        &[
            "year(add_months(9999-12-31, 394))",
            "add_days(9999-12-31, 0)",
            "add_days(0000-01-01, 0)",
            "add_days(9999-12-31, 1)",
            "add_months(0000-01-31, -1)",
            "add_months(2019-01-31, 1)",
        ],
        serde_json::json!({}),
        &[Unknown, date(9999, 12, 31), date(0, 1, 1), Unknown, Unknown, date(2019, 2, 28)],
    );
}

#[test]
fn round_covers_every_i64() {
    use testing::RValue::*;
    agree_on(
        &["round(9219007199254740992.0)", "round(-9223372036854775807.0)", "round(9223372036854775807.0)", "round(2.5)", "round(-2.5)"],
        serde_json::json!({}),
        &[Int(9_219_007_199_254_740_992), Int(i64::MIN), Unknown, Int(3), Int(-3)],
    );
}

#[test]
fn integer_overflow_gives_the_nearest_number() {
    use testing::RValue::*;
    agree_on(
        &["9007199254740993 * 9999", "9223372036854775807 + 1", "-(-9223372036854775807 - 1)", "abs(-9223372036854775807 - 1)"],
        serde_json::json!({}),
        &[Num(90_062_985_348_155_189_007_i128 as f64), Num(9_223_372_036_854_775_808.0), Num(9_223_372_036_854_775_808.0), Num(9_223_372_036_854_775_808.0)],
    );
}

#[test]
fn a_sum_that_overflows_is_unknown() {
    use testing::RValue::*;
    agree_on(
        &["sum(p in l2, n1)", "sum(n1, n1, 1)", "sum(p in l2, 1)", "n1 * 2"],
        serde_json::json!({ "n1": 1.7976931348623157e308, "l2": [{}, {}] }),
        &[Unknown, Unknown, Int(2), Unknown],
    );
}
