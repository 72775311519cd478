//! The checker's diagnostics: where each problem is (file, line, column, byte range) and
//! what it is; errors with [`Diagnostics::at`], lints with [`Diagnostics::warn`], and both
//! inside an expression's text with [`Diagnostics::in_expr`] / [`Diagnostics::warn_expr`].

use serde_saphyr::Spanned;

use crate::lang::ast::Span;
use crate::pack::diagnostic::{Diagnostic, DiagnosticCode, Severity, SourceFile, line_column};

/// Collects the diagnostics of one compilation, located in the pack's files.
pub(super) struct Diagnostics<'a> {
    sources: &'a [SourceFile],
    list: Vec<Diagnostic>,
}

impl<'a> Diagnostics<'a> {
    pub(super) fn new(sources: &'a [SourceFile]) -> Diagnostics<'a> {
        Diagnostics { sources, list: vec![] }
    }

    /// Every diagnostic reported, in the order reported.
    pub(super) fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    /// Whether an error (not only warnings) has been reported.
    pub(super) fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// An error at byte `start` (length `len`) of file `file`.
    pub(super) fn at(&mut self, file: usize, start: usize, len: usize, code: DiagnosticCode, message: String, hint: Option<String>) {
        let source = &self.sources[file];
        let start = start.min(source.text.len());
        let (line, column) = line_column(&source.text, start);
        self.list.push(Diagnostic {
            severity: Severity::Error,
            code,
            message,
            file: source.name.clone(),
            line,
            column,
            range: start..(start + len.max(1)).min(source.text.len().max(start + 1)),
            hint,
        });
    }

    /// An error at a YAML value of file `file`, `len` bytes long.
    pub(super) fn at_spanned<T>(&mut self, file: usize, value: &Spanned<T>, len: usize, code: DiagnosticCode, message: String, hint: Option<String>) {
        let offset = value.referenced.span().byte_offset().unwrap_or(0) as usize;
        self.at(file, offset, len, code, message, hint);
    }

    /// An error at `span` inside the expression written at `site`.
    pub(super) fn in_expr(&mut self, site: Site, text: &str, span: Span, code: DiagnosticCode, message: String, hint: Option<String>) {
        let (start, len) = self.map_span(site, text, span);
        self.at(site.file, start, len, code, message, hint);
    }

    /// A warning (a lint) at byte `start` (length `len`) of file `file`.
    pub(super) fn warn(&mut self, file: usize, start: usize, len: usize, code: DiagnosticCode, message: String, hint: Option<String>) {
        self.at(file, start, len, code, message, hint);
        if let Some(d) = self.list.last_mut() {
            d.severity = Severity::Warning;
        }
    }

    /// A warning (a lint) at `span` inside the expression written at `site`.
    pub(super) fn warn_expr(&mut self, site: Site, text: &str, span: Span, code: DiagnosticCode, message: String, hint: Option<String>) {
        let (start, len) = self.map_span(site, text, span);
        self.warn(site.file, start, len, code, message, hint);
    }

    /// Maps a byte span inside an expression string to a byte range in its YAML file.
    fn map_span(&self, site: Site, text: &str, span: Span) -> (usize, usize) {
        let file = &self.sources[site.file].text;
        let start = scalar_offset(file, site.offset, text, span.start as usize);
        let end = scalar_offset(file, site.offset, text, span.end as usize).max(start);
        (start, (end - start).max(usize::from(span.end > span.start)))
    }

    /// `name:line` of byte `offset` of file `file`, for a hint pointing at it.
    pub(super) fn place(&self, file: usize, offset: usize) -> String {
        let (line, _) = line_column(&self.sources[file].text, offset);
        format!("{}:{line}", self.sources[file].name)
    }
}

/// Where an expression's text sits in its YAML file.
#[derive(Clone, Copy)]
pub(super) struct Site {
    pub(super) file: usize,
    /// Byte offset of the scalar (including any quote or block indicator).
    pub(super) offset: usize,
}

/// The byte offset in a YAML file of byte `at` of the value of the scalar written at
/// `scalar` (its first character: a quote, a block indicator or the value's first
/// character): walks the scalar as written, so that quotes, escapes (`''` in single quotes;
/// `\\`, `\"`, `\n`, `\xHH`, `\uHHHH`, `\UHHHHHHHH` and escaped line breaks in double
/// quotes), folded lines and indentation are all accounted for.
pub(crate) fn scalar_offset(file: &str, scalar: usize, value: &str, at: usize) -> usize {
    #[derive(PartialEq)]
    enum Style {
        Plain,
        Single,
        Double,
        Block,
    }
    let bytes = file.as_bytes();
    let mut pos = scalar.min(file.len());
    let style = match bytes.get(pos) {
        Some(b'"') => Style::Double,
        Some(b'\'') => Style::Single,
        Some(b'|' | b'>') => Style::Block,
        _ => Style::Plain,
    };
    match style {
        Style::Double | Style::Single => pos += 1,
        Style::Block => {
            pos += file[pos..].find('\n').map(|i| i + 1).unwrap_or(file.len() - pos);
        }
        Style::Plain => {}
    }
    let is_space = |b: u8| b == b' ' || b == b'\t' || b == b'\n' || b == b'\r';
    let skip_space = |mut p: usize| {
        while p < bytes.len() && is_space(bytes[p]) {
            p += 1;
        }
        p
    };
    // Escaped line breaks (a backslash ending a line in double quotes) are no part of the value.
    let skip_escaped_breaks = |mut p: usize| {
        while style == Style::Double && bytes.get(p) == Some(&b'\\') && matches!(bytes.get(p + 1), Some(b'\n' | b'\r')) {
            p = skip_space(p + 1);
        }
        p
    };
    for (i, c) in value.char_indices() {
        if i >= at {
            break;
        }
        pos = skip_escaped_breaks(pos);
        if style == Style::Double && bytes.get(pos) == Some(&b'\\') {
            // One character of the value, an escape of several in the file.
            pos += match bytes.get(pos + 1) {
                Some(b'x') => 4,
                Some(b'u') => 6,
                Some(b'U') => 10,
                Some(_) => 2,
                None => 1,
            };
            continue;
        }
        if c.is_whitespace() {
            // Whitespace in the value: a space, a line break plus indentation, or a fold.
            pos = skip_space(pos);
            continue;
        }
        // Indentation and folds the value dropped.
        pos = skip_escaped_breaks(skip_space(pos));
        if style == Style::Single && c == '\'' && bytes.get(pos) == Some(&b'\'') && bytes.get(pos + 1) == Some(&b'\'') {
            pos += 2;
            continue;
        }
        pos += file.get(pos..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
    }
    let pos = pos.min(file.len());
    // The character at `at` itself, past indentation and folds.
    if value.get(at..).is_some_and(|r| r.starts_with(|c: char| !c.is_whitespace())) { skip_escaped_breaks(skip_space(pos)).min(file.len()) } else { pos }
}
