//! The built-in functions' evaluation: one `match` on [`Func`] (the table in
//! [`crate::lang::functions`] says which `Func` a name compiles to), no lookup or allocation.
//! Dates are day numbers; the calendar arithmetic is in [`crate::lang::value`].

use crate::lang::functions::Func;
use crate::lang::ir::{ArithOp, Node};
use crate::lang::value::{self, Value};

use super::ops::{arith, pick};
use super::{Cx, Env};

impl<'a> Cx<'a> {
    /// The value of a call of `func` on `args`; unknown when an argument it needs is.
    pub(super) fn call(&self, func: Func, args: &'a [Node], env: Option<&Env<'_>>) -> Value<'a> {
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
