//! Action plans checked against the verdicts of a [`History`]: a shortcoming of the year in
//! focus without a plan (`no-plan`), an open plan past its due date on the given date
//! (`overdue`), a plan closed while the requirement is still not met in the provider's next
//! report after the date closed (`closed-not-met`); and the open, overdue and closed actions
//! per provider and per service type.
//!
//! A shortcoming (a `not_met` of the year in focus) has a plan when an action of the same
//! provider (its id as linked in the history), service type and requirement is open, or was
//! closed after that year's report date. An action closed after the date of the check was
//! still open on that date, and is checked as open; a report dated after the date of the
//! check is not yet known to it. An action whose provider or requirement the reports
//! do not know, or whose provider has reports for several service types and names none, is
//! refused at its place and not checked.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use granska::{Lang, Text, Verdict, did_you_mean, format_date, parse_date};
use serde::Serialize;

use super::{ActionInput, ActionRecord, ActionStatus};
use crate::export::{InputCode, InputProblem};
use crate::history::{History, HistoryRow};

granska::code_enum! {
    /// What the check of the plans found.
    pub enum ActionFindingCode("action finding") {
        /// A requirement not met in the year in focus with no plan for it.
        NoPlan = "no-plan",
        /// An open action past its due date.
        Overdue = "overdue",
        /// An action closed while the requirement is still not met in the next report.
        ClosedNotMet = "closed-not-met",
    }
}

granska::code_enum! {
    /// Where an action stands on the date of the check.
    pub enum ActionState("action state") {
        /// Open, not yet due.
        Open = "open",
        /// Open and past its due date.
        Overdue = "overdue",
        /// Closed (and not found still not met).
        Closed = "closed",
        /// Closed, but the requirement is not met in the provider's next report.
        ClosedNotMet = "closed_not_met",
    }
}

/// How the plans are checked.
#[derive(Clone, Debug)]
pub struct ActionOptions {
    /// The date the check is made on (days since 1970-01-01): an open action due before it is
    /// overdue.
    pub as_of: i32,
}

/// One action as checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckedAction {
    /// The record as read.
    #[serde(flatten)]
    pub record: ActionRecord,
    /// The provider's id in the history (after its id links).
    pub provider_id: Arc<str>,
    /// The provider's service type.
    pub service_type: Arc<str>,
    /// Where the action stands.
    pub state: ActionState,
    /// For a closed action on a requirement: the year of the provider's next report after
    /// the date closed, and its verdict there.
    pub next_report: Option<(i32, Option<Verdict>)>,
}

/// Something the check found, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionFinding {
    /// What was found.
    pub code: ActionFindingCode,
    /// The provider's id.
    pub provider: Arc<str>,
    /// The service type.
    pub service: Arc<str>,
    /// The requirement, if the finding concerns one.
    pub requirement: Option<String>,
    /// The action's place (`actions.csv, rad 4`); none for a shortcoming without a plan.
    pub place: Option<String>,
    /// The finding in both languages.
    pub text: Text,
}

/// Open, overdue and closed actions, and shortcomings without a plan, of one provider or one
/// service type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ActionTally {
    /// The provider's id; none for a service type's tally.
    pub provider: Option<Arc<str>>,
    /// The service type.
    pub service: Arc<str>,
    /// Open actions (overdue included).
    pub open: u64,
    /// Open actions past their due date.
    pub overdue: u64,
    /// Closed actions.
    pub closed: u64,
    /// Closed actions whose requirement is still not met in the next report.
    pub closed_not_met: u64,
    /// Requirements not met in the year in focus.
    pub shortcomings: u64,
    /// Of them, without a plan.
    pub without_plan: u64,
}

/// The plans checked against the verdicts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionCheck {
    /// The year whose shortcomings need a plan (the history's year in focus).
    pub year: i32,
    /// The date of the check, `YYYY-MM-DD`.
    pub as_of: String,
    /// Every action read and checked, in input order.
    pub actions: Vec<CheckedAction>,
    /// What the check found: shortcomings without a plan, overdue actions, actions closed too
    /// early; by provider.
    pub findings: Vec<ActionFinding>,
    /// Per provider and service type, in order.
    pub by_provider: Vec<ActionTally>,
    /// Per service type, in order.
    pub by_service: Vec<ActionTally>,
    /// Records not read or not checked, each located.
    pub problems: Vec<InputProblem>,
}

type Key<'a> = (&'a str, &'a str, &'a str);
/// A provider's years with the date of its report (days), in order.
type ReportDates = Vec<(i32, Option<i32>)>;

/// The requirement's title in `lang` as the reports gave it, else its id.
fn requirement_name(history: &History, requirement: &str, lang: Lang) -> String {
    history.requirements.iter().find(|r| &*r.id == requirement).and_then(|r| r.title.as_deref()).map_or_else(|| requirement.to_string(), |t| t.get(lang).to_string())
}

impl ActionCheck {
    /// Checks the actions of `input` against `history` on the date `options.as_of`.
    pub fn run(input: ActionInput, history: &History, options: &ActionOptions) -> ActionCheck {
        let mut problems = input.problems;
        let links: HashMap<&str, &str> = history.links.iter().map(|l| (l.old.as_str(), l.new.as_str())).collect();
        let mut services: HashMap<&str, Vec<&Arc<str>>> = HashMap::new();
        for p in &history.providers {
            services.entry(&p.provider).or_default().push(&p.service);
        }
        let dates: HashMap<(&str, &str), ReportDates> =
            history.providers.iter().map(|p| ((&*p.provider, &*p.service), p.years.iter().map(|y| (y.year, y.date.as_deref().and_then(parse_date))).collect())).collect();
        let mut rows: HashMap<Key<'_>, Vec<&HistoryRow>> = HashMap::new();
        for r in &history.rows {
            rows.entry((&r.provider, &r.service, &r.requirement)).or_default().push(r);
        }
        let focus_date = |provider: &str, service: &str| dates.get(&(provider, service)).and_then(|ys| ys.iter().find(|(y, _)| *y == history.year)).and_then(|(_, d)| *d);
        let mut actions = vec![];
        for record in input.records {
            let provider_id = links.get(record.provider.as_str()).copied().unwrap_or(&record.provider);
            let Some(known) = services.get(provider_id) else {
                // Sorted, so that a tie is broken the same way every run.
                let hint = did_you_mean(provider_id, services.keys().copied().collect::<std::collections::BTreeSet<_>>())
                    .map(|h| (format!(" Menade du \"{h}\"?"), format!("; did you mean \"{h}\"?")))
                    .unwrap_or_default();
                problems.push(record.loc.problem(
                    "provider",
                    Some(&record.provider),
                    InputCode::BadRecord,
                    format!("Utföraren \"{}\" finns inte i rapporterna.{} Åtgärden kontrolleras inte.", record.provider, hint.0),
                    format!("the provider \"{}\" is in none of the reports{}; the action is not checked", record.provider, hint.1),
                ));
                continue;
            };
            let service = match (&record.service, known.as_slice()) {
                (Some(s), _) => match known.iter().find(|k| ****k == *s.as_str()) {
                    Some(k) => Arc::clone(k),
                    None => {
                        let list = known.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                        problems.push(record.loc.problem(
                            "service",
                            Some(&record.provider),
                            InputCode::BadRecord,
                            format!("Utföraren {} har inga rapporter för {s} (bara {list}); åtgärden kontrolleras inte.", record.provider),
                            format!("the provider {} has no reports for {s} (only {list}); the action is not checked", record.provider),
                        ));
                        continue;
                    }
                },
                (None, [one]) => Arc::clone(one),
                (None, many) => {
                    let list = many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                    problems.push(record.loc.problem(
                        "service",
                        Some(&record.provider),
                        InputCode::BadRecord,
                        format!("Utföraren {} har rapporter för flera tjänster ({list}); ange vilken (service). Åtgärden kontrolleras inte.", record.provider),
                        format!("the provider {} has reports for several service types ({list}); give which one (service). The action is not checked", record.provider),
                    ));
                    continue;
                }
            };
            if let Some(req) = &record.requirement
                && !history.requirements.iter().any(|r| &*r.id == req.as_str())
            {
                let hint = did_you_mean(req, history.requirements.iter().map(|r| &*r.id))
                    .map(|h| (format!(" Menade du \"{h}\"?"), format!("; did you mean \"{h}\"?")))
                    .unwrap_or_default();
                problems.push(record.loc.problem(
                    "requirement",
                    Some(&record.provider),
                    InputCode::BadRecord,
                    format!("Kravet \"{req}\" finns inte i rapporterna.{} Åtgärden kontrolleras inte.", hint.0),
                    format!("the requirement \"{req}\" is in none of the reports{}; the action is not checked", hint.1),
                ));
                continue;
            }
            let due = parse_date(&record.due).unwrap_or_default();
            let closed = record.closed.as_deref().and_then(parse_date);
            let mut next_report = None;
            // An action closed after the date of the check was still open on that date.
            let open_on_date = record.status == ActionStatus::Open || closed.is_some_and(|c| c > options.as_of);
            let state = if open_on_date {
                if due < options.as_of { ActionState::Overdue } else { ActionState::Open }
            } else {
                let closed = closed.unwrap_or(i32::MIN);
                let next_year = dates.get(&(provider_id, &*service)).and_then(|ys| ys.iter().find(|(_, d)| d.is_some_and(|d| d > closed && d <= options.as_of))).map(|(y, _)| *y);
                if let (Some(req), Some(year)) = (&record.requirement, next_year) {
                    let verdict = rows.get(&(provider_id, &*service, req.as_str())).and_then(|rs| rs.iter().find(|r| r.year == year)).and_then(|r| r.verdict);
                    next_report = Some((year, verdict));
                }
                match next_report {
                    Some((_, Some(Verdict::NotMet))) => ActionState::ClosedNotMet,
                    _ => ActionState::Closed,
                }
            };
            actions.push(CheckedAction { provider_id: Arc::from(provider_id), service_type: service, state, next_report, record });
        }
        // Findings about the actions.
        let mut findings = vec![];
        let as_of = format_date(options.as_of);
        for a in &actions {
            let what = &a.record.action;
            let who = format!("{} ({})", a.provider_id, a.service_type);
            let text = match (a.state, a.next_report) {
                (ActionState::Overdue, _) => Some((
                    ActionFindingCode::Overdue,
                    Text::new(
                        format!("Åtgärden ”{what}” för {who} skulle vara klar {} men är inte avslutad ({as_of}).", a.record.due),
                        format!("The action “{what}” of {who} was due on {} and is still open ({as_of}).", a.record.due),
                    ),
                )),
                (ActionState::ClosedNotMet, Some((year, _))) => {
                    let req = a.record.requirement.as_deref().unwrap_or_default();
                    Some((
                        ActionFindingCode::ClosedNotMet,
                        Text::new(
                            format!(
                                "Åtgärden ”{what}” för {who} avslutades {}, men kravet ”{}” är fortfarande inte uppfyllt i rapporten för {year}.",
                                a.record.closed.as_deref().unwrap_or_default(),
                                requirement_name(history, req, Lang::Sv)
                            ),
                            format!(
                                "The action “{what}” of {who} was closed on {}, but the requirement “{}” is still not met in the {year} report.",
                                a.record.closed.as_deref().unwrap_or_default(),
                                requirement_name(history, req, Lang::En)
                            ),
                        ),
                    ))
                }
                _ => None,
            };
            if let Some((code, text)) = text {
                findings.push(ActionFinding {
                    code,
                    provider: Arc::clone(&a.provider_id),
                    service: Arc::clone(&a.service_type),
                    requirement: a.record.requirement.clone(),
                    place: Some(a.record.place.clone()),
                    text,
                });
            }
        }
        // Shortcomings of the year in focus, and whether each has a plan.
        let mut tallies: BTreeMap<(Arc<str>, Arc<str>), ActionTally> = BTreeMap::new();
        for r in history.rows.iter().filter(|r| r.year == history.year && r.verdict == Some(Verdict::NotMet)) {
            let report_date = focus_date(&r.provider, &r.service).unwrap_or(i32::MAX);
            let planned = actions.iter().any(|a| {
                *a.provider_id == *r.provider
                    && *a.service_type == *r.service
                    && a.record.requirement.as_deref() == Some(&*r.requirement)
                    && (matches!(a.state, ActionState::Open | ActionState::Overdue) || a.record.closed.as_deref().and_then(parse_date).is_some_and(|c| c > report_date))
            });
            let t = tallies.entry((Arc::clone(&r.provider), Arc::clone(&r.service))).or_default();
            t.shortcomings += 1;
            if !planned {
                t.without_plan += 1;
                let who = format!("{} ({})", r.provider, r.service);
                findings.push(ActionFinding {
                    code: ActionFindingCode::NoPlan,
                    provider: Arc::clone(&r.provider),
                    service: Arc::clone(&r.service),
                    requirement: Some(r.requirement.to_string()),
                    place: None,
                    text: Text::new(
                        format!("{who} uppfyller inte kravet ”{}” ({}) och har ingen åtgärdsplan för det.", requirement_name(history, &r.requirement, Lang::Sv), r.year),
                        format!("{who} did not meet the requirement “{}” ({}) and has no action plan for it.", requirement_name(history, &r.requirement, Lang::En), r.year),
                    ),
                });
            }
        }
        for a in &actions {
            let t = tallies.entry((Arc::clone(&a.provider_id), Arc::clone(&a.service_type))).or_default();
            match a.state {
                ActionState::Open => t.open += 1,
                ActionState::Overdue => {
                    t.open += 1;
                    t.overdue += 1;
                }
                ActionState::Closed => t.closed += 1,
                ActionState::ClosedNotMet => {
                    t.closed += 1;
                    t.closed_not_met += 1;
                }
            }
        }
        findings.sort_by(|a, b| (&a.provider, &a.service, a.code, &a.requirement).cmp(&(&b.provider, &b.service, b.code, &b.requirement)));
        let mut by_service: BTreeMap<Arc<str>, ActionTally> = BTreeMap::new();
        let by_provider: Vec<ActionTally> = tallies
            .into_iter()
            .map(|((provider, service), t)| {
                let s = by_service.entry(Arc::clone(&service)).or_insert_with(|| ActionTally { service: Arc::clone(&service), ..ActionTally::default() });
                s.open += t.open;
                s.overdue += t.overdue;
                s.closed += t.closed;
                s.closed_not_met += t.closed_not_met;
                s.shortcomings += t.shortcomings;
                s.without_plan += t.without_plan;
                ActionTally { provider: Some(provider), service, ..t }
            })
            .collect();
        ActionCheck { year: history.year, as_of, actions, findings, by_provider, by_service: by_service.into_values().collect(), problems }
    }

    /// The check as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The actions as CSV, one row per action: `provider,service,requirement,finding,action,
    /// owner,due,status,closed,state,place`.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(vec![]);
        let _ = w.write_record(["provider", "service", "requirement", "finding", "action", "owner", "due", "status", "closed", "state", "place"]);
        for a in &self.actions {
            let r = &a.record;
            let _ = w.write_record([
                &*a.provider_id,
                &*a.service_type,
                r.requirement.as_deref().unwrap_or_default(),
                r.finding.as_deref().unwrap_or_default(),
                &r.action,
                &r.owner,
                &r.due,
                r.status.as_str(),
                r.closed.as_deref().unwrap_or_default(),
                a.state.as_str(),
                &r.place,
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The check as text for a person, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        let t = |sv: &'static str, en: &'static str| if lang == Lang::Sv { sv } else { en };
        let mut out = String::new();
        let _ = writeln!(out, "{} {} ({} {})", t("Åtgärdsplaner, brister", "Action plans, shortcomings of"), self.year, t("per", "as of"), self.as_of);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            t("Per tjänst: öppna (varav försenade), avslutade, brister (varav utan plan)", "Per service type: open (overdue), closed, shortcomings (without a plan)")
        );
        for s in &self.by_service {
            let _ = writeln!(out, "  {}: {} ({}), {}, {} ({})", s.service, s.open, s.overdue, s.closed, s.shortcomings, s.without_plan);
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", t("Per verksamhet:", "Per provider:"));
        for p in &self.by_provider {
            let _ =
                writeln!(out, "  {} ({}): {} ({}), {}, {} ({})", p.provider.as_deref().unwrap_or_default(), p.service, p.open, p.overdue, p.closed, p.shortcomings, p.without_plan);
        }
        if !self.findings.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", t("Iakttagelser:", "Findings:"));
            for f in &self.findings {
                let at = f.place.as_deref().map(|p| format!(" [{p}]")).unwrap_or_default();
                let _ = writeln!(out, "  - {}{at}", f.text.get(lang));
            }
        }
        out
    }
}
