//! The figures of the year's audits: each case file's and interview's verdicts, and per
//! provider and over the year, each checklist requirement's tally and each indicator as the
//! follow-up writes it ("genomförandeplan saknades i 0 av 8 granskade akter").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use granska::{IndicatorValue, Lang, Pack, Text, Verdict};

use super::{AuditChange, AuditInput, ItemKind, PreviousAudits};
use crate::export::InputProblem;
use crate::{SummaryPack, Tally, group_digits, percent};

/// What the audit summary shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuditOptions {
    /// Show the auditors' free-text notes (off by default: notes may describe a person).
    pub notes: bool,
}

/// One checklist requirement over a set of audited items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRequirement {
    /// The requirement's id.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// The source it cites (as valid on the last audit date).
    pub source: String,
    /// `krav` or `bor`.
    pub severity: String,
    /// Its verdicts over the items (`applied` = met + not met + unanswered).
    pub tally: Tally,
    /// What the items it applied to are ("granskade akter"); "granskade underlag" when mixed.
    pub unit: Text,
    /// The figure in words: "uppfyllt i 8 av 8 granskade akter, 100 procent; ej uppfyllt i 0; obesvarat i 0".
    pub text: Text,
    /// Last year's share met and the change, when compared ([`AuditSummary::compare_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<AuditChange>,
}

/// One checklist indicator over a set of audited items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditIndicator {
    /// The indicator's id.
    pub id: String,
    /// Its title in both languages (a phrase: "genomförandeplan saknades").
    pub title: Text,
    /// Items counted.
    pub count: i64,
    /// Items in the denominator (the answered ones).
    pub of: i64,
    /// `count` of `of` in whole percent, half up; `None` when `of` is 0.
    pub percent: Option<i64>,
    /// Items in scope whose answers leave it unknown (left out of `of`).
    pub unanswered: i64,
    /// Who it counts over, as the pack says ("granskade akter").
    pub denominator: Text,
    /// The figure in words: "genomförandeplan saknades i 0 av 8 granskade akter, 0 procent".
    pub text: Text,
    /// Last year's figure and the change, when compared ([`AuditSummary::compare_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<AuditChange>,
}

/// Figures over a set of audited items (one provider's, or the year's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuditFigures {
    /// Case files audited.
    pub case_files: i64,
    /// Interviews with young people.
    pub interviews_young: i64,
    /// Interviews with staff.
    pub interviews_staff: i64,
    /// Each requirement of the checklist, in pack order.
    pub requirements: Vec<AuditRequirement>,
    /// Each indicator of the checklist, in pack order.
    pub indicators: Vec<AuditIndicator>,
}

/// One audited case file or interview and what it fell short of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditItemVerdicts {
    /// A case file or an interview.
    pub kind: ItemKind,
    /// The auditor's reference.
    pub id: String,
    /// Requirements not met.
    pub not_met: Vec<String>,
    /// Requirements the answers cannot decide.
    pub unanswered: Vec<String>,
    /// The auditor's note; only when notes were asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// One provider's audit (several records of the same provider and service are one audit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderAudit {
    /// The provider's id.
    pub provider: String,
    /// The provider's name, if a record gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The service type audited.
    pub service: String,
    /// The audit dates, `YYYY-MM-DD`, in order.
    pub dates: Vec<String>,
    /// Who audited.
    pub auditors: Vec<String>,
    /// The provider's figures.
    #[serde(flatten)]
    pub figures: AuditFigures,
    /// Each item's verdicts, in record order.
    pub items: Vec<AuditItemVerdicts>,
}

/// The year's audits: per provider and over the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditSummary {
    /// The checklist pack.
    pub pack: SummaryPack,
    /// Providers audited, by provider id and service.
    pub providers: Vec<ProviderAudit>,
    /// Figures over every audited item of the year.
    pub year: AuditFigures,
    /// Items and rows rejected.
    pub rejected: i64,
    /// Every problem found reading the records, in input order.
    pub problems: Vec<InputProblem>,
    /// The audits the figures were compared with ([`AuditSummary::compare_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousAudits>,
}

/// Counts over a set of items, before they become figures.
#[derive(Clone, Default)]
struct Counts {
    kinds: [i64; 3],
    /// Per requirement: met, not met, unanswered, not applicable; and the kinds applied to.
    verdicts: Vec<([i64; 4], [bool; 3])>,
    /// Per indicator: count, of, unanswered.
    indicators: Vec<[i64; 3]>,
    last_date: Option<i32>,
}

impl Counts {
    fn new(pack: &Pack) -> Counts {
        Counts { verdicts: vec![([0; 4], [false; 3]); pack.requirements().len()], indicators: vec![[0; 3]; pack.indicators().len()], ..Counts::default() }
    }

    fn add(&mut self, kind: ItemKind, day: i32, verdicts: &[Verdict], values: &[IndicatorValue]) {
        let k = kind as usize;
        self.kinds[k] += 1;
        self.last_date = Some(self.last_date.map_or(day, |d| d.max(day)));
        for (slot, v) in self.verdicts.iter_mut().zip(verdicts) {
            let i = match v {
                Verdict::Met => 0,
                Verdict::NotMet => 1,
                Verdict::Unanswered => 2,
                Verdict::NotApplicable => 3,
            };
            slot.0[i] += 1;
            if i < 3 {
                slot.1[k] = true;
            }
        }
        for (slot, v) in self.indicators.iter_mut().zip(values) {
            if let IndicatorValue::Share { of, counted, unanswered } = *v {
                if unanswered {
                    slot[2] += 1;
                } else if of {
                    slot[1] += 1;
                    if counted {
                        slot[0] += 1;
                    }
                }
            }
        }
    }

    fn figures(&self, pack: &Pack) -> AuditFigures {
        let requirements = pack
            .requirements()
            .iter()
            .zip(&self.verdicts)
            .map(|(r, (c, kinds))| {
                let applied = c[0] + c[1] + c[2];
                let tally = Tally { applied, met: c[0], not_met: c[1], unanswered: c[2], not_applicable: c[3], percent_met: percent(c[0] as u64, applied as u64) };
                let used: Vec<ItemKind> = ItemKind::ALL.into_iter().filter(|k| kinds[*k as usize]).collect();
                let unit = match used.as_slice() {
                    [one] => one.unit(),
                    _ => Text::new("granskade underlag", "items audited"),
                };
                let source = match self.last_date {
                    Some(d) => r.source_at(d).to_string(),
                    None => r.sources.last().map(|s| s.text.clone()).unwrap_or_default(),
                };
                let text = requirement_text(&tally, &unit);
                AuditRequirement { id: r.id.clone(), title: r.title.clone(), source, severity: r.severity.as_str().to_string(), tally, unit, text, change: None }
            })
            .collect();
        let indicators = pack
            .indicators()
            .iter()
            .zip(&self.indicators)
            .map(|(ind, c)| {
                let p = percent(c[0] as u64, c[1] as u64);
                let make = |lang: Lang| {
                    let (i, av, proc_) = if lang == Lang::Sv { ("i", "av", "procent") } else { ("in", "of", "percent") };
                    let mut s = format!(
                        "{} {i} {} {av} {} {}",
                        ind.title.get(lang),
                        group_digits(&c[0].to_string(), lang),
                        group_digits(&c[1].to_string(), lang),
                        ind.denominator.get(lang)
                    );
                    if let Some(p) = p {
                        s.push_str(&format!(", {p} {proc_}"));
                    }
                    if c[2] > 0 {
                        s.push_str(&if lang == Lang::Sv { format!("; {} obesvarade", c[2]) } else { format!("; {} unanswered", c[2]) });
                    }
                    s
                };
                AuditIndicator {
                    id: ind.id.clone(),
                    title: ind.title.clone(),
                    count: c[0],
                    of: c[1],
                    percent: p,
                    unanswered: c[2],
                    denominator: ind.denominator.clone(),
                    text: Text { sv: make(Lang::Sv), en: make(Lang::En) },
                    change: None,
                }
            })
            .collect();
        AuditFigures { case_files: self.kinds[0], interviews_young: self.kinds[1], interviews_staff: self.kinds[2], requirements, indicators }
    }
}

/// "uppfyllt i 5 av 8 granskade akter, 63 procent; ej uppfyllt i 3; obesvarat i 0".
fn requirement_text(t: &Tally, unit: &Text) -> Text {
    let make = |lang: Lang| {
        let p = t.percent_met.map(|p| if lang == Lang::Sv { format!(", {p} procent") } else { format!(", {p} percent") }).unwrap_or_default();
        if lang == Lang::Sv {
            format!("uppfyllt i {} av {} {}{p}; ej uppfyllt i {}; obesvarat i {}", t.met, t.applied, unit.sv, t.not_met, t.unanswered)
        } else {
            format!("met in {} of {} {}{p}; not met in {}; unanswered in {}", t.met, t.applied, unit.en, t.not_met, t.unanswered)
        }
    };
    Text { sv: make(Lang::Sv), en: make(Lang::En) }
}

/// Evaluates every audited item against the checklist and adds the figures up, per provider
/// (provider id and service type) and over the year.
pub fn summarize_audits(pack: &Pack, input: &AuditInput, options: AuditOptions) -> AuditSummary {
    let mut year = Counts::new(pack);
    let mut providers: BTreeMap<(String, String), (Counts, ProviderAudit)> = BTreeMap::new();
    let mut verdicts = Vec::with_capacity(pack.requirements().len());
    let mut values = Vec::with_capacity(pack.indicators().len());
    for record in &input.records {
        let (counts, audit) = providers.entry((record.provider.clone(), record.service.clone())).or_insert_with(|| {
            (
                Counts::new(pack),
                ProviderAudit {
                    provider: record.provider.clone(),
                    name: None,
                    service: record.service.clone(),
                    dates: vec![],
                    auditors: vec![],
                    figures: AuditFigures::default(),
                    items: vec![],
                },
            )
        });
        if audit.name.is_none() {
            audit.name.clone_from(&record.name);
        }
        if let Some(first) = record.items.first() {
            let date = first.answers.date();
            if !audit.dates.contains(&date) {
                audit.dates.push(date);
            }
        }
        if let Some(a) = &record.auditor
            && !audit.auditors.contains(a)
        {
            audit.auditors.push(a.clone());
        }
        for item in &record.items {
            pack.evaluate(&item.answers, &mut verdicts);
            pack.indicator_values(&item.answers, &mut values);
            counts.add(item.kind, item.answers.day(), &verdicts, &values);
            year.add(item.kind, item.answers.day(), &verdicts, &values);
            let ids = |want: Verdict| pack.requirements().iter().zip(&verdicts).filter(|(_, v)| **v == want).map(|(r, _)| r.id.clone()).collect();
            audit.items.push(AuditItemVerdicts {
                kind: item.kind,
                id: item.id.clone(),
                not_met: ids(Verdict::NotMet),
                unanswered: ids(Verdict::Unanswered),
                notes: if options.notes { item.notes.clone() } else { None },
            });
        }
    }
    let providers = providers
        .into_values()
        .map(|(counts, mut audit)| {
            audit.dates.sort();
            audit.figures = counts.figures(pack);
            audit
        })
        .collect();
    AuditSummary {
        pack: SummaryPack::of(pack),
        providers,
        year: year.figures(pack),
        rejected: input.problems.iter().filter(|p| p.rejected).count() as i64,
        problems: input.problems.clone(),
        previous: None,
    }
}
