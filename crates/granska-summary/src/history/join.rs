//! The join: every year's reports lined up per provider (after the id mapping) and
//! requirement (by id), each verdict given its [`HistoryStatus`] against the years before, and
//! the figures of the year in focus ("12 verksamheter uppfyller inte kravet … för andra året
//! i rad").
//!
//! A provider is a provider id (as mapped) and a service type, as in a year's summary. Years
//! are the calendar years of the report dates. Two reports of one provider in one year (two
//! old ids merged into one, or a provider reported twice) are both kept: the provider's
//! verdict that year is the worse (`not_met` before `unanswered` before `met` before
//! `not_applicable`), and a provider reported twice under the same id is a warning naming both
//! places. Memory is one byte per provider, year and requirement.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use granska::{Lang, Text, Verdict};
use serde::Serialize;

use super::status::ordinal;
use super::{HistoryStatus, ProviderMapping, YearReport};
use crate::export::{InputCode, InputProblem};

/// The version of the history's JSON format.
pub const HISTORY_FORMAT: u32 = 1;

/// How the history is joined.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    /// The year in focus (its figures are computed); the latest year of the reports by default.
    pub year: Option<i32>,
    /// Join years checked with packs of different ids (by requirement id). Off by default:
    /// packs of different ids are different rules.
    pub allow_other_pack: bool,
}

/// A pack that checked some of a year's reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryPack {
    /// The pack's id.
    pub id: String,
    /// Its version.
    pub version: Option<String>,
    /// Its content hash (64 hexadecimal digits; empty when the reports had none).
    pub content_hash: String,
    /// How many of the year's reports it checked.
    pub reports: u64,
}

/// One year of the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryYear {
    /// The calendar year of the report dates.
    pub year: i32,
    /// Reports read for the year.
    pub reports: u64,
    /// Providers (id as mapped, service type) with a report that year.
    pub providers: u64,
    /// The packs the reports were checked with, by id and version.
    pub packs: Vec<HistoryPack>,
}

/// A requirement of the history and the years whose pack has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryRequirement {
    /// The requirement's id.
    pub id: Arc<str>,
    /// Its title (the latest year's that gave one).
    pub title: Option<Arc<Text>>,
    /// The years whose reports have a verdict on it.
    pub years: Vec<i32>,
    /// Whether its title differs between years (the rule may have changed under the same id:
    /// compare the packs with `granska diff`).
    pub title_changed: bool,
}

/// One year of a provider's history: the ids it reported under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderYear {
    /// The year.
    pub year: i32,
    /// The ids its reports carried that year (more than one after a merger); empty when it
    /// has no report that year.
    pub reported_as: Vec<String>,
    /// The latest report date that year, `YYYY-MM-DD`; none when it has no report.
    pub date: Option<String>,
}

/// A provider of the history: its id as mapped, its service type and every year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryProvider {
    /// The provider's id (the newest, after the mapping).
    pub provider: Arc<str>,
    /// The service type.
    pub service: Arc<str>,
    /// The name of its latest report that gave one.
    pub name: Option<String>,
    /// Every year of the history, in order: the ids reported under, or none (missing).
    pub years: Vec<ProviderYear>,
    /// The years it has no report (shown, never dropped).
    pub missing_years: Vec<i32>,
}

/// A provider's verdict on one requirement in one year, with its status: one row of the
/// tidy table (`provider, service, requirement, year, verdict, status, run`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    /// The provider's id (as mapped).
    pub provider: Arc<str>,
    /// The service type.
    pub service: Arc<str>,
    /// The requirement's id.
    pub requirement: Arc<str>,
    /// The year.
    pub year: i32,
    /// The verdict; none when the provider has no report or no verdict that year.
    pub verdict: Option<Verdict>,
    /// The verdict read against the earlier years.
    pub status: HistoryStatus,
    /// For a `not_met`: how many years running it has not been met, this year included (1
    /// for a first time or with earlier years not known); 0 otherwise.
    pub run: u32,
}

/// A figure of the year in focus: how many providers have not met a requirement for `run`
/// years running.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecurringFigure {
    /// The requirement's id.
    pub requirement: Arc<str>,
    /// Years running, this year included (2 or more).
    pub run: u32,
    /// How many providers.
    pub count: u64,
    /// Which providers (`id (service)`), in order.
    pub providers: Vec<String>,
    /// The figure in words: "12 verksamheter uppfyller inte kravet ”Riskanalys på
    /// verksamhetsnivå” för andra året i rad (2018)."
    pub text: Text,
}

/// The year in focus per requirement: how many providers have each status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// The requirement's id.
    pub requirement: Arc<str>,
    /// Providers per status (every status, zeros included), in the statuses' order.
    pub counts: BTreeMap<&'static str, u64>,
}

/// Provider history over several years: per provider and requirement, the verdict of every
/// year and what it means (first time, again, improved), the figures of the year in focus and
/// what could not be compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct History {
    /// [`HISTORY_FORMAT`].
    pub format: u32,
    /// The year in focus.
    pub year: i32,
    /// Every year, in order.
    pub years: Vec<HistoryYear>,
    /// Every requirement with a verdict in some year, by id.
    pub requirements: Vec<HistoryRequirement>,
    /// Every provider, by id and service type.
    pub providers: Vec<HistoryProvider>,
    /// The tidy table: one row per provider, requirement (that applied to it in some year)
    /// and year.
    pub rows: Vec<HistoryRow>,
    /// The year in focus: providers not meeting a requirement two or more years running, by
    /// requirement and run length.
    pub recurring: Vec<RecurringFigure>,
    /// The year in focus: providers per status, per requirement.
    pub counts: Vec<StatusCounts>,
    /// The provider id links used.
    pub links: Vec<super::ProviderLink>,
    /// Every problem with the inputs: reports and mapping rows not read, providers reported
    /// twice.
    pub problems: Vec<InputProblem>,
}

/// Why a history cannot be joined.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// No report could be read.
    #[error("no report could be read, so there is no history to show")]
    NoReports,
    /// The year asked for has no reports.
    #[error("the year {year} has no reports (the reports are from {})", list(.years))]
    NoSuchYear {
        /// The year asked for.
        year: i32,
        /// The years the reports are from.
        years: Vec<i32>,
    },
    /// The years were checked with packs of different ids.
    #[error("the reports were checked with different packs ({}); join packs of different ids only with allow_other_pack (--allow-other-pack), by requirement id", .packs.join(", "))]
    OtherPack {
        /// Each pack id with the years it checked: `granska (2016, 2017)`.
        packs: Vec<String>,
    },
}

fn list(years: &[i32]) -> String {
    years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

impl HistoryError {
    /// The message in Swedish and English.
    pub fn text(&self) -> Text {
        let sv = match self {
            HistoryError::NoReports => "Ingen rapport kunde läsas, så det finns ingen historik att visa.".to_string(),
            HistoryError::NoSuchYear { year, years } => format!("Året {year} har inga rapporter (rapporterna är från {}).", list(years)),
            HistoryError::OtherPack { packs } => format!(
                "Rapporterna är bedömda med olika regelpaket ({}); regelpaket med olika id jämförs bara med allow_other_pack (--allow-other-pack), per krav-id.",
                packs.join(", ")
            ),
        };
        Text { sv, en: self.to_string() }
    }
}

/// A cell of the grid: the provider's verdict that year, the worse of several reports.
const NO_REPORT: u8 = 0;
const NO_VERDICT: u8 = 1;

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::NotApplicable => 2,
        Verdict::Met => 3,
        Verdict::Unanswered => 4,
        Verdict::NotMet => 5,
    }
}

fn verdict_of(cell: u8) -> Option<Verdict> {
    match cell {
        2 => Some(Verdict::NotApplicable),
        3 => Some(Verdict::Met),
        4 => Some(Verdict::Unanswered),
        5 => Some(Verdict::NotMet),
        _ => None,
    }
}

/// A pack as reports name it: id, version, content hash.
type PackKey = (String, Option<String>, String);

struct Provider {
    provider: Arc<str>,
    service: Arc<str>,
    name: Option<(i32, String)>,
    /// Per year index: the ids reported under, with the place of each report.
    reported: Vec<Vec<(String, String)>>,
    /// Per year index: the latest report date (days since 1970-01-01).
    dates: Vec<Option<i32>>,
}

impl History {
    /// Joins the reports of several years. `problems` are the inputs' problems so far (kept
    /// in the result, first); the mapping's own problems follow them.
    ///
    /// # Errors
    ///
    /// A [`HistoryError`] when there is no report, the year asked for has none, or the
    /// years were checked with packs of different ids (without `allow_other_pack`).
    pub fn join(reports: &[YearReport], mapping: &ProviderMapping, options: &HistoryOptions, mut problems: Vec<InputProblem>) -> Result<History, HistoryError> {
        problems.extend(mapping.problems.iter().cloned());
        if reports.is_empty() {
            return Err(HistoryError::NoReports);
        }
        // Years and packs.
        let years: Vec<i32> = reports.iter().map(|r| r.year).collect::<BTreeSet<_>>().into_iter().collect();
        let year_index: HashMap<i32, usize> = years.iter().enumerate().map(|(i, &y)| (y, i)).collect();
        let focus = options.year.unwrap_or(years[years.len() - 1]);
        let Some(&focus_index) = year_index.get(&focus) else {
            return Err(HistoryError::NoSuchYear { year: focus, years });
        };
        let mut packs: Vec<BTreeMap<PackKey, u64>> = vec![BTreeMap::new(); years.len()];
        let mut pack_years: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
        for r in reports {
            *packs[year_index[&r.year]].entry((r.pack.clone(), r.pack_version.clone(), r.pack_content_hash.clone())).or_default() += 1;
            pack_years.entry(&r.pack).or_default().insert(r.year);
        }
        if pack_years.len() > 1 && !options.allow_other_pack {
            return Err(HistoryError::OtherPack {
                packs: pack_years.iter().map(|(id, ys)| format!("{id} ({})", ys.iter().map(i32::to_string).collect::<Vec<_>>().join(", "))).collect(),
            });
        }
        // Requirements (by id, in id order) and providers (by mapped id and service type).
        let mut req_index: HashMap<Arc<str>, u32> = HashMap::new();
        let mut req_ids: Vec<Arc<str>> = vec![];
        let mut provider_index: HashMap<(&str, &str), u32> = HashMap::new();
        let mut providers: Vec<Provider> = vec![];
        let mut report_provider: Vec<u32> = Vec::with_capacity(reports.len());
        for r in reports {
            for v in &r.verdicts {
                if !req_index.contains_key(&v.requirement) {
                    req_index.insert(Arc::clone(&v.requirement), req_ids.len() as u32);
                    req_ids.push(Arc::clone(&v.requirement));
                }
            }
            let id = mapping.resolve(&r.provider);
            let p = *provider_index.entry((id, r.service.as_str())).or_insert_with(|| {
                providers.push(Provider {
                    provider: Arc::from(id),
                    service: Arc::from(r.service.as_str()),
                    name: None,
                    reported: vec![vec![]; years.len()],
                    dates: vec![None; years.len()],
                });
                (providers.len() - 1) as u32
            });
            report_provider.push(p);
            let y = year_index[&r.year];
            let prov = &mut providers[p as usize];
            if let Some(first) = prov.reported[y].iter().find(|(id, _)| *id == r.provider) {
                let mut w = InputProblem::new_file(
                    &r.file,
                    InputCode::DuplicateProvider,
                    format!(
                        "Verksamheten {} ({}) har redan en rapport för {} ({}); båda räknas, och den sämre bedömningen av varje krav gäller.",
                        r.provider, r.service, r.year, first.1
                    ),
                    format!(
                        "the provider {} ({}) already has a report for {} ({}); both count, and the worse verdict on each requirement holds",
                        r.provider, r.service, r.year, first.1
                    ),
                );
                w.provider = Some(r.provider.clone());
                w.row = r.row;
                w.field = r.path.clone();
                problems.push(w);
            }
            prov.reported[y].push((r.provider.clone(), r.place.clone()));
            prov.dates[y] = prov.dates[y].max(Some(r.date));
            if let Some(n) = &r.name
                && prov.name.as_ref().is_none_or(|(y0, _)| *y0 <= r.year)
            {
                prov.name = Some((r.year, n.clone()));
            }
        }
        // Requirement ids in id order: re-index.
        let mut order: Vec<u32> = (0..req_ids.len() as u32).collect();
        order.sort_by(|&a, &b| req_ids[a as usize].cmp(&req_ids[b as usize]));
        let mut rank_of = vec![0u32; req_ids.len()];
        for (pos, &i) in order.iter().enumerate() {
            rank_of[i as usize] = pos as u32;
        }
        let nreq = req_ids.len();
        let nyears = years.len();
        // The grid: provider × year × requirement.
        let mut grid = vec![NO_REPORT; providers.len() * nyears * nreq];
        let mut in_year = vec![false; nyears * nreq];
        let mut titles: Vec<Vec<Option<Arc<Text>>>> = vec![vec![None; nyears]; nreq];
        for (r, &p) in reports.iter().zip(&report_provider) {
            let y = year_index[&r.year];
            let base = (p as usize * nyears + y) * nreq;
            // A report present: every requirement has at least "no verdict".
            for c in &mut grid[base..base + nreq] {
                *c = (*c).max(NO_VERDICT);
            }
            for v in &r.verdicts {
                let q = rank_of[req_index[&v.requirement] as usize] as usize;
                let c = &mut grid[base + q];
                *c = (*c).max(rank(v.verdict));
                in_year[y * nreq + q] = true;
                if titles[q][y].is_none() && v.title.is_some() {
                    titles[q][y] = v.title.clone();
                }
            }
        }
        let req_sorted: Vec<Arc<str>> = order.iter().map(|&i| Arc::clone(&req_ids[i as usize])).collect();
        // Providers in id and service order.
        let mut prov_order: Vec<usize> = (0..providers.len()).collect();
        prov_order.sort_by(|&a, &b| (&providers[a].provider, &providers[a].service).cmp(&(&providers[b].provider, &providers[b].service)));

        let mut rows = Vec::new();
        let mut counts: Vec<Vec<u64>> = vec![vec![0; HistoryStatus::ALL.len()]; nreq];
        let mut recurring: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        let mut statuses = vec![HistoryStatus::Missing; nyears];
        let mut runs = vec![0u32; nyears];
        for &p in &prov_order {
            let prov = &providers[p];
            for q in 0..nreq {
                let cells = (0..nyears).map(|y| grid[(p * nyears + y) * nreq + q]);
                // Only requirements that applied to the provider in some year.
                if !cells.clone().any(|c| c >= 3) {
                    continue;
                }
                let (mut run, mut ever, mut last_not_met) = (0u32, false, false);
                // Whether every earlier year of this row is known not to be `not_met`: only
                // then is a `not_met` a first time. The history's first year has none.
                let mut known_before = false;
                for (y, cell) in cells.enumerate() {
                    // A calendar year with no report at all between two years of the history
                    // is not known: it breaks a run, as a provider's missing year does.
                    if y > 0 && years[y] != years[y - 1] + 1 {
                        run = 0;
                        last_not_met = false;
                        known_before = false;
                    }
                    let status = match (cell, in_year[y * nreq + q]) {
                        (NO_REPORT, _) => HistoryStatus::Missing,
                        (_, false) => HistoryStatus::NotInPack,
                        (NO_VERDICT, true) => HistoryStatus::NoVerdict,
                        (c, true) => match verdict_of(c) {
                            Some(Verdict::NotMet) => {
                                run += 1;
                                let s = if run >= 2 {
                                    HistoryStatus::NotMetAgain
                                } else if ever {
                                    HistoryStatus::NotMetEarlier
                                } else if known_before {
                                    HistoryStatus::NotMetFirst
                                } else {
                                    HistoryStatus::NotMetUnknownBefore
                                };
                                ever = true;
                                s
                            }
                            Some(Verdict::Met) if last_not_met => HistoryStatus::Improved,
                            Some(Verdict::Met) => HistoryStatus::Met,
                            Some(Verdict::Unanswered) => HistoryStatus::Unanswered,
                            _ => HistoryStatus::NotApplicable,
                        },
                    };
                    known_before = match status {
                        HistoryStatus::Met | HistoryStatus::Improved | HistoryStatus::NotApplicable | HistoryStatus::NotInPack => y == 0 || known_before,
                        _ => false,
                    };
                    last_not_met = status.is_not_met();
                    if !last_not_met {
                        run = 0;
                    }
                    statuses[y] = status;
                    runs[y] = run;
                }
                for y in 0..nyears {
                    rows.push(HistoryRow {
                        provider: Arc::clone(&prov.provider),
                        service: Arc::clone(&prov.service),
                        requirement: Arc::clone(&req_sorted[q]),
                        year: years[y],
                        verdict: verdict_of(grid[(p * nyears + y) * nreq + q]),
                        status: statuses[y],
                        run: runs[y],
                    });
                }
                counts[q][statuses[focus_index] as usize] += 1;
                if statuses[focus_index] == HistoryStatus::NotMetAgain {
                    recurring.entry((q, runs[focus_index])).or_default().push(p);
                }
            }
        }
        let title_of = |q: usize| titles[q].iter().rev().flatten().next().cloned();
        let requirements = (0..nreq)
            .map(|q| {
                let given: Vec<&Arc<Text>> = titles[q].iter().flatten().collect();
                HistoryRequirement {
                    id: Arc::clone(&req_sorted[q]),
                    title: title_of(q),
                    years: (0..nyears).filter(|&y| in_year[y * nreq + q]).map(|y| years[y]).collect(),
                    title_changed: given.windows(2).any(|w| w[0] != w[1]),
                }
            })
            .collect();
        let recurring = recurring
            .into_iter()
            .map(|((q, run), ps)| {
                let title = title_of(q);
                let providers: Vec<String> = ps.iter().map(|&p| format!("{} ({})", providers[p].provider, providers[p].service)).collect();
                let text = recurring_text(providers.len() as u64, &req_sorted[q], title.as_deref(), run, focus);
                RecurringFigure { requirement: Arc::clone(&req_sorted[q]), run, count: providers.len() as u64, providers, text }
            })
            .collect();
        let counts = (0..nreq)
            .map(|q| StatusCounts { requirement: Arc::clone(&req_sorted[q]), counts: HistoryStatus::ALL.iter().map(|&s| (s.as_str(), counts[q][s as usize])).collect() })
            .collect();
        let history_years = (0..nyears)
            .map(|y| HistoryYear {
                year: years[y],
                reports: packs[y].values().sum(),
                providers: providers.iter().filter(|p| !p.reported[y].is_empty()).count() as u64,
                packs: packs[y].iter().map(|((id, version, hash), &n)| HistoryPack { id: id.clone(), version: version.clone(), content_hash: hash.clone(), reports: n }).collect(),
            })
            .collect();
        let history_providers = prov_order
            .iter()
            .map(|&p| {
                let prov = &providers[p];
                let mut ids: Vec<Vec<String>> = prov.reported.iter().map(|r| r.iter().map(|(id, _)| id.clone()).collect::<BTreeSet<_>>().into_iter().collect()).collect();
                HistoryProvider {
                    provider: Arc::clone(&prov.provider),
                    service: Arc::clone(&prov.service),
                    name: prov.name.as_ref().map(|(_, n)| n.clone()),
                    missing_years: (0..nyears).filter(|&y| ids[y].is_empty()).map(|y| years[y]).collect(),
                    years: (0..nyears).map(|y| ProviderYear { year: years[y], reported_as: std::mem::take(&mut ids[y]), date: prov.dates[y].map(granska::format_date) }).collect(),
                }
            })
            .collect();
        Ok(History {
            format: HISTORY_FORMAT,
            year: focus,
            years: history_years,
            requirements,
            providers: history_providers,
            rows,
            recurring,
            counts,
            links: mapping.links(),
            problems,
        })
    }
}

/// "12 verksamheter uppfyller inte kravet ”Riskanalys på verksamhetsnivå” för andra året i
/// rad (2018)."
fn recurring_text(count: u64, id: &str, title: Option<&Text>, run: u32, year: i32) -> Text {
    let (sv_title, en_title) = match title {
        Some(t) => (t.sv.as_str(), t.en.as_str()),
        None => (id, id),
    };
    let (sv_n, en_n) = if count == 1 { ("1 verksamhet".to_string(), "1 provider".to_string()) } else { (format!("{count} verksamheter"), format!("{count} providers")) };
    Text {
        sv: format!("{sv_n} uppfyller inte kravet ”{sv_title}” för {} året i rad ({year}).", ordinal(run, Lang::Sv)),
        en: format!("{en_n} did not meet the requirement “{en_title}” for the {} year running ({year}).", ordinal(run, Lang::En)),
    }
}
