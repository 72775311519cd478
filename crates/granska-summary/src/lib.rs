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
//! (see the `render` submodule).

mod code;
mod duplicates;
pub mod escape;
pub mod export;
mod render;
#[cfg(feature = "workbook")]
mod workbook;

pub use duplicates::{DUPLICATE_PROVIDER, Duplicates, Place};

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use granska::{Answers, IndicatorKind, IndicatorValue, IssueCode, Lang, Pack, ParamValue, ParamsInfo, QualityArea, Quantity, ShareBase, Text, Verdict};

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

// ---------------------------------------------------------------------------------------
// The roster of invited providers.

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
    entries: Vec<RosterEntry>,
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
            if provider.is_empty() {
                problems.push(problem(row, cols[0].map(|i| (i, "provider")), IssueCode::Missing.into(), "Verksamhetens id saknas.".into(), "the provider id is missing".into()));
                continue;
            }
            if let Err(unknown) = pack.find_service(service) {
                let Text { sv, en } = unknown.message;
                let mut p = problem(row, cols[2].map(|i| (i, "service")), IssueCode::NotAChoice.into(), sv, en);
                p.provider = Some(provider.to_string());
                problems.push(p);
                continue;
            }
            if roster.find(provider, service).is_some() {
                let mut p = problem(
                    row,
                    cols[0].map(|i| (i, "provider")),
                    InputCode::Duplicate.into(),
                    format!("{provider} ({service}) står redan i förteckningen."),
                    format!("{provider} ({service}) is already on the roster"),
                );
                p.provider = Some(provider.to_string());
                problems.push(p);
                continue;
            }
            let text = |f: usize| Some(cell(f).to_string()).filter(|t| !t.is_empty());
            roster.push(RosterEntry { provider: provider.to_string(), name: text(1), service: service.to_string(), contract: text(3) });
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
            Err(e) => Err(ExportError {
                problems: vec![InputProblem {
                    file: source,
                    sheet: None,
                    row: None,
                    column: None,
                    field: None,
                    provider: None,
                    code: InputCode::Io.into(),
                    message: Text { sv: format!("Kan inte läsa filen: {e}"), en: format!("cannot read the file: {e}") },
                    rejected: false,
                }],
            }),
        }
    }

    /// Adds an invited provider (a second entry for the same provider and service is ignored).
    pub fn push(&mut self, entry: RosterEntry) {
        if self.find(&entry.provider, &entry.service).is_some() {
            return;
        }
        let i = self.entries.len();
        self.index.entry(entry.provider.clone()).or_default().push((entry.service.clone(), i));
        self.entries.push(entry);
    }

    fn find(&self, provider: &str, service: &str) -> Option<usize> {
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

// ---------------------------------------------------------------------------------------
// Accumulating.

/// An indicator's running figures in one group.
#[derive(Clone, Copy, Debug, Default)]
struct IndicatorTally {
    /// Reports the indicator was evaluated for (its service types).
    seen: u64,
    count: u64,
    of: u64,
    /// Reports in the indicator's scope whose answers leave it unknown (for a share: `of` or
    /// `count` unknown; for a sum: the value unknown).
    unanswered: u64,
    /// Sum in millionths.
    total: i128,
    answered: u64,
}

/// Running counts for a group of reports (all, one service type, one contract form).
#[derive(Clone, Debug)]
struct Group {
    reports: u64,
    /// Per requirement: met, not_met, not_applicable, unanswered.
    verdicts: Vec<[u64; 4]>,
    indicators: Vec<IndicatorTally>,
    not_on_roster: u64,
}

impl Group {
    fn new(pack: &Pack) -> Group {
        Group { reports: 0, verdicts: vec![[0; 4]; pack.requirements().len()], indicators: vec![IndicatorTally::default(); pack.indicators().len()], not_on_roster: 0 }
    }

    fn add(&mut self, verdicts: &[Verdict], outcomes: &[IndicatorValue], on_roster: bool) {
        self.reports += 1;
        if !on_roster {
            self.not_on_roster += 1;
        }
        for (tally, v) in self.verdicts.iter_mut().zip(verdicts) {
            tally[verdict_slot(*v)] += 1;
        }
        for (tally, o) in self.indicators.iter_mut().zip(outcomes) {
            match *o {
                IndicatorValue::NotApplicable => {}
                IndicatorValue::Share { of, counted, unanswered } => {
                    tally.seen += 1;
                    tally.of += of as u64;
                    tally.count += counted as u64;
                    tally.unanswered += unanswered as u64;
                }
                IndicatorValue::Sum(value) => {
                    tally.seen += 1;
                    match value {
                        Some(v) => {
                            tally.answered += 1;
                            tally.total += micro(v);
                        }
                        None => tally.unanswered += 1,
                    }
                }
            }
        }
    }

    fn merge(&mut self, other: &Group) {
        self.reports += other.reports;
        self.not_on_roster += other.not_on_roster;
        for (a, b) in self.verdicts.iter_mut().zip(&other.verdicts) {
            for k in 0..4 {
                a[k] += b[k];
            }
        }
        for (a, b) in self.indicators.iter_mut().zip(&other.indicators) {
            a.seen += b.seen;
            a.count += b.count;
            a.of += b.of;
            a.unanswered += b.unanswered;
            a.total += b.total;
            a.answered += b.answered;
        }
    }
}

fn verdict_slot(v: Verdict) -> usize {
    match v {
        Verdict::Met => 0,
        Verdict::NotMet => 1,
        Verdict::NotApplicable => 2,
        Verdict::Unanswered => 3,
    }
}

const MICRO: i128 = 1_000_000;

/// A sum indicator's amount in millionths, exact for whole numbers.
fn micro(amount: Quantity) -> i128 {
    match amount {
        Quantity::Integer(i) => i as i128 * MICRO,
        Quantity::Number(x) => (x * MICRO as f64).round() as i128,
    }
}

/// Collects the figures of many reports. Feed it with [`add`](Accumulator::add) and
/// [`reject`](Accumulator::reject); [`merge`](Accumulator::merge) parallel batches;
/// [`finish`](Accumulator::finish) into a [`Summary`].
#[derive(Clone, Debug)]
pub struct Accumulator {
    pack: Pack,
    roster: Option<Arc<Roster>>,
    /// Contract forms the pack declares; others are grouped as `other`.
    contracts_declared: Arc<Vec<String>>,
    all: Group,
    services: Vec<Group>,
    other_services: BTreeMap<String, Group>,
    contracts: BTreeMap<String, Group>,
    responded: Vec<u32>,
    rejected: Vec<InputProblem>,
    ignored_columns: Vec<InputProblem>,
    issues: BTreeMap<IssueCode, u64>,
    /// Where each provider (and service type) was seen, for the duplicate warnings.
    duplicates: Duplicates,
    dates: Option<(i32, i32)>,
    verdicts: Vec<Verdict>,
    outcomes: Vec<IndicatorValue>,
}

/// The contract group of reports without a contract form.
pub const CONTRACT_UNSPECIFIED: &str = "unspecified";
/// The contract group of reports with a contract form the pack does not declare.
pub const CONTRACT_OTHER: &str = "other";

impl Accumulator {
    /// An empty accumulator for reports checked against `pack`.
    pub fn new(pack: &Pack) -> Accumulator {
        let mut declared: Vec<String> = pack.services().iter().flat_map(|s| s.contracts.iter().cloned()).collect();
        declared.sort();
        declared.dedup();
        Accumulator {
            pack: pack.clone(),
            roster: None,
            contracts_declared: Arc::new(declared),
            all: Group::new(pack),
            services: pack.services().iter().map(|_| Group::new(pack)).collect(),
            other_services: BTreeMap::new(),
            contracts: BTreeMap::new(),
            responded: vec![],
            rejected: vec![],
            ignored_columns: vec![],
            issues: BTreeMap::new(),
            duplicates: Duplicates::new(),
            dates: None,
            verdicts: Vec::with_capacity(pack.requirements().len()),
            outcomes: Vec::with_capacity(pack.indicators().len()),
        }
    }

    /// An empty accumulator that also counts responses against a roster of invited providers.
    pub fn with_roster(pack: &Pack, roster: Roster) -> Accumulator {
        let mut acc = Accumulator::new(pack);
        acc.responded = vec![0; roster.len()];
        acc.roster = Some(Arc::new(roster));
        acc
    }

    /// An empty accumulator with the same pack and roster, for a parallel batch.
    pub fn empty_like(&self) -> Accumulator {
        let mut acc = Accumulator::new(&self.pack);
        acc.contracts_declared = Arc::clone(&self.contracts_declared);
        if let Some(r) = &self.roster {
            acc.responded = vec![0; r.len()];
            acc.roster = Some(Arc::clone(r));
        }
        acc
    }

    /// How many reports were added (accepted).
    pub fn reports(&self) -> u64 {
        self.all.reports
    }

    /// How many reports were rejected.
    pub fn rejected(&self) -> usize {
        self.rejected.len()
    }

    /// How many reports repeated a provider (and service type) already added: each is
    /// counted, and listed in [`Summary::duplicates`].
    pub fn duplicates(&self) -> usize {
        self.duplicates.count()
    }

    fn contract_key(&self, contract: Option<&str>) -> String {
        match contract {
            None => CONTRACT_UNSPECIFIED.to_string(),
            Some(c) if self.contracts_declared.is_empty() || self.contracts_declared.iter().any(|d| d == c) => c.to_string(),
            Some(_) => CONTRACT_OTHER.to_string(),
        }
    }

    /// Adds one report's verdicts and indicator values; counts its answer issues. Its place
    /// is not known: were it a provider's second report, the warning in
    /// [`Summary::duplicates`] has no place.
    pub fn add(&mut self, answers: &Answers) {
        let seq = self.duplicates.next;
        self.add_seq(answers, Place::default(), seq);
    }

    /// Adds one report read from `file` (at `row` of an export, or its 0-based position in a
    /// list; `file` empty when there is none), after every report added so far. When its
    /// provider (and service type) was already added, the report is still counted, and the
    /// warning (`duplicate-provider`, naming the first report) is returned — the same one
    /// [`Summary::duplicates`] lists.
    pub fn add_at(&mut self, answers: &Answers, file: &str, row: Option<u64>) -> Option<InputProblem> {
        let seq = self.duplicates.next;
        self.add_seq(answers, Place { file, row }, seq)
    }

    /// Adds a report at position `seq` of the input order.
    fn add_seq(&mut self, answers: &Answers, place: Place<'_>, seq: u64) -> Option<InputProblem> {
        self.count(answers);
        self.duplicates.note(Duplicates::key(answers.provider(), answers.service()), place, seq)
    }

    /// Counts one report's verdicts, indicator values and answer issues.
    fn count(&mut self, answers: &Answers) {
        self.pack.evaluate(answers, &mut self.verdicts);
        self.pack.indicator_values(answers, &mut self.outcomes);
        let on_roster = match &self.roster {
            Some(r) => match r.find(answers.provider(), answers.service()) {
                Some(i) => {
                    self.responded[i] += 1;
                    true
                }
                None => false,
            },
            None => true,
        };
        self.all.add(&self.verdicts, &self.outcomes, on_roster);
        let group = match answers.service_position() {
            Some(i) if i < self.services.len() => &mut self.services[i],
            _ => {
                let pack = &self.pack;
                self.other_services.entry(answers.service().to_string()).or_insert_with(|| Group::new(pack))
            }
        };
        group.add(&self.verdicts, &self.outcomes, on_roster);
        let key = self.contract_key(answers.contract());
        let pack = &self.pack;
        self.contracts.entry(key).or_insert_with(|| Group::new(pack)).add(&self.verdicts, &self.outcomes, on_roster);
        for issue in answers.issues() {
            *self.issues.entry(issue.code).or_insert(0) += 1;
        }
        let d = answers.day();
        self.dates = Some(match self.dates {
            None => (d, d),
            Some((a, b)) => (a.min(d), b.max(d)),
        });
    }

    /// Records a report (or row) that could not be read.
    pub fn reject(&mut self, problem: InputProblem) {
        let mut problem = problem;
        problem.rejected = true;
        self.rejected.push(problem);
    }

    /// Records a column of an export that was ignored (a header problem).
    pub fn ignore_column(&mut self, problem: InputProblem) {
        self.ignored_columns.push(problem);
    }

    /// Adds many reports, in parallel where the `parallel` feature is on; their places are
    /// not known (see [`add`](Accumulator::add)).
    pub fn add_all(&mut self, answers: &[Answers]) {
        self.add_all_at(answers, &[]);
    }

    /// Adds many reports, in parallel where the `parallel` feature is on, `places[i]` being
    /// where `answers[i]` was read (a report without a place in `places` has none). The
    /// reports come in slice order after those added so far: the first report of a provider
    /// is the earliest in that order, whatever the thread count.
    pub fn add_all_at(&mut self, answers: &[Answers], places: &[Place<'_>]) {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            let merged = answers
                .par_iter()
                .fold(
                    || self.empty_like(),
                    |mut acc, a| {
                        acc.count(a);
                        acc
                    },
                )
                .reduce(
                    || self.empty_like(),
                    |mut a, b| {
                        a.merge_ordered(b);
                        a
                    },
                );
            self.merge_ordered(merged);
        }
        #[cfg(not(feature = "parallel"))]
        for a in answers {
            self.count(a);
        }
        // Providers are noted in input order, one at a time: cheap, and the first report of
        // each is the earliest whatever the thread count.
        let base = self.duplicates.next;
        for (i, a) in answers.iter().enumerate() {
            self.duplicates.note(Duplicates::key(a.provider(), a.service()), places.get(i).copied().unwrap_or_default(), base + i as u64);
        }
    }

    /// Adds the counts of another accumulator over the same pack (and roster). Its reports
    /// come after this one's: a provider in both has its first report here.
    pub fn merge(&mut self, mut other: Accumulator) {
        other.duplicates.shift(self.duplicates.next);
        self.merge_ordered(other);
    }

    /// Merges an accumulator whose reports have positions in the same input order as this
    /// one's.
    fn merge_ordered(&mut self, other: Accumulator) {
        self.all.merge(&other.all);
        for (a, b) in self.services.iter_mut().zip(&other.services) {
            a.merge(b);
        }
        for (k, g) in other.other_services {
            match self.other_services.get_mut(&k) {
                Some(mine) => mine.merge(&g),
                None => {
                    self.other_services.insert(k, g);
                }
            }
        }
        for (k, g) in other.contracts {
            match self.contracts.get_mut(&k) {
                Some(mine) => mine.merge(&g),
                None => {
                    self.contracts.insert(k, g);
                }
            }
        }
        for (a, b) in self.responded.iter_mut().zip(&other.responded) {
            *a += b;
        }
        self.rejected.extend(other.rejected);
        self.ignored_columns.extend(other.ignored_columns);
        for (k, n) in other.issues {
            *self.issues.entry(k).or_insert(0) += n;
        }
        self.dates = match (self.dates, other.dates) {
            (None, d) | (d, None) => d,
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
        };
        self.duplicates.merge(other.duplicates);
    }

    /// The summary of everything added.
    pub fn finish(self) -> Summary {
        let pack = &self.pack;
        let date = self.dates.map(|d| d.1);
        let info = pack.info();
        let requirements = pack
            .requirements()
            .iter()
            .enumerate()
            .map(|(i, r)| RequirementSummary {
                id: r.id.clone(),
                title: r.title.clone(),
                severity: r.severity.as_str().to_string(),
                area: r.area.as_str().to_string(),
                source: match date {
                    Some(d) => r.source_at(d).to_string(),
                    None => r.sources.last().map(|s| s.text.clone()).unwrap_or_default(),
                },
                services: r.services.clone(),
                figures: Compared::new(tally(self.all.verdicts[i])),
            })
            .collect();
        let indicators = pack
            .indicators()
            .iter()
            .enumerate()
            .map(|(i, ind)| {
                let figure = indicator_figure(ind.kind, &self.all.indicators[i]);
                let base = (ind.kind == IndicatorKind::Share).then_some(ind.base);
                IndicatorSummary {
                    id: ind.id.clone(),
                    title: ind.title.clone(),
                    kind: match ind.kind {
                        IndicatorKind::Share => "share",
                        IndicatorKind::Sum => "sum",
                    }
                    .to_string(),
                    denominator: ind.denominator.clone(),
                    base,
                    services: ind.services.clone(),
                    text: figure.text_with(base),
                    figures: Compared::new(figure),
                }
            })
            .collect();
        let response = |group: &Group, service: Option<&str>| -> Option<Compared<Response>> {
            let roster = self.roster.as_ref()?;
            let mut invited = 0u64;
            let mut responded = 0u64;
            for (entry, n) in roster.entries().iter().zip(&self.responded) {
                if service.is_none_or(|s| s == entry.service) {
                    invited += 1;
                    responded += (*n > 0) as u64;
                }
            }
            Some(Compared::new(Response { invited: invited as i64, responded: responded as i64, percent: percent(responded, invited), not_on_roster: group.not_on_roster as i64 }))
        };
        let group_summary = |id: &str, label: Text, group: &Group, service: Option<&str>, is_service: bool| GroupSummary {
            id: id.to_string(),
            label,
            reports: Compared::new(Count { count: group.reports as i64 }),
            response: if is_service { response(group, service) } else { None },
            requirements: pack
                .requirements()
                .iter()
                .zip(&group.verdicts)
                .filter(|(_, v)| v[0] + v[1] + v[3] > 0)
                .map(|(r, v)| RequirementFigures { id: r.id.clone(), figures: Compared::new(tally(*v)) })
                .collect(),
            indicators: pack
                .indicators()
                .iter()
                .zip(&group.indicators)
                .filter(|(_, t)| t.seen > 0)
                .map(|(ind, t)| {
                    let f = indicator_figure(ind.kind, t);
                    let base = (ind.kind == IndicatorKind::Share).then_some(ind.base);
                    IndicatorFigures { id: ind.id.clone(), text: f.text_with(base), figures: Compared::new(f) }
                })
                .collect(),
            areas: area_summaries(pack, &group.verdicts),
        };
        let mut services: Vec<GroupSummary> = pack
            .services()
            .iter()
            .zip(&self.services)
            .filter(|(s, g)| g.reports > 0 || self.roster.as_ref().is_some_and(|r| r.entries().iter().any(|e| e.service == s.id)))
            .map(|(s, g)| group_summary(&s.id, s.label.clone(), g, Some(&s.id), true))
            .collect();
        services.extend(self.other_services.iter().map(|(id, g)| group_summary(id, Text::new(id.clone(), id.clone()), g, Some(id), true)));
        let contracts = self.contracts.iter().map(|(id, g)| group_summary(id, contract_label(id), g, None, false)).collect();
        let mut rejected = self.rejected;
        rejected.sort_by(|a, b| (&a.file, a.row, &a.column, &a.field, &a.code).cmp(&(&b.file, b.row, &b.column, &b.field, &b.code)));
        let mut reasons = BTreeMap::new();
        for r in &rejected {
            *reasons.entry(r.code).or_insert(0u64) += 1;
        }
        let mut ignored_columns = self.ignored_columns;
        ignored_columns.sort_by(|a, b| (&a.file, &a.column).cmp(&(&b.file, &b.column)));
        ignored_columns.dedup();
        let duplicates = self.duplicates.problems();
        Summary {
            format: FORMAT,
            pack: SummaryPack { id: info.id.clone(), version: info.version.clone(), title: info.title.clone() },
            period: self.dates.map(|(a, b)| Period { from: granska::format_date(a), to: granska::format_date(b) }),
            reports: Compared::new(Count { count: self.all.reports as i64 }),
            rejected: Rejected { count: rejected.len() as u64, reasons, reports: rejected },
            ignored_columns,
            duplicates,
            issues: self.issues,
            response: response(&self.all, None),
            parameters: pack
                .parameters()
                .iter()
                .map(|p| ParameterSummary {
                    id: p.id.clone(),
                    label: p.label.clone(),
                    value: p.value.clone(),
                    unit: p.unit.clone(),
                    example: p.is_example(),
                    source: p.set_by.clone().or_else(|| p.source.clone()),
                })
                .collect(),
            params_file: pack.params_file().cloned(),
            requirements,
            indicators,
            areas: area_summaries(pack, &self.all.verdicts),
            services,
            contracts,
            previous: None,
        }
    }
}

fn contract_label(id: &str) -> Text {
    match id {
        "lov" => Text::new("LOV (kundval)", "LOV (free choice)"),
        "lou" => Text::new("LOU (upphandling)", "LOU (procurement)"),
        "egen_regi" => Text::new("Egen regi", "Municipal"),
        CONTRACT_UNSPECIFIED => Text::new("Avtalsform saknas", "No contract form"),
        CONTRACT_OTHER => Text::new("Annan avtalsform", "Other contract form"),
        other => Text::new(other, other),
    }
}

fn tally(v: [u64; 4]) -> Tally {
    let applied = v[0] + v[1] + v[3];
    Tally { applied: applied as i64, met: v[0] as i64, not_met: v[1] as i64, unanswered: v[3] as i64, not_applicable: v[2] as i64, percent_met: percent(v[0], applied) }
}

fn indicator_figure(kind: IndicatorKind, t: &IndicatorTally) -> IndicatorFigure {
    match kind {
        IndicatorKind::Share => IndicatorFigure {
            count: Some(t.count as i64),
            of: Some(t.of as i64),
            percent: percent(t.count, t.of),
            total: None,
            answered: None,
            unanswered: Some(t.unanswered as i64),
        },
        IndicatorKind::Sum => {
            IndicatorFigure { count: None, of: None, percent: None, total: Some(Amount(t.total)), answered: Some(t.answered as i64), unanswered: Some(t.unanswered as i64) }
        }
    }
}

fn area_summaries(pack: &Pack, verdicts: &[[u64; 4]]) -> Vec<AreaSummary> {
    QualityArea::ALL
        .iter()
        .filter_map(|area| {
            let mut sum = [0u64; 4];
            let mut n = 0u32;
            for (r, v) in pack.requirements().iter().zip(verdicts) {
                if r.area == *area {
                    n += 1;
                    for k in 0..4 {
                        sum[k] += v[k];
                    }
                }
            }
            (n > 0).then(|| AreaSummary { id: area.as_str().to_string(), title: area.title(), requirements: n, figures: Compared::new(tally(sum)) })
        })
        .collect()
}

/// What [`summarize_export`] tells its caller as it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// A problem: a rejected row, an answer not used, an ignored column. Rows come in file order.
    Problem(&'a InputProblem),
    /// Rows read so far.
    Rows(u64),
}

/// Rows read and evaluated together, in parallel where the `parallel` feature is on.
pub const BATCH: usize = 4096;

/// Summarises a survey export into `acc`: reads rows in batches, turns them into reports and
/// evaluates them in parallel, and tells `progress` of every problem (in row order) and of
/// the rows read. Bad rows are rejected into the summary; the run never stops for them. Each
/// report has its place (the export and its row): a provider already added, in this export
/// or before it, is a `duplicate-provider` warning (told to `progress` with the row's other
/// problems, and listed in [`Summary::duplicates`]).
pub fn summarize_export<R: Read>(reader: &mut ExportReader<'_, R>, acc: &mut Accumulator, mut progress: impl FnMut(Progress<'_>)) {
    let header = reader.header();
    for p in header.problems() {
        progress(Progress::Problem(p));
        acc.ignore_column(p.clone());
    }
    let pack = acc.pack.clone();
    let file = header.source();
    let mut rows: Vec<ExportRow> = Vec::new();
    let mut total = 0u64;
    loop {
        let mut n = 0;
        let mut failure = None;
        let mut end = false;
        while n < BATCH {
            if rows.len() <= n {
                rows.push(ExportRow::default());
            }
            match reader.read_row_into(&mut rows[n]) {
                Ok(true) => n += 1,
                Ok(false) => {
                    end = true;
                    break;
                }
                Err(e) => {
                    failure = Some(e);
                    end = true;
                    break;
                }
            }
        }
        let batch = &rows[..n];
        // Each part: its counts, its problems, and the provider key of each row read.
        type Part = (Accumulator, Vec<InputProblem>, Vec<(usize, Box<str>)>);
        let one = |(mut a, mut problems, mut keys): Part, (i, row): (usize, &ExportRow)| {
            let read = ReadRow::new(&header, &pack, row);
            match read.answers {
                Ok(answers) => {
                    problems.extend(read.located);
                    a.count(&answers);
                    keys.push((i, Duplicates::key(answers.provider(), answers.service())));
                }
                Err(e) => {
                    problems.push(e.clone());
                    a.reject(e);
                }
            }
            (a, problems, keys)
        };
        #[cfg(feature = "parallel")]
        let (part, mut problems, mut keys) = {
            use rayon::prelude::*;
            batch.par_iter().enumerate().fold(|| (acc.empty_like(), vec![], vec![]), one).reduce(
                || (acc.empty_like(), vec![], vec![]),
                |(mut a, mut pa, mut ka), (b, pb, kb)| {
                    a.merge_ordered(b);
                    pa.extend(pb);
                    ka.extend(kb);
                    (a, pa, ka)
                },
            )
        };
        #[cfg(not(feature = "parallel"))]
        let (part, mut problems, mut keys) = batch.iter().enumerate().fold((acc.empty_like(), vec![], vec![]), one);
        acc.merge_ordered(part);
        // Providers are noted in row order, one at a time: each warning names the earliest
        // report, whatever the thread count.
        keys.sort_unstable_by_key(|(i, _)| *i);
        let base = acc.duplicates.next;
        for (i, key) in keys {
            if let Some(p) = acc.duplicates.note(key, Place { file, row: Some(batch[i].row()) }, base + i as u64) {
                problems.push(p);
            }
        }
        acc.duplicates.next = base + n as u64;
        problems.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        for p in &problems {
            progress(Progress::Problem(p));
        }
        if let Some(e) = failure {
            progress(Progress::Problem(&e));
            acc.reject(e);
        }
        total += n as u64;
        progress(Progress::Rows(total));
        if end {
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The summary.

/// A figure this year, last year, and the change (this year minus last; shares in
/// percentage points).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared<T> {
    /// This year's figure.
    #[serde(flatten)]
    pub now: T,
    /// Last year's figure, when a previous summary was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<T>,
    /// This year minus last year (shares in percentage points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<T>,
}

impl<T: Figures> Compared<T> {
    fn new(now: T) -> Compared<T> {
        Compared { now, previous: None, change: None }
    }

    fn compare(&mut self, previous: Option<&Compared<T>>) {
        self.previous = previous.map(|p| p.now.clone());
        self.change = previous.map(|p| self.now.minus(&p.now));
    }
}

/// Figures that can be compared with last year's.
pub trait Figures: Clone {
    /// `self - previous`, field by field; unknown where either is.
    fn minus(&self, previous: &Self) -> Self;
}

fn sub(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    Some(a? - b?)
}

/// A count of reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Count {
    /// How many reports.
    pub count: i64,
}

impl Figures for Count {
    fn minus(&self, p: &Count) -> Count {
        Count { count: self.count - p.count }
    }
}

/// How the providers a requirement applies to fared. `applied` excludes `not_applicable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Tally {
    /// Reports it applied to (`met` + `not_met` + `unanswered`).
    pub applied: i64,
    /// Reports that met it.
    pub met: i64,
    /// Reports that did not meet it.
    pub not_met: i64,
    /// Reports whose answers cannot decide it.
    pub unanswered: i64,
    /// Reports it does not apply to.
    pub not_applicable: i64,
    /// `met` of `applied` in whole percent, rounded half up.
    pub percent_met: Option<i64>,
}

impl Figures for Tally {
    fn minus(&self, p: &Tally) -> Tally {
        Tally {
            applied: self.applied - p.applied,
            met: self.met - p.met,
            not_met: self.not_met - p.not_met,
            unanswered: self.unanswered - p.unanswered,
            not_applicable: self.not_applicable - p.not_applicable,
            percent_met: sub(self.percent_met, p.percent_met),
        }
    }
}

/// An exact decimal total (millionths), written as a JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Amount(pub i128);

impl Amount {
    /// As a floating-point number.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / MICRO as f64
    }

    /// Written for `lang`: thousands separated, decimal comma in Swedish, at most 6 decimals.
    pub fn display(self, lang: Lang) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = abs / MICRO as u128;
        let frac = abs % MICRO as u128;
        let mut out = String::new();
        if negative {
            out.push('−');
        }
        out.push_str(&group_digits(&whole.to_string(), lang));
        if frac > 0 {
            let f = format!("{frac:06}");
            out.push(if lang == Lang::Sv { ',' } else { '.' });
            out.push_str(f.trim_end_matches('0'));
        }
        out
    }

    /// Plainly, for CSV: `3.5`.
    pub fn plain(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / MICRO as u128, abs % MICRO as u128);
        let sign = if negative { "-" } else { "" };
        if frac == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{}", format!("{frac:06}").trim_end_matches('0')) }
    }
}

/// Digits grouped by three: `100 000` in Swedish (no-break space), `100,000` in English.
pub fn group_digits(digits: &str, lang: Lang) -> String {
    let sep = if lang == Lang::Sv { '\u{a0}' } else { ',' };
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("−", d),
        None => ("", digits),
    };
    if digits.len() <= 4 {
        return format!("{sign}{digits}");
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % MICRO == 0
            && let Ok(i) = i64::try_from(self.0 / MICRO)
        {
            return s.serialize_i64(i);
        }
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        if let Some(i) = n.as_i64() {
            return Ok(Amount(i as i128 * MICRO));
        }
        match n.as_f64() {
            Some(x) if x.is_finite() && x.abs() < 1e20 => Ok(Amount((x * MICRO as f64).round() as i128)),
            _ => Err(serde::de::Error::custom("the amount is out of range")),
        }
    }
}

/// An indicator's figures: `count` of `of` (percent) for a share; `total` over the
/// `answered` reports for a sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IndicatorFigure {
    /// For a share: reports counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// For a share: reports in the denominator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<i64>,
    /// For a share: `count` of `of` in whole percent, rounded half up; `None` when `of` is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<i64>,
    /// For a sum: the total over the answered reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// For a sum: reports that gave the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<i64>,
    /// Reports in the indicator's scope whose answers leave it unknown: for a share, left
    /// out of `of` (base `answered`) or counted in `of` but not in `count` (base
    /// `respondents`); for a sum, adding nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unanswered: Option<i64>,
}

impl Figures for IndicatorFigure {
    fn minus(&self, p: &IndicatorFigure) -> IndicatorFigure {
        IndicatorFigure {
            count: sub(self.count, p.count),
            of: sub(self.of, p.of),
            percent: sub(self.percent, p.percent),
            total: match (self.total, p.total) {
                (Some(a), Some(b)) => Some(Amount(a.0 - b.0)),
                _ => None,
            },
            answered: sub(self.answered, p.answered),
            unanswered: sub(self.unanswered, p.unanswered),
        }
    }
}

impl IndicatorFigure {
    /// [`IndicatorFigure::text_with`] for a share over the answered providers.
    pub fn text(&self) -> Text {
        self.text_with(self.count.map(|_| ShareBase::Answered))
    }

    /// "5 av 96 verksamheter, 5 procent; 0 obesvarade" / "5 of 96 providers, 5 percent;
    /// 0 unanswered" (over respondents: "…; varav 1 obesvarad" / "…; 1 of them unanswered");
    /// "161 totalt" / "161 in all".
    pub fn text_with(&self, base: Option<ShareBase>) -> Text {
        let make = |lang: Lang| match (self.count, self.of, self.total) {
            (Some(n), Some(m), _) => {
                let (av, verks, proc_) = if lang == Lang::Sv { ("av", "verksamheter", "procent") } else { ("of", "providers", "percent") };
                let n = group_digits(&n.to_string(), lang);
                let m_text = group_digits(&m.to_string(), lang);
                let share = match self.percent {
                    Some(p) => format!("{n} {av} {m_text} {verks}, {p} {proc_}"),
                    None => format!("{n} {av} {m_text} {verks}"),
                };
                let u = self.unanswered.unwrap_or(0);
                let u_text = group_digits(&u.to_string(), lang);
                let unanswered = match (lang, base == Some(ShareBase::Respondents), u == 1) {
                    (Lang::Sv, false, true) => format!("{u_text} obesvarad"),
                    (Lang::Sv, false, false) => format!("{u_text} obesvarade"),
                    (Lang::Sv, true, true) => format!("varav {u_text} obesvarad"),
                    (Lang::Sv, true, false) => format!("varav {u_text} obesvarade"),
                    (Lang::En, false, _) => format!("{u_text} unanswered"),
                    (Lang::En, true, true) => format!("{u_text} of them unanswered"),
                    (Lang::En, true, false) => format!("{u_text} of them unanswered"),
                };
                format!("{share}; {unanswered}")
            }
            (_, _, Some(t)) => format!("{} {}", t.display(lang), if lang == Lang::Sv { "totalt" } else { "in all" }),
            _ => String::new(),
        };
        Text { sv: make(Lang::Sv), en: make(Lang::En) }
    }
}

/// Responses against the roster of invited providers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Response {
    /// Providers on the roster.
    pub invited: i64,
    /// Invited providers with an accepted report.
    pub responded: i64,
    /// `responded` of `invited` in whole percent, rounded half up; `None` with nobody invited.
    pub percent: Option<i64>,
    /// Accepted reports from providers not on the roster (for their service type).
    pub not_on_roster: i64,
}

impl Figures for Response {
    fn minus(&self, p: &Response) -> Response {
        Response {
            invited: self.invited - p.invited,
            responded: self.responded - p.responded,
            percent: sub(self.percent, p.percent),
            not_on_roster: self.not_on_roster - p.not_on_roster,
        }
    }
}

/// The pack a summary was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPack {
    /// The pack's id.
    pub id: String,
    /// The pack's version, if it has one.
    #[serde(default)]
    pub version: Option<String>,
    /// The pack's title.
    pub title: Text,
}

/// The first and last report date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first report date, `YYYY-MM-DD`.
    pub from: String,
    /// The last report date, `YYYY-MM-DD`.
    pub to: String,
}

/// Reports that were rejected, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Rejected {
    /// How many reports were rejected.
    pub count: u64,
    /// How many were rejected for each reason (problem code).
    pub reasons: BTreeMap<ProblemCode, u64>,
    /// Each rejected report: where it was and what was wrong, in file and row order.
    pub reports: Vec<InputProblem>,
}

/// One requirement over all reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementSummary {
    /// The requirement's id.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// `krav` or `bor`.
    pub severity: String,
    /// Its quality area (`kunskapsbaserad`, …).
    pub area: String,
    /// The source cited, as valid on the last report date.
    pub source: String,
    /// Service types it applies to; empty means all.
    #[serde(default)]
    pub services: Vec<String>,
    /// Its verdicts over all reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<Tally>,
}

/// One requirement within a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementFigures {
    /// The requirement's id.
    pub id: String,
    /// Its verdicts over the group's reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<Tally>,
}

/// One indicator over all reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSummary {
    /// The indicator's id.
    pub id: String,
    /// Its title in both languages.
    pub title: Text,
    /// `share` or `sum`.
    pub kind: String,
    /// Who the share is of, as the indicator states it.
    pub denominator: Text,
    /// For a share: `answered` (unanswered providers left out of `of`) or `respondents`
    /// (counted in `of`, not in `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ShareBase>,
    /// Service types it is asked of; empty means all.
    #[serde(default)]
    pub services: Vec<String>,
    /// The figure in words: "41 av 96 verksamheter, 43 procent".
    pub text: Text,
    /// The figures over all reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<IndicatorFigure>,
}

/// A parameter (contract term) and the value the verdicts used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterSummary {
    /// The parameter's id (read as `param.<id>`).
    pub id: String,
    /// What it sets, in both languages.
    pub label: Text,
    /// The value in force.
    pub value: ParamValue,
    /// What the number counts, e.g. "procent".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// The value is an example value (exempelvärde): the pack's default, taken from no
    /// document, and no parameters file set it.
    pub example: bool,
    /// Where the value comes from: the parameters file, or the source the default cites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl ParameterSummary {
    /// The value with its unit, as shown in a table (`80 procent`).
    pub fn value_text(&self, lang: Lang) -> String {
        match &self.unit {
            Some(u) => format!("{} {}", self.value.display(lang), u.get(lang)),
            None => self.value.display(lang),
        }
    }

    /// Where the value comes from, as shown: "exempelvärde" / "example value", else the source.
    pub fn source_text(&self, lang: Lang) -> String {
        if self.example { if lang == Lang::Sv { "exempelvärde" } else { "example value" }.to_string() } else { self.source.clone().unwrap_or_default() }
    }
}

/// One indicator within a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorFigures {
    /// The indicator's id.
    pub id: String,
    /// The figure in words for the group.
    pub text: Text,
    /// The figures over the group's reports, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<IndicatorFigure>,
}

/// One of Socialstyrelsen's quality areas: its requirements' verdicts added up (one per
/// provider and requirement).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSummary {
    /// The area's id (`kunskapsbaserad`, …).
    pub id: String,
    /// The area's name as Socialstyrelsen writes it.
    pub title: Text,
    /// How many requirements belong to the area.
    pub requirements: u32,
    /// The verdicts of its requirements, added up, and the change from last year.
    #[serde(flatten)]
    pub figures: Compared<Tally>,
}

/// The reports of one service type or contract form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// The service type's or contract form's id.
    pub id: String,
    /// Its name in both languages.
    pub label: Text,
    /// Accepted reports of the group, and the change from last year.
    pub reports: Compared<Count>,
    /// For a service type, when a roster was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Compared<Response>>,
    /// Requirements that applied to at least one report of the group.
    pub requirements: Vec<RequirementFigures>,
    /// Indicators evaluated for at least one report of the group.
    pub indicators: Vec<IndicatorFigures>,
    /// The quality areas over the group's reports.
    pub areas: Vec<AreaSummary>,
}

/// Which summary the changes are computed against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSummary {
    /// The version of the pack it was made with.
    #[serde(default)]
    pub pack_version: Option<String>,
    /// The period of its reports.
    #[serde(default)]
    pub period: Option<Period>,
    /// How many reports it counted.
    pub reports: i64,
}

/// The summary of a year's reports. Serialises to the same JSON for the same reports, in
/// any order and on any number of threads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The version of this format ([`FORMAT`]).
    pub format: u32,
    /// The pack it was made with.
    pub pack: SummaryPack,
    /// The first and last report date; `None` with no reports.
    #[serde(default)]
    pub period: Option<Period>,
    /// Accepted reports.
    pub reports: Compared<Count>,
    /// Reports that were rejected, and why.
    #[serde(default)]
    pub rejected: Rejected,
    /// Export columns that were not read (unknown or duplicate titles).
    #[serde(default)]
    pub ignored_columns: Vec<InputProblem>,
    /// Reports of a provider (and service type) that already had a report in the batch:
    /// each is counted; each is listed (code `duplicate-provider`, not rejected) with its
    /// place and the place of the first report, sorted by file and row.
    #[serde(default)]
    pub duplicates: Vec<InputProblem>,
    /// Answers not used (each treated as unanswered), by issue code.
    #[serde(default)]
    pub issues: BTreeMap<IssueCode, u64>,
    /// Over all service types, when a roster was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Compared<Response>>,
    /// The pack's parameters (contract terms) with the values the verdicts used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterSummary>,
    /// The parameters file applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params_file: Option<ParamsInfo>,
    /// Every requirement over all reports, in requirement order.
    pub requirements: Vec<RequirementSummary>,
    /// Every indicator over all reports, in pack order.
    pub indicators: Vec<IndicatorSummary>,
    /// The six quality areas.
    pub areas: Vec<AreaSummary>,
    /// Each service type of the pack (and any other the reports named).
    pub services: Vec<GroupSummary>,
    /// Each contract form (and `unspecified`, `other`).
    pub contracts: Vec<GroupSummary>,
    /// The summary the changes are computed against, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousSummary>,
}

/// A previous summary that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the previous summary: {0}")]
pub struct SummaryReadError(String);

fn compare_by_id<'a, T, F: Figures + 'a>(
    mine: &mut [T],
    theirs: &'a [T],
    id: impl Fn(&T) -> &str,
    figures: impl Fn(&mut T) -> &mut Compared<F>,
    their_figures: impl Fn(&'a T) -> &'a Compared<F>,
) {
    let index: HashMap<&str, &T> = theirs.iter().map(|t| (id(t), t)).collect();
    for m in mine.iter_mut() {
        let previous = index.get(id(m)).map(|t| their_figures(t));
        figures(m).compare(previous);
    }
}

fn compare_groups(mine: &mut [GroupSummary], theirs: &[GroupSummary]) {
    let index: HashMap<&str, &GroupSummary> = theirs.iter().map(|g| (g.id.as_str(), g)).collect();
    for g in mine.iter_mut() {
        let Some(p) = index.get(g.id.as_str()) else { continue };
        g.reports.compare(Some(&p.reports));
        if let (Some(r), Some(pr)) = (g.response.as_mut(), p.response.as_ref()) {
            r.compare(Some(pr));
        }
        compare_by_id(&mut g.requirements, &p.requirements, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut g.indicators, &p.indicators, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut g.areas, &p.areas, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
    }
}

impl Summary {
    /// Reads a summary from its JSON (e.g. last year's).
    ///
    /// # Errors
    ///
    /// A [`SummaryReadError`] with the line and column where the JSON is not a summary.
    pub fn from_json(text: &str) -> Result<Summary, SummaryReadError> {
        serde_json::from_str(text).map_err(|e| SummaryReadError(format!("line {}, column {}: {e}", e.line(), e.column())))
    }

    /// The summary as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Fills in last year's figure and the change for every figure found (by id) in `previous`.
    pub fn compare_with(&mut self, previous: &Summary) {
        self.reports.compare(Some(&previous.reports));
        if let (Some(r), Some(pr)) = (self.response.as_mut(), previous.response.as_ref()) {
            r.compare(Some(pr));
        }
        compare_by_id(&mut self.requirements, &previous.requirements, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut self.indicators, &previous.indicators, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_by_id(&mut self.areas, &previous.areas, |r| &r.id, |r| &mut r.figures, |r| &r.figures);
        compare_groups(&mut self.services, &previous.services);
        compare_groups(&mut self.contracts, &previous.contracts);
        self.previous = Some(PreviousSummary { pack_version: previous.pack.version.clone(), period: previous.period.clone(), reports: previous.reports.now.count });
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorSummary> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// A requirement by id.
    pub fn requirement(&self, id: &str) -> Option<&RequirementSummary> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// A service type's group by id.
    pub fn service(&self, id: &str) -> Option<&GroupSummary> {
        self.services.iter().find(|g| g.id == id)
    }
}
