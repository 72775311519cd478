//! The compiled form of an expression: a typed tree whose references are resolved to slots.
//!
//! The checker ([`crate::pack::compile`]) produces it; the evaluator ([`crate::lang::eval`]) walks it. No
//! names are looked up at evaluation time, and no node needs to allocate to be evaluated.
//!
//! The tree is written to and read from a compiled pack file with serde
//! ([`crate::pack::compiled`]): an enum's variants are numbered in declaration order there, so
//! adding, removing or reordering a variant or a field changes that format and its version.

use std::cell::Cell;

use serde::{Deserialize, Deserializer, Serialize};

use crate::lang::ast::Span;
use crate::lang::functions::{Func, LoopKind};
use crate::lang::pattern::Pattern;
use crate::lang::read_error::read_error;

/// A compiled expression node, with the span of its source text for explanations.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

/// A constant folded into the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Const {
    Unknown,
    Bool(bool),
    Integer(i64),
    Number(f64),
    Date(i32),
    Text(Box<str>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum NodeKind {
    Const(Const),
    /// The answer to question `n`.
    Question(u32),
    /// Derived value `n`, evaluated in place.
    Derived(u32),
    /// Parameter `n`: the value the pack's parameters file (or default) sets.
    Param(u32),
    /// `.` in a constraint.
    This,
    /// Field `field` of the record bound `up` loops out (0 is the innermost).
    Field {
        up: u8,
        field: u16,
    },
    Not(Box<Node>),
    Negate(Box<Node>),
    And(Box<[Node]>),
    Or(Box<[Node]>),
    Compare(CmpOp, Box<Node>, Box<Node>),
    Arith(ArithOp, Box<Node>, Box<Node>),
    /// `item in [a, b, …]`.
    InList {
        negate: bool,
        item: Box<Node>,
        list: Box<[Node]>,
    },
    /// `"value" in set`, with the value resolved to its choice bit.
    HasChoice {
        negate: bool,
        bit: u8,
        set: Box<Node>,
    },
    /// `item in set` with a computed item; `question` owns the choices.
    InSet {
        negate: bool,
        item: Box<Node>,
        set: Box<Node>,
        question: u32,
    },
    If(Box<[Node; 3]>),
    Call(Func, Box<[Node]>),
    Loop {
        kind: LoopKind,
        list: Box<Node>,
        body: Box<Node>,
    },
    Matches(Box<Node>, Box<Pattern>),
}

/// How deep a tree read from a compiled pack may nest: deeper than any the checker passes
/// with the default limits (`max_expression_depth` 64), shallow enough that reading it
/// cannot overflow the stack of a thread with 2 MB.
pub(crate) const MAX_READ_DEPTH: u32 = 256;

thread_local! {
    /// How deep [`Node::deserialize`] is now, on this thread.
    static READ_DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// One level of [`READ_DEPTH`], left when dropped (also when reading fails).
struct DepthGuard;

impl DepthGuard {
    fn enter() -> Option<DepthGuard> {
        READ_DEPTH.with(|d| {
            let depth = d.get() + 1;
            if depth > MAX_READ_DEPTH {
                return None;
            }
            d.set(depth);
            Some(DepthGuard)
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        READ_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Read like a derived `Deserialize`, refusing a tree deeper than [`MAX_READ_DEPTH`] before
/// the recursion can exhaust the stack: a compiled pack file is data from outside.
impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename = "Node")]
        struct Fields {
            kind: NodeKind,
            span: Span,
        }
        let Some(_guard) = DepthGuard::enter() else {
            return Err(read_error(format!("an expression nests more than {MAX_READ_DEPTH} levels deep")));
        };
        let Fields { kind, span } = Fields::deserialize(deserializer)?;
        Ok(Node { kind, span })
    }
}

// The constructors are the checker's (`authoring`); the compiled-pack reader builds nodes by
// deserialising.
#[cfg_attr(not(feature = "authoring"), allow(dead_code))]
impl Node {
    pub fn new(kind: NodeKind, span: Span) -> Node {
        Node { kind, span }
    }

    pub fn unknown(span: Span) -> Node {
        Node::new(NodeKind::Const(Const::Unknown), span)
    }

    /// Children of this node, in evaluation order.
    pub fn children(&self) -> Vec<&Node> {
        match &self.kind {
            NodeKind::Const(_) | NodeKind::Question(_) | NodeKind::Derived(_) | NodeKind::Param(_) | NodeKind::This | NodeKind::Field { .. } => vec![],
            NodeKind::Not(a) | NodeKind::Negate(a) => vec![a],
            NodeKind::And(xs) | NodeKind::Or(xs) | NodeKind::Call(_, xs) => xs.iter().collect(),
            NodeKind::Compare(_, a, b) | NodeKind::Arith(_, a, b) => vec![a, b],
            NodeKind::InList { item, list, .. } => std::iter::once(&**item).chain(list.iter()).collect(),
            NodeKind::HasChoice { set, .. } => vec![set],
            NodeKind::InSet { item, set, .. } => vec![item, set],
            NodeKind::If(parts) => parts.iter().collect(),
            NodeKind::Loop { list, body, .. } => vec![list, body],
            NodeKind::Matches(a, _) => vec![a],
        }
    }
}
