//! Scalar answers typed by their question: numbers (decimal comma, thousands separators),
//! percents, yes/no, dates, texts and choices, each checked against the question's range.

use super::*;

type ParseError = (IssueCode, String, String);

/// Parses a number written the Swedish or the English way: `0,8`, `0.8`, `1 200`, `1e5`
/// (a trailing `%` only for a percent question: see [`parse_percent_text`]).
pub(crate) fn parse_number_text(text: &str) -> Option<f64> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    // YAML's infinities (how a YAML report's `1e400` arrives) are too large, not words.
    match cleaned.to_ascii_lowercase().as_str() {
        ".inf" | "+.inf" => return Some(f64::INFINITY),
        "-.inf" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Letters other than an exponent's `e` are not a number (Rust would read `inf`, `NaN`).
    if cleaned.is_empty() || cleaned.chars().any(|c| c.is_ascii_alphabetic() && !c.eq_ignore_ascii_case(&'e')) {
        return None;
    }
    let normalized = if cleaned.contains(',') && !cleaned.contains('.') { cleaned.replace(',', ".") } else { cleaned };
    normalized.parse::<f64>().ok()
}

/// Parses a percentage: a number, with or without a trailing `%` (`80 %`, `80%`, `80`).
pub(crate) fn parse_percent_text(text: &str) -> Option<f64> {
    parse_number_text(text.trim().strip_suffix('%').unwrap_or(text))
}

/// Parses a yes/no answer as the engine reads one: `Ja`/`Nej`, `J`/`N`, `yes`/`no`,
/// `Y`/`N`, `true`/`false`, `sant`/`falskt`, `1`/`0` (any case, surrounding space ignored).
/// `None` for any other text.
pub fn parse_bool_text(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "true" | "sant" | "1" => Some(true),
        "nej" | "n" | "no" | "false" | "falskt" | "0" => Some(false),
        _ => None,
    }
}

fn too_large() -> ParseError {
    (IssueCode::OutOfRange, "Talet är för stort.".into(), "the number is too large".into())
}

fn range_check(n: f64, min: Option<f64>, max: Option<f64>) -> Result<(), ParseError> {
    if let Some(lo) = min
        && n < lo
    {
        return Err((IssueCode::OutOfRange, format!("Svaret {n} är mindre än {lo}."), format!("the answer {n} is less than {lo}")));
    }
    if let Some(hi) = max
        && n > hi
    {
        return Err((IssueCode::OutOfRange, format!("Svaret {n} är större än {hi}."), format!("the answer {n} is greater than {hi}")));
    }
    Ok(())
}

pub(super) fn parse_scalar(
    kind: QuestionType,
    choices: &[crate::pack::Choice],
    multiple: bool,
    min: Option<f64>,
    max: Option<f64>,
    raw: Raw<'_>,
    max_text: usize,
) -> Result<Answer, ParseError> {
    let wrong = |sv: &str, en: &str| -> ParseError { (IssueCode::WrongType, sv.to_string(), en.to_string()) };
    let text: Option<&str> = match raw {
        Raw::Json(Json::Null) | Raw::Empty => return Ok(Answer::Unknown),
        Raw::Json(Json::String(s)) => Some(s.as_str()),
        Raw::Cell(c) => Some(c),
        _ => None,
    };
    if let Some(t) = text {
        if t.trim().is_empty() {
            return Ok(Answer::Unknown);
        }
        if t.len() > max_text {
            return Err((
                IssueCode::TooLong,
                format!("Texten är {} byte; högst {max_text} tillåts.", t.len()),
                format!("the text is {} bytes; at most {max_text} are allowed", t.len()),
            ));
        }
    }
    if let Raw::Invalid(e) = raw {
        let (sv, en) = match e {
            "time" => ("en tid utan datum".to_string(), "a time without a date".to_string()),
            "duration" => ("en varaktighet".to_string(), "a duration".to_string()),
            e => (format!("felet {e}"), format!("the error {e}")),
        };
        return Err((IssueCode::ErrorCell, format!("Cellen innehåller {sv}, inget svar."), format!("the cell holds {en}, not an answer")));
    }
    // A number given for a text or a choice: its digits, as a person writes them.
    let number_text = raw.number_text();
    match kind {
        QuestionType::Bool => match raw {
            Raw::Json(Json::Bool(b)) => Ok(Answer::Bool(*b)),
            Raw::Bool(b) => Ok(Answer::Bool(b)),
            Raw::Integer(1) => Ok(Answer::Bool(true)),
            Raw::Integer(0) => Ok(Answer::Bool(false)),
            _ => text.and_then(parse_bool_text).map(Answer::Bool).ok_or_else(|| wrong("ja eller nej", "yes or no")),
        },
        QuestionType::Integer => {
            let n = match raw {
                Raw::Integer(i) => {
                    range_check(i as f64, min, max)?;
                    return Ok(Answer::Integer(i));
                }
                Raw::Json(Json::Number(n)) => match n.as_i64() {
                    Some(i) => {
                        range_check(i as f64, min, max)?;
                        return Ok(Answer::Integer(i));
                    }
                    None => n.as_f64(),
                },
                Raw::Number(n) => Some(n),
                _ => text.and_then(|t| {
                    let t = t.trim();
                    t.parse::<i64>().ok().map(|i| i as f64).or_else(|| parse_number_text(t))
                }),
            };
            let Some(n) = n else {
                return Err(wrong("ett heltal", "a whole number"));
            };
            if n.is_infinite() {
                return Err(too_large());
            }
            if !n.is_finite() || n.fract() != 0.0 {
                return Err(wrong("ett heltal", "a whole number"));
            }
            if n.abs() >= 9.2e18 {
                return Err(too_large());
            }
            // Exact for integers written as text.
            let exact = text.and_then(|t| t.trim().parse::<i64>().ok()).unwrap_or(n as i64);
            range_check(exact as f64, min, max)?;
            Ok(Answer::Integer(exact))
        }
        QuestionType::Number | QuestionType::Percent => {
            let percent = kind == QuestionType::Percent;
            // A workbook cell formatted as percent holds 80 % as 0.8 (and 100 % as 1): from a
            // typed cell, a fraction for a percent question is refused, never read as 0.8 %.
            if let (true, Raw::Number(n)) = (percent, raw)
                && n > 0.0
                && n <= 1.0
            {
                return Err(wrong(
                    "en procentsats från 0 till 100; en cell formaterad som procent håller 80 % som 0,8 — skriv 80",
                    "a percentage from 0 to 100; a cell formatted as percent holds 80 % as 0.8 — write 80",
                ));
            }
            let n = match raw {
                Raw::Json(Json::Number(n)) => n.as_f64(),
                Raw::Integer(i) => Some(i as f64),
                Raw::Number(n) => Some(n),
                _ if percent => text.and_then(parse_percent_text),
                _ => text.and_then(parse_number_text),
            };
            let Some(n) = n else {
                return Err(wrong("ett tal", "a number"));
            };
            if n.is_infinite() {
                return Err(too_large());
            }
            if !n.is_finite() {
                return Err(wrong("ett ändligt tal", "a finite number"));
            }
            range_check(n, min, max)?;
            Ok(Answer::Number(n))
        }
        QuestionType::Date => match raw {
            Raw::Date(d) if crate::answers::dates::in_range(d) => Ok(Answer::Date(d)),
            Raw::DateTime(s) => crate::answers::dates::wall_clock_date(s).map(Answer::Date).ok_or_else(date_out_of_range),
            Raw::Instant(s) => crate::answers::dates::instant_date(s).map(Answer::Date).ok_or_else(date_out_of_range),
            Raw::Date(_) => Err(date_out_of_range()),
            _ => match text {
                Some(t) => crate::answers::dates::parse(t).map(Answer::Date).map_err(|p| match p {
                    crate::answers::dates::DateProblem::NotADate => wrong("ett datum (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
                    p => {
                        let m = p.message(t.trim());
                        (p.code(), m.sv, m.en)
                    }
                }),
                None => Err(wrong("ett datum (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)")),
            },
        },
        QuestionType::Text => match (text, number_text) {
            (Some(t), _) => Ok(Answer::Text(nfc(t.trim()).into())),
            (None, Some(n)) => Ok(Answer::Text(n.into())),
            _ => match raw {
                Raw::Date(_) | Raw::DateTime(_) | Raw::Instant(_) => Ok(Answer::Text(raw.shown().into())),
                Raw::Json(Json::Number(_)) | Raw::Number(_) => {
                    Err(wrong("en text (ett så stort tal skrivs inom citattecken)", "a text (a number this large is written in quotes)"))
                }
                _ => Err(wrong("en text", "a text")),
            },
        },
        QuestionType::Choice if multiple => {
            let values: Vec<String> = match raw {
                Raw::Json(Json::Array(items)) => {
                    let mut out = vec![];
                    for item in items {
                        match item {
                            Json::String(s) => out.push(s.trim().to_string()),
                            Json::Number(_) => out.push(Raw::Json(item).number_text().unwrap_or_default()),
                            _ => return Err(wrong("en lista av val", "a list of choices")),
                        }
                    }
                    out
                }
                _ => match (text, number_text) {
                    (Some(t), _) => t.split(['|', ';', ',']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
                    (None, Some(n)) => vec![n],
                    _ => return Err(wrong("en lista av val", "a list of choices")),
                },
            };
            let mut set = 0u64;
            for v in values {
                set |= 1u64 << choice_index(choices, &v)?.min(63);
            }
            Ok(Answer::Set(set))
        }
        QuestionType::Choice => {
            let t = match (text, &number_text) {
                (Some(t), _) => t,
                (None, Some(n)) => n.as_str(),
                _ => return Err(wrong("ett av svarsalternativen", "one of the choices")),
            };
            let i = choice_index(choices, t.trim())?;
            Ok(Answer::Text(choices[i].value.clone().into()))
        }
        QuestionType::List => Err(wrong("en lista av poster", "a list of records")),
    }
}

fn date_out_of_range() -> ParseError {
    (IssueCode::BadDate, "Datumet ligger utanför åren 0000–9999.".into(), "the date is outside the years 0000–9999".into())
}

/// The index of a choice, matched by value, or case-insensitively by value or Swedish or
/// English label (as survey tools export labels).
fn choice_index(choices: &[crate::pack::Choice], v: &str) -> Result<usize, ParseError> {
    let v = &*nfc(v);
    if let Some(i) = choices.iter().position(|c| c.value == v) {
        return Ok(i);
    }
    let lower = v.to_lowercase();
    if let Some(i) = choices.iter().position(|c| c.value.to_lowercase() == lower || c.label.sv.to_lowercase() == lower || c.label.en.to_lowercase() == lower) {
        return Ok(i);
    }
    let known = choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join(", ");
    let hint = did_you_mean(v, choices.iter().map(|c| c.value.as_str()));
    Err(match hint {
        Some(h) => (IssueCode::NotAChoice, format!("\"{v}\" är inget svarsalternativ; menade du \"{h}\"?"), format!("\"{v}\" is not one of the choices; did you mean \"{h}\"?")),
        None => (IssueCode::NotAChoice, format!("\"{v}\" är inget svarsalternativ ({known})."), format!("\"{v}\" is not one of the choices ({known})")),
    })
}
