//! The built-in questionnaire round-trips through the survey tools: generated answers are
//! written as ODK/KoboToolbox exports (CSV with `group/name` or `group-name` columns,
//! multiple choices as space-separated values, 0/1 columns per choice or both, a workbook)
//! and as SurveyJS results, read back by `granska_summary::forms::answers`, and checked —
//! every verdict the same as checking the original answers.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

use std::collections::BTreeMap;

use granska::forms::NONE_CHOICE;
use granska::{Pack, Question, QuestionType, Verdict};
use granska_summary::export::{InputCode, ProblemCode};
use granska_summary::forms::answers::{Tool, ToolAnswers, read_surveyjs_results, read_tool_answers};
use serde_json::{Value as Json, json};

/// A seeded generator (xorshift), 0 ≤ x < 1.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() * xs.len() as f64) as usize % xs.len()]
    }
}

/// One generated answer (as a report gives it), or `None` for unanswered.
fn answer(q: &Question, rng: &mut Rng) -> Option<Json> {
    if rng.next() < 0.15 {
        return None;
    }
    // Inside the question's range: a refused answer would hide what the test is after.
    let clamp = |x: f64| x.max(q.min.unwrap_or(f64::MIN)).min(q.max.unwrap_or(f64::MAX));
    Some(match q.kind {
        QuestionType::Bool => json!(rng.next() < 0.5),
        QuestionType::Integer => json!(clamp(*rng.pick(&[0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0])) as i64),
        QuestionType::Number | QuestionType::Percent => json!(clamp(*rng.pick(&[0.0, 1.5, 2.0, 12.25, 80.0]))),
        QuestionType::Date => json!(*rng.pick(&["2024-01-15", "2024-06-30", "2024-12-31", "2025-02-01"])),
        QuestionType::Text => json!(*rng.pick(&["Ja", "Enligt rutin", "text"])),
        QuestionType::Choice if q.multiple => {
            let picked: Vec<&str> = q.choices.iter().filter(|_| rng.next() < 0.4).map(|c| c.value.as_str()).collect();
            json!(picked)
        }
        QuestionType::Choice => json!(rng.pick(&q.choices).value),
        QuestionType::List => return None,
    })
}

struct Respondent {
    provider: String,
    service: String,
    date: String,
    answers: BTreeMap<String, Json>,
}

fn respondents(pack: &Pack, n: usize) -> Vec<Respondent> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = vec![];
    for i in 0..n {
        let service = &pack.services()[i % pack.services().len()];
        let mut answers = BTreeMap::new();
        for q in pack.questions_for(Some(&service.id)) {
            if let Some(a) = answer(q, &mut rng) {
                answers.insert(q.id.clone(), a);
            }
        }
        out.push(Respondent { provider: format!("P{i}"), service: service.id.clone(), date: rng.pick(&["2024-12-31", "2025-03-31"]).to_string(), answers });
    }
    out
}

fn original_verdicts(pack: &Pack, r: &Respondent) -> Vec<(String, Verdict)> {
    let report = json!({"provider": r.provider, "service": r.service, "date": r.date, "answers": r.answers});
    let answers = pack.read_report_json(&report.to_string()).unwrap();
    pack.check(&answers).verdicts.iter().map(|v| (v.requirement.to_string(), v.verdict)).collect()
}

fn assert_same(pack: &Pack, people: &[Respondent], read: &ToolAnswers, what: &str) {
    assert!(read.problems.is_empty(), "{what}: {:?}", read.problems);
    assert_eq!(read.rows.len(), people.len(), "{what}");
    let mut undecided = 0;
    for (r, row) in people.iter().zip(&read.rows) {
        let answers = row.answers.as_ref().unwrap_or_else(|e| panic!("{what}: row {} rejected: {e:?}", row.row));
        let malformed: Vec<_> = row.problems.iter().filter(|p| !p.code.is_warning() && p.code != ProblemCode::Answer(granska::IssueCode::Constraint)).collect();
        assert!(malformed.is_empty(), "{what}: row {}: {malformed:?}", row.row);
        let got: Vec<(String, Verdict)> = pack.check(answers).verdicts.iter().map(|v| (v.requirement.to_string(), v.verdict)).collect();
        let want = original_verdicts(pack, r);
        undecided += want.iter().filter(|(_, v)| *v == Verdict::Unanswered).count();
        assert_eq!(got, want, "{what}: {} ({}) row {}", r.provider, r.service, row.row);
    }
    // The generated answers leave some requirements undecided and decide others.
    assert!(undecided > 0, "{what}");
}

/// The XLSForm column of a question: `group/name` or `group-name`.
fn column(pack: &Pack, id: &str, sep: &str) -> String {
    let n = pack.form_names().of(id).unwrap().clone();
    if n.group.is_empty() { n.name } else { format!("{}{sep}{}", n.group, n.name) }
}

#[derive(Clone, Copy)]
enum Multiple {
    Combined,
    Split,
    Both,
}

/// How a column's cell is written for a respondent.
type Cell = Box<dyn Fn(&Respondent) -> String>;

/// An ODK/Kobo-style export: the tool's own columns, the report fields, a column per question.
fn odk_table(pack: &Pack, people: &[Respondent], sep: &str, multiple: Multiple) -> Vec<Vec<String>> {
    let mut header = vec!["start".to_string(), "end".into(), "provider".into(), "name".into(), "service".into(), "date".into()];
    let mut cells: Vec<Cell> = vec![
        Box::new(|_| "2025-01-10T09:00:00.000+01:00".into()),
        Box::new(|_| "2025-01-10T09:30:00.000+01:00".into()),
        Box::new(|r| r.provider.clone()),
        Box::new(|_| String::new()),
        Box::new(|r| r.service.clone()),
        Box::new(|r| r.date.clone()),
    ];
    for q in pack.questions() {
        let id = q.id.clone();
        let col = column(pack, &q.id, sep);
        let is_multiple = q.kind == QuestionType::Choice && q.multiple;
        if !is_multiple || !matches!(multiple, Multiple::Split) {
            header.push(col.clone());
            let kind = q.kind;
            let id = id.clone();
            cells.push(Box::new(move |r| match r.answers.get(&id) {
                None => String::new(),
                Some(Json::Bool(b)) => (if *b { "ja" } else { "nej" }).to_string(),
                Some(Json::Array(xs)) if xs.is_empty() => NONE_CHOICE.to_string(),
                Some(Json::Array(xs)) => xs.iter().map(|x| x.as_str().unwrap().to_string()).collect::<Vec<_>>().join(" "),
                // A date answer as ODK writes a date-time: midnight, Stockholm time.
                Some(Json::String(s)) if kind == QuestionType::Date => format!("{s}T00:00:00.000+01:00"),
                Some(Json::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            }));
        }
        if is_multiple && !matches!(multiple, Multiple::Combined) {
            for value in q.choices.iter().map(|c| c.value.clone()).chain([NONE_CHOICE.to_string()]) {
                header.push(format!("{}/{value}", column(pack, &q.id, sep)));
                let id = id.clone();
                cells.push(Box::new(move |r| match r.answers.get(&id) {
                    None => String::new(),
                    Some(Json::Array(xs)) if value == NONE_CHOICE => (if xs.is_empty() { "1" } else { "0" }).into(),
                    Some(Json::Array(xs)) => (if xs.iter().any(|x| x == &Json::String(value.clone())) { "1" } else { "0" }).into(),
                    Some(_) => String::new(),
                }));
            }
        }
    }
    header.extend(["meta/instanceID".to_string(), "_uuid".into(), "_submission_time".into()]);
    cells.push(Box::new(|r| format!("uuid:{}", r.provider)));
    cells.push(Box::new(|r| r.provider.clone()));
    cells.push(Box::new(|_| "2025-01-10T08:31:02".into()));
    let mut table = vec![header];
    for r in people {
        table.push(cells.iter().map(|f| f(r)).collect());
    }
    table
}

fn write_csv(table: &[Vec<String>], path: &std::path::Path) {
    let mut w = csv::Writer::from_path(path).unwrap();
    for row in table {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn odk_and_kobo_exports_round_trip() {
    let pack = Pack::builtin().unwrap();
    let people = respondents(&pack, 60);
    let dir = tempdir();
    for (sep, multiple, name) in [("/", Multiple::Both, "kobo.csv"), ("-", Multiple::Combined, "central.csv"), ("/", Multiple::Split, "split.csv")] {
        let path = dir.join(name);
        write_csv(&odk_table(&pack, &people, sep, multiple), &path);
        let read = read_tool_answers(&pack, &path, Tool::Xlsform, None).unwrap();
        assert_same(&pack, &people, &read, name);
    }
    // A workbook, as KoboToolbox downloads it.
    let table = odk_table(&pack, &people, "/", Multiple::Both);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let (true, Ok(n)) = (r > 0, cell.parse::<f64>()) {
                sheet.write_number(r as u32, c as u16, n).unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let path = dir.join("kobo.xlsx");
    book.save(&path).unwrap();
    let read = read_tool_answers(&pack, &path, Tool::Xlsform, None).unwrap();
    assert_same(&pack, &people, &read, "kobo.xlsx");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn surveyjs_results_round_trip() {
    let pack = Pack::builtin().unwrap();
    let people = respondents(&pack, 60);
    let names = pack.form_names();
    let results: Vec<Json> = people
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("provider".into(), json!(r.provider));
            o.insert("service".into(), json!(r.service));
            o.insert("date".into(), json!(r.date));
            for (id, v) in &r.answers {
                let v = match v {
                    Json::Array(xs) if xs.is_empty() => json!([NONE_CHOICE]),
                    other => other.clone(),
                };
                o.insert(names.of(id).unwrap().name.clone(), v);
            }
            Json::Object(o)
        })
        .collect();
    let read = read_surveyjs_results(&pack, &Json::Array(results).to_string(), "results.json").unwrap();
    assert_same(&pack, &people, &read, "results.json");
}

#[test]
fn an_unexported_column_is_a_located_warning() {
    let pack = Pack::builtin().unwrap();
    let dir = tempdir();
    let path = dir.join("extra.csv");
    std::fs::write(&path, "provider,service,date,ledning/riskanalys,ledning/extra,_uuid\nP1,jourhem,2024-12-31,ja,x,abc\n").unwrap();
    let read = read_tool_answers(&pack, &path, Tool::Xlsform, None).unwrap();
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    let p = &read.problems[0];
    assert_eq!(p.code, ProblemCode::Input(InputCode::UnexportedColumn));
    assert!(p.code.is_warning());
    assert_eq!((p.row, p.column.as_ref().map(|c| c.number)), (Some(1), Some(5)));
    assert!(p.render(granska::Lang::En).contains("ledning/extra"), "{}", p.render(granska::Lang::En));
    let answers = read.rows[0].answers.as_ref().unwrap();
    let form = pack.form_state(answers);
    assert!(form.relevant.iter().any(|q| q == "ledning.riskanalys") && !form.missing.iter().any(|q| q == "ledning.riskanalys"));
    // A key SurveyJS sent that the survey does not have.
    let read = read_surveyjs_results(&pack, r#"{"provider": "P1", "service": "jourhem", "date": "2024-12-31", "riskanalys": true, "okand": 3}"#, "r.json").unwrap();
    let p = &read.rows[0].problems[0];
    assert_eq!((p.code, p.row, p.field.as_deref()), (ProblemCode::Input(InputCode::UnexportedColumn), Some(1), Some("okand")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn surveyjs_results_with_a_key_given_twice_are_refused_at_its_line() {
    let pack = Pack::builtin().unwrap();
    // The same key twice, and two keys equal in NFC: never "the last one wins".
    for (text, line) in [
        ("[{\"provider\": \"P1\", \"service\": \"jourhem\", \"date\": \"2024-12-31\",\n  \"riskanalys\": true,\n  \"riskanalys\": false}]", 3),
        ("{\"provider\": \"P1\", \"service\": \"jourhem\", \"date\": \"2024-12-31\",\n  \"\\u00e5r\": 1, \"a\\u030ar\": 2}", 2),
    ] {
        let err = read_surveyjs_results(&pack, text, "r.json").expect_err("a key given twice");
        let en = &err.problems[0].message.en;
        assert!(en.starts_with(&format!("the file is not valid JSON at line {line}, column ")) && en.contains("appears twice"), "{en}");
        assert!(err.problems[0].message.sv.contains(&format!("rad {line}")), "{}", err.problems[0].message.sv);
    }
}

#[test]
fn bad_values_are_located_in_the_tools_column() {
    let pack = Pack::builtin().unwrap();
    let dir = tempdir();
    let path = dir.join("bad.csv");
    std::fs::write(&path, "provider,service,date,lex_sarah-rapporter,bedomning/metoder\nP1,heldygnsvard,2024-12-31,many,sdq inget\n").unwrap();
    let read = read_tool_answers(&pack, &path, Tool::Xlsform, None).unwrap();
    let problems = &read.rows[0].problems;
    let located: Vec<(Option<u32>, Option<&str>)> = problems.iter().map(|p| (p.column.as_ref().map(|c| c.number), p.field.as_deref())).collect();
    assert_eq!(located, vec![(Some(4), Some("lex_sarah.rapporter")), (Some(5), Some("bedomning.metoder"))], "{problems:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("granska-forms-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_choice_column_reads_yes_no_and_locates_anything_else() {
    let pack = Pack::builtin().unwrap();
    let dir = tempdir();
    let path = dir.join("split.csv");
    std::fs::write(
        &path,
        "provider,service,date,bedomning/metoder/sdq,bedomning/metoder/none\nP1,heldygnsvard,2024-12-31,Ja,0\nP2,heldygnsvard,2024-12-31,kanske,0\nP3,heldygnsvard,2024-12-31,0,2\nP4,heldygnsvard,2024-12-31,FALSE,sant\n",
    )
    .unwrap();
    let read = read_tool_answers(&pack, &path, Tool::Xlsform, None).unwrap();
    // The row's report, as the same report written by hand with `methods` (`null`: unanswered).
    let methods = |i: usize| format!("{:?}", read.rows[i].answers.as_ref().unwrap());
    let json = |i: usize, methods: Json| {
        let answers = if methods.is_null() { json!({}) } else { json!({ "bedomning.metoder": methods }) };
        let report = json!({ "provider": format!("P{}", i + 1), "service": "heldygnsvard", "date": "2024-12-31", "answers": answers });
        format!("{:?}", pack.read_report_json(&report.to_string()).unwrap())
    };
    assert_eq!(methods(0), json(0, json!(["sdq"])));
    // "kanske" and 2 are neither chosen nor not chosen: the answer is not read, the cell named.
    for (i, column, text) in [(1, 4, "kanske"), (2, 5, "2")] {
        assert_eq!(methods(i), json(i, Json::Null));
        let p = &read.rows[i].problems[0];
        assert_eq!((p.row, p.column.as_ref().map(|c| c.number), p.field.as_deref()), (Some(i as u64 + 2), Some(column), Some("bedomning.metoder")), "{p:?}");
        assert!(p.message.en.contains(&format!("\"{text}\"")), "{p:?}");
    }
    assert_eq!(methods(3), json(3, json!([])));
    std::fs::remove_dir_all(&dir).unwrap();
}
