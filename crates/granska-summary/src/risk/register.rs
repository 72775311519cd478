//! One risk register read and checked: the engine's verdicts on it, and its risks and actions
//! with each risk's level and each action's state as the pack defines them
//! ([`super::model`]), the risk matrix (a count per likelihood and consequence) and the
//! parameters in force (with whether each is an example value).

use std::path::Path;

use granska::{AnswerIssue, Answers, Lang, Pack, ParamValue, Report, ReportFormat, ReportMeta, Text};
use serde::Serialize;
use serde_json::Value as Json;

use super::model::{ACTIONS, REVIEWED, RISKS, RiskModel, RiskModelError};
use crate::SummaryPack;

/// The largest register file read, in bytes (a larger one is [`RiskError::TooLarge`]).
pub const MAX_REGISTER_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a register could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RiskError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Unreadable {
        /// The file as named.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_REGISTER_FILE_BYTES`]; it is not read.
    #[error("{path}: the file is larger than {} MiB and is not read", MAX_REGISTER_FILE_BYTES >> 20)]
    TooLarge {
        /// The file as named.
        path: String,
    },
    /// The register is not a report of the pack (no unit, no date, not YAML/JSON, …).
    #[error("{path}: {}", .problems.iter().map(|p| format!("{}: {}", p.field, p.message.en)).collect::<Vec<_>>().join("; "))]
    Rejected {
        /// The file as named.
        path: String,
        /// Every problem, located by field (and line and column for a syntax error).
        problems: Vec<AnswerIssue>,
    },
    /// The pack cannot carry a register.
    #[error("{0}")]
    Model(#[from] RiskModelError),
}

impl RiskError {
    /// The error in `lang`, for a person: each problem with its place.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RiskError::Unreadable { path, source } if lang == Lang::Sv => format!("{path}: filen kan inte läsas: {source}"),
            RiskError::Rejected { path, problems } => {
                let each = problems.iter().map(|p| if p.field.is_empty() { p.message.get(lang).to_string() } else { format!("{}: {}", p.field, p.message.get(lang)) });
                format!("{path}: {}", each.collect::<Vec<_>>().join("; "))
            }
            RiskError::TooLarge { path } if lang == Lang::Sv => format!("{path}: filen är större än {} MiB och läses inte", MAX_REGISTER_FILE_BYTES >> 20),
            RiskError::Model(e) => e.message(lang),
            other => other.to_string(),
        }
    }
}

/// One axis of the matrix: the field's label and its scale.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScaleAxis {
    /// The field's label in both languages.
    pub label: Text,
    /// The lowest step.
    pub min: i64,
    /// The highest step.
    pub max: i64,
}

/// A risk level of the pack, with the number of risks at it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RiskLevel {
    /// The level indicator's id (`riskniva_hog`).
    pub id: String,
    /// Its name ("Hög risk").
    pub title: Text,
    /// Risks of the register at this level.
    pub count: u32,
}

/// One cell of the risk matrix.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MatrixCell {
    /// Its likelihood.
    pub likelihood: i64,
    /// Its consequence.
    pub consequence: i64,
    /// The level of a risk in this cell (a [`RiskLevel::id`]).
    pub level: String,
    /// Risks of the register in this cell.
    pub count: u32,
}

/// One risk of the register. A field the register left out or gave a bad value is `None`;
/// the report's issues say which and why.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RiskRecord {
    /// Its position in the register's list of risks, from 0 (`riskregister.risker[0]`).
    pub record: usize,
    /// Its number.
    pub nr: Option<i64>,
    /// Its risk area (a choice value of the pack).
    pub area: Option<String>,
    /// The area's label.
    pub area_label: Option<Text>,
    /// What could happen.
    pub description: Option<String>,
    /// Likelihood on the pack's scale.
    pub likelihood: Option<i64>,
    /// Consequence on the pack's scale.
    pub consequence: Option<i64>,
    /// Its level (a [`RiskLevel::id`]); `None` when it cannot be judged.
    pub level: Option<String>,
    /// The level's name.
    pub level_title: Option<Text>,
    /// Actions that name its number.
    pub actions: u32,
}

/// One action of the register.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Action {
    /// Its position in the register's list of actions, from 0 (`riskregister.atgarder[0]`).
    pub record: usize,
    /// The number of the risk it concerns.
    pub risk: Option<i64>,
    /// What is done.
    pub action: Option<String>,
    /// Who owns it (a role).
    pub owner: Option<String>,
    /// Due date, `YYYY-MM-DD`.
    pub due: Option<String>,
    /// Status (a choice value of the pack).
    pub status: Option<String>,
    /// The status's label.
    pub status_label: Option<Text>,
    /// When it was followed up, `YYYY-MM-DD`.
    pub followed_up: Option<String>,
    /// What the follow-up found.
    pub follow_up: Option<String>,
    /// Open, as the pack's `atgarder_oppna` indicator judges it; `None` when it cannot.
    pub open: Option<bool>,
    /// Open and past its due date on the register's date, as `atgarder_forsenade` judges it.
    pub overdue: Option<bool>,
}

/// A parameter of the register pack and its value in force.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RiskParameter {
    /// Its id (`risk.hog_fran`).
    pub id: String,
    /// What it sets.
    pub label: Text,
    /// The value in force.
    pub value: ParamValue,
    /// The value is an example value (exempelvärde) no parameters file has set.
    pub example: bool,
}

/// A risk register read and checked ([`RiskRegister::read`]).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RiskRegister {
    /// The unit (the report's `provider`).
    pub unit: String,
    /// The unit's name, if given.
    pub name: Option<String>,
    /// The date the register is judged at, `YYYY-MM-DD`.
    pub date: String,
    /// When management last went through it, `YYYY-MM-DD`; `None` when unanswered or bad.
    pub reviewed: Option<String>,
    /// The pack it was checked with.
    pub pack: SummaryPack,
    /// The likelihood axis.
    pub likelihood: ScaleAxis,
    /// The consequence axis.
    pub consequence: ScaleAxis,
    /// The levels, lowest first, with their counts.
    pub levels: Vec<RiskLevel>,
    /// Every cell of the matrix, likelihood-major from the lowest.
    pub matrix: Vec<MatrixCell>,
    /// The risks, in register order.
    pub risks: Vec<RiskRecord>,
    /// The actions, in register order.
    pub actions: Vec<Action>,
    /// The pack's parameters in force.
    pub parameters: Vec<RiskParameter>,
    /// The engine's report: every requirement's verdict, and the issues of the answers (a
    /// bad record field located as `riskregister.risker[2].sannolikhet`).
    pub report: Report,
}

fn text(v: &Json) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn choice_label(field: &granska::Field, v: &Json) -> Option<Text> {
    let v = v.as_str()?;
    field.choices.iter().find(|c| c.value == v).map(|c| c.label.clone())
}

impl RiskRegister {
    /// Reads a register file (YAML or JSON, known by its extension, else by its first bytes)
    /// and checks it with `pack`.
    ///
    /// # Errors
    ///
    /// A [`RiskError`]: the file cannot be read, it is no report of the pack, or the pack
    /// cannot carry a register.
    pub fn read_path(pack: &Pack, path: impl AsRef<Path>) -> Result<RiskRegister, RiskError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|source| RiskError::Unreadable { path: shown.clone(), source })?;
        if meta.len() > MAX_REGISTER_FILE_BYTES {
            return Err(RiskError::TooLarge { path: shown });
        }
        let bytes = std::fs::read(path).map_err(|source| RiskError::Unreadable { path: shown.clone(), source })?;
        let format = ReportFormat::from_extension(path).unwrap_or_else(|| ReportFormat::sniff(&bytes));
        RiskRegister::read(pack, &bytes, format, &shown)
    }

    /// Reads a register from the bytes of a YAML or JSON file named `source` (for messages).
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::read_path`].
    pub fn read(pack: &Pack, bytes: &[u8], format: ReportFormat, source: &str) -> Result<RiskRegister, RiskError> {
        let model = RiskModel::new(pack)?;
        let answers = pack.read_report_bytes(bytes, format).map_err(|e| RiskError::Rejected { path: source.to_string(), problems: e.problems })?;
        RiskRegister::from_answers(pack, &model, &answers)
    }

    /// Builds the register from answers already read with `pack`.
    ///
    /// # Errors
    ///
    /// [`RiskError::Model`] when the pack's levels leave a gap or overlap.
    pub fn from_answers(pack: &Pack, model: &RiskModel, answers: &Answers) -> Result<RiskRegister, RiskError> {
        let report = pack.check(answers);
        let meta = ReportMeta {
            provider: answers.provider().to_string(),
            name: None,
            service: answers.service().to_string(),
            contract: answers.contract().map(str::to_string),
            date: answers.date(),
        };
        let cells = model.cells(pack, &meta)?;
        let mut levels: Vec<RiskLevel> = model.levels.iter().map(|l| RiskLevel { id: l.id.clone(), title: l.title.clone(), count: 0 }).collect();
        let mut matrix: Vec<MatrixCell> =
            cells.iter().map(|&(likelihood, consequence, level)| MatrixCell { likelihood, consequence, level: levels[level].id.clone(), count: 0 }).collect();

        let action_records = answers.records(pack, ACTIONS).unwrap_or_default();
        let mut actions = vec![];
        for (record, r) in action_records.iter().enumerate() {
            let v = model.action_values(r);
            let (open, overdue) = model.action_state(pack, &meta, r);
            actions.push(Action {
                record,
                risk: v[0].as_i64(),
                action: text(v[1]),
                owner: text(v[2]),
                due: text(v[3]),
                status: text(v[4]),
                status_label: choice_label(&model.action_fields[4], v[4]),
                followed_up: text(v[5]),
                follow_up: text(v[6]),
                open,
                overdue,
            });
        }

        let mut risks = vec![];
        for (record, r) in answers.records(pack, RISKS).unwrap_or_default().iter().enumerate() {
            let v = model.risk_values(r);
            let level = model.level_of(pack, &meta, r)?;
            let (likelihood, consequence) = (v[3].as_i64(), v[4].as_i64());
            if let Some(l) = level {
                levels[l].count += 1;
                if let Some(cell) = matrix.iter_mut().find(|c| Some(c.likelihood) == likelihood && Some(c.consequence) == consequence) {
                    cell.count += 1;
                }
            }
            let nr = v[0].as_i64();
            risks.push(RiskRecord {
                record,
                nr,
                area: text(v[1]),
                area_label: choice_label(&model.risk_fields[1], v[1]),
                description: text(v[2]),
                likelihood,
                consequence,
                level: level.map(|l| levels[l].id.clone()),
                level_title: level.map(|l| levels[l].title.clone()),
                actions: nr.map_or(0, |n| actions.iter().filter(|a| a.risk == Some(n)).count() as u32),
            });
        }
        let reviewed = answers.value(pack, REVIEWED).as_str().map(str::to_string);
        let axis = |f: &granska::Field, (min, max): (i64, i64)| ScaleAxis { label: f.label.clone(), min, max };
        Ok(RiskRegister {
            unit: answers.provider().to_string(),
            name: answers.name().map(str::to_string),
            date: answers.date(),
            reviewed,
            pack: SummaryPack::of(pack),
            likelihood: axis(&model.risk_fields[3], model.likelihood),
            consequence: axis(&model.risk_fields[4], model.consequence),
            levels,
            matrix,
            risks,
            actions,
            parameters: pack.parameters().iter().map(|p| RiskParameter { id: p.id.clone(), label: p.label.clone(), value: p.value.clone(), example: p.is_example() }).collect(),
            report,
        })
    }

    /// The register as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The year of the register's date.
    pub fn year(&self) -> &str {
        self.date.get(..4).unwrap_or("")
    }
}
