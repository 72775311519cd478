//! A provider reported twice in one batch: the same provider id and service type in two rows
//! of an export, two report files, or an export and a file. Every report is still counted;
//! each repeat gets a located warning (`duplicate-provider`) naming the earlier report(s).
//!
//! [`Duplicates`] remembers, per (provider, service type), where it was first seen (one small
//! entry per distinct provider) and where it was seen again. Each report has a position in
//! the input order; the "first" report is the one with the earliest position, so trackers of
//! parallel batches merge to the same result whatever the thread count.

use std::collections::HashMap;

use crate::code::{InputCode, ProblemCode};
use crate::export::InputProblem;
use granska::Text;

/// The code of the warning for a provider (and service type) reported twice in one batch.
pub const DUPLICATE_PROVIDER: ProblemCode = ProblemCode::Input(InputCode::DuplicateProvider);

/// Where a report was read: its file (empty when there is none) and its row in an export
/// (header = 1), or its 0-based position in a list of reports; none for a whole file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place<'a> {
    /// The file (empty when there is none).
    pub file: &'a str,
    /// The row in an export (header = 1), or the 0-based position in a list; `None` for a whole file.
    pub row: Option<u64>,
}

/// A provider, its service type, and where each of its reports was read (file name, empty
/// when not given, and row).
pub(crate) type ProviderReports<'a> = (&'a str, &'a str, Vec<(&'a str, Option<u64>)>);

/// No row (a report file as a whole, or a place not given).
const NO_ROW: u64 = u64::MAX;

/// Where and when a report was seen: its position in the input order, its row, and its file
/// (an index into the tracker's file names; 0 is "not given").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen {
    seq: u64,
    row: u64,
    file: u32,
}

/// Finds providers reported twice in one batch (the same provider id and service type).
///
/// Feed it one report at a time with [`see`](Duplicates::see), which gives the warning for a
/// repeat at once; or let an [`Accumulator`](super::Accumulator) keep one (its reports'
/// duplicates end up in [`Summary::duplicates`](super::Summary::duplicates)).
#[derive(Clone, Debug)]
pub struct Duplicates {
    /// File names; index 0 is the empty name (place not given).
    files: Vec<Box<str>>,
    file_ids: HashMap<Box<str>, u32>,
    /// Per key (see [`key`]): the earliest report.
    first: HashMap<Box<str>, Seen>,
    /// Per key seen more than once: the later reports, by position.
    repeats: HashMap<Box<str>, Vec<Seen>>,
    /// How many reports repeat a provider already seen.
    count: usize,
    /// The position the next report gets.
    pub(crate) next: u64,
}

impl Default for Duplicates {
    fn default() -> Duplicates {
        Duplicates { files: vec!["".into()], file_ids: HashMap::new(), first: HashMap::new(), repeats: HashMap::new(), count: 0, next: 0 }
    }
}

/// The map key of a provider and service type: unambiguous whatever characters they hold.
fn key(provider: &str, service: &str) -> Box<str> {
    use std::fmt::Write as _;
    let mut k = String::with_capacity(provider.len() + service.len() + 4);
    let _ = write!(k, "{}:", service.len());
    k.push_str(service);
    k.push_str(provider);
    k.into_boxed_str()
}

/// The provider and service type of a key.
fn split_key(key: &str) -> (&str, &str) {
    let (len, rest) = key.split_once(':').unwrap_or(("0", key));
    let len = len.parse::<usize>().unwrap_or(0).min(rest.len());
    let (service, provider) = rest.split_at(len);
    (provider, service)
}

/// Inserts `seen` into `places`, kept in position order.
fn insert_sorted(places: &mut Vec<Seen>, seen: Seen) {
    let at = places.partition_point(|p| p.seq < seen.seq);
    places.insert(at, seen);
}

impl Duplicates {
    /// An empty tracker.
    pub fn new() -> Duplicates {
        Duplicates::default()
    }

    /// How many reports repeated a provider (and service type) already seen.
    pub fn count(&self) -> usize {
        self.count
    }

    /// How many distinct providers (and service types) were seen.
    pub fn providers(&self) -> usize {
        self.first.len()
    }

    fn file_id(&mut self, file: &str) -> u32 {
        if file.is_empty() {
            return 0;
        }
        // Consecutive reports usually come from the same file (an export).
        if let Some(last) = self.files.last()
            && self.files.len() > 1
            && **last == *file
        {
            return self.files.len() as u32 - 1;
        }
        if let Some(&id) = self.file_ids.get(file) {
            return id;
        }
        let id = self.files.len() as u32;
        self.files.push(file.into());
        self.file_ids.insert(file.into(), id);
        id
    }

    /// Notes the report of `provider` and `service` read from `file` (at `row` of an export,
    /// or the 0-based position in a list; `file` empty when there is none), after every
    /// report seen so far. The warning when that provider was already seen.
    pub fn see(&mut self, provider: &str, service: &str, file: &str, row: Option<u64>) -> Option<InputProblem> {
        let seq = self.next;
        self.note(key(provider, service), Place { file, row }, seq)
    }

    /// Notes a report at position `seq` (after every report noted so far, or the warning
    /// may name a first report that a later-noted one precedes); the warning when it is a
    /// repeat.
    pub(crate) fn note(&mut self, k: Box<str>, place: Place<'_>, seq: u64) -> Option<InputProblem> {
        let file = self.file_id(place.file);
        let seen = Seen { seq, row: place.row.unwrap_or(NO_ROW), file };
        self.next = self.next.max(seq + 1);
        let (k, repeat) = self.insert(k, seen)?;
        Some(self.problem(&k, repeat))
    }

    /// Records `seen` for `k`: the place that became a repeat, if any (`seen`, or an
    /// earlier-noted first report that `seen` precedes), with its key.
    fn insert(&mut self, k: Box<str>, seen: Seen) -> Option<(Box<str>, Seen)> {
        use std::collections::hash_map::Entry;
        match self.first.entry(k) {
            Entry::Vacant(v) => {
                v.insert(seen);
                None
            }
            Entry::Occupied(mut o) => {
                let repeat = if seen.seq < o.get().seq { std::mem::replace(o.get_mut(), seen) } else { seen };
                let k = o.key().clone();
                insert_sorted(self.repeats.entry(k.clone()).or_default(), repeat);
                self.count += 1;
                Some((k, repeat))
            }
        }
    }

    /// The key of a provider and service type, for [`note`](Duplicates::note).
    pub(crate) fn key(provider: &str, service: &str) -> Box<str> {
        key(provider, service)
    }

    /// Moves every position of `self` `by` later (for merging a tracker whose reports come
    /// after another's).
    pub(crate) fn shift(&mut self, by: u64) {
        if by == 0 {
            return;
        }
        for s in self.first.values_mut() {
            s.seq += by;
        }
        for places in self.repeats.values_mut() {
            for s in places {
                s.seq += by;
            }
        }
        self.next += by;
    }

    /// Takes in the reports of `other` (positions as they are: both trackers number reports
    /// in the same input order). The first report of a provider in both is the earlier one.
    pub(crate) fn merge(&mut self, other: Duplicates) {
        if other.first.is_empty() {
            self.next = self.next.max(other.next);
            return;
        }
        let remap: Vec<u32> = other.files.iter().map(|f| self.file_id(f)).collect();
        let at = |s: Seen| Seen { file: remap.get(s.file as usize).copied().unwrap_or(0), ..s };
        self.first.reserve(other.first.len());
        for (k, s) in other.first {
            self.insert(k, at(s));
        }
        for (k, places) in other.repeats {
            self.count += places.len();
            let mine = self.repeats.entry(k).or_default();
            for s in places {
                insert_sorted(mine, at(s));
            }
        }
        self.next = self.next.max(other.next);
    }

    /// Every report noted, per provider and service type: `(provider, service, places)`,
    /// each place a file name (empty: not given) and a row.
    pub(crate) fn reports(&self) -> Vec<ProviderReports<'_>> {
        let place = |s: &Seen| (self.files.get(s.file as usize).map_or("", |f| &**f), (s.row != NO_ROW).then_some(s.row));
        self.first
            .iter()
            .map(|(k, first)| {
                let (provider, service) = split_key(k);
                let mut places = vec![place(first)];
                places.extend(self.repeats.get(k).into_iter().flatten().map(place));
                (provider, service, places)
            })
            .collect()
    }

    fn place(&self, s: Seen, sv: bool) -> Option<String> {
        let file = self.files.get(s.file as usize).map(|f| &**f).unwrap_or("");
        let row = (s.row != NO_ROW).then_some(s.row);
        let word = if sv { "rad" } else { "row" };
        match (file.is_empty(), row) {
            (true, None) => None,
            (true, Some(r)) => Some(format!("{word} {r}")),
            (false, None) => Some(file.to_string()),
            (false, Some(r)) => Some(format!("{file}, {word} {r}")),
        }
    }

    /// The warning for the repeat `seen` of key `k`: located at `seen`, naming the first
    /// report and (for a third or later one) the latest before it.
    fn problem(&self, k: &str, seen: Seen) -> InputProblem {
        let (provider, service) = split_key(k);
        let first = self.first.get(k).copied();
        let earlier = self.repeats.get(k).map(|r| &r[..r.partition_point(|p| p.seq < seen.seq)]).unwrap_or(&[]);
        let count = earlier.len() + 1;
        let message = |sv: bool| {
            let first = first.and_then(|f| self.place(f, sv));
            if count == 1 {
                let place = first.map(|p| format!(", {} {p}", if sv { "i" } else { "in" })).unwrap_or_default();
                if sv {
                    format!("{provider} ({service}) har redan en rapport i omgången{place}; båda räknas.")
                } else {
                    format!("{provider} ({service}) already has a report in this batch{place}; both are counted")
                }
            } else {
                let latest = earlier.last().and_then(|l| self.place(*l, sv));
                let mut parts = vec![];
                if let Some(f) = first {
                    parts.push(if sv { format!("den första i {f}") } else { format!("the first in {f}") });
                }
                if let Some(l) = latest {
                    parts.push(if sv { format!("den senaste i {l}") } else { format!("the latest in {l}") });
                }
                let places = if parts.is_empty() { String::new() } else { format!(", {}", parts.join(if sv { " och " } else { " and " })) };
                if sv {
                    format!("{provider} ({service}) har redan {count} rapporter i omgången{places}; alla räknas.")
                } else {
                    format!("{provider} ({service}) already has {count} reports in this batch{places}; all are counted")
                }
            }
        };
        InputProblem {
            file: self.files.get(seen.file as usize).map(std::string::ToString::to_string).unwrap_or_default(),
            sheet: None,
            row: (seen.row != NO_ROW).then_some(seen.row),
            column: None,
            field: None,
            provider: Some(provider.to_string()),
            code: DUPLICATE_PROVIDER,
            message: Text::new(message(true), message(false)),
            rejected: false,
        }
    }

    /// The warning for every repeat, sorted by file and row (then provider and message).
    pub fn problems(&self) -> Vec<InputProblem> {
        let mut out: Vec<InputProblem> = self.repeats.iter().flat_map(|(k, places)| places.iter().map(move |s| self.problem(k, *s))).collect();
        out.sort_by(|a, b| (&a.file, a.row, &a.provider, &a.message.en).cmp(&(&b.file, b.row, &b.provider, &b.message.en)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use granska::Lang;

    #[test]
    fn the_second_report_of_a_provider_names_the_first() {
        let mut d = Duplicates::default();
        assert!(d.see("P1", "hvb", "a.csv", Some(2)).is_none());
        assert!(d.see("P1", "jourhem", "a.csv", Some(3)).is_none(), "another service type is another report");
        assert!(d.see("P2", "hvb", "b.json", None).is_none());
        let p = d.see("P1", "hvb", "c.json", None).expect("a duplicate");
        assert_eq!(p.render(Lang::En), "c.json: provider P1: P1 (hvb) already has a report in this batch, in a.csv, row 2; both are counted [duplicate-provider]");
        assert!(!p.rejected);
        let p = d.see("P2", "hvb", "a.csv", Some(9)).expect("a duplicate");
        assert_eq!(p.render(Lang::Sv), "a.csv: rad 9, verksamhet P2: P2 (hvb) har redan en rapport i omgången, i b.json; båda räknas. [duplicate-provider]");
        assert_eq!(d.count(), 2);
        assert_eq!(d.providers(), 3);
    }

    #[test]
    fn a_third_report_names_the_first_and_the_latest() {
        let mut d = Duplicates::default();
        d.see("P1", "hvb", "a.csv", Some(2));
        d.see("P1", "hvb", "a.csv", Some(5));
        let p = d.see("P1", "hvb", "b.yaml", None).expect("a duplicate");
        assert_eq!(p.message.en, "P1 (hvb) already has 2 reports in this batch, the first in a.csv, row 2 and the latest in a.csv, row 5; all are counted");
        assert_eq!(p.message.sv, "P1 (hvb) har redan 2 rapporter i omgången, den första i a.csv, rad 2 och den senaste i a.csv, rad 5; alla räknas.");
        let all = d.problems();
        assert_eq!(all.iter().map(|p| (p.file.as_str(), p.row)).collect::<Vec<_>>(), [("a.csv", Some(5)), ("b.yaml", None)]);
    }

    #[test]
    fn places_not_given_are_left_out() {
        let mut d = Duplicates::default();
        d.see("P1", "hvb", "", None);
        let p = d.see("P1", "hvb", "", None).expect("a duplicate");
        assert_eq!(p.render(Lang::En), "provider P1: P1 (hvb) already has a report in this batch; both are counted [duplicate-provider]");
        d.see("P2", "hvb", "", Some(0));
        let p = d.see("P2", "hvb", "", Some(3)).expect("a duplicate");
        assert_eq!(p.message.sv, "P2 (hvb) har redan en rapport i omgången, i rad 0; båda räknas.");
    }

    #[test]
    fn keys_are_unambiguous() {
        let mut d = Duplicates::default();
        assert!(d.see("b:c", "a", "", None).is_none());
        assert!(d.see("c", "a:b", "", None).is_none());
        assert!(d.see("1:ab", "", "", None).is_none());
        assert_eq!(split_key(&key("x:y", "1:z")), ("x:y", "1:z"));
    }

    #[test]
    fn merging_keeps_the_earliest_whatever_the_order() {
        // Positions 0..6: P1 at 0, 3, 5; P2 at 1, 4; P3 at 2.
        let reports = [("P1", 2), ("P2", 3), ("P3", 4), ("P1", 5), ("P2", 6), ("P1", 7)];
        let whole = {
            let mut d = Duplicates::default();
            for (i, (p, row)) in reports.iter().enumerate() {
                d.note(key(p, "hvb"), Place { file: "x.csv", row: Some(*row) }, i as u64);
            }
            d.problems()
        };
        for split in 0..reports.len() {
            let mut a = Duplicates::default();
            let mut b = Duplicates::default();
            for (i, (p, row)) in reports.iter().enumerate() {
                let d = if i < split { &mut a } else { &mut b };
                d.note(key(p, "hvb"), Place { file: "x.csv", row: Some(*row) }, i as u64);
            }
            // Either way round.
            let mut ab = a.clone();
            ab.merge(b.clone());
            b.merge(a);
            assert_eq!(ab.problems(), whole, "split at {split}");
            assert_eq!(b.problems(), whole, "split at {split}, merged the other way");
            assert_eq!(ab.count(), 3);
        }
        assert_eq!(whole.iter().map(|p| p.row).collect::<Vec<_>>(), [Some(5), Some(6), Some(7)]);
        assert!(whole[2].message.en.contains("2 reports in this batch, the first in x.csv, row 2 and the latest in x.csv, row 5"), "{}", whole[2].message.en);
    }
}
