//! The risk register and the kvalitetsberättelse through the public API: the example register
//! (the 2019 report's six risk areas) gives the levels, matrix and action states known by
//! construction; the levels follow the pack's parameters, never code; bad records are
//! located and shown as unknown, never misread; a pack whose levels leave a gap is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::PathBuf;

use granska::{Lang, Pack, ReportFormat, Verdict};
use granska_summary::report::Prose;
use granska_summary::risk::{QualityStory, REGISTER_PACK, RiskError, RiskModel, RiskModelError, RiskRegister, STORY_SLOTS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pack() -> Pack {
    Pack::builtin_file(REGISTER_PACK).expect("the built-in register pack loads")
}

fn example(pack: &Pack) -> RiskRegister {
    RiskRegister::read_path(pack, root().join("examples/riskanalys-2019.yaml")).expect("the example register reads")
}

fn register(pack: &Pack, yaml: &str) -> RiskRegister {
    RiskRegister::read(pack, yaml.as_bytes(), ReportFormat::Yaml, "register.yaml").expect("the register reads")
}

const HEAD: &str = "provider: bfe\nservice: egen_verksamhet\ndate: 2019-12-31\nanswers:\n  riskregister.granskad: 2019-12-01\n";

#[test]
fn the_example_register_gives_the_levels_and_matrix_known_by_construction() {
    let pack = pack();
    let r = example(&pack);
    assert_eq!(r.unit, "barn-och-familjeenheten");
    assert_eq!(r.reviewed.as_deref(), Some("2019-12-10"));
    // Likelihood × consequence against the example limits 4 (medium) and 9 (high):
    // 12, 12, 9, 6, 4, 12.
    let levels: Vec<_> = r.risks.iter().map(|x| x.level.as_deref().unwrap()).collect();
    assert_eq!(levels, ["riskniva_hog", "riskniva_hog", "riskniva_hog", "riskniva_medel", "riskniva_medel", "riskniva_hog"]);
    let counts: Vec<_> = r.levels.iter().map(|l| (l.id.as_str(), l.count)).collect();
    assert_eq!(counts, [("riskniva_lag", 0), ("riskniva_medel", 2), ("riskniva_hog", 4)]);
    assert_eq!(r.matrix.len(), 16);
    let cell = |l, k| r.matrix.iter().find(|c| c.likelihood == l && c.consequence == k).unwrap();
    assert_eq!((cell(3, 4).count, cell(3, 4).level.as_str()), (2, "riskniva_hog"));
    assert_eq!((cell(4, 3).count, cell(2, 2).count, cell(3, 2).count, cell(3, 3).count), (1, 1, 1, 1));
    assert_eq!(cell(1, 1).level, "riskniva_lag");
    assert_eq!(cell(1, 4).level, "riskniva_medel");
    assert_eq!(r.matrix.iter().map(|c| c.count).sum::<u32>(), 6);
    // Actions per risk, and which are open and past their due date on 2019-12-31.
    assert_eq!(r.risks.iter().map(|x| x.actions).collect::<Vec<_>>(), [2, 1, 1, 1, 0, 1]);
    assert_eq!(r.actions.iter().map(|a| a.open.unwrap()).collect::<Vec<_>>(), [false, true, true, true, true, true]);
    assert_eq!(r.actions.iter().map(|a| a.overdue.unwrap()).collect::<Vec<_>>(), [false, false, false, true, false, false]);
    assert_eq!(r.actions[0].status_label.as_ref().unwrap().sv, "Genomförd");
    assert_eq!(r.risks[0].area_label.as_ref().unwrap().en, "Support and protection");
    assert!(r.report.verdicts.iter().all(|v| v.verdict == Verdict::Met), "{:?}", r.report.verdicts);
    assert!(r.parameters.iter().all(|p| p.example));
}

#[test]
fn the_levels_are_the_packs_and_follow_its_parameters() {
    let pack = pack().with_params_yaml("parameters: { risk.hog_fran: 13, risk.medel_fran: 7 }", "params.yaml").expect("parameters apply");
    let r = example(&pack);
    let levels: Vec<_> = r.risks.iter().map(|x| x.level.as_deref().unwrap()).collect();
    // 12, 12, 9 are medium now; 6 and 4 low.
    assert_eq!(levels, ["riskniva_medel", "riskniva_medel", "riskniva_medel", "riskniva_lag", "riskniva_lag", "riskniva_medel"]);
    assert!(r.parameters.iter().all(|p| !p.example));
    assert_eq!(r.matrix.iter().find(|c| c.likelihood == 4 && c.consequence == 4).unwrap().level, "riskniva_hog");
}

#[test]
fn bad_records_are_located_and_shown_as_unknown() {
    let pack = pack();
    let r = register(
        &pack,
        &format!(
            "{HEAD}  riskregister.risker:\n    - {{ nr: 1, omrade: ekonomi, sannolikhet: 5, konsekvens: 2 }}\n    - {{ nr: 2, omrade: kontinuitet, sannolikhet: 2, konsekvens: 2 }}\n  riskregister.atgarder:\n    - {{ risk: 2, ansvarig: Enhetschef, senast: 2019-13-01, status: klar }}\n"
        ),
    );
    let fields: Vec<_> = r.report.issues.iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
    assert_eq!(
        fields,
        [
            ("riskregister.atgarder[0].senast", "bad-date"),
            ("riskregister.atgarder[0].status", "not-a-choice"),
            ("riskregister.risker[0].omrade", "not-a-choice"),
            ("riskregister.risker[0].sannolikhet", "out-of-range")
        ]
    );
    let bad = &r.risks[0];
    assert_eq!((bad.area.as_deref(), bad.likelihood, bad.consequence, bad.level.as_deref()), (None, None, Some(2), None));
    assert_eq!(r.risks[1].level.as_deref(), Some("riskniva_medel"));
    assert_eq!(r.matrix.iter().map(|c| c.count).sum::<u32>(), 1, "a risk of unknown level is in no cell");
    assert_eq!((r.actions[0].due.as_deref(), r.actions[0].status.as_deref(), r.actions[0].overdue), (None, None, None));
    // The register is judged on what could be read: the unknown likelihood is not a low one.
    let verdict = |id: &str| r.report.verdicts.iter().find(|v| &*v.requirement == id).unwrap().verdict;
    assert_eq!(verdict("riskregister_hog_risk_atgard"), Verdict::Unanswered);
    assert_eq!(verdict("riskregister_bedomning"), Verdict::NotMet);
}

#[test]
fn a_register_that_is_no_report_is_refused_with_its_place() {
    let pack = pack();
    let e = RiskRegister::read(&pack, b"provider: bfe\nservice: egen_verksamhet\nanswers: {}\n", ReportFormat::Yaml, "r.yaml").unwrap_err();
    assert!(matches!(&e, RiskError::Rejected { path, problems } if path == "r.yaml" && problems[0].field == "date"), "{e:?}");
    let e = RiskRegister::read(&pack, b"provider: bfe\n  bad: [", ReportFormat::Yaml, "r.yaml").unwrap_err();
    assert!(e.message(Lang::Sv).starts_with("r.yaml: "), "{}", e.message(Lang::Sv));
    let e = RiskRegister::read_path(&pack, root().join("examples/no-such-register.yaml")).unwrap_err();
    assert!(matches!(e, RiskError::Unreadable { .. }));
}

/// A register pack with its own levels: `count` of a condition per level, here with a gap.
fn custom(levels: &str) -> Pack {
    let text = format!(
        r#"
pack: {{ id: egen, title: {{ sv: Eget, en: Own }} }}
services: [{{ id: egen_verksamhet, label: {{ sv: Egen, en: Own }} }}]
questions:
  - {{ id: riskregister.granskad, type: date, label: {{ sv: G, en: R }} }}
  - id: riskregister.risker
    type: list
    label: {{ sv: Risker, en: Risks }}
    fields:
      - {{ id: nr, type: integer, label: {{ sv: Nr, en: No }} }}
      - {{ id: omrade, type: choice, label: {{ sv: O, en: A }}, choices: [{{ value: a, label: {{ sv: A, en: A }} }}] }}
      - {{ id: beskrivning, type: text, label: {{ sv: B, en: D }} }}
      - {{ id: sannolikhet, type: integer, min: 1, max: 3, label: {{ sv: S, en: L }} }}
      - {{ id: konsekvens, type: integer, min: 1, max: 3, label: {{ sv: K, en: C }} }}
  - id: riskregister.atgarder
    type: list
    label: {{ sv: Åtgärder, en: Actions }}
    fields:
      - {{ id: risk, type: integer, label: {{ sv: R, en: R }} }}
      - {{ id: atgard, type: text, label: {{ sv: Å, en: A }} }}
      - {{ id: ansvarig, type: text, label: {{ sv: A, en: O }} }}
      - {{ id: senast, type: date, label: {{ sv: S, en: D }} }}
      - {{ id: status, type: choice, label: {{ sv: S, en: S }}, choices: [{{ value: x, label: {{ sv: X, en: X }} }}] }}
      - {{ id: uppfoljd, type: date, label: {{ sv: U, en: F }} }}
      - {{ id: uppfoljning, type: text, label: {{ sv: U, en: F }} }}
indicators:
{levels}
"#
    );
    Pack::from_yaml(&text, "egen.yaml").expect("the custom pack loads")
}

fn level(id: &str, cond: &str) -> String {
    format!("  - {{ id: {id}, title: {{ sv: {id}, en: {id} }}, kind: sum, sum: 'count(r in riskregister.risker, {cond})', denominator: {{ sv: r, en: r }} }}\n")
}

#[test]
fn a_pack_whose_levels_leave_a_gap_or_overlap_is_refused_naming_the_cell() {
    let yaml = format!("{HEAD}  riskregister.risker: []\n  riskregister.atgarder: []\n");
    let gap = custom(&(level("riskniva_lag", "r.sannolikhet < 2") + &level("riskniva_hog", "r.sannolikhet > 2")));
    let e = RiskRegister::read(&gap, yaml.as_bytes(), ReportFormat::Yaml, "r.yaml").unwrap_err();
    assert!(matches!(e, RiskError::Model(RiskModelError::LevelGap { likelihood: 2, consequence: 1 })), "{e:?}");
    assert!(e.message(Lang::Sv).contains("sannolikhet 2 och konsekvens 1"), "{}", e.message(Lang::Sv));
    for lang in [Lang::Sv, Lang::En] {
        let m = e.message(lang);
        assert!(m.contains("risk.medel_fran") && m.contains("risk.hog_fran") && m.contains("riskniva_*"), "{m}");
    }
    let overlap = custom(&(level("riskniva_lag", "r.sannolikhet <= 2") + &level("riskniva_hog", "r.sannolikhet >= 2")));
    let e = RiskRegister::read(&overlap, yaml.as_bytes(), ReportFormat::Yaml, "r.yaml").unwrap_err();
    assert!(matches!(&e, RiskError::Model(RiskModelError::LevelOverlap { likelihood: 2, levels, .. }) if levels.len() == 2), "{e:?}");
    // A matrix of conditions, not a product: levels by likelihood alone, three steps.
    let own = custom(&(level("riskniva_lag", "r.sannolikhet == 1") + &level("riskniva_medel", "r.sannolikhet == 2") + &level("riskniva_hog", "r.sannolikhet == 3")));
    let r = RiskRegister::read(&own, yaml.as_bytes(), ReportFormat::Yaml, "r.yaml").expect("reads");
    assert_eq!(r.matrix.len(), 9);
    assert!(r.matrix.iter().all(|c| c.level == ["riskniva_lag", "riskniva_medel", "riskniva_hog"][c.likelihood as usize - 1]));
    // No levels at all.
    let none = custom("  []\n");
    assert!(matches!(RiskModel::new(&none), Err(RiskModelError::NoLevels)));
    // The self-report pack is no register pack.
    assert!(matches!(RiskModel::new(&Pack::builtin().unwrap()), Err(RiskModelError::MissingQuestion { id: "riskregister.granskad", .. })));
}

#[test]
fn the_kvalitetsberattelse_shows_the_matrix_actions_figures_and_escaped_prose() {
    let pack = pack();
    let r = example(&pack);
    let summary = granska_summary::Summary::from_json(&std::fs::read_to_string(root().join("tests/golden/summary-2017.json")).unwrap()).unwrap();
    let mut prose = Prose::new();
    prose.set_named_with("riskanalys", "Vi **bedömde** <script>alert(1)</script>", STORY_SLOTS).unwrap();
    assert!(prose.set_named_with("granskning", "x", STORY_SLOTS).unwrap_err().1.contains("riskanalys"), "a slot of the annual report is not one of the quality report");
    let story = QualityStory { register: &r, followup: Some(&summary), prose: &prose, title: None };
    let html = story.to_html(Lang::Sv);
    assert!(html.contains("<title>Kvalitetsberättelse 2019</title>"));
    assert!(html.contains(r#"data-likelihood="3" data-consequence="4" data-level="riskniva_hog" data-count="2""#));
    assert!(html.contains("Vi <strong>bedömde</strong> &lt;script&gt;"), "prose is escaped");
    assert!(!html.contains("<script"));
    assert!(
        html.contains(r#"<tr data-indicator="andel_lex_sarah_utredningar"><td>Har utfört lex Sarah-utredningar</td><td class="num">5 av 96 verksamheter, 5 procent"#),
        "{html}"
    );
    assert!(html.contains("161 totalt"));
    assert!(html.contains("Pågår (försenad)"));
    assert!(html.contains("exempelvärden"));
    assert!(html.contains("bedömt mot regelpaketets krav (riskregister 2025.1), med stöd i SOSFS 2011:9."), "{html}");
    assert!(html.contains("ändras i en kopia av regelpaketet"), "the scale is the pack's fields', not a parameter");
    assert!(!html.contains("Nämnden anger sina egna värden i en parameterfil"));
    assert!(html.contains("Barn- och familjeenheten, Nacka kommun (exempel)"), "the invented register is labelled as an example");
    // With the committee's own limits the note stays: the scale is still the pack's example.
    let own = self::pack().with_params_yaml("parameters: { risk.hog_fran: 13, risk.medel_fran: 7 }", "params.yaml").unwrap();
    let r_own = example(&own);
    let own_html = QualityStory { register: &r_own, followup: None, prose: &Prose::new(), title: None }.to_html(Lang::Sv);
    assert!(own_html.contains("är exempelvärden i regelpaketet riskregister 2025.1") && own_html.contains("Nivågränserna är nämndens egna ("), "{own_html}");
    let en = story.to_html(Lang::En);
    assert!(en.contains("judged against the requirements of the pack (riskregister 2025.1), based on SOSFS 2011:9."));
    assert!(en.contains("In progress (overdue)") && en.contains("<title>Quality report 2019</title>"));
    let md = story.to_markdown(Lang::Sv);
    assert!(md.contains("| 3 | Låg risk: 0 | Medelhög risk: 1 | Hög risk: 1 | Hög risk: 2 |"), "{md}");
    // Without a follow-up summary the chapter says so; a summary of another pack names the missing figures.
    let alone = QualityStory { register: &r, followup: None, prose: &Prose::new(), title: Some("Utkast") }.to_html(Lang::Sv);
    assert!(alone.contains("Ingen sammanställning av uppföljningen av utförare har lagts till."));
    let mut other = summary.clone();
    other.indicators.retain(|i| i.id != "antal_klagomal_registrerade");
    let html = QualityStory { register: &r, followup: Some(&other), prose: &Prose::new(), title: None }.to_html(Lang::Sv);
    assert!(html.contains("antal_klagomal_registrerade</code></td><td class=\"suppressed\">– (finns inte i sammanställningen)"));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["risks"][0]["level"], "riskniva_hog");
}

#[test]
fn a_model_used_with_another_pack_is_refused_never_a_panic() {
    let own = custom(&(level("riskniva_lag", "r.sannolikhet == 1") + &level("riskniva_medel", "r.sannolikhet == 2") + &level("riskniva_hog", "r.sannolikhet == 3")));
    let model = RiskModel::new(&own).expect("the custom pack carries a register");
    let meta = granska::ReportMeta { provider: "P".into(), service: "egen_verksamhet".into(), date: "2019-01-01".into(), ..Default::default() };
    assert_eq!(model.cells(&own, &meta).expect("its own pack").len(), 9);
    // A pack with the same questions but other levels, and one with no register at all.
    let other = custom(&(level("riskniva_lag", "r.sannolikhet < 3") + &level("riskniva_hog", "r.sannolikhet == 3")));
    for pack in [other, Pack::builtin().unwrap(), pack()] {
        let e = model.cells(&pack, &meta).unwrap_err();
        assert!(matches!(e, RiskModelError::OtherPack { .. }), "{e:?}");
        assert!(model.level_of(&pack, &meta, &serde_json::json!([1, "a", "x", 2, 2])).is_err());
        assert_eq!(model.action_state(&pack, &meta, &serde_json::json!([])), (None, None));
    }
}

/// The pack states "high" twice (the level indicator `riskniva_hog` and the requirement that
/// every high risk has an action), since a requirement cannot read an indicator: on every
/// cell of the scale, and under other limits, the two must agree.
#[test]
fn the_high_risk_requirement_and_the_high_level_agree_on_every_cell() {
    for params in ["parameters: {}", "parameters: { risk.hog_fran: 13, risk.medel_fran: 7 }", "parameters: { risk.hog_fran: 2, risk.medel_fran: 1 }"] {
        let pack = pack().with_params_yaml(params, "params.yaml").expect("parameters apply");
        for likelihood in 1..=4 {
            for consequence in 1..=4 {
                let yaml = format!(
                    "{HEAD}  riskregister.risker:\n    - {{ nr: 1, omrade: stod_skydd, sannolikhet: {likelihood}, konsekvens: {consequence} }}\n  riskregister.atgarder: []\n"
                );
                let r = register(&pack, &yaml);
                let high = r.risks[0].level.as_deref() == Some("riskniva_hog");
                let verdict = r.report.verdicts.iter().find(|v| &*v.requirement == "riskregister_hog_risk_atgard").unwrap().verdict;
                assert_eq!(verdict == Verdict::NotMet, high, "{params}: likelihood {likelihood}, consequence {consequence}: {verdict:?}");
                assert!(matches!(verdict, Verdict::Met | Verdict::NotMet));
            }
        }
    }
}
