//! Fuzz target: the pack loader on arbitrary YAML. Any text loads or gives diagnostics,
//! never a panic; every diagnostic renders; a pack that loads evaluates an empty report
//! and gives a form state.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match granska::Pack::from_yaml(text, "fuzz.yaml") {
        Ok(pack) => {
            let service = pack.services().first().map(|s| s.id.clone()).unwrap_or_else(|| "x".into());
            let meta = granska::ReportMeta { provider: "P".into(), service, date: "2017-12-31".into(), ..Default::default() };
            if let Ok(builder) = pack.answers(meta) {
                let answers = builder.finish();
                let report = pack.check(&answers);
                assert_eq!(report.verdicts.len(), pack.requirements().len());
                let _ = pack.form_state(&answers);
                let _ = serde_json::to_string(&report);
            }
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty());
            let _ = e.render(false);
        }
    }
});
