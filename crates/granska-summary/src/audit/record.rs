//! Reading an audit record file (YAML or JSON, `docs/audits-and-surveys.md`): the provider, the date,
//! the auditor, and the case files and interviews with their answers.
//!
//! Values are read as written (YAML through [`granska::yaml_as_written`], JSON through
//! [`granska::json_unique_keys`], which refuses a key given twice) and typed by the
//! checklist's questions. A bad item (an unknown key, no id, a value shaped like a
//! personnummer, a report the pack cannot read) is rejected with its place
//! (`case_files[2].answers.akt.signerad`) and the other items are read; a bad record-level
//! field rejects the record.

use serde_json::{Map, Value as Json};

use granska::{Pack, did_you_mean};

use super::{AuditInput, AuditItem, AuditRecord, ItemKind, KIND_QUESTION, check_pack};
use crate::export::{ExportError, InputCode, InputProblem, ProblemCode};
use crate::sensitive::{looks_like_personnummer, personnummer_message, sensitive_title};

/// The keys of a record, in the order documented.
const RECORD_KEYS: &[&str] = &["provider", "name", "service", "contract", "date", "auditor", "case_files", "interviews"];
/// The keys of a case file or an interview.
const ITEM_KEYS: &[&str] = &["id", "with", "answers", "notes"];

/// A problem located in a record file by field path.
pub(super) fn problem(file: &str, field: Option<String>, provider: Option<&str>, code: impl Into<ProblemCode>, sv: String, en: String, rejected: bool) -> InputProblem {
    let mut p = InputProblem::new_file(file, code, sv, en);
    p.field = field;
    p.provider = provider.map(str::to_string);
    p.rejected = rejected;
    p
}

/// A scalar's text: a string as written, a JSON number's digits; none for other values.
fn scalar_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.trim().to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first string inside `v` (keys included) shaped like a personnummer: its path.
fn find_personnummer(v: &Json, path: &str) -> Option<String> {
    match v {
        Json::String(s) if looks_like_personnummer(s) => Some(path.to_string()),
        Json::Number(n) if looks_like_personnummer(&n.to_string()) => Some(path.to_string()),
        Json::Array(items) => items.iter().enumerate().find_map(|(i, x)| find_personnummer(x, &format!("{path}[{i}]"))),
        Json::Object(map) => map.iter().find_map(|(k, x)| {
            let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            if looks_like_personnummer(k) { Some(p) } else { find_personnummer(x, &p) }
        }),
        _ => None,
    }
}

pub(super) fn read(input: &mut AuditInput, pack: &Pack, text: &str, source: &str) -> Result<(), ExportError> {
    let mut places = None;
    let before = input.problems.len();
    let result = read_located(input, pack, text, source, &mut places);
    // A record's problems (YAML or JSON) are located by line too: the line of the field, else
    // of the nearest item or key that holds it.
    if let Some(places) = places {
        let locate = |p: &mut InputProblem| {
            if p.row.is_none() && p.file == source {
                p.row = p.field.as_deref().and_then(|f| places.nearest(f)).map(|(line, _)| line as u64);
            }
        };
        input.problems[before..].iter_mut().for_each(locate);
        return result.map_err(|mut e| {
            e.problems.iter_mut().for_each(locate);
            e
        });
    }
    result
}

fn read_located(input: &mut AuditInput, pack: &Pack, text: &str, source: &str, places: &mut Option<granska::YamlPlaces>) -> Result<(), ExportError> {
    check_pack(pack, source)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = if text.trim_start().starts_with('{') {
        // Equal keys (also NFC-equal ones) are refused, never "last wins".
        let root = granska::json_unique_keys(text).map_err(|(line, column, message)| {
            let mut p = problem(
                source,
                None,
                None,
                InputCode::BadRecord,
                format!("Ogiltig JSON på rad {line}, kolumn {column}: {message}"),
                format!("invalid JSON at line {line}, column {column}: {message}"),
                true,
            );
            p.row = Some(line as u64);
            ExportError::one(p)
        })?;
        // JSON is YAML too: read once more for the lines of its keys and items, so that a
        // JSON record's problems have lines like a YAML record's. The values are the JSON
        // reading's; a text the YAML reader refuses (e.g. past its nesting limit) has none.
        *places = granska::yaml_as_written_with_places(text).ok().map(|(_, found)| found);
        root
    } else {
        let (root, found) = granska::yaml_as_written_with_places(text).map_err(|(line, column, message)| {
            let mut p = problem(
                source,
                None,
                None,
                InputCode::BadRecord,
                format!("Ogiltig YAML på rad {line}, kolumn {column}: {message}"),
                format!("invalid YAML at line {line}, column {column}: {message}"),
                true,
            );
            p.row = Some(line as u64);
            ExportError::one(p)
        })?;
        *places = Some(found);
        root
    };
    let Json::Object(map) = root else {
        return Err(ExportError::one(problem(
            source,
            None,
            None,
            InputCode::BadRecord,
            "Ett granskningsprotokoll ska vara en mappning med provider, service, date och case_files.".into(),
            "an audit record must be a mapping with provider, service, date and case_files".into(),
            true,
        )));
    };
    let provider_text = map.get("provider").and_then(scalar_text).filter(|p| !p.is_empty());
    let provider = provider_text.as_deref().filter(|p| !looks_like_personnummer(p));
    // Record-level problems reject the record: collect them all first.
    let mut fatal = vec![];
    for (key, value) in &map {
        if let Some((sv, en)) = sensitive_title(key) {
            fatal.push(problem(source, Some(key.clone()), provider, InputCode::SensitiveData, sv.replace("Kolumnen", "Fältet"), en.replace("the column", "the field"), true));
        } else if !RECORD_KEYS.contains(&key.as_str()) {
            let hint = did_you_mean(key, RECORD_KEYS.iter().copied()).map(|h| (format!(" Menade du \"{h}\"?"), format!("; did you mean \"{h}\"?"))).unwrap_or_default();
            fatal.push(problem(
                source,
                Some(key.clone()),
                provider,
                InputCode::BadRecord,
                format!("Okänt fält \"{key}\" i granskningsprotokollet.{} Protokollet läses inte.", hint.0),
                format!("unknown field \"{key}\" in the audit record{}; the record is not read", hint.1),
                true,
            ));
        } else if !matches!(key.as_str(), "case_files" | "interviews") {
            if !value.is_null() && scalar_text(value).is_none() {
                fatal.push(problem(
                    source,
                    Some(key.clone()),
                    provider,
                    InputCode::BadRecord,
                    format!("Fältet \"{key}\" ska vara en text; protokollet läses inte."),
                    format!("the field \"{key}\" must be a text; the record is not read"),
                    true,
                ));
            } else if let Some(path) = find_personnummer(value, key) {
                let (sv, en) = personnummer_message(&format!("Fältet \"{path}\""), &format!("the field \"{path}\""));
                fatal.push(problem(source, Some(path), provider, InputCode::SensitiveData, format!("{sv} Protokollet läses inte."), format!("{en}; the record is not read"), true));
            }
        }
    }
    for key in ["provider", "service", "date"] {
        if map.get(key).and_then(scalar_text).is_none_or(|t| t.is_empty()) {
            fatal.push(problem(
                source,
                Some(key.into()),
                provider,
                InputCode::BadRecord,
                format!("Fältet \"{key}\" saknas; protokollet läses inte."),
                format!("the field \"{key}\" is missing; the record is not read"),
                true,
            ));
        }
    }
    if !map.contains_key("case_files") && !map.contains_key("interviews") {
        fatal.push(problem(
            source,
            None,
            provider,
            InputCode::BadRecord,
            "Protokollet har varken case_files eller interviews; det finns inget att läsa.".into(),
            "the record has neither case_files nor interviews; there is nothing to read".into(),
            true,
        ));
    }
    if !fatal.is_empty() {
        input.problems.extend(fatal);
        return Ok(());
    }
    let text_of = |k: &str| map.get(k).and_then(scalar_text).filter(|t| !t.is_empty());
    let mut record = AuditRecord {
        file: source.to_string(),
        provider: text_of("provider").unwrap_or_default(),
        name: text_of("name"),
        service: text_of("service").unwrap_or_default(),
        date: text_of("date").unwrap_or_default(),
        auditor: text_of("auditor"),
        items: vec![],
    };
    let contract = text_of("contract");
    for list in ["case_files", "interviews"] {
        let Some(value) = map.get(list) else { continue };
        let Json::Array(items) = value else {
            input.problems.push(problem(
                source,
                Some(list.into()),
                Some(&record.provider),
                InputCode::BadRecord,
                format!("\"{list}\" ska vara en lista; den läses inte."),
                format!("\"{list}\" must be a list; it is not read"),
                true,
            ));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let place = format!("{list}[{i}]");
            match read_item(pack, &record, contract.as_deref(), list, item, &place, source) {
                Ok((it, unused)) => {
                    if let Some(first) = record.items.iter().find(|x| x.id == it.id && x.kind == it.kind) {
                        input.problems.push(problem(
                            source,
                            Some(place.clone()),
                            Some(&record.provider),
                            InputCode::BadRecord,
                            format!("Id \"{}\" finns redan i {}; posten läses inte.", it.id, first.place),
                            format!("the id \"{}\" is already used by {}; the item is not read", it.id, first.place),
                            true,
                        ));
                        continue;
                    }
                    input.problems.extend(unused);
                    record.items.push(it);
                }
                Err(p) => input.problems.push(p),
            }
        }
    }
    input.records.push(record);
    Ok(())
}

/// One case file or interview, with the answers it gives that were not used. (A rejected
/// item is the rare path: its problem is returned by value, as the export reader does.)
#[allow(clippy::result_large_err)]
fn read_item(
    pack: &Pack,
    record: &AuditRecord,
    contract: Option<&str>,
    list: &str,
    item: &Json,
    place: &str,
    source: &str,
) -> Result<(AuditItem, Vec<InputProblem>), InputProblem> {
    let provider = Some(record.provider.as_str());
    let reject = |field: String, code: InputCode, sv: String, en: String| {
        problem(source, Some(field), provider, code, format!("{sv} Posten läses inte."), format!("{en}; the item is not read"), true)
    };
    let Json::Object(map) = item else {
        return Err(reject(place.into(), InputCode::BadRecord, "Posten ska vara en mappning med id och answers.".into(), "the item must be a mapping with id and answers".into()));
    };
    for key in map.keys() {
        if let Some((sv, en)) = sensitive_title(key) {
            return Err(reject(
                format!("{place}.{key}"),
                InputCode::SensitiveData,
                sv.replace("Kolumnen", "Fältet").replace(" Filen läses inte.", ""),
                en.replace("the column", "the field").replace(". The file is not read", ""),
            ));
        }
        if !ITEM_KEYS.contains(&key.as_str()) {
            let hint = did_you_mean(key, ITEM_KEYS.iter().copied()).map(|h| (format!(" Menade du \"{h}\"?"), format!("; did you mean \"{h}\"?"))).unwrap_or_default();
            return Err(reject(format!("{place}.{key}"), InputCode::BadRecord, format!("Okänt fält \"{key}\".{}", hint.0), format!("unknown field \"{key}\"{}", hint.1)));
        }
    }
    if let Some(path) = find_personnummer(item, place) {
        let (sv, en) = personnummer_message(&format!("Fältet \"{path}\""), &format!("the field \"{path}\""));
        return Err(reject(path, InputCode::SensitiveData, sv, en));
    }
    let Some(id) = map.get("id").and_then(scalar_text).filter(|t| !t.is_empty()) else {
        return Err(reject(
            format!("{place}.id"),
            InputCode::BadRecord,
            "Postens id (granskarens referens, t.ex. A3) saknas.".into(),
            "the item's id (the auditor's reference, e.g. A3) is missing".into(),
        ));
    };
    let kind = if list == "case_files" {
        if map.contains_key("with") {
            return Err(reject(
                format!("{place}.with"),
                InputCode::BadRecord,
                "En akt har inget \"with\"; det anges för intervjuer.".into(),
                "a case file has no \"with\"; it is given for interviews".into(),
            ));
        }
        ItemKind::CaseFile
    } else {
        match map.get("with").and_then(scalar_text).as_deref().and_then(ItemKind::parse) {
            Some(k @ (ItemKind::InterviewYoung | ItemKind::InterviewStaff)) => k,
            _ => {
                return Err(reject(
                    format!("{place}.with"),
                    InputCode::BadRecord,
                    "Ange vem intervjun var med: with: ung eller with: personal.".into(),
                    "say who the interview was with: with: young or with: staff".into(),
                ));
            }
        }
    };
    let notes = match map.get("notes") {
        None | Some(Json::Null) => None,
        Some(v) => match scalar_text(v) {
            Some(t) => Some(t),
            None => return Err(reject(format!("{place}.notes"), InputCode::BadRecord, "Anteckningen ska vara en text.".into(), "the note must be a text".into())),
        },
    };
    let mut answers = match map.get("answers") {
        None | Some(Json::Null) => Map::new(),
        Some(Json::Object(a)) => a.clone(),
        Some(_) => {
            return Err(reject(
                format!("{place}.answers"),
                InputCode::BadRecord,
                "answers ska vara en mappning från fråge-id till svar.".into(),
                "answers must be a mapping of question ids to answers".into(),
            ));
        }
    };
    let group = KIND_QUESTION.split('.').next().unwrap_or(KIND_QUESTION);
    if answers.contains_key(KIND_QUESTION) || answers.contains_key(group) {
        return Err(reject(
            format!("{place}.answers.{KIND_QUESTION}"),
            InputCode::BadRecord,
            format!("{KIND_QUESTION} sätts av protokollet (case_files eller interviews med with), inte i answers."),
            format!("{KIND_QUESTION} is set by the record (case_files, or interviews with `with`), not in answers"),
        ));
    }
    answers.insert(KIND_QUESTION.into(), Json::String(kind.choice().into()));
    let mut report = Map::new();
    report.insert("provider".into(), Json::String(record.provider.clone()));
    if let Some(n) = &record.name {
        report.insert("name".into(), Json::String(n.clone()));
    }
    report.insert("service".into(), Json::String(record.service.clone()));
    if let Some(c) = contract {
        report.insert("contract".into(), Json::String(c.into()));
    }
    report.insert("date".into(), Json::String(record.date.clone()));
    report.insert("answers".into(), Json::Object(answers));
    let answers = pack.read_report(&Json::Object(report)).map_err(|e| {
        let mut p = InputProblem::from_report_error(source, &e);
        p.field = Some(match &p.field {
            Some(f) => format!("{place}: {f}"),
            None => place.to_string(),
        });
        p
    })?;
    let unused = answers
        .issues()
        .iter()
        .map(|issue| {
            let mut p = InputProblem::from_issue(source, &record.provider, issue);
            p.field = Some(format!("{place}.answers.{}", issue.field));
            p
        })
        .collect();
    Ok((AuditItem { kind, id, answers, notes, place: place.to_string() }, unused))
}
