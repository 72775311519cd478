//! Form state, for a questionnaire being filled in: which questions are asked now, which
//! required ones are missing, which answers are wrong, and which requirements are still
//! undecided and by which questions.

use std::sync::Arc;

use serde::Serialize;

use crate::answers::{AnswerIssue, Answers};
use crate::lang::eval::{Cx, Verdict};
use crate::lang::value::Value;
use crate::pack::Pack;
use crate::text::Text;
use crate::verdict::report::{asked, deciding_questions};

/// The state of a questionnaire for the answers given so far.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormState {
    /// Questions to show now (asked of the service type and relevant), in order.
    pub relevant: Vec<String>,
    /// Required questions that are shown but not answered.
    pub missing: Vec<String>,
    /// Field errors: wrong type, out of range, broken constraints, ….
    // `AnswerIssue` is declared by hand (bindings/wasm/src/lib.rs); its `IssueCode` is generated (generated.d.ts).
    #[cfg_attr(feature = "ts", ts(type = "AnswerIssue[]"))]
    pub errors: Vec<AnswerIssue>,
    /// Every requirement's current verdict.
    pub verdicts: Vec<FormVerdict>,
    /// Requirements still undecided, with the questions that would decide them.
    pub undecided: Vec<Undecided>,
}

/// A requirement's verdict in a [`FormState`].
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormVerdict {
    /// The requirement's id.
    pub requirement: Arc<str>,
    /// Its verdict on the answers so far.
    pub verdict: Verdict,
}

/// A requirement the answers so far cannot decide, in a [`FormState`].
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Undecided {
    /// The requirement's id.
    pub requirement: Arc<str>,
    /// The requirement's title in both languages.
    pub title: Arc<Text>,
    /// The unanswered questions that would decide it.
    pub questions: Vec<String>,
}

impl Pack {
    /// The form state for partial answers.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().unwrap();
    /// let answers = pack.read_report_json(r#"{"provider": "P1", "service": "heldygnsvard",
    ///     "date": "2017-12-31", "answers": {"lex_sarah.rapporter": 0}}"#).unwrap();
    /// let form = pack.form_state(&answers);
    /// // Investigations are asked only when there were reports.
    /// assert!(!form.relevant.iter().any(|q| q == "lex_sarah.utredningar"));
    /// assert!(form.missing.iter().any(|q| q == "ledning.ledningssystem"));
    /// ```
    pub fn form_state(&self, answers: &Answers) -> FormState {
        let data = &*self.data;
        let cx = Cx::new(data, answers);
        let mut relevant = vec![];
        let mut missing = vec![];
        for (i, q) in data.questions.iter().enumerate() {
            if !asked(&cx, i as u32) {
                continue;
            }
            relevant.push(q.id.clone());
            let required = q.compiled.required.as_ref().is_some_and(|r| cx.eval(r, None) == Value::Bool(true));
            if required && !answers.is_answered(i as u32) {
                missing.push(q.id.clone());
            }
        }
        // The verdicts as `check` gives them, without explaining them: only the undecided
        // ones need more, the questions that would decide them.
        let mut verdicts = Vec::with_capacity(data.requirements.len());
        let mut undecided = vec![];
        for r in &data.requirements {
            let verdict = cx.verdict(r);
            verdicts.push(FormVerdict { requirement: Arc::clone(&r.compiled.texts.id), verdict });
            if verdict == Verdict::Unanswered {
                undecided.push(Undecided { requirement: Arc::clone(&r.compiled.texts.id), title: Arc::clone(&r.compiled.texts.title), questions: deciding_questions(&cx, r) });
            }
        }
        let errors = answers.issues.iter().filter(|i| !i.code.is_warning()).cloned().collect();
        FormState { relevant, missing, errors, verdicts, undecided }
    }
}
