//! The annual report (verksamhetsrapport): the year's self-report summary, the audits, the
//! user survey and the team's own text in one self-contained HTML document, in the structure
//! of the 2017 follow-up: a summary; 1 introduction; 2 clients and services per service
//! type; 3 quality (response rates, user surveys, audits, organisation and staff, systematic
//! quality work, deviations with lex Sarah and complaints, documentation, the quality
//! indicators); 4 conclusions.
//!
//! Every figure shows its change from last year when last year's figures were given: the
//! self-report figures (last year's summary), the survey's (last year's survey summary,
//! [`SurveySummary::compare_with`]: a suppressed change is "–" with the reason) and the
//! audits' (last year's audit summary, [`AuditSummary::compare_with`]: last year's figure
//! labelled with its sample, a change only over the providers audited both years). Charts are inline SVG, the page
//! has a print stylesheet and loads nothing from the network; every text from an input is
//! escaped ([`crate::escape`]), the prose through a strict Markdown subset ([`prose`]).
//! Small survey numbers stay suppressed: a suppressed cell is "–" with its reason.

pub mod prose;

use std::fmt::Write as _;

use granska::{Lang, Pack};

use crate::audit::AuditSummary;
use crate::escape::html as esc;
use crate::render::reuse::{CSS, RowDetail, area_table, chart, group_indicator_table, html_requirement_table, html_table, response_table};
use crate::render::{int, pct, points, tr};
use crate::survey::{SurveyArea, SurveySummary};
use crate::{RequirementSummary, Summary};

pub use prose::{Prose, SLOTS};

/// Everything the report is made from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInputs<'a> {
    /// The self-report pack the summary was made with (to file requirements under sections).
    pub pack: &'a Pack,
    /// The year's self-report summary (with last year's comparison, when given).
    pub summary: &'a Summary,
    /// The year's audits, if any.
    pub audits: Option<&'a AuditSummary>,
    /// The user survey, if any.
    pub survey: Option<&'a SurveySummary>,
    /// The team's text.
    pub prose: &'a Prose,
    /// The report's title; "Verksamhetsrapport `year`" by default.
    pub title: Option<&'a str>,
    /// The providers' history over earlier years (recurring shortcomings), if given: a
    /// section at the end of chapter 3.
    pub history: Option<&'a crate::history::History>,
}

/// Extra styles of the report over the summary page's: chapters, prose, suppressed cells.
pub(crate) const REPORT_CSS: &str = r#"
.prose p { max-width: 48rem; }
.chapter { break-before: page; }
#sammanfattning { break-before: auto; }
td.suppressed { color: var(--muted); font-style: italic; white-space: normal; text-align: left; min-width: 9em; }
nav.toc ul { list-style: none; padding: 0; columns: 2; font-size: .95rem; }
@media print { a { color: inherit; text-decoration: none; } }
"#;

/// Which section of chapter 3 a self-report requirement belongs to, by the pack that declares
/// it and its id: `personal`, `kvalitetsarbete`, `avvikelser`, `dokumentation`.
fn section_of(pack_id: &str, id: &str) -> Option<&'static str> {
    const STAFF: &[&str] = &["utbildningsniva", "erfarenhet", "kompetensutvecklingsplan", "handledning", "registerkontroll", "utbildning"];
    if id.starts_with("klagomal") || pack_id == "lex-sarah" {
        Some("avvikelser")
    } else if pack_id == "dokumentation" || pack_id == "gallring" {
        Some("dokumentation")
    } else if pack_id == "personal" || pack_id == "registerkontroll" || STAFF.iter().any(|s| id.starts_with(s)) {
        Some("personal")
    } else if pack_id == "sosfs-2011-9" {
        Some("kvalitetsarbete")
    } else {
        None
    }
}

/// Names the requirements of a section that applied to no report: those of one service type
/// by their service type ("Familjehem: 4 krav"), the others by title.
fn idle_html(out: &mut String, pack: &Pack, idle: &[&RequirementSummary], lang: Lang) {
    if idle.is_empty() {
        return;
    }
    let mut parts = vec![];
    for service in pack.services() {
        let n = idle.iter().filter(|r| matches!(r.services.as_slice(), [x] if *x == service.id)).count();
        if n > 0 {
            parts.push(match lang {
                Lang::Sv => format!("{} ({n} krav)", service.label.get(lang)),
                Lang::En => format!("{} ({n} requirements)", service.label.get(lang)),
            });
        }
    }
    let known = |r: &&&RequirementSummary| matches!(r.services.as_slice(), [x] if pack.services().iter().any(|s| &s.id == x));
    parts.extend(idle.iter().filter(|r| !known(r)).map(|r| r.title.get(lang).to_string()));
    let _ = writeln!(
        out,
        "<p class=\"muted idle\">{}: {}.</p>",
        tr(lang, "Gällde ingen verksamhet som rapporterat i år och redovisas inte", "Applied to no provider that reported this year and not shown"),
        esc(&parts.join("; "))
    );
}

fn slot_title(slot: &str, lang: Lang) -> &'static str {
    SLOTS.iter().find(|s| s.0 == slot).map_or("", |s| if lang == Lang::Sv { s.1 } else { s.2 })
}

/// A survey cell for a table: its text, or "–" with the reason.
fn cell_text(c: &crate::survey::SurveyCell, lang: Lang) -> String {
    if c.suppressed {
        c.text.get(lang).to_string()
    } else {
        format!("{} {} {} ({})", int(c.count.unwrap_or(0), lang), tr(lang, "av", "of"), int(c.of.unwrap_or(0), lang), pct(c.percent, lang))
    }
}

/// A survey change for a table: the points, or "–" with the reason.
fn change_cell(c: &crate::survey::SurveyChange, lang: Lang) -> (String, bool) {
    match c.points {
        Some(p) => (points(Some(p), lang), false),
        None => (c.text.get(lang).to_string(), true),
    }
}

fn survey_area_html(out: &mut String, a: &SurveyArea, lang: Lang, compare: bool) {
    let _ = writeln!(out, "<h4>{}</h4>", esc(a.label.get(lang)));
    if let Some(r) = &a.response {
        let change = match (compare, &a.response_change) {
            (true, Some(c)) => format!(" · {}: {}", tr(lang, "förändring", "change"), c.text.get(lang)),
            _ => String::new(),
        };
        let _ = writeln!(out, "<p>{}: {}{}</p>", tr(lang, "Svarsfrekvens", "Response rate"), esc(r.text.get(lang)), esc(&change));
    } else {
        let _ = writeln!(out, "<p>{}: {}</p>", tr(lang, "Svarande", "Respondents"), esc(&int(a.respondents, lang)));
    }
    out.push_str("<div class=\"scroll\"><table class=\"survey\"><thead><tr>");
    let _ = write!(
        out,
        "<th>{}</th><th class=\"num\">{}</th><th aria-hidden=\"true\"></th><th class=\"num\">{}</th>",
        tr(lang, "Resultat", "Result"),
        tr(lang, "Andel", "Share"),
        tr(lang, "Obesvarade", "Unanswered")
    );
    if compare {
        let _ = write!(out, "<th class=\"num\">{}</th><th class=\"num\">{}</th>", tr(lang, "Föregående år", "Last year"), tr(lang, "Förändring", "Change"));
    }
    out.push_str("</tr></thead><tbody>");
    for r in &a.results {
        let class = if r.cell.suppressed { " suppressed" } else { "" };
        let _ = write!(
            out,
            "<tr data-result=\"{}\" data-area=\"{}\"><td>{}</td><td class=\"num{class}\">{}</td><td class=\"bar\">{}</td><td class=\"num\">{}</td>",
            esc(&r.id),
            esc(&a.service),
            esc(r.title.get(lang)),
            esc(&cell_text(&r.cell, lang)),
            crate::render::reuse::bar(r.cell.percent, lang),
            esc(&int(r.unanswered, lang))
        );
        if compare {
            match &r.change {
                Some(c) => {
                    let (prev, prev_dash) = match &c.previous {
                        Some(p) => (cell_text(p, lang), p.suppressed),
                        None => ("–".to_string(), true),
                    };
                    let (change, change_dash) = change_cell(c, lang);
                    let dash = |d: bool| if d { " suppressed" } else { "" };
                    let _ = write!(
                        out,
                        "<td class=\"num previous{}\">{}</td><td class=\"num change{}\" data-status=\"{}\">{}</td>",
                        dash(prev_dash),
                        esc(&prev),
                        dash(change_dash),
                        esc(&status_name(c.status)),
                        esc(&change)
                    );
                }
                None => out.push_str("<td class=\"num\">–</td><td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

fn status_name(status: crate::survey::ChangeStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The survey's comparison: what it is against, and last year's figures with no counterpart.
fn survey_previous_html(out: &mut String, sv: &SurveySummary, lang: Lang) {
    let Some(p) = &sv.previous else { return };
    let _ = writeln!(
        out,
        "<p class=\"muted\">{}</p>",
        esc(&match lang {
            Lang::Sv => format!(
                "Förändringen är i procentenheter mot föregående års brukarundersökning ({}, {} svarande). När årets eller föregående års resultat bygger på för få svar redovisas inte heller förändringen (–).",
                crate::last_year::pack_name(&p.pack),
                int(p.respondents, lang)
            ),
            Lang::En => format!(
                "Changes are in percentage points against last year's user survey ({}, {} respondents). When this year's or last year's result is based on too few answers, the change is not shown either (–).",
                crate::last_year::pack_name(&p.pack),
                int(p.respondents, lang)
            ),
        })
    );
    if p.only_last_year.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h4>{}</h4><ul class=\"only-last-year\">", tr(lang, "Resultat som bara finns föregående år", "Results only in last year's survey"));
    for o in &p.only_last_year {
        let _ = write!(
            out,
            "<li data-result=\"{}\" data-area=\"{}\">{} – {}: {} {}</li>",
            esc(&o.id),
            esc(&o.area),
            esc(o.area_label.get(lang)),
            esc(o.title.get(lang)),
            esc(&cell_text(&o.previous, lang)),
            esc(o.text.get(lang))
        );
    }
    out.push_str("</ul>\n");
}

impl ReportInputs<'_> {
    /// The report as one self-contained HTML page in `lang`.
    pub fn to_html(&self, lang: Lang) -> String {
        let s = self.summary;
        let compare = s.previous.is_some();
        let year = s.period.as_ref().and_then(|p| p.to.get(..4)).unwrap_or("");
        let default_title = format!("{} {year}", tr(lang, "Verksamhetsrapport", "Annual follow-up report"));
        let title = self.title.unwrap_or(&default_title);
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{REPORT_CSS}</style>\n</head>\n<body>\n<main>\n",
            tr(lang, "sv", "en"),
            esc(title)
        );
        let _ = writeln!(out, "<h1>{}<small>{}</small></h1>", esc(title), esc(s.pack.title.get(lang)));
        // Table of contents.
        out.push_str("<nav class=\"toc\"><ul>");
        for (slot, n) in [("sammanfattning", ""), ("inledning", "1 "), ("malgrupp", "2 "), ("kvalitet", "3 "), ("slutsatser", "4 ")] {
            let _ = write!(out, "<li><a href=\"#{slot}\">{n}{}</a></li>", slot_title(slot, lang));
        }
        out.push_str("</ul></nav>\n");

        // Summary and introduction: the team's text.
        let _ = writeln!(out, "<section class=\"chapter\" id=\"sammanfattning\"><h2>{}</h2>", slot_title("sammanfattning", lang));
        out.push_str(&self.prose.html("sammanfattning", lang, 3));
        out.push_str("<div class=\"cards\">");
        let _ =
            write!(out, "<div class=\"card\"><b>{}</b><span>{}</span></div>", esc(&int(s.reports.now.count, lang)), tr(lang, "rapporter från utförare", "reports from providers"));
        if let Some(r) = &s.response {
            let _ = write!(
                out,
                "<div class=\"card\"><b>{}</b><span>{}</span></div>",
                esc(&pct(r.now.percent, lang)),
                tr(lang, "svarsfrekvens, webbenkäten", "response rate, web questionnaire")
            );
        }
        if let Some(a) = self.audits {
            let _ = write!(out, "<div class=\"card\"><b>{}</b><span>{}</span></div>", a.providers.len(), tr(lang, "kvalitetsgranskningar", "quality audits"));
        }
        if let Some(sv) = self.survey {
            let _ = write!(
                out,
                "<div class=\"card\"><b>{}</b><span>{}</span></div>",
                esc(&int(sv.all.respondents, lang)),
                tr(lang, "svar i brukarundersökningen", "answers to the user survey")
            );
        }
        out.push_str("</div></section>\n");
        let _ = writeln!(out, "<section class=\"chapter\" id=\"inledning\"><h2>1 {}</h2>", slot_title("inledning", lang));
        out.push_str(&self.prose.html("inledning", lang, 3));
        let _ = writeln!(
            out,
            "<p>{}</p></section>",
            esc(tr(
                lang,
                "Rapporten bygger på fyra källor: kvalitetsgranskningar under året, utförarnas inrapporterade kvalitet i webbenkäten, brukarundersökningen och omvärldsbevakning. Siffrorna är sammanställda med granska; texten är uppföljningsgruppens.",
                "The report rests on four sources: the quality audits of the year, the providers' self-reports in the web questionnaire, the user survey, and monitoring of the field. The figures are compiled with granska; the text is the follow-up team's."
            ))
        );

        // 2: per service type, its providers and clients.
        let _ = writeln!(out, "<section class=\"chapter\" id=\"malgrupp\"><h2>2 {}</h2>", slot_title("malgrupp", lang));
        out.push_str(&self.prose.html("malgrupp", lang, 3));
        for (i, g) in s.services.iter().enumerate() {
            let _ = writeln!(out, "<section class=\"group\" data-service=\"{}\"><h3>2.{} {}</h3>", esc(&g.id), i + 1, esc(g.label.get(lang)));
            let mut line = format!("{}: {}", tr(lang, "Rapporter", "Reports"), int(g.reports.now.count, lang));
            if let Some(r) = &g.response {
                let _ = write!(
                    line,
                    " · {} {} {} {} ({})",
                    tr(lang, "svarat", "responded"),
                    int(r.now.responded, lang),
                    tr(lang, "av", "of"),
                    int(r.now.invited, lang),
                    pct(r.now.percent, lang)
                );
                if let Some(c) = &r.change {
                    let _ = write!(line, ", {} {}", points(c.percent, lang), tr(lang, "jämfört med föregående år", "compared with last year"));
                }
            }
            let _ = writeln!(out, "<p>{}</p>", esc(&line));
            let (head, rows) = group_indicator_table(s, g, lang, compare);
            if !rows.is_empty() {
                let numeric: Vec<usize> = (1..head.len()).collect();
                html_table(&mut out, &head, &rows, &numeric, None, lang);
            }
            out.push_str("</section>\n");
        }
        out.push_str("</section>\n");

        // 3: quality.
        let _ = writeln!(out, "<section class=\"chapter\" id=\"kvalitet\"><h2>3 {}</h2>", slot_title("kvalitet", lang));
        out.push_str(&self.prose.html("kvalitet", lang, 3));
        let _ = writeln!(out, "<h3 id=\"svarsfrekvens\">3.1 {}</h3>", tr(lang, "Svarsfrekvens", "Response rates"));
        let (head, rows) = response_table(s, lang, compare);
        let items: Vec<(String, Option<i64>, String)> =
            s.services.iter().filter_map(|g| g.response.as_ref().map(|r| (g.label.get(lang).to_string(), r.now.percent, pct(r.now.percent, lang)))).collect();
        out.push_str(&chart(&items, lang, tr(lang, "Svarsfrekvens per tjänstetyp, webbenkäten", "Response rate per service type, web questionnaire")));
        html_table(&mut out, &head, &rows, &[1, 2, 3], None, lang);

        let _ = writeln!(out, "<h3 id=\"brukarundersokning\">3.2 {}</h3>", slot_title("brukarundersokning", lang));
        out.push_str(&self.prose.html("brukarundersokning", lang, 4));
        match self.survey {
            Some(sv) => {
                let _ = writeln!(
                    out,
                    "<p class=\"muted\">{} {}</p>",
                    esc(&match lang {
                        Lang::Sv => format!("Resultat som bygger på färre än {} svar redovisas inte (–).", sv.threshold),
                        Lang::En => format!("Results based on fewer than {} answers are not shown (–).", sv.threshold),
                    }),
                    esc(sv.threshold_note.get(lang))
                );
                let items: Vec<(String, Option<i64>, String)> = sv
                    .areas
                    .iter()
                    .flat_map(|a| {
                        a.results.first().map(|r| (a.label.get(lang).to_string(), r.cell.percent, if r.cell.suppressed { "–".to_string() } else { pct(r.cell.percent, lang) }))
                    })
                    .collect();
                let first = sv.all.results.first().map(|r| r.title.get(lang).to_string()).unwrap_or_default();
                out.push_str(&chart(&items, lang, &format!("{}: {first}", tr(lang, "Brukarundersökningen per område", "The user survey per area"))));
                let compare_survey = sv.previous.is_some();
                for a in sv.areas.iter().chain(std::iter::once(&sv.all)) {
                    survey_area_html(&mut out, a, lang, compare_survey);
                }
                survey_previous_html(&mut out, sv, lang);
                if sv.rejected > 0 {
                    let _ = writeln!(out, "<p class=\"bad\">{}: {}</p>", tr(lang, "Avvisade enkätsvar", "Survey rows rejected"), sv.rejected);
                }
            }
            None => {
                let _ = writeln!(out, "<p class=\"muted\">{}</p>", tr(lang, "Ingen brukarundersökning ingår.", "No user survey is included."));
            }
        }

        let _ = writeln!(out, "<h3 id=\"granskning\">3.3 {}</h3>", slot_title("granskning", lang));
        out.push_str(&self.prose.html("granskning", lang, 4));
        match self.audits {
            Some(a) => audits_html(&mut out, a, lang),
            None => {
                let _ = writeln!(out, "<p class=\"muted\">{}</p>", tr(lang, "Inga kvalitetsgranskningar ingår.", "No quality audits are included."));
            }
        }

        for (n, slot) in [(4, "personal"), (5, "kvalitetsarbete"), (6, "avvikelser"), (7, "dokumentation")] {
            let _ = writeln!(out, "<h3 id=\"{slot}\">3.{n} {}</h3>", slot_title(slot, lang));
            out.push_str(&self.prose.html(slot, lang, 4));
            // A requirement that applied to no report this year (nor last, when compared) has
            // no figure: it is named below the table, not given a row of zeros.
            let (items, idle): (Vec<_>, Vec<_>) = s
                .requirements
                .iter()
                .filter(|r| self.pack.requirement(&r.id).is_some_and(|pr| section_of(&pr.pack, &r.id) == Some(slot)))
                .partition(|r| r.figures.now.applied > 0 || r.figures.previous.as_ref().is_some_and(|p| p.applied > 0));
            if !items.is_empty() {
                html_requirement_table(&mut out, s, items.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, RowDetail::Service);
            }
            idle_html(&mut out, self.pack, &idle, lang);
            let inds: Vec<_> =
                s.indicators.iter().filter(|i| self.pack.indicators().iter().find(|pi| pi.id == i.id).is_some_and(|pi| section_of(&pi.pack, &i.id) == Some(slot))).collect();
            for i in inds {
                let _ = writeln!(out, "<p>{}: {}</p>", esc(i.title.get(lang)), esc(i.text.get(lang)));
            }
        }

        let _ = writeln!(out, "<h3 id=\"indikatorer\">3.8 {}</h3>", slot_title("indikatorer", lang));
        out.push_str(&self.prose.html("indikatorer", lang, 4));
        let (head, rows) = area_table(&s.areas, lang, compare);
        let items: Vec<(String, Option<i64>, String)> =
            s.areas.iter().map(|a| (a.title.get(lang).to_string(), a.figures.now.percent_met, pct(a.figures.now.percent_met, lang))).collect();
        out.push_str(&chart(&items, lang, tr(lang, "Andel uppfyllda krav per kvalitetsområde", "Share of requirements met per quality area")));
        let numeric: Vec<usize> = (1..head.len()).collect();
        html_table(&mut out, &head, &rows, &numeric, None, lang);
        let (head, rows): (Vec<&str>, Vec<Vec<String>>) = (
            vec![tr(lang, "Nyckeltal", "Indicator"), tr(lang, "Utfall", "Figure"), tr(lang, "Förändring", "Change")],
            s.indicators
                .iter()
                .map(|i| {
                    let change = match (&i.figures.change, &i.figures.previous) {
                        (Some(c), Some(_)) if c.percent.is_some() => points(c.percent, lang),
                        (Some(c), Some(_)) => c.total.map(|t| t.display(lang)).unwrap_or_else(|| "–".into()),
                        _ => "–".into(),
                    };
                    vec![i.title.get(lang).to_string(), i.text.get(lang).to_string(), change]
                })
                .collect(),
        );
        html_table(&mut out, &head, &rows, &[2], None, lang);
        if let Some(h) = self.history {
            out.push_str(&h.to_html_section(lang));
        }
        out.push_str("</section>\n");

        let _ = writeln!(out, "<section class=\"chapter\" id=\"slutsatser\"><h2>4 {}</h2>", slot_title("slutsatser", lang));
        out.push_str(&self.prose.html("slutsatser", lang, 3));
        out.push_str("</section>\n");
        let lead = granska::Text::new("Siffrorna är sammanställda med granska,", "Figures compiled with granska,");
        let mut others = vec![];
        if let Some(a) = self.audits {
            others.push((granska::Text::new("Kvalitetsgranskningen med", "The audits with"), &a.pack));
        }
        if let Some(sv) = self.survey {
            others.push((granska::Text::new("Brukarundersökningen med", "The user survey with"), &sv.pack));
        }
        let _ = writeln!(out, "{}\n</main>\n</body>\n</html>", crate::render::reuse::provenance_footer(&s.pack, &others, lead, lang));
        out
    }
}

/// The change column of a compared audit figure: the points over the providers audited both
/// years, or "–" with the reason.
fn audit_change_text(c: Option<&crate::audit::AuditChange>) -> Option<&granska::Text> {
    c.map(|c| &c.text)
}

/// The year's audit figures beside last year's: last year's labelled with its sample, the
/// change only over the providers audited both years.
fn audits_compared_html(out: &mut String, a: &AuditSummary, p: &crate::audit::PreviousAudits, lang: Lang) {
    let y = &a.year;
    let _ = writeln!(out, "<p class=\"audit-previous\">{}</p>", esc(p.text.get(lang)));
    if !p.both_years.is_empty() {
        let names: Vec<String> = p.both_years.iter().map(|b| b.name.clone().unwrap_or_else(|| b.provider.clone())).collect();
        let _ = writeln!(out, "<p>{}: {}</p>", tr(lang, "Granskade båda åren", "Audited both years"), esc(&names.join(", ")));
    }
    let none = || "–".to_string();
    let head = [
        tr(lang, "Nyckeltal i år", "Indicator this year"),
        tr(lang, "Föregående år (annat urval)", "Last year (another sample)"),
        tr(lang, "Förändring hos utförare granskade båda åren", "Change at providers audited both years"),
    ];
    let rows: Vec<Vec<String>> = y
        .indicators
        .iter()
        .map(|i| {
            vec![
                i.text.get(lang).to_string(),
                i.change.as_ref().map_or_else(none, |c| c.previous_text.get(lang).to_string()),
                audit_change_text(i.change.as_ref()).map_or_else(none, |t| t.get(lang).to_string()),
            ]
        })
        .collect();
    html_table(out, &head, &rows, &[], None, lang);
    let head = [
        tr(lang, "Krav", "Requirement"),
        tr(lang, "Källa", "Source"),
        tr(lang, "Utfall", "Outcome"),
        tr(lang, "Föregående år (annat urval)", "Last year (another sample)"),
        tr(lang, "Förändring hos utförare granskade båda åren", "Change at providers audited both years"),
    ];
    let rows: Vec<Vec<String>> = y
        .requirements
        .iter()
        .filter(|r| r.tally.applied > 0 || r.change.as_ref().and_then(|c| c.previous).is_some_and(|s| s.of > 0))
        .map(|r| {
            vec![
                r.title.get(lang).to_string(),
                r.source.clone(),
                r.text.get(lang).to_string(),
                r.change.as_ref().map_or_else(none, |c| c.previous_text.get(lang).to_string()),
                audit_change_text(r.change.as_ref()).map_or_else(none, |t| t.get(lang).to_string()),
            ]
        })
        .collect();
    html_table(out, &head, &rows, &[], None, lang);
    if !p.only_last_year.is_empty() {
        let _ = writeln!(out, "<h4>{}</h4><ul class=\"only-last-year\">", tr(lang, "Bara i föregående års granskningsmall", "Only in last year's checklist"));
        for o in &p.only_last_year {
            let _ = write!(out, "<li data-id=\"{}\">{}: {}</li>", esc(&o.id), esc(o.title.get(lang)), esc(o.text.get(lang)));
        }
        out.push_str("</ul>\n");
    }
}

fn audits_html(out: &mut String, a: &AuditSummary, lang: Lang) {
    let y = &a.year;
    let _ = writeln!(
        out,
        "<p>{}</p>",
        esc(&match lang {
            Lang::Sv => format!(
                "{} verksamheter har granskats: {} akter, {} intervjuer med unga och {} intervjuer med personal.",
                a.providers.len(),
                y.case_files,
                y.interviews_young,
                y.interviews_staff
            ),
            Lang::En => format!(
                "{} providers were audited: {} case files, {} interviews with young people and {} with staff.",
                a.providers.len(),
                y.case_files,
                y.interviews_young,
                y.interviews_staff
            ),
        })
    );
    match &a.previous {
        None => {
            out.push_str("<ul class=\"audit-year\">");
            for i in &y.indicators {
                let _ = write!(out, "<li data-indicator=\"{}\">{}</li>", esc(&i.id), esc(i.text.get(lang)));
            }
            out.push_str("</ul>\n");
            let head = [tr(lang, "Krav", "Requirement"), tr(lang, "Källa", "Source"), tr(lang, "Utfall", "Outcome")];
            let rows: Vec<Vec<String>> =
                y.requirements.iter().filter(|r| r.tally.applied > 0).map(|r| vec![r.title.get(lang).to_string(), r.source.clone(), r.text.get(lang).to_string()]).collect();
            html_table(out, &head, &rows, &[], None, lang);
        }
        Some(p) => audits_compared_html(out, a, p, lang),
    }
    let head =
        [tr(lang, "Verksamhet", "Provider"), tr(lang, "Datum", "Date"), tr(lang, "Akter", "Case files"), tr(lang, "Intervjuer", "Interviews"), tr(lang, "Brister", "Shortcomings")];
    let rows: Vec<Vec<String>> = a
        .providers
        .iter()
        .map(|p| {
            let findings: Vec<String> = p
                .figures
                .requirements
                .iter()
                .filter(|r| r.tally.not_met > 0)
                .map(|r| format!("{} ({} {} {})", r.title.get(lang), r.tally.not_met, tr(lang, "av", "of"), r.tally.applied))
                .collect();
            vec![
                p.name.clone().unwrap_or_else(|| p.provider.clone()),
                p.dates.join(", "),
                p.figures.case_files.to_string(),
                (p.figures.interviews_young + p.figures.interviews_staff).to_string(),
                if findings.is_empty() { tr(lang, "inga", "none").to_string() } else { findings.join("; ") },
            ]
        })
        .collect();
    html_table(out, &head, &rows, &[2, 3], None, lang);
    if a.rejected > 0 {
        let _ = writeln!(out, "<p class=\"bad\">{}: {}</p>", tr(lang, "Avvisade poster i granskningsprotokollen", "Items rejected from the audit records"), a.rejected);
    }
    let notes: Vec<_> = a.providers.iter().flat_map(|p| p.items.iter().filter_map(move |i| i.notes.as_ref().map(|n| (p, i, n)))).collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "<h4>{}</h4><ul>", tr(lang, "Granskarnas anteckningar", "The auditors' notes"));
        for (p, i, n) in notes {
            let _ = write!(out, "<li>{} {}: {}</li>", esc(p.name.as_deref().unwrap_or(&p.provider)), esc(&i.id), esc(n));
        }
        out.push_str("</ul>\n");
    }
}
