//! The evaluator: walks a compiled [`Node`] over a report's answers with three-valued logic.
//!
//! References are slots, texts are borrowed, loops bind records on the stack: evaluating an
//! expression never allocates. Every operation is total — division by zero, overflow and
//! out-of-range dates give unknown, never a panic.
//!
//! This file is the hot path: [`Cx::eval`] reads leaves inline and [`Cx::eval_node`] is the
//! one `match` over the IR. Its rooms, each an `impl Cx` of its own or plain functions:
//! [`loops`] (`any`/`all`/`count`/`sum`/`min`/`max` over a list's records, with a loop per
//! body shape), [`calls`] (the built-in functions, dates among them) and [`ops`] (comparison
//! and arithmetic, with the integer fast paths the loops inline).

mod calls;
mod loops;
mod ops;

use crate::answers::{Answer, Answers};
use crate::lang::ir::{CmpOp, Const, Node, NodeKind};
use crate::lang::value::Value;
use crate::pack::{PackData, Requirement};

use self::ops::{arith_inline, compare, compare_inline};

/// A record bound by a loop; `parent` is the enclosing loop's record.
#[derive(Clone, Copy)]
pub(crate) struct Env<'e> {
    pub record: u32,
    pub parent: Option<&'e Env<'e>>,
}

/// What an expression is evaluated against.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub pack: &'a PackData,
    pub answers: &'a Answers,
    /// The value of `.` in a constraint.
    pub this: Value<'a>,
}

/// The outcome for one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The requirement is met.
    Met,
    /// The requirement is not met.
    NotMet,
    /// The requirement does not apply (another service type, outside its period, or `applies` does not hold).
    NotApplicable,
    /// The answers cannot decide it: a question it reads is unanswered.
    Unanswered,
}

impl Verdict {
    /// The verdict as written in reports: `met`, `not_met`, `not_applicable`, `unanswered`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::NotApplicable => "not_applicable",
            Verdict::Unanswered => "unanswered",
        }
    }

    /// The four verdicts in this order.
    pub const ALL: [Verdict; 4] = [Verdict::Met, Verdict::NotMet, Verdict::NotApplicable, Verdict::Unanswered];
}

#[inline(always)]
pub(crate) fn answer_value(a: &Answer) -> Value<'_> {
    match a {
        Answer::Unknown => Value::Unknown,
        Answer::Bool(b) => Value::Bool(*b),
        Answer::Integer(i) => Value::Integer(*i),
        Answer::Number(n) => Value::Number(*n),
        Answer::Date(d) => Value::Date(*d),
        Answer::Text(s) => Value::Text(s),
        Answer::Set(s) => Value::Set(*s),
        Answer::List(l) => Value::List(*l),
    }
}

#[inline(always)]
fn const_value(c: &Const) -> Value<'_> {
    match c {
        Const::Unknown => Value::Unknown,
        Const::Bool(b) => Value::Bool(*b),
        Const::Integer(i) => Value::Integer(*i),
        Const::Number(n) => Value::Number(*n),
        Const::Date(d) => Value::Date(*d),
        Const::Text(s) => Value::Text(s),
    }
}

impl<'a> Cx<'a> {
    pub fn new(pack: &'a PackData, answers: &'a Answers) -> Cx<'a> {
        Cx { pack, answers, this: Value::Unknown }
    }

    /// The verdict of one requirement.
    #[inline]
    pub fn verdict(&self, r: &'a Requirement) -> Verdict {
        let rules = &r.compiled;
        let a = self.answers;
        if !rules.services.contains(a.service_index) || a.date < rules.valid.0 || a.date > rules.valid.1 {
            return Verdict::NotApplicable;
        }
        if let Some(applies) = &rules.applies {
            match self.eval(applies, None) {
                Value::Bool(true) => {}
                Value::Bool(false) => return Verdict::NotApplicable,
                _ => return Verdict::Unanswered,
            }
        }
        match self.eval(&rules.require, None) {
            Value::Bool(true) => Verdict::Met,
            Value::Bool(false) => Verdict::NotMet,
            _ => Verdict::Unanswered,
        }
    }

    #[inline]
    fn records(&self, list: u32) -> std::ops::Range<u32> {
        match self.answers.lists.get(list as usize) {
            Some(&(start, len)) => start..start + len,
            None => 0..0,
        }
    }

    /// The value of `node`. Leaves (answers and constants) are read inline at the call
    /// site; every other node goes through [`Cx::eval_node`], whose children are again
    /// evaluated here. Most nodes are leaves, so this saves a call per leaf.
    #[inline(always)]
    pub fn eval(&self, node: &'a Node, env: Option<&Env<'_>>) -> Value<'a> {
        match &node.kind {
            NodeKind::Question(q) => match self.answers.values.get(*q as usize) {
                Some(a) => answer_value(a),
                None => Value::Unknown,
            },
            NodeKind::Const(c) => const_value(c),
            NodeKind::Field { up, field } => self.field(*up, *field, env),
            _ => self.eval_node(node, env),
        }
    }

    /// Field `field` of the record bound `up` loops out.
    #[inline(always)]
    fn field(&self, up: u8, field: u16, env: Option<&Env<'_>>) -> Value<'a> {
        let mut e = env;
        for _ in 0..up {
            e = e.and_then(|x| x.parent);
        }
        match e.and_then(|x| self.answers.records.get(x.record as usize)).and_then(|r| r.get(field as usize)) {
            Some(a) => answer_value(a),
            None => Value::Unknown,
        }
    }

    /// [`Cx::eval`] for nodes that are not leaves (it also handles leaves).
    #[inline(never)]
    fn eval_node(&self, node: &'a Node, env: Option<&Env<'_>>) -> Value<'a> {
        match &node.kind {
            NodeKind::Const(c) => const_value(c),
            NodeKind::Question(q) => match self.answers.values.get(*q as usize) {
                Some(a) => answer_value(a),
                None => Value::Unknown,
            },
            NodeKind::Derived(d) => match self.pack.derived.get(*d as usize) {
                Some(derived) => self.eval(&derived.node, None),
                None => Value::Unknown,
            },
            NodeKind::Param(p) => match self.pack.param_values.get(*p as usize) {
                Some(c) => const_value(c),
                None => Value::Unknown,
            },
            NodeKind::This => self.this,
            NodeKind::Field { up, field } => self.field(*up, *field, env),
            NodeKind::Not(a) => match self.eval(a, env) {
                Value::Bool(b) => Value::Bool(!b),
                _ => Value::Unknown,
            },
            NodeKind::Negate(a) => match self.eval(a, env) {
                Value::Integer(i) => i.checked_neg().map(Value::Integer).unwrap_or(Value::Number(-(i as f64))),
                Value::Number(n) => Value::Number(-n),
                _ => Value::Unknown,
            },
            NodeKind::And(items) => {
                let mut unknown = false;
                for item in items.iter() {
                    match self.eval(item, env) {
                        Value::Bool(false) => return Value::Bool(false),
                        Value::Bool(true) => {}
                        _ => unknown = true,
                    }
                }
                if unknown { Value::Unknown } else { Value::Bool(true) }
            }
            NodeKind::Or(items) => {
                let mut unknown = false;
                for item in items.iter() {
                    match self.eval(item, env) {
                        Value::Bool(true) => return Value::Bool(true),
                        Value::Bool(false) => {}
                        _ => unknown = true,
                    }
                }
                if unknown { Value::Unknown } else { Value::Bool(false) }
            }
            NodeKind::Compare(op, a, b) => {
                let x = self.eval(a, env);
                if !x.is_known() {
                    return Value::Unknown;
                }
                compare_inline(*op, x, self.eval(b, env))
            }
            NodeKind::Arith(op, a, b) => {
                let x = self.eval(a, env);
                if !x.is_known() {
                    return Value::Unknown;
                }
                arith_inline(*op, x, self.eval(b, env))
            }
            NodeKind::InList { negate, item, list } => self.in_list(*negate, item, list, env),
            NodeKind::HasChoice { negate, bit, set } => match self.eval(set, env) {
                Value::Set(s) => Value::Bool((s & (1u64 << bit) != 0) != *negate),
                _ => Value::Unknown,
            },
            NodeKind::InSet { negate, item, set, question } => {
                let (Value::Text(t), Value::Set(s)) = (self.eval(item, env), self.eval(set, env)) else { return Value::Unknown };
                let choices = self.pack.questions.get(*question as usize).map(|q| q.choices.as_slice()).unwrap_or(&[]);
                let found = choices.iter().position(|c| c.value == t).is_some_and(|i| i < 64 && s & (1u64 << i) != 0);
                Value::Bool(found != *negate)
            }
            NodeKind::If(parts) => match self.eval(&parts[0], env) {
                Value::Bool(true) => self.eval(&parts[1], env),
                Value::Bool(false) => self.eval(&parts[2], env),
                _ => Value::Unknown,
            },
            NodeKind::Matches(a, re) => match self.eval(a, env) {
                Value::Text(t) => Value::Bool(re.is_match(t)),
                _ => Value::Unknown,
            },
            NodeKind::Loop { kind, list, body } => self.eval_loop(*kind, list, body, env),
            NodeKind::Call(func, args) => self.call(*func, args, env),
        }
    }

    /// `item in [a, b, …]`. A text compared with text constants (the usual case) is
    /// compared directly.
    #[inline(never)]
    fn in_list(&self, negate: bool, item: &'a Node, list: &'a [Node], env: Option<&Env<'_>>) -> Value<'a> {
        let x = self.eval(item, env);
        if !x.is_known() {
            return Value::Unknown;
        }
        let mut unknown = false;
        for candidate in list {
            let equal = match (x, &candidate.kind) {
                (Value::Text(t), NodeKind::Const(Const::Text(c))) => Value::Bool(t == &**c),
                _ => compare(CmpOp::Eq, x, self.eval(candidate, env)),
            };
            match equal {
                Value::Bool(true) => return Value::Bool(!negate),
                Value::Bool(false) => {}
                _ => unknown = true,
            }
        }
        if unknown { Value::Unknown } else { Value::Bool(negate) }
    }
}
