//! The year's audits beside last year's ([`AuditSummary::compare_with`]).
//!
//! Audits sample different providers each year, so "genomförandeplan saknades i 0 av 20
//! granskade akter" against last year's figure mixes a change in quality with a change in
//! who was audited. The rule (documented in `docs/audits-and-surveys.md`):
//!
//! - the year's figure gets last year's year figure beside it, labelled with its sample
//!   ("föregående år: 2 av 18 granskade akter hos 5 andra utförare"), never a difference;
//! - a change in percentage points is computed only over the providers audited both years
//!   (same provider id and service type): their items this year against their items last
//!   year ("−5 p.e. hos de 2 utförare som granskades båda åren"); with none, no change;
//! - each provider audited both years gets its own figure of last year and its change.
//!
//! Indicators and requirements are matched by id; those in only one year's checklist show no
//! change and say so, and last year's with no counterpart are listed, not dropped.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use granska::{Lang, Text};

use super::{AuditFigures, AuditSummary, ProviderAudit};
use crate::last_year::{LastYearError, SummaryKind, check_packs, points_text, read_json};
use crate::{SummaryPack, group_digits, percent};

/// A share of audited items: `count` of `of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuditShare {
    /// Items counted (for a requirement: met).
    pub count: i64,
    /// Items in the denominator (for a requirement: applied).
    pub of: i64,
    /// `count` of `of` in whole percent, half up; `None` when `of` is 0.
    pub percent: Option<i64>,
}

impl AuditShare {
    fn new(count: i64, of: i64) -> AuditShare {
        AuditShare { count, of, percent: percent(count.max(0) as u64, of.max(0) as u64) }
    }

    fn add(self, other: AuditShare) -> AuditShare {
        AuditShare::new(self.count + other.count, self.of + other.of)
    }

    /// "2 av 18 granskade akter, 11 procent".
    fn words(&self, unit: &Text, lang: Lang) -> String {
        let (av, proc_) = if lang == Lang::Sv { ("av", "procent") } else { ("of", "percent") };
        let base = format!("{} {av} {} {}", group_digits(&self.count.to_string(), lang), group_digits(&self.of.to_string(), lang), unit.get(lang));
        match self.percent {
            Some(p) => format!("{base}, {p} {proc_}"),
            None => base,
        }
    }
}

/// The figures of the providers audited both years, and their change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BothYears {
    /// The providers audited both years (ids).
    pub providers: Vec<String>,
    /// Their items this year.
    pub now: AuditShare,
    /// Their items last year.
    pub previous: AuditShare,
    /// `now` minus `previous` in percentage points (of the rounded percents); `None` when
    /// either has no items.
    pub points: Option<i64>,
}

/// One audit figure's comparison with last year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditChange {
    /// Last year's figure over the same scope: for a provider its own audit last year, for
    /// the year every item audited last year (another sample of providers). `None` when
    /// last year's checklist has no such figure.
    pub previous: Option<AuditShare>,
    /// Last year's figure in words, labelled with its sample: "föregående år: 2 av 18
    /// granskade akter hos 5 andra utförare, 11 procent".
    pub previous_text: Text,
    /// Over the providers audited both years (for a provider: itself); `None` when there are
    /// none or last year has no such figure.
    pub both_years: Option<BothYears>,
    /// The change in words: "−5 p.e. hos de 2 utförare som granskades båda åren (…)", or "–"
    /// with the reason there is none.
    pub text: Text,
}

/// A provider audited last year or both years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditedProvider {
    /// The provider's id.
    pub provider: String,
    /// Its name, if a record gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The service type audited.
    pub service: String,
}

/// A figure of last year's checklist that this year's has not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLastYearOnly {
    /// `indicator` or `requirement`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// Last year's figure over the year.
    pub previous: AuditShare,
    /// "föregående år: … (finns inte i årets granskningsmall)".
    pub text: Text,
}

/// The audits this year's were compared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousAudits {
    /// Last year's checklist pack.
    pub pack: SummaryPack,
    /// The providers audited last year.
    pub providers: Vec<AuditedProvider>,
    /// The providers audited both years (provider id and service type).
    pub both_years: Vec<AuditedProvider>,
    /// Case files audited last year.
    pub case_files: i64,
    /// Interviews with young people last year.
    pub interviews_young: i64,
    /// Interviews with staff last year.
    pub interviews_staff: i64,
    /// The samples in words: "Föregående år granskades 5 verksamheter (18 akter); ingen av
    /// dem har granskats i år."
    pub text: Text,
    /// Last year's figures with no counterpart in this year's checklist.
    pub only_last_year: Vec<AuditLastYearOnly>,
}

/// Indicator or requirement shares of a set of figures, by id.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Indicators,
    Requirements,
}

fn shares(f: &AuditFigures, which: Which) -> HashMap<&str, AuditShare> {
    match which {
        Which::Indicators => f.indicators.iter().map(|i| (i.id.as_str(), AuditShare { count: i.count, of: i.of, percent: i.percent })).collect(),
        Which::Requirements => f.requirements.iter().map(|r| (r.id.as_str(), AuditShare { count: r.tally.met, of: r.tally.applied, percent: r.tally.percent_met })).collect(),
    }
}

fn key(p: &ProviderAudit) -> (&str, &str) {
    (p.provider.as_str(), p.service.as_str())
}

fn provider_ref(p: &ProviderAudit) -> AuditedProvider {
    AuditedProvider { provider: p.provider.clone(), name: p.name.clone(), service: p.service.clone() }
}

fn points(now: &AuditShare, last: &AuditShare) -> Option<i64> {
    Some(now.percent? - last.percent?)
}

/// "hos 5 andra utförare" / "hos 5 utförare, varav 2 granskade även i år".
fn sample_words(last_providers: usize, overlap: usize, lang: Lang) -> String {
    let n = last_providers;
    match (lang, overlap) {
        (Lang::Sv, 0) => format!("hos {n} {}", if n == 1 { "annan utförare" } else { "andra utförare" }),
        (Lang::Sv, k) => format!("hos {n} utförare, varav {k} {} även i år", if k == 1 { "granskad" } else { "granskade" }),
        (Lang::En, 0) => format!("at {n} other {}", if n == 1 { "provider" } else { "providers" }),
        (Lang::En, k) => format!("at {n} {}, {k} of them audited again this year", if n == 1 { "provider" } else { "providers" }),
    }
}

fn year_change(id: &str, unit: &Text, which: Which, last: &AuditSummary, overlap: &[(&ProviderAudit, &ProviderAudit)]) -> AuditChange {
    let Some(prev) = shares(&last.year, which).get(id).copied() else {
        let text = Text::new("– (ingen jämförelse: finns inte i föregående års granskningsmall)", "– (no comparison: not in last year's checklist)");
        return AuditChange { previous: None, previous_text: text.clone(), both_years: None, text };
    };
    let make = |lang: Lang| {
        let before = if lang == Lang::Sv { "föregående år" } else { "last year" };
        let (c, o) = (group_digits(&prev.count.to_string(), lang), group_digits(&prev.of.to_string(), lang));
        let (av, proc_) = if lang == Lang::Sv { ("av", "procent") } else { ("of", "percent") };
        let p = prev.percent.map(|p| format!(", {p} {proc_}")).unwrap_or_default();
        format!("{before}: {c} {av} {o} {} {}{p}", unit.get(lang), sample_words(last.providers.len(), overlap.len(), lang))
    };
    let previous_text = Text { sv: make(Lang::Sv), en: make(Lang::En) };
    if overlap.is_empty() {
        let text = Text::new(
            "– (ingen förändring beräknas: ingen utförare granskades båda åren, och olika urval går inte att jämföra)",
            "– (no change computed: no provider was audited both years, and different samples cannot be compared)",
        );
        return AuditChange { previous: Some(prev), previous_text, both_years: None, text };
    }
    let mut now_sum = AuditShare::default();
    let mut last_sum = AuditShare::default();
    let mut providers = vec![];
    for (mine, theirs) in overlap {
        // A provider whose checklist lacks the figure in one year adds nothing to either.
        if let (Some(a), Some(b)) = (shares(&mine.figures, which).get(id).copied(), shares(&theirs.figures, which).get(id).copied()) {
            now_sum = now_sum.add(a);
            last_sum = last_sum.add(b);
        }
        providers.push(mine.provider.clone());
    }
    let both = BothYears { providers, now: now_sum, previous: last_sum, points: points(&now_sum, &last_sum) };
    let k = overlap.len();
    let make = |lang: Lang| {
        let who = match (lang, k) {
            (Lang::Sv, 1) => "hos den utförare som granskades båda åren".to_string(),
            (Lang::Sv, k) => format!("hos de {k} utförare som granskades båda åren"),
            (Lang::En, 1) => "at the provider audited both years".to_string(),
            (Lang::En, k) => format!("at the {k} providers audited both years"),
        };
        let (this_year, last_year) = if lang == Lang::Sv { ("i år", "föregående år") } else { ("this year", "last year") };
        let detail = format!("{this_year} {}; {last_year} {}", both.now.words(unit, lang), both.previous.words(unit, lang));
        match both.points {
            Some(p) => format!("{} {who} ({detail})", points_text(p, lang)),
            None if lang == Lang::Sv => format!("– (ingen förändring: inget granskat underlag {who}; {detail})"),
            None => format!("– (no change: nothing audited {who}; {detail})"),
        }
    };
    AuditChange { previous: Some(prev), previous_text, text: Text { sv: make(Lang::Sv), en: make(Lang::En) }, both_years: Some(both) }
}

fn provider_change(id: &str, unit: &Text, which: Which, mine: &ProviderAudit, theirs: &ProviderAudit) -> AuditChange {
    let (Some(now), Some(prev)) = (shares(&mine.figures, which).get(id).copied(), shares(&theirs.figures, which).get(id).copied()) else {
        let text = Text::new("– (ingen jämförelse: finns inte i föregående års granskningsmall)", "– (no comparison: not in last year's checklist)");
        return AuditChange { previous: None, previous_text: text.clone(), both_years: None, text };
    };
    let previous_text = Text::new(format!("föregående år: {}", prev.words(unit, Lang::Sv)), format!("last year: {}", prev.words(unit, Lang::En)));
    let both = BothYears { providers: vec![mine.provider.clone()], now, previous: prev, points: points(&now, &prev) };
    let text = match both.points {
        Some(p) => Text::new(format!("{} jämfört med föregående års granskning", points_text(p, Lang::Sv)), format!("{} against last year's audit", points_text(p, Lang::En))),
        None => Text::new("– (ingen förändring: inget granskat underlag ett av åren)", "– (no change: nothing audited in one of the years)"),
    };
    AuditChange { previous: Some(prev), previous_text, both_years: Some(both), text }
}

/// Every figure id of a summary: its indicators and requirements.
fn ids(s: &AuditSummary) -> Vec<&str> {
    s.year.indicators.iter().map(|i| i.id.as_str()).chain(s.year.requirements.iter().map(|r| r.id.as_str())).collect()
}

fn compare_figures(f: &mut AuditFigures, mut change: impl FnMut(&str, &Text, Which) -> AuditChange) {
    for i in &mut f.indicators {
        i.change = Some(change(&i.id, &i.denominator, Which::Indicators));
    }
    for r in &mut f.requirements {
        r.change = Some(change(&r.id, &r.unit, Which::Requirements));
    }
}

impl AuditSummary {
    /// Reads an audit summary from its JSON (as `granska audit --format json` writes it),
    /// e.g. last year's.
    ///
    /// # Errors
    ///
    /// [`LastYearError::Unreadable`] with the line and column where the JSON is no audit
    /// summary.
    pub fn from_json(text: &str) -> Result<AuditSummary, LastYearError> {
        read_json(SummaryKind::Audits, text)
    }

    /// Compares the year's audits with last year's (`previous`): each figure of the year
    /// gets last year's year figure beside it, labelled with last year's sample, and a
    /// change in percentage points only over the providers audited both years (same provider
    /// id and service type); each provider audited both years gets its own change. Figures
    /// are matched by id ([`AuditChange`], [`PreviousAudits`]).
    ///
    /// # Errors
    ///
    /// [`LastYearError::OtherPack`] when `previous` was made with another checklist whose
    /// figures do not match by id (the rule of [`crate::last_year`]). Nothing is changed
    /// then.
    pub fn compare_with(&mut self, previous: &AuditSummary) -> Result<(), LastYearError> {
        check_packs(SummaryKind::Audits, &self.pack, &previous.pack, &ids(self), &ids(previous))?;
        let last_by_key: HashMap<(&str, &str), &ProviderAudit> = previous.providers.iter().map(|p| (key(p), p)).collect();
        let overlap: Vec<(&ProviderAudit, &ProviderAudit)> = self.providers.iter().filter_map(|p| last_by_key.get(&key(p)).map(|l| (p, *l))).collect();
        let mut year = self.year.clone();
        compare_figures(&mut year, |id, unit, which| year_change(id, unit, which, previous, &overlap));
        let both_years: Vec<AuditedProvider> = overlap.iter().map(|(p, _)| provider_ref(p)).collect();
        let overlap_keys: BTreeSet<(String, String)> = overlap.iter().map(|(p, _)| (p.provider.clone(), p.service.clone())).collect();
        drop(overlap);
        self.year = year;
        for p in &mut self.providers {
            if !overlap_keys.contains(&(p.provider.clone(), p.service.clone())) {
                continue;
            }
            let Some(theirs) = last_by_key.get(&(p.provider.as_str(), p.service.as_str())).copied() else { continue };
            let mine = p.clone();
            compare_figures(&mut p.figures, |id, unit, which| provider_change(id, unit, which, &mine, theirs));
        }
        let mut only_last_year = vec![];
        for i in &previous.year.indicators {
            if !self.year.indicators.iter().any(|m| m.id == i.id) {
                let share = AuditShare { count: i.count, of: i.of, percent: i.percent };
                only_last_year.push(last_only("indicator", &i.id, &i.title, share, &i.denominator));
            }
        }
        for r in &previous.year.requirements {
            if !self.year.requirements.iter().any(|m| m.id == r.id) {
                let share = AuditShare { count: r.tally.met, of: r.tally.applied, percent: r.tally.percent_met };
                only_last_year.push(last_only("requirement", &r.id, &r.title, share, &r.unit));
            }
        }
        let text = samples_text(previous.providers.len(), both_years.len(), previous.year.case_files);
        self.previous = Some(PreviousAudits {
            pack: previous.pack.clone(),
            providers: previous.providers.iter().map(provider_ref).collect(),
            both_years,
            case_files: previous.year.case_files,
            interviews_young: previous.year.interviews_young,
            interviews_staff: previous.year.interviews_staff,
            text,
            only_last_year,
        });
        Ok(())
    }
}

/// "Föregående år granskades 5 verksamheter (18 akter); ingen av dem har granskats i år, …".
fn samples_text(n: usize, k: usize, files: i64) -> Text {
    let (verks, providers) = if n == 1 { ("verksamhet", "provider was") } else { ("verksamheter", "providers were") };
    let (akter, case_files) = if files == 1 { ("akt", "case file") } else { ("akter", "case files") };
    match k {
        0 => Text::new(
            format!(
                "Föregående år granskades {n} {verks} ({files} {akter}); {} i år, så årets och föregående års siffror gäller olika urval och ingen förändring beräknas.",
                if n == 1 { "den har inte granskats" } else { "ingen av dem har granskats" }
            ),
            format!(
                "Last year {n} {providers} audited ({files} {case_files}); {} audited this year, so this year's and last year's figures are of different samples and no change is computed.",
                if n == 1 { "it was not" } else { "none of them was" }
            ),
        ),
        _ => Text::new(
            format!("Föregående år granskades {n} {verks} ({files} {akter}), varav {k} även i år: förändringen beräknas bara över {}.", if k == 1 { "den" } else { "dem" }),
            format!(
                "Last year {n} {providers} audited ({files} {case_files}), {k} of them again this year: the change is computed over {} only.",
                if k == 1 { "that one" } else { "those" }
            ),
        ),
    }
}

fn last_only(kind: &str, id: &str, title: &Text, previous: AuditShare, unit: &Text) -> AuditLastYearOnly {
    AuditLastYearOnly {
        kind: kind.to_string(),
        id: id.to_string(),
        title: title.clone(),
        previous,
        text: Text::new(
            format!("föregående år: {} (finns inte i årets granskningsmall)", previous.words(unit, Lang::Sv)),
            format!("last year: {} (not in this year's checklist)", previous.words(unit, Lang::En)),
        ),
    }
}
