//! The yearly summary through the public API: the published 2017 figures from the example
//! export, rounding, three-valued indicators, roster, last year's comparison, determinism.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::Pack;
use granska_summary::export::{ExportOptions, ExportReader};
use granska_summary::{Accumulator, Progress, Roster, Summary, percent, summarize_export};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn builtin() -> Pack {
    match Pack::builtin() {
        Ok(p) => p,
        Err(e) => panic!("the built-in pack does not load:\n{}", e.render(false)),
    }
}

fn summary_2017(pack: &Pack, roster: bool) -> (Summary, Vec<String>) {
    let path = root().join("examples/export-2017.csv");
    let mut reader = ExportReader::from_path(pack, &path, &ExportOptions::default()).expect("the example export opens");
    let mut acc =
        if roster { Accumulator::with_roster(pack, Roster::from_path(pack, root().join("examples/roster-2017.csv")).expect("the roster reads")) } else { Accumulator::new(pack) };
    let mut problems = vec![];
    summarize_export(&mut reader, &mut acc, |p| {
        if let Progress::Problem(p) = p {
            problems.push(p.render(granska::Lang::En));
        }
    });
    (acc.finish(), problems)
}

#[test]
fn published_2017_figures() {
    let pack = builtin();
    let (s, problems) = summary_2017(&pack, true);
    eprintln!("{problems:#?}");
    assert_eq!(s.reports.now.count, 134);
    let lex = s.indicator("andel_lex_sarah_utredningar").expect("indicator");
    assert_eq!((lex.figures.now.count, lex.figures.now.of, lex.figures.now.percent), (Some(5), Some(96), Some(5)));
    assert_eq!(lex.text.sv, "5 av 96 verksamheter, 5 procent; 0 obesvarade");
    let lex_sum = s.indicator("antal_lex_sarah_utredningar").expect("indicator");
    assert_eq!(lex_sum.text.sv, "5 totalt");
    let compl = s.indicator("andel_klagomal_registrerade").expect("indicator");
    assert_eq!(compl.text.sv, "41 av 96 verksamheter, 43 procent; 0 obesvarade");
    assert_eq!(compl.text.en, "41 of 96 providers, 43 percent; 0 unanswered");
    assert_eq!((lex.figures.now.unanswered, compl.figures.now.unanswered), (Some(0), Some(0)));
    let compl_sum = s.indicator("antal_klagomal_registrerade").expect("indicator");
    assert_eq!(compl_sum.figures.now.total.map(granska_summary::Amount::plain), Some("161".to_string()));
    let held = s.service("heldygnsvard").and_then(|g| g.response.as_ref()).expect("response");
    assert_eq!((held.now.responded, held.now.invited, held.now.percent), (47, 98, Some(48)));
}

#[test]
fn percent_rounds_half_up() {
    assert_eq!(percent(41, 96), Some(43));
    assert_eq!(percent(5, 96), Some(5));
    assert_eq!(percent(1, 8), Some(13));
    assert_eq!(percent(1, 200), Some(1));
    assert_eq!(percent(0, 0), None);
}

mod common;

fn export_rows(rows: &[&str]) -> String {
    let mut s = format!("{}\n", common::HEADER);
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn summarize_text(pack: &Pack, text: &str, acc: &mut Accumulator) -> Vec<granska_summary::export::InputProblem> {
    let mut reader = ExportReader::new(pack, text.as_bytes(), "export.csv", &ExportOptions::default()).expect("opens");
    let mut problems = vec![];
    summarize_export(&mut reader, acc, |p| {
        if let Progress::Problem(p) = p {
            problems.push(p.clone());
        }
    });
    problems
}

const ROWS: [&str; 6] = [
    "P1,Ett,hvb,lou,2017-12-31,Ja,2,2,0.8,adad",
    "P2,Två,hvb,lou,2017-12-31,Nej,1,0,0.25,",
    "P3,Tre,jourhem,lov,2017-12-31,Ja,,,0.5,",
    "P4,Fyra,jourhem,lou,2017-12-31,,0,,,",
    "P5,Fem,hvb,,2017-12-31,Ja,3,,1.5,",
    "P6,Sex,hvb,egen_regi,2017-06-30,Ja,0,,0.333333,",
];

#[test]
fn requirements_count_applied_met_not_met_unanswered() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    let problems = summarize_text(&pack, &export_rows(&ROWS), &mut acc);
    assert!(problems.is_empty(), "{problems:?}");
    let s = acc.finish();
    assert_eq!(s.reports.now.count, 6);
    let rutin = &s.requirement("rutin_finns").expect("requirement").figures.now;
    assert_eq!((rutin.applied, rutin.met, rutin.not_met, rutin.unanswered, rutin.not_applicable, rutin.percent_met), (6, 4, 1, 1, 0, Some(67)));
    // Only hvb, and only where antal > 0: P1 met, P2 not met, P5 unanswered; P6 (antal 0) n/a.
    let utredning = &s.requirement("utredning_hvb").expect("requirement").figures.now;
    assert_eq!((utredning.applied, utredning.met, utredning.not_met, utredning.unanswered, utredning.not_applicable), (3, 1, 1, 1, 3));
    assert_eq!(s.period.as_ref().map(|p| (p.from.as_str(), p.to.as_str())), Some(("2017-06-30", "2017-12-31")));
}

#[test]
fn indicators_are_three_valued() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS), &mut acc);
    let s = acc.finish();
    // of = answered(antal): P3 (antal unanswered) is not in the denominator, as the pack says;
    // P4 (rutin unanswered) is not in it either (the honest base) and is shown as unanswered.
    let share = &s.indicator("andel_rutin").expect("indicator").figures.now;
    assert_eq!((share.count, share.of, share.percent, share.unanswered), (Some(3), Some(4), Some(75), Some(1)));
    // No `of`: every report; unanswered investigations count as 0.
    let inv = &s.indicator("andel_utredningar").expect("indicator").figures.now;
    assert_eq!((inv.count, inv.of), (Some(1), Some(6)));
    // Sums ignore unanswered.
    let sum = &s.indicator("summa_antal").expect("indicator").figures.now;
    assert_eq!((sum.total.map(granska_summary::Amount::plain), sum.answered), (Some("6".to_string()), Some(5)));
    // Decimal sums are exact; only hvb reports.
    let hvb = s.indicator("summa_andel_hvb").expect("indicator");
    assert_eq!(hvb.figures.now.total.map(granska_summary::Amount::plain), Some("2.883333".to_string()));
    assert_eq!(hvb.text.sv, "2,883333 totalt");
}

#[test]
fn groups_by_service_type_contract_form_and_quality_area() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS), &mut acc);
    let s = acc.finish();
    let ids: Vec<(&str, i64)> = s.services.iter().map(|g| (g.id.as_str(), g.reports.now.count)).collect();
    assert_eq!(ids, vec![("hvb", 4), ("jourhem", 2)]);
    let contracts: Vec<(&str, i64)> = s.contracts.iter().map(|g| (g.id.as_str(), g.reports.now.count)).collect();
    assert_eq!(contracts, vec![("lou", 3), ("lov", 1), ("other", 1), ("unspecified", 1)]);
    let jour = s.service("jourhem").expect("group");
    assert!(jour.requirements.iter().all(|r| r.id != "utredning_hvb"), "a requirement that never applied is left out");
    assert!(jour.indicators.iter().all(|i| i.id != "summa_andel_hvb"));
    let areas: Vec<(&str, u32, i64)> = s.areas.iter().map(|a| (a.id.as_str(), a.requirements, a.figures.now.applied)).collect();
    assert_eq!(areas, vec![("trygghet", 2, 9), ("kunskapsbaserad", 1, 6)]);
}

#[test]
fn rejected_rows_are_counted_with_their_reasons() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    let text = export_rows(&[ROWS[0], "P2,,hvb,lou,2017-12-31,Ja", ",,hvb,lou,2017-12-31,Ja,1,1,0.5,", ROWS[1], "P9,,hvb,lou,2017-12-31,Ja,tre,,0.5,"]);
    let problems = summarize_text(&pack, &text, &mut acc);
    let found: Vec<(Option<u64>, &str)> = problems.iter().map(|p| (p.row, p.code.as_str())).collect();
    assert_eq!(found, vec![(Some(3), "too-few-cells"), (Some(4), "missing"), (Some(6), "wrong-type")]);
    let s = acc.finish();
    assert_eq!(s.reports.now.count, 3, "a bad cell does not reject its report");
    assert_eq!(s.rejected.count, 2);
    assert_eq!(s.rejected.reasons.get("too-few-cells"), Some(&1));
    assert_eq!(s.rejected.reasons.get("missing"), Some(&1));
    assert_eq!(s.rejected.reports[0].row, Some(3));
    assert_eq!(s.issues.get("wrong-type"), Some(&1));
}

#[test]
fn same_summary_whatever_the_order_and_batching() {
    let pack = common::pack();
    let mut forward = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS), &mut forward);
    let mut reversed_rows = ROWS.to_vec();
    reversed_rows.reverse();
    let mut backward = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&reversed_rows), &mut backward);
    // One report at a time, merged from two accumulators.
    let mut a = Accumulator::new(&pack);
    let mut b = a.empty_like();
    let text = export_rows(&ROWS);
    let reader = ExportReader::new(&pack, text.as_bytes(), "export.csv", &ExportOptions::default()).expect("opens");
    for (i, r) in reader.enumerate() {
        let answers = r.expect("row");
        if i % 2 == 0 { a.add(&answers) } else { b.add(&answers) }
    }
    a.merge(b);
    let json = forward.finish().to_json();
    assert_eq!(json, backward.finish().to_json());
    assert_eq!(json, a.finish().to_json());
}

#[cfg(feature = "parallel")]
#[test]
fn same_summary_whatever_the_thread_count() {
    let pack = common::pack();
    let mut rows = vec![];
    for i in 0..10_000 {
        let base = ROWS[i % ROWS.len()];
        let rest = base.split_once(',').map(|x| x.1).unwrap_or("");
        rows.push(format!("Q{i},{rest}"));
    }
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let text = export_rows(&refs);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| {
            let mut acc = Accumulator::new(&pack);
            summarize_text(&pack, &text, &mut acc);
            acc.finish().to_json()
        })
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert!(one.contains("\"count\": 10000"));
}

#[test]
fn response_rate_against_the_roster() {
    let pack = common::pack();
    let roster_csv = "provider;name;service;contract\nP1;Ett;hvb;lou\nP2;Två;hvb;lou\nP7;Sju;hvb;lou\nP8;Åtta;hvb;lou\nP3;Tre;jourhem;lov\n";
    let roster = Roster::from_reader(&pack, roster_csv.as_bytes(), "roster.csv").expect("roster reads");
    let mut acc = Accumulator::with_roster(&pack, roster);
    summarize_text(&pack, &export_rows(&ROWS), &mut acc);
    let s = acc.finish();
    let hvb = s.service("hvb").and_then(|g| g.response.as_ref()).expect("response");
    assert_eq!((hvb.now.invited, hvb.now.responded, hvb.now.percent, hvb.now.not_on_roster), (4, 2, Some(50), 2));
    let all = s.response.as_ref().expect("response");
    assert_eq!((all.now.invited, all.now.responded, all.now.percent), (5, 3, Some(60)));
}

#[test]
fn bad_roster_lines_are_all_reported() {
    let pack = common::pack();
    let err =
        Roster::from_reader(&pack, "provider,name,service,contract\nP1,x,hvbb,lou\n,y,hvb,lou\nP2,z,hvb,lou\nP2,z,hvb,lou\n".as_bytes(), "roster.csv").expect_err("bad roster");
    let found: Vec<(Option<u64>, &str)> = err.problems.iter().map(|p| (p.row, p.code.as_str())).collect();
    assert_eq!(found, vec![(Some(2), "not-a-choice"), (Some(3), "missing"), (Some(5), "duplicate")]);
}

#[test]
fn change_from_last_year_for_every_figure() {
    let pack = common::pack();
    let mut last = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS[..3]), &mut last);
    let last = Summary::from_json(&last.finish().to_json()).expect("last year's JSON reads back");
    let mut now = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS), &mut now);
    let mut s = now.finish();
    s.compare_with(&last);
    assert_eq!(s.reports.previous.map(|c| c.count), Some(3));
    assert_eq!(s.reports.change.map(|c| c.count), Some(3));
    let rutin = &s.requirement("rutin_finns").expect("requirement").figures;
    assert_eq!(rutin.previous.map(|t| t.percent_met), Some(Some(67)));
    assert_eq!(rutin.change.map(|t| (t.met, t.percent_met)), Some((2, Some(0))));
    let share = &s.indicator("andel_rutin").expect("indicator").figures;
    assert_eq!(share.previous.map(|f| (f.count, f.of, f.percent)), Some((Some(1), Some(2), Some(50))));
    assert_eq!(share.change.map(|f| f.percent), Some(Some(25)));
    let sum = &s.indicator("summa_antal").expect("indicator").figures;
    assert_eq!(sum.change.and_then(|f| f.total).map(granska_summary::Amount::plain), Some("3".to_string()));
    let hvb = s.service("hvb").expect("group");
    assert_eq!(hvb.reports.change.map(|c| c.count), Some(2));
    assert!(s.areas.iter().all(|a| a.figures.change.is_some()));
    assert!(s.to_markdown(granska::Lang::Sv).contains("+25 p.e. (fg. år 50\u{a0}%)"));
}

#[test]
fn json_round_trips() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&[ROWS[0], "P2,,hvb,lou,2017-12-31,Ja", ROWS[2]]), &mut acc);
    let s = acc.finish();
    let back = Summary::from_json(&s.to_json()).expect("reads back");
    assert_eq!(back, s);
    assert!(Summary::from_json("{\"format\": 1}").is_err());
}

#[test]
fn html_is_self_contained_and_escapes_texts() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&[ROWS[0], "<script>,,hvb,lou,2017-12-31,Ja"]), &mut acc);
    let s = acc.finish();
    for lang in [granska::Lang::Sv, granska::Lang::En] {
        let html = s.to_html(lang);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("<script"), "no scripts, and texts are escaped");
        assert!(html.contains("&lt;script&gt;"));
        assert_eq!(html.matches("http://").count(), html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(), "no links out but the SVG namespace");
        assert!(!html.contains("https://"));
        assert!(html.contains("<svg"));
    }
    assert!(s.to_html(granska::Lang::Sv).contains("<html lang=\"sv\">"));
    assert!(s.to_html(granska::Lang::En).contains("Rejected reports"));
}

#[test]
fn csv_has_one_row_per_figure() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS), &mut acc);
    let csv = acc.finish().to_csv(granska::Lang::En);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[0], "section");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let find = |section: &str, group: &str, id: &str| rows.iter().find(|r| &r[0] == section && &r[1] == group && &r[2] == id).cloned().expect("row present");
    let share = find("indicator", "all", "andel_rutin");
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
    assert_eq!((&share[col("count")], &share[col("of")], &share[col("percent")], &share[col("unanswered")]), ("3", "4", "75", "1"));
    let req = find("requirement", "service:hvb", "utredning_hvb");
    assert_eq!((&req[col("applied")], &req[col("met")], &req[col("not_met")], &req[col("unanswered")]), ("3", "1", "1", "1"));
}

// ---------------------------------------------------------------------------------------
// A provider reported twice in one batch.

#[test]
fn a_duplicate_row_of_an_export_is_counted_and_listed() {
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    // P1 (hvb) on rows 2 and 5; P1 (jourhem) on row 4 is another report; P2 on rows 3 and 6.
    let text = export_rows(&[ROWS[0], ROWS[1], "P1,Ett,jourhem,lov,2017-12-31,Ja,,,0.5,", "P1,Ett igen,hvb,lou,2017-12-31,Nej,1,0,0.5,", ROWS[1]]);
    let problems = summarize_text(&pack, &text, &mut acc);
    let found: Vec<(Option<u64>, &str, &str)> = problems.iter().map(|p| (p.row, p.code.as_str(), p.message.en.as_str())).collect();
    assert_eq!(
        found,
        [
            (Some(5), "duplicate-provider", "P1 (hvb) already has a report in this batch, in export.csv, row 2; both are counted"),
            (Some(6), "duplicate-provider", "P2 (hvb) already has a report in this batch, in export.csv, row 3; both are counted"),
        ],
        "told as they are found, in row order"
    );
    assert_eq!(acc.duplicates(), 2);
    let s = acc.finish();
    assert_eq!(s.reports.now.count, 5, "every report is counted");
    assert_eq!(s.rejected.count, 0);
    assert_eq!(s.duplicates, problems, "the summary lists the same warnings");
    assert!(s.duplicates.iter().all(|p| !p.rejected && p.provider.is_some() && p.file == "export.csv"));
    assert_eq!(s.duplicates[0].message.sv, "P1 (hvb) har redan en rapport i omgången, i export.csv, rad 2; båda räknas.");
    // They read back, and a summary written before the field existed still reads.
    let json = s.to_json();
    assert_eq!(Summary::from_json(&json).expect("reads back"), s);
    let mut old: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    old.as_object_mut().expect("an object").remove("duplicates");
    let old = Summary::from_json(&old.to_string()).expect("an older summary reads");
    assert!(old.duplicates.is_empty());
    // Every format lists them, in both languages.
    for (lang, heading, intro) in [
        (granska::Lang::Sv, "Dubbletter", "2 rapporter kom från en verksamhet som redan hade en rapport i omgången; alla räknas (se Dubbletter)."),
        (granska::Lang::En, "Duplicate reports", "2 reports came from a provider that already had a report in this batch; all are counted (see Duplicate reports)."),
    ] {
        let md = s.to_markdown(lang);
        assert!(md.contains(&format!("## {heading}\n")), "{md}");
        assert!(md.contains(intro), "{md}");
        assert!(md.contains(&format!("| export.csv | 5 |  | P1 | {} |", s.duplicates[0].message.get(lang))), "{md}");
        let html = s.to_html(lang);
        assert!(html.contains(&format!("<h2>{heading}</h2>")), "{html}");
        assert!(html.contains("P2 (hvb)"));
        let csv = s.to_csv(lang);
        assert!(csv.lines().any(|l| l.starts_with("duplicates,all,duplicate-provider,") && l.contains(",2,")), "{csv}");
    }
    // Without duplicates, no section.
    let mut clean = Accumulator::new(&pack);
    summarize_text(&pack, &export_rows(&ROWS), &mut clean);
    let clean = clean.finish();
    assert!(clean.duplicates.is_empty());
    assert!(!clean.to_markdown(granska::Lang::Sv).contains("Dubbletter"));
    assert!(!clean.to_csv(granska::Lang::Sv).contains("duplicates"));
}

fn read_rows(pack: &Pack, rows: &[&str]) -> Vec<granska::Answers> {
    let text = export_rows(rows);
    ExportReader::new(pack, text.as_bytes(), "x.csv", &ExportOptions::default()).expect("opens").map(|r| r.expect("row")).collect()
}

#[test]
fn duplicates_across_batches_name_the_earliest_place() {
    use granska_summary::Place;
    let pack = common::pack();
    let mut acc = Accumulator::new(&pack);
    // A first batch of report dicts (places: their positions), then a report file, then an export.
    let first = read_rows(&pack, &[ROWS[0], ROWS[1], ROWS[0]]);
    let places: Vec<Place> = (0..first.len() as u64).map(|i| Place { file: "", row: Some(i) }).collect();
    acc.add_all_at(&first, &places);
    assert_eq!(acc.duplicates(), 1);
    let file = read_rows(&pack, &[ROWS[1]]);
    let p = acc.add_at(&file[0], "p2.yaml", None).expect("P2 was in the first batch");
    assert_eq!(p.render(granska::Lang::En), "p2.yaml: provider P2: P2 (hvb) already has a report in this batch, in row 1; both are counted [duplicate-provider]");
    assert!(acc.add_at(&read_rows(&pack, &[ROWS[2]])[0], "p3.yaml", None).is_none());
    let problems = summarize_text(&pack, &export_rows(&[ROWS[2], ROWS[3], ROWS[0]]), &mut acc);
    let messages: Vec<String> = problems.iter().map(|p| p.render(granska::Lang::En)).collect();
    assert_eq!(
        messages,
        [
            "export.csv: row 2, provider P3: P3 (jourhem) already has a report in this batch, in p3.yaml; both are counted [duplicate-provider]",
            "export.csv: row 4, provider P1: P1 (hvb) already has 2 reports in this batch, the first in row 0 and the latest in row 2; all are counted [duplicate-provider]",
        ]
    );
    // Reports without a place are still found.
    acc.add(&read_rows(&pack, &[ROWS[3]])[0]);
    let s = acc.finish();
    assert_eq!(s.reports.now.count, 9);
    let listed: Vec<(&str, Option<u64>, &str)> = s.duplicates.iter().map(|p| (p.file.as_str(), p.row, p.provider.as_deref().unwrap_or(""))).collect();
    assert_eq!(listed, [("", None, "P4"), ("", Some(2), "P1"), ("export.csv", Some(2), "P3"), ("export.csv", Some(4), "P1"), ("p2.yaml", None, "P2")], "sorted by file and row");
    assert_eq!(s.duplicates[0].message.en, "P4 (jourhem) already has a report in this batch, in export.csv, row 3; both are counted");
}

#[test]
fn merged_accumulators_put_the_other_reports_after() {
    let pack = common::pack();
    let rows = read_rows(&pack, &[ROWS[0], ROWS[1]]);
    let mut a = Accumulator::new(&pack);
    let mut b = a.empty_like();
    b.add_at(&rows[0], "b.csv", Some(2));
    a.add_at(&rows[1], "a.csv", Some(2));
    a.add_at(&rows[0], "a.csv", Some(3));
    a.merge(b);
    let s = a.finish();
    assert_eq!(s.duplicates.len(), 1);
    assert_eq!((s.duplicates[0].file.as_str(), s.duplicates[0].message.en.as_str()), ("b.csv", "P1 (hvb) already has a report in this batch, in a.csv, row 3; both are counted"));
}
