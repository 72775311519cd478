//! Criterion benchmark of a whole year's summary: a generated 100,000-row survey export
//! (the rows of `examples/export-2017.csv` repeated with fresh provider ids) read from
//! memory, every row turned into a report, evaluated against the built-in pack in parallel,
//! accumulated, finished into a `Summary` and rendered as JSON — the pipeline behind
//! `granska summary`.
//!
//! Run with `cargo bench -p granska-bench --bench granska` (or `scripts/bench.sh`).

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use granska::Pack;
use granska::export::{ExportOptions, ExportReader};
use granska::summary::{Accumulator, summarize_export};
use granska_bench::repo_root;

const ROWS: usize = 100_000;

/// The example export's header and rows, repeated to `rows` rows with provider ids
/// `G000001`, `G000002`, ….
fn generated_export(rows: usize) -> Vec<u8> {
    let path = repo_root().join("examples/export-2017.csv");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().unwrap_or_default();
    let body: Vec<&str> = lines.collect();
    assert!(!body.is_empty(), "the example export has no rows");
    let mut out = String::with_capacity(header.len() + rows * (body[0].len() + 2));
    out.push_str(header);
    out.push('\n');
    for i in 0..rows {
        let line = body[i % body.len()];
        // Replace the provider id (the first cell, never quoted in the example).
        let rest = line.split_once(',').map(|(_, r)| r).unwrap_or("");
        out.push_str(&format!("G{:06},{rest}\n", i + 1));
    }
    out.into_bytes()
}

fn summarise(pack: &Pack, export: &[u8]) -> String {
    let mut reader = match ExportReader::new(pack, Cursor::new(export), "export.csv", &ExportOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("the generated export does not open: {e:?}"),
    };
    let mut acc = Accumulator::new(pack);
    summarize_export(&mut reader, &mut acc, |_| {});
    let summary = acc.finish();
    match serde_json::to_string(&summary) {
        Ok(s) => s,
        Err(e) => panic!("the summary does not serialise: {e}"),
    }
}

fn summary(c: &mut Criterion) {
    let pack = match Pack::builtin() {
        Ok(p) => p,
        Err(e) => panic!("{}", e.render(false)),
    };
    let export = generated_export(ROWS);
    let json = summarise(&pack, &export);
    assert!(json.contains("\"reports\":100000") || json.contains("100000"), "the summary did not count 100,000 reports");

    let mut group = c.benchmark_group("summary");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("export_100k", |b| b.iter(|| black_box(summarise(&pack, black_box(&export)))));
    group.finish();
}

criterion_group!(benches, summary);
criterion_main!(benches);
