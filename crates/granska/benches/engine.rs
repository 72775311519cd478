//! Criterion benchmarks of the core engine (issues 2 and 7):
//!
//! - `load/builtin`: load and check the built-in pack (every file parsed, every expression
//!   type-checked and compiled), and `load/heldygnsvard`, one contract pack with its law and
//!   common packs; `load/builtin_compiled`, the built-in pack read from its compiled form
//!   (`Pack::from_compiled`);
//! - `evaluate/…`: the verdicts of one report, with `Pack::evaluate` into a pre-sized
//!   vector, against the whole built-in pack and against the heldygnsvård contract pack;
//!   `evaluate/builtin/examples` evaluates every example report once per iteration;
//! - `check/builtin/…`: one report's full [`granska::Report`], explanations included, and
//!   every example report once per iteration;
//! - `batch/evaluate_many_100k`: 100,000 reports evaluated in parallel with
//!   `Pack::evaluate_many`;
//! - `read/json/…`: one report file's JSON text read into answers (`Pack::read_report_json`,
//!   as `checkJson` and the CLI read it), `heldygnsvard-ok` and every example report;
//! - `form/one_change`: the form state after one answer changes (read the answers again
//!   with the change, then `Pack::form_state`), as the questionnaire does on each edit;
//! - `shape/…`: one-requirement packs over five records — comparisons and arithmetic in
//!   `all`/`any`/`count` bodies — and `shape/matches`, a regular expression, with granska
//!   built as a program that depends on granska alone builds it (this crate's bench gets
//!   no peer engine's `regex` features through feature unification; the peer comparison in
//!   `granska-bench` does).
//!
//! Run with `cargo bench -p granska --bench engine`; `scripts/bench.sh` runs it with the
//! peer comparison and prints every figure.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use granska::{Answers, Pack};

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports")
}

/// Every example report: (file name, YAML text), sorted by name.
fn example_reports() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(examples_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    out.sort();
    out
}

fn load_pack(file: &str) -> Pack {
    match Pack::builtin_file(file) {
        Ok(p) => p,
        Err(e) => panic!("the built-in pack {file} does not load:\n{}", e.render(false)),
    }
}

fn read_all(pack: &Pack) -> Vec<(String, Answers)> {
    example_reports()
        .into_iter()
        .filter_map(|(name, text)| match pack.read_report_yaml(&text) {
            Ok(a) => Some((name, a)),
            Err(_) => None,
        })
        .collect()
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.bench_function("builtin", |b| b.iter(|| black_box(load_pack(black_box("granska.yaml")))));
    group.bench_function("heldygnsvard", |b| b.iter(|| black_box(load_pack(black_box("contract/heldygnsvard.yaml")))));
    // The same pack from its compiled form: no YAML, pest or checker; the checksum, the
    // payload, the patterns built again, the references checked and the content hash.
    let compiled = load_pack("granska.yaml").to_compiled();
    group.bench_function("builtin_compiled", |b| b.iter(|| black_box(Pack::from_compiled(black_box(&compiled)).unwrap())));
    group.finish();
}

fn evaluate(c: &mut Criterion) {
    let builtin = load_pack("granska.yaml");
    let contract = load_pack("contract/heldygnsvard.yaml");
    let reports = read_all(&builtin);
    assert!(!reports.is_empty(), "no example reports under {}", examples_dir().display());
    let one = match reports.iter().find(|(n, _)| n == "heldygnsvard-ok.yaml") {
        Some((_, a)) => a.clone(),
        None => reports[0].1.clone(),
    };
    let one_contract = match example_reports().into_iter().find(|(n, _)| n == "heldygnsvard-ok.yaml") {
        Some((_, text)) => contract.read_report_yaml(&text).ok(),
        None => None,
    };

    let mut group = c.benchmark_group("evaluate");
    let mut out = Vec::with_capacity(builtin.requirements().len());
    group.bench_function("builtin/heldygnsvard-ok", |b| {
        b.iter(|| {
            builtin.evaluate(black_box(&one), &mut out);
            black_box(&out);
        });
    });
    group.throughput(Throughput::Elements(reports.len() as u64));
    group.bench_function("builtin/examples", |b| {
        b.iter(|| {
            for (_, a) in &reports {
                builtin.evaluate(black_box(a), &mut out);
                black_box(&out);
            }
        });
    });
    group.throughput(Throughput::Elements(1));
    if let Some(a) = one_contract {
        let mut out = Vec::with_capacity(contract.requirements().len());
        group.bench_function("heldygnsvard/heldygnsvard-ok", |b| {
            b.iter(|| {
                contract.evaluate(black_box(&a), &mut out);
                black_box(&out);
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    group.bench_function("builtin/heldygnsvard-ok", |b| b.iter(|| black_box(builtin.check(black_box(&one)))));
    let all: Vec<Answers> = reports.iter().map(|(_, a)| a.clone()).collect();
    group.throughput(Throughput::Elements(all.len() as u64));
    group.bench_function("builtin/examples", |b| {
        b.iter(|| {
            for a in &all {
                black_box(builtin.check(black_box(a)));
            }
        });
    });
    group.finish();
}

fn read(c: &mut Criterion) {
    let pack = load_pack("granska.yaml");
    // The example reports as JSON text, as a page or a file sends them.
    let texts: Vec<(String, String)> =
        example_reports().into_iter().filter_map(|(name, yaml)| Some((name, serde_json::to_string(&serde_saphyr::from_str::<serde_json::Value>(&yaml).ok()?).ok()?))).collect();
    assert!(!texts.is_empty(), "no example reports under {}", examples_dir().display());
    let one = texts.iter().find(|(n, _)| n == "heldygnsvard-ok.yaml").unwrap_or(&texts[0]).1.clone();
    let mut group = c.benchmark_group("read");
    group.bench_function("json/heldygnsvard-ok", |b| b.iter(|| black_box(pack.read_report_json(black_box(&one)).unwrap())));
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("json/examples", |b| {
        b.iter(|| {
            for (_, text) in &texts {
                let _ = black_box(pack.read_report_json(black_box(text)));
            }
        });
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    const N: usize = 100_000;
    let pack = load_pack("granska.yaml");
    let reports = read_all(&pack);
    let many: Vec<Answers> = reports.iter().map(|(_, a)| a.clone()).cycle().take(N).collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("evaluate_many_100k", |b| b.iter(|| black_box(pack.evaluate_many(black_box(&many)))));
    group.finish();
}

fn form(c: &mut Criterion) {
    let pack = load_pack("granska.yaml");
    let Some((_, text)) = example_reports().into_iter().find(|(n, _)| n == "heldygnsvard-ok.yaml") else { return };
    let Ok(serde_json::Value::Object(mut report)) = serde_saphyr::from_str::<serde_json::Value>(&text) else { return };
    // The questionnaire holds the answers as a JSON object and sends them again on each edit.
    let mut flip = false;
    let mut group = c.benchmark_group("form");
    group.bench_function("one_change", |b| {
        b.iter_batched(
            || {
                flip = !flip;
                if let Some(serde_json::Value::Object(answers)) = report.get_mut("answers") {
                    answers.insert("personal.antal".into(), serde_json::Value::from(if flip { 7 } else { 8 }));
                }
                serde_json::Value::Object(report.clone())
            },
            |value| {
                let answers = pack.read_report(&value);
                black_box(answers.map(|a| pack.form_state(&a)))
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// The questions of the `shape/…` packs: five records with numbers and yes/no fields, and a
/// text (the same as `examples/profile.rs`, which counts their instructions).
const SHAPE_QUESTIONS: &str = r#"
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

/// The report of the `shape/…` packs: `timmar` reaches 40 in the 4th record only.
const SHAPE_REPORT: &str = r#"{"provider": "B-1", "service": "heldygnsvard", "date": "2017-12-31", "answers": {
  "personal": {"nyanstallda": [
    {"registerutdrag": true, "timmar": 12, "handledning": 4},
    {"registerutdrag": true, "timmar": 8, "handledning": 6},
    {"registerutdrag": true, "timmar": 20, "handledning": 2},
    {"registerutdrag": true, "timmar": 40, "handledning": 10},
    {"registerutdrag": true, "timmar": 16, "handledning": 8}]},
  "verksamhet": {"orgnr": "556677-8899"}}}"#;

/// (name, expression): each is met by [`SHAPE_REPORT`].
const SHAPES: &[(&str, &str)] = &[
    ("all_cmp", "all(p in personal.nyanstallda, p.timmar >= 1)"),
    ("any_cmp", "any(p in personal.nyanstallda, p.timmar >= 40)"),
    ("count_cmp", "count(p in personal.nyanstallda, p.timmar >= 10) >= 2"),
    ("all_arith", "all(p in personal.nyanstallda, p.timmar + p.handledning >= 10)"),
    ("all_and", "all(p in personal.nyanstallda, p.registerutdrag and p.timmar >= 1)"),
    ("matches", r#"matches(verksamhet.orgnr, "^[0-9]{6}-[0-9]{4}$")"#),
];

fn shapes(c: &mut Criterion) {
    let mut group = c.benchmark_group("shape");
    for (name, expr) in SHAPES {
        let yaml = format!(
            "pack: {{ id: bench-{name}, title: {{ sv: Mätning, en: Benchmark }} }}\n{SHAPE_QUESTIONS}\nrequirements:\n  - id: {name}\n    title: {{ sv: Krav, en: Requirement }}\n    source: Bench\n    severity: krav\n    area: trygghet\n    require: '{expr}'\n    message: {{ sv: Ej uppfyllt., en: Not met. }}\n"
        );
        let pack = Pack::from_yaml(&yaml, "shape.yaml").unwrap_or_else(|e| panic!("shape {name}:\n{}", e.render(false)));
        let answers = pack.read_report_json(SHAPE_REPORT).unwrap();
        let mut out = Vec::with_capacity(1);
        pack.evaluate(&answers, &mut out);
        assert_eq!(out, [granska::Verdict::Met], "shape {name}");
        group.bench_function(*name, |b| {
            b.iter(|| {
                pack.evaluate(black_box(&answers), &mut out);
                black_box(&out);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, load, evaluate, read, batch, form, shapes);
criterion_main!(benches);
