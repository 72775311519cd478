//! Joining ten years of 1,000 providers' reports (generated in memory, seeded: every
//! requirement of the built-in pack, verdicts drawn so that shortcomings recur, a few
//! providers missing some years, ten ids renamed through the mapping) into the provider
//! history with its statuses, runs and figures. Target: under 1 s.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, reason = "a benchmark stops at its first surprise")]

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use granska::{Pack, Verdict};
use granska_summary::history::{History, HistoryOptions, ProviderMapping, YearReport, YearVerdict};

const SERVICES: [&str; 5] = ["familjeradgivning", "familjebehandling", "oppenvard", "heldygnsvard", "jourhem"];

/// A small seeded generator (xorshift64*), so every run joins the same reports.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn reports(pack: &Pack, years: i32, providers: usize) -> (Vec<YearReport>, ProviderMapping) {
    let ids: Vec<Arc<str>> = pack.requirements().iter().map(|r| Arc::from(r.id.as_str())).collect();
    let hash = pack.content_hash().to_string();
    let mut rng = Rng(2016);
    let mut out = Vec::with_capacity(years as usize * providers);
    let mut mapping = ProviderMapping::new();
    for p in 0..10 {
        mapping.link(&format!("P{p:04}"), &format!("N{p:04}"), "nytt organisationsnummer", "bench").unwrap();
    }
    for y in 0..years {
        let year = 2016 + y;
        for p in 0..providers {
            // About one provider in twenty has no report a given year.
            if rng.next().is_multiple_of(20) {
                continue;
            }
            let provider = if p < 10 && y >= 5 { format!("N{p:04}") } else { format!("P{p:04}") };
            let verdicts = ids
                .iter()
                .map(|id| {
                    let verdict = match rng.next() % 10 {
                        0 | 1 => Verdict::NotMet,
                        2 => Verdict::Unanswered,
                        3..=5 => Verdict::NotApplicable,
                        _ => Verdict::Met,
                    };
                    YearVerdict { requirement: Arc::clone(id), verdict, title: None }
                })
                .collect();
            out.push(YearReport {
                provider,
                name: None,
                service: SERVICES[p % SERVICES.len()].to_string(),
                date: granska::parse_date(&format!("{year}-12-31")).unwrap(),
                year,
                pack: "granska".into(),
                pack_version: Some("2025.1".into()),
                pack_content_hash: hash.clone(),
                verdicts,
                place: String::new(),
                file: String::new(),
                row: None,
                path: None,
            });
        }
    }
    (out, mapping)
}

fn bench(c: &mut Criterion) {
    let pack = Pack::builtin().expect("the built-in pack");
    let (reports, mapping) = reports(&pack, 10, 1_000);
    let options = HistoryOptions::default();
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.bench_function("join_10_years_1000_providers", |b| {
        b.iter(|| {
            let h = History::join(&reports, &mapping, &options, vec![]).expect("joins");
            assert_eq!(h.providers.len(), 1_000);
            h
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
