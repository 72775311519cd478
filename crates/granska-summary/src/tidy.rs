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
//!
//! A summary compared with last year's has the columns of [`LAST_YEAR_COLUMNS`] as well
//! (`previous`, `previous_text`, `change`, `change_status`, `change_text`), and rows for last
//! year's figures with no counterpart this year (this year's cells null); without a
//! comparison the tables are as before.

use std::fmt;

use granska::Lang;

use crate::audit::{AuditChange, AuditFigures, AuditSummary};
use crate::survey::{SurveyArea, SurveyCell, SurveyChange, SurveySummary};

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

/// The columns a table of a summary compared with last year's gains: last year's percent
/// (`previous`, null when suppressed or absent) and figure in words (`previous_text`), the
/// change in percentage points (`change`, null when not shown), why (`change_status`:
/// `compared`, `suppressed_this_year`, …, for audits `sample` or `both_years`) and the change
/// in words with its reason (`change_text`).
pub const LAST_YEAR_COLUMNS: [(&str, ColumnType); 5] = [("previous", Integer), ("previous_text", Text), ("change", Integer), ("change_status", Text), ("change_text", Text)];

fn status_name<T: serde::Serialize>(status: T) -> Cell {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).into()
}

/// A survey figure's last-year cells ([`LAST_YEAR_COLUMNS`]).
fn survey_change(c: Option<&SurveyChange>, lang: Lang) -> [Cell; 5] {
    match c {
        None => [Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null],
        Some(c) => [
            c.previous.as_ref().and_then(|p| p.percent).into(),
            c.previous.as_ref().map(|p| p.text.get(lang)).into(),
            c.points.into(),
            status_name(c.status),
            c.text.get(lang).into(),
        ],
    }
}

/// An audit figure's last-year cells ([`LAST_YEAR_COLUMNS`]): for a provider its own figure
/// last year and change; for the year (`all`) last year's sample and the change over the
/// providers audited both years (`change_status` `both_years`, or `sample` when there is
/// none).
fn audit_change(c: Option<&AuditChange>, lang: Lang) -> [Cell; 5] {
    match c {
        None => [Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null],
        Some(c) => [
            c.previous.and_then(|p| p.percent).into(),
            c.previous_text.get(lang).into(),
            c.both_years.as_ref().and_then(|b| b.points).into(),
            Cell::from(match (&c.previous, &c.both_years) {
                (None, _) => "not_in_last_year",
                (Some(_), Some(_)) => "both_years",
                (Some(_), None) => "sample",
            }),
            c.text.get(lang).into(),
        ],
    }
}

fn with_last_year(columns: Vec<(&'static str, ColumnType)>, compared: bool) -> Vec<(&'static str, ColumnType)> {
    if compared { [columns, LAST_YEAR_COLUMNS.to_vec()].concat() } else { columns }
}

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
    /// - compared with last year's ([`AuditSummary::compare_with`]), `indicators` and
    ///   `requirements` have the [`LAST_YEAR_COLUMNS`] too: a provider's row its own change
    ///   when audited both years, the year's row last year's sample beside it and the change
    ///   over the providers audited both years;
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
        let compared = self.previous.is_some();
        let only = |kind: &'static str| self.previous.iter().flat_map(|p| &p.only_last_year).filter(move |o| o.kind == kind);
        match section {
            "indicators" => {
                let mut t = Table::new(&with_last_year(
                    [&head[..], &[("indicator", Text), ("title", Text), ("count", Integer), ("of", Integer), ("percent", Integer), ("unanswered", Integer), ("text", Text)]]
                        .concat(),
                    compared,
                ));
                for (provider, name, service, f) in scopes() {
                    for i in &f.indicators {
                        let mut row: Vec<Cell> = vec![
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
                        ];
                        if compared {
                            row.extend(audit_change(i.change.as_ref(), lang));
                        }
                        t.rows.push(row);
                    }
                }
                for o in only("indicator") {
                    let mut row = vec!["all".into(), Cell::Null, Cell::Null, o.id.as_str().into(), o.title.get(lang).into()];
                    row.extend([Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null]);
                    row.extend([o.previous.percent.into(), o.text.get(lang).into(), Cell::Null, "only_last_year".into(), o.text.get(lang).into()]);
                    t.rows.push(row);
                }
                Ok(t)
            }
            "requirements" => {
                let mut t = Table::new(&with_last_year(
                    [
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
                    compared,
                ));
                for (provider, name, service, f) in scopes() {
                    requirement_rows(&mut t, provider, name, service, f, lang, compared);
                }
                for o in only("requirement") {
                    let mut row = vec!["all".into(), Cell::Null, Cell::Null, o.id.as_str().into(), o.title.get(lang).into()];
                    row.extend(std::iter::repeat_n(Cell::Null, 9));
                    row.extend([o.previous.percent.into(), o.text.get(lang).into(), Cell::Null, "only_last_year".into(), o.text.get(lang).into()]);
                    t.rows.push(row);
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

fn requirement_rows(t: &mut Table, provider: &str, name: Option<&str>, service: Option<&str>, f: &AuditFigures, lang: Lang, compared: bool) {
    for r in &f.requirements {
        let mut row: Vec<Cell> = vec![
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
        ];
        if compared {
            row.extend(audit_change(r.change.as_ref(), lang));
        }
        t.rows.push(row);
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
    /// text "– (färre än 5 svar, redovisas inte)". Compared with last year's
    /// ([`SurveySummary::compare_with`]), every section has the [`LAST_YEAR_COLUMNS`] too
    /// (`change` null wherever either year is suppressed), and last year's figures with no
    /// counterpart follow as rows with this year's cells null.
    ///
    /// # Errors
    ///
    /// [`UnknownSection`] for any other section name.
    pub fn table(&self, section: &str, lang: Lang) -> Result<Table, UnknownSection> {
        let area_cols: [(&str, ColumnType); 2] = [("area", Text), ("area_label", Text)];
        let figure: [(&str, ColumnType); 5] = [("count", Integer), ("of", Integer), ("percent", Integer), ("suppressed", Bool), ("text", Text)];
        let compared = self.previous.is_some();
        let only = |kind: &'static str| self.previous.iter().flat_map(|p| &p.only_last_year).filter(move |o| o.kind == kind);
        // Last year's figure with no counterpart: this year's cells null, not suppressed.
        let last_only = |o: &crate::survey::LastYearOnly| {
            [o.previous.percent.into(), o.previous.text.get(lang).into(), Cell::Null, status_name(crate::survey::ChangeStatus::OnlyLastYear), o.text.get(lang).into()]
        };
        match section {
            "results" => {
                let mut t = Table::new(&with_last_year(
                    [&area_cols[..], &[("result", Text), ("title", Text)], &figure[..4], &[("unanswered", Integer), ("text", Text)]].concat(),
                    compared,
                ));
                for a in self.all_areas() {
                    for r in &a.results {
                        let [count, of, percent, suppressed, text] = cell(&r.cell, lang);
                        let mut row = vec![
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
                        ];
                        if compared {
                            row.extend(survey_change(r.change.as_ref(), lang));
                        }
                        t.rows.push(row);
                    }
                }
                for o in only("result") {
                    let mut row = vec![
                        o.area.as_str().into(),
                        o.area_label.get(lang).into(),
                        o.id.as_str().into(),
                        o.title.get(lang).into(),
                        Cell::Null,
                        Cell::Null,
                        Cell::Null,
                        false.into(),
                        Cell::Null,
                        Cell::Null,
                    ];
                    row.extend(last_only(o));
                    t.rows.push(row);
                }
                Ok(t)
            }
            "scales" => {
                let mut t =
                    Table::new(&with_last_year([&area_cols[..], &[("question", Text), ("label", Text), ("choice", Text), ("choice_label", Text)], &figure[..]].concat(), compared));
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
                            if compared {
                                row.extend(survey_change(s.change.as_ref(), lang));
                            }
                            t.rows.push(row);
                        }
                    }
                }
                for o in only("scale") {
                    let mut row =
                        vec![o.area.as_str().into(), o.area_label.get(lang).into(), o.id.as_str().into(), o.title.get(lang).into(), o.choice.as_deref().into(), Cell::Null];
                    row.extend([Cell::Null, Cell::Null, Cell::Null, false.into(), Cell::Null]);
                    row.extend(last_only(o));
                    t.rows.push(row);
                }
                Ok(t)
            }
            "response" => {
                let mut t = Table::new(&with_last_year([&area_cols[..], &[("asked", Integer), ("respondents", Integer), ("percent", Integer), ("text", Text)]].concat(), compared));
                for a in self.all_areas() {
                    let mut row = vec![
                        a.service.as_str().into(),
                        a.label.get(lang).into(),
                        a.asked.into(),
                        a.respondents.into(),
                        a.response.as_ref().and_then(|r| r.percent).into(),
                        a.response.as_ref().map(|r| r.text.get(lang)).into(),
                    ];
                    if compared {
                        row.extend(survey_change(a.response_change.as_ref(), lang));
                    }
                    t.rows.push(row);
                }
                for o in only("response") {
                    let mut row = vec![o.area.as_str().into(), o.area_label.get(lang).into(), Cell::Null, Cell::Null, Cell::Null, Cell::Null];
                    row.extend(last_only(o));
                    t.rows.push(row);
                }
                Ok(t)
            }
            other => Err(UnknownSection { section: other.to_string(), known: Self::SECTIONS }),
        }
    }
}
