//! Renders a [`Summary`] as CSV (one row per figure, for analysts), Markdown, and a single
//! self-contained HTML page a municipality can publish: tables and inline-SVG bar charts,
//! no scripts, no network, readable in print. Swedish or English.

mod csv;
mod html;
mod markdown;
mod tables;

use tables::*;

/// The pieces of the summary's page the annual report (`crate::report`) is built from: one
/// stylesheet, chart, table and escaping for both documents.
pub(crate) mod reuse {
    pub(crate) use super::html::{CSS, RowDetail, bar, chart, html_requirement_table, html_table};
    pub(crate) use super::tables::{area_table, group_indicator_table, provenance_footer, response_table};
}

use std::fmt::Write as _;

use crate::escape::{html as esc, markdown as md};
use crate::export::ProblemCode;
use crate::{Amount, Compared, GroupSummary, IndicatorFigure, Summary, SummaryPack, Tally, group_digits};
use granska::Lang;
use granska::Text;

pub(super) fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Sv { sv } else { en }
}

pub(super) fn int(n: i64, lang: Lang) -> String {
    group_digits(&n.to_string(), lang)
}

pub(super) fn pct(p: Option<i64>, lang: Lang) -> String {
    match p {
        Some(p) => format!("{p}{}", tr(lang, "\u{a0}%", "%")),
        None => "–".to_string(),
    }
}

fn signed(n: i64, lang: Lang) -> String {
    match n {
        0 => "±0".to_string(),
        n if n > 0 => format!("+{}", int(n, lang)),
        n => format!("−{}", int(-n, lang)),
    }
}

fn signed_amount(a: Amount, lang: Lang) -> String {
    match a.0 {
        0 => "±0".to_string(),
        n if n > 0 => format!("+{}", a.display(lang)),
        _ => a.display(lang),
    }
}

pub(super) fn points(n: Option<i64>, lang: Lang) -> String {
    match n {
        Some(n) => format!("{} {}", signed(n, lang), tr(lang, "p.e.", "pp")),
        None => "–".to_string(),
    }
}

/// The change of a tally's share met, in words: "+3 p.e. (40 %)".
pub(super) fn tally_change(c: &Compared<Tally>, lang: Lang) -> String {
    match (&c.change, &c.previous) {
        (Some(ch), Some(p)) => format!("{} ({} {})", points(ch.percent_met, lang), tr(lang, "fg. år", "last year"), pct(p.percent_met, lang)),
        _ => "–".to_string(),
    }
}

pub(super) fn indicator_change(c: &Compared<IndicatorFigure>, lang: Lang) -> String {
    match (&c.change, &c.previous) {
        (Some(ch), Some(p)) if p.total.is_some() => match (ch.total, p.total) {
            (Some(d), Some(t)) => format!("{} ({} {})", signed_amount(d, lang), tr(lang, "fg. år", "last year"), t.display(lang)),
            _ => "–".to_string(),
        },
        (Some(ch), Some(p)) => format!("{} ({} {})", points(ch.percent, lang), tr(lang, "fg. år", "last year"), pct(p.percent, lang)),
        _ => "–".to_string(),
    }
}

fn period_text(s: &Summary, lang: Lang) -> String {
    match &s.period {
        Some(p) if p.from == p.to => p.to.clone(),
        Some(p) => format!("{} – {}", p.from, p.to),
        None => tr(lang, "inga rapporter", "no reports").to_string(),
    }
}

pub(super) fn title_line(s: &Summary, lang: Lang) -> String {
    let year = s.period.as_ref().map(|p| p.to.get(..4).unwrap_or("").to_string()).filter(|y| !y.is_empty());
    match year {
        Some(y) => format!("{} {y}", tr(lang, "Sammanställning", "Summary")),
        None => tr(lang, "Sammanställning", "Summary").to_string(),
    }
}

pub(super) fn area_title(s: &Summary, id: &str, lang: Lang) -> String {
    s.areas.iter().find(|a| a.id == id).map(|a| a.title.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// Texts used by several formats.
pub(super) fn intro(s: &Summary, lang: Lang) -> Vec<String> {
    let mut lines = vec![];
    let n = s.reports.now.count;
    lines.push(match lang {
        Lang::Sv => format!("{} rapporter ingår (rapportdatum {}).", int(n, lang), period_text(s, lang)),
        Lang::En => format!("{} reports are included (report date {}).", int(n, lang), period_text(s, lang)),
    });
    if let Some(r) = &s.response {
        lines.push(match lang {
            Lang::Sv => format!("Svarsfrekvens: {} av {} inbjudna verksamheter svarade, {}.", int(r.now.responded, lang), int(r.now.invited, lang), pct(r.now.percent, lang)),
            Lang::En => format!("Response rate: {} of {} invited providers responded, {}.", int(r.now.responded, lang), int(r.now.invited, lang), pct(r.now.percent, lang)),
        });
        if r.now.not_on_roster > 0 {
            lines.push(match lang {
                Lang::Sv => format!("{} rapporter kom från verksamheter som inte fanns i förteckningen över inbjudna.", int(r.now.not_on_roster, lang)),
                Lang::En => format!("{} reports came from providers not on the roster of invited providers.", int(r.now.not_on_roster, lang)),
            });
        }
    }
    let rejected = s.rejected.count as i64;
    lines.push(match (lang, rejected) {
        (Lang::Sv, 0) => "Inga rapporter avvisades.".to_string(),
        (Lang::En, 0) => "No report was rejected.".to_string(),
        (Lang::Sv, r) => format!("{} rapporter avvisades och ingår inte (se Avvisade rapporter).", int(r, lang)),
        (Lang::En, r) => format!("{} reports were rejected and are not included (see Rejected reports).", int(r, lang)),
    });
    let duplicates = s.duplicates.len() as i64;
    if duplicates > 0 {
        lines.push(match (lang, duplicates) {
            (Lang::Sv, 1) => "1 rapport kom från en verksamhet som redan hade en rapport i omgången; båda räknas (se Dubbletter).".to_string(),
            (Lang::En, 1) => "1 report came from a provider that already had a report in this batch; both are counted (see Duplicate reports).".to_string(),
            (Lang::Sv, n) => format!("{} rapporter kom från en verksamhet som redan hade en rapport i omgången; alla räknas (se Dubbletter).", int(n, lang)),
            (Lang::En, n) => format!("{} reports came from a provider that already had a report in this batch; all are counted (see Duplicate reports).", int(n, lang)),
        });
    }
    let issues: u64 = s.issues.values().sum();
    if issues > 0 {
        lines.push(match lang {
            Lang::Sv => format!("{} enskilda svar räknades inte och behandlades som obesvarade (se Svar som inte räknades).", int(issues as i64, lang)),
            Lang::En => format!("{} single answers were not used and were treated as unanswered (see Answers not used).", int(issues as i64, lang)),
        });
    }
    if let Some(p) = &s.previous {
        let period = p.period.as_ref().map(|p| p.to.clone()).unwrap_or_default();
        lines.push(match lang {
            Lang::Sv => format!("Förändringar jämförs med föregående sammanställning ({period}, {} rapporter); andelar i procentenheter (p.e.).", int(p.reports, lang)),
            Lang::En => format!("Changes are against the previous summary ({period}, {} reports); shares in percentage points (pp).", int(p.reports, lang)),
        });
        if let Some(line) = other_pack_line(s, p, lang) {
            lines.push(line);
        }
    }
    lines
}

/// When last year's summary was made with another pack (id or version): which, and the
/// requirements added, removed or changed since.
fn other_pack_line(s: &Summary, p: &crate::PreviousSummary, lang: Lang) -> Option<String> {
    let id = p.pack_id.as_deref().unwrap_or(&s.pack.id);
    if id == s.pack.id && p.pack_version == s.pack.version {
        return None;
    }
    let version = p.pack_version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let ids = |kind: granska::ChangeKind| p.requirement_changes.iter().filter(|c| c.change == kind).map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ");
    let mut parts = vec![];
    for (kind, sv, en) in
        [(granska::ChangeKind::Added, "nya", "added"), (granska::ChangeKind::Removed, "borttagna", "removed"), (granska::ChangeKind::Changed, "ändrade", "changed")]
    {
        let list = ids(kind);
        if !list.is_empty() {
            parts.push(format!("{} {list}", tr(lang, sv, en)));
        }
    }
    let changes = match (parts.is_empty(), lang) {
        (true, Lang::Sv) => "inga krav skiljer sig".to_string(),
        (true, Lang::En) => "no requirement differs".to_string(),
        (false, Lang::Sv) => format!("krav som skiljer sig: {}", parts.join("; ")),
        (false, Lang::En) => format!("requirements that differ: {}", parts.join("; ")),
    };
    Some(match lang {
        Lang::Sv => format!("Föregående sammanställning gjordes med regelpaketet {id}{version}; {changes}."),
        Lang::En => format!("The previous summary was made with the pack {id}{version}; {changes}."),
    })
}

/// A problem code's label in a summary's tables; codes without one are grouped as "other".
pub(super) fn issue_label(code: impl Into<ProblemCode>, lang: Lang) -> &'static str {
    code.into().label(lang).unwrap_or_else(|| tr(lang, "övrigt", "other"))
}
