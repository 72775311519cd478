//! Comparison and arithmetic of values: total (unknown when a side is unknown or the kinds
//! differ; overflow falls back to a number, division by zero is unknown), with the integer
//! fast paths ([`compare_inline`], [`arith_inline`]) the evaluator and the loops inline.

use crate::lang::ir::{ArithOp, CmpOp};
use crate::lang::value::Value;

#[inline]
fn number(n: f64) -> Value<'static> {
    if n.is_finite() { Value::Number(n) } else { Value::Unknown }
}

/// [`compare`] with two integers compared in place (the usual case in loop bodies).
#[inline(always)]
pub(super) fn compare_inline<'a>(op: CmpOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
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
pub(super) fn arith_inline<'a>(op: ArithOp, a: Value<'a>, b: Value<'a>) -> Value<'a> {
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
pub(super) fn pick<'a>(min: bool, acc: Value<'a>, v: Value<'a>) -> Value<'a> {
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
