//! The summary as CSV: one row per figure, for spreadsheets and further analysis.

use super::*;

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
    /// column, last year's figure and the change beside it. Titles in `lang`. The first
    /// row (section `pack`) names the pack the figures come from: its id, title and, in
    /// `text`, its version and full content hash.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut rows: Vec<CsvRow> = vec![];
        let mut r = CsvRow::new("pack", "all", &self.pack.id, self.pack.title.get(lang));
        let mut about = vec![];
        if let Some(v) = &self.pack.version {
            about.push(format!("{} {v}", tr(lang, "version", "version")));
        }
        if let Some(h) = &self.pack.content_hash {
            about.push(format!("{} {h}", tr(lang, "kontrollsumma", "content hash")));
        }
        r.set("text", about.join(", "));
        rows.push(r);
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
            let mut r = CsvRow::new("duplicates", "all", crate::DUPLICATE_PROVIDER.as_str(), tr(lang, "Dubbletter (räknade)", "Duplicate reports (counted)"));
            r.set("count", self.duplicates.len());
            rows.push(r);
        }
        for (code, n) in &self.issues {
            let mut r = CsvRow::new("issue", "all", code.as_str(), issue_label(*code, lang));
            r.set("count", n);
            rows.push(r);
        }
        let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(vec![]);
        let _ = w.write_record(CSV_COLUMNS);
        for r in &rows {
            let _ = w.write_record(&r.cells);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}
