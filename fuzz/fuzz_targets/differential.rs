//! Fuzz target: the differential test. The bytes drive `granska::testing`'s generator of a
//! well-typed pack and a report; the fast evaluator and the reference evaluator must agree
//! on every derived value and every verdict.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(disagreement) = granska::testing::check_bytes(data) {
        panic!("{disagreement}");
    }
});
