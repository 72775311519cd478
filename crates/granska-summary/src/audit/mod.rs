//! Quality audits (kvalitetsgranskning): the municipality samples case files (akter) of a
//! provider, checks each against a checklist, and interviews young people and staff.
//!
//! An audit checklist is a pack like any other (the built-in one is
//! `rules/granskning/strukturerad-oppenvard.yaml`): one case file or one interview is one
//! report, evaluated by the same engine with the same three-valued semantics. The pack's
//! choice question [`KIND_QUESTION`] (`granskning.underlag`) says what a report is; the
//! readers set it, never the auditor.
//!
//! - [`AuditInput`]: audit records read from YAML/JSON files (`record.rs`) or an audit table
//!   with one row per case file or interview, a workbook's sheet or a CSV file (`table.rs`);
//!   every bad record, item or row is a located [`InputProblem`] and the others are still read.
//! - [`AuditSummary`]: verdicts per case file, figures per provider ("genomförandeplan
//!   saknades i 0 av 8 granskade akter") and over the year ([`summarize_audits`]).
//! - Last year ([`AuditSummary::compare_with`], `compare.rs`): last year's year figure beside
//!   this year's, labelled with its sample, and a change only over the providers audited
//!   both years.
//!
//! Case files are sensitive: records carry no personal identity number or name. A column or
//! key named like one, or a value shaped like a personnummer, is refused ([`crate::sensitive`]).
//! Free-text notes are kept but printed only when asked ([`AuditOptions::notes`]).

mod compare;
mod record;
mod summary;
mod table;

pub use compare::{AuditChange, AuditLastYearOnly, AuditShare, AuditedProvider, BothYears, PreviousAudits};
pub use summary::{AuditFigures, AuditIndicator, AuditItemVerdicts, AuditOptions, AuditRequirement, AuditSummary, ProviderAudit, summarize_audits};

use std::path::Path;

use serde::{Deserialize, Serialize};

use granska::{Answers, Pack, Text};

use crate::export::{ExportError, InputCode, InputProblem, TableRows, has_workbook_extension, is_workbook};

/// How audit files are read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditReadOptions {
    /// The sheet read in every workbook (by name, as [`crate::export::ExportOptions::sheet`]);
    /// the first sheet when `None`. Record files and CSV tables have no sheets and are read as
    /// they are; a workbook without the sheet is an error listing the sheets it has.
    pub sheet: Option<String>,
}

/// The choice question of a checklist pack that says what a report is: `akt`,
/// `intervju_ung` or `intervju_personal`.
pub const KIND_QUESTION: &str = "granskning.underlag";

/// What one audited item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A case file (akt).
    CaseFile,
    /// An interview with a young person.
    InterviewYoung,
    /// An interview with a member of staff.
    InterviewStaff,
}

impl ItemKind {
    /// Every kind, in the order figures are shown.
    pub const ALL: [ItemKind; 3] = [ItemKind::CaseFile, ItemKind::InterviewYoung, ItemKind::InterviewStaff];

    /// The value of [`KIND_QUESTION`] for this kind.
    pub fn choice(self) -> &'static str {
        match self {
            ItemKind::CaseFile => "akt",
            ItemKind::InterviewYoung => "intervju_ung",
            ItemKind::InterviewStaff => "intervju_personal",
        }
    }

    /// The kind a record or a CSV cell names: the choice value or the English name
    /// (`akt`/`case_file`, `intervju_ung`/`interview_young`/`ung`/`young`,
    /// `intervju_personal`/`interview_staff`/`personal`/`staff`), ignoring case.
    pub fn parse(text: &str) -> Option<ItemKind> {
        match text.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "akt" | "case_file" => Some(ItemKind::CaseFile),
            "intervju_ung" | "interview_young" | "ung" | "young" => Some(ItemKind::InterviewYoung),
            "intervju_personal" | "interview_staff" | "personal" | "staff" => Some(ItemKind::InterviewStaff),
            _ => None,
        }
    }

    /// What a figure over items of this kind counts: "granskade akter", "intervjuer med unga".
    pub fn unit(self) -> Text {
        match self {
            ItemKind::CaseFile => Text::new("granskade akter", "case files audited"),
            ItemKind::InterviewYoung => Text::new("intervjuer med unga", "interviews with young people"),
            ItemKind::InterviewStaff => Text::new("intervjuer med personal", "interviews with staff"),
        }
    }
}

/// One audited case file or interview, its answers read by the checklist pack.
#[derive(Clone, Debug)]
pub struct AuditItem {
    /// A case file or an interview.
    pub kind: ItemKind,
    /// The auditor's reference for it (`A3`, `U1`): never a personal identity number.
    pub id: String,
    /// The answers, typed by the pack's questions ([`KIND_QUESTION`] set from `kind`).
    pub answers: Answers,
    /// The auditor's free-text note; printed only when asked.
    pub notes: Option<String>,
    /// Where it was read: `case_files[2]` in a record file, `rad 5` in a CSV file,
    /// `blad Akter, rad 5` in a workbook.
    pub place: String,
}

/// One audit of one provider: who audited, when, and the items checked.
#[derive(Clone, Debug)]
pub struct AuditRecord {
    /// The file it was read from.
    pub file: String,
    /// The provider's id.
    pub provider: String,
    /// The provider's name, if given.
    pub name: Option<String>,
    /// The service type audited.
    pub service: String,
    /// The audit date, `YYYY-MM-DD` as written.
    pub date: String,
    /// Who audited (a team or role), if given.
    pub auditor: Option<String>,
    /// The case files and interviews, in file order.
    pub items: Vec<AuditItem>,
}

/// The audit records of a year, with every problem found reading them.
#[derive(Clone, Debug, Default)]
pub struct AuditInput {
    /// The records read, in input order.
    pub records: Vec<AuditRecord>,
    /// Every problem: a rejected record, item or row (`rejected`), or an answer not used.
    pub problems: Vec<InputProblem>,
}

impl AuditInput {
    /// An empty input, to read records into.
    pub fn new() -> AuditInput {
        AuditInput::default()
    }

    /// Reads one audit record file (`.yaml`, `.yml`, `.json`) or audit table (a workbook —
    /// `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, known by its first bytes or its name — or
    /// `.csv`, `.tsv`, `.txt`) and adds it; a workbook's first sheet is read.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the pack is no checklist, the file cannot be read or is no
    /// record at all, or it has a column named like a personal identity number or a name.
    /// Problems with single items or rows are kept in [`AuditInput::problems`] instead.
    pub fn read_path(&mut self, pack: &Pack, path: impl AsRef<Path>) -> Result<(), ExportError> {
        self.read_path_with(pack, path, &AuditReadOptions::default())
    }

    /// As [`AuditInput::read_path`], a workbook's sheet chosen by `options`.
    ///
    /// # Errors
    ///
    /// As [`AuditInput::read_path`]; also when a workbook has no sheet named
    /// [`AuditReadOptions::sheet`].
    pub fn read_path_with(&mut self, pack: &Pack, path: impl AsRef<Path>, options: &AuditReadOptions) -> Result<(), ExportError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ExportError { problems: vec![InputProblem::unreadable(&source, &e)] })?;
        if is_workbook(path, &bytes) {
            check_pack(pack, &source)?;
            return self.read_workbook(pack, bytes, &source, options);
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv" | "txt" | "tsv") => self.read_csv(pack, bytes.as_slice(), &source),
            _ => {
                let text = std::str::from_utf8(&bytes).map_err(|e| {
                    ExportError::one(InputProblem::new_file(
                        &source,
                        InputCode::BadRecord,
                        format!("Filen är inte UTF-8 (ogiltig byte {}).", e.valid_up_to()),
                        format!("the file is not UTF-8 (invalid byte {})", e.valid_up_to()),
                    ))
                })?;
                self.read_record_text(pack, text, &source)
            }
        }
    }

    /// Reads an audit table from a workbook's bytes (its sheet [`AuditReadOptions::sheet`] or
    /// the first) and adds it; `source` names it in problems.
    #[cfg(feature = "workbook")]
    fn read_workbook(&mut self, pack: &Pack, bytes: Vec<u8>, source: &str, options: &AuditReadOptions) -> Result<(), ExportError> {
        let sheet = crate::workbook::Sheet::open(bytes, options.sheet.as_deref(), source)?;
        table::read(self, pack, TableRows::<&[u8]>::sheet(sheet, source))
    }

    /// Without the `workbook` feature a workbook is refused, saying why.
    #[cfg(not(feature = "workbook"))]
    fn read_workbook(&mut self, _pack: &Pack, _bytes: Vec<u8>, source: &str, _options: &AuditReadOptions) -> Result<(), ExportError> {
        Err(ExportError::one(InputProblem::new_file(
            source,
            InputCode::Io,
            "Filen är en arbetsbok, och granska är byggt utan stöd för arbetsböcker (funktionen workbook); spara bladet som CSV.".into(),
            "the file is a workbook, and granska was built without workbook support (the feature workbook); save the sheet as CSV".into(),
        )))
    }

    /// Reads an audit record from YAML or JSON text (see `docs/audits-and-surveys.md`) and adds it.
    ///
    /// # Errors
    ///
    /// As [`AuditInput::read_path`].
    pub fn read_record_text(&mut self, pack: &Pack, text: &str, source: &str) -> Result<(), ExportError> {
        record::read(self, pack, text, source)
    }

    /// Reads an audit table in CSV (one row per case file or interview) and adds it. A
    /// workbook is read from its path ([`AuditInput::read_path`]).
    ///
    /// # Errors
    ///
    /// As [`AuditInput::read_path`].
    pub fn read_csv<R: std::io::Read>(&mut self, pack: &Pack, input: R, source: &str) -> Result<(), ExportError> {
        check_pack(pack, source)?;
        table::read(self, pack, TableRows::csv(input, source)?)
    }

    /// Reads audit record files and folders of them (every `.yaml`, `.yml`, `.json`, `.csv`
    /// and workbook file in a folder, in name order) and adds them; a workbook's first sheet
    /// is read. A file refused as a whole for what it holds (no provider, a column named like
    /// a personnummer, invalid YAML) is kept in [`AuditInput::problems`], rejected and
    /// counted, and the other files are read.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] with every file or folder that cannot be read at all, and when the
    /// pack is no checklist; it is returned after every other file was read and added.
    pub fn read_paths<P: AsRef<Path>>(&mut self, pack: &Pack, paths: &[P]) -> Result<(), ExportError> {
        self.read_paths_with(pack, paths, &AuditReadOptions::default())
    }

    /// As [`AuditInput::read_paths`], a workbook's sheet chosen by `options`.
    ///
    /// # Errors
    ///
    /// As [`AuditInput::read_paths`]; a workbook without the sheet named is a file that
    /// cannot be read.
    pub fn read_paths_with<P: AsRef<Path>>(&mut self, pack: &Pack, paths: &[P], options: &AuditReadOptions) -> Result<(), ExportError> {
        let mut fatal = vec![];
        for path in paths {
            let path = path.as_ref();
            let files = if path.is_dir() {
                match std::fs::read_dir(path) {
                    Ok(entries) => {
                        let mut found: Vec<_> = entries.flatten().map(|e| e.path()).filter(|f| is_record_file(f)).collect();
                        found.sort();
                        found
                    }
                    Err(e) => {
                        fatal.push(InputProblem::unreadable(&path.display().to_string(), &e));
                        continue;
                    }
                }
            } else {
                vec![path.to_path_buf()]
            };
            for file in files {
                if let Err(e) = self.read_path_with(pack, &file, options) {
                    if e.problems.iter().all(|p| p.rejected) {
                        self.problems.extend(e.problems);
                    } else {
                        fatal.extend(e.problems);
                    }
                }
            }
        }
        if fatal.is_empty() { Ok(()) } else { Err(ExportError { problems: fatal }) }
    }

    /// Items read in all records.
    pub fn items(&self) -> usize {
        self.records.iter().map(|r| r.items.len()).sum()
    }
}

/// A file a folder of audit records is read for: `.yaml`, `.yml`, `.json`, `.csv`, and the
/// workbooks `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods` (not the lock files `~$name.xlsx`
/// Excel leaves beside an open workbook).
fn is_record_file(path: &Path) -> bool {
    let lock_file = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$") || n.starts_with(".~lock."));
    path.is_file()
        && !lock_file
        && (has_workbook_extension(path) || path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json" | "csv")))
}

/// The pack must be a checklist: it has [`KIND_QUESTION`] with the three kinds as choices.
fn check_pack(pack: &Pack, source: &str) -> Result<(), ExportError> {
    let ok = pack.question(KIND_QUESTION).is_some_and(|q| ItemKind::ALL.iter().all(|k| q.choices.iter().any(|c| c.value == k.choice())));
    if ok {
        return Ok(());
    }
    Err(ExportError::one(InputProblem::new_file(
        source,
        InputCode::BadRecord,
        format!("Regelpaketet \"{}\" är ingen granskningsmall: det saknar valfrågan {KIND_QUESTION} med alternativen akt, intervju_ung och intervju_personal.", pack.info().id),
        format!("the pack \"{}\" is no audit checklist: it has no choice question {KIND_QUESTION} with the choices akt, intervju_ung and intervju_personal", pack.info().id),
    )))
}
