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

    fn eval_loop(&self, kind: LoopKind, list: &'a Node, body: &'a Node, env: Option<&Env<'_>>) -> Value<'a> {
        let Value::List(id) = self.eval(list, env) else { return Value::Unknown };
        if matches!(kind, LoopKind::Any | LoopKind::All | LoopKind::Count) {
            // Each body shape gets its own loop, with the shape matched once, not per record.
            // A record the shortcut does not cover (another kind of value, an overflow) is
            // evaluated the general way, so the value is the same either way.
            let general = |fields: &'a [Answer], inner: &Env<'_>| self.body_truth(body, fields, inner);
            let records = self.records(id);
            return match BodyShape::of(body) {
                BodyShape::Field(f) => self.quantify(kind, records, env, move |fields, _| match fields.get(f) {
                    Some(Answer::Bool(b)) => Some(*b),
                    _ => None,
                }),
                BodyShape::FieldCmp { field, ops, k } => self.quantify(kind, records, env, move |fields, inner| match fields.get(field) {
                    Some(Answer::Integer(i)) => Some(ops.holds(i.cmp(&k))),
                    _ => general(fields, inner),
                }),
                BodyShape::ArithCmp { left, op, right, ops, k } => self.quantify(kind, records, env, move |fields, inner| {
                    let y = match right {
                        Operand::Field(f) => fields.get(f),
                        Operand::Integer(c) => Some(&Answer::Integer(c)),
                    };
                    let r = match (fields.get(left), y, op) {
                        (Some(Answer::Integer(x)), Some(Answer::Integer(y)), ArithOp::Add) => x.checked_add(*y),
                        (Some(Answer::Integer(x)), Some(Answer::Integer(y)), ArithOp::Sub) => x.checked_sub(*y),
                        (Some(Answer::Integer(x)), Some(Answer::Integer(y)), ArithOp::Mul) => x.checked_mul(*y),
                        _ => None,
                    };
                    match r {
                        Some(r) => Some(ops.holds(r.cmp(&k))),
                        None => general(fields, inner),
                    }
                }),
                BodyShape::And(a, b) => self.quantify(kind, records, env, move |fields, inner| {
                    let (Some(x), Some(y)) = (a.test(fields), b.test(fields)) else { return general(fields, inner) };
                    match (x, y) {
                        (Some(false), _) | (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    }
                }),
                BodyShape::Other => self.quantify(kind, records, env, general),
            };
        }
        self.fold(kind, id, body, env)
    }

    /// `sum`, `min` or `max` over list `id`'s records (and, for other kinds, what
    /// [`Cx::eval_loop`] gives).
    #[inline(never)]
    fn fold(&self, kind: LoopKind, id: u32, body: &'a Node, env: Option<&Env<'_>>) -> Value<'a> {
        let mut unknown = false;
        let mut count = 0i64;
        let mut acc = Value::Unknown;
        for record in self.records(id) {
            let inner = Env { record, parent: env };
            let fields = self.answers.records.get(record as usize).map_or(&[][..], |r| &r[..]);
            let v = self.body(body, fields, &inner);
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

    /// `any`, `all` or `count` over `records`, with `test` giving each record's body value
    /// (`None` for unknown). Not inlined: each body shape gets a small loop of its own.
    #[inline(never)]
    fn quantify<F>(&self, kind: LoopKind, records: std::ops::Range<u32>, env: Option<&Env<'_>>, test: F) -> Value<'a>
    where
        F: Fn(&'a [Answer], &Env<'_>) -> Option<bool>,
    {
        let mut unknown = false;
        let mut count = 0i64;
        for record in records {
            let inner = Env { record, parent: env };
            let fields = self.answers.records.get(record as usize).map_or(&[][..], |r| &r[..]);
            match (kind, test(fields, &inner)) {
                (LoopKind::Any, Some(true)) => return Value::Bool(true),
                (LoopKind::All, Some(false)) => return Value::Bool(false),
                (LoopKind::Count, Some(true)) => count += 1,
                (LoopKind::Count, None) => return Value::Unknown,
                (_, None) => unknown = true,
                _ => {}
            }
        }
        match kind {
            LoopKind::Count => Value::Integer(count),
            _ if unknown => Value::Unknown,
            LoopKind::Any => Value::Bool(false),
            _ => Value::Bool(true),
        }
    }

    /// [`Cx::body`] as yes/no (`None` for unknown), out of line: the records the loops of
    /// [`Cx::eval_loop`] do not read themselves.
    #[inline(never)]
    fn body_truth(&self, body: &'a Node, fields: &'a [Answer], env: &Env<'_>) -> Option<bool> {
        truth(self.body(body, fields, env))
    }

    /// A loop body's value for one record (`fields`, bound as `env`). The common body
    /// shapes are evaluated here without a call per record: a field, a comparison whose
    /// sides are fields, constants, answers or one arithmetic operation on those, and
    /// `and`/`or` of such conditions. Any other body goes through [`Cx::eval`]; the value
    /// is the same either way.
    #[inline(always)]
    fn body(&self, body: &'a Node, fields: &'a [Answer], env: &Env<'_>) -> Value<'a> {
        match &body.kind {
            NodeKind::And(items) => {
                let mut unknown = false;
                for item in items.iter() {
                    match self.condition(item, fields, env) {
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
                    match self.condition(item, fields, env) {
                        Value::Bool(true) => return Value::Bool(true),
                        Value::Bool(false) => {}
                        _ => unknown = true,
                    }
                }
                if unknown { Value::Unknown } else { Value::Bool(false) }
            }
            _ => self.condition(body, fields, env),
        }
    }

    /// [`Cx::body`] for one condition: a field, or a comparison of [`Cx::operand`]s.
    #[inline(always)]
    fn condition(&self, node: &'a Node, fields: &'a [Answer], env: &Env<'_>) -> Value<'a> {
        match &node.kind {
            NodeKind::Field { up: 0, field } => field_value(fields, *field),
            NodeKind::Compare(op, a, b) => {
                let x = self.operand(a, fields, env);
                if !x.is_known() {
                    return Value::Unknown;
                }
                compare_inline(*op, x, self.operand(b, fields, env))
            }
            _ => self.eval(node, Some(env)),
        }
    }

    /// A side of a comparison in a loop body: a field of the record, a constant, an answer,
    /// or one arithmetic operation on those.
    #[inline(always)]
    fn operand(&self, node: &'a Node, fields: &'a [Answer], env: &Env<'_>) -> Value<'a> {
        match &node.kind {
            NodeKind::Field { up: 0, field } => field_value(fields, *field),
            NodeKind::Const(c) => const_value(c),
            NodeKind::Arith(op, a, b) => {
                let x = self.leaf(a, fields, env);
                if !x.is_known() {
                    return Value::Unknown;
                }
                arith_inline(*op, x, self.leaf(b, fields, env))
            }
            _ => self.eval(node, Some(env)),
        }
    }

    /// An operand of arithmetic in a loop body: a field of the record or anything else
    /// through [`Cx::eval`] (which reads constants and answers inline).
    #[inline(always)]
    fn leaf(&self, node: &'a Node, fields: &'a [Answer], env: &Env<'_>) -> Value<'a> {
        match &node.kind {
            NodeKind::Field { up: 0, field } => field_value(fields, *field),
            _ => self.eval(node, Some(env)),
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
                (Value::Date(d), Value::Integer(n)) => value::within_months(d, n, self.answers.date).map(Value::Bool).unwrap_or(Value::Unknown),
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

/// A loop body's shape, for a loop of its own per shape ([`Cx::quantify`]).
#[derive(Clone, Copy)]
enum BodyShape {
    /// `p.field`.
    Field(usize),
    /// `p.field op k` with an integer constant `k`.
    FieldCmp { field: usize, ops: Holds, k: i64 },
    /// `p.left op right cmp k`, with `op` one of `+ - *` and an integer constant `k`.
    ArithCmp { left: usize, op: ArithOp, right: Operand, ops: Holds, k: i64 },
    /// `a and b` of two conditions of the shapes above.
    And(Cond, Cond),
    /// Any other body.
    Other,
}

/// A condition in [`BodyShape::And`]: `p.field`, or `p.field op k` with an integer `k`.
#[derive(Clone, Copy)]
enum Cond {
    Field(usize),
    Cmp { field: usize, ops: Holds, k: i64 },
}

impl Cond {
    fn of(node: &Node) -> Option<Cond> {
        match BodyShape::of(node) {
            BodyShape::Field(f) => Some(Cond::Field(f)),
            BodyShape::FieldCmp { field, ops, k } => Some(Cond::Cmp { field, ops, k }),
            _ => None,
        }
    }

    /// The condition's value for one record (inner `None`: unknown); `None` when the
    /// record holds a kind of value this shortcut does not read.
    #[inline(always)]
    fn test(self, fields: &[Answer]) -> Option<Option<bool>> {
        match self {
            Cond::Field(f) => Some(match fields.get(f) {
                Some(Answer::Bool(b)) => Some(*b),
                _ => None,
            }),
            Cond::Cmp { field, ops, k } => match fields.get(field) {
                Some(Answer::Integer(i)) => Some(Some(ops.holds(i.cmp(&k)))),
                Some(Answer::Unknown) | None => Some(None),
                Some(_) => None,
            },
        }
    }
}

/// The right operand of [`BodyShape::ArithCmp`]: a field of the record or an integer constant.
#[derive(Clone, Copy)]
enum Operand {
    Field(usize),
    Integer(i64),
}

impl BodyShape {
    fn of(body: &Node) -> BodyShape {
        let field = |n: &Node| match n.kind {
            NodeKind::Field { up: 0, field } => Some(usize::from(field)),
            _ => None,
        };
        match &body.kind {
            NodeKind::Field { up: 0, field } => BodyShape::Field(usize::from(*field)),
            NodeKind::Compare(op, a, b) => {
                let NodeKind::Const(Const::Integer(k)) = b.kind else { return BodyShape::Other };
                let ops = Holds::of(*op);
                if let Some(field) = field(a) {
                    return BodyShape::FieldCmp { field, ops, k };
                }
                match &a.kind {
                    NodeKind::Arith(op @ (ArithOp::Add | ArithOp::Sub | ArithOp::Mul), x, y) => {
                        let Some(left) = field(x) else { return BodyShape::Other };
                        let right = match (field(y), &y.kind) {
                            (Some(f), _) => Operand::Field(f),
                            (None, NodeKind::Const(Const::Integer(c))) => Operand::Integer(*c),
                            _ => return BodyShape::Other,
                        };
                        BodyShape::ArithCmp { left, op: *op, right, ops, k }
                    }
                    _ => BodyShape::Other,
                }
            }
            NodeKind::And(items) => match &items[..] {
                [a, b] => match (Cond::of(a), Cond::of(b)) {
                    (Some(a), Some(b)) => BodyShape::And(a, b),
                    _ => BodyShape::Other,
                },
                _ => BodyShape::Other,
            },
            _ => BodyShape::Other,
        }
    }
}

/// The orderings for which a comparison holds: bit 0 less, bit 1 equal, bit 2 greater.
#[derive(Clone, Copy)]
struct Holds(u8);

impl Holds {
    fn of(op: CmpOp) -> Holds {
        Holds(match op {
            CmpOp::Eq => 0b010,
            CmpOp::Ne => 0b101,
            CmpOp::Lt => 0b001,
            CmpOp::Le => 0b011,
            CmpOp::Gt => 0b100,
            CmpOp::Ge => 0b110,
        })
    }

    #[inline(always)]
    fn holds(self, ord: std::cmp::Ordering) -> bool {
        self.0 >> ((ord as i8 + 1) as u8) & 1 != 0
    }
}

/// A body value as yes/no; `None` when unknown (or not a yes/no value).
#[inline(always)]
fn truth(v: Value<'_>) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

/// Field `field` of a record's fields; unknown when the record has no such field.
#[inline(always)]
fn field_value(fields: &[Answer], field: u16) -> Value<'_> {
    match fields.get(field as usize) {
        Some(a) => answer_value(a),
        None => Value::Unknown,
    }
}

/// [`compare`] with two integers compared in place (the usual case in loop bodies).
#[inline(always)]
fn compare_inline<'a>(op: CmpOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    if let (Value::Integer(x), Value::Integer(y)) = (a, b) {
        return Value::Bool(match op {
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
        });
    }
    compare(op, a, b)
}

/// [`arith`] with integer addition, subtraction and multiplication that do not overflow
/// done in place.
#[inline(always)]
fn arith_inline<'a>(op: ArithOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
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
    }
    arith(op, a, b)
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
