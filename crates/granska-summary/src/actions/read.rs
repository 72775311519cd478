//! Reading action records (`docs/follow-through.md`): from a table (CSV, or a workbook's
//! sheet, through the export module's one table-row source: rows and columns as the
//! spreadsheet shows them) or from YAML or JSON (a list of records, or a mapping with
//! `actions:`; values read as written). Columns and keys: `provider` (`utförare`), `service`
//! (`tjänst`), `requirement` (`krav`), `finding` (`iakttagelse`), `action` (`åtgärd`), `owner`
//! (`ansvarig`), `due` (`klart_senast`), `status`, `closed` (`avslutad`).
//!
//! Every problem of a record is reported at its place, and the record is not used: a missing
//! field, a date that is no `YYYY-MM-DD` date, a status that is neither open nor closed, a
//! closed action without the date closed (or an open one with it), a value shaped like a
//! personnummer. The other records are read.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value as Json;

use super::{ActionRecord, ActionStatus, Locator};
use crate::export::{ColumnRef, ExportRow, InputCode, InputProblem, TableRows, has_workbook_extension};
use crate::sensitive::{looks_like_personnummer, personnummer_message};

/// The largest YAML or JSON action file read, in bytes (a larger one is a `too-large` problem).
pub const MAX_ACTION_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The fields of a record, with the column titles and keys each may be written as.
const FIELDS: &[(&str, &[&str])] = &[
    ("provider", &["provider", "utförare", "utforare", "leverantör"]),
    ("service", &["service", "tjänst", "tjanst", "verksamhetstyp"]),
    ("requirement", &["requirement", "krav"]),
    ("finding", &["finding", "iakttagelse", "brist"]),
    ("action", &["action", "åtgärd", "atgard"]),
    ("owner", &["owner", "ansvarig"]),
    ("due", &["due", "klart_senast", "senast", "deadline"]),
    ("status", &["status"]),
    ("closed", &["closed", "avslutad", "datum_avslutad"]),
];

fn field_of(title: &str) -> Option<&'static str> {
    let t = title.trim().trim_start_matches('\u{feff}').trim().to_lowercase();
    FIELDS.iter().find(|(_, names)| names.contains(&t.as_str())).map(|(f, _)| *f)
}

/// Action records read from files, and every record that could not be read.
#[derive(Clone, Debug, Default)]
pub struct ActionInput {
    /// The records read, in file order.
    pub records: Vec<ActionRecord>,
    /// The records, rows and files that could not be read, each located.
    pub problems: Vec<InputProblem>,
}

impl ActionInput {
    /// No records yet.
    pub fn new() -> ActionInput {
        ActionInput::default()
    }

    /// Reads an action file: YAML or JSON (`.yaml`, `.yml`, `.json`), otherwise a table (CSV
    /// or a workbook, by its first bytes or its name; its first sheet unless `sheet` names one).
    /// What cannot be read is a problem; the rest is read.
    pub fn read_path(&mut self, path: &Path, sheet: Option<&str>) {
        let source = path.display().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if matches!(ext.as_str(), "yaml" | "yml" | "json") && !has_workbook_extension(path) {
            if let Ok(meta) = std::fs::metadata(path)
                && meta.len() > MAX_ACTION_FILE_BYTES
            {
                let mib = MAX_ACTION_FILE_BYTES >> 20;
                self.problems.push(InputProblem {
                    rejected: true,
                    ..InputProblem::new_file(
                        &source,
                        InputCode::TooLarge,
                        format!("Filen är större än {mib} MiB och läses inte."),
                        format!("the file is larger than {mib} MiB and is not read"),
                    )
                });
                return;
            }
            match std::fs::read_to_string(path) {
                Ok(text) => self.read_yaml(&text, &source),
                Err(e) => self.problems.push(InputProblem { rejected: true, ..InputProblem::unreadable(&source, &e) }),
            }
            return;
        }
        match TableRows::from_path(path, sheet) {
            Ok(rows) => self.read_table(rows),
            Err(e) => self.problems.extend(e.problems),
        }
    }

    /// Reads a CSV table of actions; `source` names it in problems.
    pub fn read_csv<R: Read>(&mut self, input: R, source: &str) {
        match TableRows::csv(input, source) {
            Ok(rows) => self.read_table(rows),
            Err(e) => self.problems.extend(e.problems),
        }
    }

    fn read_table<R: Read>(&mut self, mut rows: TableRows<R>) {
        let source = rows.source().to_string();
        let sheet = rows.sheet_name().map(str::to_string);
        let mut current = ExportRow::default();
        let header_row = match rows.title_row(&mut current) {
            Ok(r) => r,
            Err(e) => {
                self.problems.extend(e.problems);
                return;
            }
        };
        let titles = current.titles();
        let mut columns: Vec<(&'static str, ColumnRef)> = vec![];
        let mut at: Vec<(usize, &'static str)> = vec![];
        let header = Locator { file: source.clone(), sheet: sheet.clone(), row: Some(header_row), path: None, columns: vec![], places: None };
        for (i, t) in titles.iter().enumerate() {
            let column = ColumnRef { number: i as u32 + 1, name: t.trim().to_string() };
            match field_of(t) {
                Some(f) if at.iter().any(|(_, g)| *g == f) => {
                    let mut p = header.problem(
                        "",
                        None,
                        InputCode::DuplicateColumn,
                        format!("Kolumnen \"{}\" förekommer två gånger; den senare läses inte.", column.name),
                        format!("the column \"{}\" is given twice; the later one is not read", column.name),
                    );
                    p.column = Some(column);
                    p.rejected = false;
                    self.problems.push(p);
                }
                Some(f) => {
                    at.push((i, f));
                    columns.push((f, column));
                }
                None if t.trim().is_empty() => {}
                None => {
                    let mut p = header.problem(
                        "",
                        None,
                        InputCode::UnknownColumn,
                        format!("Kolumnen \"{}\" är inget fält i en åtgärdsplan och läses inte.", column.name),
                        format!("the column \"{}\" is no field of an action plan and is not read", column.name),
                    );
                    p.column = Some(column);
                    p.rejected = false;
                    self.problems.push(p);
                }
            }
        }
        let missing: Vec<&str> = ["provider", "action", "owner", "due", "status"].into_iter().filter(|f| !at.iter().any(|(_, g)| g == f)).collect();
        if !missing.is_empty() || !at.iter().any(|(_, g)| matches!(*g, "requirement" | "finding")) {
            let mut names: Vec<String> = missing.iter().map(|s| (*s).to_string()).collect();
            if !at.iter().any(|(_, g)| matches!(*g, "requirement" | "finding")) {
                names.push("requirement (krav) / finding (iakttagelse)".into());
            }
            self.problems.push(header.problem(
                "",
                None,
                InputCode::MissingColumn,
                format!("Rubrikraden saknar kolumnen {}; filen läses inte.", names.join(", ")),
                format!("the header row has no column {}; the file is not read", names.join(", ")),
            ));
            return;
        }
        let columns = Arc::new(columns);
        loop {
            match rows.next_row(&mut current) {
                Ok(true) => {}
                Ok(false) => break,
                Err(p) => {
                    self.problems.push(p);
                    break;
                }
            }
            let row = current.row();
            let loc = Arc::new(Locator { file: source.clone(), sheet: sheet.clone(), row: Some(row), path: None, columns: columns.to_vec(), places: None });
            let get = |field: &str| -> Option<String> {
                let (i, _) = at.iter().find(|(_, f)| *f == field)?;
                let cell = current.cell(*i)?;
                cell.field_str().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
            };
            let place = match &sheet {
                Some(s) => format!("{source}, blad {s}, rad {row}"),
                None => format!("{source}, rad {row}"),
            };
            self.record(get, loc, place);
        }
    }

    /// Reads action records from YAML or JSON text: a list of records, or a mapping whose
    /// `actions` is one; `source` names it in problems.
    pub fn read_yaml(&mut self, text: &str, source: &str) {
        let mut whole = Locator { file: source.to_string(), ..Locator::default() };
        let (root, places) = match granska::yaml_as_written_with_places(text) {
            Ok((j, places)) => (j, Arc::new(places)),
            Err((line, column, message)) => {
                let mut p = whole.problem(
                    "",
                    None,
                    InputCode::BadRecord,
                    format!("Ogiltig YAML på rad {line}, kolumn {column}: {message}; filen läses inte."),
                    format!("invalid YAML at line {line}, column {column}: {message}; the file is not read"),
                );
                p.row = Some(line as u64);
                self.problems.push(p);
                return;
            }
        };
        whole.places = Some(Arc::clone(&places));
        let (list, prefix) = match root {
            Json::Array(items) => (items, String::new()),
            Json::Object(mut map) if map.len() == 1 && map.contains_key("actions") => match map.remove("actions") {
                Some(Json::Array(items)) => (items, "actions".to_string()),
                _ => {
                    self.problems.push(whole.problem(
                        "actions",
                        None,
                        InputCode::BadRecord,
                        "actions ska vara en lista av åtgärder; filen läses inte.".into(),
                        "actions must be a list of actions; the file is not read".into(),
                    ));
                    return;
                }
            },
            _ => {
                self.problems.push(whole.problem(
                    "",
                    None,
                    InputCode::BadRecord,
                    "En åtgärdsfil ska vara en lista av åtgärder, eller en mappning med listan actions; filen läses inte.".into(),
                    "an action file must be a list of actions, or a mapping with the list actions; the file is not read".into(),
                ));
                return;
            }
        };
        for (i, item) in list.iter().enumerate() {
            let path = format!("{prefix}[{i}]");
            let loc = Arc::new(Locator { file: source.to_string(), path: Some(path.clone()), places: Some(Arc::clone(&places)), ..Locator::default() });
            let Json::Object(map) = item else {
                self.problems.push(loc.problem("", None, InputCode::BadRecord, "En åtgärd ska vara en mappning av fält.".into(), "an action must be a mapping of fields".into()));
                continue;
            };
            let mut unknown = false;
            let mut fields: Vec<(&'static str, &str, &Json)> = vec![];
            for (key, value) in map {
                if let Some(f) = field_of(key) {
                    if let Some((_, first, _)) = fields.iter().find(|(g, _, _)| *g == f) {
                        // Located at the name that is not the field's id, whichever came first.
                        let at = if key.as_str() == f { first } else { key.as_str() };
                        self.problems.push(loc.problem(
                            at,
                            None,
                            InputCode::BadRecord,
                            format!("Fältet {f} anges två gånger (\"{first}\" och \"{key}\"); åtgärden läses inte."),
                            format!("the field {f} is given twice (\"{first}\" and \"{key}\"); the action is not read"),
                        ));
                        unknown = true;
                    }
                    fields.push((f, key, value));
                } else {
                    let hint = granska::did_you_mean(key, FIELDS.iter().flat_map(|(_, names)| names.iter().copied()))
                        .map(|h| (format!(" Menade du \"{h}\"?"), format!("; did you mean \"{h}\"?")))
                        .unwrap_or_default();
                    self.problems.push(loc.problem(
                        key,
                        None,
                        InputCode::BadRecord,
                        format!("Okänt fält \"{key}\".{} Åtgärden läses inte.", hint.0),
                        format!("unknown field \"{key}\"{}; the action is not read", hint.1),
                    ));
                    unknown = true;
                }
            }
            if unknown {
                continue;
            }
            for (_, key, value) in &fields {
                if matches!(value, Json::Array(_) | Json::Object(_)) {
                    self.problems.push(loc.problem(
                        key,
                        None,
                        InputCode::BadRecord,
                        format!("Fältet {key} ska vara en text, inte en lista eller mappning; åtgärden läses inte."),
                        format!("the field {key} must be a text, not a list or mapping; the action is not read"),
                    ));
                    unknown = true;
                }
            }
            if unknown {
                continue;
            }
            let get = |field: &str| -> Option<String> {
                match fields.iter().find(|(f, _, _)| *f == field)?.2 {
                    Json::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                    Json::Number(n) => Some(n.to_string()),
                    Json::Bool(b) => Some(b.to_string()),
                    _ => None,
                }
            };
            self.record(get, loc, format!("{source} {path}"));
        }
    }

    /// Checks one record's fields and adds it, or its problems.
    fn record(&mut self, get: impl Fn(&str) -> Option<String>, loc: Arc<Locator>, place: String) {
        let provider = get("provider");
        let mut problems = vec![];
        for (field, _) in FIELDS {
            if let Some(v) = get(field)
                && looks_like_personnummer(&v)
            {
                let (sv, en) = personnummer_message("Värdet", "the value");
                problems.push(loc.problem(field, None, InputCode::SensitiveData, format!("{sv} Åtgärden läses inte."), format!("{en}; the action is not read")));
            }
        }
        if !problems.is_empty() {
            self.problems.extend(problems);
            return;
        }
        let p = provider.as_deref();
        let mut need = |field: &str, sv: &str, en: &str| {
            let v = get(field);
            if v.is_none() {
                problems.push(loc.problem(field, p, InputCode::BadRecord, format!("{sv} saknas; åtgärden läses inte."), format!("the {en} is missing; the action is not read")));
            }
            v
        };
        let provider = need("provider", "Utföraren (provider)", "provider");
        let action = need("action", "Åtgärden (action)", "action (what will be done)");
        let owner = need("owner", "Den ansvarige (owner)", "owner");
        let due = need("due", "Datum för när åtgärden ska vara klar (due)", "due date");
        let status_text = need("status", "Status", "status");
        let (requirement, finding) = (get("requirement"), get("finding"));
        if requirement.is_none() && finding.is_none() {
            problems.push(loc.problem(
                "requirement",
                p,
                InputCode::BadRecord,
                "Åtgärden anger varken krav (requirement) eller iakttagelse (finding); åtgärden läses inte.".into(),
                "the action names neither a requirement nor an audit finding; the action is not read".into(),
            ));
        }
        let mut date = |field: &str, value: Option<String>| -> Option<String> {
            let v = value?;
            if granska::parse_date(&v).is_some() {
                return Some(v);
            }
            problems.push(loc.problem(
                field,
                p,
                granska::IssueCode::BadDate,
                format!("\"{v}\" är inget datum på formen ÅÅÅÅ-MM-DD (till exempel 2018-06-30); åtgärden läses inte."),
                format!("\"{v}\" is no date of the form YYYY-MM-DD (for example 2018-06-30); the action is not read"),
            ));
            None
        };
        let due = date("due", due);
        let closed = date("closed", get("closed"));
        let status = status_text.as_deref().and_then(|s| {
            let parsed = ActionStatus::parse(s);
            if parsed.is_none() {
                problems.push(loc.problem(
                    "status",
                    p,
                    InputCode::BadRecord,
                    format!("\"{s}\" är ingen status; ange open (öppen) eller closed (avslutad). Åtgärden läses inte."),
                    format!("\"{s}\" is no status; give open or closed. The action is not read"),
                ));
            }
            parsed
        });
        match (status, &closed, get("closed").is_some()) {
            (Some(ActionStatus::Closed), None, false) => problems.push(loc.problem(
                "closed",
                p,
                InputCode::BadRecord,
                "En avslutad åtgärd ska ha datum för när den avslutades (closed); åtgärden läses inte.".into(),
                "a closed action must give the date it was closed (closed); the action is not read".into(),
            )),
            (Some(ActionStatus::Open), _, true) => problems.push(loc.problem(
                "closed",
                p,
                InputCode::BadRecord,
                "Åtgärden är öppen men har ett datum för när den avslutades; ange status closed eller ta bort datumet. Åtgärden läses inte.".into(),
                "the action is open but gives a date closed; give the status closed or remove the date. The action is not read".into(),
            )),
            _ => {}
        }
        let (Some(provider), Some(action), Some(owner), Some(due), Some(status), true) = (provider, action, owner, due, status, problems.is_empty()) else {
            self.problems.extend(problems);
            return;
        };
        self.records.push(ActionRecord { provider, service: get("service"), requirement, finding, action, owner, due, status, closed, place, loc });
    }
}
