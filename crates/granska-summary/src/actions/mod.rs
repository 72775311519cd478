//! Action plans (åtgärdsplaner, `docs/follow-through.md`): what a provider will do about a
//! requirement it did not meet (or an audit finding), who owns it, by when, and whether it is
//! done — and whether the plans hold up against the verdicts.
//!
//! Records ([`ActionRecord`]) are read from YAML or JSON (a list, or `actions:` holding one),
//! CSV or a workbook's sheet (the export module's one table-row source), each problem located
//! at its file, sheet, row and column or field path ([`ActionInput`]). [`ActionCheck::run`]
//! checks them against a [`History`](crate::history::History): a shortcoming without a plan,
//! a plan past its due date and still open (on a given date), a plan closed while the
//! requirement is still not met in the provider's next report; with the open and overdue
//! actions per provider and per service type. A record naming a provider or requirement the
//! reports do not know is refused at its place; the other records are checked.

mod check;
mod open;
mod read;

pub use check::{ActionCheck, ActionFinding, ActionFindingCode, ActionOptions, ActionState, ActionTally, CheckedAction};
pub use open::{OPEN_ACTIONS_FORMAT, OPEN_ACTIONS_VERSION, OpenAction, OpenActions};
pub use read::{ActionInput, MAX_ACTION_FILE_BYTES};

use std::sync::Arc;

use serde::Serialize;

use crate::export::{ColumnRef, InputProblem, ProblemCode};

granska::code_enum! {
    /// Whether an action is still to be done.
    pub enum ActionStatus("action status") {
        /// Still to be done (`open`, `öppen`, `pågående`, `ej påbörjad`).
        Open = "open",
        /// Done (`closed`, `stängd`, `avslutad`, `klar`, `genomförd`), on the date closed.
        Closed = "closed",
    }
}

impl ActionStatus {
    /// Reads a status as a team writes it, in Swedish or English (any case).
    pub fn parse(text: &str) -> Option<ActionStatus> {
        match text.trim().to_lowercase().as_str() {
            "open" | "öppen" | "pågående" | "pagaende" | "ej påbörjad" | "påbörjad" | "in progress" | "not started" => Some(ActionStatus::Open),
            "closed" | "stängd" | "avslutad" | "klar" | "genomförd" | "done" => Some(ActionStatus::Closed),
            _ => None,
        }
    }
}

/// One action of a provider's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionRecord {
    /// The provider's id (an old id is followed through the history's id links).
    pub provider: String,
    /// The service type, when the provider has more than one.
    pub service: Option<String>,
    /// The requirement the action answers, by id.
    pub requirement: Option<String>,
    /// The audit finding the action answers (the auditor's reference), when it answers no
    /// requirement.
    pub finding: Option<String>,
    /// What will be done.
    pub action: String,
    /// Who owns it (a role, not a person's name).
    pub owner: String,
    /// The due date, `YYYY-MM-DD`.
    pub due: String,
    /// Open or closed.
    pub status: ActionStatus,
    /// The date it was closed, `YYYY-MM-DD` (closed actions only).
    pub closed: Option<String>,
    /// Where the record was read: `actions.csv, rad 4` or `actions.yaml actions[2]`.
    pub place: String,
    #[serde(skip)]
    pub(crate) loc: Arc<Locator>,
}

/// Where a record is, to locate a problem found when it is checked: its file, sheet and row
/// with the column of each field, or its path in a YAML or JSON file (and the line there).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Locator {
    pub(crate) file: String,
    pub(crate) sheet: Option<String>,
    pub(crate) row: Option<u64>,
    /// For a YAML or JSON record: its path (`actions[2]`).
    pub(crate) path: Option<String>,
    /// For a table: the column of each field.
    pub(crate) columns: Vec<(&'static str, ColumnRef)>,
    /// For a YAML or JSON file: where each key and record begins, to give the line.
    pub(crate) places: Option<Arc<granska::YamlPlaces>>,
}

impl Locator {
    /// A rejected problem with the record's `field`.
    pub(crate) fn problem(&self, field: &str, provider: Option<&str>, code: impl Into<ProblemCode>, sv: String, en: String) -> InputProblem {
        let mut p = InputProblem::new_file(&self.file, code, sv, en);
        p.sheet = self.sheet.clone();
        p.row = self.row;
        p.provider = provider.map(str::to_string);
        p.rejected = true;
        match &self.path {
            Some(path) => {
                let at = if field.is_empty() { path.clone() } else { format!("{path}.{field}") };
                // The line of the field's key, else of the record.
                p.row = self.places.as_ref().and_then(|places| places.nearest(&at)).map(|(line, _)| line as u64).or(self.row);
                p.field = Some(at);
            }
            None => {
                if let Some((line, _)) = self.places.as_ref().and_then(|places| places.get(field)) {
                    p.row = Some(line as u64);
                }
                p.column = self.columns.iter().find(|(f, _)| *f == field).map(|(_, c)| c.clone());
                p.field = Some(field.to_string()).filter(|f| !f.is_empty());
            }
        }
        p
    }
}
