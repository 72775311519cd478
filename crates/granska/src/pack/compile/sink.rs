//! The checker's diagnostics: where each problem is (file, line, column, byte range) and
//! what it is; errors with [`Diagnostics::at`], lints with [`Diagnostics::warn`], and both
//! inside an expression's text with [`Diagnostics::in_expr`] / [`Diagnostics::warn_expr`].

use serde_saphyr::Spanned;

use super::{Site, scalar_offset};
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
