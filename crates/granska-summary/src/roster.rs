//! The roster of invited providers: the denominator of the response rate.

use super::*;

/// One invited provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// The provider's id, as reports give it.
    pub provider: String,
    /// The provider's name, if the roster gives it.
    pub name: Option<String>,
    /// The service type the provider is invited for.
    pub service: String,
    /// The contract form, if the roster gives it.
    pub contract: Option<String>,
}

/// The providers invited to answer, from a CSV `provider,name,service,contract`: the
/// denominator of the response rate. A provider is matched by id and service type.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    /// The invited providers, in roster order.
    pub(crate) entries: Vec<RosterEntry>,
    index: HashMap<String, Vec<(String, usize)>>,
}

impl Roster {
    /// Reads a roster CSV (comma or semicolon separated, UTF-8 or Windows-1252), checking
    /// service types against the pack.
    ///
    /// # Errors
    ///
    /// An [`ExportError`] listing every bad line (a missing column, an empty provider, an
    /// unknown service type), each with its row and column; or the file's encoding or CSV
    /// problem.
    pub fn from_reader<R: Read>(pack: &Pack, input: R, source: &str) -> Result<Roster, ExportError> {
        let mut csv = open_csv(input, source)?;
        let mut record = csv::StringRecord::new();
        let mut problems = vec![];
        let mut columns: Option<[Option<usize>; 4]> = None;
        let mut roster = Roster::default();
        let problem = |row: u64, column: Option<(usize, &str)>, code: ProblemCode, sv: String, en: String| InputProblem {
            file: source.to_string(),
            sheet: None,
            row: Some(row),
            column: column.map(|(i, n)| crate::export::ColumnRef { number: i as u32 + 1, name: n.to_string() }),
            field: column.map(|(_, n)| n.to_string()),
            provider: None,
            code,
            message: Text { sv, en },
            rejected: false,
        };
        loop {
            let row = match csv.read_record(&mut record) {
                Ok(None) => break,
                Ok(Some(line)) => line,
                Err(e) => {
                    problems.push(problem(0, None, InputCode::Io.into(), format!("Kan inte läsa filen: {e}"), format!("cannot read the file: {e}")));
                    break;
                }
            };
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let Some(cols) = columns else {
                let mut found = [None; 4];
                for (i, title) in record.iter().enumerate() {
                    let title = title.trim().trim_start_matches('\u{feff}');
                    if let Some(f) = granska::REPORT_FIELDS[..4].iter().position(|f| f.eq_ignore_ascii_case(title)) {
                        found[f].get_or_insert(i);
                    }
                }
                if found[0].is_none() || found[2].is_none() {
                    return Err(ExportError {
                        problems: vec![problem(
                            row,
                            None,
                            InputCode::MissingColumn.into(),
                            "Förteckningen ska ha kolumnerna provider, name, service, contract.".into(),
                            "the roster must have the columns provider, name, service, contract".into(),
                        )],
                    });
                }
                columns = Some(found);
                continue;
            };
            let cell = |f: usize| cols[f].and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
            let (provider, service) = (cell(0), cell(2));
            let text = |f: usize| Some(cell(f).to_string()).filter(|t| !t.is_empty());
            let entry = RosterEntry { provider: provider.to_string(), name: text(1), service: service.to_string(), contract: text(3) };
            if let Err(mut p) = roster.add(pack, entry) {
                let column = if p.field.as_deref() == Some("service") { cols[2].map(|i| (i, "service")) } else { cols[0].map(|i| (i, "provider")) };
                p.file = source.to_string();
                p.row = Some(row);
                p.column = column.map(|(i, n)| crate::export::ColumnRef { number: i as u32 + 1, name: n.to_string() });
                p.field = column.map(|(_, n)| n.to_string());
                problems.push(p);
            }
        }
        if columns.is_none() {
            problems.push(problem(1, None, InputCode::Empty.into(), "Förteckningen är tom.".into(), "the roster is empty".into()));
        }
        if problems.is_empty() { Ok(roster) } else { Err(ExportError { problems }) }
    }

    /// Reads a roster CSV file.
    ///
    /// # Errors
    ///
    /// As [`Roster::from_reader`]; also when the file cannot be read.
    pub fn from_path(pack: &Pack, path: impl AsRef<Path>) -> Result<Roster, ExportError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(file) => Roster::from_reader(pack, std::io::BufReader::new(file), &source),
            Err(e) => Err(ExportError { problems: vec![InputProblem::unreadable(&source, &e)] }),
        }
    }

    /// Adds an invited provider, checked against the pack: its id is given, its service type
    /// is one of the pack's, and it is not on the roster yet for that service type. Every way
    /// a roster is read (a CSV file, a data frame, a list) adds its entries through this.
    ///
    /// # Errors
    ///
    /// The entry's problem, located by its field (`provider` or `service`) and provider only
    /// (the caller adds the file and row): `missing` (no provider id), `not-a-choice` (the
    /// pack's message for an unknown service type, with its suggestion) or `duplicate`.
    #[allow(clippy::result_large_err, reason = "the summary's own problem type, one per bad roster line")]
    pub fn add(&mut self, pack: &Pack, entry: RosterEntry) -> Result<(), InputProblem> {
        let problem = |field: &str, provider: Option<&str>, code: ProblemCode, message: Text| InputProblem {
            file: String::new(),
            sheet: None,
            row: None,
            column: None,
            field: Some(field.to_string()),
            provider: provider.map(str::to_string),
            code,
            message,
            rejected: false,
        };
        let (provider, service) = (entry.provider.as_str(), entry.service.as_str());
        if provider.is_empty() {
            return Err(problem("provider", None, IssueCode::Missing.into(), Text::new("Verksamhetens id saknas.", "the provider id is missing")));
        }
        if let Err(unknown) = pack.find_service(service) {
            return Err(problem("service", Some(provider), IssueCode::NotAChoice.into(), unknown.message));
        }
        if self.find(provider, service).is_some() {
            let message = Text::new(format!("{provider} ({service}) står redan i förteckningen."), format!("{provider} ({service}) is already on the roster"));
            return Err(problem("provider", Some(provider), InputCode::Duplicate.into(), message));
        }
        self.push(entry);
        Ok(())
    }

    /// Adds an invited provider unchecked (a second entry for the same provider and service
    /// is ignored); [`Roster::add`] checks it against the pack.
    pub fn push(&mut self, entry: RosterEntry) {
        if self.find(&entry.provider, &entry.service).is_some() {
            return;
        }
        let i = self.entries.len();
        self.index.entry(entry.provider.clone()).or_default().push((entry.service.clone(), i));
        self.entries.push(entry);
    }

    pub(crate) fn find(&self, provider: &str, service: &str) -> Option<usize> {
        self.index.get(provider)?.iter().find(|(s, _)| s == service).map(|(_, i)| *i)
    }

    /// The invited providers, in roster order.
    pub fn entries(&self) -> &[RosterEntry] {
        &self.entries
    }

    /// How many providers are invited.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nobody is invited.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
