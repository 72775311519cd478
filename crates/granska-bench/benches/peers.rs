//! granska against its peers — datalogic-rs (JSONLogic), cel (CEL) and zen-expression (ZEN) —
//! on the same requirement-shaped expressions over the same report, in one criterion run.
//!
//! Every engine compiles its expression and reads its data once, outside the timed loop, as
//! its documentation recommends; only evaluation is timed:
//!
//! - granska: a one-requirement pack per shape (`Pack::from_yaml`), answers read once, and
//!   `pack.evaluate(&answers, &mut out)` timed — the verdict logic included;
//! - datalogic-rs: `Engine::compile` once, `ParsedData` once, `Session::eval_borrowed` timed
//!   (the session's arena is reset after each evaluation);
//! - cel: `Program::compile` once, a `Context` holding the data once, `Program::execute` timed;
//! - zen-expression: `Isolate::compile_standard` once, the data set as the isolate's
//!   environment once, `Isolate::run_compiled` timed.
//!
//! Before timing, each engine's result is checked against the shape's expected result, so a
//! fast wrong answer cannot enter the table. `scripts/bench.sh` prints the ratio table from
//! criterion's estimates.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use granska::{Pack, Verdict};
use granska_bench::{Expect, SHAPES, one_requirement_pack, peer_data, peer_data_json, report_json};

fn granska_setup(shape: &granska_bench::Shape) -> (Pack, granska::Answers) {
    let yaml = one_requirement_pack(shape.name, shape.granska);
    let pack = match Pack::from_yaml(&yaml, &format!("{}.yaml", shape.name)) {
        Ok(p) => p,
        Err(e) => panic!("shape {}: the granska pack does not load:\n{}", shape.name, e.render(false)),
    };
    let answers = match pack.read_report_json(&report_json()) {
        Ok(a) => a,
        Err(e) => panic!("shape {}: the report does not read: {e}", shape.name),
    };
    assert!(answers.issues().is_empty(), "shape {}: answer issues {:?}", shape.name, answers.issues());
    let mut out = Vec::with_capacity(1);
    pack.evaluate(&answers, &mut out);
    let want = match shape.expect {
        Expect::True => Verdict::Met,
        Expect::Missing => Verdict::Unanswered,
    };
    assert_eq!(out, [want], "shape {}: granska", shape.name);
    (pack, answers)
}

fn peers(c: &mut Criterion) {
    let data_json = peer_data_json();
    let data = peer_data();

    // datalogic-rs: one engine and one parsed document for every shape.
    let dl_engine = datalogic_rs::Engine::new();
    let dl_data = match datalogic_rs::ParsedData::from_json(&data_json) {
        Ok(d) => d,
        Err(e) => panic!("datalogic: the data does not parse: {e}"),
    };
    let mut dl_session = dl_engine.session();

    // cel: one context holding the data's top-level fields as variables.
    let mut cel_context = cel::Context::default();
    if let Some(object) = data.as_object() {
        for (key, value) in object {
            if let Err(e) = cel_context.add_variable(key.clone(), value.clone()) {
                panic!("cel: field {key}: {e:?}");
            }
        }
    }

    // zen: one isolate whose environment is the data.
    let mut zen_isolate = zen_expression::Isolate::with_environment(zen_expression::Variable::from(data.clone()));

    for shape in SHAPES {
        let mut group = c.benchmark_group(shape.name);

        let (pack, answers) = granska_setup(shape);
        let mut out = Vec::with_capacity(1);
        group.bench_function("granska", |b| {
            b.iter(|| {
                pack.evaluate(black_box(&answers), &mut out);
                black_box(&out);
            });
        });

        if let Some(src) = shape.datalogic {
            let logic = match dl_engine.compile(src) {
                Ok(l) => l,
                Err(e) => panic!("shape {}: datalogic does not compile: {e}", shape.name),
            };
            let result = match dl_session.eval_borrowed(&logic, &dl_data) {
                Ok(v) => format!("{v:?}"),
                Err(e) => format!("error: {e}"),
            };
            dl_session.reset();
            check(shape, "datalogic", &result);
            group.bench_function("datalogic", |b| {
                b.iter(|| {
                    let r = dl_session.eval_borrowed(black_box(&logic), &dl_data);
                    black_box(r.is_ok());
                    dl_session.reset();
                });
            });
        }

        if let Some(src) = shape.cel {
            let program = match cel::Program::compile(src) {
                Ok(p) => p,
                Err(e) => panic!("shape {}: cel does not compile: {e:?}", shape.name),
            };
            let result = match program.execute(&cel_context) {
                Ok(v) => format!("{v:?}"),
                Err(e) => format!("error: {e:?}"),
            };
            check(shape, "cel", &result);
            group.bench_function("cel", |b| b.iter(|| black_box(program.execute(black_box(&cel_context)))));
        }

        if let Some(src) = shape.zen {
            let expression = match zen_isolate.compile_standard(src) {
                Ok(e) => e,
                Err(e) => panic!("shape {}: zen does not compile: {e}", shape.name),
            };
            let bytecode = expression.bytecode().clone();
            let result = match zen_isolate.run_compiled(&bytecode) {
                Ok(v) => format!("{v:?}"),
                Err(e) => format!("error: {e}"),
            };
            check(shape, "zen", &result);
            group.bench_function("zen", |b| b.iter(|| black_box(zen_isolate.run_compiled(black_box(&bytecode)).is_ok())));
        }

        group.finish();
    }
}

/// Asserts a peer's result: true for [`Expect::True`]; for [`Expect::Missing`] anything but
/// an error or true (each language has its own idiom for a missing value), printed.
fn check(shape: &granska_bench::Shape, engine: &str, result: &str) {
    let lower = result.to_ascii_lowercase();
    match shape.expect {
        Expect::True => assert!(lower.contains("true") && !lower.contains("error"), "shape {}: {engine} gave {result}", shape.name),
        Expect::Missing => {
            assert!(!lower.contains("true") && !lower.contains("error"), "shape {}: {engine} gave {result}", shape.name);
            eprintln!("shape {}: {engine} gives {result} for the missing answer (granska: unanswered)", shape.name);
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = peers
}
criterion_main!(benches);
