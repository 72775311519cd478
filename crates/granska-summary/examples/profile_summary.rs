//! Profile: summarise the summary benchmark's generated export of `ROWS` rows (default
//! 10,000) once, for valgrind's callgrind (instruction counts are exact and repeatable on a
//! noisy machine, where timings are not):
//!
//! ```sh
//! cargo build --profile bench -p granska-summary --example profile_summary
//! valgrind --tool=callgrind target/release/examples/profile_summary 10000
//! ```
//!
//! Prints the length of the summary's JSON, so the work cannot be optimised away.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's or example's setup stops at the first failure")]

use granska::Pack;
use granska_summary::export::{ExportOptions, ExportReader};
use granska_summary::{Accumulator, summarize_export};

#[path = "../benches/common/export.rs"]
mod export;

fn main() {
    let rows = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let pack = Pack::builtin().expect("the built-in pack loads");
    let bytes = export::generated_export(rows);
    let mut reader = ExportReader::new(&pack, &bytes[..], "generated.csv", &ExportOptions::default()).expect("the generated export reads");
    let mut acc = Accumulator::new(&pack);
    summarize_export(&mut reader, &mut acc, |_| {});
    println!("{}", acc.finish().to_json().len());
}
