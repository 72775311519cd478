//! Partial summaries: an [`Accumulator`]'s state written out, read back on another machine
//! and merged with the partials of other batches of the same pack, in any grouping and any
//! order, into the [`Summary`] one pass over all the reports gives, byte for byte
//! ([`PartialSummary`] documents the format).

use std::collections::BTreeMap;

use granska::PackIdentity;

use crate::accumulator::{Group, merge_groups};

use super::*;

/// The version of the partial summary's format. A partial of another version is refused.
pub const PARTIAL_FORMAT: u32 = 1;

/// The `kind` every partial summary names.
const KIND: &str = "granska-partial-summary";

/// What can go wrong reading or merging partial summaries.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartialError {
    /// The text is not a partial summary's JSON; says where (line, column) and why.
    #[error("not a partial summary of granska: {0}")]
    NotAPartial(String),
    /// Written in another format version.
    #[error("a partial summary in format {found}; this version of granska reads format {expected}")]
    Format {
        /// The version found.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// Computed with another pack (another id, version or content hash).
    #[error("the partial summary was computed with another pack: {0}")]
    OtherPack(String),
    /// Counted against another roster of invited providers.
    #[error("the partial summaries were counted against different rosters: {0}")]
    OtherRoster(String),
    /// Counts that do not fit the pack, though its identity does: a damaged file.
    #[error("the partial summary is damaged: {0}")]
    Damaged(String),
}

/// Where the reports of one provider (and service type) were read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ProviderPlaces {
    provider: String,
    service: String,
    /// `[file index, row]`, sorted.
    places: Vec<PlaceIndex>,
}

/// A place in a partial: the index of its file in `files` (`None`: not given) and its row.
type PlaceIndex = (Option<u32>, Option<u64>);

/// The first and last report dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct DateRange {
    from: String,
    to: String,
}

/// The counts of a batch of reports, to be merged with others and finished into a
/// [`Summary`]. Made by [`Accumulator::to_partial`]; read by [`PartialSummary::from_json`].
///
/// Of a provider reported twice, the first report is the one with the earliest place: by
/// file name, then row. One pass decides by input order; the two agree whenever the input is
/// read in that order — one export, or a folder of report files (read in name order).
///
/// # Format (version [`PARTIAL_FORMAT`])
///
/// A partial summary is a JSON object:
///
/// | field | what |
/// |---|---|
/// | `kind` | always `"granska-partial-summary"` |
/// | `format` | the format version, [`PARTIAL_FORMAT`]; another version is refused |
/// | `pack` | `{id, version, content_hash}` of the pack the reports were checked with ([`PackIdentity`]) |
/// | `roster` | the invited providers (`[{provider, name, service, contract}]`), or `null` |
/// | `all`, `services`, `other_services`, `contracts` | counts per group: `reports`, `not_on_roster`, `verdicts` (per requirement in pack order: `[met, not_met, not_applicable, unanswered]`), `indicators` (per indicator in pack order: `seen`, `count`, `of`, `unanswered`, `answered`, and `total` in millionths) |
/// | `responded` | reports per roster entry, in roster order |
/// | `issues` | answer issues by code |
/// | `period` | `{from, to}`: the first and last report dates, `YYYY-MM-DD`, or `null` |
/// | `rejected`, `ignored_columns` | the located problems, as in the summary |
/// | `files` | the names of the files reports were read from, sorted |
/// | `providers` | per provider and service type, where each of its reports was read: `{provider, service, places: [[file, row]]}`, `file` an index into `files` (`null`: not given), `row` as in problems (`null`: a whole file) |
///
/// Every list is kept in a canonical order, so the same reports give the same bytes whatever
/// the partitions and the merge order.
///
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialSummary {
    kind: String,
    format: u32,
    pack: PackIdentity,
    roster: Option<Vec<RosterEntry>>,
    all: Group,
    services: Vec<Group>,
    other_services: BTreeMap<String, Group>,
    contracts: BTreeMap<String, Group>,
    responded: Vec<u64>,
    issues: BTreeMap<IssueCode, u64>,
    period: Option<DateRange>,
    rejected: Vec<InputProblem>,
    ignored_columns: Vec<InputProblem>,
    files: Vec<String>,
    providers: Vec<ProviderPlaces>,
}

/// Only the head of a partial, read first so that another format is named as such.
#[derive(Deserialize)]
struct Head {
    kind: Option<String>,
    format: Option<u32>,
}

/// The canonical order of problems: by place, then what.
fn sort_problems(problems: &mut [InputProblem]) {
    problems.sort_by(|a, b| {
        (&a.file, &a.sheet, a.row, &a.column, &a.field, &a.provider, &a.code, &a.message.en, &a.message.sv).cmp(&(
            &b.file,
            &b.sheet,
            b.row,
            &b.column,
            &b.field,
            &b.provider,
            &b.code,
            &b.message.en,
            &b.message.sv,
        ))
    });
}

impl Accumulator {
    /// The counts so far as a partial summary, to be written out ([`PartialSummary::to_json`]),
    /// merged with others ([`PartialSummary::merge`]) and finished on another machine.
    pub fn to_partial(&self) -> PartialSummary {
        let mut files: Vec<String> = vec![];
        let mut providers: Vec<ProviderPlaces> = vec![];
        let mut by_file: BTreeMap<&str, u32> = BTreeMap::new();
        let reports = self.duplicates.reports();
        for (_, _, places) in &reports {
            for (file, _) in places {
                if !file.is_empty() {
                    by_file.insert(file, 0);
                }
            }
        }
        for (i, (name, index)) in by_file.iter_mut().enumerate() {
            *index = i as u32;
            files.push((*name).to_string());
        }
        for (provider, service, places) in reports {
            let mut places: Vec<PlaceIndex> = places.iter().map(|(file, row)| (by_file.get(file).copied(), *row)).collect();
            places.sort_unstable();
            providers.push(ProviderPlaces { provider: provider.to_string(), service: service.to_string(), places });
        }
        providers.sort_by(|a, b| (&a.provider, &a.service).cmp(&(&b.provider, &b.service)));
        let mut rejected = self.rejected.clone();
        sort_problems(&mut rejected);
        let mut ignored_columns = self.ignored_columns.clone();
        sort_problems(&mut ignored_columns);
        ignored_columns.dedup();
        PartialSummary {
            kind: KIND.to_string(),
            format: PARTIAL_FORMAT,
            pack: self.pack.identity(),
            roster: self.roster.as_ref().map(|r| r.entries().to_vec()),
            all: self.all.clone(),
            services: self.services.clone(),
            other_services: self.other_services.clone(),
            contracts: self.contracts.clone(),
            responded: self.responded.iter().map(|&n| u64::from(n)).collect(),
            issues: self.issues.clone(),
            period: self.dates.map(|(a, b)| DateRange { from: granska::format_date(a), to: granska::format_date(b) }),
            rejected,
            ignored_columns,
            files,
            providers,
        }
    }
}

impl PartialSummary {
    /// An empty partial for `pack` (no reports): the neutral element of [`merge`](Self::merge).
    pub fn new(pack: &Pack) -> PartialSummary {
        Accumulator::new(pack).to_partial()
    }

    /// The pack the reports were checked with.
    pub fn pack(&self) -> &PackIdentity {
        &self.pack
    }

    /// How many reports were counted.
    pub fn reports(&self) -> u64 {
        self.all.reports
    }

    /// How many reports (rows) were rejected.
    pub fn rejected(&self) -> usize {
        self.rejected.len()
    }

    /// The partial as compact JSON (see [`PartialSummary`] for the format).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a partial summary written by [`to_json`](Self::to_json).
    ///
    /// # Errors
    ///
    /// [`PartialError::NotAPartial`] with the line and column where the text stops being a
    /// partial summary; [`PartialError::Format`] for a partial of another format version.
    pub fn from_json(text: &str) -> Result<PartialSummary, PartialError> {
        let at = |e: serde_json::Error| PartialError::NotAPartial(format!("line {}, column {}: {e}", e.line(), e.column()));
        let head: Head = serde_json::from_str(text).map_err(at)?;
        if head.kind.as_deref() != Some(KIND) {
            return Err(PartialError::NotAPartial(format!("its `kind` is {}, not \"{KIND}\"", head.kind.map(|k| format!("{k:?}")).unwrap_or_else(|| "missing".into()))));
        }
        match head.format {
            Some(PARTIAL_FORMAT) => {}
            Some(found) => return Err(PartialError::Format { found, expected: PARTIAL_FORMAT }),
            None => return Err(PartialError::NotAPartial("it has no `format`".into())),
        }
        serde_json::from_str(text).map_err(at)
    }

    /// Checks that the partial was computed with `pack`.
    ///
    /// # Errors
    ///
    /// [`PartialError::OtherPack`] saying what differs (id, version or content hash).
    pub fn check_pack(&self, pack: &Pack) -> Result<(), PartialError> {
        match pack.identity().difference(&self.pack) {
            None => Ok(()),
            Some(d) => Err(PartialError::OtherPack(d)),
        }
    }

    /// Adds the counts of `other`, a partial of another batch of the same year. Merging is
    /// associative and commutative: any grouping and order of the same partials gives the
    /// same partial, and the same summary as one pass over all their reports.
    ///
    /// # Errors
    ///
    /// [`PartialError::OtherPack`] when `other` was computed with another pack,
    /// [`PartialError::OtherRoster`] when it was counted against another roster, and
    /// [`PartialError::Damaged`] when its counts do not fit the pack. `self` is unchanged then.
    pub fn merge(&mut self, other: PartialSummary) -> Result<(), PartialError> {
        if let Some(d) = self.pack.difference(&other.pack) {
            return Err(PartialError::OtherPack(d));
        }
        if let Some(d) = roster_difference(self.roster.as_deref(), other.roster.as_deref()) {
            return Err(PartialError::OtherRoster(d));
        }
        other.check_shape(&self.all)?;
        self.check_shape(&other.all)?;
        if self.services.len() != other.services.len() {
            return Err(PartialError::Damaged(format!("one counts {} service types, the other {}", self.services.len(), other.services.len())));
        }
        self.all.merge(&other.all);
        for (a, b) in self.services.iter_mut().zip(&other.services) {
            a.merge(b);
        }
        merge_groups(&mut self.other_services, other.other_services);
        merge_groups(&mut self.contracts, other.contracts);
        for (a, b) in self.responded.iter_mut().zip(&other.responded) {
            *a += b;
        }
        for (k, n) in other.issues {
            *self.issues.entry(k).or_insert(0) += n;
        }
        self.period = match (self.period.take(), other.period) {
            (None, p) | (p, None) => p,
            (Some(a), Some(b)) => Some(DateRange { from: a.from.min(b.from), to: a.to.max(b.to) }),
        };
        self.rejected.extend(other.rejected);
        sort_problems(&mut self.rejected);
        self.ignored_columns.extend(other.ignored_columns);
        sort_problems(&mut self.ignored_columns);
        self.ignored_columns.dedup();
        self.merge_places(other.files, other.providers);
        Ok(())
    }

    /// Merges many partials into one (`None` for none), pairwise in rounds so that the work
    /// grows with the total size times the logarithm of the count, not its square.
    ///
    /// # Errors
    ///
    /// As [`merge`](Self::merge), for the first pair that does not merge.
    pub fn merge_all(partials: impl IntoIterator<Item = PartialSummary>) -> Result<Option<PartialSummary>, PartialError> {
        let mut round: Vec<PartialSummary> = partials.into_iter().collect();
        while round.len() > 1 {
            let mut next = Vec::with_capacity(round.len().div_ceil(2));
            let mut items = round.into_iter();
            while let Some(mut a) = items.next() {
                if let Some(b) = items.next() {
                    a.merge(b)?;
                }
                next.push(a);
            }
            round = next;
        }
        Ok(round.pop())
    }

    /// Checks that this partial's groups have the sizes of `like`'s (the same pack).
    fn check_shape(&self, like: &Group) -> Result<(), PartialError> {
        let fits = |g: &Group| g.verdicts.len() == like.verdicts.len() && g.indicators.len() == like.indicators.len();
        let roster_len = self.roster.as_ref().map_or(0, Vec::len);
        if !fits(&self.all) || !self.services.iter().chain(self.other_services.values()).chain(self.contracts.values()).all(fits) || self.responded.len() != roster_len {
            return Err(PartialError::Damaged(format!("its counts do not have the shape of pack `{}`'s requirements, indicators and roster", self.pack.id)));
        }
        if self.providers.iter().flat_map(|p| &p.places).any(|(f, _)| f.is_some_and(|f| f as usize >= self.files.len())) {
            return Err(PartialError::Damaged("a provider's place names a file that is not in `files`".into()));
        }
        Ok(())
    }

    /// Takes in the places of another partial's reports.
    fn merge_places(&mut self, files: Vec<String>, providers: Vec<ProviderPlaces>) {
        let mut names: Vec<String> = self.files.iter().chain(&files).cloned().collect();
        names.sort();
        names.dedup();
        let index = |name: &String| names.binary_search(name).ok().map(|i| i as u32);
        let mine: Vec<Option<u32>> = self.files.iter().map(index).collect();
        let theirs: Vec<Option<u32>> = files.iter().map(index).collect();
        let remap = |map: &[Option<u32>], places: &mut Vec<PlaceIndex>| {
            for (f, _) in places.iter_mut() {
                *f = f.and_then(|i| map.get(i as usize).copied().flatten());
            }
        };
        let mut merged: BTreeMap<(String, String), Vec<PlaceIndex>> = BTreeMap::new();
        for mut p in std::mem::take(&mut self.providers) {
            remap(&mine, &mut p.places);
            merged.insert((p.provider, p.service), p.places);
        }
        for mut p in providers {
            remap(&theirs, &mut p.places);
            merged.entry((p.provider, p.service)).or_default().extend(p.places);
        }
        self.providers = merged
            .into_iter()
            .map(|((provider, service), mut places)| {
                places.sort_unstable();
                ProviderPlaces { provider, service, places }
            })
            .collect();
        self.files = names;
    }

    /// The summary of every report counted in this partial (and those merged into it).
    ///
    /// # Errors
    ///
    /// [`PartialError::OtherPack`] when the partial was computed with another pack than
    /// `pack`; [`PartialError::Damaged`] when its counts do not fit the pack.
    pub fn finish(self, pack: &Pack) -> Result<Summary, PartialError> {
        self.check_pack(pack)?;
        let empty = Group::new(pack);
        self.check_shape(&empty)?;
        if self.services.len() != pack.services().len() {
            return Err(PartialError::Damaged(format!("it counts {} service types; pack `{}` has {}", self.services.len(), self.pack.id, pack.services().len())));
        }
        let mut acc = match self.roster {
            Some(entries) => {
                let mut roster = Roster::default();
                for e in entries {
                    roster.push(e);
                }
                Accumulator::with_roster(pack, roster)
            }
            None => Accumulator::new(pack),
        };
        if acc.responded.len() != self.responded.len() {
            return Err(PartialError::Damaged("its roster lists a provider twice".into()));
        }
        acc.all = self.all;
        acc.services = self.services;
        acc.other_services = self.other_services;
        acc.contracts = self.contracts;
        acc.responded = self.responded.iter().map(|&n| u32::try_from(n).unwrap_or(u32::MAX)).collect();
        acc.issues = self.issues;
        acc.dates = match self.period {
            None => None,
            Some(p) => match (granska::parse_date(&p.from), granska::parse_date(&p.to)) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => return Err(PartialError::Damaged(format!("its period {} – {} is not two dates YYYY-MM-DD", p.from, p.to))),
            },
        };
        acc.rejected = self.rejected;
        acc.ignored_columns = self.ignored_columns;
        // Every report's place, in the order of places: the first of a provider is its earliest.
        let mut reports: Vec<(Option<u32>, Option<u64>, usize)> = vec![];
        for (i, p) in self.providers.iter().enumerate() {
            reports.extend(p.places.iter().map(|&(f, r)| (f, r, i)));
        }
        reports.sort_unstable();
        for (seq, (file, row, i)) in reports.into_iter().enumerate() {
            let p = &self.providers[i];
            let file = file.and_then(|f| self.files.get(f as usize)).map_or("", String::as_str);
            acc.duplicates.note(Duplicates::key(&p.provider, &p.service), Place { file, row }, seq as u64);
        }
        Ok(acc.finish())
    }
}

/// How two rosters differ, in words; `None` when they are the same.
fn roster_difference(a: Option<&[RosterEntry]>, b: Option<&[RosterEntry]>) -> Option<String> {
    match (a, b) {
        (None, None) => None,
        (Some(_), None) | (None, Some(_)) => Some("one was counted against a roster of invited providers, the other without one".into()),
        (Some(a), Some(b)) if a.len() != b.len() => Some(format!("one lists {} invited providers, the other {}", a.len(), b.len())),
        (Some(a), Some(b)) => a
            .iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .map(|i| format!("entry {} is {} ({}) in one and {} ({}) in the other", i + 1, a[i].provider, a[i].service, b[i].provider, b[i].service)),
    }
}
