//! Partial summaries through the public API: an export split into random partitions, each
//! counted on its own and written out, read back and merged in random groupings and orders,
//! gives the summary of one pass over the export, byte for byte — duplicates across
//! partitions, rejected rows and ignored columns with their places included. A partial of
//! another pack, roster or format is refused with a clear error.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::sync::OnceLock;

use granska::Pack;
use granska_summary::export::{ExportOptions, ExportReader, InputProblem, ReadRow};
use granska_summary::{Accumulator, PARTIAL_FORMAT, PartialError, PartialSummary, Roster, summarize_export};
use proptest::prelude::*;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| Pack::builtin().expect("the built-in pack loads"))
}

fn roster() -> Roster {
    Roster::from_path(pack(), root().join("examples/roster-2017.csv")).expect("the roster reads")
}

fn example_2017() -> String {
    std::fs::read_to_string(root().join("examples/export-2017.csv")).expect("the example export reads")
}

/// The 2017 export with what real exports have: a column granska does not know, two
/// providers reported twice, a row with a date that is not one, a row cut short and a cell
/// that does not fit its question.
fn example_2017_with_faults() -> String {
    let text = example_2017();
    let mut lines: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(|l| format!("{l},x")).collect();
    lines[0] = lines[0].replacen(",x", ",okand_kolumn", 1);
    let again = [lines[3].clone(), lines[40].clone()];
    lines.extend(again);
    lines[10] = lines[10].replacen("2017-12-31", "2017-13-45", 1);
    let cut = lines[20].split(',').take(6).collect::<Vec<_>>().join(",");
    lines[20] = cut;
    lines[30] = lines[30].replacen(",Ja,", ",Kanske,", 1);
    lines.join("\n") + "\n"
}

/// 100,000 rows: the 2017 rows repeated with new provider ids, every 1,000th repeating an
/// earlier provider and every 997th with a date that is not one.
fn generated_100k() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let text = example_2017();
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
        let mut out = format!("{header}\n");
        for i in 0..100_000usize {
            let id = if i % 1000 == 999 { i - 500 } else { i };
            let row = rows[id % rows.len()];
            let rest = row.split_once(',').map(|x| x.1).unwrap_or("");
            let rest = if i % 997 == 996 { rest.replacen("2017-12-31", "2017-02-30", 1) } else { rest.to_string() };
            out.push_str(&format!("G{id:06},{rest}\n"));
        }
        out
    })
}

/// The summary JSON of one pass over the export.
fn one_pass(text: &str, name: &str, with_roster: bool) -> String {
    let mut reader = ExportReader::new(pack(), text.as_bytes(), name, &ExportOptions::default()).expect("the export opens");
    let mut acc = if with_roster { Accumulator::with_roster(pack(), roster()) } else { Accumulator::new(pack()) };
    summarize_export(&mut reader, &mut acc, |_| {});
    acc.finish().to_json()
}

/// The header's problems and every row of the export, read.
fn read(text: &str, name: &str) -> (Vec<InputProblem>, Vec<ReadRow>) {
    let mut reader = ExportReader::new(pack(), text.as_bytes(), name, &ExportOptions::default()).expect("the export opens");
    let header = reader.header().problems().to_vec();
    let rows = reader.rows().collect();
    (header, rows)
}

/// A tiny deterministic generator for the partitions and merge orders of one case.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Splits the rows into `parts` random partitions (each row in a random one, in a random
/// order within it), counts each, writes each partial out and reads it back, and merges them
/// in a random grouping: the summary JSON, and the merged partial's JSON.
fn partitioned(header: &[InputProblem], rows: &[ReadRow], name: &str, with_roster: bool, parts: usize, seed: u64) -> (String, String) {
    let mut rng = Rng(seed | 1);
    let mut partitions: Vec<Vec<&ReadRow>> = vec![vec![]; parts];
    for row in rows {
        let p = rng.below(parts);
        let at = rng.below(partitions[p].len() + 1);
        partitions[p].insert(at, row);
    }
    let mut partials: Vec<PartialSummary> = partitions
        .iter()
        .enumerate()
        .map(|(i, rows)| {
            let mut acc = if with_roster { Accumulator::with_roster(pack(), roster()) } else { Accumulator::new(pack()) };
            // Every partition that read the header reports its ignored columns: once in the summary.
            if i == 0 || rng.below(2) == 0 {
                for p in header {
                    acc.ignore_column(p.clone());
                }
            }
            for row in rows {
                match &row.answers {
                    Ok(answers) => {
                        acc.add_at(answers, name, Some(row.row));
                    }
                    Err(problem) => acc.reject(problem.clone()),
                }
            }
            PartialSummary::from_json(&acc.to_partial().to_json()).expect("a partial reads back")
        })
        .collect();
    while partials.len() > 1 {
        let a = partials.swap_remove(rng.below(partials.len()));
        let b = partials.swap_remove(rng.below(partials.len()));
        let (mut into, from) = if rng.below(2) == 0 { (a, b) } else { (b, a) };
        into.merge(from).expect("partials of one pack merge");
        partials.push(PartialSummary::from_json(&into.to_json()).expect("a merged partial reads back"));
    }
    let merged = partials.pop().expect("one partial");
    let json = merged.to_json();
    (merged.finish(pack()).expect("the partial fits its pack").to_json(), json)
}

fn faults_2017() -> &'static (String, Vec<InputProblem>, Vec<ReadRow>, String) {
    static DATA: OnceLock<(String, Vec<InputProblem>, Vec<ReadRow>, String)> = OnceLock::new();
    DATA.get_or_init(|| {
        let text = example_2017_with_faults();
        let (header, rows) = read(&text, "export-2017.csv");
        let single = one_pass(&text, "export-2017.csv", true);
        (text, header, rows, single)
    })
}

#[test]
fn the_faulty_2017_export_has_what_the_partials_must_keep() {
    let (_, header, rows, single) = faults_2017();
    assert_eq!(header.len(), 1, "the unknown column");
    assert!(rows.iter().filter(|r| r.answers.is_err()).count() >= 2, "the bad date and the short row are rejected");
    let summary = granska_summary::Summary::from_json(single).expect("reads");
    assert_eq!(summary.duplicates.len(), 2);
    assert!(summary.duplicates.iter().all(|d| d.row.is_some() && d.file == "export-2017.csv"));
    assert!(summary.rejected.reports.iter().all(|r| r.row.is_some()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_2017_export_in_any_partitions_and_merge_order_gives_the_one_pass_summary(parts in 1usize..9, seed in any::<u64>(), again in any::<u64>()) {
        let (_, header, rows, single) = faults_2017();
        let (summary, partial) = partitioned(header, rows, "export-2017.csv", true, parts, seed);
        prop_assert_eq!(&summary, single);
        // Another partitioning and merge order: the same partial, byte for byte.
        let (_, other) = partitioned(header, rows, "export-2017.csv", true, parts.max(2) - 1, again);
        prop_assert_eq!(partial, other);
    }
}

#[test]
fn the_2017_example_export_merges_to_its_published_summary() {
    let text = example_2017();
    let (header, rows) = read(&text, "export-2017.csv");
    let single = one_pass(&text, "export-2017.csv", true);
    for (parts, seed) in [(1, 1), (2, 7), (5, 99), (16, 12345)] {
        assert_eq!(partitioned(&header, &rows, "export-2017.csv", true, parts, seed).0, single, "{parts} partitions");
    }
}

#[test]
fn a_generated_100000_row_export_in_random_partitions_gives_the_one_pass_summary() {
    let text = generated_100k();
    let (header, rows) = read(text, "national.csv");
    let single = one_pass(text, "national.csv", false);
    let summary = granska_summary::Summary::from_json(&single).expect("reads");
    assert!(summary.duplicates.len() > 90, "every 1,000th row repeats a provider (unless the first was rejected)");
    assert_eq!(summary.rejected.count, 100, "every 997th row has a date that is not one");
    for (parts, seed) in [(3, 2024), (32, 5)] {
        let (merged, _) = partitioned(&header, &rows, "national.csv", false, parts, seed);
        assert!(merged == single, "{parts} partitions (seed {seed}) give another summary");
    }
}

#[test]
fn an_empty_partial_changes_nothing() {
    let (_, header, rows, single) = faults_2017();
    let (_, partial) = partitioned(header, rows, "export-2017.csv", true, 3, 77);
    let mut with_empty = PartialSummary::new(pack());
    assert_eq!(with_empty.reports(), 0);
    // An empty partial without a roster is another roster: refused.
    let mut p = PartialSummary::from_json(&partial).expect("reads");
    assert!(matches!(p.merge(with_empty.clone()), Err(PartialError::OtherRoster(_))));
    let empty = Accumulator::with_roster(pack(), roster()).to_partial();
    p.merge(empty.clone()).expect("merges");
    assert_eq!(p.to_json(), partial);
    with_empty = empty;
    with_empty.merge(PartialSummary::from_json(&partial).expect("reads")).expect("merges");
    assert_eq!(with_empty.to_json(), partial);
    assert_eq!(&with_empty.finish(pack()).expect("fits").to_json(), single);
}

#[test]
fn a_partial_of_another_pack_or_format_is_refused_with_what_differs() {
    let mut acc = Accumulator::new(pack());
    let answers = pack().read_report(&serde_json::json!({"provider": "P1", "service": "familjeradgivning", "date": "2017-12-31", "answers": {}})).expect("the report reads");
    acc.add(&answers);
    let partial = acc.to_partial();
    assert_eq!(partial.reports(), 1);
    assert_eq!(partial.pack().content_hash, pack().content_hash());

    // The same pack with another parameter value is another pack.
    let param = pack().parameters().first().expect("the built-in pack has parameters").clone();
    let value = match &param.value {
        granska::ParamValue::Integer(n) => format!("{}", n + 1),
        granska::ParamValue::Number(n) => format!("{}", n + 1.0),
        granska::ParamValue::Text(t) => format!("\"{t} 2\""),
        other => panic!("an unexpected parameter kind {other:?}"),
    };
    let other = pack().with_params_yaml(&format!("parameters: {{ {}: {value} }}", param.id), "tyreso.yaml").expect("applies");
    let e = partial.clone().finish(&other).expect_err("another pack");
    assert!(matches!(e, PartialError::OtherPack(_)));
    assert!(e.to_string().contains("has other rules or parameter values (content hash"), "{e}");
    let mut theirs = Accumulator::new(&other).to_partial();
    let e = theirs.merge(partial.clone()).expect_err("another pack");
    assert!(e.to_string().starts_with("the partial summary was computed with another pack: pack `"), "{e}");

    // Another format version, another kind of file, and broken JSON.
    let json = partial.to_json();
    let newer = json.replacen(&format!("\"format\":{PARTIAL_FORMAT}"), "\"format\":99", 1);
    assert_eq!(PartialSummary::from_json(&newer), Err(PartialError::Format { found: 99, expected: PARTIAL_FORMAT }));
    let summary_json = acc.clone().finish().to_json();
    let e = PartialSummary::from_json(&summary_json).expect_err("a summary is not a partial");
    assert_eq!(e.to_string(), "not a partial summary of granska: its `kind` is missing, not \"granska-partial-summary\"");
    let e = PartialSummary::from_json(&json[..json.len() / 2]).expect_err("cut short");
    assert!(e.to_string().starts_with("not a partial summary of granska: line 1, column "), "{e}");

    // Counts that do not fit the pack: damaged, not misread.
    let damaged = json.replacen("\"verdicts\":[[", "\"verdicts\":[[7,7,7,7],[", 1);
    let e = PartialSummary::from_json(&damaged).expect("still JSON of the format").finish(pack()).expect_err("damaged");
    assert!(matches!(e, PartialError::Damaged(_)), "{e}");
}

#[test]
fn many_partials_merge_at_once_to_what_they_merge_to_one_by_one() {
    let (_, header, rows, single) = faults_2017();
    let partials: Vec<PartialSummary> = rows
        .chunks(9)
        .map(|chunk| {
            let mut acc = Accumulator::with_roster(pack(), roster());
            for p in header {
                acc.ignore_column(p.clone());
            }
            for row in chunk {
                match &row.answers {
                    Ok(a) => {
                        acc.add_at(a, "export-2017.csv", Some(row.row));
                    }
                    Err(p) => acc.reject(p.clone()),
                }
            }
            acc.to_partial()
        })
        .collect();
    assert!(partials.len() > 10);
    let merged = PartialSummary::merge_all(partials.clone()).expect("merges").expect("some");
    assert_eq!(&merged.clone().finish(pack()).expect("fits").to_json(), single);
    let mut one_by_one = PartialSummary::new(pack());
    let mut with_roster = Accumulator::with_roster(pack(), roster()).to_partial();
    assert!(one_by_one.merge(with_roster.clone()).is_err(), "no roster and a roster");
    for p in partials {
        with_roster.merge(p).expect("merges");
    }
    assert_eq!(with_roster, merged);
    assert_eq!(PartialSummary::merge_all(Vec::new()), Ok(None));
}
