//! The user survey beside last year's ([`SurveySummary::compare_with`]): per area, each
//! result, each scale share and the response rate get last year's figure and the change in
//! percentage points ([`SurveyChange`]).
//!
//! **Suppression is contagious.** When either year's figure is suppressed, the change is
//! suppressed too: a dash with the reason, never a number from which a suppressed count
//! could be worked out. Last year's figure is held to this year's threshold as well (a
//! figure last year's lower threshold let through is suppressed again), so one report keeps
//! one disclosure rule. Areas, results and scale choices are matched by id; one present in
//! only one year shows no change and says why, and last year's figures with no counterpart
//! this year are kept in [`PreviousSurvey::only_last_year`], never dropped.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use granska::{Lang, Text};

use super::{SurveyArea, SurveyCell, SurveySummary};
use crate::SummaryPack;
use crate::last_year::{LastYearError, SummaryKind, check_packs, points_text, read_json};

/// Why a survey figure has, or has no, change from last year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    /// Both years have the figure, neither suppressed: the change is shown.
    Compared,
    /// This year's figure is suppressed, so the change is too.
    SuppressedThisYear,
    /// Last year's figure is suppressed, so the change is too.
    SuppressedLastYear,
    /// Both years' figures are suppressed.
    SuppressedBothYears,
    /// The result or scale choice (or the response rate: no number asked) has no figure in
    /// last year's survey: no change.
    NewResult,
    /// The area had no respondents and nobody asked in last year's survey: no change.
    NewArea,
    /// The figure is only in last year's survey (kept, with no change).
    OnlyLastYear,
    /// A share of nobody in one of the years (no percent): no change.
    NoShare,
}

/// One survey figure's change from last year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyChange {
    /// Last year's figure (suppressed under either year's threshold); `None` when last
    /// year's survey has no such figure.
    pub previous: Option<SurveyCell>,
    /// This year's percent minus last year's, in percentage points (of the rounded percents
    /// shown, as for self-report figures); `None` unless `status` is `compared`.
    pub points: Option<i64>,
    /// Why there is a change or none.
    pub status: ChangeStatus,
    /// The change in words: "+5 p.e. (föregående år: 13 av 20 svarande, 65 procent)", or
    /// "–" with the reason.
    pub text: Text,
}

/// A figure of last year's survey with no counterpart this year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastYearOnly {
    /// The area's id (`all` for every area together).
    pub area: String,
    /// The area's name.
    pub area_label: Text,
    /// `result` (an indicator), `scale` (a choice of a question) or `response`.
    pub kind: String,
    /// The result's id, or the question's for a scale share (`response` for a response rate).
    pub id: String,
    /// The choice, for a scale share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    /// The result's title, the question's label with the choice's, or "svarsfrekvens".
    pub title: Text,
    /// Last year's figure (suppressed under either year's threshold).
    pub previous: SurveyCell,
    /// Why there is no change: "– (finns inte i årets undersökning)".
    pub text: Text,
}

/// The survey this one was compared with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSurvey {
    /// Last year's survey pack.
    pub pack: SummaryPack,
    /// Last year's threshold.
    pub threshold: u32,
    /// Last year's respondents over all areas.
    pub respondents: i64,
    /// Last year's figures with no counterpart this year, in last year's order.
    pub only_last_year: Vec<LastYearOnly>,
}

/// Last year's cell under `threshold` (this year's) as well as its own.
fn held_to(cell: &SurveyCell, threshold: u32) -> SurveyCell {
    match cell.of {
        Some(of) if !cell.suppressed && of < i64::from(threshold) => SurveyCell::suppressed(threshold),
        _ => cell.clone(),
    }
}

fn not_shown(now: &SurveyCell, last: &SurveyCell) -> Option<(ChangeStatus, Text)> {
    let reason = |sv: &str, en: &str| Text::new(format!("– (förändringen redovisas inte: {sv})"), format!("– (change not shown: {en})"));
    match (now.suppressed, last.suppressed) {
        (true, true) => Some((ChangeStatus::SuppressedBothYears, reason("båda årens resultat bygger på för få svar", "both years' results are based on too few answers"))),
        (true, false) => Some((ChangeStatus::SuppressedThisYear, reason("årets resultat bygger på för få svar", "this year's result is based on too few answers"))),
        (false, true) => Some((ChangeStatus::SuppressedLastYear, reason("föregående års resultat bygger på för få svar", "last year's result is based on too few answers"))),
        (false, false) => None,
    }
}

/// This year's `now` against last year's `last` (already held to this year's threshold).
fn change(now: &SurveyCell, last: Option<&SurveyCell>, missing: ChangeStatus) -> SurveyChange {
    let Some(last) = last else {
        let text = match missing {
            ChangeStatus::NewArea => Text::new("– (ingen jämförelse: området fanns inte med föregående år)", "– (no comparison: the area was not in last year's survey)"),
            _ => Text::new("– (ingen jämförelse: finns inte i föregående års undersökning)", "– (no comparison: not in last year's survey)"),
        };
        return SurveyChange { previous: None, points: None, status: missing, text };
    };
    if let Some((status, text)) = not_shown(now, last) {
        return SurveyChange { previous: Some(last.clone()), points: None, status, text };
    }
    match (now.percent, last.percent) {
        (Some(a), Some(b)) => {
            let make = |lang: Lang| {
                let before = if lang == Lang::Sv { "föregående år" } else { "last year" };
                format!("{} ({before}: {})", points_text(a - b, lang), last.text.get(lang))
            };
            SurveyChange { previous: Some(last.clone()), points: Some(a - b), status: ChangeStatus::Compared, text: Text { sv: make(Lang::Sv), en: make(Lang::En) } }
        }
        _ => SurveyChange {
            previous: Some(last.clone()),
            points: None,
            status: ChangeStatus::NoShare,
            text: Text::new("– (ingen jämförelse: en andel av noll svarande)", "– (no comparison: a share of no respondents)"),
        },
    }
}

fn only_last_year_text() -> Text {
    Text::new("– (finns inte i årets undersökning)", "– (not in this year's survey)")
}

/// Every figure id of a survey: its results and its scale questions.
fn ids(s: &SurveySummary) -> Vec<&str> {
    s.all.results.iter().map(|r| r.id.as_str()).chain(s.all.scales.iter().map(|q| q.question.as_str())).collect()
}

fn compare_area(area: &mut SurveyArea, last: Option<&SurveyArea>, threshold: u32, only: &mut Vec<LastYearOnly>) {
    let missing = if last.is_some() { ChangeStatus::NewResult } else { ChangeStatus::NewArea };
    if let Some(r) = area.response.as_ref() {
        let prev = last.and_then(|l| l.response.as_ref());
        let mut c = change(r, prev, missing);
        if prev.is_none() && last.is_some() {
            c.text = Text::new("– (ingen jämförelse: antalet tillfrågade saknas för föregående år)", "– (no comparison: last year's number asked is not given)");
        }
        area.response_change = Some(c);
    }
    let last_results: HashMap<&str, &SurveyCell> = last.map(|l| l.results.iter().map(|r| (r.id.as_str(), &r.cell)).collect()).unwrap_or_default();
    for r in &mut area.results {
        let prev = last_results.get(r.id.as_str()).map(|c| held_to(c, threshold));
        r.change = Some(change(&r.cell, prev.as_ref(), missing));
    }
    let last_scales: HashMap<(&str, &str), &SurveyCell> =
        last.map(|l| l.scales.iter().flat_map(|q| q.shares.iter().map(move |s| ((q.question.as_str(), s.value.as_str()), &s.cell))).collect()).unwrap_or_default();
    for q in &mut area.scales {
        for s in &mut q.shares {
            let prev = last_scales.get(&(q.question.as_str(), s.value.as_str())).map(|c| held_to(c, threshold));
            s.change = Some(change(&s.cell, prev.as_ref(), missing));
        }
    }
    let Some(last) = last else { return };
    let lost = |kind: &str, id: &str, choice: Option<&str>, title: Text, cell: &SurveyCell, hold: bool| LastYearOnly {
        area: last.service.clone(),
        area_label: last.label.clone(),
        kind: kind.to_string(),
        id: id.to_string(),
        choice: choice.map(str::to_string),
        title,
        previous: if hold { held_to(cell, threshold) } else { cell.clone() },
        text: only_last_year_text(),
    };
    if area.response.is_none()
        && let Some(r) = &last.response
    {
        only.push(lost("response", "response", None, Text::new("svarsfrekvens", "response rate"), r, false));
    }
    for r in &last.results {
        if !area.results.iter().any(|m| m.id == r.id) {
            only.push(lost("result", &r.id, None, r.title.clone(), &r.cell, true));
        }
    }
    for q in &last.scales {
        for s in &q.shares {
            let here = area.scales.iter().any(|m| m.question == q.question && m.shares.iter().any(|x| x.value == s.value));
            if !here {
                let title = Text::new(format!("{}: {}", q.label.sv, s.label.sv), format!("{}: {}", q.label.en, s.label.en));
                only.push(lost("scale", &q.question, Some(&s.value), title, &s.cell, true));
            }
        }
    }
}

fn all_of_area(last: &SurveyArea, threshold: u32) -> Vec<LastYearOnly> {
    let mut empty = SurveyArea {
        service: last.service.clone(),
        label: last.label.clone(),
        asked: None,
        respondents: 0,
        response: None,
        response_change: None,
        results: vec![],
        scales: vec![],
    };
    let mut only = vec![];
    compare_area(&mut empty, Some(last), threshold, &mut only);
    only
}

impl SurveySummary {
    /// Reads a survey summary from its JSON (as `granska survey --format json` writes it),
    /// e.g. last year's.
    ///
    /// # Errors
    ///
    /// [`LastYearError::Unreadable`] with the line and column where the JSON is no survey
    /// summary.
    pub fn from_json(text: &str) -> Result<SurveySummary, LastYearError> {
        read_json(SummaryKind::Survey, text)
    }

    /// Fills in, for every area, result, scale share and response rate, last year's figure
    /// from `previous` and the change in percentage points ([`SurveyChange`]), matched by id.
    /// Suppression is contagious: when either year's figure is suppressed (last year's held
    /// to this year's threshold too), the change is "–" with the reason. Figures in only
    /// one year show no change and say so; last year's with no counterpart are listed in
    /// [`PreviousSurvey::only_last_year`].
    ///
    /// # Errors
    ///
    /// [`LastYearError::OtherPack`] when `previous` was made with another pack whose results
    /// do not match by id (another version of the same pack: no result in common; a pack
    /// of another id: not the same results and scale questions). Nothing is changed then.
    pub fn compare_with(&mut self, previous: &SurveySummary) -> Result<(), LastYearError> {
        check_packs(SummaryKind::Survey, &self.pack, &previous.pack, &ids(self), &ids(previous))?;
        let threshold = self.threshold;
        let mut only = vec![];
        let last_areas: HashMap<&str, &SurveyArea> = previous.areas.iter().map(|a| (a.service.as_str(), a)).collect();
        for area in &mut self.areas {
            compare_area(area, last_areas.get(area.service.as_str()).copied(), threshold, &mut only);
        }
        for last in &previous.areas {
            if !self.areas.iter().any(|a| a.service == last.service) {
                only.extend(all_of_area(last, threshold));
            }
        }
        compare_area(&mut self.all, Some(&previous.all), threshold, &mut only);
        self.previous = Some(PreviousSurvey { pack: previous.pack.clone(), threshold: previous.threshold, respondents: previous.all.respondents, only_last_year: only });
        Ok(())
    }
}
