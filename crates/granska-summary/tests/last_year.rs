//! The user survey and the audits compared with last year's, through the public API: the
//! change in percentage points, contagious suppression (this year, last year, both, and last
//! year held to this year's threshold), figures in only one year kept and labelled, another
//! pack refused; the audits' year figure beside last year's sample, a change only over the
//! providers audited both years.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::Pack;
use granska_summary::audit::{AuditInput, AuditOptions, AuditSummary, summarize_audits};
use granska_summary::last_year::LastYearError;
use granska_summary::survey::{Asked, ChangeStatus, SurveyArea, SurveyChange, SurveyOptions, SurveySummary, summarize_survey};

fn survey_pack() -> Pack {
    Pack::builtin_file("brukarundersokning/barn-och-familj.yaml").expect("the built-in survey pack loads")
}

fn checklist() -> Pack {
    Pack::builtin_file("granskning/strukturerad-oppenvard.yaml").expect("the built-in checklist loads")
}

/// A survey export: per area, how many respondents feel their situation better and how many
/// unchanged (the other questions unanswered).
fn survey_csv(areas: &[(&str, usize, usize)]) -> String {
    let mut csv = String::from("respondent,service,date,enkat.situation,enkat.fortroende,enkat.bemotande,enkat.kontakt,enkat.genomforandeplan\n");
    let mut n = 0;
    for (service, better, same) in areas {
        for i in 0..better + same {
            n += 1;
            let situation = if i < *better { "battre" } else { "oforandrad" };
            csv.push_str(&format!("R{n:04},{service},2018-10-01,{situation},instammer_helt,,,ja\n"));
        }
    }
    csv
}

fn survey(areas: &[(&str, usize, usize)], asked: &[(&str, u64)], threshold: Option<u32>) -> SurveySummary {
    let pack = survey_pack();
    let asked = Asked(asked.iter().map(|(s, n)| (s.to_string(), *n)).collect());
    summarize_survey(&pack, survey_csv(areas).as_bytes(), "enkat.csv", &SurveyOptions { asked, threshold, ..SurveyOptions::default() }).expect("the survey reads")
}

/// Last year's summary as `granska survey --format json` writes it, read back.
fn as_last_year(s: &SurveySummary) -> SurveySummary {
    SurveySummary::from_json(&serde_json::to_string_pretty(s).expect("json")).expect("last year's JSON reads")
}

fn area<'a>(s: &'a SurveySummary, id: &str) -> &'a SurveyArea {
    s.areas.iter().chain(std::iter::once(&s.all)).find(|a| a.service == id).unwrap_or_else(|| panic!("area {id}"))
}

fn situation<'a>(s: &'a SurveySummary, id: &str) -> &'a SurveyChange {
    area(s, id).results.iter().find(|r| r.id == "situation_battre").expect("situation_battre").change.as_ref().expect("compared")
}

#[test]
fn each_survey_figure_gets_last_years_and_the_change_in_points() {
    let last = as_last_year(&survey(&[("heldygnsvard", 4, 4), ("oppenvard", 6, 6)], &[("heldygnsvard", 20), ("oppenvard", 40)], None));
    let mut now = survey(&[("heldygnsvard", 7, 3), ("oppenvard", 9, 3)], &[("heldygnsvard", 20), ("oppenvard", 30)], None);
    now.compare_with(&last).expect("the same pack compares");
    let c = situation(&now, "heldygnsvard");
    assert_eq!((c.status, c.points), (ChangeStatus::Compared, Some(20)));
    assert_eq!(c.previous.as_ref().and_then(|p| p.percent), Some(50));
    assert_eq!(c.text.sv, "+20 p.e. (föregående år: 4 av 8 svarande, 50 procent)");
    assert_eq!(c.text.en, "+20 pp (last year: 4 of 8 respondents, 50 percent)");
    // 9 of 12 = 75 against 6 of 12 = 50; over all areas 16 of 22 = 73 against 10 of 20 = 50.
    assert_eq!(situation(&now, "oppenvard").points, Some(25));
    assert_eq!(situation(&now, "all").points, Some(23));
    // The response rate: 10 of 20 = 50 against 8 of 20 = 40; 12 of 30 = 40 against 12 of 40 = 30.
    assert_eq!(area(&now, "heldygnsvard").response_change.as_ref().expect("asked").points, Some(10));
    assert_eq!(area(&now, "oppenvard").response_change.as_ref().expect("asked").points, Some(10));
    // A scale share: "bättre" 7 of 10 against 4 of 8.
    let scale = area(&now, "heldygnsvard").scales.iter().find(|q| q.question == "enkat.situation").expect("scale");
    let better = scale.shares.iter().find(|s| s.value == "battre").expect("battre");
    assert_eq!(better.change.as_ref().expect("compared").points, Some(20));
    // Without a comparison nothing changes in the JSON.
    let plain = survey(&[("heldygnsvard", 7, 3)], &[], None);
    let json = serde_json::to_string(&plain).expect("json");
    assert!(!json.contains("\"change\":") && !json.contains("\"response_change\":") && !json.contains("\"previous\":"), "{json}");
}

/// Every change that is not shown carries no number, and neither does any suppressed cell.
fn assert_no_number_where_suppressed(c: &SurveyChange) {
    assert!(c.points.is_none(), "{c:?}");
    assert!(c.text.sv.starts_with("– (förändringen redovisas inte"), "{}", c.text.sv);
    assert!(!c.text.sv.chars().any(|ch| ch.is_ascii_digit()), "no number in {}", c.text.sv);
    if let Some(p) = &c.previous
        && p.suppressed
    {
        assert!(p.count.is_none() && p.of.is_none() && p.percent.is_none(), "{p:?}");
    }
}

#[test]
fn suppression_is_contagious_this_year_last_year_and_both() {
    // heldygnsvård: 3 now (suppressed), 8 last year; jourhem: 8 now, 3 last year (suppressed);
    // familjehem: 2 and 4 (both suppressed); oppenvard: 10 and 10 (shown).
    let last = as_last_year(&survey(&[("heldygnsvard", 4, 4), ("jourhem", 2, 1), ("familjehem", 2, 2), ("oppenvard", 5, 5)], &[], None));
    let mut now = survey(&[("heldygnsvard", 2, 1), ("jourhem", 6, 2), ("familjehem", 1, 1), ("oppenvard", 8, 2)], &[], None);
    now.compare_with(&last).expect("compares");
    let this_year = situation(&now, "heldygnsvard");
    assert_eq!(this_year.status, ChangeStatus::SuppressedThisYear);
    assert_no_number_where_suppressed(this_year);
    assert_eq!(this_year.text.sv, "– (förändringen redovisas inte: årets resultat bygger på för få svar)");
    // Last year's published figure may stand beside this year's dash; the change may not.
    assert_eq!(this_year.previous.as_ref().and_then(|p| p.percent), Some(50));
    let last_year = situation(&now, "jourhem");
    assert_eq!(last_year.status, ChangeStatus::SuppressedLastYear);
    assert_no_number_where_suppressed(last_year);
    assert!(last_year.previous.as_ref().is_some_and(|p| p.suppressed));
    let both = situation(&now, "familjehem");
    assert_eq!(both.status, ChangeStatus::SuppressedBothYears);
    assert_no_number_where_suppressed(both);
    assert_eq!(situation(&now, "oppenvard").points, Some(30));
    // Scale shares follow the same rule.
    for a in ["heldygnsvard", "jourhem", "familjehem"] {
        for q in &area(&now, a).scales {
            for s in &q.shares {
                assert_no_number_where_suppressed(s.change.as_ref().expect("compared"));
            }
        }
    }
    // And so do the tidy tables: no change, no previous percent where suppressed.
    let t = now.table("results", granska::Lang::Sv).expect("results");
    let col = |name: &str| t.columns.iter().position(|c| c.0 == name).expect(name);
    let (area_col, change_col, status_col) = (col("area"), col("change"), col("change_status"));
    for row in &t.rows {
        let status = &row[status_col];
        if matches!(status, granska_summary::tidy::Cell::Text(s) if s.starts_with("suppressed")) {
            assert_eq!(row[change_col], granska_summary::tidy::Cell::Null, "{row:?}");
        }
        if row[area_col] == granska_summary::tidy::Cell::Text("jourhem".into()) {
            assert_eq!(row[col("previous")], granska_summary::tidy::Cell::Null, "{row:?}");
        }
    }
}

#[test]
fn last_years_figure_is_held_to_this_years_threshold() {
    // Last year's threshold was 3: 4 respondents in jourhem were shown. This year's is 5.
    let last = as_last_year(&survey(&[("jourhem", 3, 1)], &[], Some(3)));
    assert!(!area(&last, "jourhem").results[0].cell.suppressed);
    let mut now = survey(&[("jourhem", 5, 5)], &[], Some(5));
    now.compare_with(&last).expect("compares");
    let c = situation(&now, "jourhem");
    assert_eq!(c.status, ChangeStatus::SuppressedLastYear);
    assert_no_number_where_suppressed(c);
    assert_eq!(c.previous.as_ref().map(|p| p.text.sv.as_str()), Some("– (färre än 5 svar, redovisas inte)"));
}

/// Last year's JSON as an older version of the same pack would have written it: one result
/// under another id.
fn older_version(s: &SurveySummary, from: &str, to: &str) -> SurveySummary {
    let json =
        serde_json::to_string(s).expect("json").replace("\"version\":\"2025.1\"", "\"version\":\"2024.1\"").replace(&format!("\"id\":\"{from}\""), &format!("\"id\":\"{to}\""));
    SurveySummary::from_json(&json).expect("reads")
}

#[test]
fn results_and_areas_in_only_one_year_show_no_change_and_are_kept() {
    let last = older_version(&survey(&[("heldygnsvard", 4, 4), ("familjebehandling", 5, 5)], &[], None), "kontakt_svar", "kontakt_gammal");
    let mut now = survey(&[("heldygnsvard", 7, 3), ("oppenvard", 6, 4)], &[], None);
    now.compare_with(&last).expect("another version of the same pack with results in common compares");
    // A result new this year: no change, and it says so.
    let kontakt = area(&now, "heldygnsvard").results.iter().find(|r| r.id == "kontakt_svar").expect("kontakt_svar").change.as_ref().expect("compared");
    assert_eq!((kontakt.status, kontakt.points), (ChangeStatus::NewResult, None));
    assert!(kontakt.text.sv.contains("finns inte i föregående års undersökning"));
    // An area new this year.
    let new_area = situation(&now, "oppenvard");
    assert_eq!(new_area.status, ChangeStatus::NewArea);
    assert!(new_area.text.sv.contains("området fanns inte med föregående år"));
    // Last year's result and area with no counterpart are kept, not dropped.
    let only = &now.previous.as_ref().expect("compared").only_last_year;
    assert!(only.iter().any(|o| o.area == "heldygnsvard" && o.id == "kontakt_gammal" && o.kind == "result"), "{only:?}");
    let fam = only.iter().find(|o| o.area == "familjebehandling" && o.id == "situation_battre").expect("familjebehandling kept");
    assert_eq!(fam.previous.percent, Some(50));
    assert_eq!(fam.text.sv, "– (finns inte i årets undersökning)");
    // In the tidy table too, as rows of their own.
    let t = now.table("results", granska::Lang::En).expect("results");
    let status = t.columns.iter().position(|c| c.0 == "change_status").expect("change_status");
    let kept = t.rows.iter().filter(|r| r[status] == granska_summary::tidy::Cell::Text("only_last_year".into())).count();
    assert_eq!(kept, only.iter().filter(|o| o.kind == "result").count());
    assert!(kept >= 6, "the five results of familjebehandling and kontakt_gammal");
}

#[test]
fn a_survey_of_another_pack_is_refused_unless_its_results_match() {
    let base = survey(&[("heldygnsvard", 4, 4)], &[], None);
    let json = serde_json::to_string(&base).expect("json");
    let other_pack = json.replace("\"id\":\"brukarundersokning_barn_och_familj\"", "\"id\":\"elevenkat\"");
    // Another pack id with exactly the same results: the same survey under a new name.
    let renamed = SurveySummary::from_json(&other_pack).expect("reads");
    let mut now = survey(&[("heldygnsvard", 7, 3)], &[], None);
    now.compare_with(&renamed).expect("the same results by id compare");
    // Another pack id and other results: refused, nothing changed.
    let different = SurveySummary::from_json(&other_pack.replace("\"id\":\"kontakt_svar\"", "\"id\":\"trivsel\"")).expect("reads");
    let mut now = survey(&[("heldygnsvard", 7, 3)], &[], None);
    let before = now.clone();
    let err = now.compare_with(&different).expect_err("another pack is refused");
    assert_eq!(now, before, "nothing is changed by a refused comparison");
    match &err {
        LastYearError::OtherPack { last_pack, this_pack, only_this_year, only_last_year, .. } => {
            assert_eq!(last_pack, "elevenkat 2025.1");
            assert_eq!(this_pack, "brukarundersokning_barn_och_familj 2025.1");
            assert_eq!(only_this_year, &vec!["kontakt_svar".to_string()]);
            assert_eq!(only_last_year, &vec!["trivsel".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.text().sv.contains("regelpaketet elevenkat 2025.1") && err.text().sv.contains("bara i år: kontakt_svar"), "{}", err.text().sv);
    // Another version of the same pack with no result in common: refused.
    let mut renamed_all = serde_json::to_string(&base).expect("json").replace("\"version\":\"2025.1\"", "\"version\":\"2019.1\"");
    for id in [
        "situation_battre",
        "fortroende",
        "bemotande",
        "kontakt_svar",
        "plan_saknas_eller_okand",
        "enkat.situation",
        "enkat.fortroende",
        "enkat.bemotande",
        "enkat.kontakt",
        "enkat.genomforandeplan",
    ] {
        renamed_all = renamed_all.replace(&format!("\"{id}\""), &format!("\"old.{id}\""));
    }
    let old = SurveySummary::from_json(&renamed_all).expect("reads");
    assert!(matches!(now.compare_with(&old), Err(LastYearError::OtherPack { .. })));
}

#[test]
fn last_years_json_that_is_no_survey_is_a_located_error() {
    let err = SurveySummary::from_json("{\n  \"pack\": 3\n}").expect_err("no survey");
    match err {
        LastYearError::Unreadable { line, .. } => assert_eq!(line, 2),
        other => panic!("{other:?}"),
    }
    assert!(AuditSummary::from_json("[]").is_err());
}

// ---- audits ----

fn record(provider: &str, plans: &[bool]) -> String {
    let mut y = format!("provider: {provider}\nname: Utförare {provider}\nservice: oppenvard\ndate: 2016-05-02\ncase_files:\n");
    for (i, plan) in plans.iter().enumerate() {
        y.push_str(&format!("  - id: A{}\n    answers: {{ akt.genomforandeplan: {}, akt.journal_aktuell: ja }}\n", i + 1, if *plan { "ja" } else { "nej" }));
    }
    y
}

fn audits(records: &[(&str, &[bool])]) -> AuditSummary {
    let pack = checklist();
    let mut input = AuditInput::new();
    for (provider, plans) in records {
        input.read_record_text(&pack, &record(provider, plans), &format!("{provider}.yaml")).expect("a record reads");
    }
    assert!(input.problems.is_empty(), "{:?}", input.problems);
    summarize_audits(&pack, &input, AuditOptions::default())
}

fn as_last_year_audits(a: &AuditSummary) -> AuditSummary {
    AuditSummary::from_json(&serde_json::to_string(a).expect("json")).expect("reads")
}

fn plan_missing(a: &AuditSummary) -> &granska_summary::audit::AuditIndicator {
    a.year.indicators.iter().find(|i| i.id == "akter_utan_genomforandeplan").expect("indicator")
}

#[test]
fn audits_of_other_providers_show_last_years_sample_and_no_change() {
    let last = as_last_year_audits(&audits(&[("P100", &[true, false, true]), ("P101", &[false, true, true, true])]));
    let mut now = audits(&[("P200", &[true, true, true]), ("P201", &[true, true])]);
    now.compare_with(&last).expect("compares");
    let c = plan_missing(&now).change.as_ref().expect("compared");
    assert_eq!(c.previous.map(|p| (p.count, p.of, p.percent)), Some((2, 7, Some(29))));
    assert_eq!(c.previous_text.sv, "föregående år: 2 av 7 granskade akter hos 2 andra utförare, 29 procent");
    assert_eq!(c.previous_text.en, "last year: 2 of 7 case files audited at 2 other providers, 29 percent");
    assert!(c.both_years.is_none());
    assert!(c.text.sv.starts_with("– (ingen förändring beräknas: ingen utförare granskades båda åren"), "{}", c.text.sv);
    let p = now.previous.as_ref().expect("compared");
    assert!(p.both_years.is_empty());
    assert_eq!(p.providers.len(), 2);
    assert!(p.text.sv.contains("ingen av dem har granskats i år"), "{}", p.text.sv);
    // No provider of this year gets a change of its own.
    assert!(now.providers.iter().all(|p| p.figures.indicators.iter().all(|i| i.change.is_none())));
}

#[test]
fn the_audit_change_is_computed_only_over_providers_audited_both_years() {
    // P062 both years: 2 of 3 plans missing last year, 0 of 3 now; P100 only last year (4 of
    // 4 present); P300 only this year (1 of 2 missing).
    let last = as_last_year_audits(&audits(&[("P062", &[true, false, false]), ("P100", &[true, true, true, true])]));
    let mut now = audits(&[("P062", &[true, true, true]), ("P300", &[true, false])]);
    now.compare_with(&last).expect("compares");
    let c = plan_missing(&now).change.as_ref().expect("compared");
    assert_eq!(c.previous_text.sv, "föregående år: 2 av 7 granskade akter hos 2 utförare, varav 1 granskad även i år, 29 procent");
    let both = c.both_years.as_ref().expect("P062 both years");
    assert_eq!(both.providers, vec!["P062".to_string()]);
    assert_eq!((both.now.count, both.now.of, both.previous.count, both.previous.of), (0, 3, 2, 3));
    assert_eq!(both.points, Some(-67));
    assert_eq!(c.text.sv, "−67 p.e. hos den utförare som granskades båda åren (i år 0 av 3 granskade akter, 0 procent; föregående år 2 av 3 granskade akter, 67 procent)");
    // The naive year-on-year difference (1 of 5 = 20 against 29) is nowhere a change.
    assert_ne!(both.points, Some(20 - 29));
    let p062 = now.providers.iter().find(|p| p.provider == "P062").expect("P062");
    let own = p062.figures.indicators.iter().find(|i| i.id == "akter_utan_genomforandeplan").and_then(|i| i.change.as_ref()).expect("P062 compared");
    assert_eq!(own.both_years.as_ref().and_then(|b| b.points), Some(-67));
    let p300 = now.providers.iter().find(|p| p.provider == "P300").expect("P300");
    assert!(p300.figures.indicators.iter().all(|i| i.change.is_none()));
    assert_eq!(now.previous.as_ref().expect("compared").both_years.len(), 1);
    // The tidy table: the year's row carries the change over P062, P062's its own.
    let t = now.table("indicators", granska::Lang::Sv).expect("indicators");
    let col = |name: &str| t.columns.iter().position(|c| c.0 == name).expect(name);
    let row = t
        .rows
        .iter()
        .find(|r| {
            r[col("provider")] == granska_summary::tidy::Cell::Text("all".into()) && r[col("indicator")] == granska_summary::tidy::Cell::Text("akter_utan_genomforandeplan".into())
        })
        .expect("the year's row");
    assert_eq!(row[col("change")], granska_summary::tidy::Cell::Integer(-67));
    assert_eq!(row[col("previous")], granska_summary::tidy::Cell::Integer(29));
    assert_eq!(row[col("change_status")], granska_summary::tidy::Cell::Text("both_years".into()));
}

#[test]
fn audits_of_another_checklist_are_refused() {
    let json = serde_json::to_string(&audits(&[("P100", &[true])])).expect("json");
    let other = json.replace("\"id\":\"granskning_strukturerad_oppenvard\"", "\"id\":\"granskning_hvb\"").replace("\"id\":\"akter_utan_genomforandeplan\"", "\"id\":\"hvb_plan\"");
    let last = AuditSummary::from_json(&other).expect("reads");
    let mut now = audits(&[("P100", &[true])]);
    let err = now.compare_with(&last).expect_err("another checklist");
    assert!(matches!(&err, LastYearError::OtherPack { only_last_year, .. } if only_last_year == &vec!["hvb_plan".to_string()]), "{err:?}");
    assert!(now.previous.is_none());
}

#[test]
fn a_checklist_figure_only_last_year_is_kept() {
    let json = serde_json::to_string(&audits(&[("P100", &[true, false])])).expect("json");
    let older = json.replace("\"version\":\"2025.1\"", "\"version\":\"2016.1\"").replace("\"id\":\"akter_utan_genomforandeplan\"", "\"id\":\"akter_plan_2016\"");
    let last = AuditSummary::from_json(&older).expect("reads");
    let mut now = audits(&[("P100", &[true, true])]);
    now.compare_with(&last).expect("another version with figures in common");
    let c = plan_missing(&now).change.as_ref().expect("compared");
    assert!(c.previous.is_none() && c.text.sv.contains("finns inte i föregående års granskningsmall"));
    let only = &now.previous.as_ref().expect("compared").only_last_year;
    let kept = only.iter().find(|o| o.id == "akter_plan_2016").expect("kept");
    assert_eq!((kept.previous.count, kept.previous.of), (1, 2));
}
