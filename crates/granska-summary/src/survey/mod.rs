//! The municipality's user survey (brukarundersökning): respondent-level answers, one row per
//! respondent as a survey tool exports them, summarised against a survey pack.
//!
//! - The export is read by the export reader ([`crate::export`]: CSV or a workbook's sheet,
//!   the same dialects and located problems). Its columns are `respondent` (an id, never a
//!   personal identity number: refused when shaped like one, a workbook's number cell
//!   included), `service` (the service area),
//!   `date`, and one column per question id (a mapping may translate titles).
//! - The number asked per service area ([`Asked`], a CSV `service,asked`) gives the response
//!   rate: "13 av 50 tillfrågade, 26 procent".
//! - Each indicator of the pack is a result as the follow-up publishes it ("7 av 10 upplever
//!   att deras situation förbättrats"), the agree/disagree groupings being the indicators'
//!   `count` conditions; each single-choice question gets its shares on its scale.
//! - **Small numbers are suppressed**: a result based on fewer respondents than the pack's
//!   threshold (parameter [`THRESHOLD_PARAM`], default 5, an example value; set by a
//!   parameters file or [`SurveyOptions::threshold`]) is a [`SurveyCell`] with no count,
//!   no denominator and no percent, shown as "–" with the reason in every output.
//! - **Last year** ([`SurveySummary::compare_with`], `compare.rs`): each figure beside last
//!   year's with the change in percentage points; suppression is contagious (either year
//!   suppressed: the change is "–" with the reason).

mod asked;
mod compare;
mod tally;

pub use asked::Asked;
pub use compare::{ChangeStatus, LastYearOnly, PreviousSurvey, SurveyChange};
pub use tally::{ScaleFigure, ScaleShare, SurveyArea, SurveyCell, SurveyFigure, SurveySummary, SurveyTally};

use std::io::Read;
use std::path::Path;

use granska::{Pack, ParamValue};

use crate::export::{ExportError, ExportOptions, ExportReader, ExportRow, InputCode, InputProblem, Mapping, ReadRow};
use crate::sensitive::{cell_looks_like_personnummer, personnummer_message, sensitive_title};

/// The survey pack's parameter holding the suppression threshold (fewest respondents a
/// result is shown for).
pub const THRESHOLD_PARAM: &str = "enkat.minsta_antal";

/// The threshold when the pack has no [`THRESHOLD_PARAM`]: 5, an example value (see
/// `docs/audits-and-surveys.md`: a common disclosure-control practice, taken from no cited regulation).
pub const DEFAULT_THRESHOLD: u32 = 5;

/// The export's respondent id column titles, read as the report's provider field.
pub const RESPONDENT_COLUMNS: &[&str] = &["respondent", "respondent_id", "svarande", "svar_id", "id"];

/// How to read and summarise a survey export.
#[derive(Clone, Debug, Default)]
pub struct SurveyOptions {
    /// The number asked per service area, for the response rate.
    pub asked: Asked,
    /// The suppression threshold; the pack's [`THRESHOLD_PARAM`] (or 5) when `None`.
    pub threshold: Option<u32>,
    /// Column titles → question ids.
    pub mapping: Option<Mapping>,
    /// The sheet of a workbook export.
    pub sheet: Option<String>,
}

/// The threshold in force: the option, else the pack's parameter, else [`DEFAULT_THRESHOLD`].
pub fn threshold(pack: &Pack, options: &SurveyOptions) -> u32 {
    options
        .threshold
        .or_else(|| match pack.parameter(THRESHOLD_PARAM).map(|p| &p.value) {
            Some(ParamValue::Integer(n)) => u32::try_from(*n).ok(),
            _ => None,
        })
        .unwrap_or(DEFAULT_THRESHOLD)
        .max(1)
}

fn export_options(options: &SurveyOptions) -> ExportOptions {
    let mut mapping = options.mapping.clone().unwrap_or_default();
    for c in RESPONDENT_COLUMNS {
        if mapping.get(c).is_none() {
            mapping.insert(c, "provider");
        }
    }
    ExportOptions { mapping: Some(mapping), sheet: options.sheet.clone() }
}

/// Summarises a survey export file (CSV or workbook).
///
/// # Errors
///
/// An [`ExportError`] when the file cannot be read, lacks the respondent, service or date
/// column, or has a column named like a personal identity number or a name. Bad rows are
/// problems of the summary instead (rejected and counted, the others read).
pub fn summarize_survey_path(pack: &Pack, path: impl AsRef<Path>, options: &SurveyOptions) -> Result<SurveySummary, ExportError> {
    let mut reader = ExportReader::from_path(pack, path, &export_options(options))?;
    summarize(pack, &mut reader, options)
}

/// Summarises a survey export in CSV from `input`; `source` names it in problems.
///
/// # Errors
///
/// As [`summarize_survey_path`].
pub fn summarize_survey<R: Read>(pack: &Pack, input: R, source: &str, options: &SurveyOptions) -> Result<SurveySummary, ExportError> {
    let mut reader = ExportReader::new(pack, input, source, &export_options(options))?;
    summarize(pack, &mut reader, options)
}

fn summarize<R: Read>(pack: &Pack, reader: &mut ExportReader<'_, R>, options: &SurveyOptions) -> Result<SurveySummary, ExportError> {
    let header = reader.header();
    let mut fatal = vec![];
    for c in header.columns() {
        if let Some((sv, en)) = sensitive_title(&c.title) {
            let mut p = InputProblem::new_file(header.source(), InputCode::SensitiveData, sv, en);
            p.sheet = header.sheet().map(str::to_string);
            p.row = header.problems().first().and_then(|p| p.row).or(Some(1));
            p.column = Some(crate::export::ColumnRef { number: c.number, name: c.title.clone() });
            p.field = Some(c.title.clone());
            p.rejected = true;
            fatal.push(p);
        }
    }
    if !fatal.is_empty() {
        return Err(ExportError { problems: fatal });
    }
    let mut tally = SurveyTally::new(pack);
    let mut problems: Vec<InputProblem> = header.problems().to_vec();
    // Unknown columns that are no question are not answers: they stay listed.
    let respondent = header.column_of("provider").and_then(|c| (c.number as usize).checked_sub(1));
    let mut current = ExportRow::default();
    loop {
        match reader.read_row_into(&mut current) {
            Ok(true) => {}
            Ok(false) => break,
            Err(mut p) => {
                p.provider = None;
                problems.push(p);
                break;
            }
        }
        // The respondent id with its cell type: a workbook's number cell too.
        if respondent.and_then(|i| current.cell(i)).is_some_and(|c| cell_looks_like_personnummer(&c)) {
            let (sv, en) = personnummer_message("Svarandets id", "the respondent id");
            let mut p = InputProblem::new_file(header.source(), InputCode::SensitiveData, format!("{sv} Raden läses inte."), format!("{en}; the row is not read"));
            p.sheet = header.sheet().map(str::to_string);
            p.row = Some(current.row());
            p.column = header.column_of("provider");
            p.field = Some("respondent".into());
            p.rejected = true;
            problems.push(p);
            continue;
        }
        // Any other cell shaped like a personnummer (an answer typed into a free column, an
        // ignored column): the row is refused at that cell, the value never repeated.
        if let Some(c) = header.columns().iter().find(|c| (c.number as usize).checked_sub(1).and_then(|i| current.cell(i)).is_some_and(|v| cell_looks_like_personnummer(&v))) {
            let (sv, en) = personnummer_message(&format!("Kolumnen \"{}\"", c.title), &format!("the column \"{}\"", c.title));
            let mut p = InputProblem::new_file(header.source(), InputCode::SensitiveData, format!("{sv} Raden läses inte."), format!("{en}; the row is not read"));
            p.sheet = header.sheet().map(str::to_string);
            p.row = Some(current.row());
            p.column = Some(crate::export::ColumnRef { number: c.number, name: c.title.clone() });
            p.field = Some(c.title.clone());
            p.rejected = true;
            problems.push(p);
            continue;
        }
        let row = ReadRow::new(&header, pack, &current);
        match row.answers {
            Ok(answers) => {
                problems.extend(row.located.into_iter().map(|mut p| {
                    // A respondent id is no provider: it is not repeated in problems.
                    p.provider = None;
                    p
                }));
                tally.add_answers(pack, &answers);
            }
            Err(mut p) => {
                p.provider = None;
                problems.push(p);
            }
        }
    }
    Ok(tally.finish(pack, &options.asked, threshold(pack, options), problems))
}
