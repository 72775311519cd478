//! Reading an audit table: one row per case file or interview, as a team keeps it in a
//! spreadsheet, saved as a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`: one sheet,
//! the first unless one is named) or as CSV (`docs/audits-and-surveys.md`). Columns: `provider`, `name`, `service`,
//! `contract`, `date` (the report fields), `auditor` (or `granskare`), `kind` (or
//! `underlag`: akt, intervju_ung, intervju_personal), `id` (or `akt`: the auditor's
//! reference), `notes` (or `anteckning`), and one column per checklist question.
//!
//! The rows come from the export module's one table-row source ([`TableRows`]: the CSV
//! dialect of exports — separator sniffed, BOM, Windows-1252 — or a workbook's sheet with
//! its cell types kept), and the cells are read into reports by the same [`Header`] as an
//! export's rows; problems are located at sheet, row and column as the spreadsheet shows them. Rows with the same
//! provider, service, date and auditor form one audit. A column titled like a personal
//! identity number or a name refuses the file; a cell shaped like a personnummer (a text, or
//! a workbook's number cell: [`cell_looks_like_personnummer`]) rejects its row (located at
//! row and column, the value never shown); the other rows are read.

use std::collections::HashMap;
use std::io::Read;

use granska::{Pack, Raw};

use super::{AuditInput, AuditItem, AuditRecord, ItemKind, KIND_QUESTION};
use crate::export::{ColumnRef, ExportError, ExportRow, Header, InputCode, InputProblem, ProblemCode, TableRows};
use crate::sensitive::{cell_looks_like_personnummer, personnummer_message, sensitive_title};

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

/// Where the table's problems are: its file and, for a workbook, its sheet.
struct Place {
    source: String,
    sheet: Option<String>,
}

impl Place {
    /// A rejected problem at `row` (and `column`).
    fn problem(&self, row: u64, column: Option<ColumnRef>, code: InputCode, sv: String, en: String) -> InputProblem {
        let mut p = InputProblem::new_file(&self.source, code, sv, en);
        p.sheet = self.sheet.clone();
        p.row = Some(row);
        p.field = column.as_ref().map(|c| c.name.clone()).filter(|n| !n.is_empty());
        p.column = column;
        p.rejected = true;
        p
    }
}

/// A cell's text (a text as written, a number as its digits), trimmed; `None` when empty.
fn text(row: &ExportRow, i: usize) -> Option<String> {
    let cell = row.cell(i)?;
    let t = cell.field_str()?;
    Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Reads the audit table of `rows` into `input` (the pack checked to be a checklist first).
pub(super) fn read<R: Read>(input: &mut AuditInput, pack: &Pack, mut rows: TableRows<R>) -> Result<(), ExportError> {
    let source = rows.source().to_string();
    let place = Place { source: source.clone(), sheet: rows.sheet_name().map(str::to_string) };
    let mut current = ExportRow::default();
    let header_row = rows.title_row(&mut current).map_err(|mut e| {
        // An empty table is refused as a whole and counted, like a record without provider.
        for p in e.problems.iter_mut().filter(|p| p.code == ProblemCode::from(InputCode::Empty)) {
            p.row = Some(1);
            p.rejected = true;
        }
        e
    })?;
    let titles: Vec<String> = current.titles().iter().map(|t| t.trim().trim_start_matches('\u{feff}').trim().to_string()).collect();
    let column = |i: usize| ColumnRef { number: i as u32 + 1, name: titles[i].clone() };
    let mut fatal = vec![];
    let mut own: HashMap<usize, Own> = HashMap::new();
    for (i, t) in titles.iter().enumerate() {
        if let Some((sv, en)) = sensitive_title(t) {
            fatal.push(place.problem(header_row, Some(column(i)), InputCode::SensitiveData, sv, en));
        } else if current.cell(i).is_some_and(|c| cell_looks_like_personnummer(&c)) {
            let (sv, en) = personnummer_message("Rubriken", "the title");
            fatal.push(place.problem(header_row, Some(column(i)), InputCode::SensitiveData, format!("{sv} Filen läses inte."), format!("{en}; the file is not read")));
        } else if let Some(o) = own_column(t) {
            if let Some((&first, _)) = own.iter().find(|&(_, x)| *x == o) {
                fatal.push(place.problem(
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
            fatal.push(place.problem(header_row, None, InputCode::MissingColumn, format!("Rubrikraden saknar kolumnen {sv}."), format!("the header row has no column {en}")));
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
    let mut header = Header::new_at(pack, &header_titles, None, &source, header_row).map_err(|e| rows.on_sheet(e))?;
    if let Some(name) = rows.sheet_name() {
        header = header.on_sheet(name);
    }
    input.problems.extend(header.problems().iter().cloned());
    let mut index: HashMap<(String, String, String, Option<String>), usize> = HashMap::new();
    loop {
        match rows.next_row(&mut current) {
            Ok(true) => {}
            Ok(false) => break,
            Err(p) => {
                input.problems.push(p);
                break;
            }
        }
        let row = current.row();
        if let Some(i) = (0..current.len()).find(|&i| current.cell(i).is_some_and(|c| cell_looks_like_personnummer(&c))) {
            let name = titles.get(i).cloned().unwrap_or_default();
            let (sv, en) = personnummer_message("Cellen", "the cell");
            input.problems.push(place.problem(
                row,
                Some(ColumnRef { number: i as u32 + 1, name }),
                InputCode::SensitiveData,
                format!("{sv} Raden läses inte."),
                format!("{en}; the row is not read"),
            ));
            continue;
        }
        let Some(kind) = text(&current, kind_col).as_deref().and_then(ItemKind::parse) else {
            let shown = current.cell(kind_col).map(|c| c.shown()).unwrap_or_default();
            let shown = shown.trim();
            input.problems.push(place.problem(
                row,
                Some(column(kind_col)),
                InputCode::BadRecord,
                format!("\"{shown}\" är inget underlag; ange akt, intervju_ung eller intervju_personal. Raden läses inte."),
                format!("\"{shown}\" is no kind of item; give akt, intervju_ung or intervju_personal. The row is not read"),
            ));
            continue;
        };
        let Some(id) = text(&current, id_col) else {
            input.problems.push(place.problem(
                row,
                Some(column(id_col)),
                InputCode::BadRecord,
                "Id saknas (granskarens referens till akten eller intervjun); raden läses inte.".into(),
                "the id (the auditor's reference to the case file or interview) is missing; the row is not read".into(),
            ));
            continue;
        };
        let cells: Vec<Raw<'_>> = (0..current.len()).map(|i| if i == kind_col { Raw::Cell(kind.choice()) } else { current.cell(i).unwrap_or(Raw::Empty) }).collect();
        let answers = match header.read_cells(pack, row, &cells) {
            Ok(a) => a,
            Err(p) => {
                input.problems.push(p);
                continue;
            }
        };
        let place_of_item = match rows.sheet_name() {
            Some(sheet) => format!("blad {sheet}, rad {row}"),
            None => format!("rad {row}"),
        };
        let key = (answers.provider().to_string(), answers.service().to_string(), answers.date(), auditor_col.and_then(|c| text(&current, c)));
        let at = *index.entry(key.clone()).or_insert_with(|| {
            input.records.push(AuditRecord {
                file: source.clone(),
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
                format!("the id \"{id}\" is already on {} of the same audit; the row is not read", first.place.replace("blad", "sheet").replace("rad", "row")),
            );
            input.problems.push(place.problem(row, Some(column(id_col)), InputCode::BadRecord, msg.0, msg.1));
            continue;
        }
        input.problems.extend(answers.issues().iter().map(|i| header.locate(row, answers.provider(), i)));
        let notes = notes_col.and_then(|c| text(&current, c));
        audit.items.push(AuditItem { kind, id, answers, notes, place: place_of_item });
    }
    Ok(())
}
