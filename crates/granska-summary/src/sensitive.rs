//! Case files and survey answers are sensitive: audit records and survey exports carry no
//! personal identity number (personnummer, samordningsnummer) and no person's name. This
//! module is the one test of both, used by every reader of those inputs
//! ([`crate::audit`], [`crate::survey`]): a column whose title names such data, and a value
//! shaped like a personnummer, are refused with a located error saying why; nothing of the
//! value is repeated in the message.
//!
//! A value is taken for a personnummer when it is written `YYMMDD-NNNN`, `YYMMDD+NNNN` or
//! `YYYYMMDD-NNNN` (or with a space for the dash) with a possible date (a samordningsnummer
//! adds 60 to the day), or as 10 or 12 digits alone with a possible date and a valid check
//! digit (the Luhn algorithm the Tax Agency uses). A typo'd number with a separator is still
//! refused: its check digit is not asked for.
//!
//! A workbook's number cell has lost the dash and any leading zero of what was typed: a
//! whole number of 10 digits (or 9, the leading zero of someone born 2000–2009 dropped) or
//! of 12 digits starting with 18, 19 or 20, whose digits hold a possible date, is taken for a
//! personnummer whatever its check digit ([`cell_looks_like_personnummer`]); no count or
//! amount an audit table or a survey export holds looks like that (a mobile number saved as
//! a number may be, and is refused too: it is no data for an audit table either). A date
//! cell is a date.

use granska::Raw;

/// Words that name a personal identity number or a person's name wherever they stand in a
/// column title ("Barnets personnummer", "pers.nr (ÅÅMMDD-XXXX)", "Vårdnadshavares förnamn"),
/// compared after lower-casing and dropping spaces, `-`, `_` and `.`.
const SENSITIVE_PARTS: &[&str] = &[
    "personnummer",
    "personnr",
    "persnr",
    "samordningsnummer",
    "identitynumber",
    "personalnumber",
    "socialsecurity",
    "födelsedatum",
    "fodelsedatum",
    "förnamn",
    "fornamn",
    "efternamn",
    "firstname",
    "lastname",
    "surname",
    "fullname",
    "klientnamn",
    "kundnamn",
    "barnetsnamn",
    "clientname",
];

/// Short titles refused only as the whole title (as parts they are in harmless words).
const SENSITIVE_TITLES: &[&str] = &["pnr", "ssn", "namn", "personalid", "personid"];

/// Why a column title is refused, when it names a personal identity number or a person's
/// name: (Swedish, English).
pub fn sensitive_title(title: &str) -> Option<(String, String)> {
    let key: String = title.trim().to_lowercase().chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '.')).collect();
    if !SENSITIVE_TITLES.contains(&key.as_str()) && !SENSITIVE_PARTS.iter().any(|part| key.contains(part)) {
        return None;
    }
    let name = title.trim();
    Some((
        format!(
            "Kolumnen \"{name}\" ser ut att innehålla personnummer eller namn. Granskningsprotokoll och enkätsvar får inte innehålla uppgifter som pekar ut en person; ta bort kolumnen. Filen läses inte."
        ),
        format!(
            "the column \"{name}\" looks like it holds personal identity numbers or names. Audit records and survey answers must not hold data that identify a person; remove the column. The file is not read"
        ),
    ))
}

/// Whether `text` holds something shaped like a Swedish personal identity number (or
/// samordningsnummer) anywhere in it.
///
/// ```
/// use granska_summary::sensitive::looks_like_personnummer;
/// assert!(looks_like_personnummer("19121212-1212"));
/// assert!(looks_like_personnummer("akt 121212-1212"));
/// assert!(looks_like_personnummer("1212121212"));
/// assert!(!looks_like_personnummer("1212121213")); // no separator and a wrong check digit
/// assert!(!looks_like_personnummer("A-17"));
/// assert!(!looks_like_personnummer("2017-12-31"));
/// ```
pub fn looks_like_personnummer(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let digits = &bytes[i..i + run];
        let after = bytes.get(i + run).copied();
        // YYMMDD-NNNN / YYYYMMDD-NNNN (or + for those over 100, or a space between).
        if (run == 6 || run == 8) && matches!(after, Some(b'-' | b'+' | b' ')) {
            let tail = &bytes[i + run + 1..];
            let n = tail.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 4 && possible_date(&digits[run - 6..]) {
                return true;
            }
        }
        // 10 or 12 digits alone, with a valid check digit.
        if (run == 10 || run == 12) && possible_date(&digits[run - 10..run - 4]) && luhn(&digits[run - 10..]) {
            return true;
        }
        i += run;
    }
    false
}

/// Whether a cell of a table, with its type, holds something shaped like a personal
/// identity number: a text as [`looks_like_personnummer`]; a number cell (a whole number)
/// as the digits a personnummer typed without its dash becomes (see the module's docs); a
/// date, a yes/no or an empty cell never.
///
/// ```
/// use granska::Raw;
/// use granska_summary::sensitive::cell_looks_like_personnummer;
/// assert!(cell_looks_like_personnummer(&Raw::Cell("19800101-1234")));
/// assert!(cell_looks_like_personnummer(&Raw::Number(198001011234.0)));
/// assert!(cell_looks_like_personnummer(&Raw::Integer(8001011234)));
/// assert!(cell_looks_like_personnummer(&Raw::Number(501011234.0))); // 0501011234
/// assert!(!cell_looks_like_personnummer(&Raw::Number(2017.0)));
/// assert!(!cell_looks_like_personnummer(&Raw::Number(8001011234.5)));
/// assert!(!cell_looks_like_personnummer(&Raw::Date(17000)));
/// ```
pub fn cell_looks_like_personnummer(cell: &Raw<'_>) -> bool {
    match cell {
        Raw::Cell(text) => looks_like_personnummer(text),
        Raw::Json(serde_json::Value::String(text)) => looks_like_personnummer(text),
        Raw::Json(serde_json::Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
            (Some(whole), _) => number_looks_like_personnummer(whole),
            (None, Some(f)) => float_looks_like_personnummer(f),
            _ => false,
        },
        Raw::Integer(n) => u64::try_from(*n).is_ok_and(number_looks_like_personnummer),
        Raw::Number(f) => float_looks_like_personnummer(*f),
        // Empty, yes/no, dates and date-times, error cells, other JSON values.
        _ => false,
    }
}

fn float_looks_like_personnummer(f: f64) -> bool {
    // Below 10^13 every whole number is exact in an f64.
    (0.0..1e13).contains(&f) && f.fract() == 0.0 && number_looks_like_personnummer(f as u64)
}

/// A whole number as a personnummer typed without its dash: `YYMMDDNNNN` (a leading zero
/// dropped or not) or `YYYYMMDDNNNN` from 1800 to 2099, with a possible date.
fn number_looks_like_personnummer(n: u64) -> bool {
    let digits = format!("{n:010}");
    match digits.len() {
        10 => n >= 100_000_000 && possible_date(&digits.as_bytes()[..6]),
        12 => matches!(&digits[..2], "18" | "19" | "20") && possible_date(&digits.as_bytes()[2..8]),
        _ => false,
    }
}

/// `YYMMDD` with a month 01–12 and a day 01–31 (or 61–91, a samordningsnummer).
fn possible_date(d: &[u8]) -> bool {
    let num = |a: u8, b: u8| u32::from(a - b'0') * 10 + u32::from(b - b'0');
    let month = num(d[2], d[3]);
    let day = num(d[4], d[5]);
    (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day))
}

/// The Luhn check over ten digits (the personnummer's check digit is the last).
fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The message for a value that looks like a personnummer: (Swedish, English). The value
/// itself is never repeated.
pub fn personnummer_message(what: &str, what_en: &str) -> (String, String) {
    (
        format!("{what} ser ut att innehålla ett personnummer. Uppgifter som pekar ut en person får inte finnas i underlaget; värdet visas inte och läses inte."),
        format!("{what_en} looks like it holds a personal identity number. Data that identify a person must not be in the input; the value is not shown and not read"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_values() {
        assert!(sensitive_title("Personnummer").is_some());
        assert!(sensitive_title(" person-nr ").is_some());
        assert!(sensitive_title("p.nr").is_some());
        assert!(sensitive_title("First name").is_some());
        assert!(sensitive_title("akt").is_none());
        assert!(sensitive_title("Barnets personnummer").is_some());
        assert!(sensitive_title("Pers.nr (ÅÅMMDD-XXXX)").is_some());
        assert!(sensitive_title("Vårdnadshavares förnamn").is_some());
        assert!(sensitive_title("Namn").is_some());
        assert!(sensitive_title("name").is_none(), "the provider's name in an export");
        assert!(sensitive_title("verksamhetens namn").is_none());
        assert!(looks_like_personnummer("121212 1212"));
        assert!(!looks_like_personnummer("2017 12 31"));
        assert!(looks_like_personnummer("201212121212"));
        assert!(looks_like_personnummer("121272+1219"));
        assert!(!looks_like_personnummer("0701234567"));
        assert!(!looks_like_personnummer("2017"));
    }

    #[test]
    fn number_cells() {
        for n in [8_001_011_234_i64, 198_001_011_234, 501_011_234, 1_212_121_212, 201_212_721_234] {
            assert!(cell_looks_like_personnummer(&Raw::Integer(n)), "{n}");
            assert!(cell_looks_like_personnummer(&Raw::Number(n as f64)), "{n}");
            assert!(cell_looks_like_personnummer(&Raw::Json(&serde_json::json!(n))), "{n}");
        }
        // Counts, years, a date as a number, 9 digits with no month, a month 13, a day 32, a
        // century 21, 11 digits, a negative number.
        for n in [0_i64, 3, 2017, 20_171_231, 731_234_567, 8_013_011_234, 8_001_321_234, 218_001_011_234, 12_345_678_901, -8_001_011_234] {
            assert!(!cell_looks_like_personnummer(&Raw::Integer(n)), "{n}");
        }
        assert!(!cell_looks_like_personnummer(&Raw::Number(f64::NAN)));
        assert!(!cell_looks_like_personnummer(&Raw::Bool(true)));
        assert!(!cell_looks_like_personnummer(&Raw::DateTime(1_000_000_000)));
    }
}
