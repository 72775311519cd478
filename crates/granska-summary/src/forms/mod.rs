//! The questionnaire in survey tools (`docs/survey-tools.md`): the pack's questions exported
//! as an XLSForm workbook ([`xlsform`], with the `workbook` feature) or a SurveyJS survey
//! ([`surveyjs`]), their rules translated by [`granska::forms`]; and the answers those
//! tools export read back as reports ([`answers`]), the columns mapped by the same names.

pub mod answers;
mod plan;
mod surveyjs;
#[cfg(feature = "workbook")]
mod xlsform;

pub use granska::forms::{LogicWarning, RuleKind};
pub use surveyjs::surveyjs;
#[cfg(feature = "workbook")]
pub use xlsform::xlsform;

/// Why a form could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The workbook writer failed.
    #[error("the XLSForm workbook could not be written: {0}")]
    Xlsx(String),
}
