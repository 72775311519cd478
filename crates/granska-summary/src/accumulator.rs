//! Accumulating a year's reports: one report at a time into counts (never the reports
//! themselves), per requirement, indicator, service type and contract form; parallel batches
//! merged in input order.

use super::*;

/// An indicator's running figures in one group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndicatorTally {
    /// Reports the indicator was evaluated for (its service types).
    pub(crate) seen: u64,
    pub(crate) count: u64,
    pub(crate) of: u64,
    /// Reports in the indicator's scope whose answers leave it unknown (for a share: `of` or
    /// `count` unknown; for a sum: the value unknown).
    pub(crate) unanswered: u64,
    /// Sum in millionths.
    pub(crate) total: i128,
    pub(crate) answered: u64,
}

/// Running counts for a group of reports (all, one service type, one contract form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Group {
    pub(crate) reports: u64,
    /// Per requirement: met, not_met, not_applicable, unanswered.
    pub(crate) verdicts: Vec<[u64; 4]>,
    pub(crate) indicators: Vec<IndicatorTally>,
    pub(crate) not_on_roster: u64,
}

impl Group {
    pub(crate) fn new(pack: &Pack) -> Group {
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

    pub(crate) fn merge(&mut self, other: &Group) {
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

/// Adds each group of `other` to the group of the same id (another service type or contract
/// form), taking in the groups `mine` does not have.
pub(crate) fn merge_groups(mine: &mut BTreeMap<String, Group>, other: BTreeMap<String, Group>) {
    for (k, g) in other {
        match mine.get_mut(&k) {
            Some(m) => m.merge(&g),
            None => {
                mine.insert(k, g);
            }
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

/// Collects the figures of many reports. Feed it with [`add`](Accumulator::add) and
/// [`reject`](Accumulator::reject); [`merge`](Accumulator::merge) parallel batches;
/// [`finish`](Accumulator::finish) into a [`Summary`].
#[derive(Clone, Debug)]
pub struct Accumulator {
    pub(crate) pack: Pack,
    pub(crate) roster: Option<Arc<Roster>>,
    /// Contract forms the pack declares; others are grouped as `other`.
    contracts_declared: Arc<Vec<String>>,
    pub(crate) all: Group,
    pub(crate) services: Vec<Group>,
    pub(crate) other_services: BTreeMap<String, Group>,
    pub(crate) contracts: BTreeMap<String, Group>,
    pub(crate) responded: Vec<u32>,
    pub(crate) rejected: Vec<InputProblem>,
    pub(crate) ignored_columns: Vec<InputProblem>,
    pub(crate) issues: BTreeMap<IssueCode, u64>,
    /// Where each provider (and service type) was seen, for the duplicate warnings.
    pub(crate) duplicates: Duplicates,
    pub(crate) dates: Option<(i32, i32)>,
    pub(crate) verdicts: Vec<Verdict>,
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
    pub(crate) fn count(&mut self, answers: &Answers) {
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

    /// Counts `n` answer issues of code `code` that a caller found before the report was
    /// built (e.g. a value a language binding could not convert), with the reports' own.
    pub fn add_issues(&mut self, code: IssueCode, n: u64) {
        *self.issues.entry(code).or_insert(0) += n;
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
    pub(crate) fn merge_ordered(&mut self, other: Accumulator) {
        self.all.merge(&other.all);
        for (a, b) in self.services.iter_mut().zip(&other.services) {
            a.merge(b);
        }
        merge_groups(&mut self.other_services, other.other_services);
        merge_groups(&mut self.contracts, other.contracts);
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
}
