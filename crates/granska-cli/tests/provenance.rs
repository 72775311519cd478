//! Provenance through the `granska` binary: every result names its pack (id, version,
//! content hash); `granska diff` says what changed between two packs and, given an export,
//! which verdicts and figures move; `granska verify` checks a saved summary against a pack
//! and its inputs; `--previous` refuses a summary of another pack or version unless told.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name).display().to_string()
}

/// `granska` run from the workspace root, without colour.
fn granska() -> Command {
    let mut cmd = Command::cargo_bin("granska").expect("the binary is built");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("runs");
    (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8"), String::from_utf8(out.stderr).expect("UTF-8"))
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

/// The small test pack with `from` replaced by `to`, written to `dir`.
fn pack_variant(dir: &Path, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(data("pack.yaml")).expect("pack");
    assert!(text.contains(from), "{from}");
    write(dir, name, &text.replacen(from, to, 1))
}

/// The built-in pack's content hash, as `check --format json` reports it.
fn builtin_hash() -> String {
    let (_, json, _) = stdout(granska().args(["check", "--format", "json", "examples/reports/jourhem-ok.yaml"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    value[0]["pack_content_hash"].as_str().expect("a hash").to_string()
}

#[test]
fn a_checked_report_names_the_pack_version_and_hash() {
    let (code, json, _) = stdout(granska().args(["check", "--format", "json", "examples/reports/jourhem-ok.yaml"]));
    assert_eq!(code, Some(0));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value[0]["pack"], "granska");
    assert!(value[0]["pack_version"].is_string());
    let hash = value[0]["pack_content_hash"].as_str().expect("a hash");
    assert_eq!(hash.len(), 64);
    // Another pack, another hash; the same pack, the same hash.
    let (_, json, _) = stdout(granska().args(["check", "--format", "json", "--pack", &data("pack.yaml"), &data("reports/p1-ok.yaml")]));
    let small: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_ne!(small[0]["pack_content_hash"], value[0]["pack_content_hash"]);
    assert_eq!(builtin_hash(), hash);
}

#[test]
fn summaries_name_the_pack_in_every_format() {
    let hash = builtin_hash();
    let short = &hash[..12];
    let (_, json, _) = stdout(granska().args(["summarize", "examples/export-2017.csv"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["pack"]["content_hash"], hash.as_str());
    let (_, html, _) = stdout(granska().args(["summarize", "examples/export-2017.csv", "--format", "html"]));
    assert!(html.contains(&format!("data-content-hash=\"{hash}\"")), "the full hash for tools");
    assert!(html.contains(&format!("<code title=\"{hash}\">{short}</code>")), "the short hash shown, the full one in its title");
    let (_, md, _) = stdout(granska().args(["--lang", "en", "summarize", "examples/export-2017.csv", "--format", "md"]));
    assert!(md.contains("rule pack granska") && md.contains(&format!("content hash `{hash}`")), "{}", md.lines().last().unwrap_or(""));
    let (_, csv, _) = stdout(granska().args(["summarize", "examples/export-2017.csv", "--format", "csv"]));
    let second = csv.lines().nth(1).expect("a pack row");
    assert!(second.starts_with("pack,all,granska,") && second.contains(&hash), "{second}");
    // The audit and survey summaries too.
    let (_, audit, _) = stdout(granska().args(["audit", "examples/audits-2017", "--format", "json"]));
    let audit: serde_json::Value = serde_json::from_str(&audit).expect("JSON");
    assert_eq!(audit["pack"]["content_hash"].as_str().map(str::len), Some(64));
    let (_, survey, _) = stdout(granska().args(["survey", "examples/survey-2017.csv", "--format", "json"]));
    let survey: serde_json::Value = serde_json::from_str(&survey).expect("JSON");
    assert_eq!(survey["pack"]["content_hash"].as_str().map(str::len), Some(64));
}

#[test]
fn an_older_summary_without_a_hash_is_still_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, json, _) = stdout(granska().args(["summarize", "examples/export-2017.csv"]));
    let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    value["pack"].as_object_mut().expect("pack").remove("content_hash");
    let old = write(dir.path(), "2016.json", &value.to_string());
    granska().args(["summarize", "examples/export-2017.csv", "--previous", &old]).assert().success();
    granska().args(["verify", &old]).assert().code(0).stdout(contains("sammanställningen saknar kontrollsumma"));
}

#[test]
fn diff_lists_what_changed_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = data("pack.yaml");
    let (code, text, _) = stdout(granska().args(["--lang", "en", "diff", &pack, &pack]));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("The packs have the same content."), "{text}");
    let new = pack_variant(dir.path(), "new.yaml", "sv: Rutin saknas.", "sv: Verksamheten saknar en skriftlig rutin.");
    let (code, text, _) = stdout(granska().args(["--lang", "en", "diff", &pack, &new]));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("~ requirement rutin_finns (Routine exists)\n    message.sv: Rutin saknas. → Verksamheten saknar en skriftlig rutin.\n"), "{text}");
    let (_, json, _) = stdout(granska().args(["diff", &pack, &new, "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["changes"][0]["change"], "changed");
    assert_ne!(value["old"]["content_hash"], value["new"]["content_hash"]);
    // A pack that does not load is bad input.
    let broken = write(dir.path(), "broken.yaml", "pack: { id: x\n");
    granska().args(["diff", &pack, &broken]).assert().code(2).stderr(contains("broken.yaml"));
}

#[test]
fn diff_with_an_export_shows_the_verdicts_and_figures_that_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    let params = write(dir.path(), "strangare.yaml", "municipality: Nacka kommun\nyear: 2018\nparameters:\n  oppenvard.andel_utbildning: 90\n");
    let (code, text, err) = stdout(granska().args(["--lang", "en", "diff", "builtin", "builtin", "--new-params", &params, "--export", "examples/export-2017.csv"]));
    assert_eq!(code, Some(1), "{err}");
    assert!(text.contains("~ parameter oppenvard.andel_utbildning"), "{text}");
    assert!(text.contains("value: 80 → 90"), "{text}");
    assert!(text.contains("utbildningsniva_oppenvard): met → not met"), "{text}");
    assert!(text.contains("requirements[utbildningsniva_oppenvard].met: 32 → 20"), "{text}");
    assert!(text.contains("requirements[utbildningsniva_oppenvard].percent_met: 94 → 59"), "{text}");
    let (_, json, _) = stdout(granska().args(["diff", "builtin", "builtin", "--new-params", &params, "--export", "examples/export-2017.csv", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let verdicts = value["export"]["verdicts"].as_array().expect("verdicts");
    assert_eq!(verdicts.len(), 12, "12 providers fall below 90 percent");
    assert!(verdicts.iter().all(|v| v["requirement"] == "utbildningsniva_oppenvard" && v["old"] == "met" && v["new"] == "not_met"));
    // Nothing else moved: every figure that changed is of that requirement or its area.
    for f in value["export"]["figures"].as_array().expect("figures") {
        let field = f["field"].as_str().expect("field");
        assert!(field.contains("utbildningsniva_oppenvard") || field.contains("areas[kunskapsbaserad]"), "{field}");
    }
    // An export that cannot be read is bad input, located.
    granska().args(["diff", "builtin", "builtin", "--export", "no/such.csv"]).assert().code(2).stderr(contains("no/such.csv"));
}

#[test]
fn previous_of_another_pack_version_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = data("pack.yaml");
    let v1 = pack_variant(dir.path(), "v1.yaml", "version: \"1\"", "version: \"2017.1\"");
    let text = std::fs::read_to_string(&pack).expect("pack");
    let first_requirement = "andel_examen";
    let v2 = write(dir.path(), "v2.yaml", &text.replacen("version: \"1\"", "version: \"2018.1\"", 1).replacen("- id: andel_examen", "- id: andel_examen_ny", 1));
    let reports = data("reports/p1-ok.yaml");
    let (_, last_year, _) = stdout(granska().args(["summarize", "--pack", &v1, &reports]));
    let last_year = write(dir.path(), "2017.json", &last_year);
    let (code, _, err) = stdout(granska().args(["--lang", "en", "summarize", "--pack", &v2, "--previous", &last_year, &reports]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("the previous summary was made with version 2017.1 of the pack"), "{err}");
    assert!(err.contains(&format!("+ requirement {first_requirement}_ny")) && err.contains(&format!("- requirement {first_requirement} ")), "{err}");
    assert!(err.contains("--allow-other-pack"), "{err}");
    let (code, json, err) = stdout(granska().args(["--lang", "en", "summarize", "--pack", &v2, "--previous", &last_year, "--allow-other-pack", &reports]));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning"), "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["previous"]["pack_version"], "2017.1");
    let changes = value["previous"]["requirement_changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2, "{changes:?}");
    // The same pack and version is compared without a word; so is the annual report's.
    granska().args(["summarize", "--pack", &v1, "--previous", &last_year, &reports]).assert().success();
    granska().args(["report", "--pack", &v2, "--previous", &last_year, &reports]).assert().code(2).stderr(contains("--allow-other-pack"));
    granska().args(["report", "--pack", &v2, "--previous", &last_year, "--allow-other-pack", &reports]).assert().success();
}

#[test]
fn verify_a_saved_summary_against_its_pack_and_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, json, _) = stdout(granska().args(["summarize", "examples/export-2017.csv", "--roster", "examples/roster-2017.csv"]));
    let saved = write(dir.path(), "2017.json", &json);
    let (code, text, _) = stdout(granska().args(["--lang", "en", "verify", &saved, "examples/export-2017.csv", "--roster", "examples/roster-2017.csv"]));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("✓ the pack matches: granska") && text.contains("✓ every figure is the same"), "{text}");
    // Only the pack, without inputs.
    granska().args(["verify", &saved]).assert().code(0);
    // A figure edited by hand is found.
    let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let requirements = value["requirements"].as_array_mut().expect("requirements");
    let id = requirements[0]["id"].as_str().expect("id").to_string();
    let met = requirements[0]["met"].as_i64().expect("met");
    requirements[0]["met"] = (met + 1).into();
    let edited = write(dir.path(), "edited.json", &value.to_string());
    let (code, text, _) = stdout(granska().args(["--lang", "en", "verify", &edited, "examples/export-2017.csv", "--roster", "examples/roster-2017.csv"]));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains(&format!("requirements[{id}].met: {} → {met}", met + 1)), "{text}");
    // Another parameter value: the pack does not match, and the summary says what differs.
    let params = write(dir.path(), "strangare.yaml", "parameters:\n  oppenvard.andel_utbildning: 90\n");
    let (code, text, _) = stdout(granska().args(["--lang", "en", "verify", &saved, "--params", &params]));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("the pack does not match: the same pack and version, but other rules or parameter values"), "{text}");
    assert!(text.contains("~ parameter oppenvard.andel_utbildning") && text.contains("value: 80"), "{text}");
    // Another pack altogether.
    let (code, text, _) = stdout(granska().args(["--lang", "en", "verify", &saved, "--pack", &data("pack.yaml")]));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("the summary was made with the pack granska") && text.contains("not test 1"), "{text}");
    // Not a summary: bad input, saying where.
    let broken = write(dir.path(), "broken.json", "{\"format\": 1,");
    granska().args(["verify", &broken]).assert().code(2).stderr(contains("broken.json").and(contains("line")));
}

/// The text and Markdown of `granska check` end with the pack they were checked with, as the
/// JSON carries it on every report: id, version and the hash's first 12 digits.
#[test]
fn check_text_and_markdown_name_the_pack() {
    let (code, json, _) = stdout(granska().args(["check", "--format", "json", "examples/reports/jourhem-ok.yaml"]));
    assert_eq!(code, Some(0));
    let reports: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let hash = reports[0]["pack_content_hash"].as_str().expect("a hash").to_string();
    let short = &hash[..12];
    let (_, text, _) = stdout(granska().args(["check", "--format", "text", "examples/reports/jourhem-ok.yaml"]));
    assert!(text.trim_end().ends_with(&format!("Bedömt med regelpaketet granska version 2025.1, innehållshash {short}.")), "{text}");
    let (_, md, _) = stdout(granska().args(["--lang", "en", "check", "--format", "md", "examples/reports/jourhem-ok.yaml"]));
    assert!(md.trim_end().ends_with(&format!("Checked with rule pack granska version 2025.1, content hash {short}.")), "{md}");
}

/// The text of `granska audit` and `granska survey` ends with the pack the summary was made
/// with, as their JSON carries it: id, version and the content hash's first 12 digits.
#[test]
fn audit_and_survey_text_name_the_pack() {
    for (args, lang) in [
        (vec!["audit", "examples/audits-2017"], "sv"),
        (vec!["audit", "examples/audits-2017"], "en"),
        (vec!["survey", "--asked", "examples/survey-asked-2017.csv", "examples/survey-2017.csv"], "sv"),
        (vec!["survey", "examples/survey-2017.csv"], "en"),
    ] {
        let (code, json, _) = stdout(granska().args(["--lang", lang]).args(&args).args(["--format", "json"]));
        assert_eq!(code, Some(0), "{args:?}");
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let pack = &value["pack"];
        let (id, hash) = (pack["id"].as_str().expect("an id"), pack["content_hash"].as_str().expect("a hash"));
        assert_eq!(hash.len(), 64);
        let version = pack["version"].as_str().map(|v| format!(" version {v}")).unwrap_or_default();
        let (_, text, _) = stdout(granska().args(["--lang", lang]).args(&args).args(["--format", "text"]));
        let last = text.trim_end().lines().last().unwrap_or_default().to_string();
        let expected = if lang == "sv" {
            format!("Sammanställt med regelpaketet {id}{version}, innehållshash {}.", &hash[..12])
        } else {
            format!("Summarised with rule pack {id}{version}, content hash {}.", &hash[..12])
        };
        assert_eq!(last, expected, "{args:?}\n{text}");
    }
}
