//! Tidy tables of the audit and survey summaries: one row per observation, one column per
//! variable, with typed cells, for data frames (the Python `AuditSummary.to_frame` and
//! `SurveySummary.to_frame` convert them without reshaping) and CSV.
//!
//! - [`AuditSummary::table`]: `indicators` and `requirements` (one row per provider and per
//!   figure, plus the year's rows with provider `all`), `items` (one row per audited case
//!   file or interview).
//! - [`SurveySummary::table`]: `results` (one row per area and indicator), `scales` (one row
//!   per area, question and choice), `response` (one row per area). A suppressed cell has no
//!   count, no denominator and no percent (`suppressed` is true), as in every other output.

use std::fmt;

use granska::Lang;

use crate::audit::{AuditFigures, AuditSummary};
use crate::survey::{SurveyArea, SurveyCell, SurveySummary};

/// The type of a column's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (absent: null).
    Text,
    /// A whole number (absent: null).
    Integer,
    /// True or false.
    Bool,
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// No value (a suppressed count, a share of nothing, a provider without a name).
    Null,
    /// Text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// True or false.
    Bool(bool),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Integer(n)
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, Into::into)
    }
}

/// A tidy table: named, typed columns and rows of cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Each column's name and type, in order.
    pub columns: Vec<(&'static str, ColumnType)>,
    /// The rows; each has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(columns: &[(&'static str, ColumnType)]) -> Table {
        Table { columns: columns.to_vec(), rows: vec![] }
    }

    /// The table as CSV text (comma-separated, a header line, quoted where needed; a null
    /// is an empty cell, a bool `true`/`false`).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(vec![]);
        let _ = w.write_record(self.columns.iter().map(|c| c.0));
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(|c| match c {
                Cell::Null => String::new(),
                Cell::Text(s) => s.clone(),
                Cell::Integer(n) => n.to_string(),
                Cell::Bool(b) => b.to_string(),
            }));
        }
        w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }
}

/// A section name no table has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct UnknownSection {
    /// The name asked for.
    pub section: String,
    /// The sections there are.
    pub known: &'static [&'static str],
}

impl fmt::Display for UnknownSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "there is no section \"{}\"; the sections are {}", self.section, self.known.join(", "))
    }
}

use ColumnType::{Bool, Integer, Text};

impl AuditSummary {
    /// The sections of [`AuditSummary::table`].
    pub const SECTIONS: &'static [&'static str] = &["indicators", "requirements", "items"];

    /// A tidy table of one section, titles and texts in `lang`:
    ///
    /// - `indicators`: `provider` (`all` for the year), `name`, `service`, `indicator`,
    ///   `title`, `count`, `of`, `percent`, `unanswered`, `text` — "genomförandeplan saknades
    ///   i 0 av 8 granskade akter";
    /// - `requirements`: `provider`, `name`, `service`, `requirement`, `title`, `source`,
    ///   `severity`, `applied`, `met`, `not_met`, `unanswered`, `not_applicable`,
    ///   `percent_met`, `text`;
    /// - `items`: `provider`, `name`, `service`, `kind` (`case_file`, `interview_young`,
    ///   `interview_staff`), `item`, `not_met`, `unanswered` (requirement ids joined by `;`),
    ///   `notes` (null unless notes were asked for).
    ///
    /// # Errors
    ///
    /// [`UnknownSection`] for any other section name.
    pub fn table(&self, section: &str, lang: Lang) -> Result<Table, UnknownSection> {
        let scopes = || {
            self.providers.iter().map(|p| (p.provider.as_str(), p.name.as_deref(), Some(p.service.as_str()), &p.figures)).chain(std::iter::once(("all", None, None, &self.year)))
        };
        let head: [(&str, ColumnType); 3] = [("provider", Text), ("name", Text), ("service", Text)];
        match section {
            "indicators" => {
                let mut t = Table::new(
                    &[&head[..], &[("indicator", Text), ("title", Text), ("count", Integer), ("of", Integer), ("percent", Integer), ("unanswered", Integer), ("text", Text)]]
                        .concat(),
                );
                for (provider, name, service, f) in scopes() {
                    for i in &f.indicators {
                        t.rows.push(vec![
                            provider.into(),
                            name.into(),
                            service.into(),
                            i.id.as_str().into(),
                            i.title.get(lang).into(),
                            i.count.into(),
                            i.of.into(),
                            i.percent.into(),
                            i.unanswered.into(),
                            i.text.get(lang).into(),
                        ]);
                    }
                }
                Ok(t)
            }
            "requirements" => {
                let mut t = Table::new(
                    &[
                        &head[..],
                        &[
                            ("requirement", Text),
                            ("title", Text),
                            ("source", Text),
                            ("severity", Text),
                            ("applied", Integer),
                            ("met", Integer),
                            ("not_met", Integer),
                            ("unanswered", Integer),
                            ("not_applicable", Integer),
                            ("percent_met", Integer),
                            ("text", Text),
                        ],
                    ]
                    .concat(),
                );
                for (provider, name, service, f) in scopes() {
                    requirement_rows(&mut t, provider, name, service, f, lang);
                }
                Ok(t)
            }
            "items" => {
                let mut t = Table::new(&[&head[..], &[("kind", Text), ("item", Text), ("not_met", Text), ("unanswered", Text), ("notes", Text)]].concat());
                for p in &self.providers {
                    for i in &p.items {
                        let kind = serde_json::to_value(i.kind).ok().and_then(|v| v.as_str().map(str::to_string));
                        t.rows.push(vec![
                            p.provider.as_str().into(),
                            p.name.as_deref().into(),
                            p.service.as_str().into(),
                            kind.into(),
                            i.id.as_str().into(),
                            i.not_met.join(";").into(),
                            i.unanswered.join(";").into(),
                            i.notes.as_deref().into(),
                        ]);
                    }
                }
                Ok(t)
            }
            other => Err(UnknownSection { section: other.to_string(), known: Self::SECTIONS }),
        }
    }
}

fn requirement_rows(t: &mut Table, provider: &str, name: Option<&str>, service: Option<&str>, f: &AuditFigures, lang: Lang) {
    for r in &f.requirements {
        t.rows.push(vec![
            provider.into(),
            name.into(),
            service.into(),
            r.id.as_str().into(),
            r.title.get(lang).into(),
            r.source.as_str().into(),
            r.severity.as_str().into(),
            r.tally.applied.into(),
            r.tally.met.into(),
            r.tally.not_met.into(),
            r.tally.unanswered.into(),
            r.tally.not_applicable.into(),
            r.tally.percent_met.into(),
            r.text.get(lang).into(),
        ]);
    }
}

/// The cells of a survey figure: count, of, percent, suppressed, text.
fn cell(c: &SurveyCell, lang: Lang) -> [Cell; 5] {
    [c.count.into(), c.of.into(), c.percent.into(), c.suppressed.into(), c.text.get(lang).into()]
}

impl SurveySummary {
    /// The sections of [`SurveySummary::table`].
    pub const SECTIONS: &'static [&'static str] = &["results", "scales", "response"];

    fn all_areas(&self) -> impl Iterator<Item = &SurveyArea> {
        self.areas.iter().chain(std::iter::once(&self.all))
    }

    /// A tidy table of one section, titles and texts in `lang`; every area's rows, then the
    /// rows of all areas together (area `all`):
    ///
    /// - `results`: `area`, `area_label`, `result`, `title`, `count`, `of`, `percent`,
    ///   `suppressed`, `unanswered`, `text` — "7 av 10 svarande, 70 procent";
    /// - `scales`: `area`, `area_label`, `question`, `label`, `choice`, `choice_label`,
    ///   `count`, `of`, `percent`, `suppressed`, `text`;
    /// - `response`: `area`, `area_label`, `asked`, `respondents`, `percent`, `text` — "13
    ///   av 50 tillfrågade, 26 procent" (a response rate is never suppressed; with no number
    ///   asked, `asked`, `percent` and `text` are null).
    ///
    /// A suppressed figure has null `count`, `of` and `percent`, `suppressed` true, and the
    /// text "– (färre än 5 svar, redovisas inte)".
    ///
    /// # Errors
    ///
    /// [`UnknownSection`] for any other section name.
    pub fn table(&self, section: &str, lang: Lang) -> Result<Table, UnknownSection> {
        let area_cols: [(&str, ColumnType); 2] = [("area", Text), ("area_label", Text)];
        let figure: [(&str, ColumnType); 5] = [("count", Integer), ("of", Integer), ("percent", Integer), ("suppressed", Bool), ("text", Text)];
        match section {
            "results" => {
                let mut t = Table::new(&[&area_cols[..], &[("result", Text), ("title", Text)], &figure[..4], &[("unanswered", Integer), ("text", Text)]].concat());
                for a in self.all_areas() {
                    for r in &a.results {
                        let [count, of, percent, suppressed, text] = cell(&r.cell, lang);
                        t.rows.push(vec![
                            a.service.as_str().into(),
                            a.label.get(lang).into(),
                            r.id.as_str().into(),
                            r.title.get(lang).into(),
                            count,
                            of,
                            percent,
                            suppressed,
                            r.unanswered.into(),
                            text,
                        ]);
                    }
                }
                Ok(t)
            }
            "scales" => {
                let mut t = Table::new(&[&area_cols[..], &[("question", Text), ("label", Text), ("choice", Text), ("choice_label", Text)], &figure[..]].concat());
                for a in self.all_areas() {
                    for q in &a.scales {
                        for s in &q.shares {
                            let mut row: Vec<Cell> = vec![
                                a.service.as_str().into(),
                                a.label.get(lang).into(),
                                q.question.as_str().into(),
                                q.label.get(lang).into(),
                                s.value.as_str().into(),
                                s.label.get(lang).into(),
                            ];
                            row.extend(cell(&s.cell, lang));
                            t.rows.push(row);
                        }
                    }
                }
                Ok(t)
            }
            "response" => {
                let mut t = Table::new(&[&area_cols[..], &[("asked", Integer), ("respondents", Integer), ("percent", Integer), ("text", Text)]].concat());
                for a in self.all_areas() {
                    t.rows.push(vec![
                        a.service.as_str().into(),
                        a.label.get(lang).into(),
                        a.asked.into(),
                        a.respondents.into(),
                        a.response.as_ref().and_then(|r| r.percent).into(),
                        a.response.as_ref().map(|r| r.text.get(lang)).into(),
                    ]);
                }
                Ok(t)
            }
            other => Err(UnknownSection { section: other.to_string(), known: Self::SECTIONS }),
        }
    }
}
