//! What the user survey and the audits share when compared with last year's: reading last
//! year's JSON, the rule for which pack last year's figures may come from
//! (`check_packs`), and the error when they may not ([`LastYearError`]).
//!
//! The rule (documented in `docs/audits-and-surveys.md`): figures are matched by id.
//! Last year's summary made with the same pack (id and version) is compared; with another
//! version of the same pack, when at least one figure id is in both (a new version may add
//! or drop questions: those show no change); with a pack of another id, only when every
//! figure id is in both (the same survey or checklist under a new name). Anything else is
//! refused, naming both packs and the ids that differ.

use std::collections::BTreeSet;

use granska::{Lang, Text};
use serde::de::DeserializeOwned;

use crate::SummaryPack;

/// Which summary is being compared with last year's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryKind {
    /// The user survey (`granska survey` JSON).
    Survey,
    /// The quality audits (`granska audit` JSON).
    Audits,
}

impl SummaryKind {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SummaryKind::Survey, Lang::Sv) => "brukarundersökning",
            (SummaryKind::Survey, Lang::En) => "user survey",
            (SummaryKind::Audits, Lang::Sv) => "sammanställning av kvalitetsgranskningar",
            (SummaryKind::Audits, Lang::En) => "summary of quality audits",
        }
    }
}

/// Why last year's summary cannot be compared with this year's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LastYearError {
    /// Last year's JSON is no summary of this kind (as `granska survey` or `granska audit`
    /// writes it).
    #[error("last year's {} cannot be read: line {line}, column {column}: {message}", .what.name(Lang::En))]
    Unreadable {
        /// The summary expected.
        what: SummaryKind,
        /// The line of the JSON where reading stopped (1-based).
        line: usize,
        /// The column (1-based).
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// Last year's summary was made with another pack whose figures do not match this
    /// year's by id.
    #[error(
        "last year's {} was made with the pack {last_pack}, this year's with {this_pack}, and their figures do not match by id (only this year: {}; only last year: {}); compare summaries of the same pack",
        .what.name(Lang::En),
        list(.only_this_year),
        list(.only_last_year)
    )]
    OtherPack {
        /// The summary compared.
        what: SummaryKind,
        /// This year's pack: id and version.
        this_pack: String,
        /// Last year's pack: id and version.
        last_pack: String,
        /// Figure ids only this year's pack has.
        only_this_year: Vec<String>,
        /// Figure ids only last year's pack has.
        only_last_year: Vec<String>,
    },
}

fn list(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    if ids.is_empty() {
        return "–".to_string();
    }
    let mut s = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" (+{})", ids.len() - SHOWN));
    }
    s
}

impl LastYearError {
    /// The message in Swedish and English.
    pub fn text(&self) -> Text {
        let sv = match self {
            LastYearError::Unreadable { what, line, column, message } => {
                format!("Föregående års {} kan inte läsas: rad {line}, kolumn {column}: {message}", what.name(Lang::Sv))
            }
            LastYearError::OtherPack { what, this_pack, last_pack, only_this_year, only_last_year } => format!(
                "Föregående års {} är gjord med regelpaketet {last_pack}, årets med {this_pack}, och deras resultat stämmer inte överens (bara i år: {}; bara föregående år: {}). Jämför sammanställningar gjorda med samma regelpaket.",
                what.name(Lang::Sv),
                list(only_this_year),
                list(only_last_year)
            ),
        };
        Text { sv, en: self.to_string() }
    }
}

/// Reads last year's summary from its JSON.
pub(crate) fn read_json<T: DeserializeOwned>(what: SummaryKind, text: &str) -> Result<T, LastYearError> {
    serde_json::from_str(text).map_err(|e| LastYearError::Unreadable { what, line: e.line(), column: e.column(), message: e.to_string() })
}

/// "barn-och-familj 1.0".
pub(crate) fn pack_name(p: &SummaryPack) -> String {
    match &p.version {
        Some(v) => format!("{} {v}", p.id),
        None => p.id.clone(),
    }
}

/// Whether last year's figures (ids `last_ids`, made with `last`) may be compared with this
/// year's (`this_ids`, made with `this`); see the module docs for the rule.
pub(crate) fn check_packs(what: SummaryKind, this: &SummaryPack, last: &SummaryPack, this_ids: &[&str], last_ids: &[&str]) -> Result<(), LastYearError> {
    let mine: BTreeSet<&str> = this_ids.iter().copied().collect();
    let theirs: BTreeSet<&str> = last_ids.iter().copied().collect();
    let same_pack = this.id == last.id;
    let ok = if same_pack && this.version == last.version {
        true
    } else if same_pack {
        mine.intersection(&theirs).next().is_some()
    } else {
        mine == theirs
    };
    if ok {
        return Ok(());
    }
    Err(LastYearError::OtherPack {
        what,
        this_pack: pack_name(this),
        last_pack: pack_name(last),
        only_this_year: mine.difference(&theirs).map(|s| (*s).to_string()).collect(),
        only_last_year: theirs.difference(&mine).map(|s| (*s).to_string()).collect(),
    })
}

/// A change in percentage points, signed: "+5 p.e." / "−3 pp" / "±0 p.e.".
pub(crate) fn points_text(points: i64, lang: Lang) -> String {
    crate::render::points(Some(points), lang)
}
