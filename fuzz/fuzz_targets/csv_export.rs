//! Fuzz target: the survey export reader (`granska_summary::export`) on arbitrary bytes, against
//! the built-in pack: any input gives an export error or one result per row — never a
//! panic — and each report read evaluates.
#![no_main]

use std::sync::OnceLock;

use granska::Pack;
use granska_summary::export::{ExportOptions, ExportReader};
use libfuzzer_sys::fuzz_target;

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| Pack::builtin().expect("the built-in pack loads"))
}

fuzz_target!(|data: &[u8]| {
    let pack = pack();
    let Ok(reader) = ExportReader::new(pack, data, "fuzz.csv", &ExportOptions::default()) else { return };
    let header = reader.header();
    for row in reader.take(1000) {
        match row {
            Ok(answers) => {
                let report = pack.check(&answers);
                assert_eq!(report.verdicts.len(), pack.requirements().len());
                for issue in answers.issues() {
                    let _ = header.column_of(&issue.field);
                }
            }
            Err(problem) => {
                let _ = problem.render(granska::Lang::Sv);
            }
        }
    }
});
