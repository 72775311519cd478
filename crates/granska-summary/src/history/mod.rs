//! Provider history across years (`docs/follow-through.md`): this year's and earlier years'
//! checked reports joined per provider and requirement, so that a shortcoming seen again is
//! named as such — "12 verksamheter uppfyller inte kravet ”Riskanalys på verksamhetsnivå” för
//! andra året i rad" — and an improvement too.
//!
//! The inputs are the reports each year's check wrote (report JSON: one report or a list, as
//! `granska check --format json` prints; a folder of them) or each year's export checked with
//! the pack ([`HistoryInput`]). Years are the calendar years of the report dates. A
//! [`ProviderMapping`] links a provider's old ids to its new one (a new organisation number, a
//! merger). [`History::join`] lines them up: a provider missing from a year is shown as
//! missing, never dropped; packs of different versions are joined by requirement id, and each
//! requirement lists the years whose pack has it (a year without it is `not_in_pack`, never
//! compared). A report or mapping row that cannot be read is a located problem in
//! [`History::problems`]; the others are read.

mod join;
mod mapping;
mod record;
mod render;
mod status;

pub use join::{
    HISTORY_FORMAT, History, HistoryError, HistoryOptions, HistoryPack, HistoryProvider, HistoryRequirement, HistoryRow, HistoryYear, ProviderYear, RecurringFigure, StatusCounts,
};
pub use mapping::{ProviderLink, ProviderMapping};
pub use record::{YearReport, YearVerdict, read_reports_json, read_reports_yaml};
pub use status::HistoryStatus;

use std::path::{Path, PathBuf};

use granska::Pack;

use crate::export::{ExportOptions, ExportReader, InputCode, InputProblem, has_workbook_extension};

/// The largest checked-report file read, in bytes (a larger one is a `too-large` problem).
pub const MAX_HISTORY_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The reports of several years, gathered before they are joined, with every problem found
/// reading them.
#[derive(Clone, Debug, Default)]
pub struct HistoryInput {
    /// The reports read, in input order.
    pub reports: Vec<YearReport>,
    /// The reports, rows and files that could not be read, each located.
    pub problems: Vec<InputProblem>,
}

impl HistoryInput {
    /// No reports yet.
    pub fn new() -> HistoryInput {
        HistoryInput::default()
    }

    /// Adds a report checked in memory; `place` says where it came from.
    pub fn add_report(&mut self, report: &granska::Report, place: &str) {
        match YearReport::from_report(report, place) {
            Ok(r) => self.reports.push(r),
            Err(p) => self.problems.push(p),
        }
    }

    /// Reads the reports of a report JSON text (one report or a list); `source` names it.
    pub fn read_json(&mut self, text: &str, source: &str) {
        read_reports_json(text, source, &mut self.reports, &mut self.problems);
    }

    /// Reads a path: a checked report file (JSON, or YAML as `granska check --format yaml`
    /// writes it), a folder (its `.json`, `.yaml` and `.yml` files and subfolders, in name
    /// order), or an export (`.csv`, `.tsv`, `.txt`, a workbook) whose rows are checked with
    /// `pack`. What cannot be read is a problem; the rest is read.
    pub fn read_path(&mut self, path: &Path, pack: Option<&Pack>, export: &ExportOptions) {
        if path.is_dir() {
            let mut files = vec![];
            self.walk(path, &mut files, &mut std::collections::HashSet::new());
            if files.is_empty() {
                self.problems.push(file_problem(
                    path,
                    InputCode::Empty,
                    "Mappen innehåller inga bedömda rapporter (.json, .yaml, .yml).".into(),
                    "the folder holds no checked reports (.json, .yaml, .yml)".into(),
                ));
            }
            for f in files {
                self.read_path(&f, pack, export);
            }
            return;
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if has_workbook_extension(path) || matches!(ext.as_str(), "csv" | "tsv" | "txt") {
            match pack {
                Some(pack) => self.read_export(pack, path, export),
                None => self.problems.push(file_problem(
                    path,
                    InputCode::BadRecord,
                    "En export måste bedömas med ett regelpaket; ange regelpaketet.".into(),
                    "an export must be checked with a pack; give the pack".into(),
                )),
            }
            return;
        }
        let source = path.display().to_string();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_HISTORY_FILE_BYTES) {
            let mib = MAX_HISTORY_FILE_BYTES / (1024 * 1024);
            self.problems.push(file_problem(
                path,
                InputCode::TooLarge,
                format!("Filen är större än {mib} MiB och läses inte."),
                format!("the file is larger than {mib} MiB and is not read"),
            ));
            return;
        }
        let yaml = matches!(ext.as_str(), "yaml" | "yml");
        let text = std::fs::File::open(path).and_then(|f| {
            use std::io::Read;
            let mut s = String::new();
            f.take(MAX_HISTORY_FILE_BYTES).read_to_string(&mut s).map(|_| s)
        });
        match text {
            Ok(t) if yaml => read_reports_yaml(&t, &source, &mut self.reports, &mut self.problems),
            Ok(t) => self.read_json(&t, &source),
            Err(e) => self.problems.push(InputProblem { rejected: true, ..InputProblem::unreadable(&source, &e) }),
        }
    }

    /// Reads an export and checks each row with `pack`: every report read is added (placed
    /// `export.csv, rad 12`); rejected rows and ignored columns are problems.
    pub fn read_export(&mut self, pack: &Pack, path: &Path, options: &ExportOptions) {
        let source = path.display().to_string();
        let mut reader = match ExportReader::from_path(pack, path, options) {
            Ok(r) => r,
            Err(e) => {
                self.problems.extend(e.problems);
                return;
            }
        };
        let header = reader.header();
        self.problems.extend(header.problems().iter().cloned());
        for row in reader.rows() {
            match row.answers {
                Ok(answers) => match YearReport::from_report(&pack.check(&answers), &source) {
                    Ok(mut r) => {
                        r.place = format!("{source}, rad {}", row.row);
                        r.row = Some(row.row);
                        self.reports.push(r);
                    }
                    Err(mut p) => {
                        p.row = Some(row.row);
                        self.problems.push(p);
                    }
                },
                Err(p) => self.problems.push(p),
            }
        }
    }

    /// Collects the report files (`.json`, `.yaml`, `.yml`) under `dir`; a folder reached
    /// twice (a link) is walked once. Every other file, a folder whose real path cannot be
    /// found and an entry that cannot be read is a located problem (a skipped file a warning).
    fn walk(&mut self, dir: &Path, files: &mut Vec<PathBuf>, seen: &mut std::collections::HashSet<PathBuf>) {
        let shown = dir.display().to_string();
        match dir.canonicalize() {
            Ok(real) => {
                if !seen.insert(real) {
                    return;
                }
            }
            Err(e) => {
                self.problems.push(InputProblem { rejected: true, ..InputProblem::unreadable(&shown, &e) });
                return;
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.problems.push(InputProblem { rejected: true, ..InputProblem::unreadable(&shown, &e) });
                return;
            }
        };
        let mut paths: Vec<PathBuf> = vec![];
        for entry in entries {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.problems.push(InputProblem { rejected: true, ..InputProblem::unreadable(&shown, &e) }),
            }
        }
        paths.sort();
        for p in paths {
            if p.is_dir() {
                self.walk(&p, files, seen);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| ["json", "yaml", "yml"].iter().any(|x| e.eq_ignore_ascii_case(x))) {
                files.push(p);
            } else {
                let mut problem = InputProblem::new_file(
                    &p.display().to_string(),
                    InputCode::Skipped,
                    "Filen är ingen bedömd rapport (.json, .yaml, .yml) och läses inte.".into(),
                    "the file is no checked report (.json, .yaml, .yml) and is not read".into(),
                );
                problem.rejected = false;
                self.problems.push(problem);
            }
        }
    }

    /// Joins the reports read (see [`History::join`]); the problems found reading them come
    /// first in the history's problems.
    ///
    /// # Errors
    ///
    /// As [`History::join`].
    pub fn join(self, mapping: &ProviderMapping, options: &HistoryOptions) -> Result<History, HistoryError> {
        History::join(&self.reports, mapping, options, self.problems)
    }
}

fn file_problem(path: &Path, code: InputCode, sv: String, en: String) -> InputProblem {
    let mut p = InputProblem::new_file(&path.display().to_string(), code, sv, en);
    p.rejected = true;
    p
}
