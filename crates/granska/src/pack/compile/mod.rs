//! The load-time checker: turns parsed pack files into a compiled [`Pack`].
//!
//! It parses every expression, resolves names to slots, checks types, arity, regexes,
//! duplicate ids, derived-value cycles and the evaluation budget, and reports every problem
//! at once, each located in its YAML file. A pack that passes cannot fail on types when
//! evaluated.

mod budget;
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

use budget::Budget;
use ids::IdTable;
use names::{DerivedState, DerivedTable, ParamTable, QuestionTable, list_question, question_type, scalar_type, unreachable_in};
pub(crate) use requirements::placeholder_names;
use sink::{Diagnostics, Site};

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

/// Scope of an expression: bound loop variables and, in a constraint, the value of `.`.
#[derive(Clone, Default)]
struct Scope {
    /// Innermost last: (variable, list question).
    bound: Vec<(String, u32)>,
    this: Option<Type>,
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
