//! The bad-input corpus (`tests/bad-input/`): broken packs, reports and survey exports,
//! each with the exact outcome expected, as a snapshot next to it (`<case>.expected`).
//!
//! - `packs/*.yaml` (and other files there) are loaded with `Pack::from_path`; the outcome
//!   is `ok` or every diagnostic, one per line.
//! - `reports/*.json`, `*.yaml` are read against `reports/pack.yaml`; the outcome is the
//!   report's rejection, or its issues and verdicts.
//! - `csv/*.csv` are read by `granska_summary::export` against the built-in pack; the outcome is the
//!   header's problems and, per row, its rejection or its issues, located by row and column.
//!
//! `BLESS=1 cargo test -p granska-summary --test bad_input` writes the outcomes as the new
//! snapshots (review the diff). Cases larger than a committed file should be (the deepest
//! nesting, the longest texts) are generated here, in the tests at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use granska::{Lang, Pack};
use granska_summary::export::{ExportOptions, ExportReader};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-input")
}

/// Removes the repository root from paths in an outcome (written `crates/granska-summary/../../`,
/// or normalised).
fn relative(outcome: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = outcome.replace(&format!("{}/", root.display()), "");
    if let Ok(canonical) = root.canonicalize() {
        out = out.replace(&format!("{}/", canonical.display()), "");
    }
    out
}

fn pack_outcome(path: &Path) -> String {
    match Pack::from_path(path) {
        Ok(pack) => format!("ok: {} questions, {} requirements\n", pack.questions().len(), pack.requirements().len()),
        Err(e) => e.diagnostics.iter().map(|d| format!("{d}\n")).collect(),
    }
}

fn report_pack() -> Pack {
    Pack::from_path(corpus().join("reports/pack.yaml")).expect("tests/bad-input/reports/pack.yaml loads")
}

fn report_outcome(pack: &Pack, path: &Path) -> String {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return format!("unreadable: {e}\n"),
    };
    let format = granska::ReportFormat::from_extension(path).unwrap_or_else(|| granska::ReportFormat::sniff(&bytes));
    let read = pack.read_report_bytes(&bytes, format);
    match read {
        Err(e) => {
            let mut out = format!("rejected (provider {:?}):\n", e.provider);
            for p in &e.problems {
                let _ = writeln!(out, "  {} [{}] {}", p.field, p.code, p.message.en);
            }
            out
        }
        Ok(answers) => {
            let mut out = format!("read (provider {}):\n", answers.provider());
            for i in answers.issues() {
                let _ = writeln!(out, "  {} [{}] {}", i.field, i.code, i.message.en);
            }
            let report = pack.check(&answers);
            for v in &report.verdicts {
                let _ = writeln!(out, "  => {} {}", v.requirement, v.verdict.as_str());
            }
            out
        }
    }
}

fn csv_outcome(pack: &Pack, path: &Path) -> String {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return format!("unreadable: {e}\n"),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let reader = match ExportReader::new(pack, bytes.as_slice(), &name, &ExportOptions::default()) {
        Ok(r) => r,
        Err(e) => return format!("not read:\n{}\n", e.render(Lang::En)),
    };
    let header = reader.header();
    let mut out = String::new();
    for p in header.problems() {
        let _ = writeln!(out, "header: {}", p.render(Lang::En));
    }
    let mut row = 1;
    let mut reader = reader;
    while let Some(result) = reader.next() {
        match result {
            Ok(answers) => {
                row = reader.row();
                let _ = writeln!(out, "row {row}: read {} ({} issues)", answers.provider(), answers.issues().len());
                for issue in answers.issues() {
                    let _ = writeln!(out, "  {}", header.locate(row, answers.provider(), issue).render(Lang::En));
                }
            }
            Err(p) => {
                row = p.row.unwrap_or(row);
                let _ = writeln!(out, "row {row}: {}", p.render(Lang::En));
            }
        }
    }
    out
}

/// Compares every case of a folder with its snapshot; all mismatches are reported at once.
fn run(folder: &str, outcome: impl Fn(&Path) -> String) {
    let dir = corpus().join(folder);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "expected" && e != "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "pack.yaml" && !n.to_string_lossy().starts_with("_")))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = vec![];
    for case in &cases {
        let got = relative(&outcome(case));
        let expected_path = PathBuf::from(format!("{}.expected", case.display()));
        if bless {
            std::fs::write(&expected_path, &got).expect("the snapshot is written");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("--- {}\n=== expected:\n{expected}=== got:\n{got}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ (BLESS=1 to accept):\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn bad_packs() {
    run("packs", pack_outcome);
}

#[test]
fn bad_reports() {
    let pack = report_pack();
    run("reports", |p| report_outcome(&pack, p));
}

#[test]
fn bad_exports() {
    let pack = Pack::builtin().expect("the built-in pack loads");
    run("csv", |p| csv_outcome(&pack, p));
}

// ------------------------------------------------------------------------------------------
// Generated cases: too large to commit as files.

/// A pack whose one requirement is `require`.
fn pack_requiring(require: &str) -> String {
    format!(
        "pack: {{ id: t, title: {{ sv: T, en: T }} }}\nquestions:\n  - {{ id: x, type: bool, label: {{ sv: X, en: X }} }}\n  - {{ id: n, type: integer, label: {{ sv: N, en: N }} }}\nrequirements:\n  - {{ id: r, title: {{ sv: R, en: R }}, source: S, severity: krav, area: trygghet, message: {{ sv: M, en: M }}, require: {} }}\n",
        serde_json::to_string(require).unwrap()
    )
}

fn first_error(yaml: &str, limits: &granska::Limits) -> String {
    match Pack::from_yaml_with_limits(yaml, "gen.yaml", limits) {
        Ok(_) => "ok".into(),
        Err(e) => e.diagnostics.first().map(|d| format!("{} {}", d.code, d.message)).unwrap_or_default(),
    }
}

/// Deep nesting is an error, never a stack overflow — with the default limits, and with
/// limits raised so far that only the nesting guard stands between the input and the stack.
/// (Tests run on 2 MB threads, in debug builds: the tightest stack granska meets.)
#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let default = granska::Limits::default();
    let long = granska::Limits { max_expression_length: 1 << 20, ..granska::Limits::default() };
    let cases = [
        (format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000)), "brackets nest deeper than 64 levels"),
        (format!("{}x", "not ".repeat(5_000)), "nests"),
        (format!("{}n > 0", "- ".repeat(5_000)), "expression nests deeper than 64 levels"),
        (format!("{}n{} > 0", "-(".repeat(5_000), ")".repeat(5_000)), "brackets nest deeper than 64 levels"),
        (format!("{}x{}", "abs(".repeat(5_000), ")".repeat(5_000)), "brackets nest deeper than 64 levels"),
        (format!("{}x", "if x then x else ".repeat(5_000)), "nests"),
        (format!("n{} > 0", " + n".repeat(5_000)), "expression nests deeper than 64 levels"),
    ];
    for (expr, message) in &cases {
        let yaml = pack_requiring(expr);
        let got = first_error(&yaml, &default);
        assert!(got.starts_with("syntax expression is") && got.ends_with("the limit is 4096"), "{}…: {got}", &expr[..40]);
        let got = first_error(&yaml, &long);
        assert!(got.contains(message), "{}…: {got}", &expr[..40]);
    }
    // Negations of a number literal fold into it, however many.
    let mut minus = Pack::from_yaml_with_limits(&pack_requiring(&format!("{}1 > 0", "- ".repeat(5_000))), "minus.yaml", &long).map(|_| ());
    assert!(minus.is_ok(), "{minus:?}");
    minus = Pack::from_yaml(&pack_requiring(&format!("{}1 > 0", "- ".repeat(2_000))), "minus.yaml").map(|_| ());
    assert!(minus.is_ok(), "{minus:?}");
    // Just inside the limits, everything loads and evaluates.
    for expr in [format!("{}x{}", "(".repeat(63), ")".repeat(63)), format!("{}x", "not ".repeat(62)), format!("{}1{} > 0", "-(".repeat(62), ")".repeat(62))] {
        let pack = Pack::from_yaml(&pack_requiring(&expr), "ok.yaml").unwrap_or_else(|e| panic!("{e}"));
        let answers = pack.read_report_json(r#"{"provider": "P", "service": "s", "date": "2017-12-31", "answers": {"x": true}}"#).unwrap();
        assert_eq!(pack.check(&answers).verdicts.len(), 1);
    }
}

/// Deeply nested YAML (`[[[[…]]]]`) is a located YAML error, never a stack overflow.
#[test]
fn deep_yaml_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let deep = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        for yaml in [
            format!("pack: {deep}\n"),
            format!(
                "pack: {{ id: t, title: {{ sv: T, en: T }} }}\nrequirements:\n  - {{ id: r, title: {{ sv: R, en: R }}, source: {deep}, severity: krav, area: trygghet, require: 'true', message: {{ sv: M, en: M }} }}\n"
            ),
        ] {
            let err = Pack::from_yaml(&yaml, "deep.yaml").expect_err("deep YAML is rejected");
            assert_eq!(err.diagnostics[0].code, "yaml", "{err}");
        }
    }
}

/// A chain of 10,000 derived values (each using the one before) would recurse 10,000 levels
/// deep when evaluated: it is rejected at load, defined in either order.
#[test]
fn a_long_chain_of_derived_values_is_rejected() {
    for reverse in [false, true] {
        let mut yaml = String::from("pack: { id: t, title: { sv: T, en: T } }\nquestions:\n  - { id: n, type: integer, label: { sv: N, en: N } }\nderived:\n");
        let mut defs: Vec<String> =
            (0..10_000).map(|i| if i == 0 { "  - { id: d0, expr: \"n\" }\n".to_string() } else { format!("  - {{ id: d{i}, expr: \"d{} + 1\" }}\n", i - 1) }).collect();
        if reverse {
            defs.reverse();
        }
        yaml.extend(defs);
        yaml.push_str("requirements:\n  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, require: \"d9999 > 0\", message: { sv: M, en: M } }\n");
        let err = Pack::from_yaml(&yaml, "chain.yaml").expect_err("too deep");
        assert!(err.diagnostics.iter().all(|d| d.code == "limit"), "{err}");
        assert!(err.diagnostics[0].message.contains("derived values it uses"), "{err}");
    }
}

/// The evaluation step budget holds for one report as a whole, and for each expression.
#[test]
fn the_step_budget_is_enforced_at_load() {
    let default = granska::Limits::default();
    let lists = "pack: { id: t, title: { sv: T, en: T } }\nquestions:\n  - id: l\n    type: list\n    label: { sv: L, en: L }\n    fields: [ { id: ok, type: bool, label: { sv: OK, en: OK } }, { id: t, type: text, label: { sv: T, en: T } } ]\n  - { id: t, type: text, label: { sv: T, en: T } }\n";
    let with = |require: &str, copies: usize| {
        let mut y = lists.to_string();
        y.push_str("requirements:\n");
        for i in 0..copies {
            let _ = writeln!(
                y,
                "  - {{ id: r{i}, title: {{ sv: R, en: R }}, source: S, severity: krav, area: trygghet, message: {{ sv: M, en: M }}, require: {} }}",
                serde_json::to_string(require).unwrap()
            );
        }
        y
    };
    // Two nested loops: 1,000 × 1,000 records. Three: a billion steps.
    assert_eq!(first_error(&with("any(p in l, any(q in l, p.ok and q.ok))", 1), &default), "ok");
    let three = first_error(&with("any(p in l, any(q in l, any(r in l, p.ok and q.ok and r.ok)))", 1), &default);
    assert!(three.starts_with("limit this expression may take 4002002002 evaluation steps"), "{three}");
    // Each expression within budget, but not all of them together.
    let many = first_error(&with("any(p in l, any(q in l, p.ok and q.ok))", 4), &default);
    assert!(many.starts_with("limit evaluating one report may take"), "{many}");
    // Reading long texts whole counts by the longest text allowed.
    let texts = first_error(&with("count(p in l, any(q in l, p.t == q.t)) > 0", 1), &default);
    assert!(texts.starts_with("limit this expression may take"), "{texts}");
    assert_eq!(first_error(&with("count(p in l, p.t == \"x\" and len(t) > 0) > 0", 1), &default), "ok");
}

/// Answers past the limits: too many records, too long texts, too long report fields.
#[test]
fn answers_past_the_limits_are_issues() {
    let pack = report_pack();
    let records: Vec<serde_json::Value> = (0..1_001).map(|_| serde_json::json!({"ok": true})).collect();
    let long = "å".repeat(40_000);
    let report = serde_json::json!({"provider": "P", "service": "hvb", "date": "2017-12-31", "answers": {"personal.nyanstallda": records, "verksamhet.namn": long}});
    let answers = pack.read_report(&report).expect("the report is read");
    let codes: Vec<(&str, &str)> = answers.issues().iter().map(|i| (i.field.as_str(), i.code.as_str())).collect();
    assert_eq!(codes, [("personal.nyanstallda", "too-many-records"), ("verksamhet.namn", "too-long")]);
    let report = serde_json::json!({"provider": "P", "service": "hvb", "contract": long, "date": "2017-12-31"});
    let err = pack.read_report(&report).expect_err("a report field that long is rejected");
    assert_eq!(err.problems[0].code, "too-long");
    assert_eq!(err.provider.as_deref(), Some("P"));
}

/// Inputs that never end, or whose one row never does, stop at a limit with an error: a
/// pack file is read at most one byte past `max_file_size`, an export row at most
/// `MAX_ROW_BYTES` (16 MiB) — never until memory runs out.
#[test]
fn endless_inputs_stop_at_a_limit() {
    use std::io::Read as _;
    let pack = Pack::builtin().expect("the built-in pack loads");
    // A header, then one row that never ends (like a binary file or /dev/zero).
    let header = "provider,service,date,ledning.riskanalys\n";
    let endless = header.as_bytes().chain(std::io::repeat(b'x'));
    let mut reader = ExportReader::new(&pack, endless, "endless.csv", &ExportOptions::default()).expect("the header is read");
    let Some(Err(problem)) = reader.next() else { panic!("the endless row is an error") };
    assert_eq!((problem.code.as_str(), problem.row, problem.rejected), ("io", Some(2), true), "{problem:?}");
    assert!(problem.message.en.contains("a row is longer than 16 MiB"), "{}", problem.message.en);
    assert!(reader.next().is_none(), "nothing is read after it");
    // A header that never ends.
    let Err(e) = ExportReader::new(&pack, std::io::repeat(b';'), "endless.csv", &ExportOptions::default()) else { panic!("an endless header is an error") };
    assert!(e.render(Lang::En).contains("a row is longer than 16 MiB"), "{}", e.render(Lang::En));
    // A pack file with no length (a device) is read only up to the limit.
    if Path::new("/dev/zero").exists() {
        let Err(e) = Pack::from_path("/dev/zero") else { panic!("/dev/zero is not a pack") };
        assert!(e.diagnostics[0].message.contains("is more than 4194304 bytes, the limit for a pack file"), "{}", e.diagnostics[0]);
    }
}
