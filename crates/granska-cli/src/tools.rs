//! `--from xlsform|surveyjs` of `check`, `summarize`, `report` and `verify`: reads the
//! answer exports of a form `granska questions --format xlsform|surveyjs` wrote
//! (`docs/survey-tools.md`), the columns mapped by the pack's form names.

use std::path::Path;

use clap::ValueEnum;
use granska::{Answers, Pack};
use granska_summary::export::{ExportError, InputProblem};
use granska_summary::forms::answers::{Tool, ToolAnswers, read_tool_answers};

/// The survey tool whose answer export the inputs are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// ODK or KoboToolbox (an XLSForm form): CSV or workbook exports.
    Xlsform,
    /// SurveyJS: result JSON (an object per respondent, or an array of them).
    Surveyjs,
}

/// Reads one tool export whole.
///
/// # Errors
///
/// An [`ExportError`] when the file cannot be read at all.
pub fn read_whole(pack: &Pack, path: &Path, from: From, sheet: Option<&str>) -> Result<ToolAnswers, ExportError> {
    read_tool_answers(pack, path, tool(from), sheet)
}

fn tool(from: From) -> Tool {
    match from {
        From::Xlsform => Tool::Xlsform,
        From::Surveyjs => Tool::Surveyjs,
    }
}

/// Reads one tool export: `problem` gets every problem (located), `report` every report
/// read with its row. Returns false when the file could not be read at all.
pub fn read(pack: &Pack, path: &Path, from: From, sheet: Option<&str>, mut problem: impl FnMut(&InputProblem), mut report: impl FnMut(&Answers, &str, u64)) -> bool {
    let read = match read_whole(pack, path, from, sheet) {
        Ok(r) => r,
        Err(e) => {
            for p in &e.problems {
                problem(p);
            }
            return false;
        }
    };
    let file = path.display().to_string();
    for p in &read.problems {
        problem(p);
    }
    for row in &read.rows {
        match &row.answers {
            Ok(answers) => {
                for p in &row.problems {
                    problem(p);
                }
                report(answers, &file, row.row);
            }
            Err(p) => problem(p),
        }
    }
    true
}
