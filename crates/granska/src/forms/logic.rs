//! The translation of a question's `relevant`, `required` and `constraint` rules from the
//! compiled expression tree into a survey tool's expression language: XLSForm's XPath
//! (`${q}`, `selected()`, `date()`) or SurveyJS's (`{q}`, `contains`, `notempty`).
//!
//! granska evaluates with three values: an unanswered question makes a comparison unknown,
//! `unknown and false` is false, and a question is shown unless its relevance is *false*.
//! The tools have two values and read an unanswered question as an empty string. So every
//! condition is translated twice, into "it is true" and "it is false", each a plain
//! two-valued condition that guards each answer it reads with "answered" (`${q} != ''`,
//! `{q} notempty`):
//!
//! - relevant → shown when "relevance is false" does not hold;
//! - required → required when "required is true" holds;
//! - constraint → broken when "constraint is false" holds (an unanswered question breaks none).
//!
//! An answer outside a numeric question's `min`/`max` is refused by granska (so it is no
//! answer, and breaks no constraint): the translation reads such a value as unanswered too.
//!
//! A construct with no faithful translation (a loop over list records, a pattern, a
//! function the tool lacks) is never guessed: the rule is left out and a [`LogicWarning`]
//! names the question.
//!
//! This file holds the public shapes and [`Pack::form_logic`]; the two-valued conditions
//! and the dialects they are written in are in `dialect.rs`, the walk over the expression
//! tree in `translate.rs`.

use crate::pack::{Pack, Question, QuestionType};
use crate::text::Text;

use super::dialect::{Cond, Dialect};
use super::names::FormNames;
use super::translate::{TermKind, Translator, Untranslatable};

/// Which rule of a question a translation is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// `relevant`: when the question is asked.
    Relevant,
    /// `required`: when an answer is required.
    Required,
    /// `constraint`: what an answer must satisfy.
    Constraint,
}

impl RuleKind {
    /// The rule's name as a pack writes it.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Relevant => "relevant",
            RuleKind::Required => "required",
            RuleKind::Constraint => "constraint",
        }
    }
}

/// A rule of a question that the export leaves out, because the tool cannot say the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogicWarning {
    /// The question's id.
    pub question: String,
    /// The rule left out.
    pub rule: RuleKind,
    /// Why, in both languages.
    pub message: Text,
}

/// Whether a question must be answered, in a tool's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Required {
    /// Never required.
    No,
    /// Always required (when shown).
    Always,
    /// Required when the condition (in the dialect) holds.
    When(String),
}

/// A question's rules translated into a tool's expression language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionLogic {
    /// The question's id.
    pub id: String,
    /// Show the question when this holds; `None` always.
    pub relevant: Option<String>,
    /// Whether an answer is required.
    pub required: Required,
    /// The answer is accepted when this holds; `None` when any answer is (ranges apart).
    pub constraint: Option<String>,
    /// Rules left out, each with why.
    pub warnings: Vec<LogicWarning>,
}

impl Pack {
    /// The `relevant`, `required` and `constraint` rules of question `id` in `dialect`, with
    /// granska's three-valued semantics kept in the tools' two values (each answer read is
    /// guarded by "answered"; `docs/survey-tools.md` shows the translation), for a
    /// form asking the questions `included` (by question index; a reference to another is
    /// an unanswered question) named by `names`. Service types are not part of it: a form
    /// adds its own condition on the `service` question. `None` for an unknown id.
    pub fn form_logic(&self, id: &str, dialect: Dialect, names: &FormNames, included: &[bool]) -> Option<QuestionLogic> {
        let index = *self.data.question_index.get(id)? as usize;
        let q: &Question = &self.data.questions[index];
        let tool = match dialect {
            Dialect::XPath => "XLSForm",
            Dialect::SurveyJs => "SurveyJS",
        };
        let this = names.of(id).map(|n| n.name.as_str());
        let this_kind = match q.kind {
            QuestionType::Bool => TermKind::Bool,
            QuestionType::Date => TermKind::Date,
            QuestionType::Text => TermKind::Text,
            QuestionType::Choice if q.multiple => TermKind::Set,
            QuestionType::Choice => TermKind::Text,
            _ => TermKind::Number,
        };
        let this_range = if this_kind == TermKind::Number { (q.min, q.max) } else { (None, None) };
        let tr = Translator { pack: self, names, dialect, included, this, this_kind, this_range };
        let mut warnings = vec![];
        let mut warn = |rule: RuleKind, e: Untranslatable| warnings.push(LogicWarning { question: q.id.clone(), rule, message: e.text(tool) });
        let relevant = match q.compiled.relevant.as_ref().map(|n| tr.truth(n)) {
            None => None,
            Some(Ok((_, when_false))) => match when_false.not() {
                Cond::Const(true) => None,
                c => Some(c.render(dialect)),
            },
            Some(Err(e)) => {
                warn(RuleKind::Relevant, e);
                None
            }
        };
        let required = match q.compiled.required.as_ref().map(|n| tr.truth(n)) {
            None => Required::No,
            Some(Ok((when_true, _))) => match when_true {
                Cond::Const(true) => Required::Always,
                Cond::Const(false) => Required::No,
                c => Required::When(c.render(dialect)),
            },
            Some(Err(e)) => {
                warn(RuleKind::Required, e);
                Required::No
            }
        };
        let constraint = match q.compiled.constraint.as_ref().map(|n| tr.truth(n)) {
            None => None,
            Some(Ok((_, when_false))) => match when_false.not() {
                Cond::Const(true) => None,
                c => Some(c.render(dialect)),
            },
            Some(Err(e)) => {
                warn(RuleKind::Constraint, e);
                None
            }
        };
        Some(QuestionLogic { id: q.id.clone(), relevant, required, constraint, warnings })
    }
}
