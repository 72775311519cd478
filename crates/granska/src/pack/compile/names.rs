//! The name tables of the compiler: the parameters, questions and derived values declared so
//! far, each with its static types and its index by id, which expressions resolve names
//! against (`expr.rs`) and the compiled pack takes over (`passes.rs`).

use std::collections::HashMap;

use crate::lang::ast::Span;
use crate::lang::functions::Func;
use crate::lang::ir::NodeKind;
use crate::lang::ir::{Const, Node};
use crate::lang::types::Type;
use crate::pack::QuestionType;
use crate::pack::model;
use crate::pack::{Parameter, Question};

/// The parameters declared so far.
#[derive(Default)]
pub(super) struct ParamTable {
    /// The parameters, in declaration order (index = parameter slot).
    pub list: Vec<Parameter>,
    /// Each parameter's static type.
    pub types: Vec<Type>,
    /// Each parameter's value in force, as the evaluator reads it.
    pub values: Vec<Const>,
    /// Id (without `param.`) → index.
    pub index: HashMap<String, u32>,
}

/// The questions declared so far.
#[derive(Default)]
pub(super) struct QuestionTable {
    /// The questions, in questionnaire order (index = answer slot).
    pub list: Vec<Question>,
    /// Each question's static type.
    pub types: Vec<Type>,
    /// Id → index.
    pub index: HashMap<String, u32>,
}

/// The derived values declared so far, checked on first use (they may refer to each other,
/// in any order, but not in a cycle).
#[derive(Default)]
pub(super) struct DerivedTable<'a> {
    /// Each definition with the file it is written in.
    pub defs: Vec<(usize, &'a model::DerivedDef)>,
    /// Id → index.
    pub index: HashMap<String, u32>,
    /// Each compiled expression, once checked.
    pub nodes: Vec<Option<Node>>,
    /// Where each stands in checking (pending, in progress: a cycle if met again, done).
    pub state: Vec<DerivedState>,
    /// Each one's evaluation steps.
    pub cost: Vec<u64>,
    /// Nesting depth of each one's tree, the derived values it uses expanded.
    pub depth: Vec<usize>,
}

/// How far a derived value's type is worked out (a cycle is found as one in progress).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum DerivedState {
    Pending,
    InProgress,
    Done(Type),
}

/// The list question a loop's list node reads, when it can be told.
pub(super) fn list_question(node: &Node) -> Option<u32> {
    match &node.kind {
        NodeKind::Question(q) => Some(*q),
        NodeKind::If(parts) => list_question(&parts[1]),
        NodeKind::Call(Func::Coalesce, args) => args.first().and_then(list_question),
        _ => None,
    }
}

pub(super) fn unreachable_in() -> (Node, Type) {
    (Node::unknown(Span::default()), Type::Error)
}

pub(super) fn scalar_type(kind: QuestionType) -> Type {
    match kind {
        QuestionType::Bool => Type::Bool,
        QuestionType::Integer => Type::Integer,
        QuestionType::Number | QuestionType::Percent => Type::Number,
        QuestionType::Date => Type::Date,
        QuestionType::Text | QuestionType::Choice | QuestionType::List => Type::Text,
    }
}

pub(super) fn question_type(q: &Question, index: u32) -> Type {
    match q.kind {
        QuestionType::Choice if q.multiple => Type::Set(index),
        QuestionType::Choice => Type::Choice(index),
        QuestionType::List => Type::List(index),
        other => scalar_type(other),
    }
}
