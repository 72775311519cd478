//! The load-time checker: turns parsed pack files into a compiled [`Pack`].
//!
//! It parses every expression, resolves names to slots, checks types, arity, regexes,
//! duplicate ids, derived-value cycles and the evaluation budget, and reports every problem
//! at once, each located in its YAML file. A pack that passes cannot fail on types when
//! evaluated.

mod calls;
mod cost;
mod declarations;
mod expr;
mod ids;
mod lints;
mod names;
mod parameters;
mod passes;
mod requirements;
mod sink;

use cost::Budget;
use expr::{list_question, question_type};
use ids::IdTable;
use names::{DerivedTable, ParamTable, QuestionTable};
pub(crate) use requirements::placeholder_names;
use sink::Diagnostics;

use std::collections::HashMap;
use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::lang::ast::{BinaryOp, Expr, ExprKind, Literal, Span};
use crate::lang::functions::LoopKind;
use crate::lang::functions::{self, Func};
use crate::lang::ir::{ArithOp, CmpOp, Const, Node, NodeKind};
use crate::lang::types::{Type, unify};
use crate::nfc::nfc_string;
use crate::pack::diagnostic::{Diagnostic, DiagnosticCode, Severity as DiagSeverity, SourceFile, did_you_mean};
use crate::pack::limits::Limits;
use crate::pack::load::Loaded;
use crate::pack::model::{self, Flag, PackFile, Text};
use crate::pack::*;

/// A requirement's condition, for finding two with the same one: `require` and `applies`,
/// where they apply, and where the first was written.
struct Condition<'n> {
    require: &'n Node,
    applies: Option<&'n Node>,
    services: ServiceSet,
    valid: (i32, i32),
    file: usize,
    offset: usize,
    id: String,
}

/// Where an expression's text sits in its YAML file.
#[derive(Clone, Copy)]
struct Site {
    file: usize,
    /// Byte offset of the scalar (including any quote or block indicator).
    offset: usize,
}

/// Scope of an expression: bound loop variables and, in a constraint, the value of `.`.
#[derive(Clone, Default)]
struct Scope {
    /// Innermost last: (variable, list question).
    bound: Vec<(String, u32)>,
    this: Option<Type>,
}

#[derive(Clone, Copy, PartialEq)]
enum DerivedState {
    Pending,
    InProgress,
    Done(Type),
}

struct Checker<'a> {
    limits: &'a Limits,
    sources: &'a [SourceFile],
    diag: Diagnostics<'a>,
    services: Vec<Service>,
    params: ParamTable,
    questions: QuestionTable,
    derived: DerivedTable<'a>,
    /// How deep `expr` is recursing now, through derived values checked on the way.
    nesting: usize,
    /// Evaluation steps of every expression, for one report.
    budget: Budget,
}

/// Checks loaded files and builds the pack, or returns every error found.
pub(crate) fn compile(loaded: Loaded, limits: &Limits) -> Result<Pack, (Vec<Diagnostic>, Vec<SourceFile>)> {
    let Loaded { files, sources, mut diagnostics, params } = loaded;
    if files.is_empty() {
        return Err((diagnostics, sources));
    }
    let mut checker = Checker {
        limits,
        sources: &sources,
        diag: Diagnostics::new(&sources),
        services: vec![],
        params: ParamTable::default(),
        questions: QuestionTable::default(),
        derived: DerivedTable::default(),
        nesting: 0,
        budget: Budget::default(),
    };
    let result = checker.run(&files, params.as_ref());
    diagnostics.extend(checker.diag.into_vec());
    // Stable order: by file, then position.
    let order: HashMap<&str, usize> = sources.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();
    diagnostics.sort_by_key(|d| (order.get(d.file.as_str()).copied().unwrap_or(usize::MAX), d.line, d.column));
    let has_errors = diagnostics.iter().any(|d| d.severity == DiagSeverity::Error);
    match result {
        Some(mut data) if !has_errors => {
            data.file_order = files.iter().map(|(i, _)| *i).collect();
            data.warnings = diagnostics;
            data.sources = sources;
            Ok(Pack { data: Arc::new(data) })
        }
        _ => Err((diagnostics, sources)),
    }
}

const PLACEHOLDERS: &[&str] = &["report.year", "report.date", "provider", "service", "name", "contract", "missing"];

pub(crate) use crate::pack::params::PARAM_PREFIX;

impl<'a> Checker<'a> {
    fn spanned_site<T>(file: usize, v: &Spanned<T>) -> Site {
        Site { file, offset: v.referenced.span().byte_offset().unwrap_or(0) as usize }
    }
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
