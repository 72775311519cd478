//! A loop to profile under valgrind's callgrind: evaluates one benchmark shape `N` times in
//! one engine (`granska`, `datalogic`, `cel`, `zen`), set up as in `benches/peers.rs`; or,
//! with the shape `builtin`, every example report against the built-in pack (granska only);
//! with the engine `check`, `Pack::check` of every example report against the built-in pack;
//! or, with the engine `load`, loads and checks the built-in pack file SHAPE (`granska.yaml`).
//! Instructions per evaluation are the difference of two runs with different `N`, divided by
//! the difference of `N`: setup cancels out (`scripts/bench.sh --instructions` does this).
//!
//! `valgrind --tool=callgrind target/release/examples/profile ENGINE SHAPE N`

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

use std::hint::black_box;

use granska::Pack;
use granska_bench::{SHAPES, example_reports, one_requirement_pack, peer_data, peer_data_json, read_example, report_json};

fn main() {
    let mut args = std::env::args().skip(1);
    let engine = args.next().unwrap_or_else(|| "granska".into());
    let which = args.next().unwrap_or_else(|| "yes_no".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    if engine == "load" {
        for _ in 0..n {
            black_box(Pack::builtin_file(black_box(&which)).is_ok());
        }
        println!("load {which}: {n} times");
        return;
    }
    if engine == "check" {
        // `Pack::check` (full reports with explanations) of every example report.
        let pack = Pack::builtin().unwrap_or_else(|e| panic!("{}", e.render(false)));
        let answers: Vec<_> = example_reports().iter().filter_map(|(name, text)| read_example(&pack, name, text).ok()).collect();
        for _ in 0..n {
            for a in &answers {
                black_box(pack.check(black_box(a)));
            }
        }
        println!("check: {n} × {} reports", answers.len());
        return;
    }
    if which == "builtin" {
        let pack = Pack::builtin().unwrap_or_else(|e| panic!("{}", e.render(false)));
        let answers: Vec<_> = example_reports().iter().filter_map(|(name, text)| read_example(&pack, name, text).ok()).collect();
        let mut out = Vec::with_capacity(pack.requirements().len());
        for _ in 0..n {
            for a in &answers {
                pack.evaluate(black_box(a), &mut out);
                black_box(&out);
            }
        }
        println!("builtin: {n} × {} reports", answers.len());
        return;
    }
    let shape = SHAPES.iter().find(|s| s.name == which).unwrap_or_else(|| panic!("no shape {which}"));
    match engine.as_str() {
        "granska" => {
            let pack = Pack::from_yaml(&one_requirement_pack(shape.name, shape.granska), "p.yaml").unwrap_or_else(|e| panic!("{}", e.render(false)));
            let answers = pack.read_report_json(&report_json()).unwrap_or_else(|e| panic!("{e}"));
            let mut out = Vec::with_capacity(1);
            for _ in 0..n {
                pack.evaluate(black_box(&answers), &mut out);
                black_box(&out);
            }
        }
        "datalogic" => {
            let Some(src) = shape.datalogic else { return };
            let engine = datalogic_rs::Engine::new();
            let data = datalogic_rs::ParsedData::from_json(&peer_data_json()).unwrap_or_else(|e| panic!("{e}"));
            let logic = engine.compile(src).unwrap_or_else(|e| panic!("{e}"));
            let mut session = engine.session();
            for _ in 0..n {
                let r = session.eval_borrowed(black_box(&logic), &data);
                black_box(r.is_ok());
                session.reset();
            }
        }
        "cel" => {
            let Some(src) = shape.cel else { return };
            let mut context = cel::Context::default();
            if let Some(object) = peer_data().as_object() {
                for (k, v) in object {
                    context.add_variable(k.clone(), v.clone()).unwrap_or_else(|e| panic!("{e:?}"));
                }
            }
            let program = cel::Program::compile(src).unwrap_or_else(|e| panic!("{e:?}"));
            for _ in 0..n {
                let _ = black_box(program.execute(black_box(&context)));
            }
        }
        "zen" => {
            let Some(src) = shape.zen else { return };
            let mut isolate = zen_expression::Isolate::with_environment(zen_expression::Variable::from(peer_data()));
            let expression = isolate.compile_standard(src).unwrap_or_else(|e| panic!("{e}"));
            let bytecode = expression.bytecode().clone();
            for _ in 0..n {
                black_box(isolate.run_compiled(black_box(&bytecode)).is_ok());
            }
        }
        other => panic!("unknown engine {other}"),
    }
    println!("{engine} {which}: {n} evaluations");
}
