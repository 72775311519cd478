//! One provider's open actions, for the provider to see next to the questions they concern
//! (the questionnaire page's "Öppna åtgärdsplan", `docs/follow-through.md`): each open action
//! with its requirement's title and the questions the requirement reads (from the pack),
//! what will be done, owner, due date and whether it is overdue on the date of the check.
//!
//! The JSON is a small documented format (`"format": "granska-atgardsplan"`, `"version": 1`)
//! the page checks before it shows anything.

use std::sync::Arc;

use granska::{Pack, Text};
use serde::Serialize;

use super::{ActionCheck, ActionState, ActionStatus};
use crate::history::History;

/// The `format` field of [`OpenActions`] JSON: what the page checks a file is.
pub const OPEN_ACTIONS_FORMAT: &str = "granska-atgardsplan";
/// The version of the [`OpenActions`] JSON format.
pub const OPEN_ACTIONS_VERSION: u32 = 1;

/// One open action of a provider, with what the page needs to place it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenAction {
    /// The service type it concerns.
    pub service: Arc<str>,
    /// The requirement it answers, by id; none for an action on an audit finding.
    pub requirement: Option<String>,
    /// The requirement's title (from the pack, else as the reports gave it); none without a
    /// requirement or a title.
    pub title: Option<Text>,
    /// The ids of the questions the requirement reads, in questionnaire order (empty when the
    /// pack has no such requirement, or for an audit finding).
    pub questions: Vec<String>,
    /// The audit finding it answers (the auditor's reference), if any.
    pub finding: Option<String>,
    /// What will be done.
    pub action: String,
    /// Who owns it.
    pub owner: String,
    /// The due date, `YYYY-MM-DD`.
    pub due: String,
    /// Its status as recorded (`open`; an action closed after the date of the check was still
    /// open on it and is listed, with its status `closed`).
    pub status: ActionStatus,
    /// Whether it is past its due date on the date of the check.
    pub overdue: bool,
}

/// A provider's open actions on the date of the check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenActions {
    /// Always [`OPEN_ACTIONS_FORMAT`].
    pub format: &'static str,
    /// Always [`OPEN_ACTIONS_VERSION`].
    pub version: u32,
    /// The provider's id (as in the history, after its id links).
    pub provider: String,
    /// The date of the check, `YYYY-MM-DD`.
    pub as_of: String,
    /// The id of the pack the questions are named from.
    pub pack: String,
    /// That pack's version, if it declares one.
    pub pack_version: Option<String>,
    /// The open actions, in the plans' order.
    pub actions: Vec<OpenAction>,
}

impl ActionCheck {
    /// The open actions (overdue ones included) of `provider` — its id now, or an old id the
    /// history links to it — with the questions each requirement reads in `pack`. `None` when
    /// no report of the history is of that provider.
    pub fn open_actions(&self, provider: &str, pack: &Pack, history: &History) -> Option<OpenActions> {
        let id = history.links.iter().find(|l| l.old == provider).map_or(provider, |l| l.new.as_str());
        if !history.providers.iter().any(|p| &*p.provider == id) {
            return None;
        }
        let actions = self
            .actions
            .iter()
            .filter(|a| &*a.provider_id == id && matches!(a.state, ActionState::Open | ActionState::Overdue))
            .map(|a| {
                let r = &a.record;
                let req = r.requirement.as_deref();
                let title = req.and_then(|req| {
                    pack.requirement(req).map(|p| p.title.clone()).or_else(|| history.requirements.iter().find(|h| &*h.id == req).and_then(|h| h.title.as_deref().cloned()))
                });
                let questions = req.and_then(|req| pack.requirement_questions(req)).unwrap_or_default().into_iter().map(str::to_string).collect();
                OpenAction {
                    service: Arc::clone(&a.service_type),
                    requirement: r.requirement.clone(),
                    title,
                    questions,
                    finding: r.finding.clone(),
                    action: r.action.clone(),
                    owner: r.owner.clone(),
                    due: r.due.clone(),
                    status: r.status,
                    overdue: a.state == ActionState::Overdue,
                }
            })
            .collect();
        Some(OpenActions {
            format: OPEN_ACTIONS_FORMAT,
            version: OPEN_ACTIONS_VERSION,
            provider: id.to_string(),
            as_of: self.as_of.clone(),
            pack: pack.info().id.clone(),
            pack_version: pack.info().version.clone(),
            actions,
        })
    }
}

impl OpenActions {
    /// As pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}
