//! The summary as a self-contained HTML page (inline CSS, bar charts), every text escaped.

use super::*;

pub(crate) const CSS: &str = r#"
:root { --ink: #1b1f24; --muted: #59636e; --line: #d0d7de; --bar: #1d5a96; --track: #e6ebf0; --bad: #b3261e; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
main { max-width: 68rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h1 small { display: block; font-size: 1.05rem; font-weight: normal; color: var(--muted); margin-top: .3rem; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .6rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.8rem 0 .5rem; }
p.lead { color: var(--muted); margin: .2rem 0; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1.2rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; min-width: 11rem; }
.card b { display: block; font-size: 1.6rem; }
.card span { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bar { width: 6.5rem; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); }
.scroll { overflow-x: auto; }
table.requirements td:first-child { min-width: 18rem; }
.muted { color: var(--muted); }
table.requirements .muted { font-size: .85rem; }
.bad { color: var(--bad); }
figure { margin: 1rem 0 1.4rem; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .2rem; }
svg text { font-family: inherit; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: .6rem; }
@media print {
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  body { font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  tr, figure, .card { break-inside: avoid; }
  section.group { break-before: auto; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 15mm; }
"#;

/// A small horizontal bar for a percentage, for a table cell.
pub(crate) fn bar(percent: Option<i64>, lang: Lang) -> String {
    let Some(p) = percent else { return String::new() };
    let w = p.clamp(0, 100);
    format!(
        r##"<svg width="90" height="12" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{}"><rect width="100" height="10" fill="#e6ebf0"/><rect width="{w}" height="10" fill="#1d5a96"/></svg>"##,
        esc(&pct(Some(p), lang))
    )
}

/// A labelled horizontal bar chart of percentages.
pub(crate) fn chart(items: &[(String, Option<i64>, String)], lang: Lang, caption: &str) -> String {
    if items.is_empty() {
        return String::new();
    }
    let (label_w, bar_w, row_h) = (380.0, 300.0, 26.0);
    let height = items.len() as f64 * row_h + 24.0;
    let width = label_w + bar_w + 70.0;
    let mut svg = format!(
        r#"<figure><svg viewBox="0 0 {width} {height}" width="{width}" style="max-width: 100%; height: auto" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(caption)
    );
    for (i, (label, p, value)) in items.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let shown: String = if label.chars().count() > 58 { format!("{}…", label.chars().take(57).collect::<String>()) } else { label.clone() };
        let w = p.unwrap_or(0).clamp(0, 100) as f64 * bar_w / 100.0;
        let _ = write!(
            svg,
            r##"<text x="{tx}" y="{ty}" text-anchor="end" font-size="13" fill="#1b1f24">{label}</text><rect x="{bx}" y="{y}" width="{bar_w}" height="18" fill="#e6ebf0"/><rect x="{bx}" y="{y}" width="{w:.1}" height="18" fill="#1d5a96"><title>{title}</title></rect><text x="{vx}" y="{ty}" font-size="13" fill="#1b1f24">{value}</text>"##,
            tx = label_w - 8.0,
            ty = y + 14.0,
            label = esc(&shown),
            bx = label_w,
            title = esc(&format!("{label}: {value}")),
            vx = label_w + bar_w + 6.0,
            value = esc(value),
        );
    }
    let axis_y = items.len() as f64 * row_h + 18.0;
    for tick in [0, 50, 100] {
        let x = label_w + tick as f64 * bar_w / 100.0;
        let _ = write!(svg, r##"<text x="{x}" y="{axis_y}" text-anchor="middle" font-size="11" fill="#59636e">{}</text>"##, esc(&pct(Some(tick), lang)));
    }
    let _ = write!(svg, "</svg><figcaption>{}</figcaption></figure>", esc(caption));
    svg
}

/// Writes a table; `numeric` marks right-aligned columns; `bars` adds a bar after the
/// column of that index from the given percentages.
pub(crate) fn html_table(out: &mut String, head: &[&str], rows: &[Vec<String>], numeric: &[usize], bars: Option<(usize, Vec<Option<i64>>)>, lang: Lang) {
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let class = if numeric.contains(&i) { r#" class="num""# } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
        if bars.as_ref().is_some_and(|(c, _)| *c == i) {
            out.push_str(r#"<th aria-hidden="true"></th>"#);
        }
    }
    out.push_str("</tr></thead><tbody>");
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if numeric.contains(&i) { r#" class="num""# } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", esc(cell));
            if let Some((c, ps)) = &bars
                && *c == i
            {
                let _ = write!(out, r#"<td class="bar">{}</td>"#, bar(ps.get(r).copied().flatten(), lang));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

/// A requirement table for HTML: the title with its id and source beneath, then the counts.
/// What a requirement table says under each requirement's title, besides its id.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowDetail {
    /// The id only.
    Id,
    /// The quality area and the source cited.
    AreaAndSource,
    /// The service type, for a requirement of one service type (a table that mixes the
    /// service types' own requirements, where titles repeat: "Personalens erfarenhet").
    Service,
}

pub(crate) fn html_requirement_table<'a>(out: &mut String, s: &Summary, items: impl Iterator<Item = (&'a str, &'a Compared<Tally>)>, lang: Lang, compare: bool, detail: RowDetail) {
    let mut head = vec![tr(lang, "Krav", "Requirement")];
    head.extend([
        tr(lang, "Gäller", "Applies to"),
        tr(lang, "Uppfyllt", "Met"),
        tr(lang, "Ej uppfyllt", "Not met"),
        tr(lang, "Obesvarat", "Unanswered"),
        tr(lang, "Andel uppfyllt", "Share met"),
    ]);
    let first_num = 1;
    out.push_str("<div class=\"scroll\"><table class=\"requirements\"><thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let class = if i >= first_num { r#" class="num""# } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    out.push_str(r#"<th aria-hidden="true"></th>"#);
    if compare {
        let _ = write!(out, r#"<th class="num">{}</th>"#, tr(lang, "Förändring", "Change"));
    }
    out.push_str("</tr></thead><tbody>");
    for (id, f) in items {
        let r = s.requirement(id);
        let title = r.map(|r| r.title.get(lang)).unwrap_or(id);
        let source = r.map(|r| r.source.as_str()).unwrap_or("");
        let _ = write!(out, "<tr><td><b>{}</b>", esc(title));
        if detail == RowDetail::Service
            && let Some([service]) = r.map(|r| r.services.as_slice())
        {
            let label = s.service(service).map_or(service.as_str(), |g| g.label.get(lang));
            let _ = write!(out, " <span class=\"muted\">· {}</span>", esc(label));
        }
        let _ = write!(out, "<br><span class=\"id\">{}</span>", esc(id));
        if detail == RowDetail::AreaAndSource {
            let area = r.map(|r| area_title(s, &r.area, lang)).unwrap_or_default();
            let _ = write!(out, " <span class=\"muted\">· {}", esc(&area));
            if !source.is_empty() {
                let _ = write!(out, " · {}", esc(source));
            }
            out.push_str("</span>");
        }
        out.push_str("</td>");
        let t = &f.now;
        for n in [t.applied, t.met, t.not_met, t.unanswered] {
            let _ = write!(out, r#"<td class="num">{}</td>"#, esc(&int(n, lang)));
        }
        let _ = write!(out, r#"<td class="num">{}</td><td class="bar">{}</td>"#, esc(&pct(t.percent_met, lang)), bar(t.percent_met, lang));
        if compare {
            let _ = write!(out, r#"<td class="num">{}</td>"#, esc(&tally_change(f, lang)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

impl Summary {
    /// The summary as one self-contained HTML page (inline CSS and SVG; no scripts, no
    /// network), in `lang`, readable on screen and in print.
    pub fn to_html(&self, lang: Lang) -> String {
        let compare = self.previous.is_some();
        let mut out = String::new();
        let title = format!("{}: {}", title_line(self, lang), self.pack.title.get(lang));
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
            tr(lang, "sv", "en"),
            esc(&title)
        );
        let _ = writeln!(out, "<h1>{}<small>{}</small></h1>", esc(&title_line(self, lang)), esc(self.pack.title.get(lang)));
        for line in intro(self, lang) {
            let _ = writeln!(out, "<p class=\"lead\">{}</p>", esc(&line));
        }
        // Key cards.
        out.push_str("<div class=\"cards\">");
        let _ = write!(out, "<div class=\"card\"><b>{}</b><span>{}</span></div>", esc(&int(self.reports.now.count, lang)), tr(lang, "rapporter", "reports"));
        if let Some(r) = &self.response {
            let _ = write!(out, "<div class=\"card\"><b>{}</b><span>{}</span></div>", esc(&pct(r.now.percent, lang)), tr(lang, "svarsfrekvens", "response rate"));
        }
        let rejected_class = if self.rejected.count > 0 { " bad" } else { "" };
        let _ = write!(
            out,
            "<div class=\"card\"><b class=\"{}\">{}</b><span>{}</span></div>",
            rejected_class.trim(),
            esc(&int(self.rejected.count as i64, lang)),
            tr(lang, "avvisade rapporter", "rejected reports")
        );
        out.push_str("</div>\n");

        // Indicators.
        let (shares, sums) = indicator_tables(self, lang, compare);
        let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Nyckeltal", "Key figures"));
        let share_items: Vec<(String, Option<i64>, String)> =
            self.indicators.iter().filter(|i| i.kind == "share").map(|i| (i.title.get(lang).to_string(), i.figures.now.percent, pct(i.figures.now.percent, lang))).collect();
        out.push_str(&chart(&share_items, lang, tr(lang, "Andel verksamheter per nyckeltal", "Share of providers per key figure")));
        let share_percents: Vec<Option<i64>> = self.indicators.iter().filter(|i| i.kind == "share").map(|i| i.figures.now.percent).collect();
        html_table(&mut out, &shares.0, &shares.1, &[1, 2, 3, 4], Some((3, share_percents)), lang);
        if !sums.1.is_empty() {
            let _ = writeln!(out, "<h3>{}</h3>", tr(lang, "Summor", "Totals"));
            html_table(&mut out, &sums.0, &sums.1, &[1, 2, 3], None, lang);
        }
        out.push_str("</section>\n");
        if !self.parameters.is_empty() {
            let (head, rows) = parameter_table(self, lang);
            let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Parametrar", "Parameters"));
            if let Some(line) = params_line(self, lang) {
                let _ = writeln!(out, "<p>{}</p>", esc(&line));
            }
            html_table(&mut out, &head, &rows, &[], None, lang);
            out.push_str("</section>\n");
        }

        // Response rate.
        if self.response.is_some() {
            let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Svarsfrekvens per tjänstetyp", "Response rate per service type"));
            let items: Vec<(String, Option<i64>, String)> = self
                .services
                .iter()
                .filter_map(|g| g.response.as_ref().map(|r| (g.label.get(lang).to_string(), r.now.percent, format!("{} / {}", r.now.responded, r.now.invited))))
                .collect();
            out.push_str(&chart(&items, lang, tr(lang, "Andel inbjudna verksamheter som svarade", "Share of invited providers that responded")));
            let (head, rows) = response_table(self, lang, compare);
            let ps: Vec<Option<i64>> =
                self.services.iter().filter_map(|g| g.response.as_ref().map(|r| r.now.percent)).chain(self.response.as_ref().map(|r| r.now.percent)).collect();
            html_table(&mut out, &head, &rows, &[1, 2, 3], Some((3, ps)), lang);
            out.push_str("</section>\n");
        }

        // Quality areas.
        let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Kvalitetsområden", "Quality areas"));
        let items: Vec<(String, Option<i64>, String)> =
            self.areas.iter().map(|a| (a.title.get(lang).to_string(), a.figures.now.percent_met, pct(a.figures.now.percent_met, lang))).collect();
        out.push_str(&chart(&items, lang, tr(lang, "Andel uppfyllda krav per kvalitetsområde (alla bedömningar)", "Share of requirements met per quality area (all assessments)")));
        let (head, rows) = area_table(&self.areas, lang, compare);
        let ps: Vec<Option<i64>> = self.areas.iter().map(|a| a.figures.now.percent_met).collect();
        html_table(&mut out, &head, &rows, &[1, 2, 3, 4, 5, 6], Some((6, ps)), lang);
        out.push_str("</section>\n");

        // Requirements.
        let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Krav", "Requirements"));
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            tr(
                lang,
                "”Gäller” är de verksamheter som kravet gäller (uppfyllt, ej uppfyllt eller obesvarat); andelen uppfyllt räknas på dem.",
                "“Applies to” counts the providers the requirement applies to (met, not met or unanswered); the share met is of them."
            )
        );
        html_requirement_table(&mut out, self, self.requirements.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, RowDetail::AreaAndSource);
        out.push_str("</section>\n");

        // Groups.
        for (heading, groups) in [(tr(lang, "Per tjänstetyp", "Per service type"), &self.services), (tr(lang, "Per avtalsform", "Per contract form"), &self.contracts)] {
            let _ = writeln!(out, "<section><h2>{heading}</h2>");
            for g in groups.iter() {
                let _ = writeln!(
                    out,
                    "<section class=\"group\"><h3>{} <span class=\"muted\">({} {})</span></h3>",
                    esc(g.label.get(lang)),
                    esc(&int(g.reports.now.count, lang)),
                    tr(lang, "rapporter", "reports")
                );
                let (head, rows) = group_indicator_table(self, g, lang, compare);
                if !rows.is_empty() {
                    let ps: Vec<Option<i64>> = g.indicators.iter().map(|i| i.figures.now.percent).collect();
                    html_table(&mut out, &head, &rows, &[], Some((1, ps)), lang);
                }
                if !g.requirements.is_empty() {
                    html_requirement_table(&mut out, self, g.requirements.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, RowDetail::Id);
                }
                out.push_str("</section>\n");
            }
            out.push_str("</section>\n");
        }

        // Problems.
        if self.rejected.count > 0 {
            let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Avvisade rapporter", "Rejected reports"));
            html_table(&mut out, &problem_head(lang), &problem_rows(&self.rejected.reports, lang), &[1], None, lang);
            out.push_str("</section>\n");
        }
        if !self.duplicates.is_empty() {
            let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Dubbletter", "Duplicate reports"));
            html_table(&mut out, &problem_head(lang), &problem_rows(&self.duplicates, lang), &[1], None, lang);
            out.push_str("</section>\n");
        }
        if !self.ignored_columns.is_empty() {
            let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Kolumner som inte lästes", "Columns not read"));
            html_table(&mut out, &problem_head(lang), &problem_rows(&self.ignored_columns, lang), &[1], None, lang);
            out.push_str("</section>\n");
        }
        if !self.issues.is_empty() {
            let _ = writeln!(out, "<section><h2>{}</h2>", tr(lang, "Svar som inte räknades", "Answers not used"));
            let rows: Vec<Vec<String>> = self.issues.iter().map(|(code, n)| vec![issue_label(*code, lang).to_string(), code.to_string(), int(*n as i64, lang)]).collect();
            html_table(&mut out, &[tr(lang, "Orsak", "Reason"), tr(lang, "Kod", "Code"), tr(lang, "Antal", "Count")], &rows, &[2], None, lang);
            out.push_str("</section>\n");
        }
        let _ = writeln!(out, "{}\n</main>\n</body>\n</html>", footer_html(self, lang));
        out
    }
}
