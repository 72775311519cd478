//! The example reports under `examples/reports/`: golden snapshots of their verdicts, and
//! every `*-ok.yaml` meets every requirement that applies to it.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::fmt::Write;

use granska::{Pack, Verdict};

fn reports() -> Vec<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("examples/reports").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    files.sort();
    files
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn every_example_report_matches_its_golden_verdicts() {
    let pack = Pack::builtin().expect("built-in pack");
    let files = reports();
    assert!(files.len() >= 12, "at least two example reports per service type");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let answers = pack.read_report_yaml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let report = pack.check(&answers);
        let mut out = String::new();
        let _ = writeln!(out, "{} {} {} {}", report.provider, report.service, report.date, serde_json::to_string(&report.counts).unwrap_or_default());
        for issue in &report.issues {
            let _ = writeln!(out, "issue {} {}: {}", issue.field, issue.code, issue.message.en);
        }
        for v in report.verdicts.iter().filter(|v| v.verdict != Verdict::NotApplicable) {
            let _ = write!(out, "{:<32} {:<12} {}", v.requirement, v.verdict.as_str(), v.source);
            for e in &v.explanation {
                let _ = write!(out, " | {}", e.detail.sv);
            }
            if !v.deciding.is_empty() {
                let _ = write!(out, " | avgörs av {}", v.deciding.join(", "));
            }
            out.push('\n');
        }
        insta::assert_snapshot!(format!("example_{}", stem(&path)), out);
    }
}

#[test]
fn the_ok_examples_meet_every_requirement_that_applies() {
    let pack = Pack::builtin().expect("built-in pack");
    for path in reports().into_iter().filter(|p| stem(p).ends_with("-ok")) {
        let text = std::fs::read_to_string(&path).expect("readable");
        let answers = pack.read_report_yaml(&text).expect("valid report");
        let report = pack.check(&answers);
        assert!(report.issues.is_empty(), "{}: {:?}", path.display(), report.issues);
        let failing: Vec<_> =
            report.verdicts.iter().filter(|v| matches!(v.verdict, Verdict::NotMet | Verdict::Unanswered)).map(|v| format!("{} {}", v.requirement, v.verdict.as_str())).collect();
        assert!(failing.is_empty(), "{}: {failing:?}", path.display());
        assert!(report.counts.met >= 15, "{}: {:?}", path.display(), report.counts);
    }
}

#[test]
fn the_brister_examples_show_the_typical_gaps() {
    let pack = Pack::builtin().expect("built-in pack");
    for path in reports().into_iter().filter(|p| stem(p).ends_with("-brister")) {
        let text = std::fs::read_to_string(&path).expect("readable");
        let report = pack.check(&pack.read_report_yaml(&text).expect("valid report"));
        assert!(report.counts.not_met >= 3, "{}: {:?}", path.display(), report.counts);
        // Every not_met is explained.
        for v in report.verdicts.iter().filter(|v| v.verdict == Verdict::NotMet) {
            assert!(!v.explanation.is_empty(), "{} {} has no explanation", path.display(), v.requirement);
            assert!(v.message.is_some());
        }
    }
}
