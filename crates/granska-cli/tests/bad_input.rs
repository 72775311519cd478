//! The bad-input corpus (`tests/bad-input/`) through the command line: every case is run
//! with the built binary and checked against the same `<case>.expected` snapshots the core's
//! `crates/granska-summary/tests/bad_input.rs` writes.
//!
//! - `packs/`: `granska lint <case>`: every diagnostic of the snapshot is on standard error
//!   rustc-style (`error[code]: message`, `┌─ file:line:col`, `= hint: …`), and no other;
//!   exit 1, or 0 and the counts for an `ok:` case.
//! - `reports/`: `granska check --pack tests/bad-input/reports/pack.yaml <case>`: a rejected
//!   report exits 2 with its messages and code on standard error; a read one has each issue
//!   on standard error and the snapshot's verdicts in `--format json`; exit codes as
//!   `docs/cli.md` says. `summarize` counts it (or its rejection).
//! - `csv/`: `granska check <case> --format json` with the built-in pack: every header
//!   problem, rejected row and located issue on standard error (at its row, with its label),
//!   nothing else but duplicate-provider warnings; the providers read are the reports on
//!   standard output; exit codes as `docs/cli.md` says. `summarize` counts the same.
//!
//! Every run has a deadline (60 s), must end with an exit code (not a signal) and must not
//! print "panicked". The comparisons are tested to fail on a wrong snapshot.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Cases the command line cannot take, with the reason. None: every case runs.
const SKIP: &[(&str, &str)] = &[];

/// How long one run may take.
const DEADLINE: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// What one run of `granska` did.
#[derive(Debug)]
struct Run {
    /// The exit code; `None` when killed by a signal or the deadline.
    code: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

/// Runs `granska --lang en ARGS` from the workspace root without colour, with a deadline.
fn granska(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_granska"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["--lang", "en"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = vec![];
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait().expect("wait") {
            Some(status) => break status,
            None if started.elapsed() > DEADLINE => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().expect("wait after kill");
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    Run { code: status.code(), timed_out, stdout: out.join().expect("stdout"), stderr: err.join().expect("stderr") }
}

/// What every run must satisfy: it ended by itself, with an exit code, without a panic.
fn sane(run: &Run) -> Vec<String> {
    let mut failures = vec![];
    if run.timed_out {
        failures.push(format!("did not finish within {DEADLINE:?}"));
    } else if run.code.is_none() {
        failures.push("was killed by a signal".into());
    }
    if run.stdout.contains("panicked") || run.stderr.contains("panicked") {
        failures.push(format!("panicked:\n{}", run.stderr));
    }
    failures
}

fn expect_code(run: &Run, code: i32, failures: &mut Vec<String>) {
    if run.code != Some(code) {
        failures.push(format!("exit code {:?}, expected {code}", run.code));
    }
}

/// The cases of a corpus folder, as the core's test finds them, less the skip list.
fn cases(folder: &str) -> Vec<String> {
    let dir = root().join("tests/bad-input").join(folder);
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "expected" && e != "md"))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n != "pack.yaml" && !n.starts_with('_'))
        .map(|n| format!("tests/bad-input/{folder}/{n}"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    cases.retain(|c| !SKIP.iter().any(|(s, _)| s == c));
    cases
}

fn expected(case: &str) -> String {
    std::fs::read_to_string(root().join(format!("{case}.expected"))).unwrap_or_else(|e| panic!("{case}.expected: {e}"))
}

/// Runs every case and reports all mismatches at once.
fn run_all(folder: &str, check: impl Fn(&str, &str) -> Vec<String>) {
    let cases = cases(folder);
    let mut report = vec![];
    for case in &cases {
        let failures = check(case, &expected(case));
        if !failures.is_empty() {
            report.push(format!("--- {case}\n  {}", failures.join("\n  ")));
        }
    }
    assert!(report.is_empty(), "{} of {} cases differ:\n{}", report.len(), cases.len(), report.join("\n"));
}

#[test]
fn the_skip_list_is_exact() {
    let all: Vec<String> = ["packs", "reports", "csv"].iter().flat_map(|f| cases(f)).collect();
    for (case, reason) in SKIP {
        assert!(!reason.is_empty(), "{case}: a skipped case needs its reason");
        assert!(root().join(case).is_file(), "{case} is skipped but is not in the corpus");
        assert!(!all.contains(&case.to_string()));
    }
    assert_eq!(SKIP.len(), 0, "every case of the corpus runs through the command line");
}

// ---------------------------------------------------------------------------------------
// Packs

/// One diagnostic line of a pack snapshot: `file:line:col: severity[code]: message (hint: …)`.
#[derive(Debug, PartialEq)]
struct Diagnostic {
    file: String,
    line: String,
    column: String,
    /// `error[code]: message`
    head: String,
    hint: Option<String>,
}

fn parse_diagnostic(text: &str) -> Option<Diagnostic> {
    let at = ["error[", "warning["].iter().filter_map(|s| text.find(&format!(": {s}"))).min()?;
    let mut place = text[..at].rsplitn(3, ':');
    let column = place.next()?.to_string();
    let line = place.next()?.to_string();
    let file = place.next()?.to_string();
    let rest = &text[at + 2..];
    let (head, hint) = match rest.rfind(" (hint: ") {
        Some(i) if rest.ends_with(')') => (rest[..i].to_string(), Some(rest[i + 8..rest.len() - 1].to_string())),
        _ => (rest.to_string(), None),
    };
    Some(Diagnostic { file, line, column, head, hint })
}

/// The rustc-style blocks on standard error, each from its `error[…]`/`warning[…]` line.
fn blocks(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for line in stderr.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            out.push(String::new());
        }
        if let Some(b) = out.last_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    out
}

fn compare_pack(case: &str, expected: &str, run: &Run) -> Vec<String> {
    let mut failures = sane(run);
    if let Some(counts) = expected.strip_prefix("ok: ") {
        expect_code(run, 0, &mut failures);
        // `ok: 2 questions, 1 requirements` → `ok — 1 requirements, 2 questions`
        let n: Vec<&str> = counts.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
        let want = format!("{case}: ok — {} requirements, {} questions", n.get(1).unwrap_or(&"?"), n.first().unwrap_or(&"?"));
        if !run.stdout.contains(&want) {
            failures.push(format!("stdout lacks {want:?}:\n{}", run.stdout));
        }
        return failures;
    }
    expect_code(run, 1, &mut failures);
    let found = blocks(&run.stderr);
    let mut wanted = 0;
    for line in expected.lines().filter(|l| !l.is_empty()) {
        let Some(d) = parse_diagnostic(line) else {
            failures.push(format!("cannot read the snapshot line {line:?}"));
            continue;
        };
        wanted += 1;
        let location = if (d.line.as_str(), d.column.as_str()) == ("0", "0") { format!("= in {}", d.file) } else { format!("┌─ {}:{}:{}", d.file, d.line, d.column) };
        let hint = d.hint.as_ref().map(|h| format!("= hint: {h}"));
        let matches = |b: &String| b.lines().next() == Some(d.head.as_str()) && b.contains(&location) && hint.as_ref().is_none_or(|h| b.contains(h.as_str()));
        if !found.iter().any(matches) {
            failures.push(format!("stderr lacks `{}` at `{location}`{}:\n{}", d.head, hint.map(|h| format!(" with `{h}`")).unwrap_or_default(), run.stderr));
        }
    }
    if found.len() != wanted {
        failures.push(format!("{} diagnostics on stderr, {wanted} in the snapshot", found.len()));
    }
    let status = format!("{case}: {wanted} errors, 0 warnings");
    if !run.stdout.contains(&status) {
        failures.push(format!("stdout lacks {status:?}: {}", run.stdout));
    }
    failures
}

#[test]
fn every_bad_pack_through_lint() {
    run_all("packs", |case, expected| compare_pack(case, expected, &granska(&["lint", case])));
}

// ---------------------------------------------------------------------------------------
// Reports

/// A report snapshot: rejected (with its problems) or read (with its issues and verdicts).
#[derive(Debug)]
struct ReportOutcome {
    rejected: bool,
    provider: Option<String>,
    /// (field, code, message)
    problems: Vec<(String, String, String)>,
    /// (requirement, verdict)
    verdicts: Vec<(String, String)>,
}

fn parse_report(expected: &str) -> Option<ReportOutcome> {
    let mut lines = expected.lines();
    let first = lines.next()?;
    let (rejected, provider) = if let Some(p) = first.strip_prefix("rejected (provider ") {
        let p = p.strip_suffix("):")?;
        (true, p.strip_prefix("Some(\"").and_then(|p| p.strip_suffix("\")")).map(str::to_string))
    } else {
        (false, Some(first.strip_prefix("read (provider ")?.strip_suffix("):")?.to_string()))
    };
    let mut outcome = ReportOutcome { rejected, provider, problems: vec![], verdicts: vec![] };
    for line in lines {
        let line = line.strip_prefix("  ")?;
        if let Some(v) = line.strip_prefix("=> ") {
            let (req, verdict) = v.split_once(' ')?;
            outcome.verdicts.push((req.to_string(), verdict.to_string()));
        } else {
            let open = line.find(" [").or_else(|| line.starts_with('[').then_some(0))?;
            let field = line[..open].to_string();
            let rest = line[open..].trim_start().strip_prefix('[')?;
            let (code, message) = rest.split_once("] ")?;
            outcome.problems.push((field, code.to_string(), message.to_string()));
        }
    }
    Some(outcome)
}

fn is_warning_code(code: &str) -> bool {
    matches!(code, "not-relevant" | "not-asked" | "constraint")
}

fn compare_report(case: &str, expected: &str, check: &Run, summary: &Run) -> Vec<String> {
    let mut failures = sane(check);
    failures.extend(sane(summary).into_iter().map(|f| format!("summarize: {f}")));
    let Some(want) = parse_report(expected) else {
        return vec![format!("cannot read the snapshot:\n{expected}")];
    };
    let reports: serde_json::Value = serde_json::from_str(&check.stdout).unwrap_or(serde_json::Value::Null);
    let Some(reports) = reports.as_array() else {
        failures.push(format!("stdout is not a JSON list:\n{}", check.stdout));
        return failures;
    };
    let lines: Vec<&str> = check.stderr.lines().collect();
    let s: serde_json::Value = serde_json::from_str(&summary.stdout).unwrap_or(serde_json::Value::Null);
    if want.rejected {
        expect_code(check, 2, &mut failures);
        let line = lines.iter().find(|l| l.starts_with(&format!("rejected: {case}: ")));
        match line {
            None => failures.push(format!("no `rejected: {case}` line on stderr:\n{}", check.stderr)),
            Some(line) => {
                for (_, _, message) in &want.problems {
                    if !line.contains(message.trim_end_matches('.')) {
                        failures.push(format!("the rejection lacks {message:?}: {line}"));
                    }
                }
                let code = want.problems.first().map(|p| format!("[{}]", p.1)).unwrap_or_default();
                if !line.ends_with(&code) {
                    failures.push(format!("the rejection does not end with {code}: {line}"));
                }
                if let Some(p) = &want.provider
                    && !line.contains(&format!("provider {p}"))
                {
                    failures.push(format!("the rejection does not name provider {p}: {line}"));
                }
            }
        }
        if !reports.is_empty() {
            failures.push(format!("a rejected report is on stdout: {}", check.stdout));
        }
        expect_code(summary, 2, &mut failures);
        if (s["reports"]["count"].as_i64(), s["rejected"]["count"].as_i64()) != (Some(0), Some(1)) {
            failures.push(format!("summarize counts {} reports, {} rejected; expected 0 and 1", s["reports"]["count"], s["rejected"]["count"]));
        }
        return failures;
    }
    let mut malformed = false;
    for (field, code, message) in &want.problems {
        malformed |= !is_warning_code(code);
        let label = if is_warning_code(code) { "warning" } else { "error" };
        let place = if field.is_empty() { String::new() } else { format!("field {field}, ") };
        let line = format!("{label}: {case}: {place}provider {}: {message} [{code}]", want.provider.as_deref().unwrap_or(""));
        if !lines.contains(&line.as_str()) {
            failures.push(format!("stderr lacks {line:?}:\n{}", check.stderr));
        }
    }
    if lines.len() != want.problems.len() {
        failures.push(format!("{} lines on stderr, {} issues in the snapshot:\n{}", lines.len(), want.problems.len(), check.stderr));
    }
    match reports.as_slice() {
        [r] => {
            if r["provider"].as_str() != want.provider.as_deref() {
                failures.push(format!("provider {} on stdout, {:?} in the snapshot", r["provider"], want.provider));
            }
            let got: Vec<(String, String)> = r["verdicts"]
                .as_array()
                .map(|v| v.iter().map(|v| (v["requirement"].as_str().unwrap_or("").to_string(), v["verdict"].as_str().unwrap_or("").to_string())).collect())
                .unwrap_or_default();
            if got != want.verdicts {
                failures.push(format!("verdicts {got:?}, expected {:?}", want.verdicts));
            }
        }
        _ => failures.push(format!("{} reports on stdout, expected 1", reports.len())),
    }
    let not_met = want.verdicts.iter().any(|(_, v)| v == "not_met");
    expect_code(
        check,
        if malformed {
            2
        } else if not_met {
            1
        } else {
            0
        },
        &mut failures,
    );
    expect_code(summary, if malformed { 2 } else { 0 }, &mut failures);
    if (s["reports"]["count"].as_i64(), s["rejected"]["count"].as_i64()) != (Some(1), Some(0)) {
        failures.push(format!("summarize counts {} reports, {} rejected; expected 1 and 0", s["reports"]["count"], s["rejected"]["count"]));
    }
    failures
}

const REPORT_PACK: &str = "tests/bad-input/reports/pack.yaml";

#[test]
fn every_bad_report_through_check_and_summarize() {
    run_all("reports", |case, expected| {
        let check = granska(&["check", "--pack", REPORT_PACK, case, "--format", "json"]);
        let summary = granska(&["summarize", "--pack", REPORT_PACK, case, "--format", "json"]);
        compare_report(case, expected, &check, &summary)
    });
}

// ---------------------------------------------------------------------------------------
// Survey exports

/// An export snapshot, as the lines expected on standard error and the reports read.
#[derive(Debug, Default)]
struct CsvOutcome {
    /// The export could not be read at all.
    unread: bool,
    /// Whole stderr lines (label, path, problem).
    lines: Vec<String>,
    /// The providers read, in row order.
    providers: Vec<String>,
    rejected: usize,
    /// Some problem makes the run exit 2.
    bad: bool,
}

fn parse_csv(case: &str, expected: &str) -> Option<CsvOutcome> {
    let folder = case.rsplit_once('/').map(|(f, _)| format!("{f}/")).unwrap_or_default();
    let mut o = CsvOutcome::default();
    let mut lines = expected.lines().peekable();
    if lines.peek() == Some(&"not read:") {
        lines.next();
        o.unread = true;
        o.bad = true;
        for line in lines {
            o.lines.push(format!("error: {folder}{line}"));
        }
        return Some(o);
    }
    for line in lines {
        if let Some(p) = line.strip_prefix("header: ") {
            o.bad = true;
            o.lines.push(format!("error: {folder}{p}"));
        } else if let Some(issue) = line.strip_prefix("  ") {
            let code = issue.rsplit_once(" [")?.1.strip_suffix(']')?;
            let warning = is_warning_code(code);
            o.bad |= !warning;
            o.lines.push(format!("{}: {folder}{issue}", if warning { "warning" } else { "error" }));
        } else {
            let rest = line.strip_prefix("row ")?.split_once(": ")?.1;
            if let Some(read) = rest.strip_prefix("read ") {
                o.providers.push(read.split_once(" (")?.0.to_string());
            } else {
                o.bad = true;
                o.rejected += 1;
                o.lines.push(format!("rejected: {folder}{rest}"));
            }
        }
    }
    Some(o)
}

fn compare_csv(case: &str, expected: &str, check: &Run, summary: &Run) -> Vec<String> {
    let mut failures = sane(check);
    failures.extend(sane(summary).into_iter().map(|f| format!("summarize: {f}")));
    let Some(want) = parse_csv(case, expected) else {
        return vec![format!("cannot read the snapshot:\n{expected}")];
    };
    let lines: Vec<&str> = check.stderr.lines().collect();
    for line in &want.lines {
        if !lines.contains(&line.as_str()) {
            failures.push(format!("stderr lacks {line:?}:\n{}", check.stderr));
        }
    }
    for line in &lines {
        if !want.lines.iter().any(|l| l == line) && !line.ends_with("[duplicate-provider]") {
            failures.push(format!("stderr has a line not in the snapshot: {line:?}"));
        }
    }
    // Problems come in row order (as found).
    let order: Vec<usize> = want.lines.iter().filter_map(|l| lines.iter().position(|x| x == l)).collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        failures.push(format!("stderr is not in row order:\n{}", check.stderr));
    }
    let reports: serde_json::Value = serde_json::from_str(&check.stdout).unwrap_or(serde_json::Value::Null);
    let providers: Option<Vec<String>> = reports.as_array().map(|a| a.iter().map(|r| r["provider"].as_str().unwrap_or("?").to_string()).collect());
    if providers.as_ref() != Some(&want.providers) {
        failures.push(format!("reports on stdout of {providers:?}, expected {:?}", want.providers));
    }
    let not_met = reports.as_array().is_some_and(|a| a.iter().any(|r| r["counts"]["not_met"].as_i64().unwrap_or(0) > 0));
    expect_code(
        check,
        if want.bad {
            2
        } else if not_met {
            1
        } else {
            0
        },
        &mut failures,
    );
    expect_code(summary, if want.bad { 2 } else { 0 }, &mut failures);
    let s: serde_json::Value = serde_json::from_str(&summary.stdout).unwrap_or(serde_json::Value::Null);
    let counts = (s["reports"]["count"].as_u64(), s["rejected"]["count"].as_u64());
    if counts != (Some(want.providers.len() as u64), Some(want.rejected as u64)) {
        failures.push(format!("summarize counts {counts:?} reports and rejected, expected {} and {}", want.providers.len(), want.rejected));
    }
    failures
}

#[test]
fn every_bad_export_through_check_and_summarize() {
    run_all("csv", |case, expected| {
        let check = granska(&["check", case, "--format", "json"]);
        let summary = granska(&["summarize", case, "--format", "json"]);
        compare_csv(case, expected, &check, &summary)
    });
}

#[test]
fn the_same_provider_twice_in_an_export_is_a_warning() {
    let case = "tests/bad-input/csv/duplicate-provider.csv";
    let want = "warning: tests/bad-input/csv/duplicate-provider.csv: row 3, provider P001: P001 (familjeradgivning) already has a report in this batch, in tests/bad-input/csv/duplicate-provider.csv, row 2; both are counted [duplicate-provider]";
    for run in [granska(&["check", case, "--format", "json"]), granska(&["summarize", case])] {
        assert!(run.stderr.lines().any(|l| l == want), "{}", run.stderr);
        assert_eq!(run.code, Some(0), "a warning alone exits 0: {}", run.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// The comparisons can fail

fn fake(code: i32, stdout: &str, stderr: &str) -> Run {
    Run { code: Some(code), timed_out: false, stdout: stdout.into(), stderr: stderr.into() }
}

#[test]
fn the_comparisons_fail_on_a_wrong_outcome() {
    // A pack: the real output against a snapshot with another code, line, hint; a panic.
    let case = "tests/bad-input/packs/unknown-function.yaml";
    let run = granska(&["lint", case]);
    let good = expected(case);
    assert!(compare_pack(case, &good, &run).is_empty(), "{:?}", compare_pack(case, &good, &run));
    for bad in [good.replace("error[unknown-function]", "error[unknown-name]"), good.replace(":6:119:", ":6:118:"), good.replace("did you mean `len`", "did you mean `lent`")] {
        assert!(!compare_pack(case, &bad, &run).is_empty(), "{bad}");
    }
    let one_less: String = good.lines().take(1).map(|l| format!("{l}\n")).collect();
    assert!(!compare_pack(case, &one_less, &run).is_empty(), "an extra diagnostic is a failure");
    let panicked = Run { stderr: format!("{}\nthread 'main' panicked at src/main.rs", run.stderr), ..fake(1, &run.stdout, "") };
    assert!(!compare_pack(case, &good, &panicked).is_empty());
    let killed = Run { code: None, ..fake(0, &run.stdout, &run.stderr) };
    assert!(!compare_pack(case, &good, &killed).is_empty());

    // A report: a wrong verdict, a wrong issue code, a wrong exit code.
    let case = "tests/bad-input/reports/out-of-range.json";
    let check = granska(&["check", "--pack", REPORT_PACK, case, "--format", "json"]);
    let summary = granska(&["summarize", "--pack", REPORT_PACK, case, "--format", "json"]);
    let good = expected(case);
    assert!(compare_report(case, &good, &check, &summary).is_empty());
    for bad in [good.replacen("=> lex_sarah unanswered", "=> lex_sarah met", 1), good.replacen("[out-of-range]", "[wrong-type]", 1)] {
        assert!(!compare_report(case, &bad, &check, &summary).is_empty(), "{bad}");
    }
    assert!(!compare_report(case, &good, &fake(0, &check.stdout, &check.stderr), &summary).is_empty());
    let case = "tests/bad-input/reports/truncated.json";
    let check = granska(&["check", "--pack", REPORT_PACK, case, "--format", "json"]);
    let summary = granska(&["summarize", "--pack", REPORT_PACK, case, "--format", "json"]);
    let good = expected(case);
    assert!(compare_report(case, &good, &check, &summary).is_empty());
    assert!(!compare_report(case, &good.replace("[syntax]", "[missing]"), &check, &summary).is_empty());

    // An export: a rejection at another row, a provider not read, an issue not printed.
    let case = "tests/bad-input/csv/too-few-cells.csv";
    let check = granska(&["check", case, "--format", "json"]);
    let summary = granska(&["summarize", case, "--format", "json"]);
    let good = expected(case);
    assert!(compare_csv(case, &good, &check, &summary).is_empty(), "{:?}", compare_csv(case, &good, &check, &summary));
    for bad in [
        good.replace("row 3, column 7", "row 4, column 7"),
        good.replace("read P003", "read P004"),
        format!("{good}  too-few-cells.csv: row 4, column 1 (A, provider), provider P003: x [wrong-type]\n"),
    ] {
        assert!(!compare_csv(case, &bad, &check, &summary).is_empty(), "{bad}");
    }
    let stray = fake(2, &check.stdout, &format!("{}error: something else\n", check.stderr));
    assert!(!compare_csv(case, &good, &stray, &summary).is_empty(), "a line not in the snapshot is a failure");
}
