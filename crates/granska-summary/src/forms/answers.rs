//! The answers of a form exported by `granska questions --format xlsform|surveyjs`, read
//! back as reports, the columns and keys mapped by the pack's form names (no mapping file):
//!
//! - ODK and KoboToolbox exports (CSV or workbook): a column per question named by its form
//!   name, plain (`riskanalys`) or after its group (`ledning/riskanalys`, `ledning-riskanalys`);
//!   a multiple choice as one column of space-separated values, or one 0/1 column per choice
//!   (`ledning/metoder/sdq`), or both (the combined column is read); dates and date-times as
//!   the tools write them (`2024-12-31`, `2024-12-31T10:15:00.000+01:00`, date cells), read by
//!   the engine's date reader. The tools' own columns (`start`, `_uuid`, `meta/instanceID`,
//!   `SubmissionDate`, …) are skipped.
//! - SurveyJS results (JSON): one object per respondent, or an array of them, keyed by form
//!   names.
//!
//! "None of these" (`none`) of a multiple choice is an answer with no choice; an empty
//! selection is no answer. A column or key the exported form does not have is a located
//! warning (`unexported-column`) and is not read.

use std::path::Path;

use granska::forms::{FORM_META, FormNames, NONE_CHOICE};
use granska::{Answers, IssueCode, Pack, QuestionType, Raw, ReportMeta};
use serde_json::Value as Json;

use crate::accumulator::Accumulator;
use crate::export::{ColumnRef, ExportError, ExportRow, Header, InputCode, InputProblem, Mapping, ProblemCode, TableRows};

/// The survey tool whose answer export is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// An XLSForm tool (ODK, KoboToolbox): a CSV or workbook export.
    Xlsform,
    /// SurveyJS: result JSON.
    Surveyjs,
}

/// One respondent read: where it is, the report (or why it was rejected), and the problems
/// of its answers, each located.
#[derive(Debug)]
pub struct ToolRow {
    /// Its row (a CSV or sheet row; the respondent's number, from 1, in SurveyJS JSON).
    pub row: u64,
    /// The report, or the rejection of the row.
    pub answers: Result<Answers, InputProblem>,
    /// The answers' issues, located (empty when rejected).
    pub problems: Vec<InputProblem>,
}

/// A tool's answer export, read.
#[derive(Debug, Default)]
pub struct ToolAnswers {
    /// Problems with the export as a whole: columns or keys not read, each located.
    pub problems: Vec<InputProblem>,
    /// The respondents, in file order.
    pub rows: Vec<ToolRow>,
}

/// The largest SurveyJS results file read (bytes): larger files are refused, not read.
pub const MAX_RESULTS_BYTES: u64 = 256 << 20;

/// Columns the tools add of their own (ODK Collect, ODK Central, KoboToolbox): skipped.
const TOOL_COLUMNS: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "simserial",
    "subscriberid",
    "audit",
    "key",
    "submissiondate",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "edits",
    "formversion",
    "instanceid",
    "instancename",
];

fn is_tool_column(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.starts_with('_') || lower.starts_with("meta/") || lower.starts_with("meta-") || lower.starts_with("formhub/") || TOOL_COLUMNS.contains(&lower.as_str())
}

/// What a column of an XLSForm tool's export is.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// A report field or a question (by id), read as written.
    Plain(String),
    /// A multiple choice question's column of space-separated values.
    Combined(String),
    /// One choice's 0/1 column of a multiple choice question.
    Split { question: String, choice: String },
    /// A column of the tool's own.
    Tool,
    /// A column the form does not have.
    Unknown,
}

/// The question a column name stands for: `name`, `group/name`, `group-name`.
fn resolve(names: &FormNames, title: &str) -> Option<String> {
    if let Some(n) = names.question(title) {
        return Some(n.id.clone());
    }
    let last = title.rsplit(['/', '-']).next().unwrap_or(title);
    let n = names.question(last)?;
    let group = &title[..title.len() - last.len()].trim_end_matches(['/', '-']);
    // The group written, if any, must be the question's (ignoring case).
    let written = group.rsplit(['/', '-']).next().unwrap_or(group);
    (written.is_empty() || written.eq_ignore_ascii_case(&n.group)).then(|| n.id.clone())
}

fn target(pack: &Pack, names: &FormNames, title: &str) -> Target {
    let t = title.trim();
    if let Some(f) = FORM_META.iter().chain(["contract"].iter()).find(|f| f.eq_ignore_ascii_case(t)) {
        return Target::Plain((*f).to_string());
    }
    if pack.question(t).is_some() {
        return multiple_or_plain(pack, t.to_string());
    }
    if let Some(id) = resolve(names, t) {
        return multiple_or_plain(pack, id);
    }
    // `group/question/choice`: one choice's column.
    if let Some((rest, choice)) = t.rsplit_once('/')
        && let Some(id) = resolve(names, rest)
        && let Some(q) = pack.question(&id)
        && q.kind == QuestionType::Choice
        && q.multiple
        && (choice == NONE_CHOICE || q.choices.iter().any(|c| c.value == choice))
    {
        return Target::Split { question: id, choice: choice.to_string() };
    }
    if is_tool_column(t) { Target::Tool } else { Target::Unknown }
}

fn multiple_or_plain(pack: &Pack, id: String) -> Target {
    match pack.question(&id) {
        Some(q) if q.kind == QuestionType::Choice && q.multiple => Target::Combined(id),
        _ => Target::Plain(id),
    }
}

fn unexported(file: &str, sheet: Option<&str>, row: Option<u64>, column: Option<ColumnRef>, field: &str) -> InputProblem {
    let mut p = InputProblem::new_file(
        file,
        InputCode::UnexportedColumn,
        format!("\"{field}\" finns inte i formuläret som granska exporterade; värdet läses inte."),
        format!("\"{field}\" is not in the form granska exported; its value is not read"),
    );
    p.sheet = sheet.map(str::to_string);
    p.row = row;
    p.column = column;
    p.field = Some(field.to_string());
    p
}

/// A multiple choice answer from the tool's values: `none` alone is the empty answer.
fn choice_list<'a>(values: impl Iterator<Item = &'a str>) -> Option<Json> {
    let values: Vec<&str> = values.filter(|v| !v.is_empty()).collect();
    if values.is_empty() {
        return None;
    }
    Some(Json::Array(values.into_iter().filter(|v| *v != NONE_CHOICE).map(|v| Json::String(v.to_string())).collect()))
}

impl ToolAnswers {
    /// Adds the export read from `file` to `acc` as `granska summarize --from` counts it:
    /// each report at its row; rejected rows recorded; the columns and keys the form does not
    /// have (`unexported-column`, of the file or of one respondent) listed with the ignored
    /// columns; a cell that was not read (a choice column neither 0/1 nor yes/no) counted
    /// with the answers' issues. Returns every problem, in file order, with the
    /// `duplicate-provider` warnings (which the summary lists too), for showing.
    pub fn summarize_into(self, acc: &mut Accumulator, file: &str) -> Vec<InputProblem> {
        let mut shown = vec![];
        let record = |acc: &mut Accumulator, shown: &mut Vec<InputProblem>, p: InputProblem| {
            shown.push(p.clone());
            if p.rejected {
                acc.reject(p);
            } else if p.code == ProblemCode::Input(InputCode::UnexportedColumn) {
                acc.ignore_column(p);
            }
        };
        for p in self.problems {
            record(acc, &mut shown, p);
        }
        for row in self.rows {
            match row.answers {
                Ok(answers) => {
                    for p in row.problems {
                        // A problem that is none of the report's issues: a cell not read.
                        if let ProblemCode::Answer(code) = p.code
                            && !answers.issues().iter().any(|i| i.code == code && p.field.as_deref() == Some(i.field.as_str()))
                        {
                            acc.add_issues(code, 1);
                        }
                        record(acc, &mut shown, p);
                    }
                    if let Some(p) = acc.add_at(&answers, file, Some(row.row)) {
                        shown.push(p);
                    }
                }
                Err(p) => record(acc, &mut shown, InputProblem { rejected: true, ..p }),
            }
        }
        shown
    }
}

/// Whether a 0/1 choice column's cell says chosen: 0/1, or a yes/no as the engine reads one
/// ([`granska::parse_bool_text`]); `None` when empty; `Err` with the text for anything else.
fn chosen(raw: Raw<'_>) -> Result<Option<bool>, String> {
    match raw {
        Raw::Integer(i @ (0 | 1)) => Ok(Some(i == 1)),
        Raw::Number(n) if n == 0.0 || n == 1.0 => Ok(Some(n == 1.0)),
        Raw::Bool(b) => Ok(Some(b)),
        Raw::Empty => Ok(None),
        Raw::Integer(i) => Err(i.to_string()),
        Raw::Number(n) => Err(n.to_string()),
        other => {
            let Some(text) = other.field_str() else { return Ok(None) };
            if text.trim().is_empty() {
                return Ok(None);
            }
            granska::parse_bool_text(&text).map(Some).ok_or_else(|| text.trim().to_string())
        }
    }
}

/// A choice column whose cell is neither 0/1 nor yes/no: the question's answer is not read.
fn not_chosen_or_not(file: &str, sheet: Option<&str>, row: u64, column: ColumnRef, question: &str, text: &str) -> InputProblem {
    let mut p = InputProblem::new_file(
        file,
        IssueCode::WrongType,
        format!("Svaret \"{text}\" är inte 0 eller 1 (ja eller nej); frågans svar läses inte."),
        format!("the answer \"{text}\" is not 0 or 1 (yes or no); the question's answer is not read"),
    );
    p.sheet = sheet.map(str::to_string);
    p.row = Some(row);
    p.column = Some(column);
    p.field = Some(question.to_string());
    p
}

/// Reads an ODK/KoboToolbox answer export (CSV, or the sheet `sheet` of a workbook; the
/// first by default) of a form `granska questions --format xlsform` wrote for `pack`.
///
/// # Errors
///
/// An [`ExportError`] when the file cannot be read or has no provider, service or date
/// column.
pub fn read_xlsform_export(pack: &Pack, path: &Path, sheet: Option<&str>) -> Result<ToolAnswers, ExportError> {
    let mut rows = TableRows::from_path(path, sheet)?;
    let names = pack.form_names();
    let mut current = ExportRow::default();
    let header_row = rows.title_row(&mut current)?;
    let titles = current.titles();
    let sheet_name = rows.sheet_name().map(str::to_string);
    let source = rows.source().to_string();
    let targets: Vec<Target> = titles.iter().map(|t| target(pack, &names, t)).collect();
    let mut out = ToolAnswers::default();
    // A combined column wins over the choice columns of the same question.
    let combined: Vec<&String> = targets.iter().filter_map(|t| if let Target::Combined(id) = t { Some(id) } else { None }).collect();
    let mut mapping = Mapping::new();
    let mut split_first: Vec<(usize, String)> = vec![];
    for (i, (title, t)) in titles.iter().zip(&targets).enumerate() {
        match t {
            Target::Plain(id) | Target::Combined(id) => mapping.insert(title, id),
            Target::Split { question, .. } if !combined.contains(&question) && !split_first.iter().any(|(_, q)| q == question) => {
                split_first.push((i, question.clone()));
                mapping.insert(title, question);
            }
            Target::Split { .. } | Target::Tool => mapping.insert(title, "-"),
            Target::Unknown => {
                if !title.trim().is_empty() {
                    out.problems.push(unexported(&source, sheet_name.as_deref(), Some(header_row), Some(ColumnRef { number: i as u32 + 1, name: title.clone() }), title.trim()));
                }
                mapping.insert(title, "-");
            }
        }
    }
    let title_refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut header = Header::new_at(pack, &title_refs, Some(&mapping), &source, header_row).map_err(|e| rows.on_sheet(e))?;
    if let Some(name) = &sheet_name {
        header = header.on_sheet(name);
    }
    out.problems.extend(header.problems().iter().cloned());
    loop {
        match rows.next_row(&mut current) {
            Ok(false) => break,
            Ok(true) => {}
            Err(p) => {
                out.rows.push(ToolRow { row: rows.row(), answers: Err(p), problems: vec![] });
                break;
            }
        }
        let row = current.row();
        // The multiple choice answers of this row, as JSON lists, by column.
        let mut lists: Vec<(usize, Option<Json>)> = vec![];
        for (i, t) in targets.iter().enumerate() {
            if let Target::Combined(_) = t {
                let text = current.cell(i).and_then(|c| c.field_str().map(std::borrow::Cow::into_owned));
                lists.push((i, text.as_deref().and_then(|s| choice_list(s.split_whitespace()))));
            }
        }
        let mut bad_cells = vec![];
        for (first, question) in &split_first {
            let mut any = false;
            let mut bad = false;
            let mut picked = vec![];
            for (i, t) in targets.iter().enumerate() {
                let Target::Split { question: q, choice } = t else { continue };
                if q != question {
                    continue;
                }
                match current.cell(i).map(chosen).transpose() {
                    Ok(Some(Some(c))) => {
                        any = true;
                        if c {
                            picked.push(choice.as_str());
                        }
                    }
                    Ok(_) => {}
                    Err(text) => {
                        bad = true;
                        let column = ColumnRef { number: i as u32 + 1, name: titles[i].clone() };
                        bad_cells.push(not_chosen_or_not(&source, sheet_name.as_deref(), row, column, question, &text));
                    }
                }
            }
            let list = if any && !bad { Some(Json::Array(picked.into_iter().filter(|v| *v != NONE_CHOICE).map(|v| Json::String(v.to_string())).collect())) } else { None };
            lists.push((*first, list));
        }
        let cells: Vec<Raw<'_>> = (0..current.len())
            .map(|i| match lists.iter().find(|(c, _)| *c == i) {
                Some((_, Some(json))) => Raw::Json(json),
                Some((_, None)) => Raw::Empty,
                None => current.cell(i).unwrap_or(Raw::Empty),
            })
            .collect();
        let read = header.read_cells(pack, row, &cells);
        let problems = match &read {
            Ok(answers) => bad_cells
                .into_iter()
                .map(|p| InputProblem { provider: Some(answers.provider().to_string()), ..p })
                .chain(answers.issues().iter().map(|issue| header.locate(row, answers.provider(), issue)))
                .collect(),
            Err(_) => vec![],
        };
        out.rows.push(ToolRow { row, answers: read, problems });
    }
    Ok(out)
}

/// Reads SurveyJS results (one object per respondent, or an array of them) of a survey
/// `granska questions --format surveyjs` wrote for `pack`; `source` names the input in
/// problems.
///
/// # Errors
///
/// An [`ExportError`] when the text is not JSON (with its line and column; a key given twice
/// in one object too), or not an object or an array of objects.
pub fn read_surveyjs_results(pack: &Pack, text: &str, source: &str) -> Result<ToolAnswers, ExportError> {
    let bad = |sv: String, en: String| ExportError::one(InputProblem::new_file(source, InputCode::BadRecord, sv, en));
    // Equal keys (also NFC-equal ones) in one object are refused, never "last wins".
    // (A problem's `row` is a respondent here; the line is in the message.)
    let json: Json = granska::json_unique_keys(text).map_err(|(line, column, message)| {
        bad(format!("Filen är inte giltig JSON på rad {line}, kolumn {column}: {message}."), format!("the file is not valid JSON at line {line}, column {column}: {message}"))
    })?;
    let respondents: Vec<&Json> = match &json {
        Json::Array(items) => items.iter().collect(),
        Json::Object(_) => vec![&json],
        _ => {
            return Err(bad(
                "Filen ska vara ett SurveyJS-resultat (ett objekt) eller en lista av dem.".into(),
                "the file must be a SurveyJS result (an object) or a list of them".into(),
            ));
        }
    };
    let names = pack.form_names();
    let mut out = ToolAnswers::default();
    for (n, respondent) in respondents.into_iter().enumerate() {
        let row = n as u64 + 1;
        let Json::Object(map) = respondent else {
            let mut p = InputProblem::new_file(
                source,
                InputCode::BadRecord,
                format!("Svar {row} är inget objekt; det läses inte."),
                format!("response {row} is not an object; it is not read"),
            );
            p.row = Some(row);
            p.rejected = true;
            out.rows.push(ToolRow { row, answers: Err(p), problems: vec![] });
            continue;
        };
        let text_of = |key: &str| {
            map.get(key).and_then(|v| match v {
                Json::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                Json::Number(x) => Some(x.to_string()),
                _ => None,
            })
        };
        let meta = ReportMeta {
            provider: text_of("provider").unwrap_or_default(),
            name: text_of("name"),
            service: text_of("service").unwrap_or_default(),
            contract: text_of("contract"),
            date: text_of("date").unwrap_or_default(),
        };
        let mut builder = match pack.answers(meta) {
            Ok(b) => b,
            Err(e) => {
                let mut p = InputProblem::from_report_error(source, &e);
                p.row = Some(row);
                out.rows.push(ToolRow { row, answers: Err(p), problems: vec![] });
                continue;
            }
        };
        let mut problems = vec![];
        let mut values: Vec<(String, Json)> = vec![];
        for (key, value) in map {
            if FORM_META.contains(&key.as_str()) || key == "contract" {
                continue;
            }
            let Some(n) = names.question(key) else {
                problems.push(unexported(source, None, Some(row), None, key));
                continue;
            };
            let multiple = pack.question(&n.id).is_some_and(|q| q.kind == QuestionType::Choice && q.multiple);
            let value = match value {
                Json::Array(items) if multiple => {
                    if items.is_empty() {
                        continue;
                    }
                    Json::Array(items.iter().filter(|v| v.as_str() != Some(NONE_CHOICE)).cloned().collect())
                }
                other => other.clone(),
            };
            values.push((n.id.clone(), value));
        }
        for (id, value) in &values {
            builder.set(id, Raw::Json(value));
        }
        let answers = builder.finish();
        for issue in answers.issues() {
            let mut p = InputProblem::from_issue(source, answers.provider(), issue);
            p.row = Some(row);
            problems.push(p);
        }
        out.rows.push(ToolRow { row, answers: Ok(answers), problems });
    }
    Ok(out)
}

/// Reads a tool's answer export from `path`: [`read_xlsform_export`] or
/// [`read_surveyjs_results`] (the file read whole, at most 256 MiB).
///
/// # Errors
///
/// As those; also when the file cannot be read.
pub fn read_tool_answers(pack: &Pack, path: &Path, tool: Tool, sheet: Option<&str>) -> Result<ToolAnswers, ExportError> {
    match tool {
        Tool::Xlsform => read_xlsform_export(pack, path, sheet),
        Tool::Surveyjs => {
            let source = path.display().to_string();
            let too_large = || {
                let mib = MAX_RESULTS_BYTES >> 20;
                ExportError::one(InputProblem::new_file(
                    &source,
                    InputCode::TooLarge,
                    format!("Filen är större än {mib} MiB och läses inte."),
                    format!("the file is larger than {mib} MiB and is not read"),
                ))
            };
            let file = std::fs::File::open(path).map_err(|e| ExportError::one(InputProblem::unreadable(&source, &e)))?;
            if file.metadata().is_ok_and(|m| m.len() > MAX_RESULTS_BYTES) {
                return Err(too_large());
            }
            let mut bytes = vec![];
            // Bounded even when the length was not known (a pipe) or grew.
            std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_RESULTS_BYTES + 1), &mut bytes).map_err(|e| ExportError::one(InputProblem::unreadable(&source, &e)))?;
            if bytes.len() as u64 > MAX_RESULTS_BYTES {
                return Err(too_large());
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| ExportError::one(InputProblem::new_file(&source, InputCode::BadRecord, "Filen är inte UTF-8-text.".into(), "the file is not UTF-8 text".into())))?;
            read_surveyjs_results(pack, &text, &source)
        }
    }
}
