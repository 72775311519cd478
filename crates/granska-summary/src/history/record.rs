//! One checked report as the history needs it ([`YearReport`]): whose it is (provider id,
//! service type), when (the report date, hence the year), which pack judged it (id, version,
//! content hash) and the verdict of every requirement. Read from the report JSON that
//! `Pack::check` writes (one report or a list of them, as `granska check --format json`
//! prints), or taken from a [`granska::Report`] checked in memory.
//!
//! A report that cannot be read is a rejected [`InputProblem`] naming the file and the field
//! (`[3].verdicts[12].verdict`), or the line and column of broken JSON; the other reports of
//! the file are still read.

use std::sync::Arc;

use serde_json::{Map, Value as Json};

use granska::{Report, Text, Verdict, parse_date};

use crate::export::{InputCode, InputProblem};

/// The verdict of one requirement in a report read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearVerdict {
    /// The requirement's id.
    pub requirement: Arc<str>,
    /// Its verdict.
    pub verdict: Verdict,
    /// Its title in both languages, if the report gave it.
    pub title: Option<Arc<Text>>,
}

/// One provider's checked report, as the history joins it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearReport {
    /// The provider's id, as the report wrote it.
    pub provider: String,
    /// The provider's name, if the report gave one.
    pub name: Option<String>,
    /// The service type.
    pub service: String,
    /// The report date, days since 1970-01-01.
    pub date: i32,
    /// The year of the report date: the follow-up year the report belongs to.
    pub year: i32,
    /// The id of the pack that checked it.
    pub pack: String,
    /// The pack's version, if it declares one.
    pub pack_version: Option<String>,
    /// The pack's content hash (64 hexadecimal digits); empty when the report has none.
    pub pack_content_hash: String,
    /// The verdict of every requirement, as the report lists them.
    pub verdicts: Vec<YearVerdict>,
    /// Where the report was read, for a person: the file, and its place in the file
    /// (`[3]`, `rad 12`).
    pub place: String,
    /// The file (or other source) it was read from.
    pub file: String,
    /// Its row, for a report read from an export (1-based, as the spreadsheet shows it).
    pub row: Option<u64>,
    /// Its place in a file holding a list of reports (`[3]`).
    pub path: Option<String>,
}

impl YearReport {
    /// The report as the history needs it; `place` says where it came from (a file and row).
    ///
    /// # Errors
    ///
    /// A rejected [`InputProblem`] at the field `date` when the report's date is no
    /// `YYYY-MM-DD` date (a report's year is never guessed).
    #[allow(clippy::result_large_err, reason = "one per report read; the rare path")]
    pub fn from_report(report: &Report, place: &str) -> Result<YearReport, InputProblem> {
        let bad_date = || {
            bad(
                place,
                "date".into(),
                Some(&report.provider),
                format!("Rapportdatumet \"{}\" är inget datum på formen ÅÅÅÅ-MM-DD; rapporten läses inte.", report.date),
                format!("the report date \"{}\" is no date of the form YYYY-MM-DD; the report is not read", report.date),
            )
        };
        let date = parse_date(&report.date).ok_or_else(bad_date)?;
        let year = year_of(date).ok_or_else(bad_date)?;
        Ok(YearReport {
            provider: report.provider.clone(),
            name: report.name.clone(),
            service: report.service.clone(),
            date,
            year,
            pack: report.pack.clone(),
            pack_version: report.pack_version.clone(),
            pack_content_hash: report.pack_content_hash.to_string(),
            verdicts: report.verdicts.iter().map(|v| YearVerdict { requirement: Arc::clone(&v.requirement), verdict: v.verdict, title: Some(Arc::clone(&v.title)) }).collect(),
            place: place.to_string(),
            file: place.to_string(),
            row: None,
            path: None,
        })
    }
}

/// The calendar year of a day number (days since 1970-01-01); `None` for a day outside the
/// years written with four digits.
pub(crate) fn year_of(days: i32) -> Option<i32> {
    let text = granska::format_date(days);
    let (year, rest) = text.split_once('-')?;
    (year.len() == 4 && !rest.is_empty()).then(|| year.parse().ok()).flatten()
}

/// A rejected report of a report file, at `field`.
fn bad(file: &str, field: String, provider: Option<&str>, sv: String, en: String) -> InputProblem {
    let mut p = InputProblem::new_file(file, InputCode::BadRecord, sv, en);
    p.field = Some(field).filter(|f| !f.is_empty());
    p.provider = provider.map(str::to_string);
    p.rejected = true;
    p
}

/// Reads the reports of one report JSON file: a report object or a list of them. Every
/// report read goes to `out`, every report that cannot be read to `problems`.
pub fn read_reports_json(text: &str, source: &str, out: &mut Vec<YearReport>, problems: &mut Vec<InputProblem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str(text) {
        Ok(root) => read_reports_value(root, source, out, problems),
        Err(e) => problems.push(unreadable(source, "JSON", e.line(), e.column(), &e.to_string())),
    }
}

/// Reads the reports of one report YAML file (as `granska check --format yaml` writes it),
/// values as written.
pub fn read_reports_yaml(text: &str, source: &str, out: &mut Vec<YearReport>, problems: &mut Vec<InputProblem>) {
    match granska::yaml_as_written(text) {
        Ok(root) => read_reports_value(root, source, out, problems),
        Err((line, column, message)) => problems.push(unreadable(source, "YAML", line, column, &message)),
    }
}

/// A file whose syntax is broken: rejected as a whole, at its line and column.
fn unreadable(source: &str, kind: &str, line: usize, column: usize, message: &str) -> InputProblem {
    let mut p = InputProblem::new_file(
        source,
        InputCode::BadRecord,
        format!("Ogiltig {kind} på rad {line}, kolumn {column}: {message}; filen läses inte."),
        format!("invalid {kind} at line {line}, column {column}: {message}; the file is not read"),
    );
    p.row = Some(line as u64);
    p.rejected = true;
    p
}

fn read_reports_value(root: Json, source: &str, out: &mut Vec<YearReport>, problems: &mut Vec<InputProblem>) {
    match root {
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                match one(item, source, &format!("[{i}]")) {
                    Ok(r) => out.push(r),
                    Err(p) => problems.push(p),
                }
            }
        }
        other => match one(&other, source, "") {
            Ok(r) => out.push(r),
            Err(p) => problems.push(p),
        },
    }
}

/// A field path under `at`: `[3].verdicts` or `verdicts`.
fn path(at: &str, field: &str) -> String {
    if at.is_empty() { field.to_string() } else { format!("{at}.{field}") }
}

fn text_field<'a>(map: &'a Map<String, Json>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Json::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// Reads one report object at `at` (`[3]`, or empty for a file holding one report).
#[allow(clippy::result_large_err, reason = "one per report read; the rare path")]
fn one(item: &Json, source: &str, at: &str) -> Result<YearReport, InputProblem> {
    let Json::Object(map) = item else {
        return Err(bad(
            source,
            at.to_string(),
            None,
            "En rapport ska vara ett JSON-objekt som granska check skriver det (provider, service, date, pack, verdicts).".into(),
            "a report must be a JSON object as granska check writes it (provider, service, date, pack, verdicts)".into(),
        ));
    };
    if map.contains_key("format") && !map.contains_key("verdicts") {
        return Err(bad(
            source,
            at.to_string(),
            None,
            "Filen är en sammanställning, inte en bedömd rapport; ange rapporterna som granska check skriver dem (granska check --format json). Filen läses inte.".into(),
            "this is a summary, not a checked report (granska check --format json); the file is not read".into(),
        ));
    }
    let provider = text_field(map, "provider");
    let need = |key: &str| {
        text_field(map, key).ok_or_else(|| {
            bad(
                source,
                path(at, key),
                provider,
                format!("Fältet \"{key}\" saknas eller är ingen text; rapporten läses inte."),
                format!("the field \"{key}\" is missing or no text; the report is not read"),
            )
        })
    };
    let provider_id = need("provider")?.to_string();
    let service = need("service")?.to_string();
    let pack = need("pack")?.to_string();
    let date_text = need("date")?;
    let date = parse_date(date_text).ok_or_else(|| {
        bad(
            source,
            path(at, "date"),
            provider,
            format!("Rapportdatumet \"{date_text}\" är inget datum på formen ÅÅÅÅ-MM-DD; rapporten läses inte."),
            format!("the report date \"{date_text}\" is no date of the form YYYY-MM-DD; the report is not read"),
        )
    })?;
    let Some(Json::Array(list)) = map.get("verdicts") else {
        if map.contains_key("answers") {
            return Err(bad(
                source,
                path(at, "verdicts"),
                provider,
                "Rapporten har svar men inga bedömningar (verdicts): den är inte bedömd. Bedöm den först (granska check --format json), eller ange årets export. Rapporten läses inte.".into(),
                "the report has answers but no verdicts: it has not been checked. Check it first (granska check --format json), or give the year's export. The report is not read".into(),
            ));
        }
        return Err(bad(
            source,
            path(at, "verdicts"),
            provider,
            "Listan \"verdicts\" saknas; rapporten läses inte.".into(),
            "the list \"verdicts\" is missing; the report is not read".into(),
        ));
    };
    let mut verdicts = Vec::with_capacity(list.len());
    for (j, v) in list.iter().enumerate() {
        let here = path(at, &format!("verdicts[{j}]"));
        let Some(obj) = v.as_object() else {
            return Err(bad(
                source,
                here,
                provider,
                "Ett utfall ska vara ett JSON-objekt; rapporten läses inte.".into(),
                "a verdict must be a JSON object; the report is not read".into(),
            ));
        };
        let Some(requirement) = text_field(obj, "requirement") else {
            return Err(bad(
                source,
                format!("{here}.requirement"),
                provider,
                "Kravets id saknas; rapporten läses inte.".into(),
                "the requirement's id is missing; the report is not read".into(),
            ));
        };
        let written = obj.get("verdict").and_then(Json::as_str).unwrap_or_default();
        let verdict = match written {
            "met" => Verdict::Met,
            "not_met" => Verdict::NotMet,
            "not_applicable" => Verdict::NotApplicable,
            "unanswered" => Verdict::Unanswered,
            _ => {
                return Err(bad(
                    source,
                    format!("{here}.verdict"),
                    provider,
                    format!("\"{written}\" är inget utfall för kravet {requirement}; ange met, not_met, not_applicable eller unanswered. Rapporten läses inte."),
                    format!("\"{written}\" is no verdict for the requirement {requirement}; give met, not_met, not_applicable or unanswered. The report is not read"),
                ));
            }
        };
        let title = obj.get("title").and_then(|t| serde_json::from_value::<Text>(t.clone()).ok()).map(Arc::new);
        verdicts.push(YearVerdict { requirement: Arc::from(requirement), verdict, title });
    }
    Ok(YearReport {
        provider: provider_id,
        name: text_field(map, "name").map(str::to_string),
        service,
        date,
        year: year_of(date).ok_or_else(|| {
            bad(
                source,
                path(at, "date"),
                provider,
                format!("Rapportdatumet \"{date_text}\" ligger utanför åren 0000–9999; rapporten läses inte."),
                format!("the report date \"{date_text}\" lies outside the years 0000–9999; the report is not read"),
            )
        })?,
        pack,
        pack_version: text_field(map, "pack_version").map(str::to_string),
        pack_content_hash: text_field(map, "pack_content_hash").unwrap_or_default().to_string(),
        verdicts,
        place: if at.is_empty() { source.to_string() } else { format!("{source} {at}") },
        file: source.to_string(),
        row: None,
        path: Some(at.to_string()).filter(|a| !a.is_empty()),
    })
}
