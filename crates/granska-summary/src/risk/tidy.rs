//! A register as tidy tables, for data frames: one row per risk (with its level), per action
//! (with its state) or per cell of the matrix. The Python frames are these tables.

use granska::{Lang, Text};

use super::register::RiskRegister;
use crate::tidy::{Cell, ColumnType, Table, UnknownSection};

/// The sections [`RiskRegister::table`] knows.
pub const SECTIONS: &[&str] = &["risks", "actions", "matrix"];

fn int(v: Option<i64>) -> Cell {
    v.map_or(Cell::Null, Cell::Integer)
}

fn text(v: Option<&str>) -> Cell {
    v.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
}

fn label(v: Option<&Text>, lang: Lang) -> Cell {
    text(v.map(|t| t.get(lang)))
}

fn flag(v: Option<bool>) -> Cell {
    v.map_or(Cell::Null, Cell::Bool)
}

impl RiskRegister {
    /// One section as a tidy table, labels in `lang`:
    ///
    /// - `risks`: `record` (position in the list, from 0), `nr`, `area`, `area_label`,
    ///   `description`, `likelihood`, `consequence`, `level` (the level indicator's id),
    ///   `level_title`, `actions` — a field the register left out or gave a bad value is null;
    /// - `actions`: `record`, `risk`, `action`, `owner`, `due`, `status`, `status_label`,
    ///   `followed_up`, `follow_up`, `open`, `overdue` (null when the pack cannot judge them);
    /// - `matrix`: `likelihood`, `consequence`, `level`, `level_title`, `count`.
    ///
    /// # Errors
    ///
    /// [`UnknownSection`] for another name.
    pub fn table(&self, section: &str, lang: Lang) -> Result<Table, UnknownSection> {
        use ColumnType::{Bool, Integer, Text as T};
        let level_title = |id: &str| self.levels.iter().find(|l| l.id == id).map(|l| l.title.get(lang).to_string());
        match section {
            "risks" => Ok(Table {
                columns: vec![
                    ("record", Integer),
                    ("nr", Integer),
                    ("area", T),
                    ("area_label", T),
                    ("description", T),
                    ("likelihood", Integer),
                    ("consequence", Integer),
                    ("level", T),
                    ("level_title", T),
                    ("actions", Integer),
                ],
                rows: self
                    .risks
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::Integer(r.record as i64),
                            int(r.nr),
                            text(r.area.as_deref()),
                            label(r.area_label.as_ref(), lang),
                            text(r.description.as_deref()),
                            int(r.likelihood),
                            int(r.consequence),
                            text(r.level.as_deref()),
                            label(r.level_title.as_ref(), lang),
                            Cell::Integer(i64::from(r.actions)),
                        ]
                    })
                    .collect(),
            }),
            "actions" => Ok(Table {
                columns: vec![
                    ("record", Integer),
                    ("risk", Integer),
                    ("action", T),
                    ("owner", T),
                    ("due", T),
                    ("status", T),
                    ("status_label", T),
                    ("followed_up", T),
                    ("follow_up", T),
                    ("open", Bool),
                    ("overdue", Bool),
                ],
                rows: self
                    .actions
                    .iter()
                    .map(|a| {
                        vec![
                            Cell::Integer(a.record as i64),
                            int(a.risk),
                            text(a.action.as_deref()),
                            text(a.owner.as_deref()),
                            text(a.due.as_deref()),
                            text(a.status.as_deref()),
                            label(a.status_label.as_ref(), lang),
                            text(a.followed_up.as_deref()),
                            text(a.follow_up.as_deref()),
                            flag(a.open),
                            flag(a.overdue),
                        ]
                    })
                    .collect(),
            }),
            "matrix" => Ok(Table {
                columns: vec![("likelihood", Integer), ("consequence", Integer), ("level", T), ("level_title", T), ("count", Integer)],
                rows: self
                    .matrix
                    .iter()
                    .map(|c| {
                        vec![
                            Cell::Integer(c.likelihood),
                            Cell::Integer(c.consequence),
                            Cell::Text(c.level.clone()),
                            text(level_title(&c.level).as_deref()),
                            Cell::Integer(i64::from(c.count)),
                        ]
                    })
                    .collect(),
            }),
            other => Err(UnknownSection { section: other.to_string(), known: SECTIONS }),
        }
    }
}
