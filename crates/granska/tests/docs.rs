//! The docs that are generated from the engine, compared with what is committed, so that they
//! cannot drift: the function table of `docs/language.md` is rendered from the table of
//! built-in functions the checker and the evaluators read.
//!
//! `BLESS=1 cargo test -p granska --test docs` rewrites the generated sections (review the
//! diff).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

fn docs(page: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(page)
}

/// Checks (or with `BLESS` rewrites) the section of `page` between
/// `<!-- BEGIN GENERATED: name … -->` and `<!-- END GENERATED: name -->`.
fn check_section(page: &str, name: &str, generated: &str) {
    let path = docs(page);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    let begin = format!("<!-- BEGIN GENERATED: {name} ");
    let end = format!("<!-- END GENERATED: {name} -->");
    let start = text.find(&begin).unwrap_or_else(|| panic!("{page} has no `{begin}…-->` line"));
    let start = start + text[start..].find('\n').map_or(text.len() - start, |i| i + 1);
    let stop = text[start..].find(&end).map(|i| start + i).unwrap_or_else(|| panic!("{page} has no `{end}` after the `{begin}` line"));
    let committed = &text[start..stop];
    if std::env::var_os("BLESS").is_some() {
        let rewritten = format!("{}{generated}{}", &text[..start], &text[stop..]);
        std::fs::write(&path, rewritten).unwrap_or_else(|e| panic!("{} cannot be written: {e}", path.display()));
        return;
    }
    assert!(
        committed == generated,
        "the `{name}` section of docs/{page} differs from what the engine generates (BLESS=1 to rewrite it):\n=== committed:\n{committed}=== generated:\n{generated}"
    );
}

#[test]
fn function_table_is_the_engines() {
    check_section("language.md", "functions", &granska::testing::function_table());
}
