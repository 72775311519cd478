//! Runtime values of the expression language, and the calendar helpers they need.
//!
//! A [`Value`] is small and `Copy`: texts borrow from the answers or the pack, choice answers
//! are indexes, multiple-choice answers are bit sets, so evaluating scalars never allocates.

use chrono::{Datelike, Days, Months, NaiveDate};

/// A value during evaluation. `Unknown` is an unanswered question or anything computed from one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Unknown,
    Bool(bool),
    Integer(i64),
    Number(f64),
    /// Days since 1970-01-01.
    Date(i32),
    Text(&'a str),
    /// A multiple-choice answer: bit `i` set when choice `i` is chosen.
    Set(u64),
    /// A list-of-records answer, by index into the answers' record store.
    List(u32),
}

impl<'a> Value<'a> {
    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown)
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Parses an ISO date `YYYY-MM-DD` into days since 1970-01-01; `None` for impossible dates.
pub fn parse_date(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(date.signed_duration_since(epoch()).num_days() as i32)
}

/// The calendar date of a day number.
pub fn to_naive(days: i32) -> NaiveDate {
    if days >= 0 {
        epoch().checked_add_days(Days::new(days as u64))
    } else {
        epoch().checked_sub_days(Days::new(days.unsigned_abs() as u64))
    }
    .unwrap_or_default()
}

fn from_naive(date: NaiveDate) -> i32 {
    date.signed_duration_since(epoch()).num_days() as i32
}

/// Formats a day number as `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    to_naive(days).format("%Y-%m-%d").to_string()
}

/// The year of a day number.
pub fn year(days: i32) -> i64 {
    to_naive(days).year() as i64
}

/// Whole months from `a` to `b` (negative when `b` is earlier).
pub fn months_between(a: i32, b: i32) -> i64 {
    let (x, y) = (to_naive(a), to_naive(b));
    let mut months = (y.year() as i64 - x.year() as i64) * 12 + (y.month() as i64 - x.month() as i64);
    // A month is complete when the day of the month is reached, or when the month has no
    // such day and its last day is reached (2017-01-31 → 2017-02-28 is one month), which
    // agrees with `add_months`.
    if months > 0 && y.day() < x.day() && !is_last_day(y) {
        months -= 1;
    } else if months < 0 && y.day() > x.day() && !is_last_day(x) {
        months += 1;
    }
    months
}

fn is_last_day(d: NaiveDate) -> bool {
    d.succ_opt().is_none_or(|next| next.month() != d.month())
}

/// `d` plus `n` months, clamped to the last day of the month; `None` out of range.
pub fn add_months(d: i32, n: i64) -> Option<i32> {
    let date = to_naive(d);
    let moved = if n >= 0 {
        date.checked_add_months(Months::new(u32::try_from(n).ok()?))
    } else {
        date.checked_sub_months(Months::new(u32::try_from(n.unsigned_abs()).ok()?))
    }?;
    in_range(from_naive(moved))
}

/// The first and last day the language has (0000-01-01 and 9999-12-31, the dates that can
/// be written `YYYY-MM-DD`), as days since 1970-01-01.
const FIRST_DAY: i64 = -719_528;
const LAST_DAY: i64 = 2_932_896;

/// A date computed by `add_days` or `add_months`: `None` outside the dates the language has,
/// so that `add_days(d, 0)` is `d` for every date and no result is a date no one can write.
fn in_range(days: i32) -> Option<i32> {
    (FIRST_DAY..=LAST_DAY).contains(&(days as i64)).then_some(days)
}

/// `d` plus `n` days; `None` out of range.
pub fn add_days(d: i32, n: i64) -> Option<i32> {
    let r = (d as i64).checked_add(n)?;
    in_range(i32::try_from(r).ok()?)
}
