//! Reads pack files and follows their includes, from disk, from memory or from the
//! built-in packs, reporting YAML errors with file, line and column.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::pack::diagnostic::{Diagnostic, DiagnosticCode, Severity, SourceFile, did_you_mean, line_column};
use crate::pack::limits::Limits;
use crate::pack::model::{PackFile, TOP_LEVEL_KEYS};

/// Where pack files come from.
pub(crate) enum Origin<'a> {
    /// Files on disk; names are paths.
    Disk,
    /// One file given as text; it may include only built-in packs.
    Memory { name: &'a str, text: &'a str },
}

/// The files of a pack, parsed, in load order (includes before the file that includes them).
pub(crate) struct Loaded {
    pub files: Vec<(usize, PackFile)>,
    pub sources: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// A parameters file to apply (its index in `sources`), see [`crate::Pack::with_params_yaml`].
    pub params: Option<(usize, crate::pack::model::ParamsFile)>,
}

const BUILTIN_PREFIX: &str = "builtin:";

pub(crate) fn load(root: &str, origin: Origin<'_>, limits: &Limits) -> Loaded {
    let mut loader = Loader { origin, limits, loaded: Loaded { files: vec![], sources: vec![], diagnostics: vec![], params: None }, seen: HashSet::new(), stack: vec![] };
    // The root is named like the files it includes (`a/../b.yaml` → `b.yaml`), or a file
    // including the root would be loaded a second time under another name.
    let root = match loader.origin {
        Origin::Disk if !root.starts_with(BUILTIN_PREFIX) => normalize(Path::new(root)),
        _ => root.to_string(),
    };
    loader.visit(root, None);
    loader.loaded
}

struct Loader<'a> {
    origin: Origin<'a>,
    limits: &'a Limits,
    loaded: Loaded,
    seen: HashSet<String>,
    stack: Vec<String>,
}

/// Where an include was written, for errors about it.
struct IncludeSite {
    file: usize,
    offset: usize,
    len: usize,
}

impl Loader<'_> {
    fn error(&mut self, file: &str, offset_in: Option<(usize, usize, usize)>, code: DiagnosticCode, message: String, hint: Option<String>) {
        let (line, column, range) = match offset_in {
            Some((file_index, start, len)) => {
                let text = &self.loaded.sources[file_index].text;
                let (l, c) = line_column(text, start);
                (l, c, start..start + len)
            }
            None => (0, 0, 0..0),
        };
        self.loaded.diagnostics.push(Diagnostic { severity: Severity::Error, code, message, file: file.to_string(), line, column, range, hint });
    }

    fn read(&self, name: &str) -> Result<String, String> {
        if let Some(builtin) = name.strip_prefix(BUILTIN_PREFIX) {
            return crate::pack::builtin::file(builtin).map(str::to_string).ok_or_else(|| format!("there is no built-in pack file `{builtin}`"));
        }
        match &self.origin {
            Origin::Memory { name: n, text } if *n == name => Ok((*text).to_string()),
            Origin::Memory { .. } => Err("a pack given as text can include only built-in packs (`builtin:…`)".to_string()),
            Origin::Disk => {
                let too_large = |len: u64| format!("`{name}` is {len} bytes; the limit for a pack file is {}", self.limits.max_file_size);
                let file = std::fs::File::open(name).map_err(|e| format!("cannot read `{name}`: {e}"))?;
                let meta = file.metadata().map_err(|e| format!("cannot read `{name}`: {e}"))?;
                let limit = self.limits.max_file_size as u64;
                if meta.len() > limit {
                    return Err(too_large(meta.len()));
                }
                // Read at most one byte past the limit: a device or pipe has no length
                // (`/dev/zero` would never end).
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes).map_err(|e| format!("cannot read `{name}`: {e}"))?;
                if bytes.len() as u64 > limit {
                    return Err(format!("`{name}` is more than {} bytes, the limit for a pack file", self.limits.max_file_size));
                }
                String::from_utf8(bytes).map_err(|e| format!("`{name}` is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
            }
        }
    }

    fn resolve(&self, from: &str, include: &str) -> String {
        if include.starts_with(BUILTIN_PREFIX) {
            return include.to_string();
        }
        if let Some(base) = from.strip_prefix(BUILTIN_PREFIX) {
            return format!("{BUILTIN_PREFIX}{}", normalize(&Path::new(base).parent().unwrap_or(Path::new("")).join(include)));
        }
        match self.origin {
            Origin::Disk => normalize(&Path::new(from).parent().unwrap_or(Path::new("")).join(include)),
            Origin::Memory { .. } => include.to_string(),
        }
    }

    fn visit(&mut self, name: String, site: Option<IncludeSite>) {
        let site_loc = site.as_ref().map(|s| (s.file, s.offset, s.len));
        let site_file = site.as_ref().map(|s| self.loaded.sources[s.file].name.clone());
        if self.stack.contains(&name) {
            let chain = self.stack.iter().chain(std::iter::once(&name)).cloned().collect::<Vec<_>>().join(" → ");
            let f = site_file.unwrap_or_else(|| name.clone());
            self.error(&f, site_loc, DiagnosticCode::IncludeCycle, format!("`{name}` includes itself: {chain}"), Some("remove one of the includes".into()));
            return;
        }
        if !self.seen.insert(name.clone()) {
            return;
        }
        if self.loaded.sources.len() >= self.limits.max_files {
            let f = site_file.unwrap_or_else(|| name.clone());
            self.error(&f, site_loc, DiagnosticCode::Limit, format!("a pack may span at most {} files", self.limits.max_files), None);
            return;
        }
        let text = match self.read(&name) {
            Ok(t) => t,
            Err(message) => {
                let f = site_file.unwrap_or_else(|| name.clone());
                self.error(&f, site_loc, DiagnosticCode::Include, message, None);
                return;
            }
        };
        if text.len() > self.limits.max_file_size {
            self.error(&name, None, DiagnosticCode::Limit, format!("the file is {} bytes; the limit for a pack file is {}", text.len(), self.limits.max_file_size), None);
            return;
        }
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let index = self.loaded.sources.len();
        self.loaded.sources.push(SourceFile { name: name.clone(), text });
        let text = &self.loaded.sources[index].text;
        let parsed = parse_file(text);
        let file = match parsed {
            Ok(f) => f,
            Err(d) => {
                let mut d = *d;
                d.file = name.clone();
                self.loaded.diagnostics.push(d);
                return;
            }
        };
        self.stack.push(name.clone());
        for include in &file.include {
            let target = self.resolve(&name, &include.value);
            let offset = include.referenced.span().byte_offset().unwrap_or(0) as usize;
            let site = IncludeSite { file: index, offset, len: include.value.len() };
            self.visit(target, Some(site));
        }
        self.stack.pop();
        self.loaded.files.push((index, file));
    }
}

fn normalize(path: &Path) -> String {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.to_string_lossy().replace('\\', "/")
}

/// YAML parser options: duplicate keys are errors; aliases are budgeted (no YAML bombs).
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
    }
}

/// Parses one pack file; a YAML or shape error becomes a located diagnostic.
pub(crate) fn parse_file(text: &str) -> Result<PackFile, Box<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(Box::new(Diagnostic {
            severity: Severity::Error,
            code: DiagnosticCode::Yaml,
            message: "the file is empty".into(),
            file: String::new(),
            line: 1,
            column: 1,
            range: 0..0,
            hint: Some("a pack file needs at least `pack: { id, title }`".into()),
        }));
    }
    serde_saphyr::from_str_with_options::<PackFile>(text, yaml_options()).map_err(|e| Box::new(yaml_diagnostic(text, &e)))
}

/// Turns a serde-saphyr error into a diagnostic, adding a "did you mean" for unknown keys.
pub(crate) fn yaml_diagnostic(text: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let inner = error.without_snippet();
    let mut message = inner.to_string();
    // serde-saphyr appends " at line L column C"; the diagnostic carries that separately.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let key = inner.location().and_then(|loc| key_before(text, loc.line() as usize, loc.column() as usize));
    let mut author_hint = None;
    if let Some((m, h)) = author_message(inner, key.as_deref()) {
        message = m;
        author_hint = h;
    }
    if message.starts_with("budget breached") {
        message = "the YAML is too large once its aliases are expanded (a YAML bomb?)".into();
    }
    // The parser's advice is for programmers, not for whoever wrote the file.
    if let Some(i) = message.find(", set DuplicateKeyPolicy") {
        message.truncate(i);
    }
    let (line, column, range) = match inner.location() {
        Some(loc) if loc.line() > 0 => {
            let start = crate::pack::diagnostic::offset_of(text, loc.line(), loc.column());
            let len = text[start..].find(['\n', ':']).unwrap_or(0).max(1);
            (loc.line() as u32, loc.column() as u32, start..(start + len).min(text.len()))
        }
        _ => (1, 1, 0..0),
    };
    let mut hint = None;
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(field) = rest.split('`').next()
    {
        let expected: Vec<&str> = rest.split("expected one of ").nth(1).map(|s| s.split(", ").map(|x| x.trim_matches('`')).collect()).unwrap_or_default();
        let candidates: Vec<&str> = if expected.is_empty() { TOP_LEVEL_KEYS.to_vec() } else { expected };
        if let Some(m) = did_you_mean(field, candidates.iter().copied()) {
            hint = Some(format!("did you mean `{m}`?"));
        }
    }
    let (mut line, mut column, mut range) = (line, column, range);
    if text.contains('\t') && message.to_lowercase().contains("tab") {
        hint = Some("YAML indentation must use spaces, not tabs".into());
        // Point at the tab itself.
        if let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) {
            if let Some(col) = l.find('\t') {
                let line_start = crate::pack::diagnostic::offset_of(text, line as u64, 1);
                column = l[..col].chars().count() as u32 + 1;
                range = line_start + col..line_start + col + 1;
            }
        } else if let Some(at) = text.find('\t') {
            let (l, c) = line_column(text, at);
            (line, column, range) = (l, c, at..at + 1);
        }
    }
    Diagnostic { severity: Severity::Error, code: DiagnosticCode::Yaml, message, file: String::new(), line, column, range, hint: hint.or(author_hint) }
}

/// What serde-saphyr's messages for programmers (`cannot deserialize null into string; use
/// Option<String>`, `expected string scalar`, `invalid f64`) mean to whoever wrote the pack:
/// the message and a hint, in the author's terms, naming the key (`key`) when it is known.
fn author_message(error: &serde_saphyr::Error, key: Option<&str>) -> Option<(String, Option<String>)> {
    use serde_saphyr::Error as E;
    let what = key.map(|k| format!("`{k}`")).unwrap_or_else(|| "the value".into());
    let plain = |m: String| Some((m, None));
    match error {
        E::NullIntoString { .. } => Some((
            match key {
                Some("sv") => "the Swedish text is empty".to_string(),
                Some("en") => "the English text is empty".to_string(),
                _ => format!("{what} is empty"),
            },
            Some("YAML reads an empty value, `~`, `null` or `Null` as nothing: write the text, or quote it (`\"Null\"`) if the word itself is meant".into()),
        )),
        E::Unexpected { expected, .. } => match *expected {
            "string scalar" | "string" | "scalar" => plain(format!("{what} must be a single value, not a list or a mapping")),
            "sequence start" | "sequence" => Some((format!("{what} must be a list"), Some("write `[a, b]`, or one item per line starting with `- `".into()))),
            "mapping start" | "mapping" if key.is_none() => Some(("the pack file must be a mapping of its keys (`pack`, `questions`, `requirements`, …)".into(), None)),
            "mapping start" | "mapping" => {
                Some((format!("{what} must be a mapping of keys and values"), Some("write `{ sv: …, en: … }`, or one `key: value` per line, indented".into())))
            }
            other => plain(format!("{what}: expected {other}")),
        },
        E::InvalidScalar { ty, .. } => match *ty {
            "f64" | "f32" | "floating point" => Some((format!("{what} must be a number"), Some("write it with a decimal point, e.g. `0.8`".into()))),
            t if t.starts_with('i') || t.starts_with('u') || t == "integer" => plain(format!("{what} must be a whole number")),
            "bool" | "boolean" => plain(format!("{what} must be true or false")),
            "char" => plain(format!("{what} must be one character")),
            other => plain(format!("{what} is not a valid {other}")),
        },
        E::InvalidBooleanStrict { .. } => plain(format!("{what} must be true or false")),
        E::SerdeInvalidType { unexpected, expected, .. } => plain(format!("{what} must be {}, not {}", words(expected), words(unexpected))),
        E::SerdeInvalidValue { unexpected, expected, .. } => plain(format!("{what} must be {}, not {}", words(expected), words(unexpected))),
        E::NonFiniteFloat { value, .. } => plain(format!("{what}: `{value}` is not a finite number")),
        E::Eof { .. } => plain("the file ends in the middle of a value".into()),
        E::TaggedScalarCannotDeserializeIntoString { .. } => Some((format!("{what} must be a text"), Some("remove the `!!` tag".into()))),
        _ => None,
    }
}

/// serde's names of kinds of values in an author's words.
fn words(kind: &str) -> String {
    match kind {
        "a string" | "string" => "a text".into(),
        "a sequence" | "sequence" => "a list".into(),
        "a map" | "map" => "a mapping".into(),
        "a boolean" | "boolean" => "true or false".into(),
        "unit value" | "null" => "nothing".into(),
        k if k.starts_with("string ") => format!("the text {}", &k[7..]),
        k if k.starts_with("integer ") => format!("the number {}", &k[8..]),
        k if k.starts_with("floating point ") => format!("the number {}", &k[15..]),
        other => other.to_string(),
    }
}

/// The key a value at 1-based `line`, `column` of `text` belongs to: the last `key:` up to it
/// on its line (block or flow style), or on the nearest line above that ends with one.
fn key_before(text: &str, line: usize, column: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let last_key = |s: &str| -> Option<String> {
        let chars: Vec<char> = s.chars().collect();
        let colon = (0..chars.len()).rev().find(|&i| chars[i] == ':' && chars.get(i + 1).is_none_or(|c| c.is_whitespace() || matches!(c, '}' | ',')))?;
        let start = (0..colon).rev().take_while(|&i| chars[i].is_alphanumeric() || matches!(chars[i], '_' | '.' | '-')).last()?;
        Some(chars[start..colon].iter().collect())
    };
    let current = lines.get(line.checked_sub(1)?)?;
    let upto: String = current.chars().take(column).collect();
    if let Some(k) = last_key(&upto) {
        return Some(k);
    }
    lines[..line - 1].iter().rev().find(|l| !l.trim().is_empty()).and_then(|l| last_key(l.trim_end()))
}

/// Parses a parameters file; a YAML or shape error becomes a located diagnostic.
pub(crate) fn parse_params_file(text: &str, name: &str) -> Result<crate::pack::model::ParamsFile, Box<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(Box::new(Diagnostic {
            severity: Severity::Error,
            code: DiagnosticCode::Yaml,
            message: "the parameters file is empty".into(),
            file: name.to_string(),
            line: 1,
            column: 1,
            range: 0..0,
            hint: Some("a parameters file needs `parameters: { id: value, … }`".into()),
        }));
    }
    serde_saphyr::from_str_with_options::<crate::pack::model::ParamsFile>(text, yaml_options()).map_err(|e| {
        let mut d = yaml_diagnostic(text, &e);
        d.file = name.to_string();
        Box::new(d)
    })
}
