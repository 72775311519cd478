//! Reading survey exports (CSV) into reports, as they really come out of survey tools and
//! Excel: comma, semicolon or tab separated (sniffed from the header row), a UTF-8 BOM,
//! Windows-1252 text (detected when the bytes are not UTF-8), decimal commas and `Ja`/`Nej`
//! (parsed by the core's cell reader), empty cells as unanswered.
//!
//! The header row names the report fields `provider,name,service,contract,date` and one
//! column per question id; a [`Mapping`] can translate a survey tool's column titles into
//! question ids first. An [`ExportReader`] then streams one `Result<Answers, RowError>` per
//! row, reusing its buffers, so memory stays flat however many rows the export has.
//!
//! Rows and columns are numbered as a spreadsheet shows them: the header is row 1 (rows are
//! the line a record starts on), the first column is column 1 (`A`). A problem with a whole
//! row (too few or too many cells, a missing provider, service or date) rejects that row as
//! a [`RowError`]; a problem with one cell stays in the report's
//! [`Answers::issues`](granska::Answers::issues), and [`Header::column_of`] finds the column
//! it came from. Problems with the header itself (an unknown question id, a duplicate
//! column) are listed by [`Header::problems`]; such a column is ignored.

// A rejected row is returned by value: it is the rare path, and boxing it would allocate.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1252};
use serde::{Deserialize, Serialize};

use granska::Lang;
use granska::nfc::nfc;
use granska::{AnswerIssue, Answers, IssueCode, Pack, Raw, ReportError, ReportMeta, Text, did_you_mean};

pub use crate::code::{InputCode, ProblemCode};

/// The report fields an export's header may name besides question ids.
pub const REPORT_FIELDS: [&str; 5] = ["provider", "name", "service", "contract", "date"];

/// A column of an input file: its number (1-based) and its title.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ColumnRef {
    pub number: u32,
    pub name: String,
}

impl ColumnRef {
    /// The column's letter as a spreadsheet shows it: 1 → `A`, 27 → `AA`.
    pub fn letter(&self) -> String {
        column_letter(self.number)
    }
}

/// The spreadsheet letter of a 1-based column number (`A`, …, `Z`, `AA`, …).
pub fn column_letter(number: u32) -> String {
    let mut n = number;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A problem with an input: a rejected row or report, a cell whose answer was not used, a
/// header column that was ignored, a line of a mapping or roster file. It says where (file,
/// row, column or field), whose report (provider), and what is wrong, in Swedish and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct InputProblem {
    /// The file the problem is in (empty when the input had no name).
    pub file: String,
    /// The sheet of a workbook the problem is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row (line) in the file, header = 1; none for a report file as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// The column in an export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnRef>,
    /// The question id or report field concerned, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The provider whose report it is, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// What is wrong, as a stable code: an answer issue code of the engine (`wrong-type`,
    /// `missing`, …) or a problem of the input file (`too-few-cells`, `unknown-column`, `io`, …).
    pub code: ProblemCode,
    pub message: Text,
    /// Whether the whole report (row) was rejected; otherwise only the one answer is unused.
    pub rejected: bool,
}

/// A row of an export that could not be read as a report.
pub type RowError = InputProblem;

impl InputProblem {
    fn new(source: &str, code: impl Into<ProblemCode>, sv: String, en: String) -> InputProblem {
        InputProblem { file: source.to_string(), sheet: None, row: None, column: None, field: None, provider: None, code: code.into(), message: Text { sv, en }, rejected: false }
    }

    /// A problem with a whole file (it cannot be read), located by its name only.
    pub fn new_file(file: &str, code: impl Into<ProblemCode>, sv: String, en: String) -> InputProblem {
        InputProblem::new(file, code, sv, en)
    }

    /// A report file that could not be read (a rejected report), located by file and field.
    pub fn from_report_error(file: &str, error: &ReportError) -> InputProblem {
        let first = error.problems.first();
        let join = |lang: Lang| error.problems.iter().map(|p| p.message.get(lang).trim_end_matches('.').to_string()).collect::<Vec<_>>().join("; ");
        InputProblem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            field: first.map(|p| p.field.clone()).filter(|f| !f.is_empty()),
            provider: error.provider.clone(),
            code: first.map_or(IssueCode::Missing, |p| p.code).into(),
            message: Text { sv: format!("{}; rapporten läses inte.", join(Lang::Sv)), en: format!("{}; the report is not read", join(Lang::En)) },
            rejected: true,
        }
    }

    /// An answer of a report file that was not used, located by file and field.
    pub fn from_issue(file: &str, provider: &str, issue: &AnswerIssue) -> InputProblem {
        InputProblem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            field: Some(issue.field.clone()).filter(|f| !f.is_empty()),
            provider: Some(provider.to_string()),
            code: issue.code.into(),
            message: issue.message.clone(),
            rejected: false,
        }
    }

    /// Whether the problem is a malformed value (wrong type, out of range, not a choice, bad
    /// date, too long, unknown question or column, bad row) rather than a well-formed answer
    /// that does not apply (`not-relevant`, `not-asked`) or breaks a constraint.
    pub fn is_malformed(&self) -> bool {
        self.code.is_malformed()
    }

    /// The problem in one line: `file: row 7, column 12 (L, klagomal.registrerade), provider P014: message [code]`.
    pub fn render(&self, lang: Lang) -> String {
        let sv = lang == Lang::Sv;
        let mut place: Vec<String> = vec![];
        if let Some(sheet) = &self.sheet {
            place.push(format!("{} {sheet}", if sv { "blad" } else { "sheet" }));
        }
        if let Some(row) = self.row {
            place.push(format!("{} {row}", if sv { "rad" } else { "row" }));
        }
        if let Some(c) = &self.column {
            let name = if c.name.is_empty() { String::new() } else { format!(", {}", c.name) };
            place.push(format!("{} {} ({}{name})", if sv { "kolumn" } else { "column" }, c.number, c.letter()));
        } else if let Some(f) = self.field.as_deref().filter(|f| !f.is_empty()) {
            place.push(format!("{} {f}", if sv { "fält" } else { "field" }));
        }
        if let Some(p) = &self.provider {
            place.push(format!("{} {p}", if sv { "verksamhet" } else { "provider" }));
        }
        let mut out = String::new();
        if !self.file.is_empty() {
            out.push_str(&self.file);
            out.push_str(": ");
        }
        if !place.is_empty() {
            out.push_str(&place.join(", "));
            out.push_str(": ");
        }
        out.push_str(self.message.get(lang));
        out.push_str(&format!(" [{}]", self.code));
        out
    }
}

/// An input that cannot be read at all: unreadable, empty, no provider/service/date column,
/// a malformed mapping or roster file. Every problem found is listed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|p| p.render(Lang::En)).collect::<Vec<_>>().join("\n"))]
pub struct ExportError {
    pub problems: Vec<InputProblem>,
}

impl ExportError {
    fn one(p: InputProblem) -> ExportError {
        ExportError { problems: vec![p] }
    }

    fn io(source: &str, e: &io::Error) -> ExportError {
        ExportError::one(InputProblem::new(source, InputCode::Io, format!("Kan inte läsa filen: {e}"), format!("cannot read the file: {e}")))
    }

    /// Every problem rendered, one per line.
    pub fn render(&self, lang: Lang) -> String {
        self.problems.iter().map(|p| p.render(lang)).collect::<Vec<_>>().join("\n")
    }
}

// ---------------------------------------------------------------------------------------
// Decoding: BOM, UTF-8 or Windows-1252, streaming.

/// The text encoding of an input, as detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DecodeState {
    /// Only ASCII seen so far: passed through unchanged.
    Undecided,
    Decoding,
    Finished,
}

/// A reader that turns an input's bytes into UTF-8: strips a BOM (UTF-8 or UTF-16), and
/// when no BOM says otherwise, decides between UTF-8 and Windows-1252 at the first non-ASCII
/// byte. Invalid sequences in a UTF-8 input become U+FFFD. Reads in fixed-size chunks.
pub(crate) struct Decoded<R> {
    inner: R,
    raw: Vec<u8>,
    raw_pos: usize,
    eof: bool,
    started: bool,
    state: DecodeState,
    decoder: Option<Decoder>,
    out: Vec<u8>,
    out_pos: usize,
}

const CHUNK: usize = 64 * 1024;

impl<R: Read> Decoded<R> {
    pub(crate) fn new(inner: R) -> Decoded<R> {
        Decoded {
            inner,
            raw: Vec::with_capacity(CHUNK),
            raw_pos: 0,
            eof: false,
            started: false,
            state: DecodeState::Undecided,
            decoder: None,
            out: Vec::with_capacity(CHUNK * 3),
            out_pos: 0,
        }
    }

    /// Reads more raw bytes, keeping the unconsumed ones. Returns whether any were read.
    fn read_more(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.raw_pos > 0 {
            self.raw.drain(..self.raw_pos);
            self.raw_pos = 0;
        }
        let old = self.raw.len();
        self.raw.resize(old + CHUNK, 0);
        let n = loop {
            match self.inner.read(&mut self.raw[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.raw.truncate(old);
                    return Err(e);
                }
            }
        };
        self.raw.truncate(old + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    fn start_decoding(&mut self, encoding: &'static Encoding) {
        self.decoder = Some(encoding.new_decoder_without_bom_handling());
        self.state = DecodeState::Decoding;
    }

    /// Produces the next piece of output into `out`.
    fn fill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        if !self.started {
            while self.raw.len() < 3 && self.read_more()? {}
            self.started = true;
            if let Some((encoding, bom)) = Encoding::for_bom(&self.raw) {
                self.raw_pos = bom;
                self.start_decoding(encoding);
            }
        }
        match self.state {
            DecodeState::Finished => Ok(()),
            DecodeState::Undecided => {
                if self.raw_pos >= self.raw.len() && !self.read_more()? {
                    self.state = DecodeState::Finished;
                    return Ok(());
                }
                let pending = &self.raw[self.raw_pos..];
                match pending.iter().position(|b| !b.is_ascii()) {
                    None => {
                        self.out.extend_from_slice(pending);
                        self.raw_pos = self.raw.len();
                    }
                    Some(0) => {
                        // Decide: a valid UTF-8 sequence here means UTF-8, else Windows-1252.
                        loop {
                            let rest = &self.raw[self.raw_pos..];
                            match std::str::from_utf8(rest) {
                                Ok(_) => break self.start_decoding(UTF_8),
                                Err(e) if e.valid_up_to() > 0 => break self.start_decoding(UTF_8),
                                Err(e) if e.error_len().is_none() && !self.eof => {
                                    if !self.read_more()? {
                                        break self.start_decoding(WINDOWS_1252);
                                    }
                                }
                                Err(_) => break self.start_decoding(WINDOWS_1252),
                            }
                        }
                    }
                    Some(p) => {
                        self.out.extend_from_slice(&pending[..p]);
                        self.raw_pos += p;
                    }
                }
                Ok(())
            }
            DecodeState::Decoding => {
                if self.raw_pos >= self.raw.len() && !self.eof {
                    self.read_more()?;
                }
                let last = self.eof;
                let Some(decoder) = self.decoder.as_mut() else {
                    self.state = DecodeState::Finished;
                    return Ok(());
                };
                let src = &self.raw[self.raw_pos..];
                let room = decoder.max_utf8_buffer_length(src.len()).unwrap_or(src.len() * 3 + 16).max(16);
                self.out.resize(room, 0);
                let (_, read, written, _) = decoder.decode_to_utf8(src, &mut self.out, last);
                self.out.truncate(written);
                self.raw_pos += read;
                if last && self.raw_pos >= self.raw.len() {
                    self.state = DecodeState::Finished;
                }
                Ok(())
            }
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.state == DecodeState::Finished || buf.is_empty() {
                return Ok(0);
            }
            self.fill()?;
        }
    }
}

/// The input after its header line was sniffed: the bytes read so far, then the rest.
pub(crate) type Sniffed<R> = io::Chain<io::Cursor<Vec<u8>>, Decoded<R>>;

/// Passes the decoded input to the CSV parser and notes where each line ends, so that a
/// record's line can be found from its byte offset. (The `csv` crate's own line count is
/// one low after a CRLF line end and does not count the blank lines it skips.)
pub(crate) struct LineEnds<R> {
    inner: R,
    /// Bytes passed on so far.
    offset: u64,
    /// Offsets of the `\r`s and `\n`s passed on and not yet behind a record's start, and
    /// whether each is a `\n`.
    pending: std::collections::VecDeque<(u64, bool)>,
    /// `\n`s behind the last record's start.
    behind: u64,
    /// Where the last record started.
    record_start: u64,
}

/// The longest row read, in bytes: 256 cells at the longest text an answer may be, and more
/// than any survey export has. A longer one is not a survey export (`/dev/zero`, a binary
/// file, an unclosed quote in a huge file) and stops the reading with an error.
pub const MAX_ROW_BYTES: u64 = 16 * 1024 * 1024;

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.offset - self.record_start > MAX_ROW_BYTES {
            return Err(io::Error::other(format!("a row is longer than {} MiB", MAX_ROW_BYTES >> 20)));
        }
        let n = self.inner.read(buf)?;
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' || *b == b'\r' {
                self.pending.push_back((self.offset + i as u64, *b == b'\n'));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A CSV input being read record by record, each with the line it starts on.
pub(crate) struct CsvInput<R> {
    csv: csv::Reader<LineEnds<Sniffed<R>>>,
    /// The first line is Excel's `sep=;` line, not yet skipped.
    separator_line: bool,
}

impl<R: Read> CsvInput<R> {
    /// Reads the next record (blank ones included); `Ok(Some(line))` with the line it starts
    /// on (the first line is 1), `Ok(None)` at the end.
    pub(crate) fn read_record(&mut self, record: &mut csv::StringRecord) -> csv::Result<Option<u64>> {
        if std::mem::take(&mut self.separator_line) {
            // Read past it like any record, so that the lines after it keep their numbers.
            if self.read_record(record)?.is_none() {
                return Ok(None);
            }
        }
        if !self.csv.read_record(record)? {
            return Ok(None);
        }
        // The record's offset is where the parser started: before the line end of the line
        // before when it is CRLF, and before any blank lines skipped. A record never starts
        // with a line end, so the line ends right at its offset are behind it too.
        let mut start = record.position().map(csv::Position::byte).unwrap_or(0);
        let lines = self.csv.get_mut();
        lines.record_start = start;
        while let Some(&(at, newline)) = lines.pending.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1;
            }
            lines.pending.pop_front();
            lines.behind += u64::from(newline);
        }
        Ok(Some(lines.behind + 1))
    }
}

/// Opens a CSV input: decodes it, sniffs the separator (`,`, `;` or tab) from the first
/// line, and returns a reader whose first record is the header.
pub(crate) fn open_csv<R: Read>(input: R, source: &str) -> Result<CsvInput<R>, ExportError> {
    let mut decoded = Decoded::new(input);
    let mut prefix: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut quoted = false;
    let mut counts = [0usize; 3];
    let mut scanned = 0;
    'outer: loop {
        let n = decoded.read(&mut chunk).map_err(|e| ExportError::io(source, &e))?;
        if n == 0 {
            break;
        }
        prefix.extend_from_slice(&chunk[..n]);
        while scanned < prefix.len() {
            let b = prefix[scanned];
            scanned += 1;
            match b {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' if !quoted => break 'outer,
                b',' if !quoted => counts[0] += 1,
                b';' if !quoted => counts[1] += 1,
                b'\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        if prefix.len() > 4 * 1024 * 1024 {
            break;
        }
    }
    // Excel's `sep=;` first line (written when a workbook is saved as CSV with its separator
    // kept) names the separator; the header is on the next line.
    let first_line = prefix.split(|&b| b == b'\n' || b == b'\r').next().unwrap_or(&[]);
    let separator = separator_line(first_line);
    let delimiter = if let Some(d) = separator {
        d
    } else if counts[1] > counts[0] && counts[1] >= counts[2] {
        b';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b'\t'
    } else {
        b','
    };
    let lines = LineEnds { inner: io::Cursor::new(prefix).chain(decoded), offset: 0, pending: Default::default(), behind: 0, record_start: 0 };
    Ok(CsvInput { csv: csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(lines), separator_line: separator.is_some() })
}

/// The separator an Excel `sep=X` line names (`sep=;`, `"sep=,"`, `SEP=\t`), if the line is one.
fn separator_line(line: &[u8]) -> Option<u8> {
    let start = line.iter().position(|&b| b != b' ').unwrap_or(line.len());
    let end = line.iter().rposition(|&b| b != b' ').map_or(start, |e| e + 1);
    let line = &line[start..end.max(start)];
    let line = line.strip_prefix(b"\"").and_then(|l| l.strip_suffix(b"\"")).unwrap_or(line);
    match line {
        [s, e, p, b'=', sep] if [*s, *e, *p].eq_ignore_ascii_case(b"sep") && !sep.is_ascii_alphanumeric() && *sep != b'"' => Some(*sep),
        _ => None,
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Whether a cell holds nothing: empty, null, or only spaces.
fn is_blank_cell(cell: &Raw<'_>) -> bool {
    match cell {
        Raw::Empty | Raw::Json(serde_json::Value::Null) => true,
        Raw::Cell(c) => c.trim().is_empty(),
        Raw::Json(serde_json::Value::String(c)) => c.trim().is_empty(),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Mapping from a survey tool's column titles to question ids.

/// Translates a survey tool's column titles into question ids or report fields: a CSV file
/// `column,question`, one line per column. An empty `question` (or `-`) ignores the column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    entries: HashMap<String, String>,
    lower: HashMap<String, String>,
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// Adds one translation; `question` empty or `-` ignores the column.
    pub fn insert(&mut self, column: &str, question: &str) {
        let column = nfc(column.trim()).into_owned();
        let question = nfc(question.trim()).into_owned();
        self.lower.insert(column.to_lowercase(), question.clone());
        self.entries.insert(column, question);
    }

    /// Reads a mapping CSV (`column,question`; the header line is optional).
    pub fn from_reader<R: Read>(input: R, source: &str) -> Result<Mapping, ExportError> {
        let mut csv = open_csv(input, source)?;
        let mut mapping = Mapping::new();
        let mut problems = vec![];
        let mut record = csv::StringRecord::new();
        let mut first = true;
        loop {
            let row = match csv.read_record(&mut record) {
                Ok(None) => break,
                Ok(Some(line)) => line,
                Err(e) => {
                    problems.push(InputProblem::new(source, InputCode::Io, format!("Kan inte läsa filen: {e}"), format!("cannot read the file: {e}")));
                    break;
                }
            };
            if is_blank(&record) {
                continue;
            }
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            if first {
                first = false;
                if cells.first().is_some_and(|c| c.eq_ignore_ascii_case("column") || c.eq_ignore_ascii_case("kolumn")) {
                    continue;
                }
            }
            let extra_empty = cells.iter().skip(2).all(|c| c.is_empty());
            if cells.len() < 2 || !extra_empty || cells[0].is_empty() {
                let mut p = InputProblem::new(
                    source,
                    if cells.len() < 2 || cells[0].is_empty() { InputCode::TooFewCells } else { InputCode::TooManyCells },
                    format!("Raden ska ha två celler, kolumnrubrik och fråge-id; den har {}.", cells.len()),
                    format!("the line must have two cells, a column title and a question id; it has {}", cells.len()),
                );
                p.row = Some(row);
                problems.push(p);
                continue;
            }
            mapping.insert(cells[0], cells[1]);
        }
        if problems.is_empty() { Ok(mapping) } else { Err(ExportError { problems }) }
    }

    /// Reads a mapping CSV file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Mapping, ExportError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| ExportError::io(&source, &e))?;
        Mapping::from_reader(io::BufReader::new(file), &source)
    }

    /// The question id or report field a column title maps to: by exact title, then ignoring case.
    pub fn get(&self, column: &str) -> Option<&str> {
        let column = &*nfc(column.trim());
        self.entries.get(column).or_else(|| self.lower.get(&column.to_lowercase())).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

// ---------------------------------------------------------------------------------------
// The header.

/// What a column of an export holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnTarget {
    /// A report field: `provider`, `name`, `service`, `contract` or `date`.
    Field(&'static str),
    /// The answers to a question.
    Question(String),
    /// Nothing: the column is ignored (unknown, duplicate, or mapped away).
    Ignored,
}

/// One column of an export's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub number: u32,
    /// The title as written in the header.
    pub title: String,
    pub target: ColumnTarget,
}

/// An export's header: what each column holds, and the problems found in it.
#[derive(Clone, Debug)]
pub struct Header {
    source: String,
    /// The workbook sheet the export is on.
    sheet: Option<String>,
    columns: Vec<Column>,
    fields: [Option<usize>; 5],
    problems: Vec<InputProblem>,
    by_question: HashMap<String, usize>,
}

impl Header {
    /// Reads the header's titles against the pack's questions (after the mapping).
    /// Fails only when the provider, service or date column is missing.
    pub fn new(pack: &Pack, titles: &[&str], mapping: Option<&Mapping>, source: &str) -> Result<Header, ExportError> {
        Header::new_at(pack, titles, mapping, source, 1)
    }

    /// [`Header::new`] for a header on row `row` (2 after Excel's `sep=` line; a workbook's
    /// header may be further down).
    pub fn new_at(pack: &Pack, titles: &[&str], mapping: Option<&Mapping>, source: &str, row: u64) -> Result<Header, ExportError> {
        let mut columns = Vec::with_capacity(titles.len());
        let mut fields: [Option<usize>; 5] = [None; 5];
        let mut problems = vec![];
        let mut by_question: HashMap<String, usize> = HashMap::new();
        let question_ids: Vec<&str> = pack.questions().iter().map(|q| q.id.as_str()).collect();
        for (i, raw_title) in titles.iter().enumerate() {
            let number = (i + 1) as u32;
            // In NFC: a title saved on macOS (decomposed `å`) matches its question and mapping.
            let title = nfc(raw_title.trim().trim_start_matches('\u{feff}').trim()).into_owned();
            let mapped = mapping.and_then(|m| m.get(&title)).map(str::to_string);
            let id = mapped.clone().unwrap_or_else(|| title.clone());
            let column_ref = ColumnRef { number, name: title.clone() };
            let mut problem = |code: ProblemCode, sv: String, en: String| {
                let mut p = InputProblem::new(source, code, sv, en);
                p.row = Some(row);
                p.column = Some(column_ref.clone());
                p.field = Some(id.clone()).filter(|f| !f.is_empty());
                problems.push(p);
            };
            let target = if matches!(mapped.as_deref(), Some("" | "-")) {
                ColumnTarget::Ignored
            } else if id.is_empty() {
                // An unnamed column (e.g. after a trailing separator): nothing to read.
                ColumnTarget::Ignored
            } else if let Some(f) = REPORT_FIELDS.iter().position(|f| f.eq_ignore_ascii_case(&id)) {
                if let Some(first) = fields[f] {
                    problem(
                        InputCode::DuplicateColumn.into(),
                        format!("Kolumnen \"{}\" finns redan som kolumn {} ({}); den här kolumnen läses inte.", REPORT_FIELDS[f], first + 1, column_letter(first as u32 + 1)),
                        format!("the column \"{}\" already is column {} ({}); this column is not read", REPORT_FIELDS[f], first + 1, column_letter(first as u32 + 1)),
                    );
                    ColumnTarget::Ignored
                } else {
                    fields[f] = Some(i);
                    ColumnTarget::Field(REPORT_FIELDS[f])
                }
            } else if pack.question(&id).is_some() {
                if let Some(&first) = by_question.get(&id) {
                    problem(
                        InputCode::DuplicateColumn.into(),
                        format!("Frågan \"{id}\" finns redan som kolumn {} ({}); den här kolumnen läses inte.", first + 1, column_letter(first as u32 + 1)),
                        format!("the question \"{id}\" already is column {} ({}); this column is not read", first + 1, column_letter(first as u32 + 1)),
                    );
                    ColumnTarget::Ignored
                } else {
                    by_question.insert(id.clone(), i);
                    ColumnTarget::Question(id.clone())
                }
            } else {
                let hint = did_you_mean(&id, question_ids.iter().copied().chain(REPORT_FIELDS));
                let via = match &mapped {
                    Some(_) => (format!(" (enligt mappningen av \"{title}\")"), format!(" (as mapped from \"{title}\")")),
                    None => (String::new(), String::new()),
                };
                let (sv, en) = match hint {
                    Some(h) => (
                        format!("Okänd fråga \"{id}\"{}; menade du \"{h}\"? Kolumnen läses inte.", via.0),
                        format!("unknown question \"{id}\"{}; did you mean \"{h}\"? The column is not read", via.1),
                    ),
                    None => (format!("Okänd fråga \"{id}\"{}; kolumnen läses inte.", via.0), format!("unknown question \"{id}\"{}; the column is not read", via.1)),
                };
                problem(InputCode::UnknownColumn.into(), sv, en);
                ColumnTarget::Ignored
            };
            columns.push(Column { number, title, target });
        }
        let missing: Vec<&str> = [0usize, 2, 4].iter().filter(|&&f| fields[f].is_none()).map(|&f| REPORT_FIELDS[f]).collect();
        if !missing.is_empty() {
            let list = missing.join(", ");
            let mut p = InputProblem::new(
                source,
                InputCode::MissingColumn,
                format!("Rubrikraden saknar kolumnerna {list}; varje rad behöver provider, service och date."),
                format!("the header row has no column {list}; every row needs provider, service and date"),
            );
            p.row = Some(row);
            let mut all = vec![p];
            all.extend(problems);
            return Err(ExportError { problems: all });
        }
        Ok(Header { source: source.to_string(), sheet: None, columns, fields, problems, by_question })
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Problems with the header: each such column is ignored.
    pub fn problems(&self) -> &[InputProblem] {
        &self.problems
    }

    /// The input's name, as given.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The workbook sheet the export was read from, if it was a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.sheet.as_deref()
    }

    /// The header of an export on a workbook's sheet: its problems are located on the sheet.
    pub fn on_sheet(mut self, sheet: &str) -> Header {
        self.sheet = Some(sheet.to_string());
        for p in &mut self.problems {
            p.sheet = Some(sheet.to_string());
        }
        self
    }

    /// The column a question id or report field (as in an [`AnswerIssue`]'s `field`,
    /// e.g. `personal.nyanstallda[0].registerutdrag`) was read from.
    pub fn column_of(&self, field: &str) -> Option<ColumnRef> {
        let id = field.split('[').next().unwrap_or(field);
        let index = match REPORT_FIELDS.iter().position(|f| *f == id) {
            Some(f) => self.fields[f],
            None => self.by_question.get(id).copied(),
        }?;
        self.columns.get(index).map(|c| ColumnRef { number: c.number, name: c.title.clone() })
    }

    /// The located problem for an answer issue of the report read from `row`.
    pub fn locate(&self, row: u64, provider: &str, issue: &AnswerIssue) -> InputProblem {
        InputProblem {
            file: self.source.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            column: self.column_of(&issue.field),
            field: Some(issue.field.clone()).filter(|f| !f.is_empty()),
            provider: Some(provider.to_string()),
            code: issue.code.into(),
            message: issue.message.clone(),
            rejected: false,
        }
    }

    /// Reads one row of typed cells (a CSV row's texts, a workbook row's cells, a row of an
    /// Arrow batch) into a report: the one reader of export rows, whatever their source.
    /// `row` is the row number problems are located at; `cells` are in column order.
    ///
    /// # Errors
    ///
    /// A [`RowError`] (rejected) when the row has too few or too many cells, or no provider,
    /// service or readable date. A bad answer is not an error: it is an issue of the report.
    pub fn read_cells(&self, pack: &Pack, row: u64, cells: &[Raw<'_>]) -> Result<Answers, RowError> {
        self.read_with(pack, row, cells.len(), |i| cells.get(i).copied())
    }

    /// [`Header::read_cells`] over `count` cells given by `cell` (no cells gathered first).
    fn read_with<'c>(&self, pack: &Pack, row: u64, count: usize, cell: impl Fn(usize) -> Option<Raw<'c>>) -> Result<Answers, RowError> {
        let located = |column: Option<ColumnRef>, provider: Option<String>, code: ProblemCode, sv: String, en: String| InputProblem {
            file: self.source.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            field: column.as_ref().map(|c| c.name.clone()).filter(|n| !n.is_empty()),
            column,
            provider,
            code,
            message: Text { sv, en },
            rejected: true,
        };
        let text = |f: usize| -> Option<String> {
            let c = self.fields[f].and_then(&cell)?;
            let t = c.field_str()?;
            Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_string)
        };
        let provider = text(0);
        let expected = self.columns.len();
        if count < expected {
            let missing = &self.columns[count];
            return Err(located(
                Some(ColumnRef { number: missing.number, name: missing.title.clone() }),
                provider,
                InputCode::TooFewCells.into(),
                format!("Raden har {count} celler men rubrikraden har {expected} kolumner; raden läses inte."),
                format!("the row has {count} cells but the header has {expected} columns; the row is not read"),
            ));
        }
        if count > expected && (expected..count).filter_map(&cell).any(|c| !is_blank_cell(&c)) {
            return Err(located(
                Some(ColumnRef { number: expected as u32 + 1, name: String::new() }),
                provider,
                InputCode::TooManyCells.into(),
                format!("Raden har {count} celler men rubrikraden har {expected} kolumner; raden läses inte."),
                format!("the row has {count} cells but the header has {expected} columns; the row is not read"),
            ));
        }
        // A report field that holds no text (a yes/no cell) is refused, never read as missing.
        for (f, name) in REPORT_FIELDS.iter().enumerate() {
            if let Some(i) = self.fields[f]
                && let Some(c) = cell(i)
                && !is_blank_cell(&c)
                && c.field_str().is_none()
            {
                let column = &self.columns[i];
                let shown = c.shown();
                return Err(located(
                    Some(ColumnRef { number: column.number, name: column.title.clone() }),
                    provider,
                    IssueCode::WrongType.into(),
                    format!("\"{shown}\" är ingen text för fältet {name}; raden läses inte."),
                    format!("\"{shown}\" is no text for the field {name}; the row is not read"),
                ));
            }
        }
        let meta = ReportMeta {
            provider: provider.clone().unwrap_or_default(),
            name: text(1),
            service: text(2).unwrap_or_default(),
            contract: text(3),
            date: text(4).unwrap_or_default(),
        };
        let mut builder = match pack.answers(meta) {
            Ok(b) => b,
            Err(e) => return Err(self.rejected(row, e)),
        };
        for (i, column) in self.columns.iter().enumerate() {
            if let ColumnTarget::Question(id) = &column.target
                && let Some(c) = cell(i)
                && !is_blank_cell(&c)
            {
                builder.set(id, c);
            }
        }
        Ok(builder.finish())
    }

    fn rejected(&self, row: u64, error: ReportError) -> RowError {
        let first = error.problems.first();
        let column = first.and_then(|p| self.column_of(&p.field));
        let join = |lang: Lang| error.problems.iter().map(|p| p.message.get(lang).trim_end_matches('.').to_string()).collect::<Vec<_>>().join("; ");
        InputProblem {
            file: self.source.clone(),
            sheet: self.sheet.clone(),
            row: Some(row),
            column,
            field: first.map(|p| p.field.clone()).filter(|f| !f.is_empty()),
            provider: error.provider.clone(),
            code: first.map_or(IssueCode::Missing, |p| p.code).into(),
            message: Text { sv: format!("{}; raden läses inte.", join(Lang::Sv)), en: format!("{}; the row is not read", join(Lang::En)) },
            rejected: true,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The reader.

/// Options for reading an export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Column titles → question ids.
    pub mapping: Option<Mapping>,
    /// The sheet of a workbook to read (by name; the first when none is given). A CSV file has
    /// no sheets: naming one is an error.
    pub sheet: Option<String>,
}

/// One row of an export, read but not yet turned into a report (see [`Header::read_row`]);
/// lets a caller read rows in order and turn them into reports in parallel.
#[derive(Clone, Debug, Default)]
pub struct ExportRow {
    row: u64,
    record: csv::StringRecord,
    /// A workbook row's cells, when the row is from a workbook.
    #[cfg(feature = "workbook")]
    cells: Option<Vec<calamine::Data>>,
}

impl ExportRow {
    /// The row number (the line the row starts on, or the sheet's row; the header is row 1
    /// unless lines come before it).
    pub fn row(&self) -> u64 {
        self.row
    }

    /// Whether every cell is empty.
    fn is_blank(&self) -> bool {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &self.cells {
            return cells.iter().all(|c| is_blank_cell(&crate::workbook::raw(c)));
        }
        is_blank(&self.record)
    }
}

impl Header {
    /// Reads one row of the export into a report.
    ///
    /// # Errors
    ///
    /// A rejected row, as [`Header::read_cells`].
    pub fn read_row(&self, pack: &Pack, row: &ExportRow) -> Result<Answers, RowError> {
        #[cfg(feature = "workbook")]
        if let Some(cells) = &row.cells {
            let cells: Vec<Raw<'_>> = cells.iter().map(crate::workbook::raw).collect();
            return self.read_cells(pack, row.row, &cells);
        }
        self.read_with(pack, row.row, row.record.len(), |i| row.record.get(i).map(Raw::Cell))
    }
}

/// Where an export's rows come from. (The CSV variant is the large one, and the common one:
/// boxing it would cost an indirection per row read.)
#[allow(clippy::large_enum_variant)]
enum Rows<R> {
    Csv(CsvInput<R>),
    #[cfg(feature = "workbook")]
    Sheet(Box<crate::workbook::Sheet>),
}

/// Streams the rows of a survey export (CSV, or a workbook's sheet) as reports: one
/// `Result<Answers, RowError>` per non-blank row, in file order. Blank rows (every cell empty)
/// are skipped.
pub struct ExportReader<'p, R: Read> {
    pack: &'p Pack,
    rows: Rows<R>,
    header: Arc<Header>,
    current: ExportRow,
    row: u64,
    done: bool,
}

impl<'p, R: Read> ExportReader<'p, R> {
    /// Opens a CSV export: decodes it, sniffs its separator and reads its header.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the input is empty or unreadable, has no provider, service or
    /// date column, or a sheet is named (a CSV file has none).
    pub fn new(pack: &'p Pack, input: R, source: &str, options: &ExportOptions) -> Result<ExportReader<'p, R>, ExportError> {
        if let Some(sheet) = &options.sheet {
            return Err(ExportError::one(InputProblem::new(
                source,
                InputCode::NoSheet,
                format!("Filen är en CSV-fil och har inga blad; bladet \"{sheet}\" kan inte väljas."),
                format!("the file is a CSV file and has no sheets; the sheet \"{sheet}\" cannot be chosen"),
            )));
        }
        let mut csv = open_csv(input, source)?;
        let mut record = csv::StringRecord::new();
        let header_row = loop {
            match csv.read_record(&mut record) {
                Ok(Some(_)) if is_blank(&record) => continue,
                Ok(Some(line)) => break line,
                Ok(None) => {
                    return Err(ExportError::one(InputProblem::new(
                        source,
                        InputCode::Empty,
                        "Filen är tom: rubrikraden saknas.".into(),
                        "the file is empty: there is no header row".into(),
                    )));
                }
                Err(e) => {
                    return Err(ExportError::one(InputProblem::new(source, InputCode::Io, format!("Kan inte läsa filen: {e}"), format!("cannot read the file: {e}"))));
                }
            }
        };
        let titles: Vec<&str> = record.iter().collect();
        let header = Header::new_at(pack, &titles, options.mapping.as_ref(), source, header_row)?;
        Ok(ExportReader { pack, rows: Rows::Csv(csv), header: Arc::new(header), current: ExportRow::default(), row: header_row, done: false })
    }

    /// The header, shared: keep it to locate the issues of the reports read.
    pub fn header(&self) -> Arc<Header> {
        Arc::clone(&self.header)
    }

    /// The row number of the last row read (the header's row before any).
    pub fn row(&self) -> u64 {
        self.row
    }

    /// Reads the next non-blank row into `into` without turning it into a report (reusing
    /// its buffers). `Ok(false)` at the end.
    ///
    /// # Errors
    ///
    /// A rejected [`RowError`] when the input cannot be read further; the reading stops.
    pub fn read_row_into(&mut self, into: &mut ExportRow) -> Result<bool, RowError> {
        if self.done {
            return Ok(false);
        }
        loop {
            let next = match &mut self.rows {
                Rows::Csv(csv) => {
                    #[cfg(feature = "workbook")]
                    {
                        into.cells = None;
                    }
                    csv.read_record(&mut into.record)
                }
                #[cfg(feature = "workbook")]
                Rows::Sheet(sheet) => {
                    let cells = into.cells.get_or_insert_with(Vec::new);
                    Ok(sheet.next_row(cells))
                }
            };
            match next {
                Ok(None) => {
                    self.done = true;
                    return Ok(false);
                }
                Ok(Some(line)) => {
                    into.row = line;
                    self.row = line;
                    if !into.is_blank() {
                        return Ok(true);
                    }
                }
                Err(e) => {
                    self.done = true;
                    let mut p = InputProblem::new(self.header.source(), InputCode::Io, format!("Kan inte läsa vidare i filen: {e}"), format!("cannot read the file further: {e}"));
                    p.row = Some(self.row + 1);
                    p.rejected = true;
                    return Err(p);
                }
            }
        }
    }
}

impl<'p> ExportReader<'p, io::BufReader<std::fs::File>> {
    /// Opens an export file: a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, known by
    /// its first bytes or its name) with the `workbook` feature, otherwise CSV.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] when the file cannot be opened or read, or as [`ExportReader::new`].
    pub fn from_path(pack: &'p Pack, path: impl AsRef<Path>, options: &ExportOptions) -> Result<Self, ExportError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| ExportError::io(&source, &e))?;
        #[allow(unused_mut)]
        let mut input = io::BufReader::new(file);
        #[cfg(feature = "workbook")]
        {
            // Peek at the first bytes without consuming them (no seek: a pipe works too).
            use std::io::BufRead;
            let first = input.fill_buf().map_err(|e| ExportError::io(&source, &e))?;
            if crate::workbook::is_workbook(first) || crate::workbook::has_workbook_extension(path) {
                return ExportReader::from_sheet(pack, crate::workbook::Sheet::from_path(path, options.sheet.as_deref(), &source)?, &source, options);
            }
        }
        ExportReader::new(pack, input, &source, options)
    }

    /// Opens the export on a workbook's sheet: its first non-blank row is the header.
    #[cfg(feature = "workbook")]
    fn from_sheet(pack: &'p Pack, mut sheet: crate::workbook::Sheet, source: &str, options: &ExportOptions) -> Result<Self, ExportError> {
        let name = sheet.name().to_string();
        let on_sheet = |mut e: ExportError| {
            for p in &mut e.problems {
                p.sheet = Some(name.clone());
            }
            e
        };
        let mut cells = vec![];
        let header_row = loop {
            match sheet.next_row(&mut cells) {
                Some(_) if cells.iter().all(|c| is_blank_cell(&crate::workbook::raw(c))) => continue,
                Some(row) => break row,
                None => {
                    return Err(on_sheet(ExportError::one(InputProblem::new(
                        source,
                        InputCode::Empty,
                        "Bladet är tomt: rubrikraden saknas.".into(),
                        "the sheet is empty: there is no header row".into(),
                    ))));
                }
            }
        };
        let titles: Vec<String> = cells.iter().map(crate::workbook::title).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let header = Header::new_at(pack, &titles, options.mapping.as_ref(), source, header_row).map_err(on_sheet)?.on_sheet(&name);
        Ok(ExportReader { pack, rows: Rows::Sheet(Box::new(sheet)), header: Arc::new(header), current: ExportRow::default(), row: header_row, done: false })
    }
}

impl<R: Read> Iterator for ExportReader<'_, R> {
    type Item = Result<Answers, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut current = std::mem::take(&mut self.current);
        let result = match self.read_row_into(&mut current) {
            Ok(false) => None,
            Ok(true) => Some(self.header.read_row(self.pack, &current)),
            Err(e) => Some(Err(e)),
        };
        self.current = current;
        result
    }
}

impl<R: Read> fmt::Debug for ExportReader<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportReader").field("source", &self.header.source).field("row", &self.row).finish()
    }
}
