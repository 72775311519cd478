//! A loop to count under valgrind's callgrind, with granska built as a program that depends
//! on granska alone builds it (no peer engine's features unified into its dependencies, so
//! `regex` has exactly the features granska asks for):
//!
//! - `evaluate N`: `Pack::evaluate` of the example report `heldygnsvard-ok` against the
//!   built-in pack, `N` times;
//! - `check N`: `Pack::check` of that report (the full report, explanations included);
//! - `check-all N`: `Pack::check` of every example report;
//! - `check-many N`: `Pack::check_many` of every example report;
//! - `load N`: loads and checks the built-in pack;
//! - `expr 'EXPR' N`: `Pack::evaluate` of a one-requirement pack whose requirement is
//!   `EXPR`, over the records of [`LOOP_REPORT`] (the loop shapes of the engine bench).
//!
//! Instructions per iteration are the difference of two runs with different `N`, divided by
//! the difference of `N`: setup cancels out.
//!
//! `cargo build --profile bench -p granska --example profile` and
//! `valgrind --tool=callgrind $CARGO_TARGET_DIR/release/examples/profile evaluate 1000`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

use std::hint::black_box;
use std::path::PathBuf;

use granska::{Answers, Pack};

/// The questions of the loop and regex shapes: one list of five records with numbers and
/// yes/no fields, and a text. Shared in spirit with `benches/engine.rs` (`shape_pack`).
const QUESTIONS: &str = r#"
questions:
  - id: personal.nyanstallda
    type: list
    label: { sv: Nyanställda, en: New hires }
    fields:
      - { id: registerutdrag, type: bool, label: { sv: Registerutdrag, en: Criminal record check } }
      - { id: timmar, type: integer, label: { sv: Utbildningstimmar, en: Training hours } }
      - { id: handledning, type: integer, label: { sv: Handledningstimmar, en: Supervision hours } }
  - id: verksamhet.orgnr
    type: text
    label: { sv: Organisationsnummer, en: Organisation number }
"#;

/// The report the loop shapes read: five records; `timmar` reaches 40 in the 4th only.
const LOOP_REPORT: &str = r#"{"provider": "B-1", "service": "heldygnsvard", "date": "2017-12-31", "answers": {
  "personal": {"nyanstallda": [
    {"registerutdrag": true, "timmar": 12, "handledning": 4},
    {"registerutdrag": true, "timmar": 8, "handledning": 6},
    {"registerutdrag": true, "timmar": 20, "handledning": 2},
    {"registerutdrag": true, "timmar": 40, "handledning": 10},
    {"registerutdrag": true, "timmar": 16, "handledning": 8}]},
  "verksamhet": {"orgnr": "556677-8899"}}}"#;

fn example(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn examples(pack: &Pack) -> Vec<Answers> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect();
    names.sort();
    names.iter().filter_map(|p| pack.read_report_yaml(&std::fs::read_to_string(p).ok()?).ok()).collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "evaluate".into());
    let expr = if mode == "expr" { args.next().unwrap_or_else(|| "true".into()) } else { String::new() };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    match mode.as_str() {
        "load" => {
            for _ in 0..n {
                black_box(Pack::builtin_file(black_box("granska.yaml")).is_ok());
            }
        }
        "evaluate" | "check" => {
            let pack = Pack::builtin().unwrap_or_else(|e| panic!("{}", e.render(false)));
            let answers = pack.read_report_yaml(&example("heldygnsvard-ok.yaml")).unwrap();
            let mut out = Vec::with_capacity(pack.requirements().len());
            for _ in 0..n {
                if mode == "check" {
                    black_box(pack.check(black_box(&answers)));
                } else {
                    pack.evaluate(black_box(&answers), &mut out);
                    black_box(&out);
                }
            }
        }
        "check-all" | "check-many" => {
            let pack = Pack::builtin().unwrap_or_else(|e| panic!("{}", e.render(false)));
            let answers = examples(&pack);
            for _ in 0..n {
                if mode == "check-many" {
                    black_box(pack.check_many(black_box(&answers)));
                } else {
                    for a in &answers {
                        black_box(pack.check(black_box(a)));
                    }
                }
            }
        }
        "expr" => {
            let require = expr.replace('\'', "''");
            let yaml = format!(
                "pack: {{ id: profile, title: {{ sv: Mätning, en: Benchmark }} }}\n{QUESTIONS}\nrequirements:\n  - id: shape\n    title: {{ sv: Krav, en: Requirement }}\n    source: Bench\n    severity: krav\n    area: trygghet\n    require: '{require}'\n    message: {{ sv: Ej uppfyllt., en: Not met. }}\n"
            );
            let pack = Pack::from_yaml(&yaml, "profile.yaml").unwrap_or_else(|e| panic!("{}", e.render(false)));
            let answers = pack.read_report_json(LOOP_REPORT).unwrap_or_else(|e| panic!("{e}"));
            let mut out = Vec::with_capacity(1);
            pack.evaluate(&answers, &mut out);
            println!("{expr}: {out:?}");
            for _ in 0..n {
                pack.evaluate(black_box(&answers), &mut out);
                black_box(&out);
            }
        }
        other => panic!("unknown mode {other}"),
    }
}
