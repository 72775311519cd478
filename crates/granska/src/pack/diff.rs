//! What changed between two packs ([`PackDiff`]): the pack's metadata, service types,
//! parameters, questions, derived values, requirements and indicators added, removed and
//! changed, each change field by field, old → new.
//!
//! Every item is compared over the same public fields the content hash covers
//! ([`Pack::content_hash`]), flattened to `field → text` pairs (`title.sv`,
//! `sources[0].text`, `choices[ja].label.en`), so that any change that can move a verdict, a
//! message or a figure shows. Expressions (`require`, `applies`, `relevant`, `constraint`,
//! `required`, `expr`, and an indicator's `count`, `of`, `sum`) are compared by syntax tree:
//! `a>=1` and `a >= 1` are the same rule; a change of layout only is not listed (but does
//! change the content hash, which [`PackDiff::same_rules`] accounts for).
//!
//! [`compare_items`] is the comparison itself, for other item lists that carry the same
//! fields (a saved summary's requirements, which have no pack beside them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Pack;
use crate::Lang;
use crate::pack::identity::{CanonicalParameter, PackIdentity};
use crate::text::Text;

/// The kind of a pack's item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// The root pack's metadata (id, version, title, sources, included packs).
    Pack,
    /// A service type.
    Service,
    /// A parameter (contract term) with the value in force.
    Parameter,
    /// A question of the questionnaire.
    Question,
    /// A derived value.
    Derived,
    /// A requirement.
    Requirement,
    /// An indicator (a published figure).
    Indicator,
}

impl ItemKind {
    /// Every kind, in the order a diff lists them.
    pub const ALL: [ItemKind; 7] = [ItemKind::Pack, ItemKind::Service, ItemKind::Parameter, ItemKind::Question, ItemKind::Derived, ItemKind::Requirement, ItemKind::Indicator];

    /// The kind as JSON and frames write it: `requirement`, `parameter`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Pack => "pack",
            ItemKind::Service => "service",
            ItemKind::Parameter => "parameter",
            ItemKind::Question => "question",
            ItemKind::Derived => "derived",
            ItemKind::Requirement => "requirement",
            ItemKind::Indicator => "indicator",
        }
    }

    /// The kind in words (singular), in `lang`.
    pub fn word(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            ItemKind::Pack => ("regelpaket", "pack"),
            ItemKind::Service => ("tjänstetyp", "service type"),
            ItemKind::Parameter => ("parameter", "parameter"),
            ItemKind::Question => ("fråga", "question"),
            ItemKind::Derived => ("härlett värde", "derived value"),
            ItemKind::Requirement => ("krav", "requirement"),
            ItemKind::Indicator => ("indikator", "indicator"),
        };
        if lang == Lang::Sv { sv } else { en }
    }
}

/// Whether an item was added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the new pack.
    Added,
    /// Only in the old pack.
    Removed,
    /// In both, with at least one field different.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One field of an item that differs: its path and its text in the old and the new pack
/// (`None` where the field is absent or empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's path within the item, e.g. `require`, `message.sv`, `sources[0].text`.
    pub field: String,
    /// Its text in the old pack.
    pub old: Option<String>,
    /// Its text in the new pack.
    pub new: Option<String>,
}

/// One item added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    /// What kind of item it is.
    pub kind: ItemKind,
    /// Its id (for [`ItemKind::Pack`], the new pack's id).
    pub id: String,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// Its title or label (the new pack's, else the old one's), when it has one.
    pub title: Option<Text>,
    /// For a change: every field that differs, ordered by path. Empty for an item
    /// added or removed.
    pub fields: Vec<FieldChange>,
}

/// An item as compared: its id, title and its fields flattened to texts.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFields {
    /// The item's id.
    pub id: String,
    /// Its title or label, when it has one.
    pub title: Option<Text>,
    /// `(path, text)`, ordered by path; a path ending in an expression field's name is
    /// compared by syntax tree.
    pub fields: Vec<(String, String)>,
}

impl ItemFields {
    /// The public fields of `item` as serde writes them (`skip` names fields left out, such
    /// as file paths), flattened: nested objects by `.`, lists of scalars joined by `, `,
    /// lists of records by the record's `id` or `value` (else its index). Nulls and empty
    /// lists are left out.
    pub fn of<T: Serialize>(id: &str, title: Option<Text>, item: &T, skip: &[&str]) -> ItemFields {
        let mut fields = vec![];
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(item) {
            for (key, value) in &map {
                if !skip.contains(&key.as_str()) {
                    flatten(key, value, &mut fields);
                }
            }
        }
        // One order whatever serde_json's map keeps: by path.
        fields.sort();
        ItemFields { id: id.to_string(), title, fields }
    }
}

/// The fields whose values are expressions, compared by syntax tree.
const EXPRESSION_FIELDS: [&str; 9] = ["require", "applies", "relevant", "constraint", "required", "expr", "count", "of", "sum"];

fn flatten(path: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((path.to_string(), b.to_string())),
        Value::Number(n) => out.push((path.to_string(), number_text(n))),
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            if !texts.is_empty() {
                out.push((path.to_string(), texts.join(", ")));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = item.get("id").or_else(|| item.get("value")).and_then(scalar_text).unwrap_or_else(|| i.to_string());
                flatten(&format!("{path}[{key}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (key, v) in map {
                flatten(&format!("{path}.{key}"), v, out);
            }
        }
    }
}

/// A number as people write it: a whole decimal number without `.0` (a percent of 80, not 80.0).
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        _ => n.to_string(),
    }
}

fn scalar_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(number_text(n)),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Whether two texts of the field `path` mean the same: equal, or for an expression field,
/// the same syntax tree.
fn same(path: &str, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let name = path.rsplit(['.', ']']).next().unwrap_or(path);
    EXPRESSION_FIELDS.contains(&name) && crate::same_expression(a, b).unwrap_or(false)
}

/// Compares two lists of items of one kind by id: those only in `new` are added, those only
/// in `old` removed (in their list order), those in both with a field that differs changed,
/// with every such field old → new.
pub fn compare_items(kind: ItemKind, old: &[ItemFields], new: &[ItemFields]) -> Vec<ItemChange> {
    let old_by_id: BTreeMap<&str, &ItemFields> = old.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_by_id: BTreeMap<&str, &ItemFields> = new.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut changes = vec![];
    for n in new {
        match old_by_id.get(n.id.as_str()) {
            None => changes.push(ItemChange { kind, id: n.id.clone(), change: ChangeKind::Added, title: n.title.clone(), fields: vec![] }),
            Some(o) => {
                let fields = compare_fields(&o.fields, &n.fields);
                if !fields.is_empty() {
                    changes.push(ItemChange { kind, id: n.id.clone(), change: ChangeKind::Changed, title: n.title.clone().or_else(|| o.title.clone()), fields });
                }
            }
        }
    }
    for o in old {
        if !new_by_id.contains_key(o.id.as_str()) {
            changes.push(ItemChange { kind, id: o.id.clone(), change: ChangeKind::Removed, title: o.title.clone(), fields: vec![] });
        }
    }
    changes
}

/// The fields that differ, in the old item's order, then fields only the new one has.
fn compare_fields(old: &[(String, String)], new: &[(String, String)]) -> Vec<FieldChange> {
    let old_map: BTreeMap<&str, &str> = old.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let new_map: BTreeMap<&str, &str> = new.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut out = vec![];
    for (k, v) in old {
        match new_map.get(k.as_str()) {
            Some(w) if same(k, v, w) => {}
            w => out.push(FieldChange { field: k.clone(), old: Some(v.clone()), new: w.map(|w| (*w).to_string()) }),
        }
    }
    for (k, w) in new {
        if !old_map.contains_key(k.as_str()) {
            out.push(FieldChange { field: k.clone(), old: None, new: Some(w.clone()) });
        }
    }
    out
}

/// What changed between two packs: their identities and every item added, removed or
/// changed, by kind (pack, service types, parameters, questions, derived values,
/// requirements, indicators), then by the order of the new pack.
///
/// ```
/// let old = granska::Pack::from_yaml(r#"
/// pack: { id: demo, version: "1", title: { sv: Demo, en: Demo } }
/// questions: [{ id: a, type: integer, label: { sv: A, en: A } }]
/// requirements:
///   - { id: r, title: { sv: R, en: R }, source: "Avtal 1", severity: krav, area: trygghet,
///       require: "a >= 1", message: { sv: "För få.", en: "Too few." } }
/// "#, "old.yaml").unwrap();
/// let new = granska::Pack::from_yaml(r#"
/// pack: { id: demo, version: "2", title: { sv: Demo, en: Demo } }
/// questions: [{ id: a, type: integer, label: { sv: A, en: A } }]
/// requirements:
///   - { id: r, title: { sv: R, en: R }, source: "Avtal 1", severity: krav, area: trygghet,
///       require: "a >= 2", message: { sv: "För få.", en: "Too few." } }
/// "#, "new.yaml").unwrap();
/// let diff = granska::PackDiff::between(&old, &new);
/// let r = diff.changes.iter().find(|c| c.id == "r").unwrap();
/// assert_eq!(r.fields[0].field, "require");
/// assert_eq!(r.fields[0].new.as_deref(), Some("a >= 2"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackDiff {
    /// The old pack's id, version and content hash.
    pub old: PackIdentity,
    /// The new pack's id, version and content hash.
    pub new: PackIdentity,
    /// Every item added, removed or changed.
    pub changes: Vec<ItemChange>,
}

impl PackDiff {
    /// Compares the `old` pack with the `new` one.
    pub fn between(old: &Pack, new: &Pack) -> PackDiff {
        let mut changes = vec![];
        for kind in ItemKind::ALL {
            changes.extend(compare_items(kind, &items(old, kind), &items(new, kind)));
        }
        PackDiff { old: old.identity(), new: new.identity(), changes }
    }

    /// Whether the two packs have the same content hash: the same rules and parameter values.
    pub fn same_content(&self) -> bool {
        self.old.content_hash == self.new.content_hash
    }

    /// Whether no item differs (the packs may still differ in how expressions are written).
    pub fn same_rules(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes of one kind of item.
    pub fn of_kind(&self, kind: ItemKind) -> impl Iterator<Item = &ItemChange> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }

    /// The diff as text for people: the two packs, then one line per item added (`+`),
    /// removed (`-`) or changed (`~`), each changed field indented as `field: old → new`.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = format!(
            "{} {}\n{} {}\n",
            if lang == Lang::Sv { "gammalt:" } else { "old:" },
            identity_line(&self.old, lang),
            if lang == Lang::Sv { "nytt:   " } else { "new:" },
            identity_line(&self.new, lang)
        );
        if self.same_content() {
            out.push_str(if lang == Lang::Sv { "Regelpaketen har samma innehåll.\n" } else { "The packs have the same content.\n" });
            return out;
        }
        if self.changes.is_empty() {
            out.push_str(if lang == Lang::Sv {
                "Inga krav, frågor, parametrar eller indikatorer skiljer sig; bara hur uttrycken är skrivna.\n"
            } else {
                "No requirement, question, parameter or indicator differs; only how expressions are written.\n"
            });
            return out;
        }
        out.push_str(&changes_text(&self.changes, lang));
        out
    }
}

/// The changes as text, one line per item and one per changed field (see [`PackDiff::to_text`]).
pub fn changes_text(changes: &[ItemChange], lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for c in changes {
        let mark = match c.change {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            ChangeKind::Changed => '~',
        };
        let title = c.title.as_ref().map(|t| format!(" ({})", t.get(lang))).unwrap_or_default();
        let _ = writeln!(out, "{mark} {} {}{title}", c.kind.word(lang), c.id);
        for f in &c.fields {
            let none = if lang == Lang::Sv { "(inget)" } else { "(none)" };
            let _ = writeln!(out, "    {}: {} → {}", f.field, f.old.as_deref().unwrap_or(none), f.new.as_deref().unwrap_or(none));
        }
    }
    out
}

fn identity_line(id: &PackIdentity, lang: Lang) -> String {
    let version = id.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    format!("{}{version} ({} {})", id.id, if lang == Lang::Sv { "kontrollsumma" } else { "content hash" }, id.content_hash)
}

/// The items of one kind of `pack`, flattened for comparison.
fn items(pack: &Pack, kind: ItemKind) -> Vec<ItemFields> {
    let d = &*pack.data;
    match kind {
        ItemKind::Pack => {
            // The pack's own metadata, without the files its packs were read from.
            #[derive(Serialize)]
            struct Meta<'a> {
                id: &'a str,
                version: Option<&'a str>,
                title: &'a Text,
                sources: &'a [String],
                about: Option<&'a Text>,
                packs: Vec<Included<'a>>,
            }
            // Keyed by id, so that one included pack's new version is one change.
            #[derive(Serialize)]
            struct Included<'a> {
                id: &'a str,
                version: Option<&'a str>,
            }
            let packs = d.info.packs.iter().map(|p| Included { id: &p.id, version: p.version.as_deref() }).collect();
            let meta = Meta { id: &d.info.id, version: d.info.version.as_deref(), title: &d.info.title, sources: &d.info.sources, about: d.info.about.as_ref(), packs };
            // Both packs' metadata under one key, so that a new id is a change, not an addition.
            vec![ItemFields::of("pack", Some(d.info.title.clone()), &meta, &[])]
        }
        ItemKind::Service => d.services.iter().map(|s| ItemFields::of(&s.id, Some(s.label.clone()), s, &["id"])).collect(),
        // As the content hash sees it: the value in force and whether it is an example value,
        // not which file set it.
        ItemKind::Parameter => d.parameters.iter().map(|p| ItemFields::of(&p.id, Some(p.label.clone()), &CanonicalParameter::from(p), &["id"])).collect(),
        ItemKind::Question => d.questions.iter().map(|q| ItemFields::of(&q.id, Some(q.label.clone()), q, &["id"])).collect(),
        ItemKind::Derived => d.derived.iter().map(|x| ItemFields::of(&x.id, x.label.clone(), x, &["id"])).collect(),
        ItemKind::Requirement => d.requirements.iter().map(|r| ItemFields::of(&r.id, Some(r.title.clone()), r, &["id"])).collect(),
        ItemKind::Indicator => d.indicators.iter().map(|i| ItemFields::of(&i.id, Some(i.title.clone()), i, &["id"])).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_are_compared_by_tree() {
        assert!(same("require", "a>=1", "a >= 1"));
        assert!(!same("require", "a >= 1", "a >= 2"));
        assert!(!same("message.sv", "a>=1", "a >= 1"));
        assert!(same("fields[x].relevant", "a==1", "a == 1"));
    }

    #[test]
    fn lists_of_records_are_keyed_by_id_or_value() {
        let mut out = vec![];
        flatten("choices", &serde_json::json!([{"value": "ja", "label": "Ja"}, {"x": 1}]), &mut out);
        assert_eq!(
            out,
            vec![("choices[ja].label".to_string(), "Ja".to_string()), ("choices[ja].value".to_string(), "ja".to_string()), ("choices[1].x".to_string(), "1".to_string())]
        );
    }
}
