//! Regression cases found by fuzzing (`scripts/fuzz.sh`, targets in `fuzz/`), one test per
//! target, each input kept as the fuzzer found it (or minimised) with what went wrong.
//! Inputs that are whole files live in `tests/bad-input/` instead.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

/// The `parse_expression` target's property: printing a parsed expression and parsing it
/// again gives the same tree, and printing is a fixed point.
fn round_trips(text: &str) {
    let printed = granska::format_expression(text).unwrap_or_else(|e| panic!("{text:?} does not parse: {e}"));
    assert_eq!(granska::same_expression(text, &printed), Ok(true), "{text:?} printed as {printed:?}");
    assert_eq!(granska::format_expression(&printed).as_deref(), Ok(printed.as_str()), "printing {text:?} is not a fixed point");
}

#[test]
fn parse_expression() {
    // `- - 0` folded one negation into the literal 0 (-0 is 0) and printed as `-0`, which
    // parsed back as the plain literal 0: one negation lost. (Now every negation of a number
    // literal folds into it.)
    round_trips("- - - 1- - - 0");
    round_trips("- - 0");
    round_trips("-0");
    round_trips("- - 0.0");
    // Brackets fold too: `-(-(01))` became the literal 1, then one more `-` of the two
    // before it folded, leaving a negation of the literal 1 — printed `-1`, a literal.
    round_trips("out-(-  -(-(01)))");
    round_trips("- -(-(1))");
    round_trips("-(-(-(2.5)))");
    // A whole number of 1e15 or more printed without its decimal point (`{}` of an f64
    // writes every digit), which read back as an integer too large for an i64.
    round_trips("-- -  -55555555555555555555555550.15");
    round_trips("100000000000000000000.0 > 1.5");
    round_trips("1000000000000000.0");

    // Exponential backtracking: `any(…)` was tried with a binding, then again as a plain
    // call, so on a failure each nested call was parsed twice (this took minutes).
    let nested = "- e---any(p in l, all(q in any(p in l, all(q in l,(p(q in---any(p in l, al---any(p in l, all(q in any(p in l, all(q in l,(p(q in---any(p in l, all(q in any(p in l, all(q in l,(p(q in---any(p in l, all(q in any(p in l, all(q in  l, alll(q in any(p in l, all(q in  l, all(q in any(p in l, all(q in l,(p(q in---any(p in l, all(q in any(p in l, all(q in l,(p(q ";
    assert!(granska::format_expression(nested).is_err());
    let deep = format!("{}x{}", "any(p in l, ".repeat(40), ")".repeat(39));
    assert!(granska::format_expression(&deep).is_err());
    round_trips("any(p in l, all(q in m, p.a == q.b)) and count(l) > 0 and count(p in l, p.ok) > 1 and sum(1, 2) > min(3, 4)");
    round_trips("count(p in l) + sum(x in m1, 2) > 0");
    // …and a binding followed by its comma and no argument is a membership argument, as
    // it was before (the fix first made it a binding with no body, printed without comma).
    round_trips("count(p in l,) >= 2");
    round_trips("any(p in l , ) or all(q in l, q.ok,)");
}
