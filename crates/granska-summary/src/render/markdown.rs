//! The summary as Markdown, every text from a report or a pack escaped.

use super::*;

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
        let _ = writeln!(out, "---\n\n{}", footer_md(self, lang));
        out
    }
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
