//! An export's header: the [`Mapping`] from a survey tool's column titles to question ids,
//! what each column holds, the problems found in the header, and reading a row's cells into
//! a report.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;

use granska::nfc::nfc;
use granska::{AnswerIssue, Answers, IssueCode, Lang, Pack, Raw, ReportError, ReportMeta, Text, did_you_mean};

use super::decode::{is_blank, is_blank_cell, open_csv};
use super::{ColumnRef, ExportError, InputCode, InputProblem, ProblemCode, REPORT_FIELDS, RowError, column_letter};

// Mapping from a survey tool's column titles to question ids.

/// Translates a survey tool's column titles into question ids or report fields: a CSV file
/// `column,question`, one line per column. An empty `question` (or `-`) ignores the column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    entries: HashMap<String, String>,
    lower: HashMap<String, String>,
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// Adds one translation; `question` empty or `-` ignores the column.
    pub fn insert(&mut self, column: &str, question: &str) {
        let column = nfc(column.trim()).into_owned();
        let question = nfc(question.trim()).into_owned();
        self.lower.insert(column.to_lowercase(), question.clone());
        self.entries.insert(column, question);
    }

    /// Reads a mapping CSV (`column,question`; the header line is optional).
    ///
    /// # Errors
    ///
    /// An [`ExportError`] listing every bad line (too few cells, an empty title or id, a
    /// title mapped twice), or the file's encoding or CSV problem.
    pub fn from_reader<R: Read>(input: R, source: &str) -> Result<Mapping, ExportError> {
        let mut csv = open_csv(input, source)?;
        let mut mapping = Mapping::new();
        let mut problems = vec![];
        let mut record = csv::StringRecord::new();
        let mut first = true;
        loop {
            let row = match csv.read_record(&mut record) {
                Ok(None) => break,
                Ok(Some(line)) => line,
                Err(e) => {
                    problems.push(InputProblem::unreadable(source, &e));
                    break;
                }
            };
            if is_blank(&record) {
                continue;
            }
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            if first {
                first = false;
                if cells.first().is_some_and(|c| c.eq_ignore_ascii_case("column") || c.eq_ignore_ascii_case("kolumn")) {
                    continue;
                }
            }
            let extra_empty = cells.iter().skip(2).all(|c| c.is_empty());
            if cells.len() < 2 || !extra_empty || cells[0].is_empty() {
                let mut p = InputProblem::new(
                    source,
                    if cells.len() < 2 || cells[0].is_empty() { InputCode::TooFewCells } else { InputCode::TooManyCells },
                    format!("Raden ska ha två celler, kolumnrubrik och fråge-id; den har {}.", cells.len()),
                    format!("the line must have two cells, a column title and a question id; it has {}", cells.len()),
                );
                p.row = Some(row);
                problems.push(p);
                continue;
            }
            mapping.insert(cells[0], cells[1]);
        }
        if problems.is_empty() { Ok(mapping) } else { Err(ExportError { problems }) }
    }

    /// Reads a mapping CSV file.
    ///
    /// # Errors
    ///
    /// As [`Mapping::from_reader`]; also when the file cannot be read.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Mapping, ExportError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| ExportError::io(&source, &e))?;
        Mapping::from_reader(io::BufReader::new(file), &source)
    }

    /// The question id or report field a column title maps to: by exact title, then ignoring case.
    pub fn get(&self, column: &str) -> Option<&str> {
        let column = &*nfc(column.trim());
        self.entries.get(column).or_else(|| self.lower.get(&column.to_lowercase())).map(String::as_str)
    }

    /// Whether the mapping maps no column.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

// ---------------------------------------------------------------------------------------
// The header.

/// What a column of an export holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnTarget {
    /// A report field: `provider`, `name`, `service`, `contract` or `date`.
    Field(&'static str),
    /// The answers to a question.
    Question(String),
    /// Nothing: the column is ignored (unknown, duplicate, or mapped away).
    Ignored,
}

/// One column of an export's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column's number, 1-based (`A` = 1).
    pub number: u32,
    /// The title as written in the header.
    pub title: String,
    /// What it holds.
    pub target: ColumnTarget,
}

/// An export's header: what each column holds, and the problems found in it.
#[derive(Clone, Debug)]
pub struct Header {
    source: String,
    /// The workbook sheet the export is on.
    sheet: Option<String>,
    columns: Vec<Column>,
    fields: [Option<usize>; 5],
    problems: Vec<InputProblem>,
    by_question: HashMap<String, usize>,
}

impl Header {
    /// Reads the header's titles against the pack's questions (after the mapping).
    /// Fails only when the provider, service or date column is missing.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the provider, service or date column is missing (each named).
    pub fn new(pack: &Pack, titles: &[&str], mapping: Option<&Mapping>, source: &str) -> Result<Header, ExportError> {
        Header::new_at(pack, titles, mapping, source, 1)
    }

    /// [`Header::new`] for a header on row `row` (2 after Excel's `sep=` line; a workbook's
    /// header may be further down).
    ///
    /// # Errors
    ///
    /// As [`Header::new`].
    pub fn new_at(pack: &Pack, titles: &[&str], mapping: Option<&Mapping>, source: &str, row: u64) -> Result<Header, ExportError> {
        let mut columns = Vec::with_capacity(titles.len());
        let mut fields: [Option<usize>; 5] = [None; 5];
        let mut problems = vec![];
        let mut by_question: HashMap<String, usize> = HashMap::new();
        let question_ids: Vec<&str> = pack.questions().iter().map(|q| q.id.as_str()).collect();
        for (i, raw_title) in titles.iter().enumerate() {
            let number = (i + 1) as u32;
            // In NFC: a title saved on macOS (decomposed `å`) matches its question and mapping.
            let title = nfc(raw_title.trim().trim_start_matches('\u{feff}').trim()).into_owned();
            let mapped = mapping.and_then(|m| m.get(&title)).map(str::to_string);
            let id = mapped.clone().unwrap_or_else(|| title.clone());
            let column_ref = ColumnRef { number, name: title.clone() };
            let mut problem = |code: ProblemCode, sv: String, en: String| {
                let mut p = InputProblem::new(source, code, sv, en);
                p.row = Some(row);
                p.column = Some(column_ref.clone());
                p.field = Some(id.clone()).filter(|f| !f.is_empty());
                problems.push(p);
            };
            let target = if matches!(mapped.as_deref(), Some("" | "-")) {
                ColumnTarget::Ignored
            } else if id.is_empty() {
                // An unnamed column (e.g. after a trailing separator): nothing to read.
                ColumnTarget::Ignored
            } else if let Some(f) = REPORT_FIELDS.iter().position(|f| f.eq_ignore_ascii_case(&id)) {
                if let Some(first) = fields[f] {
                    problem(
                        InputCode::DuplicateColumn.into(),
                        format!("Kolumnen \"{}\" finns redan som kolumn {} ({}); den här kolumnen läses inte.", REPORT_FIELDS[f], first + 1, column_letter(first as u32 + 1)),
                        format!("the column \"{}\" already is column {} ({}); this column is not read", REPORT_FIELDS[f], first + 1, column_letter(first as u32 + 1)),
                    );
                    ColumnTarget::Ignored
                } else {
                    fields[f] = Some(i);
                    ColumnTarget::Field(REPORT_FIELDS[f])
                }
            } else if pack.question(&id).is_some() {
                if let Some(&first) = by_question.get(&id) {
                    problem(
                        InputCode::DuplicateColumn.into(),
                        format!("Frågan \"{id}\" finns redan som kolumn {} ({}); den här kolumnen läses inte.", first + 1, column_letter(first as u32 + 1)),
                        format!("the question \"{id}\" already is column {} ({}); this column is not read", first + 1, column_letter(first as u32 + 1)),
                    );
                    ColumnTarget::Ignored
                } else {
                    by_question.insert(id.clone(), i);
                    ColumnTarget::Question(id.clone())
                }
            } else {
                let hint = did_you_mean(&id, question_ids.iter().copied().chain(REPORT_FIELDS));
                let via = match &mapped {
                    Some(_) => (format!(" (enligt mappningen av \"{title}\")"), format!(" (as mapped from \"{title}\")")),
                    None => (String::new(), String::new()),
                };
                let (sv, en) = match hint {
                    Some(h) => (
                        format!("Okänd fråga \"{id}\"{}; menade du \"{h}\"? Kolumnen läses inte.", via.0),
                        format!("unknown question \"{id}\"{}; did you mean \"{h}\"? The column is not read", via.1),
                    ),
                    None => (format!("Okänd fråga \"{id}\"{}; kolumnen läses inte.", via.0), format!("unknown question \"{id}\"{}; the column is not read", via.1)),
                };
                problem(InputCode::UnknownColumn.into(), sv, en);
                ColumnTarget::Ignored
            };
            columns.push(Column { number, title, target });
        }
        let missing: Vec<&str> = [0usize, 2, 4].iter().filter(|&&f| fields[f].is_none()).map(|&f| REPORT_FIELDS[f]).collect();
        if !missing.is_empty() {
            let list = missing.join(", ");
            let mut p = InputProblem::new(
                source,
                InputCode::MissingColumn,
                format!("Rubrikraden saknar kolumnerna {list}; varje rad behöver provider, service och date."),
                format!("the header row has no column {list}; every row needs provider, service and date"),
            );
            p.row = Some(row);
            let mut all = vec![p];
            all.extend(problems);
            return Err(ExportError { problems: all });
        }
        Ok(Header { source: source.to_string(), sheet: None, columns, fields, problems, by_question })
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Problems with the header: each such column is ignored.
    pub fn problems(&self) -> &[InputProblem] {
        &self.problems
    }

    /// The input's name, as given.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The workbook sheet the export was read from, if it was a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The header of an export on a workbook's sheet: its problems are located on the sheet.
    pub fn on_sheet(mut self, sheet: &str) -> Header {
        self.sheet = Some(sheet.to_string());
        for p in &mut self.problems {
            p.sheet = Some(sheet.to_string());
        }
        self
    }

    /// The column a question id or report field (as in an [`AnswerIssue`]'s `field`,
    /// e.g. `personal.nyanstallda[0].registerutdrag`) was read from.
    pub fn column_of(&self, field: &str) -> Option<ColumnRef> {
        let id = field.split('[').next().unwrap_or(field);
        let index = match REPORT_FIELDS.iter().position(|f| *f == id) {
            Some(f) => self.fields[f],
            None => self.by_question.get(id).copied(),
        }?;
        self.columns.get(index).map(|c| ColumnRef { number: c.number, name: c.title.clone() })
    }

    /// The located problem for an answer issue of the report read from `row`.
    pub fn locate(&self, row: u64, provider: &str, issue: &AnswerIssue) -> InputProblem {
        InputProblem {
            file: self.source.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            column: self.column_of(&issue.field),
            field: Some(issue.field.clone()).filter(|f| !f.is_empty()),
            provider: Some(provider.to_string()),
            code: issue.code.into(),
            message: issue.message.clone(),
            rejected: false,
        }
    }

    /// Reads one row of typed cells (a CSV row's texts, a workbook row's cells, a row of an
    /// Arrow batch) into a report: the one reader of export rows, whatever their source.
    /// `row` is the row number problems are located at; `cells` are in column order.
    ///
    /// # Errors
    ///
    /// A [`RowError`] (rejected) when the row has too few or too many cells, or no provider,
    /// service or readable date. A bad answer is not an error: it is an issue of the report.
    pub fn read_cells(&self, pack: &Pack, row: u64, cells: &[Raw<'_>]) -> Result<Answers, RowError> {
        self.read_with(pack, row, cells.len(), |i| cells.get(i).copied())
    }

    /// [`Header::read_cells`] over `count` cells given by `cell` (no cells gathered first).
    pub(super) fn read_with<'c>(&self, pack: &Pack, row: u64, count: usize, cell: impl Fn(usize) -> Option<Raw<'c>>) -> Result<Answers, RowError> {
        let located = |column: Option<ColumnRef>, provider: Option<String>, code: ProblemCode, sv: String, en: String| InputProblem {
            file: self.source.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            field: column.as_ref().map(|c| c.name.clone()).filter(|n| !n.is_empty()),
            column,
            provider,
            code,
            message: Text { sv, en },
            rejected: true,
        };
        let text = |f: usize| -> Option<String> {
            let c = self.fields[f].and_then(&cell)?;
            let t = c.field_str()?;
            Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_string)
        };
        let provider = text(0);
        let expected = self.columns.len();
        if count < expected {
            let missing = &self.columns[count];
            return Err(located(
                Some(ColumnRef { number: missing.number, name: missing.title.clone() }),
                provider,
                InputCode::TooFewCells.into(),
                format!("Raden har {count} celler men rubrikraden har {expected} kolumner; raden läses inte."),
                format!("the row has {count} cells but the header has {expected} columns; the row is not read"),
            ));
        }
        if count > expected && (expected..count).filter_map(&cell).any(|c| !is_blank_cell(&c)) {
            return Err(located(
                Some(ColumnRef { number: expected as u32 + 1, name: String::new() }),
                provider,
                InputCode::TooManyCells.into(),
                format!("Raden har {count} celler men rubrikraden har {expected} kolumner; raden läses inte."),
                format!("the row has {count} cells but the header has {expected} columns; the row is not read"),
            ));
        }
        // A report field that holds no text (a yes/no cell) is refused, never read as missing.
        for (f, name) in REPORT_FIELDS.iter().enumerate() {
            if let Some(i) = self.fields[f]
                && let Some(c) = cell(i)
                && !is_blank_cell(&c)
                && c.field_str().is_none()
            {
                let column = &self.columns[i];
                let shown = c.shown();
                return Err(located(
                    Some(ColumnRef { number: column.number, name: column.title.clone() }),
                    provider,
                    IssueCode::WrongType.into(),
                    format!("\"{shown}\" är ingen text för fältet {name}; raden läses inte."),
                    format!("\"{shown}\" is no text for the field {name}; the row is not read"),
                ));
            }
        }
        let meta = ReportMeta {
            provider: provider.clone().unwrap_or_default(),
            name: text(1),
            service: text(2).unwrap_or_default(),
            contract: text(3),
            date: text(4).unwrap_or_default(),
        };
        let mut builder = match pack.answers(meta) {
            Ok(b) => b,
            Err(e) => return Err(self.rejected(row, e)),
        };
        for (i, column) in self.columns.iter().enumerate() {
            if let ColumnTarget::Question(id) = &column.target
                && let Some(c) = cell(i)
                && !is_blank_cell(&c)
            {
                builder.set(id, c);
            }
        }
        Ok(builder.finish())
    }

    fn rejected(&self, row: u64, error: ReportError) -> RowError {
        let first = error.problems.first();
        let column = first.and_then(|p| self.column_of(&p.field));
        let join = |lang: Lang| error.problems.iter().map(|p| p.message.get(lang).trim_end_matches('.').to_string()).collect::<Vec<_>>().join("; ");
        InputProblem {
            file: self.source.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            column,
            field: first.map(|p| p.field.clone()).filter(|f| !f.is_empty()),
            provider: error.provider.clone(),
            code: first.map_or(IssueCode::Missing, |p| p.code).into(),
            message: Text { sv: format!("{}; raden läses inte.", join(Lang::Sv)), en: format!("{}; the row is not read", join(Lang::En)) },
            rejected: true,
        }
    }
}
