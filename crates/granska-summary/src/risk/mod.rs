//! The authority's own risk register and the kvalitetsberättelse drawn from it.
//!
//! A register is one report of a register pack (the built-in
//! `rules/riskanalys/riskregister.yaml`, [`REGISTER_PACK`]): the risks, each assessed for
//! likelihood and consequence on the scale the pack declares, the actions with owner, due
//! date, status and follow-up, and the date management last went through it. Its
//! requirements are ordinary requirements, evaluated by the engine. This module adds what a
//! report of verdicts does not show: each risk's level and each action's state, read from the
//! pack's own indicators for that one record ([`model`]), never computed in code; the risk
//! matrix; and the kvalitetsberättelse draft ([`story`]) in the annual report's style, with
//! the year's lex Sarah and complaints figures from the follow-up summary and the team's
//! prose.

pub mod model;
pub mod register;
pub mod story;
pub mod tidy;

pub use model::{RiskModel, RiskModelError};
pub use register::{Action, MAX_REGISTER_FILE_BYTES, MatrixCell, RiskError, RiskLevel, RiskParameter, RiskRecord, RiskRegister, ScaleAxis};
pub use story::{FOLLOWUP_INDICATORS, QualityStory, STORY_SLOTS};

/// The built-in register pack, a path under `rules/` ([`granska::Pack::builtin_file`]).
pub const REGISTER_PACK: &str = "riskanalys/riskregister.yaml";
