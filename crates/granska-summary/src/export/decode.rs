//! Decoding and the CSV dialect: a BOM, UTF-8 or Windows-1252 detected while streaming,
//! the separator sniffed from the header line (or Excel's `sep=` line), and each record's
//! line number.

use std::io::{self, Read};

use encoding_rs::{Decoder, Encoding, UTF_8, WINDOWS_1252};

use granska::Raw;

use super::ExportError;

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

pub(super) fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Whether a cell holds nothing: empty, null, or only spaces.
pub(super) fn is_blank_cell(cell: &Raw<'_>) -> bool {
    match cell {
        Raw::Empty | Raw::Json(serde_json::Value::Null) => true,
        Raw::Cell(c) => c.trim().is_empty(),
        Raw::Json(serde_json::Value::String(c)) => c.trim().is_empty(),
        _ => false,
    }
}
