//! Summarising a user survey of 100,000 respondent rows (the example export's rows repeated,
//! respondent ids made unique) with the built-in survey pack: reading the CSV, typing every
//! answer, the indicators, the scales and the suppression. Target: under 2 s.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, reason = "a benchmark stops at its first surprise")]

use criterion::{Criterion, criterion_group, criterion_main};
use granska::Pack;
use granska_summary::survey::{SurveyOptions, summarize_survey};

fn survey_csv(rows: usize) -> String {
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/survey-2017.csv")).expect("the example survey");
    let mut lines = example.lines();
    let header = lines.next().expect("a header");
    let body: Vec<&str> = lines.collect();
    let mut out = String::with_capacity(rows * 80);
    out.push_str(header);
    out.push('\n');
    for i in 0..rows {
        let line = body[i % body.len()];
        let rest = line.split_once(',').map_or("", |(_, r)| r);
        out.push_str(&format!("R{i:06},{rest}\n"));
    }
    out
}

fn bench(c: &mut Criterion) {
    let pack = Pack::builtin_file("brukarundersokning/barn-och-familj.yaml").expect("the survey pack");
    let csv = survey_csv(100_000);
    let options = SurveyOptions::default();
    let mut group = c.benchmark_group("survey");
    group.sample_size(10);
    group.bench_function("summarize_100k_respondents", |b| {
        b.iter(|| {
            let s = summarize_survey(&pack, csv.as_bytes(), "survey.csv", &options).expect("reads");
            assert_eq!(s.all.respondents, 100_000);
            s
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
