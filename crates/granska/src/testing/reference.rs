//! A plain reference evaluator, for differential tests of the fast one ([`crate::lang::eval`]).
//!
//! It is written to be obviously right, not fast: it walks the *syntax tree* of each
//! expression (parsed again from the pack's text, so it shares nothing with the checker's
//! compiled form), looks every name up by string, expands derived values by evaluating their
//! text, and computes with its own owned [`RValue`]: dates are `chrono` dates, choices are
//! the chosen values' texts, lists are vectors of records, integer arithmetic is done in
//! `i128` and narrowed. The rules are those of `docs/language.md`, one small function each.
//!
//! It trusts the rest of the engine for what is not evaluation: reading and validating the
//! answers (it reads the same [`Answers`]), parsing (the same parser) and which built-in
//! function a name calls (the table in [`crate::lang::functions`]; what each computes is
//! written here again). It is reachable
//! only through `granska::testing`.
//!
//! Why one file of ~570 lines: a reference is read top to bottom against `docs/language.md`;
//! it is one small function per rule.

use std::cmp::Ordering;

use chrono::{Datelike, Months, NaiveDate};

use crate::answers::{Answer, Answers};
use crate::lang::ast::{BinaryOp, Expr, ExprKind, Literal};
use crate::lang::eval::Verdict;
use crate::lang::functions::LoopKind;
use crate::lang::functions::{self, Call, Func};
use crate::pack::{Choice, Pack, Requirement};

/// A value, owned. `Unknown` is an unanswered question or anything computed from one.
#[derive(Clone, Debug, PartialEq)]
pub enum RValue {
    /// Unknown: unanswered, or computed from an unanswered value.
    Unknown,
    /// Yes or no.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Num(f64),
    /// A calendar date.
    Date(NaiveDate),
    /// A text.
    Text(String),
    /// A multiple-choice answer: the values chosen, in the order of the choices.
    Set(Vec<String>),
    /// A list answer: its records, each a value per field in the order of the fields.
    List(Vec<Vec<RValue>>),
}

impl RValue {
    fn known(&self) -> bool {
        !matches!(self, RValue::Unknown)
    }
}

/// The earliest and latest dates the language has: those that can be written `YYYY-MM-DD`.
fn date_in_range(d: NaiveDate) -> Option<NaiveDate> {
    (0..=9999).contains(&d.year()).then_some(d)
}

/// Days since 1970-01-01 → a date (as the answers store them).
fn date_of(days: i32) -> RValue {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    match epoch.checked_add_signed(chrono::TimeDelta::days(days as i64)) {
        Some(d) => RValue::Date(d),
        None => RValue::Unknown,
    }
}

/// A number result: infinities and NaN are unknown ("never an error or infinity").
fn num(n: f64) -> RValue {
    if n.is_finite() { RValue::Num(n) } else { RValue::Unknown }
}

/// An exact integer result: an `i64` when it fits, otherwise the nearest number.
fn int(i: i128) -> RValue {
    match i64::try_from(i) {
        Ok(v) => RValue::Int(v),
        Err(_) => num(i as f64),
    }
}

/// What an expression is evaluated against.
pub struct Reference<'a> {
    pack: &'a Pack,
    answers: &'a Answers,
    /// Every question's answer, by question index.
    values: Vec<RValue>,
}

/// A loop variable bound to one record of a list question.
struct Bound<'e> {
    name: &'e str,
    question: usize,
    record: &'e [RValue],
}

struct Scope<'e> {
    bound: Vec<Bound<'e>>,
    this: RValue,
}

impl<'a> Reference<'a> {
    /// Prepares the answers of one report.
    pub fn new(pack: &'a Pack, answers: &'a Answers) -> Reference<'a> {
        let values = pack.questions().iter().enumerate().map(|(i, q)| {
            let answer = answers.values.get(i).unwrap_or(&Answer::Unknown);
            match answer {
                Answer::Set(bits) => RValue::Set(chosen(&q.choices, *bits)),
                Answer::List(l) => {
                    let (start, len) = answers.lists.get(*l as usize).copied().unwrap_or((0, 0));
                    let records = (start..start + len).map(|r| answers.records.get(r as usize).map(|rec| rec.iter().map(scalar).collect()).unwrap_or_default()).collect();
                    RValue::List(records)
                }
                other => scalar(other),
            }
        });
        Reference { pack, answers, values: values.collect() }
    }

    /// Evaluates expression text (a question's `.` is `this`).
    pub fn eval_text(&self, text: &str, this: RValue) -> RValue {
        match crate::lang::parser::parse(text, &self.pack.data.limits) {
            Ok(expr) => self.eval(&expr, &Scope { bound: vec![], this }),
            Err(_) => RValue::Unknown,
        }
    }

    /// The value of every derived value, in pack order.
    pub fn derived_values(&self) -> Vec<RValue> {
        self.pack.derived().iter().map(|d| self.eval_text(&d.expr, RValue::Unknown)).collect()
    }

    /// The verdict of a requirement, by `docs/pack-format.md`.
    pub fn verdict(&self, r: &Requirement) -> Verdict {
        if !r.services.is_empty() && !r.services.contains(&self.answers.service) {
            return Verdict::NotApplicable;
        }
        let date = date_of(self.answers.date);
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        if let RValue::Date(d) = date
            && (parse(&r.valid_from).is_some_and(|from| d < from) || parse(&r.valid_to).is_some_and(|to| d > to))
        {
            return Verdict::NotApplicable;
        }
        if let Some(applies) = &r.applies {
            match self.eval_text(applies, RValue::Unknown) {
                RValue::Bool(true) => {}
                RValue::Bool(false) => return Verdict::NotApplicable,
                _ => return Verdict::Unanswered,
            }
        }
        match self.eval_text(&r.require, RValue::Unknown) {
            RValue::Bool(true) => Verdict::Met,
            RValue::Bool(false) => Verdict::NotMet,
            _ => Verdict::Unanswered,
        }
    }

    /// Every requirement's verdict, in pack order.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.pack.requirements().iter().map(|r| self.verdict(r)).collect()
    }

    fn eval(&self, e: &Expr, scope: &Scope<'_>) -> RValue {
        match &e.kind {
            ExprKind::Literal(Literal::Bool(b)) => RValue::Bool(*b),
            ExprKind::Literal(Literal::Integer(i)) => RValue::Int(*i),
            ExprKind::Literal(Literal::Number(n)) => num(*n),
            ExprKind::Literal(Literal::Date(d)) => date_of(*d),
            ExprKind::Literal(Literal::Text(t)) => RValue::Text(t.clone()),
            ExprKind::This => scope.this.clone(),
            ExprKind::Reference(name) => self.reference(name, scope),
            // A list stands only right of `in`, handled there.
            ExprKind::List(_) => RValue::Unknown,
            ExprKind::Not(a) => match self.eval(a, scope) {
                RValue::Bool(b) => RValue::Bool(!b),
                _ => RValue::Unknown,
            },
            ExprKind::Negate(a) => match self.eval(a, scope) {
                RValue::Int(i) => int(-(i as i128)),
                RValue::Num(n) => num(-n),
                _ => RValue::Unknown,
            },
            ExprKind::If(c, a, b) => match self.eval(c, scope) {
                RValue::Bool(true) => self.eval(a, scope),
                RValue::Bool(false) => self.eval(b, scope),
                _ => RValue::Unknown,
            },
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, scope),
            ExprKind::Call { function, binding: Some((var, list)), args } => self.aggregate(function, var, list, args, scope),
            ExprKind::Call { function, binding: None, args } => self.call(function, args, scope),
        }
    }

    fn reference(&self, name: &str, scope: &Scope<'_>) -> RValue {
        let (first, field) = match name.split_once('.') {
            Some((f, rest)) => (f, Some(rest)),
            None => (name, None),
        };
        // The innermost loop variable of that name wins.
        if let Some(bound) = scope.bound.iter().rev().find(|b| b.name == first) {
            let fields = &self.pack.questions()[bound.question].fields;
            return match field.and_then(|f| fields.iter().position(|x| x.id == f)) {
                Some(i) => bound.record.get(i).cloned().unwrap_or(RValue::Unknown),
                None => RValue::Unknown,
            };
        }
        if let Some(i) = self.pack.questions().iter().position(|q| q.id == name) {
            return self.values[i].clone();
        }
        if let Some(p) = name.strip_prefix("param.").and_then(|id| self.pack.parameter(id)) {
            return match &p.value {
                crate::ParamValue::Bool(b) => RValue::Bool(*b),
                crate::ParamValue::Integer(i) => RValue::Int(*i),
                crate::ParamValue::Number(n) => RValue::Num(*n),
                crate::ParamValue::Text(t) => RValue::Text(t.clone()),
                crate::ParamValue::Date(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map(RValue::Date).unwrap_or(RValue::Unknown),
            };
        }
        if let Some(d) = self.pack.derived().iter().find(|d| d.id == name) {
            // Derived values see no loop variables and no `.`.
            return self.eval_text(&d.expr, RValue::Unknown);
        }
        RValue::Unknown
    }

    fn binary(&self, op: BinaryOp, a: &Expr, b: &Expr, scope: &Scope<'_>) -> RValue {
        match op {
            BinaryOp::And => kleene_and(&[self.eval(a, scope), self.eval(b, scope)]),
            BinaryOp::Or => kleene_or(&[self.eval(a, scope), self.eval(b, scope)]),
            BinaryOp::In | BinaryOp::NotIn => {
                let found = self.membership(a, b, scope);
                match (op, found) {
                    (BinaryOp::NotIn, RValue::Bool(x)) => RValue::Bool(!x),
                    (_, v) => v,
                }
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => arithmetic(op, self.eval(a, scope), self.eval(b, scope)),
            _ => compare(op, &self.eval(a, scope), &self.eval(b, scope)),
        }
    }

    /// `a in [x, y, …]` or `a in multiple_choice`.
    fn membership(&self, a: &Expr, b: &Expr, scope: &Scope<'_>) -> RValue {
        let item = self.eval(a, scope);
        if !item.known() {
            return RValue::Unknown;
        }
        if let ExprKind::List(items) = &b.kind {
            let each: Vec<RValue> = items.iter().map(|x| compare(BinaryOp::Eq, &item, &self.eval(x, scope))).collect();
            return kleene_or(&each);
        }
        match (item, self.eval(b, scope)) {
            (RValue::Text(t), RValue::Set(chosen)) => RValue::Bool(chosen.contains(&t)),
            _ => RValue::Unknown,
        }
    }

    /// `any`, `all`, `count`, `sum`, `min`, `max` over the records of a list: the functions
    /// with a loop form.
    fn aggregate(&self, function: &str, var: &str, list: &Expr, args: &[Expr], scope: &Scope<'_>) -> RValue {
        let Some(kind) = functions::lookup(function).and_then(|f| f.each) else { return RValue::Unknown };
        let RValue::List(records) = self.eval(list, scope) else { return RValue::Unknown };
        let question = match &list.kind {
            ExprKind::Reference(name) => self.pack.questions().iter().position(|q| q.id == *name),
            _ => None,
        };
        let (Some(question), Some(body)) = (question, args.first()) else { return RValue::Unknown };
        let values: Vec<RValue> = records
            .iter()
            .map(|record| {
                let mut inner = Scope { bound: vec![], this: scope.this.clone() };
                for b in &scope.bound {
                    inner.bound.push(Bound { name: b.name, question: b.question, record: b.record });
                }
                inner.bound.push(Bound { name: var, question, record: record.as_slice() });
                self.eval(body, &inner)
            })
            .collect();
        match kind {
            LoopKind::Any => kleene_or(&values),
            LoopKind::All => kleene_and(&values),
            LoopKind::Count => {
                if values.iter().any(|v| !matches!(v, RValue::Bool(_))) {
                    RValue::Unknown
                } else {
                    RValue::Int(values.iter().filter(|v| **v == RValue::Bool(true)).count() as i64)
                }
            }
            LoopKind::Sum => sum(&values),
            LoopKind::Min | LoopKind::Max => {
                if values.is_empty() {
                    RValue::Unknown
                } else {
                    extreme(kind == LoopKind::Min, &values)
                }
            }
        }
    }

    fn call(&self, function: &str, args: &[Expr], scope: &Scope<'_>) -> RValue {
        let values: Vec<RValue> = args.iter().map(|a| self.eval(a, scope)).collect();
        let arg = |i: usize| values.get(i).cloned().unwrap_or(RValue::Unknown);
        let func = match functions::lookup(function).map(|f| &f.call) {
            Some(Call::Func(func, _)) => *func,
            Some(Call::Pattern) => {
                let Some(ExprKind::Literal(Literal::Text(pattern))) = args.get(1).map(|a| &a.kind) else { return RValue::Unknown };
                return match (arg(0), regex::Regex::new(pattern)) {
                    (RValue::Text(t), Ok(re)) => RValue::Bool(re.is_match(&t)),
                    _ => RValue::Unknown,
                };
            }
            Some(Call::BindingOnly) | None => return RValue::Unknown,
        };
        match func {
            Func::Answered => RValue::Bool(arg(0).known()),
            Func::Coalesce => values.iter().find(|v| v.known()).cloned().unwrap_or(RValue::Unknown),
            Func::Count | Func::Len => match arg(0) {
                RValue::List(records) => RValue::Int(records.len() as i64),
                RValue::Set(chosen) => RValue::Int(chosen.len() as i64),
                RValue::Text(t) => RValue::Int(t.chars().count() as i64),
                _ => RValue::Unknown,
            },
            Func::Sum => sum(&values),
            Func::Min | Func::Max => extreme(func == Func::Min, &values),
            Func::ReportDate => date_of(self.answers.date),
            Func::Service => RValue::Text(self.answers.service.clone()),
            Func::Contract => match &self.answers.contract {
                Some(c) => RValue::Text(c.clone()),
                None => RValue::Unknown,
            },
            Func::Year => match arg(0) {
                RValue::Date(d) => RValue::Int(d.year() as i64),
                _ => RValue::Unknown,
            },
            Func::DaysBetween => match (arg(0), arg(1)) {
                (RValue::Date(a), RValue::Date(b)) => RValue::Int((b - a).num_days()),
                _ => RValue::Unknown,
            },
            Func::MonthsBetween => match (arg(0), arg(1)) {
                (RValue::Date(a), RValue::Date(b)) if a <= b => RValue::Int(whole_months(a, b)),
                (RValue::Date(a), RValue::Date(b)) => RValue::Int(-whole_months(b, a)),
                _ => RValue::Unknown,
            },
            Func::AddMonths => match (arg(0), arg(1)) {
                (RValue::Date(d), RValue::Int(n)) => add_months(d, n as i128).map(RValue::Date).unwrap_or(RValue::Unknown),
                _ => RValue::Unknown,
            },
            // On or after the report date less `n` months, and not after the report date.
            Func::WithinMonths => match (arg(0), arg(1), date_of(self.answers.date)) {
                (RValue::Date(d), RValue::Int(n), RValue::Date(report)) => match add_months(report, -(n as i128)) {
                    Some(start) => RValue::Bool(start <= d && d <= report),
                    None => RValue::Unknown,
                },
                _ => RValue::Unknown,
            },
            Func::AddDays => match (arg(0), arg(1)) {
                (RValue::Date(d), RValue::Int(n)) => {
                    let moved = chrono::TimeDelta::try_days(n).and_then(|days| d.checked_add_signed(days));
                    moved.and_then(date_in_range).map(RValue::Date).unwrap_or(RValue::Unknown)
                }
                _ => RValue::Unknown,
            },
            Func::Abs => match arg(0) {
                RValue::Int(i) => int((i as i128).abs()),
                RValue::Num(n) => num(n.abs()),
                _ => RValue::Unknown,
            },
            Func::Round => match arg(0) {
                RValue::Int(i) => RValue::Int(i),
                // Half away from zero; a result outside the integers is unknown.
                RValue::Num(n) => {
                    let r = n.round();
                    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&r) { RValue::Int(r as i64) } else { RValue::Unknown }
                }
                _ => RValue::Unknown,
            },
        }
    }
}

/// The texts of the choices whose bits are set.
fn chosen(choices: &[Choice], bits: u64) -> Vec<String> {
    choices.iter().enumerate().filter(|(i, _)| *i < 64 && bits & (1u64 << i) != 0).map(|(_, c)| c.value.clone()).collect()
}

fn scalar(a: &Answer) -> RValue {
    match a {
        Answer::Unknown => RValue::Unknown,
        Answer::Bool(b) => RValue::Bool(*b),
        Answer::Integer(i) => RValue::Int(*i),
        Answer::Number(n) => num(*n),
        Answer::Date(d) => date_of(*d),
        Answer::Text(t) => RValue::Text(t.to_string()),
        // Records hold scalars only.
        Answer::Set(_) | Answer::List(_) => RValue::Unknown,
    }
}

/// Kleene `and` of any number of values: false wins, then unknown.
fn kleene_and(values: &[RValue]) -> RValue {
    if values.contains(&RValue::Bool(false)) {
        RValue::Bool(false)
    } else if values.iter().all(|v| *v == RValue::Bool(true)) {
        RValue::Bool(true)
    } else {
        RValue::Unknown
    }
}

/// Kleene `or` of any number of values: true wins, then unknown.
fn kleene_or(values: &[RValue]) -> RValue {
    if values.contains(&RValue::Bool(true)) {
        RValue::Bool(true)
    } else if values.iter().all(|v| *v == RValue::Bool(false)) {
        RValue::Bool(false)
    } else {
        RValue::Unknown
    }
}

/// Orders an integer and a number exactly: the number is split into its whole part (exact
/// in `i128` for every finite `f64` inside the `i64` range) and its fraction.
fn order_int_num(i: i64, n: f64) -> Ordering {
    if n >= 9_223_372_036_854_775_808.0 {
        return Ordering::Less;
    }
    if n < -9_223_372_036_854_775_808.0 {
        return Ordering::Greater;
    }
    let floor = n.floor();
    match (i as i128).cmp(&(floor as i128)) {
        Ordering::Equal if n > floor => Ordering::Less,
        other => other,
    }
}

/// The order of two values of one kind, where the language orders them.
fn order(a: &RValue, b: &RValue) -> Option<Ordering> {
    match (a, b) {
        (RValue::Int(x), RValue::Int(y)) => Some(x.cmp(y)),
        (RValue::Int(x), RValue::Num(y)) => Some(order_int_num(*x, *y)),
        (RValue::Num(x), RValue::Int(y)) => Some(order_int_num(*y, *x).reverse()),
        (RValue::Num(x), RValue::Num(y)) => x.partial_cmp(y),
        (RValue::Date(x), RValue::Date(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// `==` `!=` `<` `<=` `>` `>=`: unknown when either side is; texts and bools only `==`/`!=`.
fn compare(op: BinaryOp, a: &RValue, b: &RValue) -> RValue {
    if !a.known() || !b.known() {
        return RValue::Unknown;
    }
    let equal = match (a, b) {
        (RValue::Text(x), RValue::Text(y)) => Some(x == y),
        (RValue::Bool(x), RValue::Bool(y)) => Some(x == y),
        _ => None,
    };
    if let Some(eq) = equal {
        return match op {
            BinaryOp::Eq => RValue::Bool(eq),
            BinaryOp::Ne => RValue::Bool(!eq),
            _ => RValue::Unknown,
        };
    }
    let Some(ord) = order(a, b) else { return RValue::Unknown };
    RValue::Bool(match op {
        BinaryOp::Eq => ord == Ordering::Equal,
        BinaryOp::Ne => ord != Ordering::Equal,
        BinaryOp::Lt => ord == Ordering::Less,
        BinaryOp::Le => ord != Ordering::Greater,
        BinaryOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    })
}

fn as_f64(v: &RValue) -> Option<f64> {
    match v {
        RValue::Int(i) => Some(*i as f64),
        RValue::Num(n) => Some(*n),
        _ => None,
    }
}

/// `+ - * /`: integers exactly (overflow gives the nearest number), otherwise numbers;
/// `/` always gives a number, and division by zero is unknown.
fn arithmetic(op: BinaryOp, a: RValue, b: RValue) -> RValue {
    if let (RValue::Int(x), RValue::Int(y), false) = (&a, &b, op == BinaryOp::Div) {
        let (x, y) = (*x as i128, *y as i128);
        return int(match op {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            _ => x * y,
        });
    }
    let (Some(x), Some(y)) = (as_f64(&a), as_f64(&b)) else { return RValue::Unknown };
    match op {
        BinaryOp::Add => num(x + y),
        BinaryOp::Sub => num(x - y),
        BinaryOp::Mul => num(x * y),
        _ if y == 0.0 => RValue::Unknown,
        _ => num(x / y),
    }
}

/// The sum of values, added left to right; 0 for none; unknown if any is.
fn sum(values: &[RValue]) -> RValue {
    let mut total = RValue::Int(0);
    for v in values {
        if !v.known() {
            return RValue::Unknown;
        }
        total = arithmetic(BinaryOp::Add, total, v.clone());
    }
    total
}

/// The least (or greatest) value, the first of equal ones; unknown if any is unknown.
fn extreme(least: bool, values: &[RValue]) -> RValue {
    let mut best: Option<&RValue> = None;
    for v in values {
        if !v.known() {
            return RValue::Unknown;
        }
        best = match best {
            None => Some(v),
            Some(b) => {
                let better = match order(v, b) {
                    Some(Ordering::Less) => least,
                    Some(Ordering::Greater) => !least,
                    _ => false,
                };
                Some(if better { v } else { b })
            }
        };
    }
    best.cloned().unwrap_or(RValue::Unknown)
}

/// `d` plus `n` months, the day clamped to the month's last day; unknown outside the dates
/// the language has.
fn add_months(d: NaiveDate, n: i128) -> Option<NaiveDate> {
    let month0 = d.year() as i128 * 12 + d.month0() as i128 + n;
    let year = i32::try_from(month0.div_euclid(12)).ok()?;
    let month = month0.rem_euclid(12) as u32 + 1;
    let mut day = d.day();
    loop {
        if let Some(moved) = NaiveDate::from_ymd_opt(year, month, day) {
            return date_in_range(moved);
        }
        day = day.checked_sub(1).filter(|d| *d >= 28)?;
    }
}

/// Whole months from `a` to a later `b`: the most months that can be added to `a`
/// (`add_months`) without passing `b`.
fn whole_months(a: NaiveDate, b: NaiveDate) -> i64 {
    let mut n = (b.year() as i64 - a.year() as i64) * 12 + b.month() as i64 - a.month() as i64;
    while n > 0 && a.checked_add_months(Months::new(n as u32)).is_none_or(|m| m > b) {
        n -= 1;
    }
    n
}
