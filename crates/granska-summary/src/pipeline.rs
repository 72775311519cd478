//! The whole pipeline over a survey export: rows read in batches, evaluated in parallel,
//! accumulated in order, with progress reported.

use super::*;
use crate::export::Header;

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
    let file = header.source();
    let mut rows: Vec<ExportRow> = Vec::new();
    let mut next: Vec<ExportRow> = Vec::new();
    let mut total = 0u64;
    let mut read = fill(reader, &mut rows);
    loop {
        // The next batch is decoded (on this thread) while the parts of this one are read
        // into reports and counted (on the pool): the reading is serial, the rest parallel.
        let batch = &rows[..read.rows];
        #[cfg(feature = "parallel")]
        let ((part, mut problems, mut keys), next_read) = {
            let mut done = None;
            let next_read = rayon::in_place_scope(|scope| {
                let (done, acc, header) = (&mut done, &*acc, &header);
                scope.spawn(move |_| *done = Some(count_batch(acc, header, batch)));
                (!read.end).then(|| fill(reader, &mut next))
            });
            // The scope waits for the spawned count (and passes on its panic).
            let Some(done) = done else { return };
            (done, next_read)
        };
        #[cfg(not(feature = "parallel"))]
        let ((part, mut problems, mut keys), next_read) = (count_batch(acc, &header, batch), (!read.end).then(|| fill(reader, &mut next)));
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
        acc.duplicates.next = base + read.rows as u64;
        problems.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        for p in &problems {
            progress(Progress::Problem(p));
        }
        if let Some(e) = read.failure {
            progress(Progress::Problem(&e));
            acc.reject(e);
        }
        total += read.rows as u64;
        progress(Progress::Rows(total));
        match next_read {
            Some(r) => {
                read = r;
                std::mem::swap(&mut rows, &mut next);
            }
            None => break,
        }
    }
}

/// A batch of rows read: how many, whether the input ended, and why it could not be read
/// further (the last row, rejected).
struct Filled {
    rows: usize,
    end: bool,
    failure: Option<InputProblem>,
}

/// Reads up to [`BATCH`] rows into `rows` (reusing their buffers).
fn fill<R: Read>(reader: &mut ExportReader<'_, R>, rows: &mut Vec<ExportRow>) -> Filled {
    let mut n = 0;
    while n < BATCH {
        if rows.len() <= n {
            rows.push(ExportRow::default());
        }
        match reader.read_row_into(&mut rows[n]) {
            Ok(true) => n += 1,
            Ok(false) => return Filled { rows: n, end: true, failure: None },
            Err(e) => return Filled { rows: n, end: true, failure: Some(e) },
        }
    }
    Filled { rows: n, end: false, failure: None }
}

/// One batch's counts, its problems, and the provider key of each row read (by position).
type Part = (Accumulator, Vec<InputProblem>, Vec<(usize, Box<str>)>);

/// Reads a batch's rows into reports and counts them (in parallel where the `parallel`
/// feature is on), into an accumulator like `acc`.
fn count_batch(acc: &Accumulator, header: &Header, batch: &[ExportRow]) -> Part {
    let pack = &acc.pack;
    let one = |(mut a, mut problems, mut keys): Part, (i, row): (usize, &ExportRow)| {
        let read = ReadRow::new(header, pack, row);
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
    {
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
    }
    #[cfg(not(feature = "parallel"))]
    {
        batch.iter().enumerate().fold((acc.empty_like(), vec![], vec![]), one)
    }
}
