//! Determinism: the same pack and answers give byte-identical JSON whatever the number of
//! threads and the order of the batch. A batch of a few hundred reports — every row of the
//! example survey export and every example report, under many provider ids and with
//! answers perturbed — is checked on a rayon pool of 1 thread and of 4 threads, and in a
//! shuffled order; ordered by provider id (each report's verdicts are ordered by
//! requirement id), the JSON is the same bytes. A summary with providers reported two and
//! three times (added with their places, and read from an export across batches of rows)
//! lists the same duplicate warnings, naming the earliest report, on 1 and 4 threads.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]
#![cfg(feature = "parallel")]

use std::path::Path;

use granska::{Answers, Pack};
use granska_summary::export::{ExportOptions, ExportReader};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A few hundred reports with distinct provider ids.
fn batch(pack: &Pack) -> Vec<Answers> {
    let mut out = vec![];
    let reader = ExportReader::from_path(pack, repo().join("examples/export-2017.csv"), &ExportOptions::default()).expect("the example export opens");
    for row in reader {
        out.push(row.expect("every row of the example export is read"));
    }
    let mut files: Vec<_> = std::fs::read_dir(repo().join("examples/reports")).expect("examples/reports").map(|e| e.expect("an entry").path()).collect();
    files.sort();
    for (f, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("an example report");
        let base: serde_json::Value = serde_saphyr::from_str(&text).expect("an example report is YAML");
        for variant in 0..20 {
            let mut report = base.clone();
            report["provider"] = format!("X{f:02}-{variant:02}").into();
            // Perturb: drop one answer group, or scale the counts.
            if let Some(answers) = report.get_mut("answers").and_then(|a| a.as_object_mut()) {
                let keys: Vec<String> = answers.keys().cloned().collect();
                if !keys.is_empty() && variant % 3 == 1 {
                    answers.remove(&keys[variant % keys.len()]);
                }
                if variant % 3 == 2 {
                    for group in answers.values_mut() {
                        if let Some(g) = group.as_object_mut() {
                            for v in g.values_mut() {
                                if let Some(n) = v.as_i64() {
                                    *v = (n * variant as i64 / 7).into();
                                }
                            }
                        }
                    }
                }
            }
            out.push(pack.read_report(&report).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        }
    }
    out
}

/// The batch checked on a pool of `threads`, as JSON ordered by provider id.
fn checked_json(pack: &Pack, batch: &[Answers], threads: usize) -> Vec<u8> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
    let mut reports = pool.install(|| pack.check_many(batch));
    // check_many keeps input order; the output is then ordered by provider id.
    for (a, r) in batch.iter().zip(&reports) {
        assert_eq!(a.provider(), r.provider, "check_many keeps the input order");
    }
    reports.sort_by(|a, b| a.provider.cmp(&b.provider));
    for r in &reports {
        assert!(r.verdicts.windows(2).all(|w| w[0].requirement < w[1].requirement), "verdicts are ordered by requirement id");
    }
    serde_json::to_vec(&reports).expect("reports serialise")
}

/// A fixed shuffle (no random source needed): a multiplicative permutation.
fn shuffled<T: Clone>(items: &[T]) -> Vec<T> {
    let n = items.len();
    let step = (1..n).rev().find(|s| gcd(*s, n) == 1 && *s > n / 3).unwrap_or(1);
    (0..n).map(|i| items[(i * step + 7) % n].clone()).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[test]
fn batch_output_is_the_same_bytes_for_1_and_4_threads_and_any_order() {
    let pack = Pack::builtin().expect("the built-in pack loads");
    let batch = batch(&pack);
    assert!(batch.len() > 300, "{} reports", batch.len());
    let mut ids: Vec<&str> = batch.iter().map(Answers::provider).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), batch.len(), "provider ids are unique");

    let one = checked_json(&pack, &batch, 1);
    let four = checked_json(&pack, &batch, 4);
    assert!(one == four, "1 and 4 threads give different bytes");
    let mixed = shuffled(&batch);
    assert_ne!(mixed.iter().map(Answers::provider).collect::<Vec<_>>(), batch.iter().map(Answers::provider).collect::<Vec<_>>());
    let four_mixed = checked_json(&pack, &mixed, 4);
    assert!(one == four_mixed, "a shuffled batch gives different bytes");
    // And again: nothing depends on state left over from a run.
    assert!(one == checked_json(&pack, &mixed, 1));

    // The verdicts alone (no explanations), in parallel, agree with the full reports.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().expect("a thread pool");
    let verdicts = pool.install(|| pack.evaluate_many(&mixed));
    let reports = pack.check_many(&mixed);
    for (v, r) in verdicts.iter().zip(&reports) {
        assert!(v.iter().zip(&r.verdicts).all(|(a, b)| *a == b.verdict), "{}", r.provider);
    }
}

/// The summary of a batch where many providers report two or three times, added with their
/// places on a pool of `threads`, and summarised from an export (duplicates across its
/// batches of rows): the JSON, duplicate warnings included.
fn summary_with_duplicates(pack: &Pack, batch: &[Answers], export: &str, threads: usize) -> (String, String, Vec<String>) {
    use granska_summary::{Accumulator, Place, Progress, summarize_export};
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
    pool.install(|| {
        let mut acc = Accumulator::new(pack);
        let places: Vec<Place> = (0..batch.len() as u64).map(|i| Place { file: "batch", row: Some(i) }).collect();
        acc.add_all_at(batch, &places);
        let listed = acc.finish().to_json();
        let mut acc = Accumulator::new(pack);
        let mut told = vec![];
        let mut reader = ExportReader::new(pack, export.as_bytes(), "export.csv", &ExportOptions::default()).expect("the export opens");
        summarize_export(&mut reader, &mut acc, |p| {
            if let Progress::Problem(p) = p {
                told.push(p.render(granska::Lang::En));
            }
        });
        (listed, acc.finish().to_json(), told)
    })
}

#[test]
fn duplicate_warnings_are_the_same_for_1_and_4_threads() {
    let pack = Pack::builtin().expect("the built-in pack loads");
    // Every report, then every third again, then every seventh once more.
    let base = batch(&pack);
    let mut reports = base.clone();
    reports.extend(base.iter().step_by(3).cloned());
    reports.extend(base.iter().step_by(7).cloned());
    // An export of 10,000 rows (three batches of rows) over 4,000 provider ids.
    let text = std::fs::read_to_string(repo().join("examples/export-2017.csv")).expect("the example export");
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    // Rows of one service type, so that a provider id is one provider.
    let rows: Vec<&str> = lines.filter(|l| l.contains(",heldygnsvard,")).collect();
    assert!(rows.len() > 10);
    let mut export = format!("{header}\n");
    for i in 0..10_000 {
        let rest = rows[i % rows.len()].split_once(',').map(|x| x.1).unwrap_or("");
        export.push_str(&format!("D{:04},{rest}\n", (i * 7) % 4_000));
    }
    let one = summary_with_duplicates(&pack, &reports, &export, 1);
    let four = summary_with_duplicates(&pack, &reports, &export, 4);
    assert!(one.0 == four.0, "add_all_at: 1 and 4 threads give different bytes");
    assert!(one.1 == four.1, "summarize_export: 1 and 4 threads give different bytes");
    assert_eq!(one.2, four.2, "the warnings are told alike");

    let listed = granska_summary::Summary::from_json(&one.0).expect("reads");
    let again = base.len().div_ceil(3) + base.len().div_ceil(7);
    assert_eq!(listed.reports.now.count as usize, reports.len(), "every report is counted");
    assert_eq!(listed.duplicates.len(), again);
    // Each repeat names the earliest place: its provider's position in `base`.
    let index: std::collections::HashMap<&str, usize> = base.iter().enumerate().map(|(i, a)| (a.provider(), i)).collect();
    for p in &listed.duplicates {
        let first = index[p.provider.as_deref().expect("a provider")];
        assert!(p.message.en.contains(&format!("in batch, row {first};")) || p.message.en.contains(&format!("the first in batch, row {first} and")), "{}", p.message.en);
    }
    let places: Vec<(&str, Option<u64>)> = listed.duplicates.iter().map(|p| (p.file.as_str(), p.row)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "sorted by file and row");

    let exported = granska_summary::Summary::from_json(&one.1).expect("reads");
    assert_eq!(exported.reports.now.count, 10_000);
    assert_eq!(exported.duplicates.len(), 6_000);
    // Row r + 2 holds provider (7r mod 4000): its first row is the least such r.
    let p = exported.duplicates.iter().find(|p| p.row == Some(4_002)).expect("row 4002 repeats");
    assert_eq!(p.provider.as_deref(), Some("D0000"));
    assert_eq!(p.message.en, "D0000 (heldygnsvard) already has a report in this batch, in export.csv, row 2; both are counted");
    let p = exported.duplicates.iter().find(|p| p.row == Some(8_002)).expect("row 8002 repeats");
    assert!(
        p.message.en.ends_with("already has 2 reports in this batch, the first in export.csv, row 2 and the latest in export.csv, row 4002; all are counted"),
        "{}",
        p.message.en
    );
    assert_eq!(one.2.iter().filter(|l| l.ends_with("[duplicate-provider]")).count(), 6_000, "each told once");
}
