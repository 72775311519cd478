//! What a register pack declares and how a risk's level is read from it: the two list
//! questions and their fields, the likelihood and consequence scales (the fields' `min` and
//! `max`), and the risk levels — the pack's sum indicators named `riskniva_*`, lowest level
//! first, each counting the risks of its level. A risk's level is the one level indicator that
//! counts it when the register holds that risk alone, so the levels are whatever the pack
//! defines (a product against parameters, a full matrix of conditions), never a formula in
//! this crate.

use granska::{Field, IndicatorKind, IndicatorValue, Lang, Pack, Quantity, QuestionType, Raw, ReportMeta, Text};
use serde_json::{Map, Value as Json};

/// The list question holding the risks.
pub const RISKS: &str = "riskregister.risker";
/// The list question holding the actions.
pub const ACTIONS: &str = "riskregister.atgarder";
/// The date question: when management last went through the register.
pub const REVIEWED: &str = "riskregister.granskad";
/// Indicators whose id starts with this are the risk levels, lowest first.
pub const LEVEL_PREFIX: &str = "riskniva_";
/// The indicator counting open actions; for one action, whether it is open.
pub const OPEN_ACTIONS: &str = "atgarder_oppna";
/// The indicator counting open actions past their due date; for one action, whether it is.
pub const OVERDUE_ACTIONS: &str = "atgarder_forsenade";

/// The fields of a risk record, by id: number, area, description, likelihood, consequence.
pub const RISK_FIELDS: [(&str, QuestionType); 5] = [
    ("nr", QuestionType::Integer),
    ("omrade", QuestionType::Choice),
    ("beskrivning", QuestionType::Text),
    ("sannolikhet", QuestionType::Integer),
    ("konsekvens", QuestionType::Integer),
];
/// The fields of an action record, by id: risk number, action, owner, due date, status,
/// date followed up, result of the follow-up.
pub const ACTION_FIELDS: [(&str, QuestionType); 7] = [
    ("risk", QuestionType::Integer),
    ("atgard", QuestionType::Text),
    ("ansvarig", QuestionType::Text),
    ("senast", QuestionType::Date),
    ("status", QuestionType::Choice),
    ("uppfoljd", QuestionType::Date),
    ("uppfoljning", QuestionType::Text),
];

/// The widest scale a matrix is drawn for (steps per axis).
pub const MAX_SCALE_STEPS: i64 = 10;

/// Why a pack cannot carry a risk register.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RiskModelError {
    /// A question the register needs is missing or of another type.
    #[error("the pack has no {kind} question `{id}`, which a risk register needs")]
    MissingQuestion {
        /// The question id.
        id: &'static str,
        /// The type it must have (`list`, `date`).
        kind: &'static str,
    },
    /// A field of a list question is missing or of another type.
    #[error("the list question `{question}` has no {kind} field `{field}`, which a risk register needs")]
    MissingField {
        /// The list question.
        question: &'static str,
        /// The field id.
        field: &'static str,
        /// The type it must have.
        kind: &'static str,
    },
    /// The likelihood or consequence field does not declare a scale the matrix can draw.
    #[error("the field `{field}` of `{RISKS}` declares no scale: give it a whole `min` and `max` at most {MAX_SCALE_STEPS} steps apart")]
    NoScale {
        /// The field id.
        field: &'static str,
    },
    /// The pack has no `riskniva_*` indicators of kind `sum`.
    #[error("the pack defines no risk levels: sum indicators with ids starting `{LEVEL_PREFIX}`, lowest level first, each counting the risks of its level")]
    NoLevels,
    /// The pack declares no service type for a register to name.
    #[error("the pack declares no service type for the register")]
    NoService,
    /// No level counts a risk of this likelihood and consequence.
    #[error(
        "no risk level counts a risk of likelihood {likelihood} and consequence {consequence}: the `{LEVEL_PREFIX}*` indicators leave a gap; check the parameters risk.medel_fran and risk.hog_fran and the level indicators' sums"
    )]
    LevelGap {
        /// The likelihood.
        likelihood: i64,
        /// The consequence.
        consequence: i64,
    },
    /// More than one level counts a risk of this likelihood and consequence.
    #[error(
        "the risk levels {} all count a risk of likelihood {likelihood} and consequence {consequence}: the `{LEVEL_PREFIX}*` indicators overlap; check the parameters risk.medel_fran and risk.hog_fran and the level indicators' sums",
        levels.join(", ")
    )]
    LevelOverlap {
        /// The likelihood.
        likelihood: i64,
        /// The consequence.
        consequence: i64,
        /// The level indicators that count it.
        levels: Vec<String>,
    },
    /// The model was read from another pack than the one it is used with.
    #[error("the risk model was read from the pack {expected}, not from {found}: read it from the pack it is used with")]
    OtherPack {
        /// The pack the model was read from (id and content hash).
        expected: String,
        /// The pack it was used with.
        found: String,
    },
}

impl RiskModelError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            RiskModelError::MissingQuestion { id, kind } => format!("Regelpaketet saknar frågan `{id}` av typen {kind}, som ett riskregister behöver."),
            RiskModelError::MissingField { question, field, kind } => format!("Listfrågan `{question}` saknar fältet `{field}` av typen {kind}, som ett riskregister behöver."),
            RiskModelError::NoScale { field } => {
                format!("Fältet `{field}` i `{RISKS}` anger ingen skala: ge det heltalen `min` och `max`, högst {MAX_SCALE_STEPS} steg isär.")
            }
            RiskModelError::NoLevels => {
                format!("Regelpaketet anger inga risknivåer: summaindikatorer vars id börjar med `{LEVEL_PREFIX}`, lägsta nivån först, som var och en räknar riskerna på sin nivå.")
            }
            RiskModelError::NoService => "Regelpaketet anger ingen tjänstetyp för registret.".to_string(),
            RiskModelError::LevelGap { likelihood, consequence } => {
                format!(
                    "Ingen risknivå räknar en risk med sannolikhet {likelihood} och konsekvens {consequence}: indikatorerna `{LEVEL_PREFIX}*` lämnar en lucka; se över parametrarna risk.medel_fran och risk.hog_fran och nivåindikatorernas summor."
                )
            }
            RiskModelError::OtherPack { expected, found } => {
                format!("Riskmodellen lästes från regelpaketet {expected}, inte från {found}: läs den från det regelpaket den används med.")
            }
            RiskModelError::LevelOverlap { likelihood, consequence, levels } => format!(
                "Risknivåerna {} räknar alla en risk med sannolikhet {likelihood} och konsekvens {consequence}: indikatorerna `{LEVEL_PREFIX}*` överlappar; se över parametrarna risk.medel_fran och risk.hog_fran och nivåindikatorernas summor.",
                levels.join(", ")
            ),
        }
    }
}

/// A risk level as the pack defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelDef {
    /// The indicator's id (`riskniva_hog`).
    pub id: String,
    /// The indicator's title: the level's name ("Hög risk").
    pub title: Text,
    /// The indicator's position in [`Pack::indicators`].
    index: usize,
}

/// What a register pack declares, checked once: see the module documentation.
#[derive(Clone, Debug)]
pub struct RiskModel {
    /// The risk record's fields, in [`RISK_FIELDS`] order.
    pub risk_fields: Vec<Field>,
    /// The action record's fields, in [`ACTION_FIELDS`] order.
    pub action_fields: Vec<Field>,
    /// Positions of [`RISK_FIELDS`] in the risk question's fields.
    risk_pos: Vec<usize>,
    /// Positions of [`ACTION_FIELDS`] in the action question's fields.
    action_pos: Vec<usize>,
    /// The likelihood scale, inclusive.
    pub likelihood: (i64, i64),
    /// The consequence scale, inclusive.
    pub consequence: (i64, i64),
    /// The levels, lowest first.
    pub levels: Vec<LevelDef>,
    /// The positions of [`OPEN_ACTIONS`] and [`OVERDUE_ACTIONS`] among the indicators.
    open: Option<usize>,
    overdue: Option<usize>,
    /// The service type a register names.
    pub service: String,
    /// The pack it was read from: id and content hash.
    pack: String,
}

fn fields_of(pack: &Pack, question: &'static str, wanted: &[(&'static str, QuestionType)]) -> Result<(Vec<Field>, Vec<usize>), RiskModelError> {
    let q = pack.question(question).filter(|q| q.kind == QuestionType::List).ok_or(RiskModelError::MissingQuestion { id: question, kind: "list" })?;
    let mut fields = vec![];
    let mut pos = vec![];
    for &(id, kind) in wanted {
        let i = q.fields.iter().position(|f| f.id == id && f.kind == kind).ok_or(RiskModelError::MissingField { question, field: id, kind: kind.name() })?;
        fields.push(q.fields[i].clone());
        pos.push(i);
    }
    Ok((fields, pos))
}

fn scale(f: &Field, field: &'static str) -> Result<(i64, i64), RiskModelError> {
    match (f.min, f.max) {
        (Some(lo), Some(hi)) if lo.fract() == 0.0 && hi.fract() == 0.0 && lo <= hi && hi - lo < MAX_SCALE_STEPS as f64 => Ok((lo as i64, hi as i64)),
        _ => Err(RiskModelError::NoScale { field }),
    }
}

impl RiskModel {
    /// Reads what the register needs from `pack`.
    ///
    /// # Errors
    ///
    /// A [`RiskModelError`] when a question or field is missing, the likelihood or consequence
    /// has no scale, or the pack defines no levels.
    pub fn new(pack: &Pack) -> Result<RiskModel, RiskModelError> {
        if pack.question(REVIEWED).is_none_or(|q| q.kind != QuestionType::Date) {
            return Err(RiskModelError::MissingQuestion { id: REVIEWED, kind: "date" });
        }
        let (risk_fields, risk_pos) = fields_of(pack, RISKS, &RISK_FIELDS)?;
        let (action_fields, action_pos) = fields_of(pack, ACTIONS, &ACTION_FIELDS)?;
        let likelihood = scale(&risk_fields[3], "sannolikhet")?;
        let consequence = scale(&risk_fields[4], "konsekvens")?;
        let levels: Vec<LevelDef> = pack
            .indicators()
            .iter()
            .enumerate()
            .filter(|(_, i)| i.id.starts_with(LEVEL_PREFIX) && i.kind == IndicatorKind::Sum)
            .map(|(index, i)| LevelDef { id: i.id.clone(), title: i.title.clone(), index })
            .collect();
        if levels.is_empty() {
            return Err(RiskModelError::NoLevels);
        }
        let find = |id: &str| pack.indicators().iter().position(|i| i.id == id && i.kind == IndicatorKind::Sum);
        let service = pack.services().first().map(|s| s.id.clone()).ok_or(RiskModelError::NoService)?;
        Ok(RiskModel {
            risk_fields,
            action_fields,
            risk_pos,
            action_pos,
            likelihood,
            consequence,
            levels,
            open: find(OPEN_ACTIONS),
            overdue: find(OVERDUE_ACTIONS),
            service,
            pack: identity(pack),
        })
    }

    /// A risk record's values in [`RISK_FIELDS`] order (from [`granska::Answers::records`]).
    pub(crate) fn risk_values<'a>(&self, record: &'a Json) -> Vec<&'a Json> {
        pick(record, &self.risk_pos)
    }

    /// An action record's values in [`ACTION_FIELDS`] order.
    pub(crate) fn action_values<'a>(&self, record: &'a Json) -> Vec<&'a Json> {
        pick(record, &self.action_pos)
    }

    /// Refuses a pack other than the one the model was read from (its positions would not fit).
    fn same_pack(&self, pack: &Pack) -> Result<(), RiskModelError> {
        let found = identity(pack);
        if found == self.pack { Ok(()) } else { Err(RiskModelError::OtherPack { expected: self.pack.clone(), found }) }
    }

    /// The pack's indicators for a register holding only `record` in `question`.
    fn one_record(&self, pack: &Pack, meta: &ReportMeta, question: &str, record: &Json, out: &mut Vec<IndicatorValue>) -> bool {
        let Some(q) = pack.question(question) else { return false };
        let Json::Array(values) = record else { return false };
        let mut map = Map::new();
        for (f, v) in q.fields.iter().zip(values) {
            if !v.is_null() {
                map.insert(f.id.clone(), v.clone());
            }
        }
        let list = Json::Array(vec![Json::Object(map)]);
        let Ok(mut builder) = pack.answers(meta.clone()) else { return false };
        builder.set(question, Raw::Json(&list));
        pack.indicator_values(&builder.finish(), out);
        true
    }

    /// The level (index into [`RiskModel::levels`]) of a risk record as validated
    /// ([`granska::Answers::records`] of [`RISKS`]); `Ok(None)` when the pack cannot judge it
    /// (a likelihood or consequence unanswered).
    ///
    /// # Errors
    ///
    /// [`RiskModelError::LevelGap`] or [`RiskModelError::LevelOverlap`] when no level, or more
    /// than one, counts the risk.
    pub fn level_of(&self, pack: &Pack, meta: &ReportMeta, record: &Json) -> Result<Option<usize>, RiskModelError> {
        self.same_pack(pack)?;
        let mut values = vec![];
        if !self.one_record(pack, meta, RISKS, record, &mut values) {
            return Ok(None);
        }
        let mut counted = vec![];
        for (li, level) in self.levels.iter().enumerate() {
            match values.get(level.index) {
                Some(IndicatorValue::Sum(Some(Quantity::Integer(0)))) => {}
                Some(IndicatorValue::Sum(Some(Quantity::Integer(_)))) => counted.push(li),
                _ => return Ok(None),
            }
        }
        let vals = self.risk_values(record);
        let (likelihood, consequence) = (vals[3].as_i64().unwrap_or_default(), vals[4].as_i64().unwrap_or_default());
        match counted.as_slice() {
            [one] => Ok(Some(*one)),
            [] => Err(RiskModelError::LevelGap { likelihood, consequence }),
            many => Err(RiskModelError::LevelOverlap { likelihood, consequence, levels: many.iter().map(|&i| self.levels[i].id.clone()).collect() }),
        }
    }

    /// The level of every cell of the matrix, likelihood-major (`likelihood.0` first), each
    /// judged as a risk with only that likelihood and consequence.
    ///
    /// # Errors
    ///
    /// As [`RiskModel::level_of`], for the first cell no level (or several) counts, and a
    /// cell the levels cannot judge at all is a gap.
    pub fn cells(&self, pack: &Pack, meta: &ReportMeta) -> Result<Vec<(i64, i64, usize)>, RiskModelError> {
        self.same_pack(pack)?;
        let q = pack.question(RISKS).map_or(0, |q| q.fields.len());
        if self.risk_pos.iter().any(|&i| i >= q) {
            return Err(RiskModelError::OtherPack { expected: self.pack.clone(), found: identity(pack) });
        }
        let mut out = vec![];
        for likelihood in self.likelihood.0..=self.likelihood.1 {
            for consequence in self.consequence.0..=self.consequence.1 {
                let mut record = vec![Json::Null; q];
                record[self.risk_pos[3]] = Json::from(likelihood);
                record[self.risk_pos[4]] = Json::from(consequence);
                let level = self.level_of(pack, meta, &Json::Array(record))?.ok_or(RiskModelError::LevelGap { likelihood, consequence })?;
                out.push((likelihood, consequence, level));
            }
        }
        Ok(out)
    }

    /// Whether an action record is open and whether it is past its due date, as the pack's
    /// [`OPEN_ACTIONS`] and [`OVERDUE_ACTIONS`] indicators judge it alone; `None` where the
    /// pack has no such indicator or the record cannot be judged.
    pub fn action_state(&self, pack: &Pack, meta: &ReportMeta, record: &Json) -> (Option<bool>, Option<bool>) {
        if self.same_pack(pack).is_err() {
            return (None, None);
        }
        let mut values = vec![];
        if !self.one_record(pack, meta, ACTIONS, record, &mut values) {
            return (None, None);
        }
        let flag = |i: Option<usize>| match i.and_then(|i| values.get(i)) {
            Some(IndicatorValue::Sum(Some(Quantity::Integer(n)))) => Some(*n > 0),
            _ => None,
        };
        (flag(self.open), flag(self.overdue))
    }
}

/// A pack's identity for [`RiskModel`]: its id and content hash.
fn identity(pack: &Pack) -> String {
    format!("{} ({})", pack.info().id, pack.content_hash())
}

fn pick<'a>(record: &'a Json, pos: &[usize]) -> Vec<&'a Json> {
    const NULL: &Json = &Json::Null;
    pos.iter().map(|&i| record.get(i).unwrap_or(NULL)).collect()
}
