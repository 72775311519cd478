//! Loops over a list's records (`any`, `all`, `count`, `sum`, `min`, `max`): the body's
//! shape is matched once per loop, not per record, and the common shapes (a field, a field
//! compared with an integer, one arithmetic operation compared, `and` of two such) get a loop
//! of their own; any other body, or a record the shortcut does not read, is evaluated the
//! general way through [`Cx::eval`], so the value is the same either way.

use crate::answers::Answer;
use crate::lang::functions::LoopKind;
use crate::lang::ir::{ArithOp, CmpOp, Const, Node, NodeKind};
use crate::lang::value::Value;

use super::ops::{arith, arith_inline, compare_inline, pick};
use super::{Cx, Env, answer_value, const_value};

impl<'a> Cx<'a> {
    /// The value of a loop of `kind` over `list` with `body` evaluated per record.
    pub(super) fn eval_loop(&self, kind: LoopKind, list: &'a Node, body: &'a Node, env: Option<&Env<'_>>) -> Value<'a> {
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
