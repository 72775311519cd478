//! Test support, not part of the API (hidden from the docs): the door to the reference
//! evaluator ([`reference`]) and a generator of random well-typed packs and reports,
//! driven by a byte string so that the differential proptest
//! (`crates/granska/tests/differential.rs`) and the differential fuzz target
//! (`fuzz/fuzz_targets/differential.rs`) share it.
//!
//! [`check_bytes`] turns bytes into a pack — fixed questions of every type, including a
//! multiple choice and two lists of records, plus random derived values and requirements —
//! and a report with random answers, some unanswered; then it asserts that the fast
//! evaluator and the reference agree on every derived value and every verdict.
//!
//! [`function_table`] renders the function table of `docs/language.md` from the engine's
//! table of built-in functions, for the test that keeps the docs in step
//! (`crates/granska/tests/docs.rs`).
//!
//! Why one file of ~560 lines: the generator of packs and the generator of reports must agree
//! on every question and type, so they are kept together.

pub mod reference;

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::lang::eval::Cx;
use crate::lang::value::Value;
pub use crate::testing::reference::{RValue, Reference};
use crate::{Answers, Pack, Verdict};

/// The function table of `docs/language.md` (a Markdown table: function, result, meaning,
/// example; a row per form of each built-in function), rendered from the table the checker
/// and the evaluators read.
pub fn function_table() -> String {
    crate::lang::functions::markdown_table()
}

/// The questions every generated pack has.
pub const QUESTIONS: &str = r#"pack: { id: diff, title: { sv: Diff, en: Diff } }
services:
  - { id: s1, label: { sv: S1, en: S1 } }
  - { id: s2, label: { sv: S2, en: S2 } }
questions:
  - { id: b1, type: bool, label: { sv: B, en: B } }
  - { id: b2, type: bool, label: { sv: B, en: B }, relevant: "b1 or not answered(b1)" }
  - { id: i1, type: integer, label: { sv: I, en: I } }
  - { id: i2, type: integer, label: { sv: I, en: I } }
  - { id: n1, type: number, label: { sv: N, en: N } }
  - { id: p1, type: percent, label: { sv: P, en: P } }
  - { id: d1, type: date, label: { sv: D, en: D } }
  - { id: d2, type: date, label: { sv: D, en: D } }
  - { id: t1, type: text, label: { sv: T, en: T } }
  - id: c1
    type: choice
    label: { sv: C, en: C }
    choices: [ { value: a, label: { sv: A, en: A } }, { value: b, label: { sv: B, en: B } }, { value: x, label: { sv: X, en: X } } ]
  - id: m1
    type: choice
    multiple: true
    label: { sv: M, en: M }
    choices: [ { value: a, label: { sv: A, en: A } }, { value: b, label: { sv: B, en: B } }, { value: x, label: { sv: X, en: X } } ]
  - id: l1
    type: list
    label: { sv: L, en: L }
    fields:
      - { id: ok, type: bool, label: { sv: OK, en: OK } }
      - { id: n, type: integer, label: { sv: N, en: N } }
      - { id: x, type: number, label: { sv: X, en: X } }
      - { id: d, type: date, label: { sv: D, en: D } }
      - { id: t, type: text, label: { sv: T, en: T } }
      - id: c
        type: choice
        label: { sv: C, en: C }
        choices: [ { value: a, label: { sv: A, en: A } }, { value: b, label: { sv: B, en: B } }, { value: x, label: { sv: X, en: X } } ]
  - id: l2
    type: list
    label: { sv: L, en: L }
    fields:
      - { id: k, type: integer, label: { sv: K, en: K } }
      - { id: ok, type: bool, label: { sv: OK, en: OK } }
"#;

/// A reader of decisions from bytes; past the end every decision is 0 (the simplest).
pub struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    /// Draws from `data`, from its start.
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data, pos: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A number in `0..n` (n ≥ 1).
    fn below(&mut self, n: usize) -> usize {
        self.byte() as usize % n.max(1)
    }

    fn pick<'p, T>(&mut self, items: &'p [T]) -> &'p T {
        &items[self.below(items.len())]
    }

    fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }
}

/// The static types expressions are generated at.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Bool,
    Int,
    Num,
    Date,
    Text,
}

const TYPES: [Ty; 5] = [Ty::Bool, Ty::Int, Ty::Num, Ty::Date, Ty::Text];

/// Loop variables in scope: (name, list question).
type Loops = Vec<(&'static str, &'static str)>;

struct ExprGen<'b, 'a> {
    bytes: &'b mut Bytes<'a>,
    /// Derived values already declared, with their types.
    derived: Vec<(String, Ty)>,
}

const INT_LITERALS: &[&str] =
    &["0", "1", "-1", "2", "7", "12", "100", "9223372036854775807", "(-9223372036854775807 - 1)", "4611686018427387904", "9007199254740993", "-3037000500"];
const NUM_LITERALS: &[&str] = &[
    "0.0",
    "0.5",
    "-2.5",
    "2.5",
    "0.1",
    "80.0",
    "9210000000000000000.0",
    "-9210000000000000000.0",
    "9223372036854775807.0",
    "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0",
    "4503599627370495.5",
];
const DATE_LITERALS: &[&str] = &["2017-12-31", "2020-02-29", "2019-01-31", "2017-02-28", "0000-01-01", "9999-12-31", "1970-01-01", "2016-03-31"];
const TEXT_LITERALS: &[&str] = &["\"a\"", "\"b\"", "\"x\""];

impl ExprGen<'_, '_> {
    fn field(&mut self, loops: &Loops, ty: Ty) -> Option<String> {
        // A variable bound again inside a loop shadows the outer one.
        let mut visible: Vec<(&str, &str)> = vec![];
        for (var, list) in loops.iter().rev() {
            if !visible.iter().any(|(v, _)| v == var) {
                visible.push((var, list));
            }
        }
        let candidates: Vec<String> = visible
            .iter()
            .flat_map(|(var, list)| {
                let fields: &[(&str, Ty)] = if *list == "l1" {
                    &[("ok", Ty::Bool), ("n", Ty::Int), ("x", Ty::Num), ("d", Ty::Date), ("t", Ty::Text), ("c", Ty::Text)]
                } else {
                    &[("k", Ty::Int), ("ok", Ty::Bool)]
                };
                fields.iter().filter(|(_, t)| *t == ty).map(move |(f, _)| format!("{var}.{f}"))
            })
            .collect();
        if candidates.is_empty() { None } else { Some(self.bytes.pick(&candidates).clone()) }
    }

    fn derived_of(&mut self, ty: Ty) -> Option<String> {
        let names: Vec<String> = self.derived.iter().filter(|(_, t)| *t == ty).map(|(n, _)| n.clone()).collect();
        if names.is_empty() { None } else { Some(self.bytes.pick(&names).clone()) }
    }

    fn leaf(&mut self, ty: Ty, loops: &Loops) -> String {
        let choice = self.bytes.below(8);
        if choice == 0
            && let Some(f) = self.field(loops, ty)
        {
            return f;
        }
        if choice == 1
            && let Some(d) = self.derived_of(ty)
        {
            return d;
        }
        let b = &mut *self.bytes;
        match ty {
            Ty::Bool => b.pick(&["true", "false", "b1", "b2", "answered(i1)", "answered(l1)", "answered(m1)", "answered(t1)"]).to_string(),
            Ty::Int => {
                if b.below(2) == 0 {
                    b.pick(INT_LITERALS).to_string()
                } else {
                    b.pick(&["i1", "i2", "count(l1)", "len(m1)", "len(t1)", "len(c1)", "count(l2)", "year(d1)"]).to_string()
                }
            }
            Ty::Num => {
                if b.below(2) == 0 {
                    b.pick(NUM_LITERALS).to_string()
                } else {
                    b.pick(&["n1", "p1"]).to_string()
                }
            }
            Ty::Date => {
                if b.below(2) == 0 {
                    b.pick(DATE_LITERALS).to_string()
                } else {
                    b.pick(&["d1", "d2", "report_date()"]).to_string()
                }
            }
            Ty::Text => {
                if b.below(2) == 0 {
                    b.pick(TEXT_LITERALS).to_string()
                } else {
                    b.pick(&["t1", "c1", "service()", "contract()"]).to_string()
                }
            }
        }
    }

    fn numeric(&mut self, depth: u32, loops: &mut Loops) -> String {
        let ty = if self.bytes.below(2) == 0 { Ty::Int } else { Ty::Num };
        self.expr(ty, depth, loops)
    }

    /// A loop over `l1` or `l2` binding a fresh (or shadowing) variable; the body built by `body`.
    fn in_loop(&mut self, loops: &mut Loops, body: impl FnOnce(&mut Self, &mut Loops) -> String) -> (String, String, String) {
        let list = *self.bytes.pick(&["l1", "l2"]);
        let var = *self.bytes.pick(&["p", "q", "p"]);
        loops.push((var, list));
        let b = body(self, loops);
        loops.pop();
        (var.to_string(), list.to_string(), b)
    }

    fn expr(&mut self, ty: Ty, depth: u32, loops: &mut Loops) -> String {
        if depth == 0 || self.bytes.exhausted() || self.bytes.below(4) == 0 {
            return self.leaf(ty, loops);
        }
        let d = depth - 1;
        match ty {
            Ty::Bool => match self.bytes.below(16) {
                0 => format!("not ({})", self.expr(Ty::Bool, d, loops)),
                1 => format!("({}) and ({})", self.expr(Ty::Bool, d, loops), self.expr(Ty::Bool, d, loops)),
                2 => format!("({}) or ({})", self.expr(Ty::Bool, d, loops), self.expr(Ty::Bool, d, loops)),
                3 => {
                    let op = self.bytes.pick(&["==", "!=", "<", "<=", ">", ">="]);
                    format!("({}) {op} ({})", self.numeric(d, loops), self.numeric(d, loops))
                }
                4 => {
                    let op = self.bytes.pick(&["==", "!=", "<", "<=", ">", ">="]);
                    format!("({}) {op} ({})", self.expr(Ty::Date, d, loops), self.expr(Ty::Date, d, loops))
                }
                5 => {
                    let op = self.bytes.pick(&["==", "!="]);
                    let t = *self.bytes.pick(&[Ty::Text, Ty::Bool]);
                    format!("({}) {op} ({})", self.expr(t, d, loops), self.expr(t, d, loops))
                }
                6 => {
                    let t = *self.bytes.pick(&TYPES);
                    let t = if t == Ty::Num { Ty::Int } else { t };
                    let n = self.bytes.below(4);
                    let item = self.expr(t, d, loops);
                    let list: Vec<String> = (0..n).map(|_| if t == Ty::Int { self.numeric(d, loops) } else { self.expr(t, d, loops) }).collect();
                    let op = self.bytes.pick(&["in", "not in"]);
                    format!("({item}) {op} [{}]", list.join(", "))
                }
                7 => {
                    let op = self.bytes.pick(&["in", "not in"]);
                    let item = if self.bytes.below(2) == 0 { self.bytes.pick(TEXT_LITERALS).to_string() } else { self.expr(Ty::Text, d, loops) };
                    format!("({item}) {op} m1")
                }
                8 => format!("matches({}, {})", self.expr(Ty::Text, d, loops), self.bytes.pick(&["\"^a\"", "\"b|x\"", "\"^$\"", "\"\\\\d\""])),
                9 | 10 => {
                    let kind = *self.bytes.pick(&["any", "all"]);
                    let (var, list, body) = self.in_loop(loops, |g, l| g.expr(Ty::Bool, d, l));
                    format!("{kind}({var} in {list}, {body})")
                }
                11 => format!("if {} then {} else {}", self.expr(Ty::Bool, d, loops), self.expr(Ty::Bool, d, loops), self.expr(Ty::Bool, d, loops)),
                12 => format!("coalesce({}, {})", self.expr(Ty::Bool, d, loops), self.expr(Ty::Bool, d, loops)),
                13 => format!("answered({})", {
                    let t = *self.bytes.pick(&TYPES);
                    self.expr(t, d, loops)
                }),
                14 => format!("within_months({}, {})", self.expr(Ty::Date, d, loops), self.expr(Ty::Int, d, loops)),
                _ => self.leaf(Ty::Bool, loops),
            },
            Ty::Int => match self.bytes.below(14) {
                0..=2 => {
                    let op = self.bytes.pick(&["+", "-", "*"]);
                    format!("({}) {op} ({})", self.expr(Ty::Int, d, loops), self.expr(Ty::Int, d, loops))
                }
                3 => format!("-({})", self.expr(Ty::Int, d, loops)),
                4 => format!("abs({})", self.expr(Ty::Int, d, loops)),
                5 => format!("round({})", self.numeric(d, loops)),
                6 => format!("days_between({}, {})", self.expr(Ty::Date, d, loops), self.expr(Ty::Date, d, loops)),
                7 => format!("months_between({}, {})", self.expr(Ty::Date, d, loops), self.expr(Ty::Date, d, loops)),
                8 => format!("year({})", self.expr(Ty::Date, d, loops)),
                9 => {
                    let f = self.bytes.pick(&["sum", "min", "max", "coalesce"]);
                    let n = 1 + self.bytes.below(3);
                    let args: Vec<String> = (0..n).map(|_| self.expr(Ty::Int, d, loops)).collect();
                    format!("{f}({})", args.join(", "))
                }
                10 => {
                    let (var, list, body) = self.in_loop(loops, |g, l| g.expr(Ty::Bool, d, l));
                    format!("count({var} in {list}, {body})")
                }
                11 => {
                    let f = self.bytes.pick(&["sum", "min", "max"]);
                    let (var, list, body) = self.in_loop(loops, |g, l| g.expr(Ty::Int, d, l));
                    format!("{f}({var} in {list}, {body})")
                }
                12 => format!("if {} then {} else {}", self.expr(Ty::Bool, d, loops), self.expr(Ty::Int, d, loops), self.expr(Ty::Int, d, loops)),
                _ => format!("len({})", self.expr(Ty::Text, d, loops)),
            },
            Ty::Num => match self.bytes.below(10) {
                0..=3 => {
                    let op = self.bytes.pick(&["+", "-", "*", "/"]);
                    let (a, b) =
                        if self.bytes.below(2) == 0 { (self.expr(Ty::Num, d, loops), self.numeric(d, loops)) } else { (self.numeric(d, loops), self.expr(Ty::Num, d, loops)) };
                    format!("({a}) {op} ({b})")
                }
                4 => format!("({}) / ({})", self.expr(Ty::Int, d, loops), self.expr(Ty::Int, d, loops)),
                5 => format!("-({})", self.expr(Ty::Num, d, loops)),
                6 => format!("abs({})", self.expr(Ty::Num, d, loops)),
                7 => {
                    let f = self.bytes.pick(&["sum", "min", "max", "coalesce"]);
                    format!("{f}({}, {})", self.expr(Ty::Num, d, loops), self.numeric(d, loops))
                }
                8 => {
                    let f = self.bytes.pick(&["sum", "min", "max"]);
                    let (var, list, body) = self.in_loop(loops, |g, l| g.expr(Ty::Num, d, l));
                    format!("{f}({var} in {list}, {body})")
                }
                _ => format!("if {} then {} else {}", self.expr(Ty::Bool, d, loops), self.expr(Ty::Num, d, loops), self.numeric(d, loops)),
            },
            Ty::Date => match self.bytes.below(7) {
                0 => format!("add_days({}, {})", self.expr(Ty::Date, d, loops), self.expr(Ty::Int, d, loops)),
                1 => format!("add_months({}, {})", self.expr(Ty::Date, d, loops), self.expr(Ty::Int, d, loops)),
                2 => {
                    let f = self.bytes.pick(&["min", "max", "coalesce"]);
                    format!("{f}({}, {})", self.expr(Ty::Date, d, loops), self.expr(Ty::Date, d, loops))
                }
                3 => {
                    let f = self.bytes.pick(&["min", "max"]);
                    let (var, list, body) = self.in_loop(loops, |g, l| g.expr(Ty::Date, d, l));
                    format!("{f}({var} in {list}, {body})")
                }
                4 => format!("if {} then {} else {}", self.expr(Ty::Bool, d, loops), self.expr(Ty::Date, d, loops), self.expr(Ty::Date, d, loops)),
                _ => self.leaf(Ty::Date, loops),
            },
            Ty::Text => match self.bytes.below(4) {
                0 => format!("coalesce({}, {})", self.expr(Ty::Text, d, loops), self.expr(Ty::Text, d, loops)),
                1 => format!("if {} then {} else {}", self.expr(Ty::Bool, d, loops), self.expr(Ty::Text, d, loops), self.expr(Ty::Text, d, loops)),
                _ => self.leaf(Ty::Text, loops),
            },
        }
    }
}

/// A generated case: a pack's YAML and a report's JSON.
#[derive(Clone, Debug)]
pub struct Case {
    /// The pack, as YAML text.
    pub pack: String,
    /// The report, as JSON.
    pub report: Json,
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Generates a pack (derived values and requirements over [`QUESTIONS`]) and a report.
pub fn generate(data: &[u8]) -> Case {
    let mut bytes = Bytes::new(data);
    let mut pack = QUESTIONS.to_string();
    let mut g = ExprGen { bytes: &mut bytes, derived: vec![] };
    let n_derived = g.bytes.below(5);
    if n_derived > 0 {
        pack.push_str("derived:\n");
    }
    for k in 0..n_derived {
        let ty = *g.bytes.pick(&TYPES);
        let expr = g.expr(ty, 4, &mut vec![]);
        let _ = writeln!(pack, "  - {{ id: dv{k}, expr: {} }}", yaml_string(&expr));
        g.derived.push((format!("dv{k}"), ty));
    }
    pack.push_str("requirements:\n");
    let n_req = 1 + g.bytes.below(4);
    for k in 0..n_req {
        let require = g.expr(Ty::Bool, 5, &mut vec![]);
        let _ =
            write!(pack, "  - {{ id: r{k}, title: {{ sv: R, en: R }}, source: S, severity: krav, area: trygghet, message: {{ sv: M, en: M }}, require: {}", yaml_string(&require));
        if g.bytes.below(3) == 0 {
            let applies = g.expr(Ty::Bool, 3, &mut vec![]);
            let _ = write!(pack, ", applies: {}", yaml_string(&applies));
        }
        match g.bytes.below(6) {
            0 => pack.push_str(", services: [s1]"),
            1 => pack.push_str(", valid: { from: 2017-01-01 }"),
            2 => pack.push_str(", valid: { from: 2010-01-01, to: 2017-12-31 }"),
            _ => {}
        }
        pack.push_str(" }\n");
    }
    let report = answers(g.bytes);
    Case { pack, report }
}

fn scalar_answer(bytes: &mut Bytes<'_>, ty: Ty) -> Json {
    match ty {
        Ty::Bool => json!(bytes.below(2) == 0),
        Ty::Int => json!(*bytes.pick(&[0i64, 1, -1, 3, 12, 1000, i64::MAX, i64::MIN, 1 << 62, -(1 << 62) - 1, (1 << 53) + 1, 3_037_000_500])),
        Ty::Num => json!(*bytes.pick(&[0.0f64, 0.5, -2.5, 2.5, 0.1, 80.0, 1.7976931348623157e308, 9.21e18, -9.21e18, 4503599627370495.5, 1e-300])),
        Ty::Date => json!(*bytes.pick(&["2017-12-31", "2020-02-29", "2019-01-31", "2017-02-28", "0000-01-01", "9999-12-31", "1970-01-01", "2017-03-31"])),
        Ty::Text => json!(*bytes.pick(&["", "a", "x", "b", "ä", "abc", "1", "ab\u{301}c"])),
    }
}

fn answers(bytes: &mut Bytes<'_>) -> Json {
    let mut answers = serde_json::Map::new();
    let scalars: [(&str, Ty); 9] =
        [("b1", Ty::Bool), ("b2", Ty::Bool), ("i1", Ty::Int), ("i2", Ty::Int), ("n1", Ty::Num), ("p1", Ty::Num), ("d1", Ty::Date), ("d2", Ty::Date), ("t1", Ty::Text)];
    for (id, ty) in scalars {
        if bytes.below(3) != 0 {
            let mut v = scalar_answer(bytes, ty);
            if id == "p1" {
                v = json!(*bytes.pick(&[0.0, 50.0, 80.5, 100.0]));
            }
            answers.insert(id.to_string(), v);
        }
    }
    if bytes.below(3) != 0 {
        answers.insert("c1".into(), json!(*bytes.pick(&["a", "b", "x"])));
    }
    if bytes.below(3) != 0 {
        let chosen: Vec<&str> = ["a", "b", "x"].into_iter().filter(|_| bytes.below(2) == 0).collect();
        answers.insert("m1".into(), json!(chosen));
    }
    for list in ["l1", "l2"] {
        if bytes.below(3) == 0 {
            continue;
        }
        let n = bytes.below(4);
        let fields: &[(&str, Ty)] =
            if list == "l1" { &[("ok", Ty::Bool), ("n", Ty::Int), ("x", Ty::Num), ("d", Ty::Date), ("t", Ty::Text), ("c", Ty::Text)] } else { &[("k", Ty::Int), ("ok", Ty::Bool)] };
        let records: Vec<Json> = (0..n)
            .map(|_| {
                let mut record = serde_json::Map::new();
                for (f, ty) in fields {
                    if bytes.below(4) != 0 {
                        let v = if *f == "c" { json!(*bytes.pick(&["a", "b", "x"])) } else { scalar_answer(bytes, *ty) };
                        record.insert(f.to_string(), v);
                    }
                }
                Json::Object(record)
            })
            .collect();
        answers.insert(list.into(), Json::Array(records));
    }
    let date = *bytes.pick(&["2017-12-31", "2016-06-30", "2018-01-01", "2020-02-29", "9999-12-31", "0000-01-01"]);
    let service = *bytes.pick(&["s1", "s2"]);
    let mut report = json!({ "provider": "P1", "service": service, "date": date, "answers": answers });
    match bytes.below(3) {
        0 => report["contract"] = json!("lov"),
        1 => report["contract"] = json!("a"),
        _ => {}
    }
    report
}

/// The fast evaluator's value of every derived value, as reference values.
pub fn fast_derived_values(pack: &Pack, answers: &Answers) -> Vec<RValue> {
    let cx = Cx::new(&pack.data, answers);
    pack.data.derived.iter().map(|d| owned(cx.eval(&d.node, None))).collect()
}

fn owned(v: Value<'_>) -> RValue {
    match v {
        Value::Unknown => RValue::Unknown,
        Value::Bool(b) => RValue::Bool(b),
        Value::Integer(i) => RValue::Int(i),
        Value::Number(n) => RValue::Num(n),
        Value::Date(d) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            epoch.checked_add_signed(chrono::TimeDelta::days(d as i64)).map(RValue::Date).unwrap_or(RValue::Unknown)
        }
        Value::Text(t) => RValue::Text(t.to_string()),
        // Derived values are scalars here: a set or a list would be a generator mistake.
        Value::Set(_) | Value::List(_) => RValue::Unknown,
    }
}

/// Same value: numbers compared exactly (0.0 and -0.0 are the same number).
fn same(a: &RValue, b: &RValue) -> bool {
    a == b
}

/// Compares the fast evaluator with the reference on one pack and report.
///
/// # Errors
///
/// Every derived value and verdict on which the two disagree, with both values.
pub fn compare(pack: &Pack, answers: &Answers) -> Result<(), String> {
    let reference = Reference::new(pack, answers);
    let fast = fast_derived_values(pack, answers);
    let slow = reference.derived_values();
    for ((d, f), s) in pack.derived().iter().zip(&fast).zip(&slow) {
        if !same(f, s) {
            return Err(format!("derived value `{}` = {}: fast {f:?}, reference {s:?}", d.id, d.expr));
        }
    }
    let mut fast_verdicts = Vec::new();
    pack.evaluate(answers, &mut fast_verdicts);
    let checked: Vec<Verdict> = pack.check(answers).verdicts.iter().map(|v| v.verdict).collect();
    let slow_verdicts = reference.verdicts();
    for (i, r) in pack.requirements().iter().enumerate() {
        let (f, c, s) = (fast_verdicts.get(i), checked.get(i), slow_verdicts.get(i));
        if f != s || c != s {
            let applies = r.applies.as_deref().map(|a| format!(" (applies: {a})")).unwrap_or_default();
            return Err(format!("requirement `{}`: {}{applies}: evaluate {f:?}, check {c:?}, reference {s:?}", r.id, r.require));
        }
    }
    Ok(())
}

/// Generates a case from bytes, loads it, and compares the two evaluators. A pack the
/// checker rejects only for its limits (nested loops can exceed the step budget) is skipped;
/// any other rejection of a generated (well-typed) pack is an error too.
///
/// # Errors
///
/// As [`check_case`].
pub fn check_bytes(data: &[u8]) -> Result<(), String> {
    let case = generate(data);
    check_case(&case)
}

/// [`check_bytes`] for a case already generated (or written by hand).
///
/// # Errors
///
/// The pack or the report does not load, or the evaluators disagree ([`compare`]).
pub fn check_case(case: &Case) -> Result<(), String> {
    let pack = match Pack::from_yaml(&case.pack, "diff.yaml") {
        Ok(p) => p,
        Err(e) if e.diagnostics.iter().filter(|d| d.severity == crate::DiagnosticSeverity::Error).all(|d| d.code == crate::DiagnosticCode::Limit) => return Ok(()),
        Err(e) => return Err(format!("a generated pack does not load:\n{e}\n{}", case.pack)),
    };
    let answers = pack.read_report(&case.report).map_err(|e| format!("a generated report is not read: {e}\n{}", case.report))?;
    compare(&pack, &answers).map_err(|e| format!("{e}\nreport: {}\npack:\n{}", case.report, case.pack))
}
