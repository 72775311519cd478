//! The team's hand-written text (the summary, the analysis, the conclusions), read from
//! Markdown files beside the data and placed in the report where each belongs.
//!
//! A small, strict Markdown: `#` headings (shifted below the section's own), paragraphs,
//! `-`/`*`/`1.` lists, `**bold**` and `*emphasis*`. Everything else is text: every character
//! is escaped, so raw HTML, scripts and links stay text and the page loads nothing.

use std::collections::BTreeMap;
use std::path::Path;

use granska::Lang;

use crate::escape::html as esc;
use crate::export::{ExportError, InputProblem};

/// The places prose can go, in report order: `<slot>.md`, or `<slot>.sv.md` / `<slot>.en.md`
/// for one language.
pub const SLOTS: &[(&str, &str, &str)] = &[
    ("sammanfattning", "Sammanfattning", "Summary"),
    ("inledning", "Inledning", "Introduction"),
    ("malgrupp", "Målgrupp och insatser", "Clients and services"),
    ("kvalitet", "Kvalitet", "Quality"),
    ("brukarundersokning", "Brukarundersökningar", "User surveys"),
    ("granskning", "Kvalitetsgranskningar", "Quality audits"),
    ("personal", "Organisation och personal", "Organisation and staff"),
    ("kvalitetsarbete", "Systematiskt kvalitetsarbete", "Systematic quality work"),
    ("avvikelser", "Avvikelser, lex Sarah och klagomål", "Deviations, lex Sarah and complaints"),
    ("dokumentation", "Dokumentation", "Documentation"),
    ("indikatorer", "Socialtjänstlagens kvalitetsindikatorer", "The quality indicators"),
    ("slutsatser", "Slutsatser", "Conclusions"),
];

/// The slot and language a name stands for: `<slot>`, `<slot>.sv` or `<slot>.en`; `None`
/// when it names no slot.
pub fn slot_of(name: &str) -> Option<(&str, Option<Lang>)> {
    slot_in(name, SLOTS)
}

/// As [`slot_of`], for the slots of another document (the kvalitetsberättelse's,
/// [`crate::risk::STORY_SLOTS`]).
pub fn slot_in<'n>(name: &'n str, slots: &[(&str, &str, &str)]) -> Option<(&'n str, Option<Lang>)> {
    let (slot, lang) = match name.rsplit_once('.') {
        Some((s, "sv")) => (s, Some(Lang::Sv)),
        Some((s, "en")) => (s, Some(Lang::En)),
        _ => (name, None),
    };
    slots.iter().any(|(s, _, _)| *s == slot).then_some((slot, lang))
}

/// "`what` belongs to no section of the report; name it after one of: …".
fn no_slot(slots: &[(&str, &str, &str)], what_sv: &str, what_en: &str) -> (String, String) {
    let list = slots.iter().map(|s| s.0).collect::<Vec<_>>().join(", ");
    (
        format!("{what_sv} hör inte till något avsnitt av rapporten; namnge den efter ett av: {list}."),
        format!("{what_en} belongs to no section of the report; name it after one of: {list}"),
    )
}

/// The prose of a report, by slot and language.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    /// (slot, `sv`, `en` or `""` for both) → Markdown.
    texts: BTreeMap<(String, &'static str), String>,
}

impl Prose {
    /// No prose.
    pub fn new() -> Prose {
        Prose::default()
    }

    /// Sets the text of `slot` (for one language, or both when `lang` is `None`).
    pub fn set(&mut self, slot: &str, lang: Option<Lang>, markdown: impl Into<String>) {
        self.texts.insert((slot.to_string(), code(lang)), markdown.into());
    }

    /// Reads every `<slot>.md`, `<slot>.sv.md` and `<slot>.en.md` in `dir`. A Markdown file
    /// named for no slot is an error (a misspelt name would silently leave its text out).
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the folder or a file cannot be read, or a `.md` file is named
    /// for no slot (the slots are listed).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Prose, ExportError> {
        Prose::from_dir_with(dir, SLOTS)
    }

    /// As [`Prose::from_dir`], for the slots of another document.
    ///
    /// # Errors
    ///
    /// As [`Prose::from_dir`], with `slots` listed.
    pub fn from_dir_with(dir: impl AsRef<Path>, slots: &[(&str, &str, &str)]) -> Result<Prose, ExportError> {
        let dir = dir.as_ref();
        let source = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| ExportError { problems: vec![InputProblem::unreadable(&source, &e)] })?;
        let mut prose = Prose::new();
        let mut problems = vec![];
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
        paths.sort();
        for path in paths {
            let file = path.display().to_string();
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let Some((slot, lang)) = slot_in(stem, slots) else {
                let (sv, en) = no_slot(slots, "Filen", "the file");
                problems.push(InputProblem::new_file(&file, crate::export::InputCode::BadRecord, sv, en));
                continue;
            };
            match std::fs::read_to_string(&path) {
                Ok(text) => prose.set(slot, lang, text),
                Err(e) => problems.push(InputProblem::unreadable(&file, &e)),
            }
        }
        if problems.is_empty() { Ok(prose) } else { Err(ExportError { problems }) }
    }

    /// Sets the text named `name` (`<slot>`, `<slot>.sv` or `<slot>.en`, as the files are
    /// named).
    ///
    /// # Errors
    ///
    /// The message (Swedish, English) when the name is for no slot; the slots are listed.
    pub fn set_named(&mut self, name: &str, markdown: impl Into<String>) -> Result<(), (String, String)> {
        self.set_named_with(name, markdown, SLOTS)
    }

    /// As [`Prose::set_named`], for the slots of another document.
    ///
    /// # Errors
    ///
    /// As [`Prose::set_named`], with `slots` listed.
    pub fn set_named_with(&mut self, name: &str, markdown: impl Into<String>, slots: &[(&str, &str, &str)]) -> Result<(), (String, String)> {
        let (slot, lang) = slot_in(name, slots).ok_or_else(|| no_slot(slots, &format!("Texten \"{name}\""), &format!("the text \"{name}\"")))?;
        self.set(slot, lang, markdown);
        Ok(())
    }

    /// The Markdown of `slot` in `lang`: the language's own file, else the shared one.
    pub fn get(&self, slot: &str, lang: Lang) -> Option<&str> {
        self.texts.get(&(slot.to_string(), code(Some(lang)))).or_else(|| self.texts.get(&(slot.to_string(), ""))).map(String::as_str)
    }

    /// The slot's prose as HTML inside `<div class="prose">`, or nothing. Headings start at
    /// `<h{level}>`.
    pub fn html(&self, slot: &str, lang: Lang, level: usize) -> String {
        self.get(slot, lang).map(|m| format!("<div class=\"prose\">{}</div>\n", markdown_html(m, level))).unwrap_or_default()
    }
}

fn code(lang: Option<Lang>) -> &'static str {
    match lang {
        Some(Lang::Sv) => "sv",
        Some(Lang::En) => "en",
        None => "",
    }
}

/// Inline `**bold**` and `*emphasis*` over escaped text.
fn inline(text: &str) -> String {
    let escaped = esc(text);
    let mut out = String::new();
    let mut rest = escaped.as_str();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
        {
            out.push_str(&format!("<strong>{}</strong>", &after[..end]));
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('*')
            && let Some(end) = after.find('*').filter(|&e| e > 0)
        {
            out.push_str(&format!("<em>{}</em>", &after[..end]));
            rest = &after[end + 1..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The strict Markdown subset as HTML.
pub fn markdown_html(text: &str, level: usize) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = vec![];
    let mut list: Option<(&str, Vec<String>)> = None;
    let flush_para = |out: &mut String, para: &mut Vec<&str>| {
        if !para.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", inline(&para.join(" "))));
            para.clear();
        }
    };
    let flush_list = |out: &mut String, list: &mut Option<(&str, Vec<String>)>| {
        if let Some((tag, items)) = list.take() {
            out.push_str(&format!("<{tag}>"));
            for i in items {
                out.push_str(&format!("<li>{}</li>", inline(&i)));
            }
            out.push_str(&format!("</{tag}>\n"));
        }
    };
    for line in text.lines() {
        let t = line.trim();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        let ordered = t.split_once(". ").filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).map(|(_, rest)| rest);
        if t.is_empty() {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut list);
        } else if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush_para(&mut out, &mut para);
            flush_list(&mut out, &mut list);
            let h = (level + hashes - 1).min(6);
            out.push_str(&format!("<h{h}>{}</h{h}>\n", inline(t[hashes..].trim())));
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| t.strip_prefix("• ")) {
            flush_para(&mut out, &mut para);
            if list.as_ref().is_some_and(|(tag, _)| *tag != "ul") {
                flush_list(&mut out, &mut list);
            }
            list.get_or_insert(("ul", vec![])).1.push(item.to_string());
        } else if let Some(item) = ordered {
            flush_para(&mut out, &mut para);
            if list.as_ref().is_some_and(|(tag, _)| *tag != "ol") {
                flush_list(&mut out, &mut list);
            }
            list.get_or_insert(("ol", vec![])).1.push(item.to_string());
        } else if let Some((_, items)) = list.as_mut().filter(|_| line.starts_with(' ')) {
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            flush_list(&mut out, &mut list);
            para.push(t);
        }
    }
    flush_para(&mut out, &mut para);
    flush_list(&mut out, &mut list);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_markdown_escapes_everything_else() {
        let html = markdown_html("# Rubrik\n\nEn **fet** och *kursiv* <script>alert(1)</script> [länk](http://x).\n\n- a\n- b\n\n1. ett\n2. två\n", 3);
        assert_eq!(
            html,
            "<h3>Rubrik</h3>\n<p>En <strong>fet</strong> och <em>kursiv</em> &lt;script&gt;alert(1)&lt;/script&gt; [länk](http://x).</p>\n<ul><li>a</li><li>b</li></ul>\n<ol><li>ett</li><li>två</li></ol>\n"
        );
    }
}
