//! Reading a YAML report file with every scalar's text kept as written, so that the
//! questionnaire — not YAML's guesses — decides what a value is.
//!
//! A YAML library resolves `0180` to the number 180, `no` and `off` to false and `1.10` to
//! 1.1 before anyone asks what the question wants. This reader takes the parser's events
//! (granit-parser, the parser under serde-saphyr) and builds a JSON tree in which every
//! scalar is the string written (escapes of quoted scalars applied), except a plain `null`,
//! `Null`, `NULL`, `~` or empty value, which is no answer. The answers are then typed by the
//! questions like any text (`answers.rs`): `0180` stays "0180" for a provider id or a text
//! question, `no` is "no" for a text or choice question and *no* for a yes/no question.
//!
//! Anchors, aliases and merge keys (`<<: *defaults`, keys given in the mapping win) are
//! expanded. Limits: nesting deeper than [`MAX_DEPTH`] and more than [`MAX_NODES`] values after
//! aliases are expanded (a "YAML bomb") are refused; a key given twice in a mapping and a
//! second document are errors.

use granit_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use serde_json::{Map, Value as Json};

/// The deepest nesting of mappings and lists read.
pub(crate) const MAX_DEPTH: usize = 128;

/// The most values one report may hold once its aliases are expanded.
pub(crate) const MAX_NODES: usize = 1_000_000;

/// Why a YAML report could not be read: where (1-based line and column) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl YamlError {
    fn at(span: &Span, message: impl Into<String>) -> YamlError {
        YamlError { line: span.start.line(), column: span.start.col() + 1, message: message.into() }
    }

    fn scan(e: &ScanError) -> YamlError {
        YamlError { line: e.marker().line(), column: e.marker().col() + 1, message: e.info() }
    }
}

/// A collection being built.
enum Open {
    List {
        items: Vec<Json>,
        anchor: usize,
    },
    /// `key`: the key read, where, and whether it is a plain `<<` (a merge key).
    Map {
        map: Map<String, Json>,
        key: Option<(String, Span, bool)>,
        anchor: usize,
        merges: Vec<Map<String, Json>>,
    },
}

/// Reads the first document of a YAML text into JSON with scalars as their written text.
///
/// # Errors
///
/// A [`YamlError`] with the line and column of a syntax error, a duplicate key, nesting past
/// [`MAX_DEPTH`] or more than [`MAX_NODES`] values.
pub(crate) fn read(text: &str) -> Result<Json, YamlError> {
    read_into(text, None)
}

/// Where each key and list item of a YAML text begins: 1-based line and column by path
/// (`actions[2]` for an item, `actions[2].due` for a key; a key of the root mapping is its name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YamlPlaces {
    places: std::collections::HashMap<String, (usize, usize)>,
}

impl YamlPlaces {
    /// The line and column (1-based) where the key or list item at `path` begins; `None` for
    /// a path the text does not write (a value that came from an alias or a merge key).
    pub fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.places.get(path).copied()
    }

    /// Where `path` begins, or else the nearest key or item that holds it (`a[1].b.c` tries
    /// `a[1].b.c`, `a[1].b`, `a[1]`, `a`): a field that is missing is placed at its record.
    pub fn nearest(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(place) = self.get(path) {
                return Some(place);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

/// As [`read`], also giving where each key and list item begins (for record files whose
/// problems are located by line: action plans, audit records).
///
/// # Errors
///
/// As [`read`].
pub(crate) fn read_with_places(text: &str) -> Result<(Json, YamlPlaces), YamlError> {
    let mut places = YamlPlaces::default();
    let json = read_into(text, Some(&mut places))?;
    Ok((json, places))
}

/// The path of the value about to be read into the innermost open collection.
fn child_path(stack: &[Open], paths: &[String]) -> Option<String> {
    let parent = paths.last()?;
    match stack.last()? {
        Open::List { items, .. } => Some(format!("{parent}[{}]", items.len())),
        Open::Map { key: Some((k, _, _)), .. } if parent.is_empty() => Some(k.clone()),
        Open::Map { key: Some((k, _, _)), .. } => Some(format!("{parent}.{k}")),
        Open::Map { key: None, .. } => None,
    }
}

fn read_into(text: &str, mut places: Option<&mut YamlPlaces>) -> Result<Json, YamlError> {
    let mut parser = Parser::new_from_str(text);
    // The path of each open collection, kept only when places are asked for.
    let mut paths: Vec<String> = vec![];
    let mut stack: Vec<Open> = vec![];
    let mut anchors: Vec<(usize, Json)> = vec![];
    let mut nodes: usize = 0;
    let mut root: Option<Json> = None;
    let mut last_plain = false;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| YamlError::scan(&e))?;
        let (value, anchor) = match event {
            Event::StreamEnd => break,
            Event::SequenceStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError::at(&span, format!("the report is nested more than {MAX_DEPTH} levels deep")));
                }
                if let Some(places) = places.as_deref_mut() {
                    let path = if stack.is_empty() { String::new() } else { child_path(&stack, &paths).unwrap_or_default() };
                    if let Some(Open::List { .. }) = stack.last() {
                        places.places.insert(path.clone(), (span.start.line(), span.start.col() + 1));
                    }
                    paths.push(path);
                }
                stack.push(Open::List { items: vec![], anchor });
                continue;
            }
            Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError::at(&span, format!("the report is nested more than {MAX_DEPTH} levels deep")));
                }
                if let Some(places) = places.as_deref_mut() {
                    let path = if stack.is_empty() { String::new() } else { child_path(&stack, &paths).unwrap_or_default() };
                    if let Some(Open::List { .. }) = stack.last() {
                        places.places.insert(path.clone(), (span.start.line(), span.start.col() + 1));
                    }
                    paths.push(path);
                }
                stack.push(Open::Map { map: Map::new(), key: None, anchor, merges: vec![] });
                continue;
            }
            Event::SequenceEnd => match (paths.pop(), stack.pop()).1 {
                Some(Open::List { items, anchor }) => (Json::Array(items), anchor),
                _ => return Err(YamlError::at(&span, "a list ends that was not begun")),
            },
            Event::MappingEnd => match (paths.pop(), stack.pop()).1 {
                Some(Open::Map { mut map, anchor, merges, .. }) => {
                    // Merged keys come last: the keys the mapping gives itself win.
                    for source in merges {
                        for (k, v) in source {
                            map.entry(k).or_insert(v);
                        }
                    }
                    (Json::Object(map), anchor)
                }
                _ => return Err(YamlError::at(&span, "a mapping ends that was not begun")),
            },
            Event::Scalar(text, style, anchor, tag) => {
                last_plain = style == ScalarStyle::Plain;
                let is_null_tag = tag.as_ref().is_some_and(|t| t.core_suffix() == Some("null"));
                let plain_null = style == ScalarStyle::Plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL");
                if is_null_tag && !plain_null && !text.is_empty() {
                    return Err(YamlError::at(&span, format!("`{text}` is tagged `!!null`: write the value without the tag, or leave it out for no answer")));
                }
                let value = if plain_null || is_null_tag { Json::Null } else { Json::String(text.into_owned()) };
                (value, anchor)
            }
            Event::Alias(id) => match anchors.iter().rev().find(|(a, _)| *a == id) {
                Some((_, v)) => {
                    nodes = nodes.saturating_add(count(v));
                    (v.clone(), 0)
                }
                None => {
                    return Err(YamlError::at(&span, "an alias to an anchor that is not defined"));
                }
            },
            Event::UnresolvedAlias(name) => {
                return Err(YamlError::at(&span, format!("the alias *{name} refers to no anchor")));
            }
            // Stream and document starts, comments, anchor names: nothing to read.
            _ => continue,
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(YamlError::at(&span, "the YAML is too large once its aliases are expanded (a YAML bomb?)"));
        }
        if anchor != 0 {
            anchors.push((anchor, value.clone()));
        }
        if let (Some(places), Some(Open::List { .. })) = (places.as_deref_mut(), stack.last())
            && matches!(value, Json::String(_) | Json::Null)
            && let Some(path) = child_path(&stack, &paths)
        {
            places.places.entry(path).or_insert((span.start.line(), span.start.col() + 1));
        }
        match stack.last_mut() {
            None if root.is_some() => return Err(YamlError::at(&span, "the file holds more than one YAML document; a report is one document")),
            None => root = Some(value),
            Some(Open::List { items, .. }) => items.push(value),
            Some(Open::Map { map, key, merges, .. }) => match key.take() {
                None => {
                    let k = match value {
                        Json::String(s) => s,
                        Json::Null => String::new(),
                        _ => {
                            return Err(YamlError::at(&span, "a key is a list or a mapping; keys must be texts"));
                        }
                    };
                    let k = crate::nfc::nfc_string(k);
                    if map.contains_key(&k) {
                        return Err(YamlError::at(&span, format!("duplicate mapping key: {k}")));
                    }
                    if let Some(places) = places.as_deref_mut() {
                        let parent = paths.last().map_or("", String::as_str);
                        let path = if parent.is_empty() { k.clone() } else { format!("{parent}.{k}") };
                        places.places.insert(path, (span.start.line(), span.start.col() + 1));
                    }
                    let merge = k == "<<" && last_plain;
                    *key = Some((k, span, merge));
                }
                // `<<: *defaults` merges a mapping (or a list of them) in: keys already given win.
                Some((_, key_span, true)) => {
                    let sources = match value {
                        Json::Object(m) => vec![m],
                        Json::Array(items) if items.iter().all(Json::is_object) => items.into_iter().filter_map(|i| if let Json::Object(m) = i { Some(m) } else { None }).collect(),
                        _ => return Err(YamlError::at(&key_span, "`<<` must merge a mapping or a list of mappings")),
                    };
                    merges.extend(sources);
                }
                Some((k, _, _)) => {
                    map.insert(k, value);
                }
            },
        }
    }
    Ok(root.unwrap_or(Json::Null))
}

/// How many values a tree holds.
fn count(v: &Json) -> usize {
    match v {
        Json::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        Json::Object(map) => 1 + map.values().map(count).sum::<usize>(),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_as_written() {
        let v = read("provider: 0180\nsvar: NO\nb: 'yes'\nc: 1.10\nd:\ne: ~\nf: \"null\"\ng: [on, off, 1e3]\nh: |\n  två\n  rader\n").unwrap();
        assert_eq!(v, json!({"provider": "0180", "svar": "NO", "b": "yes", "c": "1.10", "d": null, "e": null, "f": "null", "g": ["on", "off", "1e3"], "h": "två\nrader\n"}));
    }

    #[test]
    fn places_of_keys_and_items() {
        let text = "actions:\n  - provider: P1\n    due: 2018-03-31\n  -   provider: P2\n      tags: [a, b]\n  - x\n";
        let (v, places) = read_with_places(text).unwrap();
        assert_eq!(v["actions"][1]["tags"], json!(["a", "b"]));
        assert_eq!(places.get("actions"), Some((1, 1)));
        assert_eq!(places.get("actions[0]"), Some((2, 5)));
        assert_eq!(places.get("actions[0].due"), Some((3, 5)));
        assert_eq!(places.get("actions[1]"), Some((4, 7)));
        assert_eq!(places.get("actions[1].tags[1]"), Some((5, 17)));
        assert_eq!(places.get("actions[2]"), Some((6, 5)));
        assert_eq!(places.get("actions[3]"), None);
        assert_eq!(places.nearest("actions[0].owner"), Some((2, 5)));
        assert_eq!(places.nearest("actions[1].tags[1]"), Some((5, 17)));
        assert_eq!(places.nearest("other.x"), None);
        let (_, places) = read_with_places("- {a: 1}\n- b: 2\n").unwrap();
        assert_eq!((places.get("[0].a"), places.get("[1]"), places.get("[1].b")), (Some((1, 4)), Some((2, 3)), Some((2, 3))));
        // The same tree as without places.
        assert_eq!(read(text).unwrap(), v);
    }

    #[test]
    fn aliases_keys_and_limits() {
        assert_eq!(read("a: &x [1, 2]\nb: *x\n").unwrap(), json!({"a": ["1", "2"], "b": ["1", "2"]}));
        assert_eq!(read("a: 1\na: 2\n").unwrap_err().message, "duplicate mapping key: a");
        assert_eq!(read("a: 1\na: 2\n").unwrap_err().line, 2);
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(read(&deep).unwrap_err().message.contains("nested"));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(read(&bomb).unwrap_err().message.contains("YAML bomb"));
        assert!(read("a: [1, 2\n").is_err());
        assert!(read("a: 1\n---\nb: 2\n").unwrap_err().message.contains("more than one YAML document"));
        assert_eq!(read("---\na: 1\n...\n").unwrap(), json!({"a": "1"}));
        assert_eq!(read("base: &b { x: 1, y: 2 }\nr:\n  <<: *b\n  y: 3\n").unwrap(), json!({"base": {"x": "1", "y": "2"}, "r": {"x": "1", "y": "3"}}));
        assert!(read("r:\n  <<: 5\n").unwrap_err().message.contains("merge"));
        assert_eq!(read("r:\n  \"<<\": 5\n").unwrap(), json!({"r": {"<<": "5"}}));
        assert!(read("a: !!null text\n").unwrap_err().message.contains("!!null"));
        assert_eq!(read("a: !!null\nb: !!null ~\n").unwrap(), json!({"a": null, "b": null}));
    }
}
