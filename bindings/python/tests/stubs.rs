//! The Python classes of the pack's model in the type stubs (`python/granska/_granska.pyi`)
//! name every field the Rust types serialise: the built-in pack's services, questions (with
//! choices and record fields), requirements (with their cited sources) and parameters, and a
//! pack diagnostic, are serialised to JSON and their keys compared with the attributes and
//! properties the stub declares — so a field added in Rust cannot be forgotten in the binding.
//! (The report, form-state and summary classes are checked the same way by
//! `tests/test_stubs.py`, on values the extension module itself produces; mypy stubtest checks
//! the stubs against the module.)

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

/// A pack with a list question whose records have fields.
const LIST_PACK: &str = "pack: { id: l, title: { sv: L, en: L } }
questions:
  - id: l
    type: list
    label: { sv: L, en: L }
    fields:
      - { id: n, type: integer, min: 0, label: { sv: N, en: N } }
      - { id: c, type: choice, label: { sv: C, en: C }, choices: [{ value: v, label: { sv: V, en: V } }] }
";

/// Every class of the stub with its public attributes and properties.
fn stub_classes() -> BTreeMap<String, BTreeSet<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/granska/_granska.pyi");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut classes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut property = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("class ") {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            classes.insert(name.clone(), BTreeSet::new());
            current = Some(name);
            continue;
        }
        if !line.starts_with(' ') && !line.trim().is_empty() && !line.starts_with('@') {
            current = None;
        }
        let Some(class) = &current else { continue };
        let Some(member) = line.strip_prefix("    ").filter(|m| !m.starts_with(' ')) else { continue };
        if member.trim() == "@property" {
            property = true;
            continue;
        }
        let ident: String = member.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let field = if let Some(def) = member.strip_prefix("def ") {
            let name: String = def.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            std::mem::take(&mut property).then_some(name)
        } else {
            (!ident.is_empty() && member[ident.len()..].starts_with(':')).then_some(ident)
        };
        if let Some(f) = field.filter(|f| !f.starts_with('_')) {
            classes.entry(class.clone()).or_default().insert(f);
        }
    }
    classes
}

/// The keys of serialised objects (an optional field may be absent from some).
fn keys<T: serde::Serialize>(what: &str, objects: &[T]) -> BTreeSet<String> {
    assert!(!objects.is_empty(), "{what}: nothing serialised; the test data must produce one");
    let mut out = BTreeSet::new();
    for o in objects {
        let Json::Object(map) = serde_json::to_value(o).expect("serialises") else { panic!("{what} is not an object") };
        out.extend(map.keys().cloned());
    }
    out
}

#[test]
fn the_stub_classes_of_the_pack_model_name_every_serialised_field() {
    let pack = granska::Pack::builtin().expect("the built-in pack loads");
    let questions = pack.questions();
    let choices: Vec<_> = questions.iter().flat_map(|q| q.choices.iter()).collect();
    // The built-in pack has no list question: a small pack gives one with record fields.
    let lists = granska::Pack::from_yaml(LIST_PACK, "lists.yaml").unwrap_or_else(|e| panic!("{}", e.render(false)));
    let fields: Vec<_> = lists.questions().iter().flat_map(|q| q.fields.iter()).collect();
    let requirements = pack.requirements();
    let sources: Vec<_> = requirements.iter().flat_map(|r| r.sources.iter()).collect();
    let diagnostics = match granska::Pack::from_yaml("pack: { id: x }\nquestions: [{ id: a, type: nej }]\n", "broken.yaml") {
        Ok(_) => panic!("the broken pack loads"),
        Err(e) => e.diagnostics,
    };
    // Rust field → the Python names that carry it (a rename or a split).
    let renamed: BTreeMap<(&str, &str), &[&str]> = BTreeMap::from([(("CitedSource", "from"), &["from_date"][..])]);
    // Python-only conveniences, not serialised fields.
    let extra: BTreeSet<(&str, &str)> = BTreeSet::from([("Requirement", "source"), ("Parameter", "is_example")]);
    let stubs = stub_classes();
    let mut failures = vec![];
    for (class, rust) in [
        ("Service", keys("Service", pack.services())),
        ("Question", keys("Question", questions)),
        ("Choice", keys("Choice", &choices)),
        ("Field", keys("Field", &fields)),
        ("Requirement", keys("Requirement", requirements)),
        ("CitedSource", keys("CitedSource", &sources)),
        ("Parameter", keys("Parameter", pack.parameters())),
        ("Diagnostic", keys("Diagnostic", &diagnostics)),
        ("Text", keys("Text", &[&pack.info().title])),
    ] {
        let Some(stub) = stubs.get(class) else {
            failures.push(format!("{class}: not declared in _granska.pyi"));
            continue;
        };
        let expected: BTreeSet<String> = rust
            .iter()
            .flat_map(|k| renamed.get(&(class, k.as_str())).map_or_else(|| vec![k.clone()], |names| names.iter().map(std::string::ToString::to_string).collect()))
            .collect();
        let missing: Vec<_> = expected.difference(stub).collect();
        let unknown: Vec<_> = stub.difference(&expected).filter(|f| !extra.contains(&(class, f.as_str()))).collect();
        if !missing.is_empty() || !unknown.is_empty() {
            failures.push(format!("{class}: serialised by Rust but not in the stub {missing:?}; in the stub but not serialised {unknown:?}"));
        }
    }
    assert!(failures.is_empty(), "the stubs and the Rust types differ:\n{}", failures.join("\n"));
}
