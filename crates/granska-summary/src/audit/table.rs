//! Reading an audit table: a CSV file with one row per case file or interview, as a team
//! keeps it in a spreadsheet (`docs/audits-and-surveys.md`). Columns: `provider`, `name`, `service`,
//! `contract`, `date` (the report fields), `auditor` (or `granskare`), `kind` (or
//! `underlag`: akt, intervju_ung, intervju_personal), `id` (or `akt`: the auditor's
//! reference), `notes` (or `anteckning`), and one column per checklist question.
//!
//! The CSV dialect is the export reader's (separator sniffed, BOM, Windows-1252); the cells
//! are read into reports by the same [`Header`] as an export's rows. Rows with the same
//! provider, service, date and auditor form one audit. A column titled like a personal
//! identity number or a name refuses the file; a cell shaped like a personnummer rejects its
//! row (located at row and column, the value never shown); the other rows are read.

use std::collections::HashMap;
use std::io::Read;

use granska::{Pack, Raw};

use super::{AuditInput, AuditItem, AuditRecord, ItemKind, KIND_QUESTION, check_pack};
use crate::export::{ColumnRef, ExportError, Header, InputCode, InputProblem, open_csv};
use crate::sensitive::{looks_like_personnummer, personnummer_message, sensitive_title};

/// A column of the audit table that is no question.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Own {
    Kind,
    Id,
    Auditor,
    Notes,
}

fn own_column(title: &str) -> Option<Own> {
    match title.trim().to_lowercase().as_str() {
        "kind" | "underlag" | "typ" | KIND_QUESTION => Some(Own::Kind),
        "id" | "akt" | "referens" | "reference" => Some(Own::Id),
        "auditor" | "granskare" => Some(Own::Auditor),
        "notes" | "note" | "anteckning" | "anteckningar" | "kommentar" => Some(Own::Notes),
        _ => None,
    }
}

fn located(source: &str, row: u64, column: Option<ColumnRef>, code: InputCode, sv: String, en: String) -> InputProblem {
    let mut p = InputProblem::new_file(source, code, sv, en);
    p.row = Some(row);
    p.field = column.as_ref().map(|c| c.name.clone()).filter(|n| !n.is_empty());
    p.column = column;
    p.rejected = true;
    p
}

pub(super) fn read<R: Read>(input: &mut AuditInput, pack: &Pack, reader: R, source: &str) -> Result<(), ExportError> {
    check_pack(pack, source)?;
    let mut csv = open_csv(reader, source)?;
    let mut record = csv::StringRecord::new();
    let header_row = loop {
        match csv.read_record(&mut record) {
            Ok(Some(_)) if record.iter().all(|c| c.trim().is_empty()) => continue,
            Ok(Some(line)) => break line,
            Ok(None) => {
                return Err(ExportError::one(located(
                    source,
                    1,
                    None,
                    InputCode::Empty,
                    "Filen är tom: rubrikraden saknas.".into(),
                    "the file is empty: there is no header row".into(),
                )));
            }
            Err(e) => return Err(ExportError::one(InputProblem::unreadable(source, &e))),
        }
    };
    let titles: Vec<String> = record.iter().map(|t| t.trim().trim_start_matches('\u{feff}').trim().to_string()).collect();
    let column = |i: usize| ColumnRef { number: i as u32 + 1, name: titles[i].clone() };
    let mut fatal = vec![];
    let mut own: HashMap<usize, Own> = HashMap::new();
    for (i, t) in titles.iter().enumerate() {
        if let Some((sv, en)) = sensitive_title(t) {
            fatal.push(located(source, header_row, Some(column(i)), InputCode::SensitiveData, sv, en));
        } else if looks_like_personnummer(t) {
            let (sv, en) = personnummer_message("Rubriken", "the title");
            fatal.push(located(source, header_row, Some(column(i)), InputCode::SensitiveData, format!("{sv} Filen läses inte."), format!("{en}; the file is not read")));
        } else if let Some(o) = own_column(t) {
            if let Some((&first, _)) = own.iter().find(|&(_, x)| *x == o) {
                fatal.push(located(
                    source,
                    header_row,
                    Some(column(i)),
                    InputCode::DuplicateColumn,
                    format!("Kolumnen \"{t}\" har samma innehåll som kolumn {}; filen läses inte.", first + 1),
                    format!("the column \"{t}\" holds the same as column {}; the file is not read", first + 1),
                ));
            }
            own.insert(i, o);
        }
    }
    for (o, sv, en) in [
        (Own::Kind, "kind (akt, intervju_ung eller intervju_personal)", "kind (akt, intervju_ung or intervju_personal)"),
        (Own::Id, "id (granskarens referens till akten eller intervjun)", "id (the auditor's reference to the case file or interview)"),
    ] {
        if !own.values().any(|x| *x == o) {
            fatal.push(located(source, header_row, None, InputCode::MissingColumn, format!("Rubrikraden saknar kolumnen {sv}."), format!("the header row has no column {en}")));
        }
    }
    if !fatal.is_empty() {
        return Err(ExportError { problems: fatal });
    }
    let col_of = |o: Own| own.iter().find(|&(_, x)| *x == o).map(|(&i, _)| i);
    let (kind_col, id_col) = (col_of(Own::Kind).unwrap_or(0), col_of(Own::Id).unwrap_or(0));
    let (auditor_col, notes_col) = (col_of(Own::Auditor), col_of(Own::Notes));
    // The header the export reader reads: the kind column answers KIND_QUESTION, the other
    // own columns are not read as answers.
    let header_titles: Vec<&str> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| match own.get(&i) {
            Some(Own::Kind) => KIND_QUESTION,
            Some(_) => "",
            None => t.as_str(),
        })
        .collect();
    let header = Header::new_at(pack, &header_titles, None, source, header_row)?;
    input.problems.extend(header.problems().iter().cloned());
    let mut index: HashMap<(String, String, String, Option<String>), usize> = HashMap::new();
    let first_record = input.records.len();
    loop {
        let row = match csv.read_record(&mut record) {
            Ok(None) => break,
            Ok(Some(line)) => line,
            Err(e) => {
                let mut p = InputProblem::unreadable(source, &e);
                p.rejected = true;
                input.problems.push(p);
                break;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(i) = record.iter().position(looks_like_personnummer) {
            let name = titles.get(i).cloned().unwrap_or_default();
            let (sv, en) = personnummer_message("Cellen", "the cell");
            input.problems.push(located(
                source,
                row,
                Some(ColumnRef { number: i as u32 + 1, name }),
                InputCode::SensitiveData,
                format!("{sv} Raden läses inte."),
                format!("{en}; the row is not read"),
            ));
            continue;
        }
        let cell = |i: usize| record.get(i).map(str::trim).filter(|t| !t.is_empty());
        let Some(kind) = cell(kind_col).and_then(ItemKind::parse) else {
            let shown = cell(kind_col).unwrap_or("");
            input.problems.push(located(
                source,
                row,
                Some(column(kind_col)),
                InputCode::BadRecord,
                format!("\"{shown}\" är inget underlag; ange akt, intervju_ung eller intervju_personal. Raden läses inte."),
                format!("\"{shown}\" is no kind of item; give akt, intervju_ung or intervju_personal. The row is not read"),
            ));
            continue;
        };
        let Some(id) = cell(id_col).map(str::to_string) else {
            input.problems.push(located(
                source,
                row,
                Some(column(id_col)),
                InputCode::BadRecord,
                "Id saknas (granskarens referens till akten eller intervjun); raden läses inte.".into(),
                "the id (the auditor's reference to the case file or interview) is missing; the row is not read".into(),
            ));
            continue;
        };
        let cells: Vec<Raw<'_>> = record.iter().enumerate().map(|(i, c)| if i == kind_col { Raw::Cell(kind.choice()) } else { Raw::Cell(c) }).collect();
        let answers = match header.read_cells(pack, row, &cells) {
            Ok(a) => a,
            Err(p) => {
                input.problems.push(p);
                continue;
            }
        };
        let place = format!("rad {row}");
        let key = (answers.provider().to_string(), answers.service().to_string(), answers.date(), auditor_col.and_then(cell).map(str::to_string));
        let at = *index.entry(key.clone()).or_insert_with(|| {
            input.records.push(AuditRecord {
                file: source.to_string(),
                provider: key.0.clone(),
                name: answers.name().map(str::to_string),
                service: key.1.clone(),
                date: key.2.clone(),
                auditor: key.3.clone(),
                items: vec![],
            });
            input.records.len() - 1
        });
        let audit = &mut input.records[at];
        if let Some(first) = audit.items.iter().find(|x| x.id == id && x.kind == kind) {
            let msg = (
                format!("Id \"{id}\" finns redan på {} i samma granskning; raden läses inte.", first.place),
                format!("the id \"{id}\" is already on {} of the same audit; the row is not read", first.place.replace("rad", "row")),
            );
            input.problems.push(located(source, row, Some(column(id_col)), InputCode::BadRecord, msg.0, msg.1));
            continue;
        }
        input.problems.extend(answers.issues().iter().map(|i| header.locate(row, answers.provider(), i)));
        let notes = notes_col.and_then(cell).map(str::to_string);
        audit.items.push(AuditItem { kind, id, answers, notes, place });
    }
    debug_assert!(input.records.len() >= first_record);
    Ok(())
}
