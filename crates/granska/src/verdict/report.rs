//! Reports: the verdict of every requirement for one provider, with the rendered message,
//! the source cited, an explanation of each `not_met` and the questions that would decide
//! each `unanswered`. This is the stable JSON schema documented in `docs/report-schema.md`.
//!
//! Why one file of ~580 lines: the explanation of a verdict (which conditions failed, what
//! they read, in words) walks the same IR as the verdict itself; the two are kept side by side.

use std::sync::Arc;

use serde::Serialize;

use crate::Lang;
use crate::answers::{AnswerIssue, Answers};
use crate::lang::eval::{Cx, Verdict};
use crate::lang::ir::{CmpOp, Node, NodeKind};
use crate::lang::value::{self, Value};
use crate::pack::{Pack, PackData, QualityArea, Requirement, Severity};
use crate::text::Text;

/// The outcome of checking one provider's answers.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    /// The provider's id, as the report wrote it.
    pub provider: String,
    /// The provider's name, if the report gave one.
    pub name: Option<String>,
    /// The report's service type.
    pub service: String,
    /// The contract form (e.g. `lov`, `lou`), if the report gave one.
    pub contract: Option<String>,
    /// The report date, `YYYY-MM-DD`.
    pub date: String,
    /// The id of the pack that checked it.
    pub pack: String,
    /// The version of the pack that checked it, if it declares one.
    pub pack_version: Option<String>,
    /// The content hash of the pack that checked it: 64 lowercase hexadecimal digits
    /// ([`Pack::content_hash`]), the same for the same rules and parameter values. Shared
    /// with the pack.
    pub pack_content_hash: Arc<str>,
    /// How many requirements got each verdict.
    pub counts: Counts,
    /// Problems with the answers (each treated as unanswered, or ignored, as it says).
    // `AnswerIssue` is declared by hand (bindings/wasm/src/lib.rs); its `IssueCode` is generated (generated.d.ts).
    #[cfg_attr(feature = "ts", ts(type = "AnswerIssue[]"))]
    pub issues: Vec<AnswerIssue>,
    /// One entry per requirement, ordered by requirement id.
    pub verdicts: Vec<RequirementVerdict>,
}

/// How many requirements got each verdict.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counts {
    /// Requirements met.
    pub met: u32,
    /// Requirements not met.
    pub not_met: u32,
    /// Requirements that do not apply to the report.
    pub not_applicable: u32,
    /// Requirements the answers cannot decide.
    pub unanswered: u32,
}

impl Counts {
    /// Counts one more verdict `v`.
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Met => self.met += 1,
            Verdict::NotMet => self.not_met += 1,
            Verdict::NotApplicable => self.not_applicable += 1,
            Verdict::Unanswered => self.unanswered += 1,
        }
    }
}

/// The verdict of one requirement, explained.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequirementVerdict {
    /// The requirement's id (shared with the pack: cloning it allocates nothing).
    pub requirement: Arc<str>,
    /// The requirement's title in both languages (shared with the pack).
    pub title: Arc<Text>,
    /// The verdict.
    pub verdict: Verdict,
    /// `krav` or `bor`.
    pub severity: Severity,
    /// The requirement's quality area.
    pub area: QualityArea,
    /// The text cited, as valid on the report date (shared with the pack).
    pub source: Arc<str>,
    /// The requirement's message with placeholders filled, for `not_met` and `unanswered`.
    pub message: Option<Text>,
    /// For `not_met`: the conditions that failed and the answers they read.
    pub explanation: Vec<Explanation>,
    /// For `unanswered`: the unanswered questions that would decide it.
    pub deciding: Vec<String>,
}

/// One failed condition of a `not_met` requirement.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Explanation {
    /// The condition as written in the pack.
    pub condition: String,
    /// What it read and required, in words: "personal.med_examen / personal.antal = 0,6, krav ≥ 0,8".
    pub detail: Text,
    /// The answers and derived values the condition read.
    pub reads: Vec<Read>,
}

/// A value a condition read.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Read {
    /// The question id or derived value read.
    pub name: String,
    /// Its value as JSON; `null` when unanswered.
    #[cfg_attr(feature = "ts", ts(type = "boolean | number | string | string[] | null"))]
    pub value: serde_json::Value,
}

impl Pack {
    /// Checks one provider's answers against every requirement.
    pub fn check(&self, answers: &Answers) -> Report {
        let data = &*self.data;
        let cx = Cx::new(data, answers);
        let mut counts = Counts::default();
        let mut verdicts = Vec::with_capacity(data.requirements.len());
        for r in &data.requirements {
            let verdict = cx.verdict(r);
            counts.add(verdict);
            verdicts.push(explain_verdict(&cx, r, verdict));
        }
        Report {
            provider: answers.provider.clone(),
            name: answers.name.clone(),
            service: answers.service.clone(),
            contract: answers.contract.clone(),
            date: value::format_date(answers.date),
            pack: data.info.id.clone(),
            pack_version: data.info.version.clone(),
            pack_content_hash: Arc::clone(self.shared_content_hash()),
            counts,
            issues: answers.issues.clone(),
            verdicts,
        }
    }

    /// The verdict of every requirement into `out` (cleared first), in requirement order.
    /// Allocates nothing once `out` has room for every requirement.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().unwrap();
    /// let answers = pack.read_report_json(r#"{"provider": "P1", "service": "jourhem",
    ///     "date": "2017-12-31", "answers": {"ledning": {"riskanalys": false}}}"#).unwrap();
    /// let mut verdicts = Vec::with_capacity(pack.requirements().len());
    /// pack.evaluate(&answers, &mut verdicts);
    /// let i = pack.requirements().iter().position(|r| r.id == "riskanalys").unwrap();
    /// assert_eq!(verdicts[i], granska::Verdict::NotMet);
    /// ```
    pub fn evaluate(&self, answers: &Answers, out: &mut Vec<Verdict>) {
        out.clear();
        let data = &*self.data;
        let cx = Cx::new(data, answers);
        match answers.service_index.and_then(|s| data.by_service.get(usize::from(s))) {
            // Only the requirements of the report's service type can apply.
            Some(applicable) => {
                out.resize(data.requirements.len(), Verdict::NotApplicable);
                for &i in applicable.iter() {
                    if let (Some(slot), Some(r)) = (out.get_mut(i as usize), data.requirements.get(i as usize)) {
                        *slot = cx.verdict(r);
                    }
                }
            }
            None => out.extend(data.requirements.iter().map(|r| cx.verdict(r))),
        }
    }

    /// Checks many reports, in parallel where the `parallel` feature is on. The output is
    /// in input order and identical whatever the thread count.
    ///
    /// ```
    /// let pack = granska::Pack::builtin().unwrap();
    /// let reports: Vec<_> = ["P1", "P2"].iter().map(|p| {
    ///     let json = serde_json::json!({"provider": p, "service": "jourhem", "date": "2017-12-31",
    ///                                   "answers": {"ledning.ledningssystem": true}});
    ///     pack.read_report(&json).unwrap()
    /// }).collect();
    /// let checked = pack.check_many(&reports);
    /// assert_eq!(checked[1].provider, "P2");
    /// ```
    pub fn check_many(&self, answers: &[Answers]) -> Vec<Report> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            answers.par_iter().map(|a| self.check(a)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            answers.iter().map(|a| self.check(a)).collect()
        }
    }

    /// Verdicts of many reports (no explanations), in parallel where available.
    pub fn evaluate_many(&self, answers: &[Answers]) -> Vec<Vec<Verdict>> {
        let one = |a: &Answers| {
            let mut out = Vec::with_capacity(self.data.requirements.len());
            self.evaluate(a, &mut out);
            out
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            answers.par_iter().map(one).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            answers.iter().map(one).collect()
        }
    }
}

/// The unanswered questions, asked now, that would decide requirement `r` (whose verdict is
/// [`Verdict::Unanswered`]): those its `applies` condition reads while that is unknown, else
/// those its `require` reads; by id, in questionnaire order.
pub(crate) fn deciding_questions(cx: &Cx<'_>, r: &Requirement) -> Vec<String> {
    let applies_unknown = r.compiled.applies.as_ref().is_some_and(|a| !cx.eval(a, None).is_known());
    let node = if applies_unknown { r.compiled.applies.as_ref().unwrap_or(&r.compiled.require) } else { &r.compiled.require };
    let mut slots = vec![];
    unknown_questions(cx, node, &mut slots);
    slots.sort_unstable();
    slots.dedup();
    slots.into_iter().filter(|&q| asked(cx, q)).map(|q| cx.pack.questions[q as usize].id.clone()).collect()
}

fn explain_verdict(cx: &Cx<'_>, r: &Requirement, verdict: Verdict) -> RequirementVerdict {
    let (data, answers) = (cx.pack, cx.answers);
    let mut explanation = vec![];
    let mut deciding = vec![];
    match verdict {
        Verdict::NotMet => {
            let mut atoms = vec![];
            failing(cx, &r.compiled.require, &r.require, false, &mut atoms);
            // A literal `false` explains nothing when real conditions failed beside it.
            if atoms.iter().any(|(a, _)| !matches!(a.kind, NodeKind::Const(_))) {
                atoms.retain(|(a, _)| !matches!(a.kind, NodeKind::Const(_)));
            }
            explanation = atoms.into_iter().map(|(atom, source)| explain_atom(cx, source, atom)).collect();
        }
        Verdict::Unanswered => deciding = deciding_questions(cx, r),
        _ => {}
    }
    let message = match verdict {
        Verdict::NotMet => Some(Text { sv: fill_placeholders(cx, &r.message.sv, Lang::Sv, &deciding), en: fill_placeholders(cx, &r.message.en, Lang::En, &deciding) }),
        Verdict::Unanswered => Some(match &r.unanswered {
            Some(own) => Text { sv: fill_placeholders(cx, &own.sv, Lang::Sv, &deciding), en: fill_placeholders(cx, &own.en, Lang::En, &deciding) },
            None => unanswered_message(data, &deciding),
        }),
        _ => None,
    };
    RequirementVerdict {
        requirement: Arc::clone(&r.compiled.texts.id),
        title: Arc::clone(&r.compiled.texts.title),
        verdict,
        severity: r.severity,
        area: r.area,
        source: r.shared_source_at(answers.date),
        message,
        explanation,
        deciding,
    }
}

/// The questions `ids` by label and id: `”Har ni en rutin?” (rutin) och ”…” (…)`.
fn missing_list(data: &PackData, ids: &[String], lang: Lang) -> String {
    let items: Vec<String> = ids
        .iter()
        .map(|id| {
            let label = data.question_index.get(id).map(|&q| data.questions[q as usize].label.get(lang)).unwrap_or(id);
            match lang {
                Lang::Sv => format!("”{label}” ({id})"),
                Lang::En => format!("“{label}” ({id})"),
            }
        })
        .collect();
    let and = if lang == Lang::Sv { "och" } else { "and" };
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} {and} {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// The message of an `unanswered` verdict when the pack gives none: which answers are missing.
fn unanswered_message(data: &PackData, deciding: &[String]) -> Text {
    match deciding.len() {
        0 => Text::new("Kravet kan inte bedömas med de svar som lämnats.", "The requirement cannot be judged from the answers given."),
        1 => Text {
            sv: format!("Kravet kan inte bedömas: frågan {} är obesvarad.", missing_list(data, deciding, Lang::Sv)),
            en: format!("The requirement cannot be judged: the question {} is unanswered.", missing_list(data, deciding, Lang::En)),
        },
        _ => Text {
            sv: format!("Kravet kan inte bedömas: frågorna {} är obesvarade.", missing_list(data, deciding, Lang::Sv)),
            en: format!("The requirement cannot be judged: the questions {} are unanswered.", missing_list(data, deciding, Lang::En)),
        },
    }
}

/// Whether question `q` is asked of this report: its service type, and relevance not false.
pub(crate) fn asked(cx: &Cx<'_>, q: u32) -> bool {
    let question = &cx.pack.questions[q as usize];
    question.compiled.services.contains(cx.answers.service_index) && question.compiled.relevant.as_ref().is_none_or(|rel| cx.eval(rel, None) != Value::Bool(false))
}

/// Collects the atomic conditions that make `node` evaluate to `want` (false for a failure),
/// each with the source text its span points into (the requirement's, or a derived value's).
fn failing<'a>(cx: &Cx<'a>, node: &'a Node, source: &'a str, want: bool, out: &mut Vec<(&'a Node, &'a str)>) {
    match &node.kind {
        NodeKind::And(items) | NodeKind::Or(items) => {
            let is_or = matches!(node.kind, NodeKind::Or(_));
            // A false `and` (or `or`) is explained by every false item; a true `or` by its
            // first true item; a true `and` by every item.
            for item in items.iter() {
                if cx.eval(item, None) == Value::Bool(want) {
                    failing(cx, item, source, want, out);
                    if is_or && want {
                        break;
                    }
                }
            }
        }
        NodeKind::Not(inner) => failing(cx, inner, source, !want, out),
        NodeKind::If(parts) => match cx.eval(&parts[0], None) {
            Value::Bool(true) => failing(cx, &parts[1], source, want, out),
            Value::Bool(false) => failing(cx, &parts[2], source, want, out),
            _ => out.push((node, source)),
        },
        NodeKind::Derived(d) => match cx.pack.derived.get(*d as usize) {
            Some(derived) if matches!(derived.node.kind, NodeKind::And(_) | NodeKind::Or(_) | NodeKind::Not(_) | NodeKind::If(_) | NodeKind::Derived(_)) => {
                failing(cx, &derived.node, &derived.expr, want, out);
            }
            _ => out.push((node, source)),
        },
        _ => out.push((node, source)),
    }
}

/// Collects the unanswered questions under `node` that keep it unknown.
fn unknown_questions(cx: &Cx<'_>, node: &Node, out: &mut Vec<u32>) {
    if cx.eval(node, None).is_known() {
        return;
    }
    match &node.kind {
        NodeKind::Question(q) => {
            if !cx.answers.is_answered(*q) {
                out.push(*q);
            }
        }
        NodeKind::Derived(d) => {
            if let Some(derived) = cx.pack.derived.get(*d as usize) {
                unknown_questions(cx, &derived.node, out);
            }
        }
        NodeKind::If(parts) => match cx.eval(&parts[0], None) {
            Value::Bool(true) => unknown_questions(cx, &parts[1], out),
            Value::Bool(false) => unknown_questions(cx, &parts[2], out),
            _ => unknown_questions(cx, &parts[0], out),
        },
        NodeKind::Loop { list, body, .. } => {
            unknown_questions(cx, list, out);
            // Unknown fields inside records: the list question decides.
            if out.is_empty() {
                collect_questions(cx.pack, body, out);
                collect_questions(cx.pack, list, out);
            }
        }
        _ => {
            for child in node.children() {
                // Loop bodies need their records; only evaluate children outside loops.
                unknown_questions(cx, child, out);
            }
        }
    }
}

/// Every question a node reads, through derived values.
fn collect_questions(pack: &PackData, node: &Node, out: &mut Vec<u32>) {
    match &node.kind {
        NodeKind::Question(q) => out.push(*q),
        NodeKind::Derived(d) => {
            if let Some(derived) = pack.derived.get(*d as usize) {
                collect_questions(pack, &derived.node, out);
            }
        }
        _ => {
            for c in node.children() {
                collect_questions(pack, c, out);
            }
        }
    }
}

fn explain_atom(cx: &Cx<'_>, source: &str, atom: &Node) -> Explanation {
    let condition = atom.span.text(source).to_string();
    let condition = if condition.is_empty() { source.to_string() } else { condition };
    let mut reads = vec![];
    collect_reads(cx, atom, &mut reads);
    let detail = match &atom.kind {
        NodeKind::Compare(op, a, b) => {
            let left = a.span.text(source);
            let symbol = match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "≠",
                CmpOp::Lt => "<",
                CmpOp::Le => "≤",
                CmpOp::Gt => ">",
                CmpOp::Ge => "≥",
            };
            let (va, vb) = (cx.eval(a, None), cx.eval(b, None));
            let lang_text = |lang: Lang| {
                let required = if lang == Lang::Sv { "krav" } else { "required" };
                if matches!(b.kind, NodeKind::Const(_)) {
                    format!("{left} = {}, {required} {symbol} {}", human(cx, va, lang), human(cx, vb, lang))
                } else {
                    format!("{left} = {}, {required} {symbol} {} ({})", human(cx, va, lang), b.span.text(source), human(cx, vb, lang))
                }
            };
            Text { sv: lang_text(Lang::Sv), en: lang_text(Lang::En) }
        }
        NodeKind::Call(crate::lang::functions::Func::WithinMonths, args) if args.len() == 2 => {
            let (d, n) = (cx.eval(&args[0], None), cx.eval(&args[1], None));
            let left = args[0].span.text(source);
            let window = match n {
                Value::Integer(n) => n.checked_neg().and_then(|m| value::add_months(cx.answers.date, m)).map(|start| (n, value::format_date(start))),
                _ => None,
            };
            let report = value::format_date(cx.answers.date);
            let lang_text = |lang: Lang| match (&window, lang) {
                (Some((n, start)), Lang::Sv) => format!("{left} = {}, krav: från {start} till {report} (inom {n} månader före rapportdagen)", human(cx, d, lang)),
                (Some((n, start)), Lang::En) => format!("{left} = {}, required: from {start} to {report} (within {n} months before the report date)", human(cx, d, lang)),
                (None, _) => format!("{condition} = {}", human(cx, cx.eval(atom, None), lang)),
            };
            Text { sv: lang_text(Lang::Sv), en: lang_text(Lang::En) }
        }
        _ => {
            let v = cx.eval(atom, None);
            Text { sv: format!("{condition} = {}", human(cx, v, Lang::Sv)), en: format!("{condition} = {}", human(cx, v, Lang::En)) }
        }
    };
    Explanation { condition, detail, reads }
}

fn collect_reads(cx: &Cx<'_>, node: &Node, out: &mut Vec<Read>) {
    match &node.kind {
        NodeKind::Question(q) => {
            let id = &cx.pack.questions[*q as usize].id;
            if !out.iter().any(|r| r.name == *id) {
                out.push(Read { name: id.clone(), value: to_json(cx, cx.eval(node, None)) });
            }
        }
        NodeKind::Derived(d) => {
            if let Some(derived) = cx.pack.derived.get(*d as usize) {
                if !out.iter().any(|r| r.name == derived.id) {
                    out.push(Read { name: derived.id.clone(), value: to_json(cx, cx.eval(node, None)) });
                }
                collect_reads(cx, &derived.node, out);
            }
        }
        NodeKind::Param(p) => {
            if let Some(param) = cx.pack.parameters.get(*p as usize) {
                let name = format!("{}{}", crate::pack::params::PARAM_PREFIX, param.id);
                if !out.iter().any(|r| r.name == name) {
                    out.push(Read { name, value: to_json(cx, cx.eval(node, None)) });
                }
            }
        }
        NodeKind::Loop { list, .. } => collect_reads(cx, list, out),
        _ => {
            for c in node.children() {
                collect_reads(cx, c, out);
            }
        }
    }
}

/// A value as JSON: unknown is `null`.
pub(crate) fn to_json(cx: &Cx<'_>, v: Value<'_>) -> serde_json::Value {
    match v {
        Value::Unknown => serde_json::Value::Null,
        Value::Bool(b) => b.into(),
        Value::Integer(i) => i.into(),
        Value::Number(n) => serde_json::Number::from_f64(n).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null),
        Value::Date(d) => value::format_date(d).into(),
        Value::Text(t) => t.into(),
        Value::Set(bits) => serde_json::Value::Array((0..64).filter(|i| bits & (1u64 << i) != 0).map(|i| serde_json::Value::from(format!("#{i}"))).collect()),
        Value::List(l) => cx.answers.lists.get(l as usize).map(|x| x.1).unwrap_or(0).into(),
    }
}

/// A value in words, for messages and explanations.
pub(crate) fn human(cx: &Cx<'_>, v: Value<'_>, lang: Lang) -> String {
    let sv = lang == Lang::Sv;
    match v {
        Value::Unknown => (if sv { "obesvarad" } else { "unanswered" }).to_string(),
        Value::Bool(b) => (match (b, sv) {
            (true, true) => "ja",
            (false, true) => "nej",
            (true, false) => "yes",
            (false, false) => "no",
        })
        .to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Number(n) => {
            let s = format!("{:.2}", (n * 100.0).round() / 100.0);
            let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
            if sv { s.replace('.', ",") } else { s }
        }
        Value::Date(d) => value::format_date(d),
        Value::Text(t) => t.to_string(),
        Value::Set(bits) => format!("{} {}", bits.count_ones(), if sv { "val" } else { "chosen" }),
        Value::List(l) => {
            let n = cx.answers.lists.get(l as usize).map(|x| x.1).unwrap_or(0);
            format!("{n} {}", if sv { "poster" } else { "records" })
        }
    }
}

/// Fills `{question.id}`, `{derived.id}`, `{param.id}`, `{report.year}`, `{report.date}`,
/// `{provider}`, `{name}`, `{service}`, `{contract}` and `{missing}` (the unanswered questions
/// that decide an `unanswered` verdict) in a message.
fn fill_placeholders(cx: &Cx<'_>, template: &str, lang: Lang, missing: &[String]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim();
        let a = cx.answers;
        let filled = match name {
            "report.year" => value::year(a.date).to_string(),
            "report.date" => value::format_date(a.date),
            "provider" => a.provider.clone(),
            "name" => a.name.clone().unwrap_or_else(|| a.provider.clone()),
            "service" => a.service.clone(),
            "contract" => a.contract.clone().unwrap_or_else(|| "–".into()),
            "missing" => missing_list(cx.pack, missing, lang),
            _ if name.starts_with(crate::pack::params::PARAM_PREFIX) => match crate::pack::params::placeholder_param(name, &cx.pack.parameters) {
                Some(p) => crate::pack::params::in_message(p, lang),
                None => format!("{{{name}}}"),
            },
            _ => {
                let v = if let Some(&q) = cx.pack.question_index.get(name) {
                    Some(crate::lang::eval::answer_value(&a.values[q as usize]))
                } else {
                    cx.pack.derived_index.get(name).map(|&d| cx.eval(&cx.pack.derived[d as usize].node, None))
                };
                match v {
                    Some(Value::Unknown) => "–".to_string(),
                    Some(v) => human(cx, v, lang),
                    None => format!("{{{name}}}"),
                }
            }
        };
        out.push_str(&filled);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}
