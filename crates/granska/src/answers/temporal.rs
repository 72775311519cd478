//! A date with a time of day, read as jiff's `str::parse` reads a `Timestamp` or a civil
//! `DateTime` (jiff 1.0's Temporal grammar: RFC 3339, ISO 8601 and RFC 9557), written out
//! for the texts [`super::dates`] gives it: a valid `YYYY-MM-DD` date, then `T`, `t` or a
//! space and a digit.
//!
//! Why not jiff's parser: its time-of-day code unwraps `Time::new(…)` results, which keeps
//! jiff's error formatting, every jiff error message and core's `printable` tables in the
//! browser's runtime module (about 41 KB gzipped, BENCHMARKS.md). jiff still converts the
//! instant to Europe/Stockholm ([`super::dates`]). `tests::reads_as_jiff_does` compares the two
//! on many texts: the same texts are accepted, the same instants read.
//!
//! The grammar, after the date: a separator (`T`, `t`, space); the hour (two digits, 00–23),
//! then optionally minutes and seconds (two digits each; seconds up to 60, a leap second read
//! as 59), separated by `:` when the first separator is one ("extended") and by nothing
//! otherwise ("basic"), and after the seconds an optional fraction (`.` or `,` and 1–9 digits);
//! then an optional offset (`Z`, `z`, or `+`/`-` with hours 00–25 and optional minutes and
//! seconds with a fraction, `:` used alike); then optional RFC 9557 annotations in brackets (a
//! time zone name or offset first, then `key=value` ones; a critical `!` one that is not a
//! time zone is refused); nothing after.

/// A parsed time of day: hour, minute, second (a leap second as 59).
type Time = (i64, i64, i64);

/// The numeric part of an offset, or `Z`.
enum Offset {
    Zulu,
    /// Seconds east of UTC, a fraction rounded half up as jiff rounds it (perhaps past the
    /// largest offset, which only an instant refuses).
    Seconds(i64),
}

/// Two ASCII digits at the start of `s` with a value in `0..=max`, and the rest.
fn two(s: &[u8], max: i64) -> Option<(i64, &[u8])> {
    match s {
        [a @ b'0'..=b'9', b @ b'0'..=b'9', rest @ ..] => {
            let n = i64::from(a - b'0') * 10 + i64::from(b - b'0');
            (n <= max).then_some((n, rest))
        }
        _ => None,
    }
}

/// Whether a further component follows: in extended form a `:` (consumed), in basic form two
/// digits (not consumed).
fn next_component(s: &[u8], extended: bool) -> (bool, &[u8]) {
    if extended {
        match s.strip_prefix(b":") {
            Some(rest) => (true, rest),
            None => (false, s),
        }
    } else {
        (s.len() >= 2 && s[..2].iter().all(u8::is_ascii_digit), s)
    }
}

/// An optional fraction, `.` or `,` and 1–9 digits: its nanoseconds (`None` when absent) and
/// the rest; `Err` when the separator has no digit after it.
fn fraction(s: &[u8]) -> Result<(Option<i64>, &[u8]), ()> {
    let Some(rest) = s.strip_prefix(b".").or_else(|| s.strip_prefix(b",")) else {
        return Ok((None, s));
    };
    let n = rest.iter().take(9).take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return Err(());
    }
    let digits = rest[..n].iter().fold(0i64, |v, &b| v * 10 + i64::from(b - b'0'));
    Ok((Some(digits * 10i64.pow(9 - n as u32)), &rest[n..]))
}

/// The time of day at the start of `s`.
fn time(s: &[u8]) -> Option<(Time, &[u8])> {
    let (hour, s) = two(s, 23)?;
    let extended = s.starts_with(b":");
    let (more, s) = next_component(s, extended);
    if !more {
        return Some(((hour, 0, 0), s));
    }
    let (minute, s) = two(s, 59)?;
    let (more, s) = next_component(s, extended);
    if !more {
        return Some(((hour, minute, 0), s));
    }
    let (second, s) = two(s, 60)?;
    let (_, s) = fraction(s).ok()?;
    Some(((hour, minute, second.min(59)), s))
}

/// An offset (`sub_minute`: seconds and a fraction allowed) at the start of `s`, which begins
/// with `Z`, `z`, `+` or `-`.
fn offset(s: &[u8], zulu: bool, sub_minute: bool) -> Option<(Offset, &[u8])> {
    let (&first, s) = s.split_first()?;
    let sign = match first {
        b'Z' | b'z' if zulu => return Some((Offset::Zulu, s)),
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, s) = two(s, 25)?;
    let extended = s.starts_with(b":");
    let mut seconds = hours * 3600;
    let (more, s) = next_component(s, extended);
    if !more {
        return Some((Offset::Seconds(sign * seconds), s));
    }
    let (minutes, s) = two(s, 59)?;
    seconds += minutes * 60;
    if !sub_minute {
        return (!s.starts_with(b":")).then_some((Offset::Seconds(sign * seconds), s));
    }
    let (more, s) = next_component(s, extended);
    if !more {
        return Some((Offset::Seconds(sign * seconds), s));
    }
    let (secs, s) = two(s, 59)?;
    seconds += secs;
    let (nanos, s) = fraction(s).ok()?;
    if nanos.is_some_and(|n| n >= 500_000_000) {
        seconds += 1;
    }
    Some((Offset::Seconds(sign * seconds), s))
}

/// One or more characters of `allowed`, the first also in `first`; the rest.
fn word(s: &[u8], first: fn(u8) -> bool, allowed: fn(u8) -> bool) -> Option<&[u8]> {
    let (&c, rest) = s.split_first()?;
    if !first(c) {
        return None;
    }
    let n = rest.iter().take_while(|&&b| allowed(b)).count();
    Some(&rest[n..])
}

fn tz_first(b: u8) -> bool {
    matches!(b, b'_' | b'.' | b'A'..=b'Z' | b'a'..=b'z')
}

fn tz_char(b: u8) -> bool {
    matches!(b, b'_' | b'.' | b'+' | b'-' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z')
}

fn key_first(b: u8) -> bool {
    matches!(b, b'_' | b'a'..=b'z')
}

fn key_char(b: u8) -> bool {
    matches!(b, b'_' | b'-' | b'0'..=b'9' | b'a'..=b'z')
}

fn value_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// RFC 9557 annotations at the start of `s` (which begins with `[`): the rest.
fn annotations(s: &[u8]) -> Option<&[u8]> {
    // A time zone first: an offset (minutes at most) or a name of `/`-separated parts;
    // a name followed by `=` was the key of an ordinary annotation instead.
    let mut s = s;
    if let Some(inner) = s.strip_prefix(b"[") {
        let inner = inner.strip_prefix(b"!").unwrap_or(inner);
        if inner.starts_with(b"+") || inner.starts_with(b"-") {
            let (_, rest) = offset(inner, false, false)?;
            s = rest.strip_prefix(b"]")?;
        } else {
            let mut rest = word(inner, tz_first, tz_char)?;
            if !rest.starts_with(b"=") {
                while let Some(part) = rest.strip_prefix(b"/") {
                    rest = word(part, tz_first, tz_char)?;
                }
                s = rest.strip_prefix(b"]")?;
            }
        }
    }
    // Then `[key=value-value…]`, none of them critical.
    while let Some(inner) = s.strip_prefix(b"[") {
        let (critical, inner) = match inner.strip_prefix(b"!") {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let mut rest = word(inner, key_first, key_char)?.strip_prefix(b"=")?;
        rest = word(rest, value_char, value_char)?;
        while let Some(part) = rest.strip_prefix(b"-") {
            rest = word(part, value_char, value_char)?;
        }
        s = rest.strip_prefix(b"]")?;
        if critical {
            return None;
        }
    }
    Some(s)
}

/// The time of day and offset of `text` (a `YYYY-MM-DD` date, a separator and more), when
/// the whole text is a date-time in jiff's grammar.
fn parse(text: &str) -> Option<(Time, Option<Offset>)> {
    let s = text.as_bytes().get(10..)?;
    let Some((b'T' | b't' | b' ', s)) = s.split_first() else { return None };
    let (time, s) = time(s)?;
    let (offset, s) = match s.first() {
        Some(b'Z' | b'z' | b'+' | b'-') => offset(s, true, true).map(|(o, s)| (Some(o), s))?,
        _ => (None, s),
    };
    let s = if s.starts_with(b"[") { annotations(s)? } else { s };
    s.is_empty().then_some((time, offset))
}

/// `text` (a valid `YYYY-MM-DD` date whose day number is `day`, then a time) as an instant,
/// to the whole second (the fraction dropped: an instant's date in a zone whose offsets are
/// whole seconds does not depend on it); `None` where `text.parse::<jiff::Timestamp>()` fails
/// (no offset, a bad time, text after it, an instant outside jiff's range).
pub(super) fn instant(text: &str, day: i32) -> Option<jiff::Timestamp> {
    let ((hour, minute, second), offset) = parse(text)?;
    let offset = match offset? {
        Offset::Zulu => 0,
        // jiff's offsets reach 25:59:59: one rounded past that is refused for an instant.
        Offset::Seconds(s) if s.abs() > 93_599 => return None,
        Offset::Seconds(s) => s,
    };
    let seconds = i64::from(day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    jiff::Timestamp::from_second(seconds).ok()
}

/// Whether `text` (a valid `YYYY-MM-DD` date, then a time) reads as a civil date-time, as
/// `text.parse::<jiff::civil::DateTime>()` does (an offset other than `Z` is allowed and
/// ignored).
pub(super) fn is_datetime(text: &str) -> bool {
    matches!(parse(text), Some((_, None | Some(Offset::Seconds(_)))))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

    use super::*;
    use crate::lang::value::parse_date;

    /// Compares the two readings of `text`; whether jiff read it as an instant and as a
    /// date-time.
    fn check(text: &str) -> (bool, bool) {
        let Some(day) = parse_date(&text[..10]) else { return (false, false) };
        // The whole seconds of the instant, rounded down (jiff's `as_second` rounds toward zero).
        let want_ts = text.parse::<jiff::Timestamp>().ok().map(|t| t.as_second() - i64::from(t.subsec_nanosecond() < 0));
        assert_eq!(instant(text, day).map(jiff::Timestamp::as_second), want_ts, "{text:?} as a timestamp");
        let datetime = text.parse::<jiff::civil::DateTime>().is_ok();
        assert_eq!(is_datetime(text), datetime, "{text:?} as a date-time");
        (want_ts.is_some(), datetime)
    }

    /// The same texts are accepted, and the same instants read, as jiff's parser: texts made
    /// of the pieces a date-time has, in any order, after dates at both ends of the range.
    #[test]
    fn reads_as_jiff_does() {
        let pieces = [
            "0",
            "1",
            "2",
            "5",
            "9",
            "00",
            "08",
            "12",
            "15",
            "23",
            "24",
            "25",
            "26",
            "30",
            "59",
            "60",
            "61",
            "99",
            ":",
            ":",
            ".",
            ",",
            "Z",
            "z",
            "+",
            "-",
            "+01:00",
            "-05",
            "+0530",
            "+25:59:59.5",
            "+25:59:59.4",
            "[",
            "]",
            "!",
            "=",
            "/",
            "Europe/Stockholm",
            "u-ca=iso8601",
            "[Europe/Stockholm]",
            "[!u-ca=iso8601]",
            "[u-ca=iso8601]",
            "[+01:00]",
            "T",
            "t",
            " ",
            "x",
            "_",
            "A",
            "0000",
            "123456789",
            "1234567890",
            "\u{2212}",
            "Å",
        ];
        let dates = ["2017-12-31", "0000-01-01", "9999-12-31", "2016-02-29", "1970-01-01"];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let (mut instants, mut datetimes) = (0, 0);
        for _ in 0..300_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text = dates[(seed % dates.len() as u64) as usize].to_string();
            text.push(['T', ' ', 't'][(seed >> 8) as usize % 3]);
            let len = 1 + (seed >> 16) as usize % 7;
            for i in 0..len {
                let k = (seed >> (20 + 6 * (i % 7))) as usize;
                text.push_str(pieces[k % pieces.len()]);
            }
            let (instant, datetime) = check(&text);
            instants += usize::from(instant);
            datetimes += usize::from(datetime);
        }
        // Texts built part by part (time, offset, annotations), some changed by one byte.
        let parts: [&[&str]; 8] = [
            &["00", "08", "23", "24", "7", "0815", "081530"],
            &["", ":", ":", ""],
            &["", "00", "15", "59", "60", "5"],
            &["", ":", ":", ""],
            &["", "00", "30", "59", "60", "61"],
            &["", "", ".", ",", ".5", ",123456789", ".1234567890", ".000"],
            &["", "Z", "z", "+01", "-0130", "+01:30", "+01:30:15", "+01:30:15.5", "+013015,999", "+25:59:59.5", "+26", "-00:00", "+01:3015", "+", "+1"],
            &[
                "",
                "",
                "[Europe/Stockholm]",
                "[!Europe/Stockholm]",
                "[+01:00]",
                "[+01:00:00]",
                "[u-ca=iso8601]",
                "[!u-ca=iso8601]",
                "[Etc/GMT+1][u-ca=x-y]",
                "[x]",
                "[]",
                "[a=b][c=d]",
                "[A=b]",
            ],
        ];
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text = dates[(seed % dates.len() as u64) as usize].to_string();
            text.push(['T', ' ', 't'][(seed >> 3) as usize % 3]);
            for (i, choices) in parts.iter().enumerate() {
                text.push_str(choices[(seed >> (5 + 7 * i)) as usize % choices.len()]);
            }
            if seed >> 61 == 0 && text.len() > 12 {
                let at = 11 + (seed >> 40) as usize % (text.len() - 11);
                if text.is_char_boundary(at) {
                    text.insert(at, [' ', ':', '.', ',', '+', '-', 'Z', '[', ']', '!', '=', '/', 'x', '0'][(seed >> 50) as usize % 14]);
                }
            }
            let (instant, datetime) = check(&text);
            instants += usize::from(instant);
            datetimes += usize::from(datetime);
        }
        for text in [
            "2017-12-31T08",
            "2017-12-31T08:15",
            "2017-12-31T0815",
            "2017-12-31T08:15:30",
            "2017-12-31T081530",
            "2017-12-31T08:15:30.5",
            "2017-12-31T08:15:30,123456789",
            "2017-12-31T08:15:30.1234567890",
            "2017-12-31T08:15:60",
            "2017-12-31T08:15:60Z",
            "2017-12-31T23:00:00.000Z",
            "2018-01-01T00:00:00+01:00",
            "2017-12-31 00:00",
            "2017-12-31t00:00z",
            "2017-12-31T08:1530",
            "2017-12-31T08:",
            "2017-12-31T08:15:",
            "2017-12-31T08:15:30.",
            "2017-12-31T24:00",
            "2017-12-31T08+01",
            "2017-12-31T08-0130",
            "2017-12-31T08:00+01:30:15.5",
            "2017-12-31T08:00+0130:15",
            "2017-12-31T08:00+01:3015",
            "2017-12-31T08:00+26:00",
            "2017-12-31T08:00+25:59:59.5",
            "2017-12-31T08:00Z[Europe/Stockholm]",
            "2017-12-31T08:00Z[!Europe/Stockholm][u-ca=iso8601]",
            "2017-12-31T08:00Z[!u-ca=iso8601]",
            "2017-12-31T08:00Z[u-ca=iso8601][foo=bar-baz]",
            "2017-12-31T08:00Z[U-ca=iso8601]",
            "2017-12-31T08:00Z[+01:00]",
            "2017-12-31T08:00Z[+01:00:00]",
            "2017-12-31T08:00Z[Europe/]",
            "2017-12-31T08:00Z[/Europe]",
            "2017-12-31T08:00Z[Etc/GMT+1]",
            "2017-12-31T08:00Z[]",
            "2017-12-31T08:00[Europe/Stockholm]",
            "9999-12-31T23:59:59Z",
            "9999-12-31T00:00-05:00",
            "9999-12-31T21:59:59Z",
            "9999-12-30T22:00:00Z",
            "9999-12-30T22:00:01Z",
            "0000-01-01T00:00+25:00",
            "2017-12-31T08:00\u{2212}01:00",
            "2017-12-31T08:00Zx",
            "2017-12-31T08:00 ",
            "2017-12-31T8:00",
        ] {
            check(text);
        }
        // Enough of the generated texts are dates with a time for the comparison to say much.
        assert!(instants > 3_000 && datetimes > 10_000, "{instants} instants, {datetimes} date-times");
    }
}
