//! Public API guarantees: a pack is Send + Sync and shareable across threads, loads from a
//! file or a folder, and the same answers always give byte-identical JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{Pack, Verdict};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn a_pack_is_send_and_sync() {
    assert_send_sync::<Pack>();
    assert_send_sync::<granska::Answers>();
    assert_send_sync::<granska::Report>();
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn loads_from_a_file_and_from_a_folder_like_the_builtin() {
    let builtin = Pack::builtin().expect("built-in pack");
    let from_file = Pack::from_path(root().join("rules/granska.yaml")).expect("rules/granska.yaml");
    let from_folder = Pack::from_path(root().join("rules")).expect("rules/");
    let ids = |p: &Pack| p.requirements().iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&builtin), ids(&from_file));
    assert_eq!(ids(&builtin), ids(&from_folder));
}

#[test]
fn a_pack_given_as_text_may_include_builtin_packs() {
    let pack =
        Pack::from_yaml("pack: { id: egen, title: { sv: Egen, en: Own } }\ninclude: [builtin:law/lex-sarah.yaml]\n", "egen.yaml").expect("includes the built-in lex Sarah pack");
    assert!(pack.requirements().iter().any(|r| r.id.starts_with("lex_sarah")));
}

#[test]
fn a_pack_given_as_text_cannot_read_the_disk() {
    let err = Pack::from_yaml("pack: { id: x, title: { sv: X, en: X } }\ninclude: [/etc/passwd]\n", "x.yaml").expect_err("no disk access");
    assert_eq!(err.diagnostics[0].code, "include");
    assert_eq!((err.diagnostics[0].line, err.diagnostics[0].column), (2, 11));
}

#[test]
fn same_answers_give_byte_identical_json_across_threads() {
    let pack = Pack::builtin().expect("built-in pack");
    let text = std::fs::read_to_string(root().join("examples/reports/heldygnsvard-brister.yaml")).expect("example report");
    let answers = pack.read_report_yaml(&text).expect("valid report");
    let first = serde_json::to_string(&pack.check(&answers)).expect("json");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (pack, answers) = (pack.clone(), answers.clone());
            std::thread::spawn(move || serde_json::to_string(&pack.check(&answers)).unwrap_or_default())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread"), first);
    }
    let report = pack.check(&answers);
    assert!(report.verdicts.iter().any(|v| v.verdict == Verdict::NotMet));
    assert!(report.verdicts.windows(2).all(|w| w[0].requirement < w[1].requirement));
}

#[test]
fn the_2025_report_cites_the_new_social_services_act() {
    let pack = Pack::builtin().expect("built-in pack");
    let cite = |date: &str| {
        let json = serde_json::json!({"provider": "P", "service": "heldygnsvard", "date": date, "answers": {}});
        let report = pack.check(&pack.read_report(&json).expect("valid"));
        report.verdicts.iter().find(|v| &*v.requirement == "anmalningsplikt").map(|v| v.source.clone()).unwrap_or_default()
    };
    assert!(cite("2017-12-31").contains("2001:453"), "{}", cite("2017-12-31"));
    assert!(cite("2025-09-30").contains("2025:400"), "{}", cite("2025-09-30"));
}

#[test]
fn a_requirement_names_the_questions_it_reads_through_derived_values_in_questionnaire_order() {
    let pack = Pack::from_yaml(
        r#"
pack: { id: t, title: { sv: T, en: T } }
questions:
  - { id: a, type: bool, label: { sv: A, en: A } }
  - { id: b, type: integer, label: { sv: B, en: B } }
  - { id: c, type: integer, label: { sv: C, en: C } }
  - { id: d, type: bool, label: { sv: D, en: D } }
derived:
  - { id: summa, label: { sv: Summa, en: Sum }, expr: "b + c" }
requirements:
  - id: r1
    title: { sv: R1, en: R1 }
    source: "Exempel"
    severity: krav
    area: trygghet
    applies: d
    require: "summa > 2"
    message: { sv: Nej, en: No }
  - id: r2
    title: { sv: R2, en: R2 }
    source: "Exempel"
    severity: krav
    area: trygghet
    require: "a"
    message: { sv: Nej, en: No }
"#,
        "t.yaml",
    )
    .unwrap();
    assert_eq!(pack.requirement_questions("r1").unwrap(), ["b", "c", "d"]);
    assert_eq!(pack.requirement_questions("r2").unwrap(), ["a"]);
    assert_eq!(pack.requirement_questions("nosuch"), None);
    let builtin = Pack::builtin().unwrap();
    assert_eq!(builtin.requirement_questions("riskanalys").unwrap(), ["ledning.riskanalys", "ledning.riskanalys_datum"]);
}

/// The message of a JSON report refused as unreadable (`syntax`), or `None` when it reads.
fn json_refusal(pack: &Pack, text: &str) -> Option<String> {
    match pack.read_report_json(text) {
        Ok(_) => None,
        Err(e) => {
            assert_eq!(e.problems.len(), 1, "{e}");
            assert_eq!(e.problems[0].code, granska::IssueCode::Syntax, "{e}");
            Some(e.problems[0].message.en.clone())
        }
    }
}

#[test]
fn a_key_given_twice_in_any_object_of_a_json_report_is_refused_where_it_repeats() {
    let pack = Pack::builtin().unwrap();
    let head = r#"{"provider": "P1", "service": "jourhem", "date": "2017-12-31","#;
    // Nested answers, a record of a list, the report's own fields, and a key spelled with an
    // escape that reads as the same key: each refused at the repeated key, never the last kept.
    let cases = [
        (format!("{head}\n\"answers\": {{\"personal\": {{\"antal\": 3,\n  \"antal\": 4}}}}}}"), "the key \"antal\" appears twice at line 3 column 9"),
        (
            format!("{head}\n\"answers\": {{\"personal.nyanstallda\": [{{\"timmar\": 1}}, {{\"timmar\": 2, \"timmar\": 3}}]}}}}"),
            "the key \"timmar\" appears twice at line 2 column 74",
        ),
        (format!("{head} \"date\": \"2018-12-31\"}}"), "the key \"date\" appears twice at line 1 column 69"),
        (format!("{head} \"answers\": {{\"a\": 1, \"\\u0061\": 2}}}}"), "the key \"a\" appears twice at line 1 column 91"),
    ];
    for (text, expected) in &cases {
        let message = json_refusal(&pack, text).unwrap_or_else(|| panic!("read: {text}"));
        assert!(message.ends_with(expected), "{text}\n{message}");
    }
    // The same key in two objects is no repetition; a number past a float before a repeated
    // key is still an answer issue, and the repetition is still found.
    let fine = format!("{head} \"answers\": {{\"personal\": {{\"antal\": 3}}, \"kunder\": {{\"antal\": 3}}}}}}");
    assert_eq!(json_refusal(&pack, &fine), None);
    let huge = format!("{head} \"answers\": {{\"personal.antal\": 1e400, \"x\": 1, \"x\": 2}}}}");
    // (The column counts the number as quoted: `"1e400"`.)
    assert_eq!(json_refusal(&pack, &huge).as_deref(), Some("invalid JSON at line 1, column 113: the key \"x\" appears twice at line 1 column 113"));
    let huge_alone = format!("{head} \"answers\": {{\"personal.antal\": 1e400}}}}");
    let answers = pack.read_report_json(&huge_alone).unwrap();
    assert_eq!(answers.issues()[0].code, granska::IssueCode::OutOfRange);
}
