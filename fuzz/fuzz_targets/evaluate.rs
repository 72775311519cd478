//! Fuzz target: reading and evaluating arbitrary reports against fixed packs — the
//! built-in pack and the differential test's pack (every question type, lists of records,
//! a multiple choice, relevance). The first byte picks the pack, JSON or YAML, and text or a
//! file's bytes; the rest is the report. Reading gives answers or a report error, never a
//! panic; answers always evaluate, explain and serialise.
#![no_main]

use std::sync::OnceLock;

use granska::Pack;
use libfuzzer_sys::fuzz_target;

fn packs() -> &'static [Pack; 2] {
    static PACKS: OnceLock<[Pack; 2]> = OnceLock::new();
    PACKS.get_or_init(|| {
        let builtin = Pack::builtin().expect("the built-in pack loads");
        let mut typed = granska::testing::QUESTIONS.to_string();
        typed.push_str(concat!(
            "derived:\n",
            "  - { id: kvot, expr: \"n1 / i1\" }\n",
            "requirements:\n",
            "  - { id: r1, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: \"{kvot} {i1}\", en: M }, require: \"b1 and kvot >= 0.5\" }\n",
            "  - { id: r2, title: { sv: R, en: R }, source: S, severity: bor, area: trygghet, message: { sv: M, en: M }, applies: \"answered(d1)\", require: \"months_between(d1, report_date()) <= 24 and add_days(d1, i2) > d2\" }\n",
            "  - { id: r3, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, require: \"all(p in l1, p.ok and p.c in [\\\"a\\\", \\\"b\\\"]) and sum(p in l1, p.n) < 100 and count(q in l2, q.k > 3) >= 0\" }\n",
            "  - { id: r4, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, services: [s2], require: \"\\\"a\\\" in m1 and len(t1) < 10 and matches(t1, \\\"^[a-z]+$\\\") and c1 != \\\"x\\\" and p1 > 50\" }\n",
        ));
        let typed = Pack::from_yaml(&typed, "typed.yaml").expect("the typed pack loads");
        [builtin, typed]
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let pack = &packs()[(mode & 1) as usize];
    let format = if mode & 2 == 0 { granska::ReportFormat::Json } else { granska::ReportFormat::Yaml };
    // Bit 2: the bytes as a file's (UTF-8 checked by granska); else as text.
    let read = if mode & 4 != 0 {
        pack.read_report_bytes(rest, format)
    } else {
        let Ok(text) = std::str::from_utf8(rest) else { return };
        if format == granska::ReportFormat::Json { pack.read_report_json(text) } else { pack.read_report_yaml(text) }
    };
    match read {
        Ok(answers) => {
            let report = pack.check(&answers);
            assert_eq!(report.verdicts.len(), pack.requirements().len());
            let mut verdicts = Vec::new();
            pack.evaluate(&answers, &mut verdicts);
            assert!(report.verdicts.iter().zip(&verdicts).all(|(r, v)| r.verdict == *v), "check and evaluate disagree");
            let _ = pack.form_state(&answers);
            serde_json::to_string(&report).expect("a report serialises");
        }
        Err(e) => assert!(!e.problems.is_empty()),
    }
});
