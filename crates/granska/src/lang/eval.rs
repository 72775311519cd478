//! The evaluator: walks a compiled [`Node`] over a report's answers with three-valued logic.
//!
//! References are slots, texts are borrowed, loops bind records on the stack: evaluating an
//! expression never allocates. Every operation is total — division by zero, overflow and
//! out-of-range dates give unknown, never a panic.
//!
//! Why one file of ~550 lines: the evaluator is one `match` over the IR and the loop and
//! date helpers it inlines; split, the hot path would no longer read in one place.

use crate::answers::{Answer, Answers};
use crate::lang::functions::Func;
use crate::lang::functions::LoopKind;
use crate::lang::ir::{ArithOp, CmpOp, Const, Node, NodeKind};
use crate::lang::value::{self, Value};
use crate::pack::{PackData, Requirement};

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

#[inline]
fn number(n: f64) -> Value<'static> {
    if n.is_finite() { Value::Number(n) } else { Value::Unknown }
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
                compare(*op, x, self.eval(b, env))
            }
            NodeKind::Arith(op, a, b) => {
                let x = self.eval(a, env);
                if !x.is_known() {
                    return Value::Unknown;
                }
                arith(*op, x, self.eval(b, env))
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

    fn eval_loop(&self, kind: LoopKind, list: &'a Node, body: &'a Node, env: Option<&Env<'_>>) -> Value<'a> {
        let Value::List(id) = self.eval(list, env) else { return Value::Unknown };
        let mut unknown = false;
        let mut count = 0i64;
        let mut acc = Value::Unknown;
        for record in self.records(id) {
            let inner = Env { record, parent: env };
            let v = self.eval(body, Some(&inner));
            match kind {
                LoopKind::Any => match v {
                    Value::Bool(true) => return Value::Bool(true),
                    Value::Bool(false) => {}
                    _ => unknown = true,
                },
                LoopKind::All => match v {
                    Value::Bool(false) => return Value::Bool(false),
                    Value::Bool(true) => {}
                    _ => unknown = true,
                },
                LoopKind::Count => match v {
                    Value::Bool(true) => count += 1,
                    Value::Bool(false) => {}
                    _ => return Value::Unknown,
                },
                LoopKind::Sum => {
                    if !v.is_known() {
                        return Value::Unknown;
                    }
                    acc = if acc.is_known() { arith(ArithOp::Add, acc, v) } else { v };
                    if !acc.is_known() {
                        // The sum overflowed to infinity: unknown, not a fresh start.
                        return Value::Unknown;
                    }
                }
                LoopKind::Min | LoopKind::Max => {
                    if !v.is_known() {
                        return Value::Unknown;
                    }
                    acc = pick(kind == LoopKind::Min, acc, v);
                }
            }
        }
        match kind {
            LoopKind::Any => {
                if unknown {
                    Value::Unknown
                } else {
                    Value::Bool(false)
                }
            }
            LoopKind::All => {
                if unknown {
                    Value::Unknown
                } else {
                    Value::Bool(true)
                }
            }
            LoopKind::Count => Value::Integer(count),
            LoopKind::Sum => {
                if acc.is_known() {
                    acc
                } else {
                    Value::Integer(0)
                }
            }
            LoopKind::Min | LoopKind::Max => acc,
        }
    }

    fn call(&self, func: Func, args: &'a [Node], env: Option<&Env<'_>>) -> Value<'a> {
        // A macro, not a closure: a closure called from every arm is not inlined.
        macro_rules! arg {
            ($i:expr) => {
                match args.get($i) {
                    Some(n) => self.eval(n, env),
                    None => Value::Unknown,
                }
            };
        }
        match func {
            Func::Answered => Value::Bool(arg!(0).is_known()),
            Func::Coalesce => {
                for n in args {
                    let v = self.eval(n, env);
                    if v.is_known() {
                        return v;
                    }
                }
                Value::Unknown
            }
            Func::Count | Func::Len => match arg!(0) {
                Value::List(l) => Value::Integer(self.records(l).len() as i64),
                Value::Set(s) => Value::Integer(s.count_ones() as i64),
                Value::Text(t) => Value::Integer(t.chars().count() as i64),
                _ => Value::Unknown,
            },
            Func::Sum | Func::Min | Func::Max => {
                let mut acc = Value::Unknown;
                for n in args {
                    let v = self.eval(n, env);
                    if !v.is_known() {
                        return Value::Unknown;
                    }
                    acc = match (func, acc) {
                        (_, Value::Unknown) => v,
                        (Func::Sum, _) => arith(ArithOp::Add, acc, v),
                        _ => pick(func == Func::Min, acc, v),
                    };
                    if !acc.is_known() {
                        // The sum overflowed to infinity: unknown, not a fresh start.
                        return Value::Unknown;
                    }
                }
                acc
            }
            Func::ReportDate => Value::Date(self.answers.date),
            Func::Service => Value::Text(&self.answers.service),
            Func::Contract => match &self.answers.contract {
                Some(c) => Value::Text(c),
                None => Value::Unknown,
            },
            Func::Year => match arg!(0) {
                Value::Date(d) => Value::Integer(value::year(d)),
                _ => Value::Unknown,
            },
            Func::DaysBetween => match (arg!(0), arg!(1)) {
                (Value::Date(a), Value::Date(b)) => Value::Integer(b as i64 - a as i64),
                _ => Value::Unknown,
            },
            Func::MonthsBetween => match (arg!(0), arg!(1)) {
                (Value::Date(a), Value::Date(b)) => Value::Integer(value::months_between(a, b)),
                _ => Value::Unknown,
            },
            Func::AddMonths => match (arg!(0), arg!(1)) {
                (Value::Date(d), Value::Integer(n)) => value::add_months(d, n).map(Value::Date).unwrap_or(Value::Unknown),
                _ => Value::Unknown,
            },
            // On or after the report date less `n` months, and not after the report date.
            Func::WithinMonths => match (arg!(0), arg!(1)) {
                (Value::Date(d), Value::Integer(n)) => match n.checked_neg().and_then(|m| value::add_months(self.answers.date, m)) {
                    Some(start) => Value::Bool(start <= d && d <= self.answers.date),
                    None => Value::Unknown,
                },
                _ => Value::Unknown,
            },
            Func::AddDays => match (arg!(0), arg!(1)) {
                (Value::Date(d), Value::Integer(n)) => value::add_days(d, n).map(Value::Date).unwrap_or(Value::Unknown),
                _ => Value::Unknown,
            },
            Func::Abs => match arg!(0) {
                Value::Integer(i) => i.checked_abs().map(Value::Integer).unwrap_or(Value::Number((i as f64).abs())),
                Value::Number(n) => Value::Number(n.abs()),
                _ => Value::Unknown,
            },
            Func::Round => match arg!(0) {
                Value::Integer(i) => Value::Integer(i),
                Value::Number(n) => {
                    let r = n.round();
                    // Exactly the integers: -2^63 ≤ r < 2^63 (both bounds exact in f64).
                    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&r) { Value::Integer(r as i64) } else { Value::Unknown }
                }
                _ => Value::Unknown,
            },
        }
    }
}

/// The lesser (`min`) or greater of two known values of one kind.
fn pick<'a>(min: bool, acc: Value<'a>, v: Value<'a>) -> Value<'a> {
    if !acc.is_known() {
        return v;
    }
    let less = matches!(compare(CmpOp::Lt, v, acc), Value::Bool(true));
    let greater = matches!(compare(CmpOp::Gt, v, acc), Value::Bool(true));
    if (min && less) || (!min && greater) { v } else { acc }
}

/// Compares two values; unknown when either is unknown or the kinds differ.
#[inline]
pub(crate) fn compare<'a>(op: CmpOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => Some(x.cmp(&y)),
        (Value::Integer(x), Value::Number(y)) => cmp_int_number(x, y),
        (Value::Number(x), Value::Integer(y)) => cmp_int_number(y, x).map(Ordering::reverse),
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(&y),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(&y)),
        (Value::Text(x), Value::Text(y)) => {
            return match op {
                CmpOp::Eq => Value::Bool(x == y),
                CmpOp::Ne => Value::Bool(x != y),
                _ => Value::Unknown,
            };
        }
        (Value::Bool(x), Value::Bool(y)) => {
            return match op {
                CmpOp::Eq => Value::Bool(x == y),
                CmpOp::Ne => Value::Bool(x != y),
                _ => Value::Unknown,
            };
        }
        _ => None,
    };
    let Some(ord) = ord else { return Value::Unknown };
    Value::Bool(match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    })
}

/// Compares an integer with a number exactly (no rounding of the integer to a float).
fn cmp_int_number(i: i64, n: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if n.is_nan() {
        return None;
    }
    // 2^63 is exactly representable; every i64 is below it and at or above -2^63.
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if n >= TWO_63 {
        return Some(Ordering::Less);
    }
    if n < -TWO_63 {
        return Some(Ordering::Greater);
    }
    let whole = n.trunc();
    let w = whole as i64; // exact: |whole| < 2^63
    match i.cmp(&w) {
        Ordering::Equal => {
            let frac = n - whole;
            if frac > 0.0 {
                Some(Ordering::Less)
            } else if frac < 0.0 {
                Some(Ordering::Greater)
            } else {
                Some(Ordering::Equal)
            }
        }
        other => Some(other),
    }
}

/// Arithmetic; integer overflow falls back to a number, division by zero is unknown.
#[inline]
pub(crate) fn arith<'a>(op: ArithOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    if let (Value::Integer(x), Value::Integer(y)) = (a, b) {
        let exact = match op {
            ArithOp::Add => x.checked_add(y),
            ArithOp::Sub => x.checked_sub(y),
            ArithOp::Mul => x.checked_mul(y),
            ArithOp::Div => None,
        };
        if let Some(r) = exact {
            return Value::Integer(r);
        }
        // Overflow: the exact result (an i128 holds it) rounded once to the nearest number,
        // not the sum or product of the two operands each rounded first.
        let (x, y) = (x as i128, y as i128);
        match op {
            ArithOp::Add => return number((x + y) as f64),
            ArithOp::Sub => return number((x - y) as f64),
            ArithOp::Mul => return number((x * y) as f64),
            ArithOp::Div => {}
        }
    }
    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else { return Value::Unknown };
    match op {
        ArithOp::Add => number(x + y),
        ArithOp::Sub => number(x - y),
        ArithOp::Mul => number(x * y),
        ArithOp::Div => {
            if y == 0.0 {
                Value::Unknown
            } else {
                number(x / y)
            }
        }
    }
}
