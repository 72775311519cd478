//! Provider history through the public API: the example exports for 2016–2018
//! (`scripts/gen_history.py`) give the recurring-shortcoming figures known by construction;
//! id changes, mergers, providers who disappear and reappear, packs of different versions and
//! bad report files are handled without losing anything.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::PathBuf;
use std::sync::Arc;

use granska::{Lang, Pack, Verdict};
use granska_summary::export::ExportOptions;
use granska_summary::history::{History, HistoryError, HistoryInput, HistoryOptions, HistoryStatus, ProviderMapping, YearReport, YearVerdict};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> PathBuf {
    root().join("examples/history")
}

fn example_history(mapping: bool) -> History {
    let pack = Pack::builtin().expect("the built-in pack loads");
    let mut input = HistoryInput::new();
    for year in [2016, 2017, 2018] {
        input.read_path(&examples().join(format!("export-{year}.csv")), Some(&pack), &ExportOptions::default());
    }
    let mapping = if mapping { ProviderMapping::from_path(examples().join("providers-mapping.csv")).expect("the mapping reads") } else { ProviderMapping::new() };
    input.join(&mapping, &HistoryOptions::default()).expect("the history joins")
}

fn status(h: &History, provider: &str, requirement: &str, year: i32) -> (HistoryStatus, u32) {
    let r =
        h.rows.iter().find(|r| &*r.provider == provider && &*r.requirement == requirement && r.year == year).unwrap_or_else(|| panic!("a row for {provider} {requirement} {year}"));
    (r.status, r.run)
}

fn with_status(h: &History, requirement: &str, s: HistoryStatus) -> Vec<String> {
    h.rows.iter().filter(|r| r.year == 2018 && &*r.requirement == requirement && r.status == s).map(|r| r.provider.to_string()).collect()
}

#[test]
fn the_example_years_give_the_figures_known_by_construction() {
    let h = example_history(true);
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    assert_eq!(h.year, 2018);
    assert_eq!(h.years.iter().map(|y| (y.year, y.reports)).collect::<Vec<_>>(), [(2016, 19), (2017, 17), (2018, 17)]);
    let riskanalys: Vec<_> = h.recurring.iter().filter(|f| &*f.requirement == "riskanalys").map(|f| (f.run, f.count, f.providers.clone())).collect();
    assert_eq!(
        riskanalys,
        [
            (2, 4, vec!["P103 (familjebehandling)".to_string(), "P104 (familjebehandling)".into(), "P105 (oppenvard)".into(), "P113 (familjeradgivning)".into()]),
            (3, 4, vec!["P101 (familjeradgivning)".to_string(), "P102 (familjeradgivning)".into(), "P210 (heldygnsvard)".into(), "P220 (oppenvard)".into()]),
        ]
    );
    let second = h.recurring.iter().find(|f| &*f.requirement == "riskanalys" && f.run == 2).unwrap();
    assert_eq!(second.text.get(Lang::Sv), "4 verksamheter uppfyller inte kravet ”Riskanalys på verksamhetsnivå” för andra året i rad (2018).");
    assert_eq!(second.text.get(Lang::En), "4 providers did not meet the requirement “Risk analysis at operations level” for the second year running (2018).");
    let complaints: Vec<_> = h.recurring.iter().filter(|f| &*f.requirement == "klagomal_rutin").map(|f| (f.run, f.count)).collect();
    assert_eq!(complaints, [(3, 1)]);
    assert!(
        h.recurring
            .iter()
            .find(|f| &*f.requirement == "klagomal_rutin")
            .unwrap()
            .text
            .sv
            .starts_with("1 verksamhet uppfyller inte kravet ”Rutin för synpunkter och klagomål” för tredje året i rad")
    );

    assert_eq!(with_status(&h, "riskanalys", HistoryStatus::NotMetFirst), ["P107"]);
    assert_eq!(with_status(&h, "riskanalys", HistoryStatus::NotMetEarlier), ["P106", "P109"]);
    assert_eq!(with_status(&h, "riskanalys", HistoryStatus::Improved), ["P108"]);
    assert_eq!(with_status(&h, "riskanalys", HistoryStatus::Met), ["P116", "P117", "P118", "P119", "P120"]);
    assert_eq!(with_status(&h, "riskanalys", HistoryStatus::Missing), ["P114", "P115"]);
    assert_eq!(with_status(&h, "klagomal_rutin", HistoryStatus::Improved), ["P103"]);
    let counts = h.counts.iter().find(|c| &*c.requirement == "riskanalys").unwrap();
    assert_eq!((counts.counts["not_met_again"], counts.counts["missing"], counts.counts["met"]), (8, 2, 5));

    // The runs, year by year.
    // 2016 is the history's first year: nothing is known of the years before it.
    assert_eq!(status(&h, "P101", "riskanalys", 2016), (HistoryStatus::NotMetUnknownBefore, 1));
    assert_eq!(status(&h, "P101", "riskanalys", 2017), (HistoryStatus::NotMetAgain, 2));
    assert_eq!(status(&h, "P101", "riskanalys", 2018), (HistoryStatus::NotMetAgain, 3));
    assert_eq!(status(&h, "P109", "riskanalys", 2017), (HistoryStatus::Missing, 0));
    assert_eq!(status(&h, "P113", "riskanalys", 2016), (HistoryStatus::Missing, 0));
}

#[test]
fn ids_are_linked_by_the_mapping_and_missing_years_are_shown() {
    let h = example_history(true);
    let p220 = h.providers.iter().find(|p| &*p.provider == "P220").unwrap();
    let ids: Vec<_> = p220.years.iter().map(|y| y.reported_as.clone()).collect();
    assert_eq!(ids, [vec!["P111".to_string(), "P112".into()], vec!["P111".to_string(), "P112".into()], vec!["P220".to_string()]]);
    assert!(p220.missing_years.is_empty());
    // P112 was met in 2016 but merged with P111, not met: the worse verdict holds.
    assert_eq!(status(&h, "P220", "riskanalys", 2016), (HistoryStatus::NotMetUnknownBefore, 1));
    let p115 = h.providers.iter().find(|p| &*p.provider == "P115").unwrap();
    assert_eq!(p115.missing_years, [2017, 2018]);
    assert_eq!(h.links.iter().map(|l| (l.old.as_str(), l.new.as_str())).collect::<Vec<_>>(), [("P110", "P210"), ("P111", "P220"), ("P112", "P220")]);
    assert!(h.links[0].reason.contains("organisationsnummer"));
    let text = h.to_text(Lang::Sv);
    assert!(text.contains("Verksamheter utan rapport 2018 (2):"), "{text}");
    assert!(text.contains("P110 → P210: nytt organisationsnummer 2018"), "{text}");

    // Without the mapping, the renamed providers start over (their earlier years unknown) and the old ids go missing.
    let h = example_history(false);
    assert_eq!(status(&h, "P210", "riskanalys", 2018), (HistoryStatus::NotMetUnknownBefore, 1));
    assert_eq!(status(&h, "P110", "riskanalys", 2018), (HistoryStatus::Missing, 0));
    assert_eq!(h.recurring.iter().filter(|f| &*f.requirement == "riskanalys").map(|f| f.count).sum::<u64>(), 6);
}

fn report(provider: &str, year: i32, pack_version: &str, verdicts: &[(&str, Verdict)]) -> YearReport {
    YearReport {
        provider: provider.into(),
        name: None,
        service: "jourhem".into(),
        date: granska::parse_date(&format!("{year}-12-31")).unwrap(),
        year,
        pack: "granska".into(),
        pack_version: Some(pack_version.into()),
        pack_content_hash: String::new(),
        verdicts: verdicts.iter().map(|(r, v)| YearVerdict { requirement: Arc::from(*r), verdict: *v, title: None }).collect(),
        place: format!("{provider}-{year}.json"),
        file: format!("{provider}-{year}.json"),
        row: None,
        path: None,
    }
}

#[test]
fn packs_of_different_versions_are_joined_by_requirement_id_and_say_what_only_some_years_have() {
    use Verdict::{Met, NotMet};
    let reports = [
        report("P1", 2016, "2016.1", &[("a", NotMet)]),
        report("P1", 2017, "2017.1", &[("a", NotMet), ("b", NotMet)]),
        report("P1", 2018, "2018.1", &[("a", NotMet), ("b", NotMet)]),
        report("P2", 2018, "2018.1", &[("a", Met), ("b", NotMet)]),
    ];
    let h = History::join(&reports, &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap();
    let b = h.requirements.iter().find(|r| &*r.id == "b").unwrap();
    assert_eq!(b.years, [2017, 2018]);
    assert_eq!(status(&h, "P1", "b", 2016), (HistoryStatus::NotInPack, 0));
    assert_eq!(status(&h, "P1", "b", 2018), (HistoryStatus::NotMetAgain, 2));
    assert_eq!(status(&h, "P1", "a", 2018), (HistoryStatus::NotMetAgain, 3));
    assert_eq!(status(&h, "P2", "a", 2017), (HistoryStatus::Missing, 0));
    assert_eq!(h.years.iter().map(|y| y.packs[0].version.clone().unwrap()).collect::<Vec<_>>(), ["2016.1", "2017.1", "2018.1"]);
    assert!(h.to_text(Lang::En).contains("Requirements only some years have (compared in those years only):\n  - b (2017, 2018)"));

    // A year in focus other than the latest.
    let h = History::join(&reports, &ProviderMapping::new(), &HistoryOptions { year: Some(2017), ..Default::default() }, vec![]).unwrap();
    assert_eq!(h.recurring.iter().map(|f| (&*f.requirement, f.run, f.count)).collect::<Vec<_>>(), [("a", 2, 1)]);
    assert_eq!(
        History::join(&reports, &ProviderMapping::new(), &HistoryOptions { year: Some(2015), ..Default::default() }, vec![]),
        Err(HistoryError::NoSuchYear { year: 2015, years: vec![2016, 2017, 2018] })
    );

    // Packs of another id are other rules: refused unless asked for.
    let mut other = report("P1", 2019, "1", &[("a", NotMet)]);
    other.pack = "annat".into();
    let all = [reports.to_vec(), vec![other]].concat();
    let e = History::join(&all, &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap_err();
    assert!(matches!(&e, HistoryError::OtherPack { packs } if packs == &["annat (2019)".to_string(), "granska (2016, 2017, 2018)".into()]), "{e}");
    assert!(e.text().sv.contains("olika regelpaket"));
    assert!(History::join(&all, &ProviderMapping::new(), &HistoryOptions { allow_other_pack: true, ..Default::default() }, vec![]).is_ok());
}

#[test]
fn a_calendar_year_without_any_report_breaks_a_run() {
    use Verdict::{Met, NotMet};
    let reports =
        [report("P1", 2016, "1", &[("a", NotMet)]), report("P1", 2018, "1", &[("a", NotMet)]), report("P2", 2016, "1", &[("a", NotMet)]), report("P2", 2018, "1", &[("a", Met)])];
    let h = History::join(&reports, &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap();
    assert_eq!(h.years.iter().map(|y| y.year).collect::<Vec<_>>(), [2016, 2018]);
    assert_eq!(status(&h, "P1", "a", 2018), (HistoryStatus::NotMetEarlier, 1));
    assert_eq!(status(&h, "P2", "a", 2018), (HistoryStatus::Met, 0));
    assert!(h.recurring.is_empty());
}

#[test]
fn a_provider_reported_twice_in_a_year_is_a_warning_and_the_worse_verdict_holds() {
    let reports = [report("P1", 2017, "1", &[("a", Verdict::Met)]), report("P1", 2017, "1", &[("a", Verdict::NotMet)])];
    let h = History::join(&reports, &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap();
    assert_eq!(status(&h, "P1", "a", 2017), (HistoryStatus::NotMetUnknownBefore, 1));
    assert_eq!(h.problems.len(), 1);
    assert_eq!(h.problems[0].code, "duplicate-provider");
    assert_eq!(h.problems[0].file, "P1-2017.json");
}

#[test]
fn bad_report_files_are_located_and_the_other_reports_are_read() {
    let pack = Pack::builtin().unwrap();
    let answers = pack.read_report_json(r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": false}}"#).unwrap();
    let good = serde_json::to_value(pack.check(&answers)).unwrap();
    let mut bad_verdict = good.clone();
    bad_verdict["verdicts"][3]["verdict"] = "maybe".into();
    let mut bad_date = good.clone();
    bad_date["date"] = "31/12/2017".into();
    let mut no_provider = good.clone();
    no_provider.as_object_mut().unwrap().remove("provider");
    let list = serde_json::Value::Array(vec![good.clone(), bad_verdict, bad_date, no_provider, 7.into()]);
    let mut input = HistoryInput::new();
    input.read_json(&list.to_string(), "2017.json");
    input.read_json("{\"provider\": \"P2\",\n  \"service\": }", "broken.json");
    input.read_json(&good.to_string(), "one.json");
    assert_eq!(input.reports.len(), 2);
    let located: Vec<_> = input.problems.iter().map(|p| (p.file.as_str(), p.field.as_deref(), p.row)).collect();
    assert_eq!(
        located,
        [
            ("2017.json", Some("[1].verdicts[3].verdict"), None),
            ("2017.json", Some("[2].date"), None),
            ("2017.json", Some("[3].provider"), None),
            ("2017.json", Some("[4]"), None),
            ("broken.json", None, Some(2)),
        ]
    );
    assert!(input.problems.iter().all(|p| p.rejected));
    assert!(input.problems[0].message.sv.contains("\"maybe\" är inget utfall"), "{:?}", input.problems[0].message);
    assert!(input.problems[1].message.en.contains("no date of the form YYYY-MM-DD"));
    let h = input.join(&ProviderMapping::new(), &HistoryOptions::default()).unwrap();
    // The same report read twice (2017.json [0] and one.json) is a provider reported twice.
    assert_eq!(h.problems.len(), 6);
    assert_eq!(h.problems[5].code, "duplicate-provider");
    assert!(h.problems[5].message.sv.contains("2017.json [0]"), "{:?}", h.problems[5].message);
    assert_eq!(h.years[0].reports, 2);
}

#[test]
fn checked_reports_read_from_yaml_and_answers_not_yet_checked_are_named_as_such() {
    let pack = Pack::builtin().unwrap();
    let answers = pack.read_report_json(r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": false}}"#).unwrap();
    let yaml = serde_saphyr::to_string(&vec![pack.check(&answers)]).unwrap();
    let mut reports = vec![];
    let mut problems = vec![];
    granska_summary::history::read_reports_yaml(&yaml, "2017.yaml", &mut reports, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((reports[0].provider.as_str(), reports[0].year), ("P1", 2017));
    assert!(reports[0].verdicts.iter().any(|v| &*v.requirement == "riskanalys" && v.verdict == Verdict::NotMet));
    let mut input = HistoryInput::new();
    input.read_json(r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31", "pack": "granska", "answers": {}}"#, "svar.json");
    assert_eq!(input.problems[0].field.as_deref(), Some("verdicts"));
    assert!(input.problems[0].message.sv.contains("inte bedömd"), "{:?}", input.problems[0].message);
}

#[test]
fn a_mapping_file_refuses_bad_rows_at_their_place_and_uses_the_others() {
    let text = "old,new,reason\nA,B,nytt organisationsnummer\nB,C,sammanslagning\nD,,fusion\nE,E,samma\nA,X,dubbel\nC,A,slinga\nF,G,\n";
    let m = ProviderMapping::from_reader(text.as_bytes(), "koppling.csv").unwrap();
    assert_eq!(m.resolve("A"), "C");
    assert_eq!(m.resolve("Z"), "Z");
    let located: Vec<_> = m.problems.iter().map(|p| (p.row, p.column.as_ref().map(|c| c.number))).collect();
    assert_eq!(located, [(Some(4), Some(2)), (Some(5), Some(1)), (Some(6), Some(1)), (Some(7), Some(1)), (Some(8), Some(3))]);
    assert!(m.problems[2].message.sv.contains("redan kopplat till \"B\" (koppling.csv, rad 2)"), "{:?}", m.problems[2].message);
    assert!(m.problems[3].message.en.contains("loop"));
    let e = ProviderMapping::from_reader("gammalt_id,nytt\nA,B\n".as_bytes(), "k.csv").unwrap_err();
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].code, "missing-column");
    assert!(e.problems[0].message.sv.contains("reason (skäl)"));
}

#[test]
fn the_tidy_table_has_one_row_per_provider_requirement_and_year() {
    let h = example_history(true);
    let csv = h.to_csv();
    assert!(csv.starts_with("provider,service,requirement,year,verdict,status,run\n"));
    assert!(csv.contains("\nP101,familjeradgivning,riskanalys,2018,not_met,not_met_again,3\n"), "{csv}");
    assert!(csv.contains("\nP114,jourhem,riskanalys,2018,,missing,0\n"));
    let json: serde_json::Value = serde_json::from_str(&h.to_json()).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), h.rows.len());
    assert_eq!(h.rows.len() % 3, 0);
}

#[test]
fn a_provider_reported_twice_in_an_export_is_located_by_file_and_row_not_by_a_file_named_with_the_row() {
    let pack = Pack::builtin().unwrap();
    let dir = std::env::temp_dir().join(format!("granska-history-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(examples().join("export-2017.csv")).unwrap();
    let mut lines = good.lines();
    let header = lines.next().unwrap();
    let first = lines.next().unwrap();
    let csv = dir.join("export.csv");
    std::fs::write(&csv, format!("{header}\n{first}\n{first}\n")).unwrap();
    let mut input = HistoryInput::new();
    input.read_path(&csv, Some(&pack), &ExportOptions::default());
    let h = input.join(&ProviderMapping::new(), &HistoryOptions::default()).unwrap();
    let dup = h.problems.iter().find(|p| p.code == "duplicate-provider").expect("a duplicate-provider warning");
    assert_eq!(dup.file, csv.display().to_string());
    assert_eq!(dup.row, Some(3));
    assert!(dup.message.sv.contains("rad 2"), "{:?}", dup.message);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_names_every_file_it_does_not_read_and_a_summary_is_named_as_such() {
    let dir = std::env::temp_dir().join(format!("granska-history-folder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = Pack::builtin().unwrap();
    let answers = pack.read_report_json(r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": false}}"#).unwrap();
    std::fs::write(dir.join("a.json"), serde_json::to_string(&pack.check(&answers)).unwrap()).unwrap();
    std::fs::write(dir.join("notes.txt.bak"), "x").unwrap();
    std::fs::write(dir.join("summary.json"), r#"{"format": 1, "pack": {"id": "granska"}, "reports": {"this_year": 3}}"#).unwrap();
    let mut input = HistoryInput::new();
    input.read_path(&dir, Some(&pack), &ExportOptions::default());
    assert_eq!(input.reports.len(), 1);
    let skipped: Vec<_> = input.problems.iter().filter(|p| p.code == "skipped").collect();
    assert_eq!(skipped.len(), 1, "{:?}", input.problems);
    assert!(skipped[0].file.ends_with("notes.txt.bak") && !skipped[0].rejected);
    let summary: Vec<_> = input.problems.iter().filter(|p| p.file.ends_with("summary.json")).collect();
    assert_eq!(summary.len(), 1);
    assert!(summary[0].message.en.contains("this is a summary, not a checked report (granska check --format json)"), "{:?}", summary[0].message);
    assert!(summary[0].rejected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_report_checked_in_memory_with_a_date_that_is_no_date_is_a_problem_never_1970() {
    let pack = Pack::builtin().unwrap();
    let answers = pack.read_report_json(r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31", "answers": {"ledning.riskanalys": false}}"#).unwrap();
    let mut report = pack.check(&answers);
    report.date = "31/12/2017".into();
    assert!(YearReport::from_report(&report, "mem").is_err());
    let mut input = HistoryInput::new();
    input.add_report(&report, "mem");
    assert!(input.reports.is_empty());
    assert_eq!(input.problems.len(), 1);
    assert_eq!(input.problems[0].field.as_deref(), Some("date"));
    assert!(input.problems[0].rejected);
}

#[test]
fn a_first_time_needs_every_earlier_year_known() {
    use Verdict::{Met, NotApplicable, NotMet, Unanswered};
    let reports = [
        // Fails in the history's first year: nothing earlier is known.
        report("P1", 2016, "1", &[("a", NotMet)]),
        report("P1", 2017, "1", &[("a", Met)]),
        // First reports in the second year: 2016 is not known.
        report("P2", 2017, "1", &[("a", NotMet)]),
        // Met, then fails: a first time.
        report("P3", 2016, "1", &[("a", Met)]),
        report("P3", 2017, "1", &[("a", NotMet)]),
        // Not applicable, then unanswered, then fails: the unanswered year is not known.
        report("P4", 2016, "1", &[("a", NotApplicable)]),
        report("P4", 2017, "1", &[("a", Unanswered)]),
        report("P4", 2018, "1", &[("a", NotMet)]),
        // Not applicable, then fails: a first time.
        report("P5", 2017, "1", &[("a", NotApplicable)]),
        report("P5", 2018, "1", &[("a", NotMet)]),
    ];
    let h = History::join(&reports, &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap();
    assert_eq!(status(&h, "P1", "a", 2016), (HistoryStatus::NotMetUnknownBefore, 1));
    assert_eq!(status(&h, "P1", "a", 2017), (HistoryStatus::Improved, 0));
    assert_eq!(status(&h, "P2", "a", 2017), (HistoryStatus::NotMetUnknownBefore, 1));
    assert_eq!(status(&h, "P3", "a", 2017), (HistoryStatus::NotMetFirst, 1));
    assert_eq!(status(&h, "P4", "a", 2018), (HistoryStatus::NotMetUnknownBefore, 1));
    // P5 has no 2016 report: not known either.
    assert_eq!(status(&h, "P5", "a", 2018), (HistoryStatus::NotMetUnknownBefore, 1));
    assert!(HistoryStatus::NotMetUnknownBefore.is_not_met());

    // A history of one year: its figures and table name the unknown-earlier status, not "first time".
    let h = History::join(&reports[..1], &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap();
    let text = h.to_text(Lang::Sv);
    assert!(text.contains("ej uppfyllt, utfallet tidigare år okänt 1"), "{text}");
    assert!(text.contains("ej uppfyllt, första gången 0"), "{text}");
    let counts = &h.counts[0].counts;
    assert_eq!((counts["not_met_unknown_before"], counts["not_met_first"]), (1, 0));
    let html = h.to_html_section(Lang::En);
    assert!(html.contains("not met, earlier years not known"), "{html}");
    // A history where every failure of the year in focus has known earlier years has no such column.
    let h = History::join(&reports[3..5], &ProviderMapping::new(), &HistoryOptions::default(), vec![]).unwrap();
    assert_eq!(status(&h, "P3", "a", 2017), (HistoryStatus::NotMetFirst, 1));
    assert!(!h.to_html_section(Lang::En).contains("earlier years not known"));
}
