//! Benchmark: summarise a generated 100,000-row survey export end to end — decode, sniff,
//! read every row into a report, evaluate every requirement and indicator (in parallel),
//! and write the summary as JSON. Target: under 2 s on the 2-core machine. The same rows as an
//! `.xlsx` workbook (typed cells, written by `tests/common/xlsx.rs`), read with calamine from
//! the file: target under 5 s.
//!
//! The rows are the 134 rows of `examples/export-2017.csv`, repeated with new provider ids
//! (100,000 distinct providers: the most the duplicate tracker holds). Prints the peak
//! memory after one run.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use granska::Pack;
use granska_summary::export::{ExportOptions, ExportReader};
use granska_summary::{Accumulator, summarize_export};

#[path = "../tests/common/xlsx.rs"]
mod xlsx;

#[path = "common/export.rs"]
mod export;

const ROWS: usize = 100_000;

fn summarize(pack: &Pack, bytes: &[u8]) -> String {
    let Ok(mut reader) = ExportReader::new(pack, bytes, "generated.csv", &ExportOptions::default()) else { return String::new() };
    let mut acc = Accumulator::new(pack);
    summarize_export(&mut reader, &mut acc, |_| {});
    acc.finish().to_json()
}

fn bench(c: &mut Criterion) {
    let Ok(pack) = Pack::builtin() else { return };
    let bytes = export::generated_export(ROWS);
    let json = summarize(&pack, &bytes);
    assert!(json.contains("\"count\": 100000"), "every row is summarised");
    // Peak memory after one run (Linux): the generated export, plus the summary's state
    // (counts, and one small entry per distinct provider for the duplicate warnings).
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines().filter(|l| l.starts_with("VmHWM")) {
            eprintln!("after one summary: {line}");
        }
    }
    let mut group = c.benchmark_group("summary");
    group.sample_size(10);
    group.bench_function("export_100k_rows_to_json", |b| b.iter(|| black_box(summarize(&pack, black_box(&bytes)))));
    // The same export as a workbook file.
    let workbook = std::env::temp_dir().join(format!("granska-bench-{}.xlsx", std::process::id()));
    let text = String::from_utf8_lossy(&bytes);
    if std::fs::write(&workbook, xlsx::csv_to_xlsx(&pack, &text, "Svar")).is_ok() {
        let summarize_xlsx = || {
            let Ok(mut reader) = ExportReader::from_path(&pack, &workbook, &ExportOptions::default()) else { return String::new() };
            let mut acc = Accumulator::new(&pack);
            summarize_export(&mut reader, &mut acc, |_| {});
            acc.finish().to_json()
        };
        assert_eq!(summarize_xlsx(), json, "the workbook summarises as the CSV");
        group.bench_function("xlsx_100k_rows_to_json", |b| b.iter(|| black_box(summarize_xlsx())));
        let _ = std::fs::remove_file(&workbook);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
