//! Shared material for granska's benchmarks: the requirement-shaped expressions written in
//! granska and in each peer engine's language, the one report they all read, and helpers
//! to load the example reports.
//!
//! The peer comparison (`benches/peers.rs`) runs every [`SHAPES`] entry in every engine
//! over [`report_json`] (granska) or [`peer_data_json`] (the peers: the same answers as one
//! JSON document, with the report date and service type as plain fields). Each shape states
//! the result every engine must give; the bench checks it before timing anything.

use std::path::PathBuf;

/// The questions the one-requirement benchmark packs declare.
pub const QUESTIONS_YAML: &str = r#"
questions:
  - id: ledning.riskanalys
    type: bool
    label: { sv: Riskanalys, en: Risk analysis }
  - id: ledning.ledningssystem
    type: bool
    label: { sv: Ledningssystem, en: Management system }
  - id: ledning.rutiner
    type: bool
    label: { sv: Rutiner, en: Routines }
  - id: ledning.egenkontroll
    type: bool
    label: { sv: Egenkontroll, en: Self-monitoring }
  - id: ledning.kvalitetsberattelse
    type: bool
    label: { sv: Kvalitetsberättelse, en: Quality report }
  - id: personal.antal
    type: integer
    min: 0
    label: { sv: Antal anställda, en: Staff }
  - id: personal.med_examen
    type: integer
    min: 0
    label: { sv: Antal med examen, en: Staff with a degree }
  - id: personal.handledning
    type: bool
    label: { sv: Handledning, en: Supervision }
  - id: personal.kompetensutvecklingsplan
    type: bool
    label: { sv: Kompetensutvecklingsplan, en: Training plan }
  - id: personal.nyanstallda
    type: list
    label: { sv: Nyanställda, en: New hires }
    fields:
      - { id: registerutdrag, type: bool, label: { sv: Registerutdrag, en: Criminal record check } }
      - { id: examen, type: bool, label: { sv: Examen, en: Degree } }
      - { id: timmar, type: integer, min: 0, label: { sv: Utbildningstimmar, en: Training hours } }
      - { id: handledning, type: integer, min: 0, label: { sv: Handledningstimmar, en: Supervision hours } }
  - id: bedomning.metoder
    type: choice
    multiple: true
    label: { sv: Bedömningsmetoder, en: Assessment methods }
    choices:
      - { value: adad, label: { sv: ADAD, en: ADAD } }
      - { value: asi, label: { sv: ASI, en: ASI } }
      - { value: sdq, label: { sv: SDQ, en: SDQ } }
      - { value: ubica, label: { sv: Ubica, en: Ubica } }
  - id: verksamhet.inriktning
    type: choice
    label: { sv: Inriktning, en: Orientation }
    choices:
      - { value: behandling, label: { sv: Behandling, en: Treatment } }
      - { value: utredning, label: { sv: Utredning, en: Assessment } }
      - { value: skola, label: { sv: Skola, en: School } }
      - { value: annat, label: { sv: Annat, en: Other } }
  - id: verksamhet.orgnr
    type: text
    label: { sv: Organisationsnummer, en: Organisation number }
  - id: lex_sarah.rutin_reviderad
    type: date
    label: { sv: Rutinen reviderad, en: Routine revised }
  - id: kunder.antal
    type: integer
    min: 0
    label: { sv: Antal klienter, en: Clients }
  - id: genomforandeplan.antal
    type: integer
    min: 0
    label: { sv: Antal med genomförandeplan, en: Clients with an implementation plan }
"#;

/// The answers of the one report every engine reads. `personal.handledning` is missing;
/// the five records' `timmar` reach 40 in the 4th record only.
pub const ANSWERS_JSON: &str = r#"{
  "ledning": {
    "riskanalys": true,
    "ledningssystem": true,
    "rutiner": true,
    "egenkontroll": true,
    "kvalitetsberattelse": true
  },
  "personal": {
    "antal": 10,
    "med_examen": 9,
    "kompetensutvecklingsplan": true,
    "nyanstallda": [
      { "registerutdrag": true, "examen": false, "timmar": 12, "handledning": 4 },
      { "registerutdrag": true, "examen": false, "timmar": 8, "handledning": 6 },
      { "registerutdrag": true, "examen": false, "timmar": 20, "handledning": 2 },
      { "registerutdrag": true, "examen": true, "timmar": 40, "handledning": 10 },
      { "registerutdrag": true, "examen": true, "timmar": 16, "handledning": 8 }
    ]
  },
  "bedomning": { "metoder": ["sdq", "adad"] },
  "verksamhet": { "inriktning": "skola", "orgnr": "556677-8899" },
  "lex_sarah": { "rutin_reviderad": "2016-08-21" },
  "kunder": { "antal": 8 },
  "genomforandeplan": { "antal": 8 }
}"#;

/// The report date of that report.
pub const REPORT_DATE: &str = "2017-12-31";
/// The service type of that report.
pub const SERVICE: &str = "heldygnsvard";

/// The report as granska reads it.
pub fn report_json() -> String {
    format!(r#"{{"provider": "B-1", "service": "{SERVICE}", "date": "{REPORT_DATE}", "answers": {ANSWERS_JSON}}}"#)
}

/// The same answers as one JSON document for the peers, with `report_date` and `service`
/// as fields beside the answers.
pub fn peer_data() -> serde_json::Value {
    let mut data: serde_json::Value = match serde_json::from_str(ANSWERS_JSON) {
        Ok(v) => v,
        Err(e) => panic!("ANSWERS_JSON is not JSON: {e}"),
    };
    if let Some(object) = data.as_object_mut() {
        object.insert("report_date".into(), REPORT_DATE.into());
        object.insert("service".into(), SERVICE.into());
    }
    data
}

/// [`peer_data`] as JSON text.
pub fn peer_data_json() -> String {
    peer_data().to_string()
}

/// What an expression gives over the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Every engine gives true (granska: `met`).
    True,
    /// The expression reads a missing answer: granska gives `unanswered`; each peer gives
    /// what its idiom gives (null or false), which the bench records but does not require.
    Missing,
}

/// One requirement-shaped expression in each language. `None` where the language has no
/// idiomatic way to write it.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// The shape's name, the benchmark group (`yes_no`, `ratio`, …).
    pub name: &'static str,
    /// What it checks, in words.
    pub what: &'static str,
    /// The granska expression.
    pub granska: &'static str,
    /// JSONLogic (datalogic-rs).
    pub datalogic: Option<&'static str>,
    /// CEL (cel-rust).
    pub cel: Option<&'static str>,
    /// ZEN expression language (zen-expression).
    pub zen: Option<&'static str>,
    /// What the expression gives over the report.
    pub expect: Expect,
}

/// The requirement-shaped expressions of issue 7, each written idiomatically per language.
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "yes_no",
        what: "a yes/no answer",
        granska: "ledning.riskanalys",
        datalogic: Some(r#"{"var": "ledning.riskanalys"}"#),
        cel: Some("ledning.riskanalys"),
        zen: Some("ledning.riskanalys"),
        expect: Expect::True,
    },
    Shape {
        name: "and4",
        what: "a conjunction of four answers",
        granska: "ledning.ledningssystem and ledning.rutiner and ledning.egenkontroll and ledning.kvalitetsberattelse",
        datalogic: Some(r#"{"and": [{"var": "ledning.ledningssystem"}, {"var": "ledning.rutiner"}, {"var": "ledning.egenkontroll"}, {"var": "ledning.kvalitetsberattelse"}]}"#),
        cel: Some("ledning.ledningssystem && ledning.rutiner && ledning.egenkontroll && ledning.kvalitetsberattelse"),
        zen: Some("ledning.ledningssystem and ledning.rutiner and ledning.egenkontroll and ledning.kvalitetsberattelse"),
        expect: Expect::True,
    },
    Shape {
        name: "ratio",
        what: "staff with a degree / staff >= 0.8",
        granska: "personal.med_examen / personal.antal >= 0.8",
        datalogic: Some(r#"{">=": [{"/": [{"var": "personal.med_examen"}, {"var": "personal.antal"}]}, 0.8]}"#),
        cel: Some("double(personal.med_examen) / double(personal.antal) >= 0.8"),
        zen: Some("personal.med_examen / personal.antal >= 0.8"),
        expect: Expect::True,
    },
    Shape {
        name: "count",
        what: "count of records with a condition",
        granska: "count(p in personal.nyanstallda, p.examen) >= 2",
        datalogic: Some(r#"{">=": [{"length": {"filter": [{"var": "personal.nyanstallda"}, {"var": "examen"}]}}, 2]}"#),
        cel: Some("personal.nyanstallda.filter(p, p.examen).size() >= 2"),
        zen: Some("count(personal.nyanstallda, #.examen) >= 2"),
        expect: Expect::True,
    },
    Shape {
        name: "all",
        what: "all records meet a condition",
        granska: "all(p in personal.nyanstallda, p.registerutdrag)",
        datalogic: Some(r#"{"all": [{"var": "personal.nyanstallda"}, {"var": "registerutdrag"}]}"#),
        cel: Some("personal.nyanstallda.all(p, p.registerutdrag)"),
        zen: Some("all(personal.nyanstallda, #.registerutdrag)"),
        expect: Expect::True,
    },
    Shape {
        name: "any",
        what: "some record meets a condition (the 4th of 5)",
        granska: "any(p in personal.nyanstallda, p.examen)",
        datalogic: Some(r#"{"some": [{"var": "personal.nyanstallda"}, {"var": "examen"}]}"#),
        cel: Some("personal.nyanstallda.exists(p, p.examen)"),
        zen: Some("some(personal.nyanstallda, #.examen)"),
        expect: Expect::True,
    },
    Shape {
        name: "all_cmp",
        what: "all records meet a comparison (5 records)",
        granska: "all(p in personal.nyanstallda, p.timmar >= 1)",
        datalogic: Some(r#"{"all": [{"var": "personal.nyanstallda"}, {">=": [{"var": "timmar"}, 1]}]}"#),
        // JSON's non-negative integers are CEL `uint`s.
        cel: Some("personal.nyanstallda.all(p, p.timmar >= 1u)"),
        zen: Some("all(personal.nyanstallda, #.timmar >= 1)"),
        expect: Expect::True,
    },
    Shape {
        name: "any_cmp",
        what: "some record meets a comparison (the 4th of 5)",
        granska: "any(p in personal.nyanstallda, p.timmar >= 40)",
        datalogic: Some(r#"{"some": [{"var": "personal.nyanstallda"}, {">=": [{"var": "timmar"}, 40]}]}"#),
        cel: Some("personal.nyanstallda.exists(p, p.timmar >= 40u)"),
        zen: Some("some(personal.nyanstallda, #.timmar >= 40)"),
        expect: Expect::True,
    },
    Shape {
        name: "count_cmp",
        what: "count of records meeting a comparison >= 2 (5 records)",
        granska: "count(p in personal.nyanstallda, p.timmar >= 10) >= 2",
        datalogic: Some(r#"{">=": [{"length": {"filter": [{"var": "personal.nyanstallda"}, {">=": [{"var": "timmar"}, 10]}]}}, 2]}"#),
        cel: Some("personal.nyanstallda.filter(p, p.timmar >= 10u).size() >= 2"),
        zen: Some("count(personal.nyanstallda, #.timmar >= 10) >= 2"),
        expect: Expect::True,
    },
    Shape {
        name: "all_arith",
        what: "all records: the sum of two fields meets a bound (5 records)",
        granska: "all(p in personal.nyanstallda, p.timmar + p.handledning >= 10)",
        datalogic: Some(r#"{"all": [{"var": "personal.nyanstallda"}, {">=": [{"+": [{"var": "timmar"}, {"var": "handledning"}]}, 10]}]}"#),
        cel: Some("personal.nyanstallda.all(p, p.timmar + p.handledning >= 10u)"),
        zen: Some("all(personal.nyanstallda, #.timmar + #.handledning >= 10)"),
        expect: Expect::True,
    },
    Shape {
        name: "all_and",
        what: "all records: a yes/no field and a comparison (5 records)",
        granska: "all(p in personal.nyanstallda, p.registerutdrag and p.timmar >= 1)",
        datalogic: Some(r#"{"all": [{"var": "personal.nyanstallda"}, {"and": [{"var": "registerutdrag"}, {">=": [{"var": "timmar"}, 1]}]}]}"#),
        cel: Some("personal.nyanstallda.all(p, p.registerutdrag && p.timmar >= 1u)"),
        zen: Some("all(personal.nyanstallda, #.registerutdrag and #.timmar >= 1)"),
        expect: Expect::True,
    },
    Shape {
        name: "membership",
        what: "a value among a multiple-choice answer",
        granska: r#""adad" in bedomning.metoder"#,
        datalogic: Some(r#"{"in": ["adad", {"var": "bedomning.metoder"}]}"#),
        cel: Some("'adad' in bedomning.metoder"),
        zen: Some(r#""adad" in bedomning.metoder"#),
        expect: Expect::True,
    },
    Shape {
        name: "in_list",
        what: "an answer among a list of values (the 3rd of 3)",
        granska: r#"verksamhet.inriktning in ["behandling", "utredning", "skola"]"#,
        datalogic: Some(r#"{"in": [{"var": "verksamhet.inriktning"}, ["behandling", "utredning", "skola"]]}"#),
        cel: Some("verksamhet.inriktning in ['behandling', 'utredning', 'skola']"),
        zen: Some(r#"verksamhet.inriktning in ["behandling", "utredning", "skola"]"#),
        expect: Expect::True,
    },
    Shape {
        name: "date",
        what: "routine revised within 24 months of the report date",
        granska: "months_between(lex_sarah.rutin_reviderad, report_date()) <= 24",
        // JSONLogic's date_diff knows days, not months: 24 months as 730 days.
        datalogic: Some(
            r#"{"<=": [{"date_diff": [{"parse_date": [{"var": "report_date"}, "yyyy-MM-dd"]}, {"parse_date": [{"var": "lex_sarah.rutin_reviderad"}, "yyyy-MM-dd"]}, "days"]}, 730]}"#,
        ),
        // CEL has timestamps and durations (hours at most): 24 months as 730 days.
        cel: Some("timestamp(report_date + 'T00:00:00Z') - timestamp(lex_sarah.rutin_reviderad + 'T00:00:00Z') <= duration('17520h')"),
        zen: Some(r#"d(lex_sarah.rutin_reviderad).add(24, "months").isSameOrAfter(d(report_date))"#),
        expect: Expect::True,
    },
    Shape {
        name: "regex",
        what: "an organisation number matches a pattern",
        granska: r#"matches(verksamhet.orgnr, "^[0-9]{6}-[0-9]{4}$")"#,
        // JSONLogic has no regular expressions.
        datalogic: None,
        cel: Some("verksamhet.orgnr.matches('^[0-9]{6}-[0-9]{4}$')"),
        zen: Some(r#"matches(verksamhet.orgnr, "^[0-9]{6}-[0-9]{4}$")"#),
        expect: Expect::True,
    },
    Shape {
        name: "if_else",
        what: "nested if/else on the number of clients",
        granska: "if kunder.antal == 0 then true else if kunder.antal <= 10 then genomforandeplan.antal >= kunder.antal - 1 else genomforandeplan.antal / kunder.antal >= 0.9",
        datalogic: Some(
            r#"{"if": [{"==": [{"var": "kunder.antal"}, 0]}, true, {"<=": [{"var": "kunder.antal"}, 10]}, {">=": [{"var": "genomforandeplan.antal"}, {"-": [{"var": "kunder.antal"}, 1]}]}, {">=": [{"/": [{"var": "genomforandeplan.antal"}, {"var": "kunder.antal"}]}, 0.9]}]}"#,
        ),
        // JSON's non-negative integers are CEL `uint`s.
        cel: Some("kunder.antal == 0u ? true : (kunder.antal <= 10u ? genomforandeplan.antal >= kunder.antal - 1u : double(genomforandeplan.antal) / double(kunder.antal) >= 0.9)"),
        zen: Some("kunder.antal == 0 ? true : (kunder.antal <= 10 ? genomforandeplan.antal >= kunder.antal - 1 : genomforandeplan.antal / kunder.antal >= 0.9)"),
        expect: Expect::True,
    },
    Shape {
        name: "missing",
        what: "a conjunction reading a missing answer",
        granska: "personal.handledning and personal.kompetensutvecklingsplan",
        datalogic: Some(r#"{"and": [{"var": "personal.handledning"}, {"var": "personal.kompetensutvecklingsplan"}]}"#),
        cel: Some("has(personal.handledning) && personal.handledning && personal.kompetensutvecklingsplan"),
        zen: Some("personal.handledning == true and personal.kompetensutvecklingsplan"),
        expect: Expect::Missing,
    },
];

/// A one-requirement pack over [`QUESTIONS_YAML`] whose requirement is `require`.
pub fn one_requirement_pack(name: &str, require: &str) -> String {
    let require = require.replace('\'', "''");
    format!(
        "pack: {{ id: bench-{name}, title: {{ sv: Mätning, en: Benchmark }} }}\n{QUESTIONS_YAML}\nrequirements:\n  - id: {name}\n    title: {{ sv: Krav, en: Requirement }}\n    source: Bench\n    severity: krav\n    area: trygghet\n    require: '{require}'\n    message: {{ sv: Ej uppfyllt., en: Not met. }}\n"
    )
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The example reports under `examples/reports/`: (file name, YAML text), sorted by name.
pub fn example_reports() -> Vec<(String, String)> {
    let dir = repo_root().join("examples/reports");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml" || x == "json"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    out.sort();
    out
}

/// Reads an example report with `pack`, by its file extension.
///
/// # Errors
///
/// The report's [`granska::ReportError`] when it does not read.
pub fn read_example(pack: &granska::Pack, name: &str, text: &str) -> Result<granska::Answers, granska::ReportError> {
    if name.ends_with(".json") { pack.read_report_json(text) } else { pack.read_report_yaml(text) }
}
