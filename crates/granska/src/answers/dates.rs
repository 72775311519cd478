//! Reading dates as people, Excel, survey tools and date pickers write them — one reader for
//! report dates and date answers alike, from any input (JSON, YAML, CSV, workbooks, Arrow).
//!
//! What is read, and how (`docs/report-schema.md`, "Dates"):
//!
//! - `2017-12-31`: that calendar date.
//! - `2017-12-31 00:00`, `2017-12-31T08:15:00`, `2017-12-31 00:00:00.000` (a date and a time of
//!   day without a zone, as Excel writes a date-time cell): the calendar date written.
//! - `2017-12-31T23:00:00.000Z`, `2018-01-01T00:00:00+01:00` (an instant: a time with a zone
//!   or an offset, as date pickers send them): converted to the calendar date in
//!   Europe/Stockholm, daylight saving time included — both examples are 2018-01-01. The zone
//!   data is compiled in (jiff's `get!`), so the date is the same on every machine. The
//!   time of day and offset are read as jiff's parser reads them, by [`super::temporal`].
//! - Anything else is refused, never cut or guessed: text after the date that is not a time
//!   (`2017-03-01 till 2017-09-30`), day-first dates (`31/12/2017`, `31.12.2017`, with the ISO
//!   form as a hint), ambiguous ones (`03/04/2017`), dates that are not in the calendar.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::answers::temporal;
use crate::lang::value;
use crate::text::Text;

/// The zone a municipality's dates are in: Sweden's.
static STOCKHOLM: TimeZone = jiff::tz::get!("Europe/Stockholm");

/// Why a text was not read as a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// Not a date at all.
    NotADate,
    /// The shape of a date, but not a day of the calendar (`2017-02-30`).
    NotInCalendar,
    /// A date followed by something that is not a time of day.
    Trailing,
    /// A time of day or zone after the date that cannot be read.
    BadTime,
    /// A day-first (or month-first) date that can be read one way only: the ISO form.
    OtherOrder { iso: String },
    /// `03/04/2017`: 3 April or 4 March.
    Ambiguous,
    /// A number, as a workbook's serial date arrives in a text file.
    Number,
}

use crate::answers::IssueCode;

impl DateProblem {
    /// The issue code: `wrong-type` for what is no date at all, `bad-date` otherwise.
    pub(crate) fn code(&self) -> IssueCode {
        match self {
            DateProblem::NotADate => IssueCode::WrongType,
            _ => IssueCode::BadDate,
        }
    }

    /// The message, quoting what was written.
    pub(crate) fn message(&self, written: &str) -> Text {
        let (sv, en) = match self {
            DateProblem::NotADate => (format!("\"{written}\" är inte ett datum (ÅÅÅÅ-MM-DD)."), format!("\"{written}\" is not a date (YYYY-MM-DD)")),
            DateProblem::Number => {
                (format!("\"{written}\" är ett tal, inte ett datum; skriv datumet som ÅÅÅÅ-MM-DD."), format!("\"{written}\" is a number, not a date; write the date as YYYY-MM-DD"))
            }
            DateProblem::NotInCalendar => (format!("\"{written}\" är inte ett datum som finns."), format!("\"{written}\" is not a date in the calendar")),
            DateProblem::Trailing => {
                (format!("\"{written}\" är mer än ett datum; skriv bara ett datum (ÅÅÅÅ-MM-DD)."), format!("\"{written}\" is more than a date; write one date only (YYYY-MM-DD)"))
            }
            DateProblem::BadTime => (
                format!("\"{written}\": tiden efter datumet kan inte läsas; skriv datumet som ÅÅÅÅ-MM-DD."),
                format!("\"{written}\": the time after the date cannot be read; write the date as YYYY-MM-DD"),
            ),
            DateProblem::OtherOrder { iso } => (format!("\"{written}\" skrivs {iso} (ÅÅÅÅ-MM-DD)."), format!("\"{written}\" must be written {iso} (YYYY-MM-DD)")),
            DateProblem::Ambiguous => (
                format!("\"{written}\" kan läsas på två sätt (dag/månad eller månad/dag); skriv datumet som ÅÅÅÅ-MM-DD."),
                format!("\"{written}\" can be read two ways (day/month or month/day); write the date as YYYY-MM-DD"),
            ),
        };
        Text { sv, en }
    }
}

/// Reads a date as written (see the module documentation): days since 1970-01-01.
///
/// # Errors
///
/// A [`DateProblem`] saying why the text is not one calendar date.
pub(crate) fn parse(text: &str) -> Result<i32, DateProblem> {
    let t = text.trim();
    let b = t.as_bytes();
    let iso_shape =
        b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5..7].iter().all(u8::is_ascii_digit) && b[7] == b'-' && b[8..10].iter().all(u8::is_ascii_digit);
    if iso_shape {
        let day = value::parse_date(&t[..10]).ok_or(DateProblem::NotInCalendar)?;
        let rest = &t[10..];
        if rest.is_empty() {
            return Ok(day);
        }
        if !rest.starts_with(['T', 't', ' ']) || !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(DateProblem::Trailing);
        }
        return with_time(t, day);
    }
    other_forms(t)
}

/// A date followed by a time of day, and perhaps a zone.
fn with_time(t: &str, day: i32) -> Result<i32, DateProblem> {
    let time = &t[11..];
    // A zone: `Z`, or an offset sign after the time (`+01:00`, `-0500`), or `[Zone/Name]`.
    let zoned = time.ends_with(['Z', 'z']) || time.contains(['+', '-', '[']);
    if zoned {
        let instant = temporal::instant(t, day).ok_or_else(|| time_problem(time))?;
        // The day in Stockholm may fall outside years 0000–9999 (`0000-01-01T00:00+05:00` is
        // -0001-12-31 there): not a date the language has.
        return Some(from_jiff(STOCKHOLM.to_datetime(instant).date())).filter(|d| in_range(*d)).ok_or(DateProblem::NotInCalendar);
    }
    // The wall clock: the calendar date written, whatever the time of day.
    if !temporal::is_datetime(t) {
        return Err(time_problem(time));
    }
    Ok(day)
}

/// A time that could not be read is a bad time when it looks like one, else text after the date.
fn time_problem(time: &str) -> DateProblem {
    let looks_like_time = time.len() >= 5 && time.as_bytes()[..2].iter().all(u8::is_ascii_digit) && time.as_bytes()[2] == b':';
    if looks_like_time { DateProblem::BadTime } else { DateProblem::Trailing }
}

/// Dates in another order or with other separators: refused, with the ISO form when it is
/// certain which date was meant.
fn other_forms(t: &str) -> Result<i32, DateProblem> {
    if !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit() || c == b'.') && t.bytes().filter(|&c| c == b'.').count() <= 1 {
        // `43100` (a workbook's serial date) or `20171231`: a number, not a date.
        return Err(DateProblem::Number);
    }
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    let numeric = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|c| c.is_ascii_digit()));
    if !numeric {
        return Err(DateProblem::NotADate);
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let iso = |y: u32, m: u32, d: u32| -> Result<i32, DateProblem> {
        match Date::new(y as i16, m as i8, d as i8) {
            // As jiff writes the date (years 0000–9999: four digits), without its printer.
            Ok(_) if y <= 9999 && m <= 12 && d <= 31 => Err(DateProblem::OtherOrder { iso: format!("{y:04}-{m:02}-{d:02}") }),
            _ => Err(DateProblem::NotInCalendar),
        }
    };
    if parts[0].len() == 4 {
        // `2017/12/31`, `2017.12.31`: year first, other separators.
        return iso(n[0], n[1], n[2]);
    }
    if parts[2].len() != 4 {
        return Err(DateProblem::NotADate);
    }
    let (a, b, year) = (n[0], n[1], n[2]);
    match (a > 12, b > 12) {
        (true, false) => iso(year, b, a),
        (false, true) => iso(year, a, b),
        (false, false) if a == b => iso(year, a, b),
        (false, false) => Err(DateProblem::Ambiguous),
        (true, true) => Err(DateProblem::NotInCalendar),
    }
}

/// Days since 1970-01-01 of a jiff date (years -9999..=9999, so the count fits an `i32`).
/// Computed from the date's fields rather than as `d - epoch`: jiff's subtraction unwraps a
/// `Result`, which would keep jiff's error formatting (about 40 KB of code and messages) in
/// the browser's runtime module.
fn from_jiff(d: Date) -> i32 {
    value::days_from_civil(i64::from(d.year()), d.month() as u32, d.day() as u32) as i32
}

/// The calendar date in Europe/Stockholm of an instant given in seconds since 1970-01-01 UTC;
/// `None` beyond the dates the language has.
pub(crate) fn instant_date(unix_seconds: i64) -> Option<i32> {
    let instant = jiff::Timestamp::from_second(unix_seconds).ok()?;
    let date = from_jiff(STOCKHOLM.to_datetime(instant).date());
    Some(date).filter(|d| in_range(*d))
}

/// The calendar date of a wall-clock date-time given in seconds since 1970-01-01T00:00 (no
/// zone); `None` beyond the dates the language has.
pub(crate) fn wall_clock_date(seconds: i64) -> Option<i32> {
    i32::try_from(seconds.div_euclid(86_400)).ok().filter(|d| in_range(*d))
}

/// Whether a day number is within years 0000–9999.
pub(crate) fn in_range(days: i32) -> bool {
    (value::FIRST_DAY..=value::LAST_DAY).contains(&(days as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i32 {
        value::parse_date(s).unwrap()
    }

    /// The day number of a jiff date is jiff's own count of days since 1970-01-01, over
    /// jiff's whole range.
    #[test]
    fn a_jiff_date_counts_its_days_as_jiff_does() {
        let epoch = Date::constant(1970, 1, 1);
        let mut d = Date::MIN;
        while d < Date::MAX {
            assert_eq!(from_jiff(d), (d - epoch).get_days(), "{d}");
            d = d.checked_add(jiff::Span::new().days(997)).unwrap_or(Date::MAX);
        }
        for d in [Date::MIN, Date::MAX, Date::constant(0, 1, 1), Date::constant(1969, 12, 31), Date::constant(2000, 2, 29), Date::constant(9999, 12, 31)] {
            assert_eq!(from_jiff(d), (d - epoch).get_days(), "{d}");
        }
    }

    /// The ISO form a day-first date is refused with is the date as jiff writes it.
    #[test]
    fn the_iso_form_suggested_is_jiffs() {
        for (y, m, d) in [(0u32, 1u32, 13u32), (7, 2, 28), (999, 12, 31), (2017, 5, 5), (2016, 2, 29), (9999, 12, 31)] {
            let want = Date::new(y as i16, m as i8, d as i8).unwrap().to_string();
            assert_eq!(other_forms(&format!("{d}/{m}/{y:04}")).err().map(|p| p.message("x").en), Some(format!("\"x\" must be written {want} (YYYY-MM-DD)")), "{want}");
        }
    }

    #[test]
    fn dates_times_and_instants() {
        assert_eq!(parse("2017-12-31"), Ok(day("2017-12-31")));
        for t in ["2017-12-31 00:00", "2017-12-31 00:00:00", "2017-12-31T00:00:00", "2017-12-31T00:00:00.000", "2017-12-31 23:59"] {
            assert_eq!(parse(t), Ok(day("2017-12-31")), "{t}");
        }
        // A date picker's UTC form of midnight in Sweden (winter, +01:00) and summer (+02:00).
        assert_eq!(parse("2017-12-31T23:00:00.000Z"), Ok(day("2018-01-01")));
        assert_eq!(parse("2018-01-01T00:00:00+01:00"), Ok(day("2018-01-01")));
        assert_eq!(parse("2017-06-30T22:00:00Z"), Ok(day("2017-07-01")));
        assert_eq!(parse("2017-06-30T21:59:59Z"), Ok(day("2017-06-30")));
        assert_eq!(parse("2017-12-31T20:00:00-05:00"), Ok(day("2018-01-01")));
    }

    #[test]
    fn refused() {
        assert_eq!(parse("2017-03-01 till 2017-09-30"), Err(DateProblem::Trailing));
        assert_eq!(parse("2017-03-01x"), Err(DateProblem::Trailing));
        assert_eq!(parse("2017-03-01 25:00"), Err(DateProblem::BadTime));
        assert_eq!(parse("2017-02-30"), Err(DateProblem::NotInCalendar));
        assert_eq!(parse("31/12/2017"), Err(DateProblem::OtherOrder { iso: "2017-12-31".into() }));
        assert_eq!(parse("31.12.2017"), Err(DateProblem::OtherOrder { iso: "2017-12-31".into() }));
        assert_eq!(parse("12/31/2017"), Err(DateProblem::OtherOrder { iso: "2017-12-31".into() }));
        assert_eq!(parse("2017/12/31"), Err(DateProblem::OtherOrder { iso: "2017-12-31".into() }));
        assert_eq!(parse("03/04/2017"), Err(DateProblem::Ambiguous));
        assert_eq!(parse("31/02/2017"), Err(DateProblem::NotInCalendar));
        assert_eq!(parse("43100"), Err(DateProblem::Number));
        assert_eq!(parse("igår"), Err(DateProblem::NotADate));
    }

    #[test]
    fn zoned_days_outside_the_languages_years_are_refused() {
        // Midnight at +05:00 on the first day of year 0000 is still year -0001 in Stockholm.
        for t in ["0000-01-01T00:00+05:00", "0000-01-01T00:00:00+14:00", "0000-01-01 00:10+01:30"] {
            assert_eq!(parse(t), Err(DateProblem::NotInCalendar), "{t}");
        }
        // The last day, late in the evening west of Greenwich, is year 10000 in Stockholm.
        for t in ["9999-12-31T23:00-05:00", "9999-12-31T23:59:59Z"] {
            assert!(parse(t).is_err(), "{t}");
        }
        // Within the range the same forms still read.
        assert_eq!(parse("0000-01-01T00:00-01:00"), Ok(day("0000-01-01")));
        assert_eq!(parse("9999-12-30T12:00Z"), Ok(day("9999-12-30")));
    }

    #[test]
    fn typed_instants() {
        // 2017-12-31T23:00:00Z
        assert_eq!(instant_date(1_514_761_200), Some(day("2018-01-01")));
        assert_eq!(wall_clock_date(1_514_761_200), Some(day("2017-12-31")));
        assert_eq!(wall_clock_date(-1), Some(day("1969-12-31")));
    }
}
