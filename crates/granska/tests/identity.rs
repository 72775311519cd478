//! A pack's identity through the public API: the content hash is the same for the same rules
//! however the YAML is written, and differs when anything that can change a verdict, message
//! or figure differs.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use granska::{Pack, PackIdentity};

const PACK: &str = include_str!("../../../tests/packs/params-demo.yaml");

fn load(text: &str) -> Pack {
    Pack::from_yaml(text, "demo.yaml").expect("the pack loads")
}

#[test]
fn the_hash_is_64_hex_digits_and_the_same_on_every_load() {
    let a = Pack::builtin().expect("the built-in pack loads");
    let b = Pack::builtin().expect("the built-in pack loads");
    assert_eq!(a.content_hash().len(), 64);
    assert!(a.content_hash().bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(a.content_hash(), b.content_hash());
    assert_eq!(a.identity(), b.identity());
    assert_eq!(a.identity().id, a.info().id);
}

#[test]
fn comments_layout_and_key_order_do_not_change_the_hash() {
    let pack = load(PACK);
    // Comments gone, a flow mapping written as a block, keys of a mapping in another order.
    let rewritten: String = PACK.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect();
    let rewritten = rewritten.replacen("pack: { id: demo, title: { sv: Demo, en: Demo } }", "pack:\n  title:\n    en: Demo\n    sv: Demo\n  id: demo   # the same id", 1);
    assert_ne!(rewritten, PACK);
    assert_eq!(load(&rewritten).content_hash(), pack.content_hash());
}

#[test]
fn a_changed_rule_message_or_parameter_value_changes_the_hash() {
    let pack = load(PACK);
    let changes = [
        ("personal.med_examen * 100 >= param.examen_andel", "personal.med_examen * 100 > param.examen_andel"),
        ("Minst {param.examen_andel} procent", "Högst {param.examen_andel} procent"),
        ("default: 50", "default: 60"),
    ];
    for (from, to) in changes {
        assert!(PACK.contains(from), "{from}");
        let changed = load(&PACK.replacen(from, to, 1));
        assert_ne!(changed.content_hash(), pack.content_hash(), "{from} → {to}");
        let difference = pack.identity().difference(&changed.identity()).expect("a difference");
        assert!(difference.contains("other rules or parameter values"), "{difference}");
    }
    // A parameters file: another value is another pack; the same value set by a file is too,
    // for it is no longer an example value (messages say so).
    let tyreso = pack.with_params_yaml("parameters: { kommun: Tyresö }", "tyreso.yaml").expect("applies");
    assert_ne!(tyreso.content_hash(), pack.content_hash());
    let same = pack.with_params_yaml("parameters: { kommun: Nacka }", "nacka.yaml").expect("applies");
    assert_eq!(same.content_hash(), pack.content_hash(), "the same value from a file, not an example either way");
    let fifty = pack.with_params_yaml("parameters: { examen_andel: 50 }", "x.yaml").expect("applies");
    assert_ne!(fifty.content_hash(), pack.content_hash(), "50 is no longer an example value");
    // Where the parameters file lies does not count.
    let again = pack.with_params_yaml("parameters: { kommun: Tyresö }", "elsewhere/tyreso.yaml").expect("applies");
    assert_eq!(again.content_hash(), tyreso.content_hash());
}

#[test]
fn identities_say_what_differs() {
    let a = PackIdentity { id: "nacka".into(), version: Some("2017".into()), content_hash: "a".repeat(64) };
    assert_eq!(a.difference(&a.clone()), None);
    let other_id = PackIdentity { id: "tyreso".into(), ..a.clone() };
    assert_eq!(a.difference(&other_id).as_deref(), Some("pack `tyreso` is not pack `nacka`"));
    let other_version = PackIdentity { version: Some("2018".into()), ..a.clone() };
    assert_eq!(a.difference(&other_version).as_deref(), Some("pack `nacka` version 2018 is not version 2017"));
    let other_hash = PackIdentity { content_hash: "b".repeat(64), ..a.clone() };
    assert_eq!(a.difference(&other_hash).as_deref(), Some("pack `nacka` 2017 has other rules or parameter values (content hash bbbbbbbbbbbb is not aaaaaaaaaaaa)"));
}

#[test]
fn a_pack_compiled_again_from_its_sources_is_the_same_pack() {
    let builtin = Pack::builtin().expect("loads");
    let sources = builtin.to_sources();
    assert!(sources.files.len() > 1, "the built-in pack includes files");
    assert!(sources.params.is_none());
    let again = Pack::from_sources(&sources).expect("compiles again");
    assert_eq!(again.content_hash(), builtin.content_hash());
    assert_eq!(again.to_sources(), sources);

    let set = load(PACK).with_params_yaml("parameters: { kommun: Tyresö }", "tyreso.yaml").expect("applies");
    let sources = set.to_sources();
    assert_eq!(sources.params.as_ref().map(|p| p.name.as_str()), Some("tyreso.yaml"));
    let again = Pack::from_sources(&sources).expect("compiles again");
    assert_eq!(again.content_hash(), set.content_hash());
    assert_eq!(again.params_file(), set.params_file());

    // Through JSON, as sources travel.
    let json = serde_json::to_string(&sources).expect("serialises");
    let read: granska::PackSources = serde_json::from_str(&json).expect("reads");
    assert_eq!(Pack::from_sources(&read).expect("compiles").content_hash(), set.content_hash());

    // Broken sources are located errors, not panics.
    let mut broken = sources.clone();
    broken.files[0].text.push_str("\nrequirements: [ {");
    let e = Pack::from_sources(&broken).expect_err("broken YAML");
    assert_eq!(e.diagnostics[0].file, "demo.yaml");
    let e = Pack::from_sources(&granska::PackSources { files: vec![], params: None }).expect_err("nothing to compile");
    assert_eq!(e.diagnostics[0].message, "no pack files were given");
}
