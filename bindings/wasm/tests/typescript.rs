//! The TypeScript declarations of the pack's model (services, questions, requirements, pack
//! info) and of the report and form-state types, generated from the Rust
//! types (ts-rs), match the committed `src/generated.d.ts` that the package's `.d.ts`
//! includes: a field added, renamed or retyped in Rust fails this test until the file is
//! regenerated with `BLESS=1 cargo test -p granska-wasm --test typescript`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{
    Choice, CitedSource, Counts, Explanation, Field, FormState, FormVerdict, IssueCode, PackInfo, PackRef, QualityArea, Question, QuestionType, Read, Report, Requirement,
    RequirementVerdict, Service, Severity, Text, Undecided, Verdict,
};
use ts_rs::{Config, TS};

/// One declaration, exported, with its Rust doc comment.
fn declaration<T: TS>(cfg: &Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

fn generated() -> String {
    let cfg = Config::new();
    let mut out = String::from(
        "// Generated from the Rust types by bindings/wasm/tests/typescript.rs (ts-rs): do not edit.\n\
         // Regenerate with `BLESS=1 cargo test -p granska-wasm --test typescript`.\n\n",
    );
    for decl in [
        declaration::<Text>(&cfg),
        declaration::<Verdict>(&cfg),
        declaration::<Severity>(&cfg),
        declaration::<QualityArea>(&cfg),
        declaration::<QuestionType>(&cfg),
        declaration::<Service>(&cfg),
        declaration::<Choice>(&cfg),
        declaration::<Field>(&cfg),
        declaration::<Question>(&cfg),
        declaration::<CitedSource>(&cfg),
        declaration::<Requirement>(&cfg),
        declaration::<PackRef>(&cfg),
        declaration::<PackInfo>(&cfg),
        declaration::<Counts>(&cfg),
        declaration::<Read>(&cfg),
        declaration::<Explanation>(&cfg),
        declaration::<RequirementVerdict>(&cfg),
        declaration::<Report>(&cfg),
        declaration::<FormVerdict>(&cfg),
        declaration::<Undecided>(&cfg),
        declaration::<FormState>(&cfg),
    ] {
        out.push_str(&decl);
        out.push('\n');
    }
    // The issue codes, from the engine's enum: a code added in Rust is in the union.
    let codes: Vec<String> = IssueCode::ALL.iter().map(|c| format!("\"{}\"", c.as_str())).collect();
    out.push_str("/** A stable code of a problem with an answer (`granska::IssueCode`). */\n");
    out.push_str(&format!("export type IssueCode = {} | (string & {{}});\n", codes.join(" | ")));
    // The kinds of a compiled pack that does not load, from the engine's list: a kind added
    // in Rust is in the union.
    let kinds: Vec<String> = granska::CompiledPackError::KINDS.iter().map(|k| format!("\"{k}\"")).collect();
    out.push_str("\n/** Why a compiled pack does not load (`granska::CompiledPackError::kind`). */\n");
    out.push_str(&format!("export type CompiledPackErrorKind = {};\n", kinds.join(" | ")));
    out
}

#[test]
fn the_committed_declarations_are_the_generated_ones() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated.d.ts");
    let actual = generated();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &actual).expect("write src/generated.d.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == actual,
        "bindings/wasm/src/generated.d.ts differs from the Rust types; run BLESS=1 cargo test -p granska-wasm --test typescript\n--- generated ---\n{actual}"
    );
}
