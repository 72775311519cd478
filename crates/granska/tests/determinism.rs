//! Determinism: the same pack and answers give byte-identical JSON whatever the number of
//! threads and the order of the batch. A batch of a few hundred reports — every row of the
//! example survey export and every example report, under many provider ids and with
//! answers perturbed — is checked on a rayon pool of 1 thread and of 4 threads, and in a
//! shuffled order; ordered by provider id (each report's verdicts are ordered by
//! requirement id), the JSON is the same bytes.
#![cfg(feature = "parallel")]

use std::path::Path;

use granska::export::{ExportOptions, ExportReader};
use granska::{Answers, Pack};

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
