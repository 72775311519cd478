//! Fuzz target: loading compiled pack files (`Pack::from_compiled`). The first byte picks
//! how the rest is used: as a whole file; or as changes to a valid compiled pack (the
//! differential test's pack: every question type, lists, a multiple choice, derived values,
//! a pattern), either kept under the old checksum (a damaged file, which must be refused) or
//! with the checksum computed again (a file written by other means, which must be refused
//! as invalid or load). Loading never panics; a pack that loads evaluates an empty report,
//! gives a form state, and writes itself again to bytes that load to the same pack.
#![no_main]

use std::sync::OnceLock;

use granska::Pack;
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

/// Bytes before the payload: magic (12), version (4), content hash (64), length (8).
const HEADER: usize = 88;

fn compiled() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut pack = granska::testing::QUESTIONS.to_string();
        pack.push_str(concat!(
            "derived:\n",
            "  - { id: kvot, expr: \"n1 / i1\" }\n",
            "requirements:\n",
            "  - { id: r1, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: \"{kvot}\", en: M }, require: \"b1 and kvot >= 0.5\" }\n",
            "  - { id: r2, title: { sv: R, en: R }, source: S, severity: bor, area: trygghet, message: { sv: M, en: M }, services: [s2], require: \"all(p in l1, p.ok) and \\\"a\\\" in m1 and matches(t1, \\\"^[a-z]+$\\\")\" }\n",
        ));
        Pack::from_yaml(&pack, "fuzz.yaml").expect("the fuzz pack loads").to_compiled()
    })
}

fn exercise(pack: &Pack) {
    for service in ["s1", "s2"] {
        let meta = granska::ReportMeta { provider: "P".into(), service: service.into(), date: "2017-12-31".into(), ..Default::default() };
        if let Ok(builder) = pack.answers(meta) {
            let answers = builder.finish();
            let report = pack.check(&answers);
            assert_eq!(report.verdicts.len(), pack.requirements().len());
            let _ = pack.form_state(&answers);
            let _ = serde_json::to_string(&report);
        }
    }
    let again = Pack::from_compiled(&pack.to_compiled()).expect("a loaded pack writes itself again");
    assert_eq!(again.content_hash(), pack.content_hash());
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let file = match mode % 3 {
        0 => rest.to_vec(),
        _ => {
            let mut file = compiled().to_vec();
            let payload = file.len() - HEADER - 32;
            // Pairs of (position, byte) written into the payload.
            for pair in rest.chunks_exact(3) {
                let at = usize::from(u16::from_le_bytes([pair[0], pair[1]])) % payload;
                file[HEADER + at] = pair[2];
            }
            if mode % 3 == 2 {
                let end = file.len() - 32;
                let sum = Sha256::digest(&file[..end]);
                file[end..].copy_from_slice(&sum);
            } else if rest.len() >= 3 && file != compiled() {
                assert!(Pack::from_compiled(&file).is_err(), "a damaged file loaded");
                return;
            }
            file
        }
    };
    if let Ok(pack) = Pack::from_compiled(&file) {
        exercise(&pack);
    }
});
