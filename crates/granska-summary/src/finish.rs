//! Finishing an accumulator into the [`Summary`]: counts into figures, groups and quality
//! areas, texts in both languages.

use super::*;
use crate::accumulator::{Group, IndicatorTally};

impl Accumulator {
    /// The summary of everything added.
    pub fn finish(self) -> Summary {
        let pack = &self.pack;
        let date = self.dates.map(|d| d.1);
        let requirements = pack
            .requirements()
            .iter()
            .enumerate()
            .map(|(i, r)| RequirementSummary {
                id: r.id.clone(),
                title: r.title.clone(),
                severity: r.severity.as_str().to_string(),
                area: r.area.as_str().to_string(),
                source: match date {
                    Some(d) => r.source_at(d).to_string(),
                    None => r.sources.last().map(|s| s.text.clone()).unwrap_or_default(),
                },
                services: r.services.clone(),
                figures: Compared::new(tally(self.all.verdicts[i])),
            })
            .collect();
        let indicators = pack
            .indicators()
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let figure = indicator_figure(ind.kind, &self.all.indicators[i]);
                let base = (ind.kind == IndicatorKind::Share).then_some(ind.base);
                IndicatorSummary {
                    id: ind.id.clone(),
                    title: ind.title.clone(),
                    kind: match ind.kind {
                        IndicatorKind::Share => "share",
                        IndicatorKind::Sum => "sum",
                    }
                    .to_string(),
                    denominator: ind.denominator.clone(),
                    base,
                    services: ind.services.clone(),
                    text: figure.text_with(base),
                    figures: Compared::new(figure),
                }
            })
            .collect();
        let response = |group: &Group, service: Option<&str>| -> Option<Compared<Response>> {
            let roster = self.roster.as_ref()?;
            let mut invited = 0u64;
            let mut responded = 0u64;
            for (entry, n) in roster.entries().iter().zip(&self.responded) {
                if service.is_none_or(|s| s == entry.service) {
                    invited += 1;
                    responded += (*n > 0) as u64;
                }
            }
            Some(Compared::new(Response { invited: invited as i64, responded: responded as i64, percent: percent(responded, invited), not_on_roster: group.not_on_roster as i64 }))
        };
        let group_summary = |id: &str, label: Text, group: &Group, service: Option<&str>, is_service: bool| GroupSummary {
            id: id.to_string(),
            label,
            reports: Compared::new(Count { count: group.reports as i64 }),
            response: if is_service { response(group, service) } else { None },
            requirements: pack
                .requirements()
                .iter()
                .zip(&group.verdicts)
                .filter(|(_, v)| v[0] + v[1] + v[3] > 0)
                .map(|(r, v)| RequirementFigures { id: r.id.clone(), figures: Compared::new(tally(*v)) })
                .collect(),
            indicators: pack
                .indicators()
                .iter()
                .zip(&group.indicators)
                .filter(|(_, t)| t.seen > 0)
                .map(|(ind, t)| {
                    let f = indicator_figure(ind.kind, t);
                    let base = (ind.kind == IndicatorKind::Share).then_some(ind.base);
                    IndicatorFigures { id: ind.id.clone(), text: f.text_with(base), figures: Compared::new(f) }
                })
                .collect(),
            areas: area_summaries(pack, &group.verdicts),
        };
        let mut services: Vec<GroupSummary> = pack
            .services()
            .iter()
            .zip(&self.services)
            .filter(|(s, g)| g.reports > 0 || self.roster.as_ref().is_some_and(|r| r.entries().iter().any(|e| e.service == s.id)))
            .map(|(s, g)| group_summary(&s.id, s.label.clone(), g, Some(&s.id), true))
            .collect();
        services.extend(self.other_services.iter().map(|(id, g)| group_summary(id, Text::new(id.clone(), id.clone()), g, Some(id), true)));
        let contracts = self.contracts.iter().map(|(id, g)| group_summary(id, contract_label(id), g, None, false)).collect();
        let mut rejected = self.rejected;
        rejected.sort_by(|a, b| (&a.file, a.row, &a.column, &a.field, &a.code).cmp(&(&b.file, b.row, &b.column, &b.field, &b.code)));
        let mut reasons = BTreeMap::new();
        for r in &rejected {
            *reasons.entry(r.code).or_insert(0u64) += 1;
        }
        let mut ignored_columns = self.ignored_columns;
        ignored_columns.sort_by(|a, b| (&a.file, &a.column).cmp(&(&b.file, &b.column)));
        ignored_columns.dedup();
        let duplicates = self.duplicates.problems();
        Summary {
            format: FORMAT,
            pack: SummaryPack::of(pack),
            period: self.dates.map(|(a, b)| Period { from: granska::format_date(a), to: granska::format_date(b) }),
            reports: Compared::new(Count { count: self.all.reports as i64 }),
            rejected: Rejected { count: rejected.len() as u64, reasons, reports: rejected },
            ignored_columns,
            duplicates,
            issues: self.issues,
            response: response(&self.all, None),
            parameters: pack
                .parameters()
                .iter()
                .map(|p| ParameterSummary {
                    id: p.id.clone(),
                    label: p.label.clone(),
                    value: p.value.clone(),
                    unit: p.unit.clone(),
                    example: p.is_example(),
                    source: p.set_by.clone().or_else(|| p.source.clone()),
                })
                .collect(),
            params_file: pack.params_file().cloned(),
            requirements,
            indicators,
            areas: area_summaries(pack, &self.all.verdicts),
            services,
            contracts,
            previous: None,
        }
    }
}

fn contract_label(id: &str) -> Text {
    match id {
        "lov" => Text::new("LOV (kundval)", "LOV (free choice)"),
        "lou" => Text::new("LOU (upphandling)", "LOU (procurement)"),
        "egen_regi" => Text::new("Egen regi", "Municipal"),
        CONTRACT_UNSPECIFIED => Text::new("Avtalsform saknas", "No contract form"),
        CONTRACT_OTHER => Text::new("Annan avtalsform", "Other contract form"),
        other => Text::new(other, other),
    }
}

pub(crate) fn tally(v: [u64; 4]) -> Tally {
    let applied = v[0] + v[1] + v[3];
    Tally { applied: applied as i64, met: v[0] as i64, not_met: v[1] as i64, unanswered: v[3] as i64, not_applicable: v[2] as i64, percent_met: percent(v[0], applied) }
}

fn indicator_figure(kind: IndicatorKind, t: &IndicatorTally) -> IndicatorFigure {
    match kind {
        IndicatorKind::Share => IndicatorFigure {
            count: Some(t.count as i64),
            of: Some(t.of as i64),
            percent: percent(t.count, t.of),
            total: None,
            answered: None,
            unanswered: Some(t.unanswered as i64),
        },
        IndicatorKind::Sum => {
            IndicatorFigure { count: None, of: None, percent: None, total: Some(Amount(t.total)), answered: Some(t.answered as i64), unanswered: Some(t.unanswered as i64) }
        }
    }
}

fn area_summaries(pack: &Pack, verdicts: &[[u64; 4]]) -> Vec<AreaSummary> {
    QualityArea::ALL
        .iter()
        .filter_map(|area| {
            let mut sum = [0u64; 4];
            let mut n = 0u32;
            for (r, v) in pack.requirements().iter().zip(verdicts) {
                if r.area == *area {
                    n += 1;
                    for k in 0..4 {
                        sum[k] += v[k];
                    }
                }
            }
            (n > 0).then(|| AreaSummary { id: area.as_str().to_string(), title: area.title(), requirements: n, figures: Compared::new(tally(sum)) })
        })
        .collect()
}
