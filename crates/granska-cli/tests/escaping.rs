//! Text from reports, exports and packs reaches no Markdown or HTML output as markup: a
//! provider id, a name, a service label, an answer, a requirement title and a message that
//! hold `<script>`, table pipes, emphasis, backticks, link brackets and line ends go through
//! every output format of `check` (text, JSON, YAML, Markdown) and `summarize` (JSON, CSV,
//! Markdown, HTML), and through the later outputs: the annual report (`report`, with audits,
//! a survey, earlier years, prose and a title), `kvalitetsberattelse` (HTML, Markdown, JSON),
//! `history` and `actions` (text, JSON, CSV), `audit` and `survey` (JSON, text), `diff` and
//! `verify`, and `questions` (Markdown, CSV, JSON, XLSForm, SurveyJS), in both languages.
//! Markdown and HTML show them escaped; JSON, YAML and CSV carry them exactly.

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
/// an indicator title, a question label, and a message that repeats the provider id and name.
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
    label: {{ sv: {e}, en: {e} }}
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

/// The inputs of the commands that came after `check` and `summarize`: last year's export
/// (the same hostile providers, for `history`, `actions` and `report --history`), an action
/// plan, audit records, a user survey, a risk register, the team's prose and a second pack
/// (for `diff` and `verify`), all holding the hostile text where a user's text goes.
struct Year {
    inputs: Inputs,
}

impl Year {
    fn new() -> Year {
        let inputs = Inputs::new();
        let dir = inputs.path();
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let e = q(EVIL);
        let rows = ["provider,name,service,contract,date,rutin,antal,notering".to_string(), format!("{e},{e},hvb,lou,2016-12-31,Nej,1,{e}")];
        std::fs::write(dir.join("export-2016.csv"), rows.join("\n") + "\n").expect("write last year's export");
        let plans = ["provider,requirement,action,owner,due,status,closed".to_string(), format!("{e},rutin_finns,{e},{e},2017-06-30,open,")];
        std::fs::write(dir.join("plans.csv"), plans.join("\n") + "\n").expect("write the plans");
        std::fs::create_dir(dir.join("audits")).expect("mkdir");
        let audit = serde_json::json!({
            "provider": EVIL, "name": EVIL, "service": "oppenvard", "contract": "lou", "date": "2017-04-05", "auditor": EVIL,
            "case_files": [{ "id": EVIL, "answers": { "akt.genomforandeplan": "nej", "akt.journal_aktuell": "ja" }, "notes": EVIL }],
            "interviews": [{ "id": "U1", "with": "ung", "answers": { "intervju.nojd": "ja" } }]
        });
        std::fs::write(dir.join("audits/evil.json"), audit.to_string()).expect("write the audit");
        let survey: Vec<String> = std::iter::once("respondent,service,date,enkat.situation,enkat.fortroende".to_string())
            .chain((0..6).map(|i| format!("{},heldygnsvard,2017-10-04,battre,instammer_helt", q(&format!("{EVIL}{i}")))))
            .collect();
        std::fs::write(dir.join("survey.csv"), survey.join("\n") + "\n").expect("write the survey");
        // The example register with the hostile text as its name, each risk's description and
        // each action's text, owner and follow-up.
        let example = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/riskanalys-2019.yaml")).expect("the example register");
        let mut register: Json = serde_saphyr::from_str(&example).expect("YAML");
        register["name"] = Json::from(EVIL);
        for risk in register["answers"]["riskregister.risker"].as_array_mut().expect("risks") {
            risk["beskrivning"] = Json::from(EVIL);
        }
        for action in register["answers"]["riskregister.atgarder"].as_array_mut().expect("actions") {
            action["atgard"] = Json::from(EVIL);
            action["ansvarig"] = Json::from(EVIL);
            if action.get("uppfoljning").is_some() {
                action["uppfoljning"] = Json::from(EVIL);
            }
        }
        std::fs::write(dir.join("register.json"), register.to_string()).expect("write the register");
        std::fs::create_dir(dir.join("prose")).expect("mkdir");
        std::fs::write(dir.join("prose/sammanfattning.md"), format!("# {EVIL}\n\n{EVIL}\n\n- {EVIL}\n")).expect("write the prose");
        std::fs::write(dir.join("prose/slutsatser.md"), format!("{EVIL}\n")).expect("write the prose");
        // Another version of the pack, its hostile requirement changed, for `diff` and `verify`.
        let other = pack_yaml().replace("version: \"1\"", "version: \"2\"").replace("require: \"rutin\"", "require: \"rutin and antal >= 0\"");
        std::fs::write(dir.join("pack2.yaml"), other).expect("write the other pack");
        Year { inputs }
    }

    /// `granska ARGS…` in the inputs' folder: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = granska(&self.inputs.path()).args(args).output().expect("runs");
        (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8"), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    /// stdout of `granska ARGS…`, which must exit with one of `codes`.
    fn out(&self, codes: &[i32], args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert!(code.is_some_and(|c| codes.contains(&c)), "{args:?} exited {code:?}:\n{err}");
        assert!(!out.is_empty(), "{args:?} wrote nothing:\n{err}");
        out
    }
}

/// Markdown with hostile texts in it (not necessarily each in the same shape as `EVIL_MD`):
/// no raw tag, no line end from a text, and every table row with its header's cells.
fn assert_safe_markdown(what: &str, md: &str) {
    assert!(!md.to_lowercase().contains("<script"), "{what}: raw <script> in Markdown:\n{md}");
    assert!(!md.to_lowercase().contains("<img"), "{what}: raw <img> in Markdown:\n{md}");
    assert!(md.contains("&lt;script&gt;alert(1)"), "{what}: the hostile text is not shown at all:\n{md}");
    assert!(!md.lines().any(|l| l.trim_start().starts_with("rad två")), "{what}: a line end reached the Markdown:\n{md}");
    for block in md.split("\n\n").filter(|b| b.trim_start().starts_with('|')) {
        let cells = |l: &str| l.replace("\\|", "").matches('|').count();
        let mut lines = block.lines();
        let head = lines.next().map(cells).unwrap_or(0);
        for line in lines {
            assert_eq!(cells(line), head, "{what}: a row with other cells than its header: {line}");
        }
    }
}

/// HTML with hostile texts in it: no raw tag, and the text shown escaped.
fn assert_safe_html(what: &str, html: &str) {
    assert!(!html.to_lowercase().contains("<script"), "{what}: raw <script> in HTML:\n{html}");
    assert!(!html.to_lowercase().contains("<img"), "{what}: raw <img> in HTML:\n{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{what}: the hostile text is not shown escaped:\n{html}");
}

/// Every string of a JSON document, which must carry `EVIL` exactly (alone or inside a
/// longer text, as a message quoting it does).
fn assert_exact_json(what: &str, json: &str) {
    let value: Json = serde_json::from_str(json).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{json}"));
    let mut texts = vec![];
    strings(&value, &mut texts);
    assert!(texts.iter().any(|t| t.contains(EVIL)), "{what}: no string carries the text exactly:\n{json}");
}

/// A CSV document: some cell carries `EVIL` exactly (alone or inside a longer text).
fn assert_exact_csv(what: &str, csv: &str) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
    let cells: Vec<String> = reader.records().map(|r| r.expect("a CSV record")).flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>()).collect();
    assert!(cells.iter().any(|c| c.contains(EVIL)), "{what}: no cell carries the text exactly:\n{csv}");
}

#[test]
fn the_annual_report_shows_hostile_texts_escaped() {
    let year = Year::new();
    for lang in ["sv", "en"] {
        let html = year.out(
            &[0, 2],
            &[
                "--lang",
                lang,
                "report",
                "--pack",
                "pack.yaml",
                "--audits",
                "audits",
                "--notes",
                "--survey",
                "survey.csv",
                "--history",
                "export-2016.csv",
                "--prose",
                "prose",
                "--title",
                EVIL,
                "export.csv",
            ],
        );
        assert_safe_html(&format!("report ({lang})"), &html);
        // The title, the prose, the audit table, the indicators and the history section each
        // show the text: escaped everywhere, not merely somewhere.
        assert!(html.contains("<h1>&lt;script&gt;alert(1)"), "the title is shown escaped");
        assert!(html.matches("&lt;script&gt;alert(1)").count() >= 10, "every input's text reaches the page escaped:\n{html}");
    }
}

#[test]
fn the_kvalitetsberattelse_shows_hostile_texts_escaped_and_its_json_exactly() {
    let year = Year::new();
    for lang in ["sv", "en"] {
        let html = year.out(&[0], &["--lang", lang, "kvalitetsberattelse", "--format", "html", "--prose", "prose", "--title", EVIL, "register.json"]);
        assert_safe_html(&format!("kvalitetsberattelse html ({lang})"), &html);
        let md = year.out(&[0], &["--lang", lang, "kvalitetsberattelse", "--format", "md", "--title", EVIL, "register.json"]);
        assert_safe_markdown(&format!("kvalitetsberattelse md ({lang})"), &md);
        let json = year.out(&[0], &["--lang", lang, "kvalitetsberattelse", "--format", "json", "register.json"]);
        assert_exact_json(&format!("kvalitetsberattelse json ({lang})"), &json);
    }
}

#[test]
fn history_and_actions_carry_hostile_texts_exactly() {
    let year = Year::new();
    for lang in ["sv", "en"] {
        let history = |format: &str| year.out(&[0, 2], &["--lang", lang, "history", "--pack", "pack.yaml", "--format", format, "export-2016.csv", "export.csv"]);
        assert!(history("text").contains("alert(1)"), "history text names the provider");
        assert_exact_json(&format!("history json ({lang})"), &history("json"));
        assert_exact_csv(&format!("history csv ({lang})"), &history("csv"));
        let actions = |format: &str| {
            year.out(
                &[0, 1, 2],
                &["--lang", lang, "actions", "--pack", "pack.yaml", "--plans", "plans.csv", "--as-of", "2017-12-31", "--format", format, "export-2016.csv", "export.csv"],
            )
        };
        assert!(actions("text").contains("alert(1)"), "actions text names the action");
        assert_exact_json(&format!("actions json ({lang})"), &actions("json"));
        assert_exact_csv(&format!("actions csv ({lang})"), &actions("csv"));
    }
}

#[test]
fn audit_and_survey_carry_hostile_texts_exactly() {
    let year = Year::new();
    for lang in ["sv", "en"] {
        assert_exact_json(&format!("audit json ({lang})"), &year.out(&[0], &["--lang", lang, "audit", "--notes", "audits"]));
        assert!(year.out(&[0], &["--lang", lang, "audit", "--notes", "--format", "text", "audits"]).contains("alert(1)"));
        let survey = year.out(&[0], &["--lang", lang, "survey", "--format", "json", "survey.csv"]);
        serde_json::from_str::<Json>(&survey).expect("survey JSON");
        assert!(!year.out(&[0], &["--lang", lang, "survey", "--format", "text", "survey.csv"]).is_empty());
    }
}

#[test]
fn diff_and_verify_carry_hostile_pack_texts_exactly() {
    let year = Year::new();
    for lang in ["sv", "en"] {
        assert!(year.out(&[1], &["--lang", lang, "diff", "pack.yaml", "pack2.yaml"]).contains("alert(1)"));
        assert_exact_json(&format!("diff json ({lang})"), &year.out(&[1], &["--lang", lang, "diff", "--format", "json", "pack.yaml", "pack2.yaml", "--export", "export.csv"]));
        let summary = year.inputs.path().join("summary.json");
        let (code, _, err) = year.run(&["--lang", lang, "summarize", "--pack", "pack.yaml", "-o", summary.to_str().expect("UTF-8"), "export.csv"]);
        assert!(matches!(code, Some(0 | 2)), "{err}");
        let (code, out, err) = year.run(&["--lang", lang, "verify", "summary.json", "--pack", "pack2.yaml", "export.csv"]);
        assert!(matches!(code, Some(1 | 2)), "{out}{err}");
        assert!((out.clone() + &err).contains("alert(1)"), "verify names what differs:\n{out}{err}");
    }
}

#[test]
fn the_questionnaire_for_survey_tools_carries_hostile_pack_texts_exactly() {
    let year = Year::new();
    for lang in ["sv", "en"] {
        assert_exact_json(&format!("questions surveyjs ({lang})"), &year.out(&[0], &["--lang", lang, "questions", "--pack", "pack.yaml", "--format", "surveyjs"]));
        assert_exact_json(&format!("questions json ({lang})"), &year.out(&[0], &["--lang", lang, "questions", "--pack", "pack.yaml", "--format", "json"]));
        assert_exact_csv(&format!("questions csv ({lang})"), &year.out(&[0], &["--lang", lang, "questions", "--pack", "pack.yaml", "--format", "csv"]));
        let (code, _, err) = year.run(&["--lang", lang, "questions", "--pack", "pack.yaml", "--format", "xlsform", "-o", "form.xlsx"]);
        assert_eq!(code, Some(0), "{err}");
        assert!(year.inputs.path().join("form.xlsx").is_file());
        let md = year.out(&[0], &["--lang", lang, "questions", "--pack", "pack.yaml", "--format", "md"]);
        assert_safe_markdown(&format!("questions md ({lang})"), &md);
    }
}
