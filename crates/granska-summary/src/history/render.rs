//! The history written out: as text for a person (the years and their packs, the recurring
//! shortcomings of the year in focus, providers without a report, requirements only some
//! years have, the id links and the problems), as the tidy table in CSV, and as JSON.

use std::fmt::Write as _;

use granska::{Lang, Verdict};

use super::{History, HistoryStatus};

use crate::render::tr as t;

/// The statuses the year's figures are given for, in this order (the one for unknown earlier
/// years only when some provider has it).
const FIGURE_STATUSES: [HistoryStatus; 5] =
    [HistoryStatus::NotMetAgain, HistoryStatus::NotMetFirst, HistoryStatus::NotMetUnknownBefore, HistoryStatus::NotMetEarlier, HistoryStatus::Improved];

fn years_text(years: &[i32]) -> String {
    years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

impl History {
    /// The history's JSON (format [`super::HISTORY_FORMAT`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The tidy table as CSV: `provider,service,requirement,year,verdict,status,run`, one row
    /// per provider, requirement and year; an empty verdict where the provider has no report.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(vec![]);
        let _ = w.write_record(["provider", "service", "requirement", "year", "verdict", "status", "run"]);
        for r in &self.rows {
            let year = r.year.to_string();
            let run = r.run.to_string();
            let _ = w.write_record([&*r.provider, &*r.service, &*r.requirement, &year, r.verdict.map_or("", Verdict::as_str), r.status.as_str(), &run]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// Providers with a recurring shortcoming in the year in focus: `(provider, service,
    /// requirement, run)` for every `not_met_again`, by provider.
    pub fn not_met_again(&self) -> impl Iterator<Item = &super::HistoryRow> {
        self.rows.iter().filter(move |r| r.year == self.year && r.status == HistoryStatus::NotMetAgain)
    }

    /// The history as text for a person, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let first = self.years.first().map_or(self.year, |y| y.year);
        let _ = writeln!(
            out,
            "{} {first}–{} ({} {})",
            t(lang, "Historik", "History"),
            self.years.last().map_or(self.year, |y| y.year),
            t(lang, "år i fokus:", "year in focus:"),
            self.year
        );
        let _ = writeln!(out);
        for y in &self.years {
            let packs = y
                .packs
                .iter()
                .map(|p| format!("{} {} ({})", p.id, p.version.as_deref().unwrap_or("–"), p.content_hash.get(..12).unwrap_or(&p.content_hash)))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                out,
                "  {}: {} {}, {} {}; {} {packs}",
                y.year,
                y.reports,
                t(lang, "rapporter", "reports"),
                y.providers,
                t(lang, "verksamheter", "providers"),
                t(lang, "regelpaket", "pack")
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "{} {}", t(lang, "Återkommande brister", "Recurring shortcomings"), self.year);
        if self.recurring.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                t(lang, "Inget krav har lämnats ouppfyllt av samma verksamhet två år i rad.", "No requirement has been left unmet by the same provider two years running.")
            );
        }
        for f in &self.recurring {
            let _ = writeln!(out, "  - {}", f.text.get(lang));
            let _ = writeln!(out, "    {}", f.providers.join(", "));
        }
        let tally = |s: HistoryStatus| self.rows.iter().filter(|r| r.year == self.year && r.status == s).count();
        let _ = writeln!(out);
        let parts: Vec<String> =
            FIGURE_STATUSES.iter().filter(|&&s| s != HistoryStatus::NotMetUnknownBefore || tally(s) > 0).map(|&s| format!("{} {}", s.label(lang), tally(s))).collect();
        let _ = writeln!(out, "{} {}: {}", t(lang, "Krav och verksamheter", "Requirements and providers"), self.year, parts.join("; "));
        let missing: Vec<String> = self
            .providers
            .iter()
            .filter(|p| p.missing_years.contains(&self.year))
            .map(|p| {
                let reported: Vec<i32> = p.years.iter().filter(|y| !y.reported_as.is_empty()).map(|y| y.year).collect();
                format!("{} ({}; {} {})", p.provider, p.service, t(lang, "rapport", "reported"), years_text(&reported))
            })
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{} {} ({}):", t(lang, "Verksamheter utan rapport", "Providers without a report"), self.year, missing.len());
            for m in missing {
                let _ = writeln!(out, "  - {m}");
            }
        }
        let all: Vec<i32> = self.years.iter().map(|y| y.year).collect();
        let partial: Vec<_> = self.requirements.iter().filter(|r| r.years != all).collect();
        if !partial.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", t(lang, "Krav som bara finns vissa år (jämförs bara de åren):", "Requirements only some years have (compared in those years only):"));
            for r in partial {
                let _ = writeln!(out, "  - {} ({})", r.id, years_text(&r.years));
            }
        }
        let changed: Vec<_> = self.requirements.iter().filter(|r| r.title_changed).map(|r| r.id.to_string()).collect();
        if !changed.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{} {}",
                t(
                    lang,
                    "Krav vars rubrik ändrats mellan åren (jämför regelpaketen med granska diff):",
                    "Requirements whose title changed between years (compare the packs with granska diff):"
                ),
                changed.join(", ")
            );
        }
        if !self.links.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", t(lang, "Kopplade id:", "Linked ids:"));
            for l in &self.links {
                let _ = writeln!(out, "  - {} → {}: {} ({})", l.old, l.new, l.reason, l.place);
            }
        }
        out
    }
}

impl History {
    /// The history as a section of the annual report (HTML, every text escaped): the
    /// recurring shortcomings of the year in focus with the providers, the statuses per
    /// requirement, providers without a report, requirements only some years have.
    pub fn to_html_section(&self, lang: Lang) -> String {
        use crate::escape::html as esc;
        let mut out = String::new();
        let first = self.years.first().map_or(self.year, |y| y.year);
        let _ = writeln!(
            out,
            "<section id=\"historik\" data-years=\"{first}-{}\"><h3>{}</h3>",
            self.year,
            t(lang, "Återkommande brister och förbättringar", "Recurring shortcomings and improvements")
        );
        let _ = writeln!(
            out,
            "<p>{} {first}–{}.</p>",
            t(lang, "Verksamheternas svar jämförs med deras rapporter från", "The providers' answers are compared with their reports of"),
            self.years.last().map_or(self.year, |y| y.year)
        );
        if self.recurring.is_empty() {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                t(lang, "Inget krav har lämnats ouppfyllt av samma verksamhet två år i rad.", "No requirement has been left unmet by the same provider two years running.")
            );
        } else {
            out.push_str("<ul class=\"recurring\">");
            for f in &self.recurring {
                let _ = write!(
                    out,
                    "<li data-requirement=\"{}\" data-run=\"{}\">{} <small>{}</small></li>",
                    esc(&f.requirement),
                    f.run,
                    esc(f.text.get(lang)),
                    esc(&f.providers.join(", "))
                );
            }
            out.push_str("</ul>\n");
        }
        let count = |c: &super::StatusCounts, s: HistoryStatus| c.counts.get(s.as_str()).copied().unwrap_or(0);
        // The column for unknown earlier years only when some provider has it.
        let columns: Vec<HistoryStatus> = FIGURE_STATUSES
            .iter()
            .copied()
            .filter(|&s| s != HistoryStatus::NotMetUnknownBefore || self.counts.iter().any(|c| count(c, s) > 0))
            .chain([HistoryStatus::Missing])
            .collect();
        let head: Vec<&str> = std::iter::once(t(lang, "Krav", "Requirement")).chain(columns.iter().map(|s| s.label(lang))).collect();
        let rows: Vec<Vec<String>> = self
            .counts
            .iter()
            .filter(|c| FIGURE_STATUSES.iter().any(|&s| count(c, s) > 0))
            .map(|c| {
                let title = self
                    .requirements
                    .iter()
                    .find(|r| r.id == c.requirement)
                    .and_then(|r| r.title.as_deref())
                    .map_or_else(|| c.requirement.to_string(), |t| t.get(lang).to_string());
                std::iter::once(title).chain(columns.iter().map(|&s| count(c, s).to_string())).collect()
            })
            .collect();
        if !rows.is_empty() {
            let numeric: Vec<usize> = (1..=columns.len()).collect();
            crate::render::reuse::html_table(&mut out, &head, &rows, &numeric, None, lang);
        }
        let missing: Vec<String> = self.providers.iter().filter(|p| p.missing_years.contains(&self.year)).map(|p| format!("{} ({})", p.provider, p.service)).collect();
        if !missing.is_empty() {
            let _ = writeln!(out, "<p>{} {}: {}.</p>", t(lang, "Utan rapport", "Without a report"), self.year, esc(&missing.join(", ")));
        }
        let all: Vec<i32> = self.years.iter().map(|y| y.year).collect();
        let partial: Vec<String> = self.requirements.iter().filter(|r| r.years != all).map(|r| format!("{} ({})", r.id, years_text(&r.years))).collect();
        if !partial.is_empty() {
            let _ = writeln!(
                out,
                "<p>{} {}.</p>",
                t(lang, "Krav som bara finns vissa år jämförs bara de åren:", "Requirements only some years have are compared in those years only:"),
                esc(&partial.join(", "))
            );
        }
        out.push_str("</section>\n");
        out
    }
}
