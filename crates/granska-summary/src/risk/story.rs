//! The kvalitetsberättelse draft: the committee's yearly quality report drawn from its risk
//! register, the follow-up of providers and the team's own text, as one self-contained HTML
//! page in the annual report's style and print stylesheet (the same CSS, inline SVG, no
//! scripts, nothing from the network), or as Markdown.
//!
//! Chapters: summary; 1 introduction; 2 risk analysis (the risk matrix as a chart —
//! likelihood × consequence, the count of risks per cell, each cell coloured by the pack's
//! level — and the risks); 3 actions and follow-up (each action's status, the register's
//! requirements); 4 lex Sarah and complaints (the year's figures from the follow-up summary,
//! [`FOLLOWUP_INDICATORS`]); 5 conclusions. Every text from an input is escaped; prose is the
//! report's strict Markdown subset.

use std::fmt::Write as _;

use granska::{Lang, Verdict};

use super::register::{MatrixCell, RiskRegister};
use crate::Summary;
use crate::escape::{html as esc, markdown as md};
use crate::render::reuse::{CSS, html_table, provenance_footer};
use crate::render::tr;
use crate::report::{Prose, REPORT_CSS};

/// The places prose can go in the kvalitetsberättelse, in order: `<slot>.md`, or
/// `<slot>.sv.md` / `<slot>.en.md` for one language.
pub const STORY_SLOTS: &[(&str, &str, &str)] = &[
    ("sammanfattning", "Sammanfattning", "Summary"),
    ("inledning", "Inledning", "Introduction"),
    ("riskanalys", "Riskanalys", "Risk analysis"),
    ("atgarder", "Åtgärder och uppföljning", "Actions and follow-up"),
    ("avvikelser", "Lex Sarah och klagomål", "Lex Sarah and complaints"),
    ("slutsatser", "Slutsatser och fortsatt arbete", "Conclusions and further work"),
];

/// The follow-up summary's indicators shown in chapter 4, by id (the built-in pack's:
/// `rules/law/lex-sarah.yaml` and `rules/law/sosfs-2011-9.yaml`).
pub const FOLLOWUP_INDICATORS: [&str; 4] = ["andel_lex_sarah_utredningar", "antal_lex_sarah_utredningar", "andel_klagomal_registrerade", "antal_klagomal_registrerade"];

/// Extra styles of the kvalitetsberättelse over the report's: the matrix and its legend.
const STORY_CSS: &str = r#"
.matrix-legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; list-style: none; padding: 0; font-size: .92rem; }
.matrix-legend i { display: inline-block; width: .9em; height: .9em; border: 1px solid #8c959f; margin-right: .35em; vertical-align: -.1em; }
tr.overdue td { color: var(--bad); }
table.actions td:nth-child(4), table.actions td:nth-child(6) { white-space: nowrap; }
td.verdict-not_met { color: var(--bad); font-weight: 600; }
"#;

/// Cell colours from the lowest level to the highest; a pack with other than three levels
/// gets colours spread over the same range.
const LEVEL_COLOURS: [&str; 5] = ["#cfe8cf", "#e8efb5", "#fbe3a6", "#f7c59f", "#f2a9a4"];

/// The colour of level `index` of `n`.
fn level_colour(index: usize, n: usize) -> &'static str {
    let last = LEVEL_COLOURS.len() - 1;
    let at = if n <= 1 { last } else { (index * last + (n - 1) / 2) / (n - 1) };
    LEVEL_COLOURS[at.min(last)]
}

fn slot_title(slot: &str, lang: Lang) -> &'static str {
    STORY_SLOTS.iter().find(|s| s.0 == slot).map_or("", |s| if lang == Lang::Sv { s.1 } else { s.2 })
}

fn verdict_text(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Met => tr(lang, "Uppfyllt", "Met"),
        Verdict::NotMet => tr(lang, "Ej uppfyllt", "Not met"),
        Verdict::Unanswered => tr(lang, "Obesvarat", "Unanswered"),
        Verdict::NotApplicable => tr(lang, "Ej tillämpligt", "Not applicable"),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "–".to_string(), ToString::to_string)
}

/// Everything the kvalitetsberättelse is made from.
#[derive(Clone, Copy, Debug)]
pub struct QualityStory<'a> {
    /// The register, read and checked.
    pub register: &'a RiskRegister,
    /// The follow-up of providers for the year (`granska summarize --format json`), if any.
    pub followup: Option<&'a Summary>,
    /// The team's text, by [`STORY_SLOTS`].
    pub prose: &'a Prose,
    /// The title; "Kvalitetsberättelse `year`" by default.
    pub title: Option<&'a str>,
}

/// A figure of the follow-up for chapter 4: its id, title and text, or `None` when the
/// summary has no such indicator.
struct Figure {
    id: &'static str,
    found: Option<(granska::Text, granska::Text, Option<String>)>,
}

impl QualityStory<'_> {
    fn default_title(&self, lang: Lang) -> String {
        format!("{} {}", tr(lang, "Kvalitetsberättelse", "Quality report"), self.register.year())
    }

    fn figures(&self, lang: Lang) -> Vec<Figure> {
        let Some(s) = self.followup else { return vec![] };
        FOLLOWUP_INDICATORS
            .iter()
            .map(|&id| Figure {
                id,
                found: s
                    .indicators
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| (i.title.clone(), i.text.clone(), i.figures.change.as_ref().map(|_| crate::render::indicator_change(&i.figures, lang)))),
            })
            .collect()
    }

    /// The year the follow-up summary covers, from its period.
    fn followup_year(&self) -> Option<&str> {
        self.followup.and_then(|s| s.period.as_ref()).and_then(|p| p.to.get(..4))
    }

    /// The sentences under the matrix: where the scales come from (the likelihood and
    /// consequence fields' `min` and `max` in the pack, changed only in a copy of it; in
    /// granska's own register pack example values), and the level limits in force, naming
    /// those that are example values (exempelvärden; a parameters file sets the committee's).
    fn example_note(&self, lang: Lang) -> Option<String> {
        let r = self.register;
        let pack = pack_name(&r.pack);
        let (l, c) = (&r.likelihood, &r.consequence);
        let builtin = r.pack.id == BUILTIN_REGISTER_ID;
        let scale = match (lang, builtin) {
            (Lang::Sv, true) => format!(
                "Skalorna ({}–{} för sannolikhet och {}–{} för konsekvens) är exempelvärden i regelpaketet {pack}, inte hämtade ur någon föreskrift; de ändras i en kopia av regelpaketet.",
                l.min, l.max, c.min, c.max
            ),
            (Lang::Sv, false) => format!("Skalorna ({}–{} för sannolikhet och {}–{} för konsekvens) anges i regelpaketet {pack}.", l.min, l.max, c.min, c.max),
            (Lang::En, true) => format!(
                "The scales ({}–{} for likelihood and {}–{} for consequence) are example values of the pack {pack}, taken from no regulation; they are changed in a copy of the pack.",
                l.min, l.max, c.min, c.max
            ),
            (Lang::En, false) => format!("The scales ({}–{} for likelihood and {}–{} for consequence) are set in the pack {pack}.", l.min, l.max, c.min, c.max),
        };
        let shown = |p: &super::RiskParameter| format!("{} = {}", p.label.get(lang), p.value.display(lang));
        let examples: Vec<String> = r.parameters.iter().filter(|p| p.example).map(shown).collect();
        let own: Vec<String> = r.parameters.iter().filter(|p| !p.example).map(shown).collect();
        let mut out = scale;
        if !examples.is_empty() {
            out.push(' ');
            out.push_str(&match lang {
                Lang::Sv => format!("Nivågränserna är exempelvärden ({}); nämnden anger sina egna i en parameterfil.", examples.join("; ")),
                Lang::En => format!("The level limits are example values ({}); the committee sets its own in a parameters file.", examples.join("; ")),
            });
        }
        if !own.is_empty() {
            out.push(' ');
            out.push_str(&match lang {
                Lang::Sv => format!("Nivågränserna är nämndens egna ({}).", own.join("; ")),
                Lang::En => format!("The level limits are the committee's own ({}).", own.join("; ")),
            });
        }
        Some(out)
    }

    /// The risk matrix as inline SVG: consequence across, likelihood up, each cell coloured
    /// by its level and holding the number of risks in it.
    fn matrix_svg(&self, lang: Lang) -> String {
        let r = self.register;
        let (cols, rows) = ((r.consequence.max - r.consequence.min + 1) as f64, (r.likelihood.max - r.likelihood.min + 1) as f64);
        let (cell, left, top) = (64.0, 110.0, 10.0);
        let (width, height) = (left + cols * cell + 20.0, top + rows * cell + 64.0);
        let caption = tr(lang, "Riskmatris: antal risker per sannolikhet och konsekvens", "Risk matrix: number of risks by likelihood and consequence");
        let mut svg = format!(
            r#"<figure class="risk-matrix"><svg viewBox="0 0 {width} {height}" width="{width}" style="max-width: 100%; height: auto" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
            esc(caption)
        );
        let n = r.levels.len();
        for c in &r.matrix {
            let MatrixCell { likelihood, consequence, level, count } = c;
            let li = r.levels.iter().position(|l| &l.id == level).unwrap_or(0);
            let x = left + (consequence - r.consequence.min) as f64 * cell;
            let y = top + (r.likelihood.max - likelihood) as f64 * cell;
            let title = match lang {
                Lang::Sv => format!("Sannolikhet {likelihood}, konsekvens {consequence}: {}, {count} risker", r.levels[li].title.sv),
                Lang::En => format!("Likelihood {likelihood}, consequence {consequence}: {}, {count} risks", r.levels[li].title.en),
            };
            let _ = write!(
                svg,
                r##"<g class="cell" data-likelihood="{likelihood}" data-consequence="{consequence}" data-level="{}" data-count="{count}"><rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{}" stroke="#ffffff" stroke-width="2"/><title>{}</title>"##,
                esc(level),
                level_colour(li, n),
                esc(&title)
            );
            if *count > 0 {
                let _ = write!(
                    svg,
                    r##"<text x="{}" y="{}" text-anchor="middle" font-size="20" font-weight="600" fill="#1b1f24">{count}</text>"##,
                    x + cell / 2.0,
                    y + cell / 2.0 + 7.0
                );
            }
            svg.push_str("</g>");
        }
        for l in r.likelihood.min..=r.likelihood.max {
            let y = top + (r.likelihood.max - l) as f64 * cell + cell / 2.0 + 5.0;
            let _ = write!(svg, r##"<text x="{}" y="{y}" text-anchor="end" font-size="13" fill="#59636e">{l}</text>"##, left - 8.0);
        }
        for k in r.consequence.min..=r.consequence.max {
            let x = left + (k - r.consequence.min) as f64 * cell + cell / 2.0;
            let _ = write!(svg, r##"<text x="{x}" y="{}" text-anchor="middle" font-size="13" fill="#59636e">{k}</text>"##, top + rows * cell + 18.0);
        }
        let axis = |label: &granska::Text| esc(label.get(lang).split(" (").next().unwrap_or_default());
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="#1b1f24">{}</text><text x="14" y="{}" font-size="13" fill="#1b1f24" transform="rotate(-90 14 {})" text-anchor="middle">{}</text>"##,
            left + cols * cell / 2.0,
            top + rows * cell + 42.0,
            axis(&r.consequence.label),
            top + rows * cell / 2.0,
            top + rows * cell / 2.0,
            axis(&r.likelihood.label)
        );
        let _ = write!(svg, "</svg><figcaption>{}</figcaption></figure>\n<ul class=\"matrix-legend\">", esc(caption));
        for (i, l) in r.levels.iter().enumerate() {
            let _ = write!(svg, "<li data-level=\"{}\"><i style=\"background: {}\"></i>{}: {}</li>", esc(&l.id), level_colour(i, n), esc(l.title.get(lang)), l.count);
        }
        svg.push_str("</ul>\n");
        svg
    }

    /// The risk table: number, area, risk, likelihood, consequence, level, actions.
    fn risk_rows(&self, lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let head = vec![
            tr(lang, "Nr", "No."),
            tr(lang, "Riskområde", "Risk area"),
            tr(lang, "Risk", "Risk"),
            tr(lang, "Sannolikhet", "Likelihood"),
            tr(lang, "Konsekvens", "Consequence"),
            tr(lang, "Risknivå", "Risk level"),
            tr(lang, "Åtgärder", "Actions"),
        ];
        let rows = self
            .register
            .risks
            .iter()
            .map(|r| {
                vec![
                    opt(&r.nr),
                    r.area_label.as_ref().map_or_else(|| opt(&r.area), |t| t.get(lang).to_string()),
                    opt(&r.description),
                    opt(&r.likelihood),
                    opt(&r.consequence),
                    r.level_title.as_ref().map_or_else(|| "–".to_string(), |t| t.get(lang).to_string()),
                    r.actions.to_string(),
                ]
            })
            .collect();
        (head, rows)
    }

    /// The action table: risk, action, owner, due, status, followed up, result.
    fn action_rows(&self, lang: Lang) -> (Vec<&'static str>, Vec<(Vec<String>, bool)>) {
        let head = vec![
            tr(lang, "Risk", "Risk"),
            tr(lang, "Åtgärd", "Action"),
            tr(lang, "Ansvarig", "Owner"),
            tr(lang, "Klart senast", "Due"),
            tr(lang, "Status", "Status"),
            tr(lang, "Följdes upp", "Followed up"),
            tr(lang, "Uppföljning", "Follow-up"),
        ];
        let rows = self
            .register
            .actions
            .iter()
            .map(|a| {
                let mut status = a.status_label.as_ref().map_or_else(|| opt(&a.status), |t| t.get(lang).to_string());
                if a.overdue == Some(true) {
                    status.push_str(tr(lang, " (försenad)", " (overdue)"));
                }
                (vec![opt(&a.risk), opt(&a.action), opt(&a.owner), opt(&a.due), status, opt(&a.followed_up), opt(&a.follow_up)], a.overdue == Some(true))
            })
            .collect();
        (head, rows)
    }

    fn counts(&self) -> (usize, u32, usize, usize) {
        let r = self.register;
        let highest = r.levels.last().map_or(0, |l| l.count);
        let open = r.actions.iter().filter(|a| a.open == Some(true)).count();
        let overdue = r.actions.iter().filter(|a| a.overdue == Some(true)).count();
        (r.risks.len(), highest, open, overdue)
    }

    /// The introduction's fixed sentence: what the report rests on.
    fn basis(&self, lang: Lang) -> String {
        let r = self.register;
        let unit = r.name.as_deref().unwrap_or(&r.unit);
        let reviewed = r.reviewed.as_deref().unwrap_or("–");
        let followup = match (self.followup, self.followup_year(), lang) {
            (None, _, Lang::Sv) => " Ingen sammanställning av uppföljningen av utförare har lagts till.".to_string(),
            (None, _, Lang::En) => " No summary of the follow-up of providers was added.".to_string(),
            (Some(_), y, Lang::Sv) => format!(" Siffrorna om lex Sarah och klagomål är hämtade ur verksamhetsuppföljningen av utförare {}.", y.unwrap_or("")),
            (Some(_), y, Lang::En) => format!(" The lex Sarah and complaints figures are taken from the follow-up of providers {}.", y.unwrap_or("")),
        };
        match lang {
            Lang::Sv => format!(
                "Kvalitetsberättelsen bygger på riskregistret för {unit} per {} (senast genomgånget av ledningen {reviewed}), bedömt mot regelpaketets krav ({}), med stöd i SOSFS 2011:9.{followup} Siffrorna är sammanställda med granska; texten är enhetens.",
                r.date,
                pack_name(&r.pack)
            ),
            Lang::En => format!(
                "The quality report rests on the risk register of {unit} as of {} (last reviewed by management on {reviewed}), judged against the requirements of the pack ({}), based on SOSFS 2011:9.{followup} The figures are compiled with granska; the text is the unit's.",
                r.date,
                pack_name(&r.pack)
            ),
        }
    }

    /// The kvalitetsberättelse as one self-contained HTML page in `lang`.
    pub fn to_html(&self, lang: Lang) -> String {
        let r = self.register;
        let default_title = self.default_title(lang);
        let title = self.title.unwrap_or(&default_title);
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{REPORT_CSS}{STORY_CSS}</style>\n</head>\n<body>\n<main>\n",
            tr(lang, "sv", "en"),
            esc(title)
        );
        let _ = writeln!(out, "<h1>{}<small>{}</small></h1>", esc(title), esc(r.name.as_deref().unwrap_or(&r.unit)));
        out.push_str("<nav class=\"toc\"><ul>");
        for (i, (slot, _, _)) in STORY_SLOTS.iter().enumerate() {
            let n = if i == 0 { String::new() } else { format!("{i} ") };
            let _ = write!(out, "<li><a href=\"#{slot}\">{n}{}</a></li>", slot_title(slot, lang));
        }
        out.push_str("</ul></nav>\n");

        let (risks, highest, open, overdue) = self.counts();
        let _ = writeln!(out, "<section class=\"chapter\" id=\"sammanfattning\"><h2>{}</h2>", slot_title("sammanfattning", lang));
        out.push_str(&self.prose.html("sammanfattning", lang, 3));
        out.push_str("<div class=\"cards\">");
        let highest_label = r.levels.last().map_or(String::new(), |l| l.title.get(lang).to_lowercase());
        for (id, n, label) in [
            ("risker", risks.to_string(), tr(lang, "risker i registret", "risks in the register").to_string()),
            ("hogsta", highest.to_string(), format!("{}: {highest_label}", tr(lang, "högsta risknivån", "highest risk level"))),
            ("oppna", open.to_string(), tr(lang, "öppna åtgärder", "open actions").to_string()),
            ("forsenade", overdue.to_string(), tr(lang, "öppna åtgärder efter slutdatum", "open actions past their due date").to_string()),
        ] {
            let _ = write!(out, "<div class=\"card\" data-card=\"{id}\"><b>{}</b><span>{}</span></div>", esc(&n), esc(&label));
        }
        out.push_str("</div></section>\n");

        let _ = writeln!(out, "<section class=\"chapter\" id=\"inledning\"><h2>1 {}</h2>", slot_title("inledning", lang));
        out.push_str(&self.prose.html("inledning", lang, 3));
        let _ = writeln!(out, "<p>{}</p></section>", esc(&self.basis(lang)));

        let _ = writeln!(out, "<section class=\"chapter\" id=\"riskanalys\"><h2>2 {}</h2>", slot_title("riskanalys", lang));
        out.push_str(&self.prose.html("riskanalys", lang, 3));
        out.push_str(&self.matrix_svg(lang));
        if let Some(note) = self.example_note(lang) {
            let _ = writeln!(out, "<p class=\"muted example-note\">{}</p>", esc(&note));
        }
        let (head, rows) = self.risk_rows(lang);
        html_table(&mut out, &head, &rows, &[0, 3, 4, 6], None, lang);
        out.push_str("</section>\n");

        let _ = writeln!(out, "<section class=\"chapter\" id=\"atgarder\"><h2>3 {}</h2>", slot_title("atgarder", lang));
        out.push_str(&self.prose.html("atgarder", lang, 3));
        let (head, rows) = self.action_rows(lang);
        out.push_str("<div class=\"scroll\"><table class=\"actions\"><thead><tr>");
        for h in &head {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr></thead><tbody>");
        for (a, (row, late)) in r.actions.iter().zip(&rows) {
            let _ = write!(out, "<tr data-record=\"{}\"{}>", a.record, if *late { " class=\"overdue\"" } else { "" });
            for cell in row {
                let _ = write!(out, "<td>{}</td>", esc(cell));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>\n");
        let _ = writeln!(out, "<h3>{}</h3>", tr(lang, "Riskregistret mot kraven", "The register against the requirements"));
        out.push_str("<div class=\"scroll\"><table class=\"register-checks\"><thead><tr>");
        for h in [tr(lang, "Krav", "Requirement"), tr(lang, "Källa", "Source"), tr(lang, "Bedömning", "Verdict"), tr(lang, "Kommentar", "Comment")] {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr></thead><tbody>");
        for v in &r.report.verdicts {
            let _ = write!(
                out,
                "<tr data-requirement=\"{}\"><td>{}</td><td>{}</td><td class=\"verdict-{}\">{}</td><td>{}</td></tr>",
                esc(&v.requirement),
                esc(v.title.get(lang)),
                esc(&v.source),
                v.verdict.as_str(),
                verdict_text(v.verdict, lang),
                esc(v.message.as_ref().map_or("", |m| m.get(lang)))
            );
        }
        out.push_str("</tbody></table></div>\n");
        if !r.report.issues.is_empty() {
            let _ = writeln!(out, "<h3>{}</h3><ul class=\"issues\">", tr(lang, "Uppgifter i registret som inte kunde läsas", "Entries of the register that could not be read"));
            for i in &r.report.issues {
                let _ = write!(out, "<li><code>{}</code>: {}</li>", esc(&i.field), esc(i.message.get(lang)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");

        let _ = writeln!(out, "<section class=\"chapter\" id=\"avvikelser\"><h2>4 {}</h2>", slot_title("avvikelser", lang));
        out.push_str(&self.prose.html("avvikelser", lang, 3));
        let figures = self.figures(lang);
        if self.followup.is_none() {
            let _ = writeln!(
                out,
                "<p class=\"muted\">{}</p>",
                tr(lang, "Ingen sammanställning av uppföljningen av utförare har lagts till.", "No summary of the follow-up of providers was added.")
            );
        } else {
            let year = self.followup_year().unwrap_or("");
            let _ = writeln!(out, "<p>{} {}.</p>", tr(lang, "Ur verksamhetsuppföljningen av utförare", "From the follow-up of providers"), esc(year));
            out.push_str("<div class=\"scroll\"><table class=\"followup\"><thead><tr>");
            for h in [tr(lang, "Uppgift", "Figure"), tr(lang, "Resultat", "Result"), tr(lang, "Förändring", "Change")] {
                let _ = write!(out, "<th>{}</th>", esc(h));
            }
            out.push_str("</tr></thead><tbody>");
            for f in &figures {
                match &f.found {
                    Some((title, text, change)) => {
                        let _ = write!(
                            out,
                            "<tr data-indicator=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                            f.id,
                            esc(&capitalised(title.get(lang))),
                            esc(text.get(lang)),
                            esc(change.as_deref().unwrap_or("–"))
                        );
                    }
                    None => {
                        let _ = write!(
                            out,
                            "<tr data-indicator=\"{}\"><td><code>{}</code></td><td class=\"suppressed\">{}</td><td></td></tr>",
                            f.id,
                            f.id,
                            tr(lang, "– (finns inte i sammanställningen)", "– (not in the summary)")
                        );
                    }
                }
            }
            out.push_str("</tbody></table></div>\n");
        }
        out.push_str("</section>\n");

        let _ = writeln!(out, "<section class=\"chapter\" id=\"slutsatser\"><h2>5 {}</h2>", slot_title("slutsatser", lang));
        out.push_str(&self.prose.html("slutsatser", lang, 3));
        out.push_str("</section>\n");
        let lead = granska::Text::new("Riskregistret är bedömt med granska,", "Risk register judged with granska,");
        let mut others = vec![];
        if let Some(s) = self.followup {
            others.push((granska::Text::new("Uppföljningen av utförare med", "The follow-up of providers with"), &s.pack));
        }
        let _ = writeln!(out, "{}\n</main>\n</body>\n</html>", provenance_footer(&r.pack, &others, lead, lang));
        out
    }

    /// The kvalitetsberättelse as Markdown in `lang`: the same chapters, the matrix as a table
    /// (likelihood down from the highest, consequence across; each cell its level and count).
    pub fn to_markdown(&self, lang: Lang) -> String {
        let r = self.register;
        let default_title = self.default_title(lang);
        let title = self.title.unwrap_or(&default_title);
        let mut out = format!("# {}\n\n{}\n\n", md(title), md(r.name.as_deref().unwrap_or(&r.unit)));
        let prose = |out: &mut String, slot: &str| {
            if let Some(t) = self.prose.get(slot, lang) {
                // The strict subset's Markdown passes; HTML in it stays text, as on the page.
                out.push_str(&t.trim_end().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
                out.push_str("\n\n");
            }
        };
        let (risks, highest, open, overdue) = self.counts();
        let _ = writeln!(out, "## {}\n", slot_title("sammanfattning", lang));
        prose(&mut out, "sammanfattning");
        let highest_label = r.levels.last().map_or(String::new(), |l| l.title.get(lang).to_lowercase());
        let _ = writeln!(
            out,
            "- {}: {risks}\n- {} ({}): {highest}\n- {}: {open}\n- {}: {overdue}\n",
            tr(lang, "Risker i registret", "Risks in the register"),
            tr(lang, "På högsta risknivån", "At the highest risk level"),
            md(&highest_label),
            tr(lang, "Öppna åtgärder", "Open actions"),
            tr(lang, "Öppna åtgärder efter slutdatum", "Open actions past their due date")
        );
        let _ = writeln!(out, "## 1 {}\n", slot_title("inledning", lang));
        prose(&mut out, "inledning");
        let _ = writeln!(out, "{}\n", md(&self.basis(lang)));

        let _ = writeln!(out, "## 2 {}\n", slot_title("riskanalys", lang));
        prose(&mut out, "riskanalys");
        let _ = write!(out, "| {} \\ {} |", md(tr(lang, "Sannolikhet", "Likelihood")), md(tr(lang, "konsekvens", "consequence")));
        for k in r.consequence.min..=r.consequence.max {
            let _ = write!(out, " {k} |");
        }
        out.push_str("\n|---|");
        for _ in r.consequence.min..=r.consequence.max {
            out.push_str("---|");
        }
        out.push('\n');
        for l in (r.likelihood.min..=r.likelihood.max).rev() {
            let _ = write!(out, "| {l} |");
            for k in r.consequence.min..=r.consequence.max {
                let cell = r.matrix.iter().find(|c| c.likelihood == l && c.consequence == k);
                let level = cell.and_then(|c| r.levels.iter().find(|x| x.id == c.level)).map_or("–", |x| x.title.get(lang));
                let _ = write!(out, " {}: {} |", md(level), cell.map_or(0, |c| c.count));
            }
            out.push('\n');
        }
        out.push('\n');
        if let Some(note) = self.example_note(lang) {
            let _ = writeln!(out, "*{}*\n", md(&note));
        }
        let (head, rows) = self.risk_rows(lang);
        md_table(&mut out, &head, rows.iter());

        let _ = writeln!(out, "## 3 {}\n", slot_title("atgarder", lang));
        prose(&mut out, "atgarder");
        let (head, rows) = self.action_rows(lang);
        md_table(&mut out, &head, rows.iter().map(|(r, _)| r));
        let _ = writeln!(out, "### {}\n", tr(lang, "Riskregistret mot kraven", "The register against the requirements"));
        let head = [tr(lang, "Krav", "Requirement"), tr(lang, "Källa", "Source"), tr(lang, "Bedömning", "Verdict"), tr(lang, "Kommentar", "Comment")];
        let rows: Vec<Vec<String>> = r
            .report
            .verdicts
            .iter()
            .map(|v| {
                vec![
                    v.title.get(lang).to_string(),
                    v.source.to_string(),
                    verdict_text(v.verdict, lang).to_string(),
                    v.message.as_ref().map_or(String::new(), |m| m.get(lang).to_string()),
                ]
            })
            .collect();
        md_table(&mut out, &head, rows.iter());
        if !r.report.issues.is_empty() {
            let _ = writeln!(out, "### {}\n", tr(lang, "Uppgifter i registret som inte kunde läsas", "Entries of the register that could not be read"));
            for i in &r.report.issues {
                let _ = writeln!(out, "- `{}`: {}", i.field, md(i.message.get(lang)));
            }
            out.push('\n');
        }

        let _ = writeln!(out, "## 4 {}\n", slot_title("avvikelser", lang));
        prose(&mut out, "avvikelser");
        if self.followup.is_none() {
            let _ = writeln!(out, "{}\n", tr(lang, "Ingen sammanställning av uppföljningen av utförare har lagts till.", "No summary of the follow-up of providers was added."));
        } else {
            let _ = writeln!(out, "{} {}.\n", tr(lang, "Ur verksamhetsuppföljningen av utförare", "From the follow-up of providers"), self.followup_year().unwrap_or(""));
            let rows: Vec<Vec<String>> = self
                .figures(lang)
                .into_iter()
                .map(|f| match f.found {
                    Some((title, text, change)) => vec![capitalised(title.get(lang)), text.get(lang).to_string(), change.unwrap_or_else(|| "–".into())],
                    None => vec![f.id.to_string(), tr(lang, "– (finns inte i sammanställningen)", "– (not in the summary)").to_string(), "–".into()],
                })
                .collect();
            md_table(&mut out, &[tr(lang, "Uppgift", "Figure"), tr(lang, "Resultat", "Result"), tr(lang, "Förändring", "Change")], rows.iter());
        }
        let _ = writeln!(out, "## 5 {}\n", slot_title("slutsatser", lang));
        prose(&mut out, "slutsatser");
        let hash = r.pack.content_hash.as_deref().and_then(|h| h.get(..12)).unwrap_or("");
        let _ = writeln!(
            out,
            "---\n\n{} {} {}, {} {hash}.",
            tr(lang, "Riskregistret är bedömt med regelpaketet", "Risk register judged with the rule pack"),
            md(&r.pack.id),
            md(r.pack.version.as_deref().unwrap_or("")),
            tr(lang, "innehållshash", "content hash")
        );
        out
    }
}

/// An indicator's title as a table's first cell: "Har utfört lex Sarah-utredningar".
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn md_table<'r>(out: &mut String, head: &[&str], rows: impl Iterator<Item = &'r Vec<String>>) {
    let _ = writeln!(out, "| {} |", head.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | "));
    }
    out.push('\n');
}

/// The id of granska's own register pack ([`super::REGISTER_PACK`]), whose scales are example values.
const BUILTIN_REGISTER_ID: &str = "riskregister";

/// A pack as named in the text: its id and version (`riskregister 2025.1`).
fn pack_name(pack: &crate::SummaryPack) -> String {
    match &pack.version {
        Some(v) => format!("{} {v}", pack.id),
        None => pack.id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::level_colour;

    #[test]
    fn three_levels_run_from_green_to_red() {
        assert_eq!([level_colour(0, 3), level_colour(1, 3), level_colour(2, 3)], ["#cfe8cf", "#fbe3a6", "#f2a9a4"]);
        assert_eq!(level_colour(0, 1), "#f2a9a4");
    }
}
