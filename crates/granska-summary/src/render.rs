//! Renders a [`Summary`] as CSV (one row per figure, for analysts), Markdown, and a single
//! self-contained HTML page a municipality can publish: tables and inline-SVG bar charts,
//! no scripts, no network, readable in print. Swedish or English.

use std::fmt::Write as _;

use super::{Amount, Compared, GroupSummary, IndicatorFigure, Summary, Tally, group_digits};
use crate::escape::{html as esc, markdown as md};
use crate::export::ProblemCode;
use granska::Lang;
use granska::Text;

fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Sv { sv } else { en }
}

fn int(n: i64, lang: Lang) -> String {
    group_digits(&n.to_string(), lang)
}

fn pct(p: Option<i64>, lang: Lang) -> String {
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

fn points(n: Option<i64>, lang: Lang) -> String {
    match n {
        Some(n) => format!("{} {}", signed(n, lang), tr(lang, "p.e.", "pp")),
        None => "–".to_string(),
    }
}

/// The change of a tally's share met, in words: "+3 p.e. (40 %)".
fn tally_change(c: &Compared<Tally>, lang: Lang) -> String {
    match (&c.change, &c.previous) {
        (Some(ch), Some(p)) => format!("{} ({} {})", points(ch.percent_met, lang), tr(lang, "fg. år", "last year"), pct(p.percent_met, lang)),
        _ => "–".to_string(),
    }
}

fn indicator_change(c: &Compared<IndicatorFigure>, lang: Lang) -> String {
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

fn title_line(s: &Summary, lang: Lang) -> String {
    let year = s.period.as_ref().map(|p| p.to.get(..4).unwrap_or("").to_string()).filter(|y| !y.is_empty());
    match year {
        Some(y) => format!("{} {y}", tr(lang, "Sammanställning", "Summary")),
        None => tr(lang, "Sammanställning", "Summary").to_string(),
    }
}

fn area_title(s: &Summary, id: &str, lang: Lang) -> String {
    s.areas.iter().find(|a| a.id == id).map(|a| a.title.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// Texts used by several formats.
fn intro(s: &Summary, lang: Lang) -> Vec<String> {
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
    }
    lines
}

/// A problem code's label in a summary's tables; codes without one are grouped as "other".
fn issue_label(code: impl Into<ProblemCode>, lang: Lang) -> &'static str {
    code.into().label(lang).unwrap_or_else(|| tr(lang, "övrigt", "other"))
}

// ---------------------------------------------------------------------------------------
// CSV

const CSV_COLUMNS: [&str; 22] = [
    "section",
    "group",
    "id",
    "title",
    "applied",
    "met",
    "not_met",
    "unanswered",
    "not_applicable",
    "count",
    "of",
    "percent",
    "total",
    "answered",
    "previous_count",
    "previous_of",
    "previous_percent",
    "previous_total",
    "change_count",
    "change_percent",
    "change_total",
    "text",
];

#[derive(Default)]
struct CsvRow {
    cells: [String; 22],
}

impl CsvRow {
    fn new(section: &str, group: &str, id: &str, title: &str) -> CsvRow {
        let mut r = CsvRow::default();
        r.cells[0] = section.to_string();
        r.cells[1] = group.to_string();
        r.cells[2] = id.to_string();
        r.cells[3] = title.to_string();
        r
    }
    fn set(&mut self, column: &str, value: impl ToString) -> &mut Self {
        if let Some(i) = CSV_COLUMNS.iter().position(|c| *c == column) {
            self.cells[i] = value.to_string();
        }
        self
    }
    fn opt(&mut self, column: &str, value: Option<i64>) -> &mut Self {
        if let Some(v) = value {
            self.set(column, v);
        }
        self
    }
}

fn tally_row(row: &mut CsvRow, c: &Compared<Tally>) {
    let t = &c.now;
    row.set("applied", t.applied).set("met", t.met).set("not_met", t.not_met).set("unanswered", t.unanswered).set("not_applicable", t.not_applicable);
    row.set("count", t.met).set("of", t.applied).opt("percent", t.percent_met);
    if let Some(p) = &c.previous {
        row.set("previous_count", p.met).set("previous_of", p.applied).opt("previous_percent", p.percent_met);
    }
    if let Some(ch) = &c.change {
        row.set("change_count", ch.met).opt("change_percent", ch.percent_met);
    }
}

fn indicator_row(row: &mut CsvRow, c: &Compared<IndicatorFigure>, text: &Text, lang: Lang) {
    let f = &c.now;
    row.opt("count", f.count).opt("of", f.of).opt("percent", f.percent).opt("answered", f.answered).opt("unanswered", f.unanswered);
    if let Some(t) = f.total {
        row.set("total", t.plain());
    }
    if let Some(p) = &c.previous {
        row.opt("previous_count", p.count).opt("previous_of", p.of).opt("previous_percent", p.percent);
        if let Some(t) = p.total {
            row.set("previous_total", t.plain());
        }
    }
    if let Some(ch) = &c.change {
        row.opt("change_count", ch.count).opt("change_percent", ch.percent);
        if let Some(t) = ch.total {
            row.set("change_total", t.plain());
        }
    }
    row.set("text", text.get(lang));
}

fn group_rows(rows: &mut Vec<CsvRow>, s: &Summary, kind: &str, g: &GroupSummary, lang: Lang) {
    let group = format!("{kind}:{}", g.id);
    let mut r = CsvRow::new("reports", &group, "", g.label.get(lang));
    r.set("count", g.reports.now.count);
    if let (Some(p), Some(c)) = (&g.reports.previous, &g.reports.change) {
        r.set("previous_count", p.count).set("change_count", c.count);
    }
    rows.push(r);
    if let Some(resp) = &g.response {
        let mut r = CsvRow::new("response", &group, "", g.label.get(lang));
        r.set("count", resp.now.responded).set("of", resp.now.invited).opt("percent", resp.now.percent);
        if let Some(p) = &resp.previous {
            r.set("previous_count", p.responded).set("previous_of", p.invited).opt("previous_percent", p.percent);
        }
        if let Some(c) = &resp.change {
            r.set("change_count", c.responded).opt("change_percent", c.percent);
        }
        rows.push(r);
    }
    for i in &g.indicators {
        let title = s.indicator(&i.id).map(|x| x.title.get(lang)).unwrap_or("");
        let mut r = CsvRow::new("indicator", &group, &i.id, title);
        indicator_row(&mut r, &i.figures, &i.text, lang);
        rows.push(r);
    }
    for a in &g.areas {
        let mut r = CsvRow::new("area", &group, &a.id, a.title.get(lang));
        tally_row(&mut r, &a.figures);
        rows.push(r);
    }
    for q in &g.requirements {
        let title = s.requirement(&q.id).map(|x| x.title.get(lang)).unwrap_or("");
        let mut r = CsvRow::new("requirement", &group, &q.id, title);
        tally_row(&mut r, &q.figures);
        rows.push(r);
    }
}

impl Summary {
    /// The summary as CSV: one row per figure (section, group, id), every count in its own
    /// column, last year's figure and the change beside it. Titles in `lang`.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut rows: Vec<CsvRow> = vec![];
        let mut r = CsvRow::new("reports", "all", "", tr(lang, "Rapporter", "Reports"));
        r.set("count", self.reports.now.count);
        if let (Some(p), Some(c)) = (&self.reports.previous, &self.reports.change) {
            r.set("previous_count", p.count).set("change_count", c.count);
        }
        rows.push(r);
        if let Some(resp) = &self.response {
            let mut r = CsvRow::new("response", "all", "", tr(lang, "Svarsfrekvens", "Response rate"));
            r.set("count", resp.now.responded).set("of", resp.now.invited).opt("percent", resp.now.percent);
            if let Some(p) = &resp.previous {
                r.set("previous_count", p.responded).set("previous_of", p.invited).opt("previous_percent", p.percent);
            }
            if let Some(c) = &resp.change {
                r.set("change_count", c.responded).opt("change_percent", c.percent);
            }
            rows.push(r);
        }
        for i in &self.indicators {
            let mut r = CsvRow::new("indicator", "all", &i.id, i.title.get(lang));
            indicator_row(&mut r, &i.figures, &i.text, lang);
            rows.push(r);
        }
        for p in &self.parameters {
            let mut r = CsvRow::new("parameter", "all", &format!("param.{}", p.id), p.label.get(lang));
            r.set("text", format!("{} ({})", p.value_text(lang), p.source_text(lang)));
            rows.push(r);
        }
        for a in &self.areas {
            let mut r = CsvRow::new("area", "all", &a.id, a.title.get(lang));
            tally_row(&mut r, &a.figures);
            rows.push(r);
        }
        for q in &self.requirements {
            let mut r = CsvRow::new("requirement", "all", &q.id, q.title.get(lang));
            tally_row(&mut r, &q.figures);
            rows.push(r);
        }
        for g in &self.services {
            group_rows(&mut rows, self, "service", g, lang);
        }
        for g in &self.contracts {
            group_rows(&mut rows, self, "contract", g, lang);
        }
        for (code, n) in &self.rejected.reasons {
            let mut r = CsvRow::new("rejected", "all", code.as_str(), issue_label(*code, lang));
            r.set("count", n);
            rows.push(r);
        }
        if !self.duplicates.is_empty() {
            let mut r = CsvRow::new("duplicates", "all", super::DUPLICATE_PROVIDER.as_str(), tr(lang, "Dubbletter (räknade)", "Duplicate reports (counted)"));
            r.set("count", self.duplicates.len());
            rows.push(r);
        }
        for (code, n) in &self.issues {
            let mut r = CsvRow::new("issue", "all", code.as_str(), issue_label(*code, lang));
            r.set("count", n);
            rows.push(r);
        }
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(vec![]);
        let _ = w.write_record(CSV_COLUMNS);
        for r in &rows {
            let _ = w.write_record(&r.cells);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------
// Markdown

fn md_table(out: &mut String, head: &[&str], rows: &[Vec<String>], numeric: &[usize]) {
    out.push('|');
    for h in head {
        let _ = write!(out, " {} |", md(h));
    }
    out.push_str("\n|");
    for i in 0..head.len() {
        out.push_str(if numeric.contains(&i) { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for row in rows {
        out.push('|');
        for cell in row {
            let _ = write!(out, " {} |", md(cell));
        }
        out.push('\n');
    }
    out.push('\n');
}

impl Summary {
    /// The summary as a Markdown document: key figures, indicators, response rate, quality
    /// areas, every requirement, then per service type and contract form.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let mut out = String::new();
        let compare = self.previous.is_some();
        let _ = writeln!(out, "# {}: {}\n", md(&title_line(self, lang)), md(self.pack.title.get(lang)));
        for line in intro(self, lang) {
            let _ = writeln!(out, "{}", md(&line));
        }
        out.push('\n');
        let (shares, sums) = indicator_tables(self, lang, compare);
        let _ = writeln!(out, "## {}\n", tr(lang, "Nyckeltal", "Key figures"));
        md_table(&mut out, &shares.0, &shares.1, &[1, 2, 3, 4]);
        if !sums.1.is_empty() {
            let _ = writeln!(out, "## {}\n", tr(lang, "Summor", "Totals"));
            md_table(&mut out, &sums.0, &sums.1, &[1, 2, 3]);
        }
        if !self.parameters.is_empty() {
            let (head, rows) = parameter_table(self, lang);
            let _ = writeln!(out, "## {}\n", tr(lang, "Parametrar", "Parameters"));
            if let Some(line) = params_line(self, lang) {
                let _ = writeln!(out, "{}\n", md(&line));
            }
            md_table(&mut out, &head, &rows, &[]);
        }
        if self.response.is_some() {
            let (head, rows) = response_table(self, lang, compare);
            let _ = writeln!(out, "## {}\n", tr(lang, "Svarsfrekvens per tjänstetyp", "Response rate per service type"));
            md_table(&mut out, &head, &rows, &[1, 2, 3]);
        }
        let (head, rows) = area_table(&self.areas, lang, compare);
        let _ = writeln!(out, "## {}\n", tr(lang, "Kvalitetsområden", "Quality areas"));
        md_table(&mut out, &head, &rows, &[1, 2, 3, 4, 5, 6]);
        let (head, rows) = requirement_table(self, self.requirements.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, true);
        let _ = writeln!(out, "## {}\n", tr(lang, "Krav", "Requirements"));
        md_table(&mut out, &head, &rows, &[4, 5, 6, 7, 8]);
        for (heading, groups) in [(tr(lang, "Per tjänstetyp", "Per service type"), &self.services), (tr(lang, "Per avtalsform", "Per contract form"), &self.contracts)] {
            let _ = writeln!(out, "## {heading}\n");
            for g in groups.iter() {
                let _ = writeln!(out, "### {} ({} {})\n", md(g.label.get(lang)), int(g.reports.now.count, lang), tr(lang, "rapporter", "reports"));
                let (head, rows) = group_indicator_table(self, g, lang, compare);
                if !rows.is_empty() {
                    md_table(&mut out, &head, &rows, &[]);
                }
                let (head, rows) = requirement_table(self, g.requirements.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, false);
                if !rows.is_empty() {
                    md_table(&mut out, &head, &rows, &[2, 3, 4, 5, 6]);
                }
            }
        }
        problem_sections_md(self, &mut out, lang);
        let _ = writeln!(out, "---\n\n{}", md(&footer(self, lang)));
        out
    }
}

fn footer(s: &Summary, lang: Lang) -> String {
    let version = s.pack.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    match lang {
        Lang::Sv => format!("Sammanställt med granska, regelpaket {}{version}.", s.pack.id),
        Lang::En => format!("Summarised with granska, rule pack {}{version}.", s.pack.id),
    }
}

type Table = (Vec<&'static str>, Vec<Vec<String>>);

/// The parameters (contract terms) the verdicts used: id, label, value with unit, and where
/// the value comes from ("exempelvärde" for an example value).
fn parameter_table(s: &Summary, lang: Lang) -> Table {
    let head = vec![tr(lang, "Parameter", "Parameter"), tr(lang, "Beskrivning", "Description"), tr(lang, "Värde", "Value"), tr(lang, "Källa", "Source")];
    let rows = s.parameters.iter().map(|p| vec![format!("param.{}", p.id), p.label.get(lang).to_string(), p.value_text(lang), p.source_text(lang)]).collect();
    (head, rows)
}

/// "Parametrar från nacka-2017.yaml (Nacka kommun, 2017)." when a parameters file was applied.
fn params_line(s: &Summary, lang: Lang) -> Option<String> {
    let f = s.params_file.as_ref()?;
    let mut about: Vec<String> = vec![];
    if let Some(m) = &f.municipality {
        about.push(m.clone());
    }
    if let Some(y) = f.year {
        about.push(y.to_string());
    }
    if let Some(src) = &f.source {
        about.push(src.clone());
    }
    let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
    Some(format!("{} {}{about}.", tr(lang, "Parametrar från", "Parameters from"), f.file))
}

fn indicator_tables(s: &Summary, lang: Lang, compare: bool) -> (Table, Table) {
    let mut share_head = vec![
        tr(lang, "Indikator", "Indicator"),
        tr(lang, "Antal", "Count"),
        tr(lang, "Av", "Of"),
        tr(lang, "Procent", "Percent"),
        tr(lang, "Obesvarade", "Unanswered"),
        tr(lang, "Nämnare", "Denominator"),
    ];
    let mut sum_head =
        vec![tr(lang, "Indikator", "Indicator"), tr(lang, "Totalt", "Total"), tr(lang, "Verksamheter som svarat", "Providers that answered"), tr(lang, "Obesvarade", "Unanswered")];
    if compare {
        share_head.push(tr(lang, "Förändring", "Change"));
        sum_head.push(tr(lang, "Förändring", "Change"));
    }
    let (mut shares, mut sums) = (vec![], vec![]);
    for i in &s.indicators {
        let f = &i.figures.now;
        if i.kind == "sum" {
            let mut row = vec![
                i.title.get(lang).to_string(),
                f.total.map(|t| t.display(lang)).unwrap_or_default(),
                f.answered.map(|n| int(n, lang)).unwrap_or_default(),
                f.unanswered.map(|n| int(n, lang)).unwrap_or_default(),
            ];
            if compare {
                row.push(indicator_change(&i.figures, lang));
            }
            sums.push(row);
        } else {
            let mut row = vec![
                i.title.get(lang).to_string(),
                f.count.map(|n| int(n, lang)).unwrap_or_default(),
                f.of.map(|n| int(n, lang)).unwrap_or_default(),
                pct(f.percent, lang),
                f.unanswered.map(|n| int(n, lang)).unwrap_or_default(),
                i.denominator.get(lang).to_string(),
            ];
            if compare {
                row.push(indicator_change(&i.figures, lang));
            }
            shares.push(row);
        }
    }
    ((share_head, shares), (sum_head, sums))
}

fn response_table(s: &Summary, lang: Lang, compare: bool) -> Table {
    let mut head = vec![tr(lang, "Tjänstetyp", "Service type"), tr(lang, "Inbjudna", "Invited"), tr(lang, "Svarat", "Responded"), tr(lang, "Svarsfrekvens", "Response rate")];
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let mut rows = vec![];
    let all = s.response.iter().map(|r| (tr(lang, "Alla", "All").to_string(), r));
    for (label, r) in s.services.iter().filter_map(|g| g.response.as_ref().map(|r| (g.label.get(lang).to_string(), r))).chain(all) {
        let mut row = vec![label, int(r.now.invited, lang), int(r.now.responded, lang), pct(r.now.percent, lang)];
        if compare {
            row.push(match (&r.change, &r.previous) {
                (Some(c), Some(p)) => format!("{} ({} {})", points(c.percent, lang), tr(lang, "fg. år", "last year"), pct(p.percent, lang)),
                _ => "–".into(),
            });
        }
        rows.push(row);
    }
    (head, rows)
}

fn area_table(areas: &[super::AreaSummary], lang: Lang, compare: bool) -> Table {
    let mut head = vec![
        tr(lang, "Kvalitetsområde", "Quality area"),
        tr(lang, "Krav", "Requirements"),
        tr(lang, "Bedömningar", "Assessments"),
        tr(lang, "Uppfyllda", "Met"),
        tr(lang, "Ej uppfyllda", "Not met"),
        tr(lang, "Obesvarade", "Unanswered"),
        tr(lang, "Andel uppfyllda", "Share met"),
    ];
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let rows = areas
        .iter()
        .map(|a| {
            let t = &a.figures.now;
            let mut row = vec![
                a.title.get(lang).to_string(),
                a.requirements.to_string(),
                int(t.applied, lang),
                int(t.met, lang),
                int(t.not_met, lang),
                int(t.unanswered, lang),
                pct(t.percent_met, lang),
            ];
            if compare {
                row.push(tally_change(&a.figures, lang));
            }
            row
        })
        .collect();
    (head, rows)
}

fn requirement_table<'a>(s: &Summary, items: impl Iterator<Item = (&'a str, &'a Compared<Tally>)>, lang: Lang, compare: bool, full: bool) -> Table {
    let mut head = vec![tr(lang, "Krav", "Requirement"), tr(lang, "Titel", "Title")];
    if full {
        head.push(tr(lang, "Källa", "Source"));
        head.push(tr(lang, "Kvalitetsområde", "Quality area"));
    }
    head.extend([
        tr(lang, "Gäller", "Applies to"),
        tr(lang, "Uppfyllt", "Met"),
        tr(lang, "Ej uppfyllt", "Not met"),
        tr(lang, "Obesvarat", "Unanswered"),
        tr(lang, "Andel uppfyllt", "Share met"),
    ]);
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let rows = items
        .map(|(id, f)| {
            let r = s.requirement(id);
            let mut row = vec![id.to_string(), r.map(|r| r.title.get(lang).to_string()).unwrap_or_default()];
            if full {
                row.push(r.map(|r| r.source.clone()).unwrap_or_default());
                row.push(r.map(|r| area_title(s, &r.area, lang)).unwrap_or_default());
            }
            let t = &f.now;
            row.extend([int(t.applied, lang), int(t.met, lang), int(t.not_met, lang), int(t.unanswered, lang), pct(t.percent_met, lang)]);
            if compare {
                row.push(tally_change(f, lang));
            }
            row
        })
        .collect();
    (head, rows)
}

fn group_indicator_table(s: &Summary, g: &GroupSummary, lang: Lang, compare: bool) -> Table {
    let mut head = vec![tr(lang, "Indikator", "Indicator"), tr(lang, "Resultat", "Result")];
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let rows = g
        .indicators
        .iter()
        .map(|i| {
            let mut row = vec![s.indicator(&i.id).map(|x| x.title.get(lang).to_string()).unwrap_or_else(|| i.id.clone()), i.text.get(lang).to_string()];
            if compare {
                row.push(indicator_change(&i.figures, lang));
            }
            row
        })
        .collect();
    (head, rows)
}

fn problem_rows(problems: &[crate::export::InputProblem], lang: Lang) -> Vec<Vec<String>> {
    problems
        .iter()
        .map(|p| {
            vec![
                p.file.clone(),
                p.row.map(|r| r.to_string()).unwrap_or_default(),
                match &p.column {
                    Some(c) if c.name.is_empty() => format!("{} ({})", c.number, c.letter()),
                    Some(c) => format!("{} ({}, {})", c.number, c.letter(), c.name),
                    None => p.field.clone().unwrap_or_default(),
                },
                p.provider.clone().unwrap_or_default(),
                p.message.get(lang).to_string(),
            ]
        })
        .collect()
}

fn problem_head(lang: Lang) -> Vec<&'static str> {
    vec![tr(lang, "Fil", "File"), tr(lang, "Rad", "Row"), tr(lang, "Kolumn", "Column"), tr(lang, "Verksamhet", "Provider"), tr(lang, "Orsak", "Reason")]
}

fn problem_sections_md(s: &Summary, out: &mut String, lang: Lang) {
    if s.rejected.count > 0 {
        let _ = writeln!(out, "## {}\n", tr(lang, "Avvisade rapporter", "Rejected reports"));
        md_table(out, &problem_head(lang), &problem_rows(&s.rejected.reports, lang), &[1]);
    }
    if !s.duplicates.is_empty() {
        let _ = writeln!(out, "## {}\n", tr(lang, "Dubbletter", "Duplicate reports"));
        md_table(out, &problem_head(lang), &problem_rows(&s.duplicates, lang), &[1]);
    }
    if !s.ignored_columns.is_empty() {
        let _ = writeln!(out, "## {}\n", tr(lang, "Kolumner som inte lästes", "Columns not read"));
        md_table(out, &problem_head(lang), &problem_rows(&s.ignored_columns, lang), &[1]);
    }
    if !s.issues.is_empty() {
        let _ = writeln!(out, "## {}\n", tr(lang, "Svar som inte räknades", "Answers not used"));
        let rows: Vec<Vec<String>> = s.issues.iter().map(|(code, n)| vec![issue_label(*code, lang).to_string(), code.to_string(), int(*n as i64, lang)]).collect();
        md_table(out, &[tr(lang, "Orsak", "Reason"), tr(lang, "Kod", "Code"), tr(lang, "Antal", "Count")], &rows, &[2]);
    }
}

// ---------------------------------------------------------------------------------------
// HTML

const CSS: &str = r#"
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
fn bar(percent: Option<i64>, lang: Lang) -> String {
    let Some(p) = percent else { return String::new() };
    let w = p.clamp(0, 100);
    format!(
        r##"<svg width="90" height="12" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{}"><rect width="100" height="10" fill="#e6ebf0"/><rect width="{w}" height="10" fill="#1d5a96"/></svg>"##,
        esc(&pct(Some(p), lang))
    )
}

/// A labelled horizontal bar chart of percentages.
fn chart(items: &[(String, Option<i64>, String)], lang: Lang, caption: &str) -> String {
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
fn html_table(out: &mut String, head: &[&str], rows: &[Vec<String>], numeric: &[usize], bars: Option<(usize, Vec<Option<i64>>)>, lang: Lang) {
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
fn html_requirement_table<'a>(out: &mut String, s: &Summary, items: impl Iterator<Item = (&'a str, &'a Compared<Tally>)>, lang: Lang, compare: bool, full: bool) {
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
        let _ = write!(out, "<tr><td><b>{}</b><br><span class=\"id\">{}</span>", esc(title), esc(id));
        if full {
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
        html_requirement_table(&mut out, self, self.requirements.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, true);
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
                    html_requirement_table(&mut out, self, g.requirements.iter().map(|r| (r.id.as_str(), &r.figures)), lang, compare, false);
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
        let _ = writeln!(out, "<footer>{}</footer>\n</main>\n</body>\n</html>", esc(&footer(self, lang)));
        out
    }
}
