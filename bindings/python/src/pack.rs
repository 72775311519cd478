//! The Python `Pack`: load a rule pack (built in, YAML text or a file), read what it asks
//! and requires, and check reports one at a time (`check`), in batches (`check_many`,
//! `summarize`) or as a questionnaire is filled in (`form_state`). Batches are converted
//! while holding the GIL, then read and evaluated with the GIL released, on all cores.

use std::path::PathBuf;

use std::collections::BTreeMap;

use granska::{AnswerIssue, ReportFormat};
use granska_summary::export::{ExportReader, ExportRow, InputProblem as CoreProblem};
use granska_summary::{Accumulator, Place};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use serde_json::Value as Json;

use crate::batch::{self, CHUNK, Item, Source};
use crate::convert;
use crate::errors::{answer_error, export_error, guard, pack_error};
use crate::frame::{self, Outcome, Tidy};
use crate::objects::{Diagnostic, Parameter, Question, Requirement, Service, Text};
use crate::problems::Problems;
use crate::report::{FormState, Report};
use crate::summary::{self, PartialSummary, Summary};

/// A loaded, checked rule pack: its questions and requirements, ready to judge reports.
/// Immutable and safe to share between threads.
///
/// Load it with `Pack.builtin()`, `Pack.from_yaml(text)` or `Pack.load(path)`; a pack with
/// mistakes raises `PackError` listing all of them.
#[pyclass(module = "granska", frozen)]
pub struct Pack {
    pub inner: granska::Pack,
}

impl Pack {
    /// Reads a survey tool's answer export (`check_tool_export`, `summarize_tool_export`).
    fn read_tool(&self, py: Python<'_>, path: &std::path::Path, tool: &str, sheet: Option<&str>) -> PyResult<granska_summary::forms::answers::ToolAnswers> {
        use granska_summary::forms::answers::{Tool, read_tool_answers};
        let tool = match tool {
            "xlsform" => Tool::Xlsform,
            "surveyjs" => Tool::Surveyjs,
            other => return Err(PyValueError::new_err(format!("tool is \"xlsform\" or \"surveyjs\", not {other:?}"))),
        };
        let pack = &self.inner;
        py.detach(|| guard(|| read_tool_answers(pack, path, tool, sheet)))?.map_err(|e| export_error(py, &e))
    }

    /// Reads and counts `data` (as `summarize` takes it) into an accumulator, with answers
    /// the binding could not convert counted as issues; `places` relocates each report.
    #[allow(clippy::too_many_arguments, reason = "the arguments of summarize and partial_summary")]
    fn accumulate(
        &self,
        py: Python<'_>,
        call: &str,
        data: &Bound<'_, PyAny>,
        roster: Option<&Bound<'_, PyAny>>,
        mapping: Option<&Bound<'_, PyAny>>,
        sheet: Option<String>,
        places: Option<&Places>,
    ) -> PyResult<Accumulator> {
        let pack = &self.inner;
        let options = batch::export_options(py, mapping, sheet)?;
        let mut acc = match roster.filter(|r| !r.is_none()) {
            Some(r) => Accumulator::with_roster(pack, batch::roster(py, pack, r)?),
            None => Accumulator::new(pack),
        };
        // Answers the binding could not convert, by issue code (the core counts the rest).
        let mut unread: BTreeMap<granska::IssueCode, u64> = BTreeMap::new();
        // Where the report at position `i` of `data` was read; a rejected report relocated there.
        let place = |i: u64| places.map_or(("", Some(i)), |p| p.at(i));
        let reject = |acc: &mut Accumulator, mut problem: CoreProblem, i: u64| {
            if let Some(p) = places {
                p.relocate(&mut problem, i);
            }
            acc.reject(problem);
        };
        match batch::source(py, call, data, pack, &options)? {
            Source::Export(path) => {
                if places.is_some() {
                    return Err(PyValueError::new_err(format!("{call}: `rows` and `file` are for data frames and lists; an export file has its own rows")));
                }
                let mut reader = ExportReader::from_path(pack, &path, &options).map_err(|e| export_error(py, &e))?;
                py.detach(|| guard(|| granska_summary::summarize_export(&mut reader, &mut acc, |_| {})))?;
            }
            Source::Arrow { mut frame, .. } => {
                for p in frame.rows().header_problems() {
                    acc.ignore_column(p);
                }
                loop {
                    let chunk = frame.next_chunk(CHUNK).map_err(|e| export_error(py, &e))?;
                    if chunk.batches.is_empty() {
                        break;
                    }
                    let rows = frame.rows();
                    py.detach(|| {
                        guard(|| {
                            let mut answers = Vec::with_capacity(CHUNK);
                            let mut at = Vec::with_capacity(CHUNK);
                            for row in rows.read(pack, &chunk) {
                                match row.read {
                                    Ok(a) => {
                                        answers.push(a);
                                        let (file, row) = place(row.row);
                                        at.push(Place { file, row });
                                    }
                                    Err(problem) => reject(&mut acc, problem, row.row),
                                }
                            }
                            acc.add_all_at(&answers, &at);
                        })
                    })?;
                }
            }
            Source::Python(mut reports) => loop {
                let rows = reports.next_chunk(py)?;
                if rows.is_empty() {
                    break;
                }
                py.detach(|| {
                    guard(|| {
                        let mut answers = Vec::with_capacity(rows.len());
                        let mut at = Vec::with_capacity(rows.len());
                        for item in &rows {
                            let i = u64::try_from(item.index).unwrap_or(u64::MAX);
                            match read_row(pack, item).1 {
                                Ok(a) => {
                                    for issue in &item.issues {
                                        *unread.entry(issue.code).or_insert(0) += 1;
                                    }
                                    answers.push(a);
                                    let (file, row) = place(i);
                                    at.push(Place { file, row });
                                }
                                Err(problem) => reject(&mut acc, problem, i),
                            }
                        }
                        acc.add_all_at(&answers, &at);
                    })
                })?;
            },
        }
        if let Some(p) = places {
            p.check_count(call, acc.reports() + acc.rejected() as u64)?;
        }
        for (code, n) in unread {
            acc.add_issues(code, n);
        }
        Ok(acc)
    }

    /// Reads one report given as a Python mapping: the answers, and the issues of the values
    /// that could not be converted (each left unanswered).
    fn read(&self, py: Python<'_>, report: &Bound<'_, PyAny>) -> PyResult<(granska::Answers, Vec<AnswerIssue>)> {
        let (json, issues) = convert::report_from_py(report)?;
        match py.detach(|| guard(|| self.inner.read_report(&json)))? {
            Ok(answers) => Ok((answers, issues)),
            Err(mut e) => {
                // A report field that could not be converted (bytes as the provider) says why.
                e.problems.extend(issues);
                Err(answer_error(py, &e))
            }
        }
    }

    /// Reads and checks one report file's text (`str` or `bytes`) in `format`.
    fn check_text(&self, py: Python<'_>, text: &Bound<'_, PyAny>, format: ReportFormat) -> PyResult<Report> {
        let pack = &self.inner;
        let read = if let Ok(s) = text.cast::<PyString>() {
            match s.to_cow() {
                Ok(text) => py.detach(|| {
                    guard(|| match format {
                        ReportFormat::Json => pack.read_report_json(&text),
                        ReportFormat::Yaml => pack.read_report_yaml(&text),
                    })
                })?,
                // A str holding a lone surrogate (e.g. from `surrogateescape`) is no text.
                Err(e) => Err(granska::ReportError {
                    provider: None,
                    problems: vec![AnswerIssue {
                        field: String::new(),
                        code: granska::IssueCode::NotUtf8,
                        message: granska::Text { sv: format!("Rapporten är inte giltig Unicode: {e}"), en: format!("the report is not valid Unicode: {e}") },
                        value: None,
                    }],
                }),
            }
        } else if let Ok(b) = text.cast::<PyBytes>() {
            let bytes = b.as_bytes();
            py.detach(|| guard(|| pack.read_report_bytes(bytes, format)))?
        } else if let Ok(b) = text.cast::<PyByteArray>() {
            let bytes = b.to_vec();
            py.detach(|| guard(|| pack.read_report_bytes(&bytes, format)))?
        } else {
            return Err(PyTypeError::new_err(format!("the text of a report file is str or bytes; got {}", convert::type_name(text))));
        };
        let answers = read.map_err(|e| answer_error(py, &e))?;
        py.detach(|| guard(|| pack.check(&answers))).map(|inner| Report { inner })
    }
}

/// Reads and checks the reports of a chunk in parallel (`read` gives a report's service type
/// as given and its answers, or why it was rejected), each reduced to its frame rows on
/// the worker that checked it; every outcome in input order.
fn check_chunk<'p, T: Send>(
    pack: &'p granska::Pack,
    items: Vec<T>,
    read: impl Fn(T) -> (Option<String>, Result<granska::Answers, CoreProblem>) + Sync + Send,
    lang: granska::Lang,
    messages: bool,
) -> Vec<Outcome<'p>> {
    use rayon::prelude::*;
    items
        .into_par_iter()
        .map(|item| match read(item) {
            (_, Ok(answers)) => Outcome::check(pack, &answers, lang, messages),
            (service, Err(problem)) => Outcome::Rejected { service, problem },
        })
        .collect()
}

/// Reads one report of a batch given as Python values: its service type as given (for a
/// rejected row), and the answers or why it was rejected — located at the report's 0-based
/// position in the input (`row`), so that the message says which report it was.
fn read_row(pack: &granska::Pack, item: &Item) -> (Option<String>, Result<granska::Answers, CoreProblem>) {
    let service = item.json.get("service").and_then(Json::as_str).map(str::to_string);
    let read = pack.read_report(&item.json).map_err(|mut e| {
        e.problems.extend(item.issues.iter().cloned());
        let mut problem = CoreProblem::from_report_error("", &e);
        problem.row = u64::try_from(item.index).ok();
        problem
    });
    (service, read)
}

/// The pack with `params` applied, when given: a path to a parameters file (YAML), or a
/// mapping of parameter ids to values.
fn with_params(py: Python<'_>, pack: granska::Pack, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
    let Some(params) = params.filter(|p| !p.is_none()) else { return Ok(Pack { inner: pack }) };
    let result = if convert::is_mapping(params) {
        let mut cx = convert::Conversion::default();
        let values = convert::mapping_from_py(params, &mut cx)?;
        if let Some(issue) = cx.issues.first() {
            return Err(PyTypeError::new_err(format!("params: {} ({})", issue.message.en, issue.field)));
        }
        // Pretty JSON (which is YAML): one parameter a line, so errors name its line.
        let text = serde_json::to_string_pretty(&serde_json::json!({ "parameters": values })).unwrap_or_default();
        py.detach(|| guard(|| pack.with_params_yaml(&text, "params")))?
    } else {
        let path: PathBuf = params
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("params must be a path to a parameters file or a mapping of parameter ids to values, not {}", convert::type_name(params))))?;
        py.detach(|| guard(|| pack.with_params_path(&path)))?
    };
    result.map(|inner| Pack { inner }).map_err(|e| pack_error(py, &e))
}

#[pymethods]
impl Pack {
    /// The built-in pack: the law, common and contract requirements under `rules/`,
    /// embedded in the package. `params` (a parameters file's path, or a mapping of parameter
    /// ids to values) sets the municipality's contract terms.
    #[staticmethod]
    #[pyo3(signature = (params = None))]
    fn builtin(py: Python<'_>, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
        let pack = guard(granska::Pack::builtin)?.map_err(|e| pack_error(py, &e))?;
        with_params(py, pack, params)
    }

    /// Loads a pack from YAML text; `name` names it in diagnostics. It may include built-in
    /// packs (`include: [builtin:law/lex-sarah.yaml]`). `params` as for `builtin`. Raises
    /// `PackError` with every mistake found.
    #[staticmethod]
    #[pyo3(signature = (text, name = "pack.yaml", params = None))]
    fn from_yaml(py: Python<'_>, text: &str, name: &str, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
        let pack = guard(|| granska::Pack::from_yaml(text, name))?.map_err(|e| pack_error(py, &e))?;
        with_params(py, pack, params)
    }

    /// Loads a pack from a file: a compiled pack file (`granska compile`, `to_compiled`),
    /// recognised by its magic bytes whatever its name, else a YAML file, or a folder (its
    /// `granska.yaml`, `pack.yaml`, or its only YAML file) with the files it includes.
    /// `params` as for `builtin`. Raises `PackError` (a YAML pack), `CompiledPackError` (a
    /// compiled file that does not load, or is over 64 MiB) or `OSError` (a compiled file
    /// that cannot be read).
    #[staticmethod]
    #[pyo3(signature = (path, params = None))]
    fn load(py: Python<'_>, path: PathBuf, params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
        let pack = match compiled_file(py, &path)? {
            Some(bytes) => py.detach(|| guard(|| granska::Pack::from_compiled(&bytes)))?.map_err(|e| crate::errors::compiled_pack_error(py, &e))?,
            None => guard(|| granska::Pack::from_path(&path))?.map_err(|e| pack_error(py, &e))?,
        };
        with_params(py, pack, params)
    }

    /// Loads a pack from a compiled pack file's bytes (`to_compiled`, or `granska compile`),
    /// without parsing YAML or checking expressions: the same pack, with the same content
    /// hash. `params` as for `builtin`. Raises `CompiledPackError` (a `PackError`) with
    /// `.kind` saying why it does not load.
    #[staticmethod]
    #[pyo3(signature = (data, params = None))]
    fn from_compiled(py: Python<'_>, data: &[u8], params: Option<&Bound<'_, PyAny>>) -> PyResult<Pack> {
        let pack = py.detach(|| guard(|| granska::Pack::from_compiled(data)))?.map_err(|e| crate::errors::compiled_pack_error(py, &e))?;
        with_params(py, pack, params)
    }

    /// The pack as a compiled pack file (bytes): its checked rules, parameters, content hash
    /// and a checksum, loaded again with `Pack.from_compiled` without YAML.
    fn to_compiled<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let pack = &self.inner;
        let bytes = py.detach(|| guard(|| pack.to_compiled()))?;
        Ok(pyo3::types::PyBytes::new(py, &bytes))
    }

    /// This pack with a municipality's parameters: `params` is a parameters file's path
    /// (YAML: `parameters: {id: value}`, optional `municipality`, `year`, `source`) or a
    /// mapping of parameter ids to values. Values are typed and range-checked; a mistake
    /// raises `PackError` with its place. A pack that already had parameters set gets these
    /// instead.
    fn with_params(&self, py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<Pack> {
        if params.is_none() {
            return Err(PyTypeError::new_err("params must be a path to a parameters file or a mapping of parameter ids to values, not None"));
        }
        with_params(py, self.inner.clone(), Some(params))
    }

    /// This pack with a parameters file given as YAML (or JSON) text; `name` names it in
    /// diagnostics. Raises `PackError` with the place of each mistake.
    #[pyo3(signature = (text, name = "params.yaml"))]
    fn with_params_yaml(&self, py: Python<'_>, text: &str, name: &str) -> PyResult<Pack> {
        let pack = &self.inner;
        py.detach(|| guard(|| pack.with_params_yaml(text, name)))?.map(|inner| Pack { inner }).map_err(|e| pack_error(py, &e))
    }

    /// The pack's parameters (contract terms), with the values in force.
    #[getter]
    fn parameters(&self) -> Vec<Parameter> {
        self.inner.parameters().iter().map(Parameter::from).collect()
    }

    /// The root pack's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.info().id
    }
    /// The root pack's version, or None.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.info().version.as_deref()
    }
    /// The root pack's title.
    #[getter]
    fn title(&self) -> Text {
        (&self.inner.info().title).into()
    }
    /// The service types reports can be of.
    #[getter]
    fn services(&self) -> Vec<Service> {
        self.inner.services().iter().map(Service::from).collect()
    }
    /// Every question, in questionnaire order.
    #[getter]
    fn questions(&self) -> Vec<Question> {
        self.inner.questions().iter().map(Question::from).collect()
    }
    /// Every requirement, ordered by id.
    #[getter]
    fn requirements(&self) -> Vec<Requirement> {
        self.inner.requirements().iter().map(Requirement::from).collect()
    }
    /// Warnings found while loading (they did not stop the pack from loading).
    #[getter]
    fn warnings(&self) -> Vec<Diagnostic> {
        self.inner.warnings().iter().map(Diagnostic::from).collect()
    }

    /// Checks one provider's report against every requirement and returns a `Report`.
    ///
    /// `report` is a dict `{"provider", "service", "date", "name"?, "contract"?, "answers":
    /// {question id: value}}`; answers may be nested (`{"personal": {"antal": 3}}`) or dotted
    /// (`{"personal.antal": 3}`). Without an `"answers"` key the dict is taken as flat: every
    /// key other than provider, name, service, contract and date is a question id (so a
    /// DataFrame row's `to_dict()` can be checked as it is).
    ///
    /// `None` and NaN are unanswered; dates may be `datetime.date` or pandas Timestamps. A
    /// bad answer (wrong type, out of range, unknown question) does not raise: it is treated
    /// as unanswered and listed in `report.issues`. A report whose provider, service type or
    /// date is missing or invalid raises `AnswerError`.
    fn check(&self, py: Python<'_>, report: &Bound<'_, PyAny>) -> PyResult<Report> {
        let (answers, unread) = self.read(py, report)?;
        let mut inner = py.detach(|| guard(|| self.inner.check(&answers)))?;
        inner.issues.extend(unread);
        Ok(Report { inner })
    }

    /// Checks one report file's text as JSON, read exactly as the command line reads a
    /// `.json` report: duplicate keys are an error, `NaN` and `Infinity` are not JSON, and a
    /// number past a float (`1e400`) is an answer issue, not infinity (Python's `json`
    /// module keeps the last duplicate, accepts NaN and turns `1e400` into inf).
    ///
    /// `text` is a `str` or the file's `bytes` (a UTF-8 BOM is skipped; bytes that are not
    /// UTF-8 reject the report with code `not-utf8`, saying where). A report that cannot be
    /// read or judged (a syntax error, no provider, service type or date) raises
    /// `AnswerError` with its `problems`; a bad answer is one of `report.issues`.
    fn check_json(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.check_text(py, text, ReportFormat::Json)
    }

    /// Checks one report file's text as YAML, read exactly as the command line reads a
    /// `.yaml` report: duplicate keys are an error, `.nan` and `.inf` are answer issues, an
    /// alias bomb or nesting past the parser's budget is a syntax error.
    ///
    /// `text` is a `str` or the file's `bytes` (a UTF-8 BOM is skipped; bytes that are not
    /// UTF-8 reject the report with code `not-utf8`). A report that cannot be read or judged
    /// raises `AnswerError` with its `problems`; a bad answer is one of `report.issues`.
    fn check_yaml(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Report> {
        self.check_text(py, text, ReportFormat::Yaml)
    }

    /// Checks many reports, in parallel and without holding the GIL, and returns a tidy
    /// DataFrame: one row per provider and requirement, with the columns `provider`,
    /// `service`, `requirement`, `verdict`, `message` (in `lang`, `"sv"` or `"en"`; empty (NaN)
    /// when met or not applicable), `source`, `area` and `severity`. A pandas DataFrame, or a
    /// polars DataFrame when `data` is a polars DataFrame.
    ///
    /// `data` is the path of a survey export — a CSV file, or a workbook (`.xlsx`, `.xlsm`,
    /// `.xlsb`, `.xls`, `.ods`: its first sheet, or the one named by `sheet`; cell types kept,
    /// problems located by sheet, row and column) —, a data frame with one row per provider
    /// (columns `provider`, `name`, `service`, `contract`, `date` and one per question id; an
    /// empty cell is unanswered), or a list of report dicts as for `check`. A data frame is a
    /// pandas DataFrame, or any frame with the Arrow PyCapsule interface (`__arrow_c_stream__`:
    /// polars, a pyarrow Table, RecordBatch or RecordBatchReader, a DuckDB result), read
    /// column by column in Rust and typed by its Arrow types (dates, timestamps — with a zone,
    /// dated in Stockholm —, integers, decimals as their exact text, categoricals, lists for
    /// a multiple choice or a list of records); a column of a type granska cannot read
    /// (Binary, Duration, a struct, …) is a `TypeError` naming it. `mapping` translates
    /// column titles of an export or a data frame: a dict {title: question id} (None or ""
    /// ignores the column) or the path of a mapping CSV.
    ///
    /// A report that cannot be judged (no provider, service type or date; a broken CSV row;
    /// an item of a list that is not a dict) does not raise and does not vanish: it is one
    /// row with verdict `rejected`, no requirement, and where and why as the message — for a
    /// CSV export or workbook its row and column, for a list or data frame the report's
    /// 0-based position
    /// (`row 3, field date, …`). An export that cannot be read at all (an Arrow frame without
    /// a provider, service or date column, a stream that fails) raises `ExportError`; what is
    /// not a batch of reports (a dict, a number, a single column, a polars LazyFrame) raises
    /// `TypeError` naming its type.
    ///
    /// Problems: the answers not used (wrong type, out of range, unknown question, a value
    /// that cannot be converted) and the export columns not read are not in this frame — see
    /// `Pack.problems`, which lists every one of them, located, with the rejected reports.
    ///
    /// Every column is a pandas Categorical (6.5 million rows for 100,000 providers take
    /// under 100 MB): compare with strings as usual (`frame.verdict == "not_met"`). The
    /// categories are sorted, except `verdict` (met, not_met, not_applicable, unanswered,
    /// rejected), `severity` (krav, bor) and `area`, which list every value in a fixed order.
    /// In a polars frame the text columns are `Categorical`, and `verdict`, `severity` and
    /// `area` `Enum`s of those fixed values (`pl.col("verdict") == "not_met"`).
    ///
    /// `messages=False` (keyword only) gives the verdicts-only frame: the same rows and
    /// columns without `message`, and no message is written — several times faster on a
    /// large batch, for analyses of the verdicts themselves. A rejected report is still its
    /// row with verdict `rejected`; `Pack.problems` says why.
    ///
    /// `output` (keyword only) picks the kind of frame: `"pandas"`, `"polars"` or `"arrow"`
    /// (a pyarrow Table, text columns as dictionaries: the fast path into Spark's
    /// `mapInArrow` and other Arrow engines). By default a polars frame gives a polars frame
    /// and anything else a pandas one.
    #[pyo3(signature = (data, lang = "sv", mapping = None, sheet = None, *, messages = true, output = None))]
    #[allow(clippy::too_many_arguments, reason = "the keyword arguments of a Python method")]
    fn check_many<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        lang: &str,
        mapping: Option<&Bound<'py, PyAny>>,
        sheet: Option<String>,
        messages: bool,
        output: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Some(o) = output
            && !matches!(o, "pandas" | "polars" | "arrow")
        {
            return Err(PyValueError::new_err(format!("check_many: output is \"pandas\", \"polars\" or \"arrow\", not {o:?}")));
        }
        let pack = &self.inner;
        let lang = crate::lang(lang)?;
        let mut tidy = Tidy::new(lang, messages);
        let options = batch::export_options(py, mapping, sheet)?;
        let mut as_polars = false;
        match batch::source(py, "check_many", data, pack, &options)? {
            Source::Export(path) => {
                let mut reader = ExportReader::from_path(pack, &path, &options).map_err(|e| export_error(py, &e))?;
                let header = reader.header();
                py.detach(|| {
                    guard(|| {
                        // Rows are read in order, then turned into reports and checked in parallel.
                        let mut rows: Vec<ExportRow> = Vec::new();
                        loop {
                            let mut n = 0;
                            let mut failure = None;
                            while n < CHUNK {
                                if rows.len() <= n {
                                    rows.push(ExportRow::default());
                                }
                                match reader.read_row_into(&mut rows[n]) {
                                    Ok(true) => n += 1,
                                    Ok(false) => break,
                                    Err(e) => {
                                        failure = Some(e);
                                        break;
                                    }
                                }
                            }
                            let end = n < CHUNK;
                            tidy.add(&check_chunk(pack, rows[..n].iter().collect(), |row| (None, header.read_row(pack, row)), lang, messages));
                            if let Some(problem) = failure {
                                tidy.add(&[Outcome::Rejected { service: None, problem }]);
                            }
                            if end {
                                break;
                            }
                        }
                    })
                })?;
            }
            Source::Python(mut reports) => loop {
                let rows = reports.next_chunk(py)?;
                if rows.is_empty() {
                    break;
                }
                py.detach(|| guard(|| tidy.add(&check_chunk(pack, rows, |item| read_row(pack, &item), lang, messages))))?;
            },
            Source::Arrow { mut frame, polars } => {
                as_polars = polars;
                loop {
                    let chunk = frame.next_chunk(CHUNK).map_err(|e| export_error(py, &e))?;
                    if chunk.batches.is_empty() {
                        break;
                    }
                    let rows = frame.rows();
                    py.detach(|| guard(|| tidy.add(&check_chunk(pack, rows.read(pack, &chunk), |r| (r.service, r.read), lang, messages))))?;
                }
            }
        }
        match output {
            Some("arrow") => frame::to_arrow(py, tidy.finish()),
            Some("polars") => frame::to_polars(py, tidy.finish()),
            Some(_) => frame::with_pack(frame::to_frame(py, tidy.finish())?, &pack.identity()),
            None if as_polars => frame::to_polars(py, tidy.finish()),
            None => frame::with_pack(frame::to_frame(py, tidy.finish())?, &pack.identity()),
        }
    }

    /// Every problem of a batch, one row each, as a DataFrame (pandas, or polars when `data`
    /// is a polars DataFrame) with the columns `file`, `sheet`, `row`, `column`, `column_name`,
    /// `field`, `provider`, `code`, `message` (in `lang`, `"sv"` or `"en"`) and `rejected` —
    /// what `check_many` does not show.
    ///
    /// `data`, `mapping` and `sheet` are as for `check_many`. For an export: the header's problems
    /// (a column not read: unknown or duplicate; row 1, `rejected` False), every rejected row
    /// (`rejected` True), and every answer not used in the rows read (wrong type, out of
    /// range, not relevant, …), each located by row (the line in the file, the header being
    /// row 1; in a workbook the spreadsheet's row, and `sheet` its sheet) and column
    /// (1-based, `column_name` its title). For a DataFrame or a list of
    /// dicts: every rejected report and every answer not used (the values the binding could
    /// not convert too: bytes, objects, cycles, nesting past 32 levels), `row` being the
    /// report's 0-based position in the input (a list index or a DataFrame's `iloc`), `file`
    /// empty and `column` absent. An Arrow data frame (polars, pyarrow, DuckDB) is read as an
    /// export is (its columns not read are problems too, without a row) and located as a
    /// pandas DataFrame is: by 0-based row and field.
    ///
    /// Runs without the GIL, a chunk at a time: memory holds the problems, not the reports.
    /// An export that cannot be read at all raises `ExportError`. `row` and `column` are
    /// nullable integers (`Int64`), the text columns Categoricals, `rejected` bool.
    #[pyo3(signature = (data, lang = "sv", mapping = None, sheet = None))]
    fn problems<'py>(&self, py: Python<'py>, data: &Bound<'py, PyAny>, lang: &str, mapping: Option<&Bound<'py, PyAny>>, sheet: Option<String>) -> PyResult<Bound<'py, PyAny>> {
        let pack = &self.inner;
        let mut table = Problems::new(crate::lang(lang)?);
        let options = batch::export_options(py, mapping, sheet)?;
        let mut as_polars = false;
        match batch::source(py, "problems", data, pack, &options)? {
            Source::Export(path) => {
                let mut reader = ExportReader::from_path(pack, &path, &options).map_err(|e| export_error(py, &e))?;
                let header = reader.header();
                py.detach(|| {
                    guard(|| {
                        for p in header.problems() {
                            table.push(p);
                        }
                        for read in reader.rows() {
                            for problem in read.problems() {
                                table.push(problem);
                            }
                        }
                    })
                })?;
            }
            Source::Python(mut reports) => loop {
                let rows = reports.next_chunk(py)?;
                if rows.is_empty() {
                    break;
                }
                py.detach(|| {
                    guard(|| {
                        for item in &rows {
                            match read_row(pack, item).1 {
                                Ok(answers) => {
                                    for issue in answers.issues().iter().chain(&item.issues) {
                                        let mut problem = CoreProblem::from_issue("", answers.provider(), issue);
                                        problem.row = u64::try_from(item.index).ok();
                                        table.push(&problem);
                                    }
                                }
                                Err(problem) => table.push(&problem),
                            }
                        }
                    })
                })?;
            },
            Source::Arrow { mut frame, polars } => {
                as_polars = polars;
                for p in frame.rows().header_problems() {
                    table.push(&p);
                }
                loop {
                    let chunk = frame.next_chunk(CHUNK).map_err(|e| export_error(py, &e))?;
                    if chunk.batches.is_empty() {
                        break;
                    }
                    let rows = frame.rows();
                    py.detach(|| {
                        guard(|| {
                            for row in rows.read(pack, &chunk) {
                                match row.read {
                                    Ok(answers) => {
                                        for issue in answers.issues() {
                                            table.push(&rows.locate(row.row, answers.provider(), issue));
                                        }
                                    }
                                    Err(problem) => table.push(&problem),
                                }
                            }
                        })
                    })?;
                }
            }
        }
        if as_polars { table.into_polars(py) } else { table.into_frame(py) }
    }

    /// Summarises a year's reports into a `Summary`: counts and shares per requirement,
    /// indicator, quality area, service type and contract form.
    ///
    /// `data`, `mapping` and `sheet` are as for `check_many`. `roster` lists the providers invited to answer (the
    /// path of a roster CSV `provider,name,service,contract`, a pandas or Arrow data frame, or
    /// a list of dicts),
    /// for the response rate. `previous` is last year's summary (a `Summary`, its
    /// `to_dict()`, or the path of its JSON), for the change; one made with another pack id
    /// or version raises `ExportError` naming the requirements that differ, unless
    /// `allow_other_pack=True` (then they are in `previous.requirement_changes`). Rejected reports are counted
    /// and listed in `summary.rejected`, never dropped. A provider reported twice (same id and
    /// service type) is counted twice and listed in `summary.duplicates`, located by `row`
    /// (the 0-based position of a dict or DataFrame row; the row of a CSV export). Runs
    /// without the GIL, on all cores.
    #[pyo3(signature = (data, roster = None, previous = None, mapping = None, sheet = None, *, allow_other_pack = false))]
    #[allow(clippy::too_many_arguments, reason = "the keyword arguments of a Python method")]
    fn summarize(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        roster: Option<&Bound<'_, PyAny>>,
        previous: Option<&Bound<'_, PyAny>>,
        mapping: Option<&Bound<'_, PyAny>>,
        sheet: Option<String>,
        allow_other_pack: bool,
    ) -> PyResult<Summary> {
        let previous = match previous.filter(|p| !p.is_none()) {
            Some(p) => Some(summary::previous(py, p)?),
            None => None,
        };
        if let Some(p) = &previous {
            summary::guard_previous(py, &self.inner, p, allow_other_pack)?;
        }
        let acc = self.accumulate(py, "summarize", data, roster, mapping, sheet, None)?;
        let mut inner = acc.finish();
        if let Some(p) = &previous {
            inner.compare_with(p);
        }
        Ok(Summary { inner })
    }

    /// The counts of a batch of reports as a `PartialSummary`, to be merged with the
    /// partials of other batches (`PartialSummary.merge`, `granska.merge_partials`) and
    /// finished into the `Summary` one pass over all of them gives — for reports spread over
    /// Spark or Dask partitions or `multiprocessing` workers (see docs/scale.md).
    ///
    /// `data`, `roster`, `mapping` and `sheet` are as for `summarize`. For a data frame or a
    /// list, `rows` (the row of each report in its file, one int per report) and `file`
    /// (its file name: one str, or one per report) say where each report was read: rejected
    /// reports and providers reported twice are then located there, as one pass over the
    /// files would locate them. A `file` without `rows` locates reports by file alone.
    /// Without either, a report's place is its 0-based position in `data`, which only means
    /// something when there is one partial.
    ///
    /// Raises `ExportError` when `data` cannot be read at all, `ValueError` when `rows` or
    /// `file` do not have one entry per report.
    #[pyo3(signature = (data, roster = None, mapping = None, sheet = None, *, rows = None, file = None))]
    #[allow(clippy::too_many_arguments, reason = "the keyword arguments of a Python method")]
    fn partial_summary(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        roster: Option<&Bound<'_, PyAny>>,
        mapping: Option<&Bound<'_, PyAny>>,
        sheet: Option<String>,
        rows: Option<Vec<u64>>,
        file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PartialSummary> {
        let places = match (rows, file.filter(|f| !f.is_none())) {
            (None, None) => None,
            (rows, file) => Some(Places::new(rows, file)?),
        };
        let acc = self.accumulate(py, "partial_summary", data, roster, mapping, sheet, places.as_ref())?;
        Ok(PartialSummary { inner: acc.to_partial() })
    }

    /// The form state for answers given so far: the questions to show, the required ones
    /// still missing, field errors, and the requirements still undecided with the questions
    /// that would decide them. `report` is as for `check`; raises `AnswerError` likewise.
    fn form_state(&self, py: Python<'_>, report: &Bound<'_, PyAny>) -> PyResult<FormState> {
        let (answers, unread) = self.read(py, report)?;
        let mut inner = py.detach(|| guard(|| self.inner.form_state(&answers)))?;
        inner.errors.extend(unread);
        Ok(FormState { inner })
    }

    /// The SHA-256 of the pack's canonical form (64 hex digits): the same for the same
    /// rules and parameter values however the YAML is written; what summaries and partial
    /// summaries name to say which pack they were computed with.
    #[getter]
    fn content_hash(&self) -> &str {
        self.inner.content_hash()
    }

    /// `{"id", "version", "content_hash"}`: which pack this is.
    #[getter]
    fn identity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::report::py_value(py, &self.inner.identity())
    }

    /// Compiles a pack from the YAML files of `to_sources` (what unpickling calls) and
    /// checks its content hash. Raises `PackError` when it does not compile, or compiles to
    /// another pack than `content_hash` (another version of granska, or changed files).
    #[staticmethod]
    #[pyo3(signature = (files, params = None, content_hash = None))]
    fn _from_sources(py: Python<'_>, files: Vec<(String, String)>, params: Option<(String, String)>, content_hash: Option<String>) -> PyResult<Pack> {
        let sources = granska::PackSources {
            files: files.into_iter().map(|(name, text)| granska::SourceFile { name, text }).collect(),
            params: params.map(|(name, text)| granska::SourceFile { name, text }),
        };
        let inner = py.detach(|| guard(|| granska::Pack::from_sources(&sources)))?.map_err(|e| pack_error(py, &e))?;
        if let Some(expected) = content_hash
            && inner.content_hash() != expected
        {
            return Err(crate::errors::PackError::new_err(format!(
                "the pack `{}` compiled here has content hash {}, not {} as when it was pickled: its files or this version of granska differ",
                inner.info().id,
                inner.content_hash(),
                expected
            )));
        }
        Ok(Pack { inner })
    }

    /// Pickles the pack as its compiled pack file (`to_compiled`): unpickling loads it with
    /// `from_compiled`, without YAML or the checker, and the file's checksum and content hash
    /// refuse bytes changed on the way (Spark, Dask and `multiprocessing` ship packs to their
    /// workers this way). A pickle made by an earlier granska, of the YAML files, still loads
    /// through `_from_sources`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, pyo3::types::PyBytes>,))> {
        let py = slf.py();
        let pack = &slf.get().inner;
        let bytes = py.detach(|| guard(|| pack.to_compiled()))?;
        Ok((py.get_type::<Pack>().getattr("from_compiled")?, (pyo3::types::PyBytes::new(py, &bytes),)))
    }

    /// Reads the answer export of a survey tool for a form `granska questions --format
    /// xlsform|surveyjs` wrote from this pack (docs/survey-tools.md): `tool` is `"xlsform"`
    /// (an ODK or KoboToolbox export, CSV or workbook; `sheet` picks a workbook's sheet) or
    /// `"surveyjs"` (result JSON). The columns or keys are mapped by the pack's form names.
    ///
    /// Returns `(reports, problems)`: each respondent's checked `Report` (its answers' issues
    /// in `report.issues`), and every problem located by file, row and column: rejected rows,
    /// bad answers, and columns the form does not have (`unexported-column`, a warning).
    /// Raises `ExportError` when the file cannot be read at all, `ValueError` for another
    /// `tool`.
    #[pyo3(signature = (path, tool, sheet = None))]
    fn check_tool_export(&self, py: Python<'_>, path: PathBuf, tool: &str, sheet: Option<String>) -> PyResult<(Vec<Report>, Vec<crate::objects::InputProblem>)> {
        let read = self.read_tool(py, &path, tool, sheet.as_deref())?;
        let mut reports = vec![];
        let mut problems: Vec<crate::objects::InputProblem> = read.problems.iter().map(Into::into).collect();
        for row in &read.rows {
            match &row.answers {
                Ok(answers) => {
                    reports.push(Report { inner: py.detach(|| guard(|| self.inner.check(answers)))? });
                    problems.extend(row.problems.iter().map(Into::into));
                }
                Err(p) => problems.push(p.into()),
            }
        }
        Ok((reports, problems))
    }

    /// Summarises the answer export of a survey tool (as `check_tool_export` reads it) into a
    /// `Summary`, as `summarize` does a survey export; `roster` and `previous` as there.
    #[pyo3(signature = (path, tool, sheet = None, roster = None, previous = None, *, allow_other_pack = false))]
    #[allow(clippy::too_many_arguments, reason = "the keyword arguments of a Python method")]
    fn summarize_tool_export(
        &self,
        py: Python<'_>,
        path: PathBuf,
        tool: &str,
        sheet: Option<String>,
        roster: Option<&Bound<'_, PyAny>>,
        previous: Option<&Bound<'_, PyAny>>,
        allow_other_pack: bool,
    ) -> PyResult<Summary> {
        let previous = match previous.filter(|p| !p.is_none()) {
            Some(p) => Some(summary::previous(py, p)?),
            None => None,
        };
        if let Some(p) = &previous {
            summary::guard_previous(py, &self.inner, p, allow_other_pack)?;
        }
        let read = self.read_tool(py, &path, tool, sheet.as_deref())?;
        // The roster as `summarize` reads it: accumulate nothing but it.
        let empty = pyo3::types::PyList::empty(py);
        let mut acc = self.accumulate(py, "summarize_tool_export", empty.as_any(), roster, None, None, None)?;
        // As `granska summarize --from` counts it; the problems returned are all in the summary
        // (rejected rows, ignored columns and keys, issue counts, duplicates).
        let _shown = read.summarize_into(&mut acc, &path.display().to_string());
        let mut inner = acc.finish();
        if let Some(p) = &previous {
            inner.compare_with(p);
        }
        Ok(Summary { inner })
    }

    fn __repr__(&self) -> String {
        format!("Pack(id={:?}, questions={}, requirements={})", self.inner.info().id, self.inner.questions().len(), self.inner.requirements().len())
    }
}

/// Where each report of a data frame or list was read, as `partial_summary` is told: its
/// row in its file and the file's name.
struct Places {
    rows: Option<Vec<u64>>,
    files: PlaceFiles,
}

/// The file name of every report, or of each.
enum PlaceFiles {
    None,
    One(String),
    Each(Vec<String>),
}

impl Places {
    fn new(rows: Option<Vec<u64>>, file: Option<&Bound<'_, PyAny>>) -> PyResult<Places> {
        let files = match file {
            None => PlaceFiles::None,
            Some(f) if f.is_instance_of::<PyString>() => PlaceFiles::One(f.extract()?),
            Some(f) => PlaceFiles::Each(f.extract().map_err(|_| PyTypeError::new_err("partial_summary: `file` is a file name (str) or one file name per report (a list of str)"))?),
        };
        Ok(Places { rows, files })
    }

    /// The place of the report at position `i`: its file (empty when not given) and row.
    fn at(&self, i: u64) -> (&str, Option<u64>) {
        let file = match &self.files {
            PlaceFiles::None => "",
            PlaceFiles::One(f) => f,
            PlaceFiles::Each(f) => f.get(i as usize).map_or("", String::as_str),
        };
        let row = match (&self.rows, &self.files) {
            // A file without rows: the position in this batch would name a wrong row of it.
            (None, PlaceFiles::One(_) | PlaceFiles::Each(_)) => None,
            (None, PlaceFiles::None) => Some(i),
            (Some(rows), _) => rows.get(i as usize).copied(),
        };
        (file, row)
    }

    /// Moves a problem of the report at position `i` to that report's place.
    fn relocate(&self, problem: &mut CoreProblem, i: u64) {
        let (file, row) = self.at(i);
        problem.file = file.to_string();
        problem.row = row;
    }

    /// Checks there was one place per report.
    fn check_count(&self, call: &str, reports: u64) -> PyResult<()> {
        let bad = |what: &str, n: usize| PyValueError::new_err(format!("{call}: `{what}` has {n} entries for {reports} reports; give one per report"));
        if let Some(rows) = &self.rows
            && rows.len() as u64 != reports
        {
            return Err(bad("rows", rows.len()));
        }
        if let PlaceFiles::Each(f) = &self.files
            && f.len() as u64 != reports
        {
            return Err(bad("file", f.len()));
        }
        Ok(())
    }
}

/// The bytes of `path` when it is a compiled pack file (`granska::read_compiled_pack_file`);
/// `None` for anything else (a YAML file, a folder, a path that does not exist: those are
/// `Pack::from_path`'s to report).
///
/// # Errors
///
/// `OSError` when the compiled file cannot be read; `CompiledPackError` (kind `too-large`)
/// when it is over [`granska::MAX_COMPILED_PACK_BYTES`].
fn compiled_file(py: Python<'_>, path: &std::path::Path) -> PyResult<Option<Vec<u8>>> {
    granska::read_compiled_pack_file(path).map_err(|e| match e {
        granska::CompiledFileError::Io(e) => pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", path.display())),
        granska::CompiledFileError::Pack(e) => crate::errors::compiled_pack_error_of(py, e.kind(), &format!("{}: {e}", path.display())),
    })
}
