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
}
