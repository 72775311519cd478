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
///
/// The text, trimmed, has 10 bytes and is read as chrono's `NaiveDate::parse_from_str(text,
/// "%Y-%m-%d")` reads it (which granska used before; written out here, chrono's format
/// machinery is about 20 KB of the browser's runtime module): a year of up to 4 digits, or
/// a sign and any digits; a month and a day of 1 or 2 digits; white space allowed before
/// each number; a day of the calendar. `tests::parse_date_reads_as_chrono_did` compares the
/// two on many texts.
pub fn parse_date(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    // `YYYY-MM-DD` in digits, as nearly every date is written: computed directly (the same
    // day as chrono's, see the tests), without chrono's format parser.
    if let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes()
        && [y0, y1, y2, y3, m0, m1, d0, d1].iter().all(u8::is_ascii_digit)
    {
        let n = |digits: &[u8]| digits.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
        let (year, month, day) = (i64::from(n(&[y0, y1, y2, y3])), n(&[m0, m1]), n(&[d0, d1]));
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        return i32::try_from(days_from_civil(year, month, day)).ok();
    }
    // Anything else of 10 bytes, as chrono's `%Y-%m-%d` reads it.
    let (year, s) = match text.as_bytes().first() {
        Some(b'-') => digits(&text[1..], usize::MAX).map(|(n, s)| (-n, s))?,
        Some(b'+') => digits(&text[1..], usize::MAX)?,
        _ => digits(text, 4)?,
    };
    let (month, s) = digits(s.strip_prefix('-')?.trim_start(), 2)?;
    let (day, s) = digits(s.strip_prefix('-')?.trim_start(), 2)?;
    if !s.is_empty() || !(1..=12).contains(&month) || day < 1 || day > i64::from(days_in_month(year, month as u32)) || !(CHRONO_YEARS).contains(&year) {
        return None;
    }
    i32::try_from(days_from_civil(year, month as u32, day as u32)).ok()
}

/// The years chrono's dates have (what [`parse_date`] accepted when chrono read it).
const CHRONO_YEARS: std::ops::RangeInclusive<i64> = (i32::MIN >> 13) as i64..=(i32::MAX >> 13) as i64;

/// At least one and at most `max` ASCII digits at the start of `s`, as a number, and the
/// rest; `None` when `s` does not begin with a digit or the number overflows.
fn digits(s: &str, max: usize) -> Option<(i64, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    let value = s.as_bytes()[..n].iter().try_fold(0i64, |v, &c| v.checked_mul(10)?.checked_add(i64::from(c - b'0')))?;
    Some((value, &s[n..]))
}

/// The calendar date of a day number.
pub fn to_naive(days: i32) -> NaiveDate {
    if days >= 0 { epoch().checked_add_days(Days::new(days as u64)) } else { epoch().checked_sub_days(Days::new(days.unsigned_abs() as u64)) }.unwrap_or_default()
}

fn from_naive(date: NaiveDate) -> i32 {
    date.signed_duration_since(epoch()).num_days() as i32
}

/// Formats a day number as `YYYY-MM-DD` (a year outside 0000–9999 with its sign and at least
/// four digits, `+10000-01-01`, as chrono writes it).
pub fn format_date(days: i32) -> String {
    let (year, month, day) = civil(days);
    if (0..=9999).contains(&year) { format!("{year:04}-{month:02}-{day:02}") } else { format!("{year:+05}-{month:02}-{day:02}") }
}

/// A calendar date: (year, month 1–12, day 1–31).
type Civil = (i64, u32, u32);

/// The calendar date of a day number. Dates the language has (years 0000–9999) are
/// computed directly (H. Hinnant's `civil_from_days`, proleptic Gregorian, a few dozen
/// instructions); others go through chrono, as [`to_naive`] does.
#[inline]
fn civil(days: i32) -> Civil {
    if !(FIRST_DAY..=LAST_DAY).contains(&(days as i64)) {
        let d = to_naive(days);
        return (d.year() as i64, d.month(), d.day());
    }
    // Days since -0400-03-01 (one 400-year era before 0000-03-01, so that January and
    // February of year 0 count too): within the language's range 0 < z < 2^23, so unsigned
    // 32-bit arithmetic is exact and its divisions by constants are cheap.
    let z = (days as i64 + 719_468 + 146_097) as u32;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = (era * 400 + yoe) as i64 - 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day number of a calendar date (H. Hinnant's `days_from_civil`), for any year an `i64`
/// holds a day count of.
#[inline]
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[inline]
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The year of a day number.
pub fn year(days: i32) -> i64 {
    civil(days).0
}

/// Whole months from `a` to `b` (negative when `b` is earlier).
pub fn months_between(a: i32, b: i32) -> i64 {
    let (x, y) = (civil(a), civil(b));
    let mut months = (y.0 - x.0) * 12 + (y.1 as i64 - x.1 as i64);
    // A month is complete when the day of the month is reached, or when the month has no
    // such day and its last day is reached (2017-01-31 → 2017-02-28 is one month), which
    // agrees with `add_months`.
    if months > 0 && y.2 < x.2 && !is_last_day(y) {
        months -= 1;
    } else if months < 0 && y.2 > x.2 && !is_last_day(x) {
        months += 1;
    }
    months
}

fn is_last_day((year, month, day): Civil) -> bool {
    day >= days_in_month(year, month)
}

/// `d` plus `n` months, clamped to the last day of the month; `None` out of range.
pub fn add_months(d: i32, n: i64) -> Option<i32> {
    // Within the language's dates and a million months, the result stays far inside
    // chrono's range, where both compute the same date: compute it directly.
    if (FIRST_DAY..=LAST_DAY).contains(&(d as i64)) && n.unsigned_abs() <= 1_000_000 {
        let (year, month, day) = civil(d);
        let months = year * 12 + (month as i64 - 1) + n;
        let (year, month) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
        let day = day.min(days_in_month(year, month));
        return in_range(i32::try_from(days_from_civil(year, month, day)).ok()?);
    }
    let date = to_naive(d);
    let moved = if n >= 0 { date.checked_add_months(Months::new(u32::try_from(n).ok()?)) } else { date.checked_sub_months(Months::new(u32::try_from(n.unsigned_abs()).ok()?)) }?;
    in_range(from_naive(moved))
}

/// `within_months(d, n)` against report date `date`: whether `d` is on or after `date` less
/// `n` months and not after `date`. `None` (unknown) when that start is not a date the
/// language has.
#[inline]
pub fn within_months(d: i32, n: i64, date: i32) -> Option<bool> {
    // `n` months before `date` lie 28·n to 31·n + 3 days before it (n month lengths, plus at
    // most 3 days when the day is clamped to a shorter month): a date clearly inside or
    // outside that window needs no calendar arithmetic. Only where the window's start is
    // surely a date the language has, so the answer is known exactly where it would be.
    let (d64, date64) = (d as i64, date as i64);
    if (0..=1_000_000).contains(&n) && date64 - 31 * n - 3 >= FIRST_DAY && date64 <= LAST_DAY {
        if d > date || d64 < date64 - 31 * n - 3 {
            return Some(false);
        }
        if d64 >= date64 - 28 * n {
            return Some(true);
        }
    }
    let start = add_months(date, n.checked_neg()?)?;
    Some(start <= d && d <= date)
}

/// The first and last day the language has (0000-01-01 and 9999-12-31, the dates that can
/// be written `YYYY-MM-DD`), as days since 1970-01-01.
pub(crate) const FIRST_DAY: i64 = -719_528;
pub(crate) const LAST_DAY: i64 = 2_932_896;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// What chrono read, as `parse_date` did before it was written out.
    fn chrono_parse(text: &str) -> Option<i32> {
        let text = text.trim();
        if text.len() != 10 {
            return None;
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        Some(date.signed_duration_since(epoch()).num_days() as i32)
    }

    /// `parse_date` reads every text as chrono did: the dates of four centuries, and many
    /// texts of 10 bytes or so made of digits, signs, dashes, white space and other letters.
    #[test]
    fn parse_date_reads_as_chrono_did() {
        for days in (-200_000..=200_000).step_by(7) {
            let text = to_naive(days).format("%Y-%m-%d").to_string();
            assert_eq!(parse_date(&text), Some(days), "{text}");
            assert_eq!(parse_date(&text), chrono_parse(&text), "{text}");
        }
        let pieces = [
            "0", "1", "2", "9", "00", "01", "12", "13", "29", "30", "31", "32", "2017", "0000", "9999", "-", "+", " ", "\t", "\u{a0}", "\u{3000}", "x", "T", "1a", "-0", "+0",
            "02", "99999",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut tried = 0;
        for _ in 0..400_000 {
            let mut text = String::new();
            while text.len() < 10 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            for t in [text.as_str(), text.get(..10).unwrap_or(&text), &format!(" {text} ")] {
                tried += 1;
                assert_eq!(parse_date(t), chrono_parse(t), "{t:?}");
            }
        }
        for t in [
            "2017-12-31",
            "2017-02-29",
            "2016-02-29",
            "0000-02-29",
            "2017-1-031",
            "2017- 1-31",
            "2017-01- 1",
            "+017-12-31",
            "-017-12-31",
            "-001-02-29",
            "-004-02-29",
            "+99999-1-1",
            "-99999-1-1",
            "2017-13-01",
            "2017-00-10",
            "2017-12-00",
            "201-12-31x",
            "20171231  ",
            "2017\u{a0}-1-1",
            "2017-\u{a0}1-1",
            "2017-1\u{a0}-1",
            "+-17-12-31",
            "--17-12-31",
            " 2017-12-31",
            "2017-12-3 ",
            "",
        ] {
            assert_eq!(parse_date(t), chrono_parse(t), "{t:?}");
        }
        assert!(tried > 1_000_000);
    }

    /// `format_date` writes every day number as chrono's `%Y-%m-%d` did.
    #[test]
    fn format_date_writes_as_chrono_did() {
        let far = [i32::MIN, i32::MIN + 1, -100_000_000, -95_000_000, -719_529, -719_528, 2_932_896, 2_932_897, 95_000_000, 100_000_000, i32::MAX];
        for days in (-1_000_000..=4_000_000).step_by(13).chain(far) {
            assert_eq!(format_date(days), to_naive(days).format("%Y-%m-%d").to_string(), "{days}");
        }
        for days in (-96_000_000..=96_000_000).step_by(99_991) {
            assert_eq!(format_date(days), to_naive(days).format("%Y-%m-%d").to_string(), "{days}");
        }
    }

    /// The calendar helpers agree with chrono on every date the language has, and beyond.
    #[test]
    fn civil_dates_agree_with_chrono() {
        let mut days = (FIRST_DAY - 800..=LAST_DAY + 800).step_by(7).collect::<Vec<_>>();
        days.extend(-3_000..3_000);
        days.extend([FIRST_DAY - 1, FIRST_DAY, FIRST_DAY + 1, LAST_DAY - 1, LAST_DAY, LAST_DAY + 1, 1_000_000_000, -1_000_000_000]);
        for d in days {
            let d = d as i32;
            let n = to_naive(d);
            assert_eq!(civil(d), (n.year() as i64, n.month(), n.day()), "day {d}");
            assert_eq!(year(d), n.year() as i64, "day {d}");
            if (FIRST_DAY..=LAST_DAY).contains(&(d as i64)) {
                assert_eq!(days_from_civil(n.year() as i64, n.month(), n.day()), d as i64, "day {d}");
            }
        }
    }

    /// `YYYY-MM-DD` written and read directly gives chrono's text and day (every fifth day of
    /// the years 0000–9999, every day of 1890–2109) and refuses what chrono refuses (month or
    /// day 0, past the month's end).
    #[test]
    fn parse_date_agrees_with_chrono() {
        let chrono_day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(from_naive);
        let recent = days_from_civil(1890, 1, 1)..days_from_civil(2110, 1, 1);
        for d in (FIRST_DAY..=LAST_DAY).step_by(5).chain(recent) {
            let t = format_date(d as i32);
            assert_eq!(t, to_naive(d as i32).format("%Y-%m-%d").to_string());
            assert_eq!(parse_date(&t), Some(d as i32), "{t}");
        }
        for y in (0..10_000).step_by(97).chain([1900, 2000, 2016, 2017, 2100, 2400]) {
            for m in 0..=13 {
                for day in 0..=32 {
                    let t = format!("{y:04}-{m:02}-{day:02}");
                    assert_eq!(parse_date(&t), chrono_day(&t), "{t}");
                }
            }
        }
    }

    /// `within_months`'s shortcuts give what the window computed with `add_months` gives,
    /// around month ends, leap days and the first day the language has.
    #[test]
    fn within_months_agrees_with_add_months() {
        let slow = |d: i32, n: i64, date: i32| -> Option<bool> {
            let start = add_months(date, n.checked_neg()?)?;
            Some(start <= d && d <= date)
        };
        let mut dates: Vec<i64> = (-800..1_600).map(|i| 17_000 + i).collect(); // 2014-07 … 2021-02
        dates.extend((FIRST_DAY..FIRST_DAY + 1_200).step_by(3));
        dates.extend((LAST_DAY - 400..=LAST_DAY).step_by(3));
        for &date in &dates {
            let date = date as i32;
            for n in [-2, -1, 0, 1, 2, 3, 6, 11, 12, 13, 24, 36, 48, 100] {
                let n32 = n.max(0) as i32;
                // Around both edges of the shortcuts and around the report date.
                for d in (date - 31 * n32 - 45..=date - 28 * n32 + 5).chain(date - 3..=date + 3) {
                    if !(FIRST_DAY..=LAST_DAY).contains(&(d as i64)) {
                        continue;
                    }
                    assert_eq!(within_months(d, n, date), slow(d, n, date), "within_months({d}, {n}) on {date}");
                }
            }
        }
    }

    /// `add_months` and `months_between` agree with chrono's month arithmetic.
    #[test]
    fn month_arithmetic_agrees_with_chrono() {
        let chrono_add = |d: i32, n: i64| -> Option<i32> {
            let date = to_naive(d);
            let moved =
                if n >= 0 { date.checked_add_months(Months::new(u32::try_from(n).ok()?)) } else { date.checked_sub_months(Months::new(u32::try_from(n.unsigned_abs()).ok()?)) }?;
            in_range(from_naive(moved))
        };
        let chrono_between = |a: i32, b: i32| -> i64 {
            let (x, y) = (to_naive(a), to_naive(b));
            let last = |d: NaiveDate| d.succ_opt().is_none_or(|next| next.month() != d.month());
            let mut months = (y.year() as i64 - x.year() as i64) * 12 + (y.month() as i64 - x.month() as i64);
            if months > 0 && y.day() < x.day() && !last(y) {
                months -= 1;
            } else if months < 0 && y.day() > x.day() && !last(x) {
                months += 1;
            }
            months
        };
        let starts = [FIRST_DAY as i32, FIRST_DAY as i32 + 59, -1, 0, 30, 58, 59, 60, 10_956, 11_016, 17_531, 17_896, 17_926, LAST_DAY as i32 - 30, LAST_DAY as i32];
        let steps = [
            0i64,
            1,
            -1,
            2,
            -2,
            11,
            12,
            13,
            -12,
            24,
            -24,
            119_987,
            -119_987,
            120_000,
            -120_000,
            999_999,
            1_000_000,
            1_000_001,
            -1_000_001,
            i64::from(u32::MAX),
            i64::MAX,
            i64::MIN,
        ];
        for &d in &starts {
            for &n in &steps {
                assert_eq!(add_months(d, n), chrono_add(d, n), "add_months({d}, {n})");
            }
        }
        for a in (-800..800).step_by(3).chain([FIRST_DAY as i32, LAST_DAY as i32]) {
            for b in (-800..800).step_by(5).chain([FIRST_DAY as i32, LAST_DAY as i32]) {
                assert_eq!(months_between(a, b), chrono_between(a, b), "months_between({a}, {b})");
            }
        }
    }
}
