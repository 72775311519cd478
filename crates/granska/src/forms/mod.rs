//! The questionnaire in the survey tools municipalities and providers use: the names an
//! exported form gives questions ([`FormNames`], [`Pack::form_names`](crate::Pack::form_names))
//! and the translation of the questions' rules into the tools' expression languages
//! ([`Dialect`], [`Pack::form_logic`](crate::Pack::form_logic)). The writers of the forms (XLSForm,
//! SurveyJS) and the readers of the tools' answer exports are in `granska-summary`'s
//! `forms` module; `docs/survey-tools.md` describes both.

pub(crate) mod dialect;
pub(crate) mod logic;
pub(crate) mod names;
pub(crate) mod translate;

pub use dialect::Dialect;
pub use logic::{LogicWarning, QuestionLogic, Required, RuleKind};
pub use names::{FORM_META, FormName, FormNames, YES_NO_LIST};

/// The value of "yes" of a yes/no question in an exported form (XLSForm `select_one`).
pub const YES: &str = "ja";
/// The value of "no" of a yes/no question in an exported form.
pub const NO: &str = "nej";
/// The choice "none of these" a multiple choice question gets in an exported form: it is
/// how a form tells an answered question with no choice (granska's empty set) from an
/// unanswered one. SurveyJS's `showNoneItem` sends this value.
pub const NONE_CHOICE: &str = "none";
