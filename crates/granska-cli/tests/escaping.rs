//! Text from reports, exports and packs reaches no Markdown or HTML output as markup: a
//! provider id, a name, a service label, an answer, a requirement title and a message that
//! hold `<script>`, table pipes, emphasis, backticks, link brackets and line ends go through
//! every output format of `check` (text, JSON, YAML, Markdown) and `summarize` (JSON, CSV,
//! Markdown, HTML). Markdown and HTML show them escaped; JSON, YAML and CSV carry them
//! exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value as Json;

/// The hostile text: markup of every kind Markdown or HTML would act on, and a line end.
const EVIL: &str = "<script>alert(1)</script> | *fet* _kursiv_ `kod` [länk](x) & <img src=x onerror=alert(2)>\nrad två";
/// `EVIL` as Markdown shows it (see `granska_summary::escape::markdown`).
const EVIL_MD: &str = "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*fet\\* \\_kursiv\\_ \\`kod\\` \\[länk\\](x) &amp; &lt;img src=x onerror=alert(2)&gt; rad två";
/// `EVIL` as HTML shows it.
const EVIL_HTML: &str = "&lt;script&gt;alert(1)&lt;/script&gt; | *fet* _kursiv_ `kod` [länk](x) &amp; &lt;img src=x onerror=alert(2)&gt;\nrad två";

/// A pack whose texts are hostile too: the pack title, a service label, a requirement title,
/// an indicator title, and a message that repeats the provider id and name.
fn pack_yaml() -> String {
    let e = serde_json::to_string(EVIL).expect("JSON string");
    format!(
        r#"
pack: {{ id: evil, version: "1", title: {{ sv: {e}, en: {e} }} }}
services:
  - id: hvb
    label: {{ sv: {e}, en: {e} }}
    contracts: [lou]
questions:
  - id: rutin
    type: bool
    label: {{ sv: Finns rutin?, en: Is there a routine? }}
  - id: antal
    type: integer
    min: 0
    label: {{ sv: Antal, en: Count }}
  - id: notering
    type: text
    label: {{ sv: Anteckning, en: Note }}
requirements:
  - id: rutin_finns
    title: {{ sv: {e}, en: {e} }}
    source: {e}
    severity: krav
    area: trygghet
    require: "rutin"
    message: {{ sv: "Rutin saknas hos {{name}} ({{provider}}).", en: "No routine at {{name}} ({{provider}})." }}
indicators:
  - id: andel_rutin
    title: {{ sv: {e}, en: {e} }}
    kind: share
    count: "rutin"
    denominator: {{ sv: {e}, en: {e} }}
"#
    )
}

fn granska(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("granska").expect("the binary is built");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// The inputs in a temporary folder: the pack, a report file, and an export whose rows hold
/// the hostile text as provider id, name, an answer, a duplicate provider, a rejected row and
/// an unusable answer.
struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn new() -> Inputs {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("pack.yaml"), pack_yaml()).expect("write the pack");
        let report = serde_json::json!({
            "provider": EVIL, "name": EVIL, "service": "hvb", "contract": "lou", "date": "2017-12-31",
            "answers": { "rutin": false, "antal": EVIL, "notering": EVIL }
        });
        std::fs::write(dir.path().join("report.json"), report.to_string()).expect("write the report");
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let e = q(EVIL);
        let rows = [
            "provider,name,service,contract,date,rutin,antal,notering".to_string(),
            format!("{e},{e},hvb,lou,2017-12-31,Nej,{e},{e}"),
            // The same provider again: a duplicate, listed by its id.
            format!("{e},{e},hvb,lou,2017-12-31,Ja,1,{e}"),
            // No date: rejected, listed by its provider id.
            format!("{e}2,{e},hvb,lou,,Ja,1,"),
        ];
        std::fs::write(dir.path().join("export.csv"), rows.join("\n") + "\n").expect("write the export");
        Inputs { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// `granska check` on the report file and the export: stdout.
    fn check(&self, format: &str, lang: &str) -> String {
        let out = granska(&self.path()).args(["--lang", lang, "check", "--pack", "pack.yaml", "--format", format, "report.json", "export.csv"]).output().expect("runs");
        assert!(matches!(out.status.code(), Some(1 | 2)), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    /// `granska summarize` on the export and the report file: stdout.
    fn summarize(&self, format: &str, lang: &str) -> String {
        let out = granska(&self.path()).args(["--lang", lang, "summarize", "--pack", "pack.yaml", "--format", format, "export.csv", "report.json"]).output().expect("runs");
        assert!(matches!(out.status.code(), Some(0 | 2)), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    }
}

/// Every string in a JSON value.
fn strings(value: &Json, out: &mut Vec<String>) {
    match value {
        Json::String(s) => out.push(s.clone()),
        Json::Array(a) => a.iter().for_each(|v| strings(v, out)),
        Json::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn assert_escaped_markdown(what: &str, md: &str) {
    assert!(!md.to_lowercase().contains("<script"), "{what}: raw <script> in Markdown:\n{md}");
    assert!(!md.to_lowercase().contains("<img"), "{what}: raw <img> in Markdown:\n{md}");
    assert!(md.contains(EVIL_MD), "{what}: the text is not shown escaped:\n{md}");
    // A line end inside a text would break a table row or a heading: the second line of the
    // text never starts a line of its own.
    assert!(!md.lines().any(|l| l.starts_with("rad två")), "{what}: a line end reached the Markdown:\n{md}");
    // Every table row keeps its cells: no unescaped pipe from a text adds one.
    for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells = |l: &str| l.replace("\\|", "").matches('|').count();
        let mut lines = block.lines();
        let head = lines.next().map(cells).unwrap_or(0);
        for line in lines {
            assert_eq!(cells(line), head, "{what}: a row with more cells than its header: {line}");
        }
    }
}

fn assert_escaped_html(what: &str, html: &str) {
    assert!(!html.to_lowercase().contains("<script"), "{what}: raw <script> in HTML:\n{html}");
    assert!(!html.to_lowercase().contains("<img"), "{what}: raw <img> in HTML:\n{html}");
    assert!(html.contains(&EVIL_HTML.replace('\n', " ")) || html.contains(EVIL_HTML), "{what}: the text is not shown escaped:\n{html}");
}

#[test]
fn questions_and_rules_show_hostile_pack_texts_escaped() {
    let inputs = Inputs::new();
    for lang in ["sv", "en"] {
        for args in [["questions", "--pack", "pack.yaml", "--service", "hvb", "--format", "md"].as_slice(), ["rules", "--pack", "pack.yaml", "--format", "md"].as_slice()] {
            let out = granska(&inputs.path()).args(["--lang", lang]).args(args).output().expect("runs");
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            assert_escaped_markdown(&format!("{} --lang {lang}", args[0]), &String::from_utf8(out.stdout).expect("UTF-8"));
        }
    }
}

#[test]
fn check_shows_hostile_texts_escaped_in_markdown_and_exactly_in_json_and_yaml() {
    let inputs = Inputs::new();
    for lang in ["sv", "en"] {
        let md = inputs.check("md", lang);
        assert_escaped_markdown(&format!("check --format md ({lang})"), &md);
        // The provider id and name inside the message are escaped too.
        let message = if lang == "sv" { format!("Rutin saknas hos {EVIL_MD} ({EVIL_MD})") } else { format!("No routine at {EVIL_MD} ({EVIL_MD})") };
        assert!(md.contains(&message), "{md}");

        let json: Json = serde_json::from_str(&inputs.check("json", lang)).expect("JSON");
        let reports = json.as_array().expect("a list of reports");
        assert_eq!(reports.len(), 3, "the report file and two export rows (the third is rejected)");
        for r in reports {
            assert_eq!(r["provider"], EVIL);
            assert_eq!(r["name"], EVIL);
        }
        let mut texts = vec![];
        strings(&json, &mut texts);
        assert!(texts.iter().any(|t| t.contains(&format!("({EVIL})"))), "the message carries the provider id exactly");

        let yaml: Json = serde_saphyr::from_str(&inputs.check("yaml", lang)).expect("YAML");
        assert_eq!(yaml, json, "YAML carries what JSON does");

        // The terminal text is not markup; it is checked only to not fail.
        assert!(inputs.check("text", lang).contains("alert(1)"));
    }
}

#[test]
fn summarize_shows_hostile_texts_escaped_in_markdown_and_html_and_exactly_in_json_and_csv() {
    let inputs = Inputs::new();
    for lang in ["sv", "en"] {
        let md = inputs.summarize("md", lang);
        assert_escaped_markdown(&format!("summarize --format md ({lang})"), &md);
        assert!(md.contains(&format!("{EVIL_MD}2")), "the rejected provider is listed, escaped:\n{md}");

        let html = inputs.summarize("html", lang);
        assert_escaped_html(&format!("summarize --format html ({lang})"), &html);

        let json: Json = serde_json::from_str(&inputs.summarize("json", lang)).expect("JSON");
        let mut texts = vec![];
        strings(&json, &mut texts);
        assert!(texts.iter().any(|t| t == EVIL), "the pack's texts are carried exactly");
        assert!(texts.iter().any(|t| t == &format!("{EVIL}2")), "the rejected provider id is carried exactly");

        let csv = inputs.summarize("csv", lang);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
        let cells: Vec<String> = reader.records().map(|r| r.expect("a CSV record")).flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>()).collect();
        assert!(cells.iter().any(|c| c == EVIL), "the CSV carries the text exactly in one cell");
    }
}
