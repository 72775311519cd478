//! `PackDiff` through the public API: what changed between two packs, item by item and
//! field by field — a changed threshold parameter, a renamed requirement, a changed message
//! or expression — and nothing for a pack written differently with the same rules.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{ChangeKind, ItemKind, Lang, Pack, PackDiff};

const PACK: &str = include_str!("../../../tests/packs/params-demo.yaml");

fn load(text: &str) -> Pack {
    Pack::from_yaml(text, "demo.yaml").expect("the pack loads")
}

/// The pack with `from` replaced by `to` (which must be in it).
fn changed(from: &str, to: &str) -> Pack {
    assert!(PACK.contains(from), "{from}");
    load(&PACK.replacen(from, to, 1))
}

/// The changes as `kind id change [field old → new]…` lines.
fn lines(diff: &PackDiff) -> Vec<String> {
    diff.changes
        .iter()
        .map(|c| {
            let fields: Vec<String> = c.fields.iter().map(|f| format!("{}: {} → {}", f.field, f.old.as_deref().unwrap_or("-"), f.new.as_deref().unwrap_or("-"))).collect();
            format!("{} {} {} [{}]", c.kind.as_str(), c.id, c.change.as_str(), fields.join("; "))
        })
        .collect()
}

#[test]
fn the_same_pack_has_no_changes() {
    let diff = PackDiff::between(&load(PACK), &load(PACK));
    assert!(diff.same_content() && diff.same_rules(), "{:?}", diff.changes);
    assert!(diff.to_text(Lang::En).contains("The packs have the same content."));
    let builtin = Pack::builtin().expect("loads");
    assert!(PackDiff::between(&builtin, &builtin).changes.is_empty());
}

#[test]
fn a_changed_threshold_parameter_shows_old_and_new_value() {
    let diff = PackDiff::between(&load(PACK), &changed("default: 50", "default: 60"));
    assert!(!diff.same_content());
    assert_eq!(lines(&diff), ["parameter examen_andel changed [default: 50 → 60; value: 50 → 60]"]);
    // Set by a parameters file for one municipality and year: the value in force, and it is
    // no longer an example value.
    let pack = load(PACK);
    let set = pack.with_params_yaml("parameters: { erfarenhet_ar: 3 }", "nacka-2017.yaml").expect("applies");
    assert_eq!(lines(&PackDiff::between(&pack, &set)), ["parameter erfarenhet_ar changed [example: true → false; value: 2 → 3]"]);
    // The same value from a file elsewhere is the same pack (as the content hash says).
    let elsewhere = pack.with_params_yaml("parameters: { erfarenhet_ar: 3 }", "other/place.yaml").expect("applies");
    assert!(PackDiff::between(&set, &elsewhere).same_content());
}

#[test]
fn a_renamed_requirement_is_removed_and_added() {
    let diff = PackDiff::between(&load(PACK), &changed("- id: utbildning", "- id: utbildningsniva"));
    assert_eq!(lines(&diff), ["requirement utbildningsniva added []", "requirement utbildning removed []"]);
    let added = diff.of_kind(ItemKind::Requirement).find(|c| c.change == ChangeKind::Added).expect("added");
    assert_eq!(added.title.as_ref().map(|t| t.sv.as_str()), Some("Utbildningsnivå"));
    let text = diff.to_text(Lang::Sv);
    assert!(text.contains("+ krav utbildningsniva (Utbildningsnivå)"), "{text}");
    assert!(text.contains("- krav utbildning (Utbildningsnivå)"), "{text}");
}

#[test]
fn a_changed_message_and_a_changed_expression_show_field_by_field() {
    let diff = PackDiff::between(&load(PACK), &changed("Minst {param.examen_andel} procent", "Minst {param.examen_andel} procent (avtalet 4.2)"));
    assert_eq!(
        lines(&diff),
        [
            "requirement utbildning changed [message.sv: Minst {param.examen_andel} procent av personalen ska ha examen. → Minst {param.examen_andel} procent (avtalet 4.2) av personalen ska ha examen.]"
        ]
    );
    let diff = PackDiff::between(&load(PACK), &changed("* 100 >= param.examen_andel", "* 100 > param.examen_andel"));
    assert_eq!(
        lines(&diff),
        [
            "requirement utbildning changed [require: personal.med_examen * 100 >= param.examen_andel * personal.antal → personal.med_examen * 100 > param.examen_andel * personal.antal]"
        ]
    );
    let text = diff.to_text(Lang::En);
    assert!(text.contains("~ requirement utbildning (Education level)\n    require: personal.med_examen * 100 >= "), "{text}");
    // Severity, source and a question's label.
    assert_eq!(lines(&PackDiff::between(&load(PACK), &changed("severity: krav", "severity: bor"))), ["requirement utbildning changed [severity: krav → bor]"]);
    assert_eq!(lines(&PackDiff::between(&load(PACK), &changed("en: Number of staff", "en: Staff"))), ["question personal.antal changed [label.en: Number of staff → Staff]"]);
}

#[test]
fn an_expression_written_differently_is_the_same_rule() {
    let diff =
        PackDiff::between(&load(PACK), &changed("personal.med_examen * 100 >= param.examen_andel * personal.antal", "personal.med_examen*100>=param.examen_andel*personal.antal"));
    assert!(diff.same_rules(), "{:?}", lines(&diff));
    assert!(!diff.same_content(), "the content hash covers the text as written");
    assert!(diff.to_text(Lang::En).contains("only how expressions are written"));
}

#[test]
fn questions_and_indicators_added_and_removed() {
    let with_more = format!(
        "{PACK}indicators:\n  - id: med_kunder\n    title: {{ sv: har kunder, en: have clients }}\n    kind: share\n    count: \"kunder.antal > 0\"\n    denominator: {{ sv: verksamheter, en: providers }}\n"
    );
    let with_more = with_more.replacen("questions:\n", "questions:\n  - id: kunder.ny\n    type: bool\n    label: { sv: Ny fråga, en: New question }\n", 1);
    let diff = PackDiff::between(&load(PACK), &load(&with_more));
    assert_eq!(lines(&diff), ["question kunder.ny added []", "indicator med_kunder added []"]);
    let back = PackDiff::between(&load(&with_more), &load(PACK));
    assert_eq!(lines(&back), ["question kunder.ny removed []", "indicator med_kunder removed []"]);
    let changed_count = load(&with_more.replacen("count: \"kunder.antal > 0\"", "count: \"kunder.antal > 1\"", 1));
    assert_eq!(lines(&PackDiff::between(&load(&with_more), &changed_count)), ["indicator med_kunder changed [count: kunder.antal > 0 → kunder.antal > 1]"]);
}

#[test]
fn another_version_and_the_builtin_pack_against_a_small_one() {
    let v2 = changed("pack: { id: demo,", "pack: { id: demo, version: \"2\",");
    let diff = PackDiff::between(&load(PACK), &v2);
    assert_eq!(diff.new.version.as_deref(), Some("2"));
    assert_eq!(lines(&diff), ["pack pack changed [packs[demo].version: - → 2; version: - → 2]"]);
    // Two unrelated packs: every item of each is added or removed, none is lost.
    let builtin = Pack::builtin().expect("loads");
    let diff = PackDiff::between(&load(PACK), &builtin);
    let added = diff.of_kind(ItemKind::Requirement).filter(|c| c.change == ChangeKind::Added).count();
    assert_eq!(added, builtin.requirements().len());
    let json = serde_json::to_value(&diff).expect("serialises");
    assert_eq!(json["old"]["id"], "demo");
    assert_eq!(json["changes"][0]["kind"], "pack");
}
