//! What the engine says of one report: its verdicts with explanations and messages
//! ([`report`]), the live state of a questionnaire being filled in ([`form`]), and each
//! indicator's value for the summary ([`indicators`]).

pub(crate) mod form;
pub(crate) mod indicators;
pub(crate) mod report;
