//! Runs the data-driven conformance cases under `tests/conformance/` (format in its README):
//! the same files the Python and JS bindings run. Each case runs twice: with the pack as
//! loaded from YAML, and with that pack written as a compiled pack file and read back.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::PathBuf;

use granska::{Pack, Verdict};
use serde_json::{Value, json};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

/// Builds the pack text of a shorthand case, exactly as the README says.
fn shorthand_pack(file: &Value, case: &Value) -> String {
    let services = file.get("services").cloned().unwrap_or_else(|| json!([{"id": "test", "label": {"sv": "Test", "en": "Test"}}]));
    let questions = file.get("questions").cloned().unwrap_or_else(|| json!([]));
    let derived = case.get("derived").or_else(|| file.get("derived")).cloned().unwrap_or_else(|| json!([]));
    let mut requirement = serde_json::Map::new();
    requirement.insert("id".into(), json!("r"));
    requirement.insert("title".into(), json!({"sv": "R", "en": "R"}));
    requirement.insert("source".into(), json!("Test 1 §"));
    requirement.insert("severity".into(), json!("krav"));
    requirement.insert("area".into(), json!("trygghet"));
    if let Some(a) = case.get("applies") {
        requirement.insert("applies".into(), a.clone());
    }
    requirement.insert("require".into(), case.get("require").cloned().unwrap_or(Value::Null));
    requirement.insert("message".into(), json!({"sv": "Krav ej uppfyllt", "en": "Requirement not met"}));
    let pack = json!({
        "pack": {"id": "conformance", "title": {"sv": "Test", "en": "Test"}},
        "services": services,
        "questions": questions,
        "derived": derived,
        "requirements": [Value::Object(requirement)],
    });
    serde_json::to_string(&pack).unwrap_or_default()
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| a.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).collect())
}

fn verdict_name(v: Verdict) -> &'static str {
    v.as_str()
}

/// Runs one case; returns the failures found. With `compiled`, the pack that loaded is
/// written as a compiled pack file and read back first, and the case must pass the same.
fn run_case(file: &Value, case: &Value, compiled: bool) -> Vec<String> {
    let mut failures = vec![];
    let text = match case.get("pack").and_then(Value::as_str) {
        Some(t) => t.to_string(),
        None => shorthand_pack(file, case),
    };
    let full_pack = case.get("pack").is_some();
    let builtin = case.get("builtin").or_else(|| file.get("builtin")).and_then(Value::as_bool).unwrap_or(false);
    let loaded = if builtin { Pack::builtin() } else { Pack::from_yaml(&text, "case.yaml") };
    // A parameters file applied to the pack; its errors are located in `params.yaml`.
    let loaded = match (loaded, case.get("params").and_then(Value::as_str)) {
        (Ok(p), Some(params)) => p.with_params_yaml(params, "params.yaml"),
        (other, _) => other,
    };
    let expected_errors = case.get("errors").and_then(Value::as_array);
    let pack = match (loaded, expected_errors) {
        (Ok(_), Some(errors)) => {
            failures.push(format!("expected {} load error(s), the pack loaded", errors.len()));
            return failures;
        }
        (Err(e), Some(errors)) => {
            let got: Vec<_> = e.diagnostics.iter().filter(|d| d.severity == granska::DiagnosticSeverity::Error).collect();
            if got.len() != errors.len() {
                failures.push(format!("expected {} error(s), got {}:\n{}", errors.len(), got.len(), e));
            }
            for (want, d) in errors.iter().zip(&got) {
                if let Some(code) = want.get("code").and_then(Value::as_str)
                    && d.code != code
                {
                    failures.push(format!("error code: want {code}, got {} ({})", d.code, d));
                }
                if let Some(m) = want.get("message").and_then(Value::as_str)
                    && !d.message.contains(m)
                    && !d.hint.as_deref().unwrap_or("").contains(m)
                {
                    failures.push(format!("error message: want it to contain {m:?}, got {d}"));
                }
                if full_pack || d.file == "params.yaml" {
                    for (key, got_v) in [("line", d.line), ("column", d.column)] {
                        if let Some(w) = want.get(key).and_then(Value::as_u64)
                            && w != got_v as u64
                        {
                            failures.push(format!("error {key}: want {w}, got {got_v} ({d})"));
                        }
                    }
                }
            }
            return failures;
        }
        (Err(e), None) => {
            failures.push(format!("the pack did not load:\n{e}"));
            return failures;
        }
        (Ok(p), None) if compiled => match Pack::from_compiled(&p.to_compiled()) {
            Ok(c) if c.content_hash() == p.content_hash() => c,
            Ok(_) => return vec!["the compiled pack has another content hash".into()],
            Err(e) => return vec![format!("the compiled pack does not load: {e}")],
        },
        (Ok(p), None) => p,
    };
    if let Some(want) = case.get("warnings").and_then(Value::as_array) {
        let got = pack.warnings();
        if got.len() != want.len() {
            failures.push(format!("expected {} warning(s), got {}:\n{}", want.len(), got.len(), got.iter().map(std::string::ToString::to_string).collect::<Vec<_>>().join("\n")));
        }
        for (w, d) in want.iter().zip(got) {
            if let Some(code) = w.get("code").and_then(Value::as_str)
                && d.code != code
            {
                failures.push(format!("warning code: want {code}, got {} ({d})", d.code));
            }
            if let Some(m) = w.get("message").and_then(Value::as_str)
                && !d.message.contains(m)
                && !d.hint.as_deref().unwrap_or("").contains(m)
            {
                failures.push(format!("warning message: want it to contain {m:?}, got {d}"));
            }
            if full_pack {
                for (key, got_v) in [("line", d.line), ("column", d.column)] {
                    if let Some(n) = w.get(key).and_then(Value::as_u64)
                        && n != got_v as u64
                    {
                        failures.push(format!("warning {key}: want {n}, got {got_v} ({d})"));
                    }
                }
            }
        }
    }
    let mut report = json!({
        "provider": "T1",
        "service": case.get("service").cloned().unwrap_or(json!("test")),
        "date": case.get("date").cloned().unwrap_or(json!("2017-12-31")),
        "answers": case.get("answers").cloned().unwrap_or(json!({})),
    });
    if let (Some(contract), Some(obj)) = (case.get("contract"), report.as_object_mut()) {
        obj.insert("contract".into(), contract.clone());
    }
    // A report given as a file's text is read as the CLI reads files (JSON or YAML by its
    // first character), typed by the questions.
    let read = match case.get("report_text").and_then(Value::as_str) {
        Some(text) => pack.read_report_bytes(text.as_bytes(), granska::ReportFormat::sniff(text.as_bytes())),
        None => pack.read_report(&report),
    };
    let answers = match (read, case.get("report_error")) {
        (Err(e), Some(want)) => {
            let got: Vec<String> = e.problems.iter().map(|p| p.field.clone()).collect();
            if Some(got.clone()) != strings(Some(want)) {
                failures.push(format!("report_error: want {want}, got {got:?}"));
            }
            return failures;
        }
        (Err(e), None) => {
            failures.push(format!("the report was rejected: {e}"));
            return failures;
        }
        (Ok(_), Some(_)) => {
            failures.push("expected the report to be rejected".into());
            return failures;
        }
        (Ok(a), None) => a,
    };
    if let Some(want) = case.get("provider").and_then(Value::as_str)
        && answers.provider() != want
    {
        failures.push(format!("provider: want {want:?}, got {:?}", answers.provider()));
    }
    let result = pack.check(&answers);
    let of = |id: &str| result.verdicts.iter().find(|v| &*v.requirement == id);
    if let Some(want) = case.get("message").and_then(Value::as_object) {
        let id = case.get("requirement").and_then(Value::as_str).unwrap_or("r");
        let got = of(id).and_then(|v| v.message.clone());
        for lang in ["sv", "en"] {
            if let Some(w) = want.get(lang).and_then(Value::as_str) {
                let g = got.as_ref().map(|m| if lang == "sv" { m.sv.as_str() } else { m.en.as_str() });
                if g != Some(w) {
                    failures.push(format!("message.{lang} of {id}: want {w:?}, got {g:?}"));
                }
            }
        }
    }
    if let Some(r) = case.get("requirement").and_then(Value::as_str) {
        // Built-in cases name the requirement they test instead of `r`.
        if let Some(want) = case.get("verdict").and_then(Value::as_str) {
            let got = of(r).map(|v| verdict_name(v.verdict));
            if got != Some(want) {
                let detail = of(r).map(|v| format!("{:?} {:?}", v.explanation.iter().map(|e| &e.detail.en).collect::<Vec<_>>(), v.deciding)).unwrap_or_default();
                failures.push(format!("verdict of {r}: want {want}, got {got:?} {detail}"));
            }
        }
        return failures;
    }
    if let Some(want) = case.get("verdict").and_then(Value::as_str) {
        match of("r") {
            Some(v) if verdict_name(v.verdict) == want => {}
            Some(v) => failures.push(format!(
                "verdict: want {want}, got {} (explanation {:?}, deciding {:?})",
                verdict_name(v.verdict),
                v.explanation.iter().map(|e| &e.detail.en).collect::<Vec<_>>(),
                v.deciding
            )),
            None => failures.push("no requirement `r`".into()),
        }
    }
    if let Some(map) = case.get("verdicts").and_then(Value::as_object) {
        for (id, want) in map {
            let got = of(id).map(|v| verdict_name(v.verdict));
            if got != want.as_str() {
                failures.push(format!("verdict of {id}: want {want}, got {got:?}"));
            }
        }
    }
    if let Some(want) = strings(case.get("explanation")) {
        let got: Vec<String> = of("r").map(|v| v.explanation.iter().map(|e| e.detail.en.clone()).collect()).unwrap_or_default();
        if got != want {
            failures.push(format!("explanation: want {want:?}, got {got:?}"));
        }
    }
    if let Some(want) = strings(case.get("deciding")) {
        let got = of("r").map(|v| v.deciding.clone()).unwrap_or_default();
        if got != want {
            failures.push(format!("deciding: want {want:?}, got {got:?}"));
        }
    }
    if let Some(want) = case.get("issues").and_then(Value::as_array) {
        let got: Vec<(String, String)> = result.issues.iter().map(|i| (i.field.clone(), i.code.to_string())).collect();
        let want: Vec<(String, String)> =
            want.iter().map(|w| (w.get("field").and_then(Value::as_str).unwrap_or("").to_string(), w.get("code").and_then(Value::as_str).unwrap_or("").to_string())).collect();
        if got != want {
            failures.push(format!("issues: want {want:?}, got {got:?}"));
        }
        // `message`: a part of the English message; `value`: the value as the user wrote it.
        for (w, i) in case.get("issues").and_then(Value::as_array).into_iter().flatten().zip(&result.issues) {
            if let Some(m) = w.get("message").and_then(Value::as_str)
                && !i.message.en.contains(m)
            {
                failures.push(format!("issue {}: want the message to contain {m:?}, got {:?}", i.field, i.message.en));
            }
            if let Some(v) = w.get("value").and_then(Value::as_str)
                && i.value.as_deref() != Some(v)
            {
                failures.push(format!("issue {}: want the value {v:?}, got {:?}", i.field, i.value));
            }
        }
    }
    if let Some(form) = case.get("form").and_then(Value::as_object) {
        let state = pack.form_state(&answers);
        for (key, got) in [("relevant", &state.relevant), ("missing", &state.missing)] {
            if let Some(want) = strings(form.get(key))
                && *got != want
            {
                failures.push(format!("form.{key}: want {want:?}, got {got:?}"));
            }
        }
    }
    failures
}

#[test]
fn conformance_cases() {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(cases_dir()).expect("tests/conformance exists").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    files.sort();
    let mut total = 0;
    let mut failed = vec![];
    let mut names = std::collections::HashSet::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable case file");
        let file: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases = file.get("cases").and_then(Value::as_array).cloned().unwrap_or_default();
        for case in &cases {
            total += 1;
            let name = case.get("name").and_then(Value::as_str).unwrap_or("(unnamed)");
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            assert!(names.insert(format!("{stem}/{name}")), "duplicate case name {stem}/{name}");
            for compiled in [false, true] {
                let failures = run_case(&file, case, compiled);
                if !failures.is_empty() {
                    let how = if compiled { " (pack read from its compiled form)" } else { "" };
                    failed.push(format!("{stem}/{name}{how}:\n  {}", failures.join("\n  ")));
                }
            }
        }
    }
    assert!(total >= 1, "no conformance cases found");
    println!("{total} conformance cases, {} failed", failed.len());
    assert!(failed.is_empty(), "{} of {total} conformance cases failed:\n{}", failed.len(), failed.join("\n"));
}
