//! Diagnostics point at the exact place in the YAML file, whatever the scalar style the
//! expression is written in: a property test places an unknown name after a random prefix
//! (texts with quotes, backslashes and non-ASCII letters) in plain, multi-line plain,
//! single-quoted, double-quoted (with escapes and escaped line breaks), literal and folded
//! scalars, and checks the line and column of the error against where the name was written.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::Pack;
use proptest::prelude::*;

/// One piece of the prefix: an expression that loads, in expression syntax.
fn piece() -> impl Strategy<Value = String> {
    let text = prop::collection::vec(prop::sample::select(vec!["a", "å", "é", "'", "\\\"", "\\\\", "x", "\\t", "ö"]), 0..6).prop_map(|parts| parts.concat());
    (text, any::<bool>()).prop_map(|(t, single)| if single && !t.contains('\'') { format!("len('{}') >= 0", t.replace("\\\"", "\"")) } else { format!("len(\"{t}\") >= 0") })
}

#[derive(Clone, Copy, Debug)]
enum Style {
    Plain,
    PlainLines,
    Single,
    SingleLines,
    Double,
    DoubleEscapes,
    DoubleBreaks,
    Literal,
    Folded,
}

const INDENT: &str = "      ";

/// The `require:` value for `expr` written in `style` (the text after `require:`).
fn encode(expr_parts: &[String], style: Style) -> Option<String> {
    let one_line = expr_parts.join(" and ");
    let lines = expr_parts.join(&format!("\n{INDENT}and "));
    Some(match style {
        Style::Plain => {
            // A plain scalar cannot hold `: `, ` #` or start with a quote.
            if one_line.contains(": ") || one_line.contains(" #") {
                return None;
            }
            format!(" {one_line}")
        }
        Style::PlainLines => {
            if lines.contains(": ") || lines.contains(" #") {
                return None;
            }
            format!(" {lines}")
        }
        Style::Single => format!(" '{}'", one_line.replace('\'', "''")),
        Style::SingleLines => format!(" '{}'", lines.replace('\'', "''")),
        Style::Double => format!(" \"{}\"", one_line.replace('\\', "\\\\").replace('"', "\\\"")),
        Style::DoubleEscapes => {
            let escaped = one_line.replace('\\', "\\\\").replace('"', "\\\"").replace('å', "\\u00e5").replace('é', "\\xe9").replace('ö', "\\U000000f6");
            format!(" \"{escaped}\"")
        }
        Style::DoubleBreaks => {
            let parts: Vec<String> = expr_parts.iter().map(|p| p.replace('\\', "\\\\").replace('"', "\\\"")).collect();
            format!(" \"{}\"", parts.join(&format!(" and \\\n{INDENT}")))
        }
        Style::Literal => format!(" |\n{INDENT}{one_line}"),
        Style::Folded => format!(" >\n{INDENT}{}", expr_parts.join(&format!("\n{INDENT}and "))),
    })
}

fn pack_text(require: &str) -> String {
    format!(
        "pack: {{ id: p, title: {{ sv: P, en: P }} }}\nservices: [{{ id: s, label: {{ sv: S, en: S }} }}]\nquestions:\n  - {{ id: fraga, type: integer, label: {{ sv: F, en: Q }} }}\nrequirements:\n  - id: r\n    title: {{ sv: R, en: R }}\n    source: \"Test\"\n    severity: krav\n    area: trygghet\n    require:{require}\n    message: {{ sv: M, en: M }}\n"
    )
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u32, before[start..].chars().count() as u32 + 1)
}

fn check(parts: &[String], style: Style) -> Result<(), TestCaseError> {
    let mut all = parts.to_vec();
    all.push("okand_fraga == 1".into());
    let Some(require) = encode(&all, style) else { return Ok(()) };
    let text = pack_text(&require);
    let Err(err) = Pack::from_yaml(&text, "p.yaml") else { return Err(TestCaseError::fail(format!("loaded:\n{text}"))) };
    let d = err.diagnostics.iter().find(|d| d.code == "unknown-name").ok_or_else(|| TestCaseError::fail(format!("{}\n{text}", err.render(false))))?;
    let at = text.find("okand_fraga").expect("written once");
    prop_assert_eq!((d.line, d.column), line_column(&text, at), "{:?}:\n{}\n{}", style, text, err.render(false));
    prop_assert_eq!(&text[d.range.clone()], "okand_fraga", "{:?}:\n{}", style, text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn an_unknown_name_is_located_in_every_scalar_style(parts in prop::collection::vec(piece(), 0..4)) {
        for style in [Style::Plain, Style::PlainLines, Style::Single, Style::SingleLines, Style::Double, Style::DoubleEscapes, Style::DoubleBreaks, Style::Literal, Style::Folded] {
            check(&parts, style)?;
        }
    }
}

#[test]
fn the_issue_examples() {
    // `''` and `\"` before the name used to move the caret left by one per escape.
    for require in [" 'len(''a'') > 0 and len(''b'') > 0 and okand_fraga == 1'", " \"len(\\\"a\\\") > 0 and len(\\\"\\\\\\\\\\\") > 0 and okand_fraga == 1\""] {
        let text = pack_text(require);
        let err = Pack::from_yaml(&text, "p.yaml").expect_err("unknown name");
        let d = err.diagnostics.iter().find(|d| d.code == "unknown-name").expect("located");
        assert_eq!((d.line, d.column), line_column(&text, text.find("okand_fraga").unwrap()), "{}", err.render(false));
    }
}
