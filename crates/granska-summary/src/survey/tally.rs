//! Counting a survey's respondents per service area ([`SurveyTally`], counts only, flat
//! memory) and finishing the counts into the published figures with small numbers
//! suppressed ([`SurveySummary`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use granska::{Answers, IndicatorValue, Lang, Pack, QuestionType, Text};

use super::{Asked, PreviousSurvey, SurveyChange, THRESHOLD_PARAM};
use crate::export::InputProblem;
use crate::{SummaryPack, group_digits, percent};

/// One figure of the survey: `count` of `of`, or suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyCell {
    /// Respondents counted; `None` when suppressed.
    pub count: Option<i64>,
    /// Respondents the share is of; `None` when suppressed.
    pub of: Option<i64>,
    /// `count` of `of` in whole percent, half up; `None` when suppressed or `of` is 0.
    pub percent: Option<i64>,
    /// The figure is based on fewer respondents than the threshold: shown as "–".
    pub suppressed: bool,
    /// The figure in words ("7 av 10 svarande, 70 procent"), or "–" with the reason.
    pub text: Text,
}

impl SurveyCell {
    /// A share, suppressed when `of` is below `threshold`; `unit` names who `of` counts.
    pub fn share(count: i64, of: i64, threshold: u32, unit: &Text) -> SurveyCell {
        if of < i64::from(threshold) {
            return SurveyCell::suppressed(threshold);
        }
        let p = percent(count as u64, of as u64);
        let make = |lang: Lang| {
            let (av, proc_) = if lang == Lang::Sv { ("av", "procent") } else { ("of", "percent") };
            let base = format!("{} {av} {} {}", group_digits(&count.to_string(), lang), group_digits(&of.to_string(), lang), unit.get(lang));
            match p {
                Some(p) => format!("{base}, {p} {proc_}"),
                None => base,
            }
        };
        SurveyCell { count: Some(count), of: Some(of), percent: p, suppressed: false, text: Text { sv: make(Lang::Sv), en: make(Lang::En) } }
    }

    /// A suppressed figure: "–" with the reason; neither the count nor the denominator.
    pub fn suppressed(threshold: u32) -> SurveyCell {
        SurveyCell {
            count: None,
            of: None,
            percent: None,
            suppressed: true,
            text: Text::new(format!("– (färre än {threshold} svar, redovisas inte)"), format!("– (fewer than {threshold} answers, not shown)")),
        }
    }
}

/// One indicator of the survey pack in one service area (or over all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyFigure {
    /// The indicator's id.
    pub id: String,
    /// Its title (a phrase: "upplever att deras situation förbättrats").
    pub title: Text,
    /// The figure.
    #[serde(flatten)]
    pub cell: SurveyCell,
    /// Respondents who left the question unanswered (not in `of`).
    pub unanswered: i64,
    /// Last year's figure and the change, when compared ([`SurveySummary::compare_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<SurveyChange>,
}

/// One value of a scale and its share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleShare {
    /// The choice's value.
    pub value: String,
    /// Its label.
    pub label: Text,
    /// Respondents who chose it, of those who answered the question.
    #[serde(flatten)]
    pub cell: SurveyCell,
    /// Last year's share and the change, when compared ([`SurveySummary::compare_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<SurveyChange>,
}

/// A single-choice question's answers on its scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleFigure {
    /// The question's id.
    pub question: String,
    /// The question's text.
    pub label: Text,
    /// Respondents who answered it; `None` when suppressed.
    pub answered: Option<i64>,
    /// Each choice's share, in the pack's order.
    pub shares: Vec<ScaleShare>,
}

/// The survey in one service area, or over all areas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyArea {
    /// The service area's id (`all` for every area together).
    pub service: String,
    /// Its name.
    pub label: Text,
    /// People asked, when given.
    pub asked: Option<i64>,
    /// Respondents with an accepted row.
    pub respondents: i64,
    /// Respondents of those asked ("13 av 50 tillfrågade, 26 procent"); `None` without a
    /// number asked. A response rate is a count of participants, not of answers: it is
    /// shown whatever its size.
    pub response: Option<SurveyCell>,
    /// Last year's response rate and the change, when compared and a number asked is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_change: Option<SurveyChange>,
    /// Each indicator, in pack order.
    pub results: Vec<SurveyFigure>,
    /// Each single-choice question's scale, in pack order.
    pub scales: Vec<ScaleFigure>,
}

/// The survey summarised: per service area and over all, small numbers suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    /// The survey pack.
    pub pack: SummaryPack,
    /// The suppression threshold used: results based on fewer respondents are not shown.
    pub threshold: u32,
    /// Where the threshold comes from.
    pub threshold_note: Text,
    /// Each service area with respondents or people asked, in the pack's order.
    pub areas: Vec<SurveyArea>,
    /// Every area together.
    pub all: SurveyArea,
    /// Rows rejected.
    pub rejected: i64,
    /// Every problem found in the export (respondent ids are never shown).
    pub problems: Vec<InputProblem>,
    /// The survey the figures were compared with ([`SurveySummary::compare_with`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousSurvey>,
}

/// Counts of one area.
#[derive(Clone, Debug, Default)]
struct AreaCounts {
    respondents: i64,
    /// Per indicator: count, of, unanswered.
    indicators: Vec<[i64; 3]>,
    /// Per scale question: per choice.
    scales: Vec<Vec<i64>>,
}

/// The survey's counts per service area; add respondents one at a time, merge partial tallies.
#[derive(Clone, Debug)]
pub struct SurveyTally {
    /// (question id, its choices' values) of every single-choice question.
    scales: Vec<(String, Vec<String>)>,
    /// Per service position in the pack (and one more for a service the pack lacks).
    areas: BTreeMap<String, AreaCounts>,
    values: Vec<IndicatorValue>,
    indicators: usize,
}

impl SurveyTally {
    /// An empty tally for `pack`.
    pub fn new(pack: &Pack) -> SurveyTally {
        let scales = pack
            .questions()
            .iter()
            .filter(|q| q.kind == QuestionType::Choice && !q.multiple)
            .map(|q| (q.id.clone(), q.choices.iter().map(|c| c.value.clone()).collect()))
            .collect();
        SurveyTally { scales, areas: BTreeMap::new(), values: Vec::with_capacity(pack.indicators().len()), indicators: pack.indicators().len() }
    }

    fn area(&mut self, service: &str) -> &mut AreaCounts {
        let (n, scales) = (self.indicators, &self.scales);
        self.areas.entry(service.to_string()).or_insert_with(|| AreaCounts {
            respondents: 0,
            indicators: vec![[0; 3]; n],
            scales: scales.iter().map(|(_, c)| vec![0; c.len()]).collect(),
        })
    }

    /// Adds one respondent's answers (read by the survey pack).
    pub fn add_answers(&mut self, pack: &Pack, answers: &Answers) {
        let mut values = std::mem::take(&mut self.values);
        pack.indicator_values(answers, &mut values);
        let chosen: Vec<Option<usize>> = self.scales.iter().map(|(q, choices)| answers.text(pack, q).and_then(|t| choices.iter().position(|c| c == t))).collect();
        let area = self.area(answers.service());
        area.respondents += 1;
        for (slot, v) in area.indicators.iter_mut().zip(&values) {
            if let IndicatorValue::Share { of, counted, unanswered } = *v {
                if unanswered {
                    slot[2] += 1;
                } else if of {
                    slot[1] += 1;
                    slot[0] += i64::from(counted);
                }
            }
        }
        for (slot, c) in area.scales.iter_mut().zip(chosen) {
            if let Some(c) = c {
                slot[c] += 1;
            }
        }
        self.values = values;
    }

    /// Adds another tally's counts (of the same pack).
    pub fn merge(&mut self, other: SurveyTally) {
        for (service, counts) in other.areas {
            let area = self.area(&service);
            area.respondents += counts.respondents;
            for (a, b) in area.indicators.iter_mut().zip(&counts.indicators) {
                for i in 0..3 {
                    a[i] += b[i];
                }
            }
            for (a, b) in area.scales.iter_mut().zip(&counts.scales) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
    }

    /// The summary: figures per area and over all, suppressed below `threshold`.
    pub fn finish(self, pack: &Pack, asked: &Asked, threshold: u32, problems: Vec<InputProblem>) -> SurveySummary {
        let mut all = AreaCounts { respondents: 0, indicators: vec![[0; 3]; self.indicators], scales: self.scales.iter().map(|(_, c)| vec![0; c.len()]).collect() };
        for c in self.areas.values() {
            all.respondents += c.respondents;
            for (a, b) in all.indicators.iter_mut().zip(&c.indicators) {
                for i in 0..3 {
                    a[i] += b[i];
                }
            }
            for (a, b) in all.scales.iter_mut().zip(&c.scales) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
        let empty = AreaCounts { respondents: 0, indicators: vec![[0; 3]; self.indicators], scales: self.scales.iter().map(|(_, c)| vec![0; c.len()]).collect() };
        let mut areas = vec![];
        let mut seen = vec![];
        for s in pack.services() {
            let counts = self.areas.get(&s.id);
            let asked_n = asked.0.get(&s.id).copied();
            if counts.is_none() && asked_n.is_none() {
                continue;
            }
            seen.push(s.id.clone());
            areas.push(area(pack, &s.id, s.label.clone(), counts.unwrap_or(&empty), asked_n.map(|n| n as i64), threshold));
        }
        for (service, counts) in &self.areas {
            if !seen.contains(service) {
                areas.push(area(pack, service, Text::new(service.clone(), service.clone()), counts, asked.0.get(service).map(|n| *n as i64), threshold));
            }
        }
        let asked_all = (!asked.0.is_empty()).then(|| asked.0.values().sum::<u64>() as i64);
        let all = area(pack, "all", Text::new("Alla", "All"), &all, asked_all, threshold);
        let param = pack.parameter(THRESHOLD_PARAM);
        let threshold_note = match param {
            Some(p) if p.example && p.value == p.default && i64::from(threshold) == param_int(&p.value) => Text::new(
                format!("Gränsen {threshold} svar är ett exempelvärde (vanlig praxis för röjandeskydd i den officiella statistiken), inte hämtat ur en angiven föreskrift."),
                format!("The limit of {threshold} answers is an example value (a common disclosure-control practice in official statistics), taken from no cited regulation."),
            ),
            Some(p) if i64::from(threshold) == param_int(&p.value) => Text::new(
                format!("Gränsen {threshold} svar är satt i parameterfilen{}.", pack.params_file().and_then(|f| f.source.clone()).map(|s| format!(" ({s})")).unwrap_or_default()),
                format!(
                    "The limit of {threshold} answers is set in the parameters file{}.",
                    pack.params_file().and_then(|f| f.source.clone()).map(|s| format!(" ({s})")).unwrap_or_default()
                ),
            ),
            _ => Text::new(format!("Gränsen {threshold} svar är vald för den här sammanställningen."), format!("The limit of {threshold} answers was chosen for this summary.")),
        };
        SurveySummary {
            pack: SummaryPack::of(pack),
            threshold,
            threshold_note,
            areas,
            all,
            rejected: problems.iter().filter(|p| p.rejected).count() as i64,
            problems,
            previous: None,
        }
    }
}

fn param_int(v: &granska::ParamValue) -> i64 {
    match v {
        granska::ParamValue::Integer(n) => *n,
        _ => -1,
    }
}

fn area(pack: &Pack, service: &str, label: Text, c: &AreaCounts, asked: Option<i64>, threshold: u32) -> SurveyArea {
    let tillfragade = Text::new("tillfrågade", "asked");
    let response = asked.map(|n| {
        // A response rate is shown whatever its size (threshold 1).
        SurveyCell::share(c.respondents, n, 1, &tillfragade)
    });
    let svarande = Text::new("svarande", "respondents");
    let results = pack
        .indicators()
        .iter()
        .zip(&c.indicators)
        .map(|(ind, x)| SurveyFigure {
            id: ind.id.clone(),
            title: ind.title.clone(),
            cell: SurveyCell::share(x[0], x[1], threshold, if ind.denominator.sv.is_empty() { &svarande } else { &ind.denominator }),
            unanswered: x[2],
            change: None,
        })
        .collect();
    let scales = pack
        .questions()
        .iter()
        .filter(|q| q.kind == QuestionType::Choice && !q.multiple)
        .zip(&c.scales)
        .map(|(q, counts)| {
            let answered: i64 = counts.iter().sum();
            let suppressed = answered < i64::from(threshold);
            ScaleFigure {
                question: q.id.clone(),
                label: q.label.clone(),
                answered: (!suppressed).then_some(answered),
                shares: q
                    .choices
                    .iter()
                    .zip(counts)
                    .map(|(ch, n)| ScaleShare { value: ch.value.clone(), label: ch.label.clone(), cell: SurveyCell::share(*n, answered, threshold, &svarande), change: None })
                    .collect(),
            }
        })
        .collect();
    SurveyArea { service: service.to_string(), label, asked, respondents: c.respondents, response, response_change: None, results, scales }
}
