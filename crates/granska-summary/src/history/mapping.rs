//! The provider id mapping: which provider id of an earlier year is which provider today
//! (`docs/follow-through.md`). A provider that got a new organisation number, or two
//! providers that merged, keep one history when their old ids are mapped to the new one.
//!
//! The mapping is a table (CSV, or a workbook's sheet, read by the export module's one
//! table-row source) with the columns `old` (`gammalt_id`), `new` (`nytt_id`) and `reason`
//! (`skäl`): one row per old id. Chains are followed (P1 → P2 and P2 → P3 make P1 → P3). A row
//! without an old or new id or a reason, an id mapped to itself, an id mapped to two new ids
//! (a split cannot be followed) or a loop of ids is refused at its row and column; the other
//! rows are used.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::export::{ColumnRef, ExportError, ExportRow, InputCode, InputProblem, TableRows};

/// One old id linked to a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderLink {
    /// The id in the earlier year's reports.
    pub old: String,
    /// The id it is now known by (after chains are followed).
    pub new: String,
    /// Why: a new organisation number, a merger, as the mapping file says.
    pub reason: String,
    /// The mapping file and row the link was read from.
    pub place: String,
}

/// Old provider ids mapped to the ids they are known by now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderMapping {
    links: BTreeMap<String, ProviderLink>,
    /// Rows of the mapping file that were refused, each at its row and column.
    pub problems: Vec<InputProblem>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Old,
    New,
    Reason,
}

fn column_of(title: &str) -> Option<Col> {
    match title.trim().trim_start_matches('\u{feff}').trim().to_lowercase().as_str() {
        "old" | "old_id" | "gammalt_id" | "gammalt" | "från" | "from" => Some(Col::Old),
        "new" | "new_id" | "nytt_id" | "nytt" | "till" | "to" => Some(Col::New),
        "reason" | "skäl" | "orsak" | "anledning" => Some(Col::Reason),
        _ => None,
    }
}

impl ProviderMapping {
    /// An empty mapping: every provider keeps its id.
    pub fn new() -> ProviderMapping {
        ProviderMapping::default()
    }

    /// Links `old` to `new` for `reason`; `place` says where the link was written.
    ///
    /// # Errors
    ///
    /// A message in both languages (Swedish, English) when the link cannot be used: an id
    /// mapped to itself, an old id already mapped to another new id, or a link that closes a
    /// loop.
    pub fn link(&mut self, old: &str, new: &str, reason: &str, place: &str) -> Result<(), (String, String)> {
        let (old, new) = (old.trim(), new.trim());
        if old == new {
            return Err((format!("Id \"{old}\" är kopplat till sig självt."), format!("the id \"{old}\" is mapped to itself")));
        }
        if let Some(first) = self.links.get(old) {
            return Err((
                format!("Id \"{old}\" är redan kopplat till \"{}\" ({}); ett id kan bara få ett nytt id.", first.new, first.place),
                format!("the id \"{old}\" is already mapped to \"{}\" ({}); an id can have only one new id", first.new, first.place),
            ));
        }
        // Follow `new` forward: a loop back to `old` cannot be resolved.
        if self.resolve(new) == old {
            return Err((format!("Kopplingen {old} → {new} ger en slinga av id."), format!("the link {old} → {new} makes a loop of ids")));
        }
        self.links.insert(old.to_string(), ProviderLink { old: old.to_string(), new: new.to_string(), reason: reason.trim().to_string(), place: place.to_string() });
        Ok(())
    }

    /// The id `id` is known by now: its links followed to the end (itself when unmapped).
    pub fn resolve<'a>(&'a self, id: &'a str) -> &'a str {
        let mut at = id;
        // At most one step per link: a loop (refused by `link`) cannot hang.
        for _ in 0..=self.links.len() {
            match self.links.get(at) {
                Some(l) => at = &l.new,
                None => break,
            }
        }
        at
    }

    /// Every link, by old id, with the id now used (chains followed).
    pub fn links(&self) -> Vec<ProviderLink> {
        self.links.values().map(|l| ProviderLink { new: self.resolve(&l.old).to_string(), ..l.clone() }).collect()
    }

    /// Whether no id is mapped.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// Reads a mapping table: a CSV file or a workbook (its first sheet).
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the file cannot be read or lacks a column (`old`, `new`,
    /// `reason`). Bad rows are not errors: they are [`ProviderMapping::problems`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<ProviderMapping, ExportError> {
        ProviderMapping::from_rows(TableRows::from_path(path.as_ref(), None)?)
    }

    /// Reads a mapping table from CSV text; `source` names it in problems.
    ///
    /// # Errors
    ///
    /// As [`ProviderMapping::from_path`].
    pub fn from_reader<R: Read>(input: R, source: &str) -> Result<ProviderMapping, ExportError> {
        ProviderMapping::from_rows(TableRows::csv(input, source)?)
    }

    fn from_rows<R: Read>(mut rows: TableRows<R>) -> Result<ProviderMapping, ExportError> {
        let source = rows.source().to_string();
        let sheet = rows.sheet_name().map(str::to_string);
        let problem = |row: u64, column: Option<ColumnRef>, sv: String, en: String| {
            let mut p = InputProblem::new_file(&source, InputCode::BadRecord, sv, en);
            p.sheet = sheet.clone();
            p.row = Some(row);
            p.field = column.as_ref().map(|c| c.name.clone());
            p.column = column;
            p.rejected = true;
            p
        };
        let mut current = ExportRow::default();
        let header_row = rows.title_row(&mut current)?;
        let titles = current.titles();
        let mut cols: BTreeMap<usize, Col> = BTreeMap::new();
        for (i, t) in titles.iter().enumerate() {
            if let Some(c) = column_of(t) {
                cols.entry(i).or_insert(c);
            }
        }
        let find = |c: Col| cols.iter().find(|&(_, x)| *x == c).map(|(&i, _)| i);
        let mut missing = vec![];
        for (c, name) in [(Col::Old, "old (gammalt_id)"), (Col::New, "new (nytt_id)"), (Col::Reason, "reason (skäl)")] {
            if find(c).is_none() {
                let mut p = problem(header_row, None, format!("Rubrikraden saknar kolumnen {name}."), format!("the header row has no column {name}"));
                p.code = InputCode::MissingColumn.into();
                missing.push(p);
            }
        }
        if !missing.is_empty() {
            return Err(ExportError { problems: missing });
        }
        let (old_col, new_col, reason_col) = (find(Col::Old).unwrap_or(0), find(Col::New).unwrap_or(0), find(Col::Reason).unwrap_or(0));
        let column = |i: usize| ColumnRef { number: i as u32 + 1, name: titles.get(i).cloned().unwrap_or_default() };
        let mut mapping = ProviderMapping::new();
        loop {
            match rows.next_row(&mut current) {
                Ok(true) => {}
                Ok(false) => break,
                Err(p) => {
                    mapping.problems.push(p);
                    break;
                }
            }
            let row = current.row();
            let cell = |i: usize| current.cell(i).and_then(|c| c.field_str().map(|s| s.trim().to_string())).filter(|s| !s.is_empty());
            let mut values = [None, None, None];
            let mut refused = false;
            for (k, (i, sv, en)) in [(old_col, "Det gamla id:t", "old id"), (new_col, "Det nya id:t", "new id"), (reason_col, "Skälet", "reason")].into_iter().enumerate() {
                match cell(i) {
                    Some(v) => values[k] = Some(v),
                    None => {
                        mapping.problems.push(problem(row, Some(column(i)), format!("{sv} saknas; raden används inte."), format!("the {en} is missing; the row is not used")));
                        refused = true;
                        break;
                    }
                }
            }
            if refused {
                continue;
            }
            let [Some(old), Some(new), Some(reason)] = values else { continue };
            let place = match &sheet {
                Some(s) => format!("{source}, blad {s}, rad {row}"),
                None => format!("{source}, rad {row}"),
            };
            if let Err((sv, en)) = mapping.link(&old, &new, &reason, &place) {
                mapping.problems.push(problem(row, Some(column(old_col)), format!("{sv} Raden används inte."), format!("{en}; the row is not used")));
            }
        }
        Ok(mapping)
    }
}
