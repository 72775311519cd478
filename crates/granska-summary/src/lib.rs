//! The yearly summary over many reports: per requirement, indicator, service type, contract
//! form and quality area, with the response rate against a roster of invited providers and
//! the change from last year's summary.
//!
//! Reports are fed one at a time into an [`Accumulator`] (memory stays flat: it keeps counts,
//! never reports); accumulators of parallel batches [`merge`](Accumulator::merge). Every
//! figure is an integer count or an exact fixed-point total, so the [`Summary`] is the same,
//! byte for byte, whatever the thread count and the order the reports came in.
//! [`summarize_export`] runs the whole pipeline over a survey export.
//!
//! A provider reported twice in one batch (same provider id and service type) is counted
//! twice, and each repeat is listed in [`Summary::duplicates`] with its place and the place of
//! the first report ([`Duplicates`]; reports added with [`Accumulator::add_at`], or read by
//! [`summarize_export`], have a place).
//!
//! Shares are rounded to a whole percent half up (41/96 → 43), as the published follow-up does.
//! The summary serialises to JSON and renders to CSV, Markdown and a self-contained HTML page
//! ([`Summary::to_csv`], [`Summary::to_markdown`], [`Summary::to_html`]).

mod accumulator;
pub mod actions;
pub mod audit;
mod code;
pub mod compare;
mod duplicates;
pub mod escape;
pub mod export;
mod figures;
mod finish;
pub mod forms;
pub mod history;
pub mod last_year;
mod partial;
mod pipeline;
mod render;
pub mod report;
pub mod risk;
mod roster;
pub mod sensitive;
mod summary;
pub mod survey;
pub mod tidy;
#[cfg(feature = "workbook")]
mod workbook;

pub use accumulator::{Accumulator, CONTRACT_OTHER, CONTRACT_UNSPECIFIED};
pub use duplicates::{DUPLICATE_PROVIDER, Duplicates, Place};
pub use figures::*;
pub use partial::{PARTIAL_FORMAT, PartialError, PartialSummary};
pub use pipeline::{BATCH, Progress, summarize_export};
pub use roster::{Roster, RosterEntry};
pub use summary::*;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use granska::{
    Answers, IndicatorKind, IndicatorValue, IssueCode, ItemChange, ItemFields, ItemKind, Lang, Pack, PackIdentity, ParamValue, ParamsInfo, QualityArea, Quantity, ShareBase, Text,
    Verdict, compare_items,
};

use crate::export::{ExportError, ExportReader, ExportRow, InputCode, InputProblem, ProblemCode, ReadRow, open_csv};

/// The version of the summary's JSON format.
pub const FORMAT: u32 = 1;

/// A share in whole percent, rounded half up; `None` when the denominator is zero.
pub fn percent(count: u64, of: u64) -> Option<i64> {
    if of == 0 {
        return None;
    }
    let (n, m) = (count as u128, of as u128);
    Some(((200 * n + m) / (2 * m)) as i64)
}
