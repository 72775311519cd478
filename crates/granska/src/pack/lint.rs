//! Pack lints: analyses of compiled expressions that find what a pack says but its author
//! likely did not mean. The checker ([`crate::pack::compile`]) runs them on a pack that loaded and
//! turns each finding into a located warning with a hint.
//!
//! - [`windows`]: `months_between(x, report_date()) <= N` used as "within the last N months"
//!   (it accepts dates up to N months and 30 days old).
//! - [`outcomes`]: the values a condition can take over every answer the questions allow
//!   (types, `min`/`max`, choices), by constant folding and interval reasoning; a `require`
//!   that can only be true, or only false, is a finding. The analysis over-approximates: it
//!   may miss a constant condition, never report one that is not.
//! - [`reads`]: the questions an expression reads, through derived values.

use crate::lang::ast::Span;
use crate::lang::functions::Func;
use crate::lang::functions::LoopKind;
use crate::lang::ir::{ArithOp, CmpOp, Const, Node, NodeKind};
use crate::pack::{Derived, Question, QuestionType};

// ---------------------------------------------------------------------------------------
// Windows.

/// A comparison of whole months since a date with a bound, used as a window.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Window {
    /// The comparison, in the expression's source text.
    pub span: Span,
    /// The date compared (its span), whose months before the report date are counted.
    pub date: Span,
    /// The bound as written (`12`, `param.x`).
    pub bound: Span,
    /// `<` rather than `<=` (or the mirrored forms).
    pub strict: bool,
}

fn is_report_date(n: &Node) -> bool {
    matches!(&n.kind, NodeKind::Call(Func::ReportDate, args) if args.is_empty())
}

/// `months_between(x, report_date())` (`forward`) or `months_between(report_date(), x)`,
/// directly or as a derived value; the span of `x`.
fn months_to_report(n: &Node, derived: &[Derived]) -> Option<(bool, Span)> {
    match &n.kind {
        NodeKind::Call(Func::MonthsBetween, args) if args.len() == 2 => {
            if is_report_date(&args[1]) && !is_report_date(&args[0]) {
                Some((true, args[0].span))
            } else if is_report_date(&args[0]) && !is_report_date(&args[1]) {
                Some((false, args[1].span))
            } else {
                None
            }
        }
        // A derived value's spans point into its own text: the comparison is reported, with
        // the derived value's name as the date.
        NodeKind::Derived(d) => derived.get(*d as usize).and_then(|x| months_to_report(&x.node, derived)).map(|(f, _)| (f, n.span)),
        _ => None,
    }
}

/// A bound: a number, a parameter, or minus one of them.
fn is_bound(n: &Node) -> bool {
    match &n.kind {
        NodeKind::Const(Const::Integer(_) | Const::Number(_)) | NodeKind::Param(_) => true,
        NodeKind::Negate(inner) => is_bound(inner),
        _ => false,
    }
}

/// Every window written with `months_between` in `node` (not inside derived values: those
/// are linted where they are written). `not (months_between(x, report_date()) > 12)` is one too.
pub(crate) fn windows(node: &Node, derived: &[Derived], out: &mut Vec<Window>) {
    match &node.kind {
        NodeKind::Compare(op, a, b) => window(node.span, *op, a, b, derived, out),
        NodeKind::Not(inner) => {
            if let NodeKind::Compare(op, a, b) = &inner.kind {
                window(node.span, negate(*op), a, b, derived, out);
            }
        }
        _ => {}
    }
    for child in node.children() {
        windows(child, derived, out);
    }
}

/// A window in `a op b`, reported at `span`.
fn window(span: Span, op: CmpOp, a: &Node, b: &Node, derived: &[Derived], out: &mut Vec<Window>) {
    // Normalise to `months OP bound`.
    let found = match (months_to_report(a, derived), months_to_report(b, derived)) {
        (Some(m), None) if is_bound(b) => Some((m, op, b.span)),
        (None, Some(m)) if is_bound(a) => Some((m, mirror(op), a.span)),
        _ => None,
    };
    if let Some(((forward, date), op, bound)) = found {
        // months_between(x, R) counts up (≤ N is a window); months_between(R, x) counts
        // down (≥ -N is the same window).
        let strict = match (forward, op) {
            (true, CmpOp::Le) | (false, CmpOp::Ge) => Some(false),
            (true, CmpOp::Lt) | (false, CmpOp::Gt) => Some(true),
            _ => None,
        };
        if let Some(strict) = strict {
            out.push(Window { span, date, bound, strict });
        }
    }
}

/// The comparison that is true exactly when `op` is false (for known values).
fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
    }
}

fn mirror(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

// ---------------------------------------------------------------------------------------
// The same condition.

/// Whether two compiled expressions are the same tree (spans aside): the same condition
/// however it was spaced or parenthesised.
pub(crate) fn same_tree(a: &Node, b: &Node) -> bool {
    let same_kind = match (&a.kind, &b.kind) {
        (NodeKind::Const(x), NodeKind::Const(y)) => x == y,
        (NodeKind::Question(x), NodeKind::Question(y)) | (NodeKind::Derived(x), NodeKind::Derived(y)) | (NodeKind::Param(x), NodeKind::Param(y)) => x == y,
        (NodeKind::This, NodeKind::This) => true,
        (NodeKind::Field { up: u1, field: f1 }, NodeKind::Field { up: u2, field: f2 }) => u1 == u2 && f1 == f2,
        (NodeKind::Not(_), NodeKind::Not(_)) | (NodeKind::Negate(_), NodeKind::Negate(_)) | (NodeKind::If(_), NodeKind::If(_)) => true,
        (NodeKind::And(x), NodeKind::And(y)) | (NodeKind::Or(x), NodeKind::Or(y)) => x.len() == y.len(),
        (NodeKind::Compare(x, ..), NodeKind::Compare(y, ..)) => x == y,
        (NodeKind::Arith(x, ..), NodeKind::Arith(y, ..)) => x == y,
        (NodeKind::InList { negate: n1, list: l1, .. }, NodeKind::InList { negate: n2, list: l2, .. }) => n1 == n2 && l1.len() == l2.len(),
        (NodeKind::HasChoice { negate: n1, bit: b1, .. }, NodeKind::HasChoice { negate: n2, bit: b2, .. }) => n1 == n2 && b1 == b2,
        (NodeKind::InSet { negate: n1, question: q1, .. }, NodeKind::InSet { negate: n2, question: q2, .. }) => n1 == n2 && q1 == q2,
        (NodeKind::Call(f1, x), NodeKind::Call(f2, y)) => f1 == f2 && x.len() == y.len(),
        (NodeKind::Loop { kind: k1, .. }, NodeKind::Loop { kind: k2, .. }) => k1 == k2,
        (NodeKind::Matches(_, r1), NodeKind::Matches(_, r2)) => r1.as_str() == r2.as_str(),
        _ => false,
    };
    if !same_kind {
        return false;
    }
    let (x, y) = (a.children(), b.children());
    x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| same_tree(p, q))
}

pub(crate) use super::reads::reads;

// ---------------------------------------------------------------------------------------
// Outcomes.

/// What a condition can evaluate to when it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bools {
    pub can_true: bool,
    pub can_false: bool,
}

const BOTH: Bools = Bools { can_true: true, can_false: true };

/// An over-approximation of the known values of an expression.
#[derive(Clone, Debug, PartialEq)]
enum Abs {
    Bool(Bools),
    /// Every value lies in `lo..=hi` (infinite ends for no bound).
    Num {
        lo: f64,
        hi: f64,
    },
    /// One of these texts.
    Texts(Vec<String>),
    /// Anything of its type.
    Top,
}

/// What the analysis knows beyond the questions: the service types a requirement applies to.
pub(crate) struct Context<'a> {
    pub questions: &'a [Question],
    pub derived: &'a [Derived],
    /// `service()` is one of these, when the requirement names its service types.
    pub services: Option<Vec<String>>,
}

/// The values `node`, a condition, can take over every answer the questions allow.
pub(crate) fn outcomes(node: &Node, cx: &Context<'_>) -> Bools {
    match abs(node, cx, 0) {
        Abs::Bool(b) => b,
        _ => BOTH,
    }
}

fn num(lo: f64, hi: f64) -> Abs {
    if lo.is_nan() || hi.is_nan() || lo > hi { Abs::Top } else { Abs::Num { lo, hi } }
}

fn question_abs(q: &Question) -> Abs {
    match q.kind {
        QuestionType::Bool => Abs::Bool(BOTH),
        QuestionType::Integer | QuestionType::Number | QuestionType::Percent => {
            let (lo, hi) = match q.kind {
                QuestionType::Percent => (q.min.unwrap_or(0.0).max(0.0), q.max.unwrap_or(100.0).min(100.0)),
                _ => (q.min.unwrap_or(f64::NEG_INFINITY), q.max.unwrap_or(f64::INFINITY)),
            };
            num(lo, hi)
        }
        QuestionType::Choice if !q.multiple && !q.choices.is_empty() => Abs::Texts(q.choices.iter().map(|c| c.value.clone()).collect()),
        _ => Abs::Top,
    }
}

fn join(a: Abs, b: Abs) -> Abs {
    match (a, b) {
        (Abs::Bool(x), Abs::Bool(y)) => Abs::Bool(Bools { can_true: x.can_true || y.can_true, can_false: x.can_false || y.can_false }),
        (Abs::Num { lo: a, hi: b }, Abs::Num { lo: c, hi: d }) => num(a.min(c), b.max(d)),
        (Abs::Texts(mut x), Abs::Texts(y)) => {
            for t in y {
                if !x.contains(&t) {
                    x.push(t);
                }
            }
            Abs::Texts(x)
        }
        _ => Abs::Top,
    }
}

fn as_bools(a: &Abs) -> Bools {
    match a {
        Abs::Bool(b) => *b,
        _ => BOTH,
    }
}

fn abs(node: &Node, cx: &Context<'_>, depth: usize) -> Abs {
    if depth > 64 {
        return Abs::Top;
    }
    let sub = |n: &Node| abs(n, cx, depth + 1);
    match &node.kind {
        NodeKind::Const(c) => match c {
            Const::Bool(b) => Abs::Bool(Bools { can_true: *b, can_false: !*b }),
            Const::Integer(i) => num(*i as f64, *i as f64),
            Const::Number(n) => num(*n, *n),
            Const::Text(t) => Abs::Texts(vec![t.to_string()]),
            Const::Date(_) | Const::Unknown => Abs::Top,
        },
        NodeKind::Question(q) => cx.questions.get(*q as usize).map(question_abs).unwrap_or(Abs::Top),
        // A parameter is set per municipality: any value of its type.
        NodeKind::Param(_) | NodeKind::This | NodeKind::Field { .. } => Abs::Top,
        NodeKind::Derived(d) => cx.derived.get(*d as usize).map(|x| sub(&x.node)).unwrap_or(Abs::Top),
        NodeKind::Not(a) => match sub(a) {
            Abs::Bool(b) => Abs::Bool(Bools { can_true: b.can_false, can_false: b.can_true }),
            _ => Abs::Bool(BOTH),
        },
        NodeKind::Negate(a) => match sub(a) {
            Abs::Num { lo, hi } => num(-hi, -lo),
            _ => Abs::Top,
        },
        NodeKind::And(items) => {
            let all: Vec<Bools> = items.iter().map(|i| as_bools(&sub(i))).collect();
            Abs::Bool(Bools { can_true: all.iter().all(|b| b.can_true), can_false: all.iter().any(|b| b.can_false) })
        }
        NodeKind::Or(items) => {
            let all: Vec<Bools> = items.iter().map(|i| as_bools(&sub(i))).collect();
            Abs::Bool(Bools { can_true: all.iter().any(|b| b.can_true), can_false: all.iter().all(|b| b.can_false) })
        }
        NodeKind::Compare(op, a, b) => Abs::Bool(compare(*op, &sub(a), &sub(b))),
        NodeKind::Arith(op, a, b) => match (sub(a), sub(b)) {
            (Abs::Num { lo: a, hi: b }, Abs::Num { lo: c, hi: d }) => match op {
                ArithOp::Add => num(a + c, b + d),
                ArithOp::Sub => num(a - d, b - c),
                ArithOp::Mul => {
                    let products = [a * c, a * d, b * c, b * d];
                    if products.iter().any(|p| p.is_nan()) {
                        Abs::Top
                    } else {
                        num(products.iter().cloned().fold(f64::INFINITY, f64::min), products.iter().cloned().fold(f64::NEG_INFINITY, f64::max))
                    }
                }
                ArithOp::Div => Abs::Top,
            },
            _ => Abs::Top,
        },
        NodeKind::InList { negate, item, list } => {
            let values: Option<Vec<String>> = list
                .iter()
                .map(|n| match &n.kind {
                    NodeKind::Const(Const::Text(t)) => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            let b = match (sub(item), values) {
                (Abs::Texts(possible), Some(listed)) => Bools { can_true: possible.iter().any(|p| listed.contains(p)), can_false: possible.iter().any(|p| !listed.contains(p)) },
                _ => BOTH,
            };
            Abs::Bool(if *negate { Bools { can_true: b.can_false, can_false: b.can_true } } else { b })
        }
        NodeKind::HasChoice { .. } | NodeKind::InSet { .. } | NodeKind::Matches(..) => Abs::Bool(BOTH),
        NodeKind::If(parts) => match as_bools(&sub(&parts[0])) {
            Bools { can_true: true, can_false: false } => sub(&parts[1]),
            Bools { can_true: false, can_false: true } => sub(&parts[2]),
            _ => join(sub(&parts[1]), sub(&parts[2])),
        },
        NodeKind::Loop { kind, .. } => match kind {
            LoopKind::Any | LoopKind::All => Abs::Bool(BOTH),
            LoopKind::Count => num(0.0, f64::INFINITY),
            _ => Abs::Top,
        },
        NodeKind::Call(func, args) => match func {
            Func::Answered | Func::WithinMonths => Abs::Bool(BOTH),
            Func::Coalesce => args.iter().map(sub).reduce(join).unwrap_or(Abs::Top),
            Func::Count | Func::Len => num(0.0, f64::INFINITY),
            Func::Abs => match args.first().map(sub) {
                Some(Abs::Num { lo, hi }) if lo >= 0.0 => num(lo, hi),
                Some(Abs::Num { lo, hi }) if hi <= 0.0 => num(-hi, -lo),
                Some(Abs::Num { lo, hi }) => num(0.0, hi.max(-lo)),
                _ => num(0.0, f64::INFINITY),
            },
            Func::Round => match args.first().map(sub) {
                Some(Abs::Num { lo, hi }) => num(lo.round(), hi.round()),
                _ => Abs::Top,
            },
            Func::Service => match &cx.services {
                Some(s) => Abs::Texts(s.clone()),
                None => Abs::Top,
            },
            _ => Abs::Top,
        },
    }
}

fn compare(op: CmpOp, a: &Abs, b: &Abs) -> Bools {
    match (a, b) {
        (Abs::Num { lo: al, hi: ah }, Abs::Num { lo: bl, hi: bh }) => {
            let (al, ah, bl, bh) = (*al, *ah, *bl, *bh);
            match op {
                CmpOp::Lt => Bools { can_true: al < bh, can_false: ah >= bl },
                CmpOp::Le => Bools { can_true: al <= bh, can_false: ah > bl },
                CmpOp::Gt => Bools { can_true: ah > bl, can_false: al <= bh },
                CmpOp::Ge => Bools { can_true: ah >= bl, can_false: al < bh },
                CmpOp::Eq => Bools { can_true: al <= bh && bl <= ah, can_false: !(al == ah && bl == bh && al == bl) },
                CmpOp::Ne => Bools { can_true: !(al == ah && bl == bh && al == bl), can_false: al <= bh && bl <= ah },
            }
        }
        (Abs::Texts(x), Abs::Texts(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let overlap = x.iter().any(|t| y.contains(t));
            let differ = !(x.len() == 1 && y.len() == 1 && x[0] == y[0]);
            let eq = Bools { can_true: overlap, can_false: differ };
            if op == CmpOp::Eq { eq } else { Bools { can_true: eq.can_false, can_false: eq.can_true } }
        }
        (Abs::Bool(x), Abs::Bool(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let can_equal = (x.can_true && y.can_true) || (x.can_false && y.can_false);
            let can_differ = (x.can_true && y.can_false) || (x.can_false && y.can_true);
            if op == CmpOp::Eq { Bools { can_true: can_equal, can_false: can_differ } } else { Bools { can_true: can_differ, can_false: can_equal } }
        }
        _ => BOTH,
    }
}
