//! The translation of a question's `relevant`, `required` and `constraint` rules from the
//! compiled expression tree into a survey tool's expression language: XLSForm's XPath
//! (`${q}`, `selected()`, `date()`) or SurveyJS's (`{q}`, `contains`, `notempty`).
//!
//! granska evaluates with three values: an unanswered question makes a comparison unknown,
//! `unknown and false` is false, and a question is shown unless its relevance is *false*.
//! The tools have two values and read an unanswered question as an empty string. So every
//! condition is translated twice, into "it is true" and "it is false", each a plain
//! two-valued condition that guards each answer it reads with "answered" (`${q} != ''`,
//! `{q} notempty`):
//!
//! - relevant → shown when "relevance is false" does not hold;
//! - required → required when "required is true" holds;
//! - constraint → broken when "constraint is false" holds (an unanswered question breaks none).
//!
//! An answer outside a numeric question's `min`/`max` is refused by granska (so it is no
//! answer, and breaks no constraint): the translation reads such a value as unanswered too.
//!
//! A construct with no faithful translation (a loop over list records, a pattern, a
//! function the tool lacks) is never guessed: the rule is left out and a [`LogicWarning`]
//! names the question.

use crate::lang::functions::Func;
use crate::lang::ir::{ArithOp, CmpOp, Const, Node, NodeKind};
use crate::lang::value::format_date;
use crate::pack::{Pack, Question, QuestionType};
use crate::text::Text;

use super::names::FormNames;

/// The expression language of a survey tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// XLSForm (ODK, KoboToolbox): XPath 1.0 with ODK's functions, `${name}` references.
    XPath,
    /// SurveyJS: `{name}` references, `notempty`, `contains`, `and`/`or`.
    SurveyJs,
}

/// Which rule of a question a translation is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// `relevant`: when the question is asked.
    Relevant,
    /// `required`: when an answer is required.
    Required,
    /// `constraint`: what an answer must satisfy.
    Constraint,
}

impl RuleKind {
    /// The rule's name as a pack writes it.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Relevant => "relevant",
            RuleKind::Required => "required",
            RuleKind::Constraint => "constraint",
        }
    }
}

/// A rule of a question that the export leaves out, because the tool cannot say the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogicWarning {
    /// The question's id.
    pub question: String,
    /// The rule left out.
    pub rule: RuleKind,
    /// Why, in both languages.
    pub message: Text,
}

/// Whether a question must be answered, in a tool's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Required {
    /// Never required.
    No,
    /// Always required (when shown).
    Always,
    /// Required when the condition (in the dialect) holds.
    When(String),
}

/// A question's rules translated into a tool's expression language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionLogic {
    /// The question's id.
    pub id: String,
    /// Show the question when this holds; `None` always.
    pub relevant: Option<String>,
    /// Whether an answer is required.
    pub required: Required,
    /// The answer is accepted when this holds; `None` when any answer is (ranges apart).
    pub constraint: Option<String>,
    /// Rules left out, each with why.
    pub warnings: Vec<LogicWarning>,
}

/// A two-valued condition in the making, negatable without `not()` where the tool has a
/// negated form (`!=`, `empty`, `notcontains`).
#[derive(Clone, Debug, PartialEq)]
enum Cond {
    Const(bool),
    /// An atom as written, and as written negated.
    Atom(String, String),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

impl Cond {
    fn atom(yes: String, no: String) -> Cond {
        Cond::Atom(yes, no)
    }

    fn and(items: Vec<Cond>) -> Cond {
        let mut out = vec![];
        for c in items {
            match c {
                Cond::Const(true) => {}
                Cond::Const(false) => return Cond::Const(false),
                Cond::And(inner) => out.extend(inner),
                c => {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        match out.len() {
            0 => Cond::Const(true),
            1 => out.pop().unwrap_or(Cond::Const(true)),
            _ => Cond::And(out),
        }
    }

    fn or(items: Vec<Cond>) -> Cond {
        let mut out = vec![];
        for c in items {
            match c {
                Cond::Const(false) => {}
                Cond::Const(true) => return Cond::Const(true),
                Cond::Or(inner) => out.extend(inner),
                c => {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        match out.len() {
            0 => Cond::Const(false),
            1 => out.pop().unwrap_or(Cond::Const(false)),
            _ => Cond::Or(out),
        }
    }

    fn not(self) -> Cond {
        match self {
            Cond::Const(b) => Cond::Const(!b),
            Cond::Atom(yes, no) => Cond::Atom(no, yes),
            Cond::And(items) => Cond::or(items.into_iter().map(Cond::not).collect()),
            Cond::Or(items) => Cond::and(items.into_iter().map(Cond::not).collect()),
        }
    }

    fn render(&self, d: Dialect) -> String {
        match self {
            Cond::Const(b) => match (d, b) {
                (Dialect::XPath, true) => "true()".into(),
                (Dialect::XPath, false) => "false()".into(),
                (Dialect::SurveyJs, true) => "true".into(),
                (Dialect::SurveyJs, false) => "false".into(),
            },
            Cond::Atom(yes, _) => yes.clone(),
            Cond::And(items) => items
                .iter()
                .map(|c| match c {
                    Cond::Or(_) => format!("({})", c.render(d)),
                    _ => c.render(d),
                })
                .collect::<Vec<_>>()
                .join(" and "),
            Cond::Or(items) => items.iter().map(|c| c.render(d)).collect::<Vec<_>>().join(" or "),
        }
    }
}

/// A value in the making: its text in the dialect, and when it is known.
#[derive(Clone, Debug)]
struct Term {
    text: String,
    known: Cond,
    kind: TermKind,
    /// Whether it is a literal of the pack (a constant or a parameter), not an answer or `.`.
    constant: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TermKind {
    Number,
    Date,
    Text,
    Bool,
    /// A multiple choice answer.
    Set,
}

/// Why a node has no translation (English; the Swedish is made by [`Untranslatable::text`]).
#[derive(Clone, Debug)]
enum Untranslatable {
    Loop,
    Pattern,
    Function(&'static str),
    Construct(&'static str),
    Quote(String),
}

impl Untranslatable {
    fn text(&self, tool: &str) -> Text {
        match self {
            Untranslatable::Loop => {
                Text::new(format!("villkor över listans poster kan inte uttryckas i {tool}"), format!("a condition over a list's records cannot be written in {tool}"))
            }
            Untranslatable::Pattern => Text::new(
                format!("mönster (matches) översätts inte till {tool}: reguljära uttryck tolkas olika"),
                format!("patterns (matches) are not translated to {tool}: regular expressions differ between engines"),
            ),
            Untranslatable::Function(f) => Text::new(format!("funktionen {f} har ingen motsvarighet i {tool}"), format!("the function {f} has no equivalent in {tool}")),
            Untranslatable::Construct(c) => Text::new(format!("{c} har ingen trogen motsvarighet i {tool}"), format!("{c} has no faithful equivalent in {tool}")),
            Untranslatable::Quote(v) => {
                Text::new(format!("texten {v} innehåller både ' och \" och kan inte skrivas i {tool}"), format!("the text {v} has both ' and \" and cannot be written in {tool}"))
            }
        }
    }
}

type Tr<T> = Result<T, Untranslatable>;

/// Translates expressions of one pack into one dialect.
struct Translator<'a> {
    pack: &'a Pack,
    names: &'a FormNames,
    dialect: Dialect,
    /// Which questions the form asks (by index): a reference to another is unanswered.
    included: &'a [bool],
    /// The form name of the question a constraint is on (`.` in SurveyJS).
    this: Option<&'a str>,
    /// The type of `.`: the question's.
    this_kind: TermKind,
    /// The range of the question `.` is (an answer outside it is refused, so it breaks no
    /// constraint).
    this_range: (Option<f64>, Option<f64>),
}

impl Translator<'_> {
    fn reference(&self, name: &str) -> String {
        match self.dialect {
            Dialect::XPath => format!("${{{name}}}"),
            Dialect::SurveyJs => format!("{{{name}}}"),
        }
    }

    fn answered(&self, value: &str) -> Cond {
        match self.dialect {
            Dialect::XPath => Cond::atom(format!("{value} != ''"), format!("{value} = ''")),
            Dialect::SurveyJs => Cond::atom(format!("{value} notempty"), format!("{value} empty")),
        }
    }

    fn quote(&self, text: &str) -> Tr<String> {
        match self.dialect {
            Dialect::XPath if !text.contains('\'') => Ok(format!("'{text}'")),
            Dialect::XPath if !text.contains('"') => Ok(format!("\"{text}\"")),
            Dialect::XPath => Err(Untranslatable::Quote(text.to_string())),
            Dialect::SurveyJs => Ok(format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))),
        }
    }

    fn number(n: f64) -> String {
        if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
    }

    fn constant(&self, c: &Const) -> Tr<Option<Term>> {
        let known = Cond::Const(true);
        Ok(Some(match c {
            Const::Unknown => return Ok(None),
            Const::Bool(b) => Term { text: b.to_string(), known, kind: TermKind::Bool, constant: true },
            Const::Integer(i) => Term { text: i.to_string(), known, kind: TermKind::Number, constant: true },
            Const::Number(n) => Term { text: Translator::number(*n), known, kind: TermKind::Number, constant: true },
            Const::Date(d) => Term {
                text: match self.dialect {
                    Dialect::XPath => format!("date('{}')", format_date(*d)),
                    Dialect::SurveyJs => format!("'{}'", format_date(*d)),
                },
                known,
                kind: TermKind::Date,
                constant: true,
            },
            Const::Text(t) => Term { text: self.quote(t)?, known, kind: TermKind::Text, constant: true },
        }))
    }

    fn question_term(&self, q: u32) -> Option<Term> {
        let question = self.pack.questions().get(q as usize)?;
        if !self.included.get(q as usize).copied().unwrap_or(false) {
            return None;
        }
        let name = &self.names.of(&question.id)?.name;
        let text = self.reference(name);
        let kind = match question.kind {
            QuestionType::Bool => TermKind::Bool,
            QuestionType::Integer | QuestionType::Number | QuestionType::Percent => TermKind::Number,
            QuestionType::Date => TermKind::Date,
            QuestionType::Text => TermKind::Text,
            QuestionType::Choice if question.multiple => TermKind::Set,
            QuestionType::Choice => TermKind::Text,
            QuestionType::List => return None,
        };
        // An answer out of the question's range is refused, so it is no answer: the tool's
        // value counts as known only inside the range.
        let range = if kind == TermKind::Number { (question.min, question.max) } else { (None, None) };
        let known = Cond::and(vec![self.answered(&text), self.in_range(&text, range)]);
        Some(Term { known, text, kind, constant: false })
    }

    /// `value` is inside `(min, max)`.
    fn in_range(&self, value: &str, (min, max): (Option<f64>, Option<f64>)) -> Cond {
        let mut out = vec![];
        if let Some(min) = min {
            let m = Translator::number(min);
            out.push(Cond::atom(format!("{value} >= {m}"), format!("{value} < {m}")));
        }
        if let Some(max) = max {
            let m = Translator::number(max);
            out.push(Cond::atom(format!("{value} <= {m}"), format!("{value} > {m}")));
        }
        Cond::and(out)
    }

    /// The value of `node`; `None` when it is always unknown here.
    fn value(&self, node: &Node) -> Tr<Option<Term>> {
        Ok(match &node.kind {
            NodeKind::Const(c) => self.constant(c)?,
            NodeKind::Param(p) => match self.pack.data.param_values.get(*p as usize) {
                Some(c) => self.constant(c)?,
                None => None,
            },
            NodeKind::Question(q) => {
                if matches!(self.pack.questions().get(*q as usize).map(|x| x.kind), Some(QuestionType::List)) {
                    return Err(Untranslatable::Loop);
                }
                self.question_term(*q)
            }
            NodeKind::Derived(d) => match self.pack.data.derived.get(*d as usize) {
                Some(derived) => self.value(&derived.node)?,
                None => None,
            },
            NodeKind::This => {
                let text = match (self.dialect, self.this) {
                    (Dialect::XPath, _) => ".".to_string(),
                    (Dialect::SurveyJs, Some(name)) => self.reference(name),
                    (Dialect::SurveyJs, None) => return Err(Untranslatable::Construct("`.` outside a constraint")),
                };
                // A constraint is checked only on an answer, and only on one inside the range.
                Some(Term { known: self.in_range(&text, self.this_range), text, kind: self.this_kind, constant: false })
            }
            NodeKind::Negate(a) => self.value(a)?.map(|t| Term { text: format!("-({})", t.text), ..t }),
            NodeKind::Arith(op, a, b) => {
                let (Some(x), Some(y)) = (self.value(a)?, self.value(b)?) else { return Ok(None) };
                if x.kind != TermKind::Number || y.kind != TermKind::Number {
                    return Err(Untranslatable::Construct("arithmetic on dates"));
                }
                let sym = match (op, self.dialect) {
                    (ArithOp::Add, _) => "+",
                    (ArithOp::Sub, _) => "-",
                    (ArithOp::Mul, _) => "*",
                    (ArithOp::Div, Dialect::XPath) => "div",
                    (ArithOp::Div, Dialect::SurveyJs) => "/",
                };
                let mut known = vec![x.known, y.known];
                if *op == ArithOp::Div {
                    // Division by zero is unknown.
                    known.push(Cond::atom(format!("{} != 0", y.text), format!("{} = 0", y.text)));
                }
                Some(Term { text: format!("({} {sym} {})", x.text, y.text), known: Cond::and(known), kind: TermKind::Number, constant: false })
            }
            NodeKind::Call(func, args) => return self.call(*func, args),
            NodeKind::If(_) => return Err(Untranslatable::Construct("`if … then … else` with a value")),
            NodeKind::Loop { .. } | NodeKind::Field { .. } => return Err(Untranslatable::Loop),
            NodeKind::Matches(..) => return Err(Untranslatable::Pattern),
            NodeKind::Not(_) | NodeKind::And(_) | NodeKind::Or(_) | NodeKind::Compare(..) | NodeKind::InList { .. } | NodeKind::HasChoice { .. } | NodeKind::InSet { .. } => {
                return Err(Untranslatable::Construct("a yes/no condition used as a value"));
            }
        })
    }

    fn call(&self, func: Func, args: &[Node]) -> Tr<Option<Term>> {
        let xpath = self.dialect == Dialect::XPath;
        Ok(match func {
            Func::ReportDate => {
                let text = self.reference("date");
                Some(Term { known: self.answered(&text), text, kind: TermKind::Date, constant: false })
            }
            Func::Service => {
                let text = self.reference("service");
                Some(Term { known: self.answered(&text), text, kind: TermKind::Text, constant: false })
            }
            Func::Year => {
                let Some(d) = self.arg(args, 0)? else { return Ok(None) };
                let text = if xpath { format!("int(format-date({}, '%Y'))", d.text) } else { format!("year({})", d.text) };
                Some(Term { text, known: d.known, kind: TermKind::Number, constant: false })
            }
            Func::DaysBetween => {
                let (Some(a), Some(b)) = (self.arg(args, 0)?, self.arg(args, 1)?) else { return Ok(None) };
                let text =
                    if xpath { format!("round(decimal-date-time({}) - decimal-date-time({}))", b.text, a.text) } else { format!("dateDiff({}, {}, 'days')", a.text, b.text) };
                Some(Term { text, known: Cond::and(vec![a.known, b.known]), kind: TermKind::Number, constant: false })
            }
            Func::Count | Func::Len => {
                let Some(s) = self.arg(args, 0)? else { return Ok(None) };
                if s.kind != TermKind::Set {
                    return Err(Untranslatable::Function(if func == Func::Count { "count" } else { "len" }));
                }
                // The "none of these" choice is not a choice granska counts.
                let text = if xpath {
                    format!("(count-selected({0}) - number(selected({0}, '{1}')))", s.text, super::NONE_CHOICE)
                } else {
                    return Err(Untranslatable::Function(if func == Func::Count { "count" } else { "len" }));
                };
                Some(Term { text, known: s.known, kind: TermKind::Number, constant: false })
            }
            // `answered(x)` as a condition is `truth`'s; as a value (compared) it is not translated.
            Func::Answered => return Err(Untranslatable::Construct("`answered()` used as a value")),
            Func::Coalesce => return Err(Untranslatable::Function("coalesce")),
            Func::Sum => return Err(Untranslatable::Function("sum")),
            Func::Min => return Err(Untranslatable::Function("min")),
            Func::Max => return Err(Untranslatable::Function("max")),
            Func::MonthsBetween => return Err(Untranslatable::Function("months_between")),
            Func::AddMonths => return Err(Untranslatable::Function("add_months")),
            Func::WithinMonths => return Err(Untranslatable::Function("within_months")),
            Func::AddDays => return Err(Untranslatable::Function("add_days")),
            Func::Contract => return Err(Untranslatable::Function("contract")),
            Func::Abs => return Err(Untranslatable::Function("abs")),
            Func::Round => return Err(Untranslatable::Function("round")),
        })
    }

    fn arg(&self, args: &[Node], i: usize) -> Tr<Option<Term>> {
        match args.get(i) {
            Some(n) => self.value(n),
            None => Ok(None),
        }
    }

    /// (when `node` is true, when it is false).
    fn truth(&self, node: &Node) -> Tr<(Cond, Cond)> {
        let never = || (Cond::Const(false), Cond::Const(false));
        Ok(match &node.kind {
            NodeKind::Const(Const::Bool(b)) => (Cond::Const(*b), Cond::Const(!*b)),
            NodeKind::Const(_) => never(),
            NodeKind::Not(a) => {
                let (t, f) = self.truth(a)?;
                (f, t)
            }
            NodeKind::And(items) | NodeKind::Or(items) => {
                let mut ts = vec![];
                let mut fs = vec![];
                for item in items.iter() {
                    let (t, f) = self.truth(item)?;
                    ts.push(t);
                    fs.push(f);
                }
                if matches!(node.kind, NodeKind::And(_)) { (Cond::and(ts), Cond::or(fs)) } else { (Cond::or(ts), Cond::and(fs)) }
            }
            NodeKind::If(parts) => {
                let (ct, cf) = self.truth(&parts[0])?;
                let (at, af) = self.truth(&parts[1])?;
                let (bt, bf) = self.truth(&parts[2])?;
                (Cond::or(vec![Cond::and(vec![ct.clone(), at]), Cond::and(vec![cf.clone(), bt])]), Cond::or(vec![Cond::and(vec![ct, af]), Cond::and(vec![cf, bf])]))
            }
            NodeKind::Derived(d) => match self.pack.data.derived.get(*d as usize) {
                Some(derived) => self.truth(&derived.node)?,
                None => never(),
            },
            NodeKind::Call(Func::Answered, args) => match args.first() {
                Some(a) => match self.value(a)? {
                    Some(t) => (t.known.clone(), t.known.not()),
                    None => (Cond::Const(false), Cond::Const(true)),
                },
                None => never(),
            },
            NodeKind::Compare(op, a, b) => {
                let (Some(x), Some(y)) = (self.value(a)?, self.value(b)?) else { return Ok(never()) };
                self.compare(*op, x, y)?
            }
            NodeKind::InList { negate, item, list } => {
                let Some(x) = self.value(item)? else { return Ok(never()) };
                let mut ts = vec![];
                let mut fs = vec![];
                for candidate in list.iter() {
                    let Some(y) = self.value(candidate)? else {
                        // An unknown candidate: true if another matches, else unknown.
                        fs.push(Cond::Const(false));
                        continue;
                    };
                    let (t, f) = self.compare(CmpOp::Eq, x.clone(), y)?;
                    ts.push(t);
                    fs.push(f);
                }
                let (t, f) = (Cond::or(ts), Cond::and(fs));
                if *negate { (f, t) } else { (t, f) }
            }
            NodeKind::HasChoice { negate, bit, set } => {
                let Some(s) = self.value(set)? else { return Ok(never()) };
                let NodeKind::Question(q) = set.kind else { return Err(Untranslatable::Construct("a choice in a computed set")) };
                let Some(choice) = self.pack.questions().get(q as usize).and_then(|x| x.choices.get(*bit as usize)) else { return Ok(never()) };
                let v = self.quote(&choice.value)?;
                let has = match self.dialect {
                    Dialect::XPath => Cond::atom(format!("selected({}, {v})", s.text), format!("not(selected({}, {v}))", s.text)),
                    Dialect::SurveyJs => Cond::atom(format!("{} contains {v}", s.text), format!("{} notcontains {v}", s.text)),
                };
                let t = Cond::and(vec![s.known.clone(), has.clone()]);
                let f = Cond::and(vec![s.known, has.not()]);
                if *negate { (f, t) } else { (t, f) }
            }
            NodeKind::InSet { .. } => return Err(Untranslatable::Construct("a computed value in a multiple choice")),
            NodeKind::Question(_) | NodeKind::Param(_) | NodeKind::Call(..) | NodeKind::This => {
                let Some(t) = self.value(node)? else { return Ok(never()) };
                if t.kind != TermKind::Bool {
                    return Ok(never());
                }
                self.bool_term(t)
            }
            NodeKind::Loop { .. } | NodeKind::Field { .. } => return Err(Untranslatable::Loop),
            NodeKind::Matches(..) => return Err(Untranslatable::Pattern),
            NodeKind::Negate(_) | NodeKind::Arith(..) => never(),
        })
    }

    /// A yes/no value's (true, false) conditions.
    fn bool_term(&self, t: Term) -> (Cond, Cond) {
        if t.constant {
            // A literal of the pack: `true`, `false`.
            let b = t.text == "true";
            return (Cond::Const(b), Cond::Const(!b));
        }
        match self.dialect {
            Dialect::XPath => (
                Cond::atom(format!("{} = '{}'", t.text, super::YES), format!("{} != '{}'", t.text, super::YES)),
                Cond::atom(format!("{} = '{}'", t.text, super::NO), format!("{} != '{}'", t.text, super::NO)),
            ),
            Dialect::SurveyJs => (
                Cond::and(vec![t.known.clone(), Cond::atom(format!("{} = true", t.text), format!("{} != true", t.text))]),
                Cond::and(vec![t.known, Cond::atom(format!("{} = false", t.text), format!("{} != false", t.text))]),
            ),
        }
    }

    fn compare(&self, op: CmpOp, x: Term, y: Term) -> Tr<(Cond, Cond)> {
        let never = (Cond::Const(false), Cond::Const(false));
        match (x.kind, y.kind) {
            (TermKind::Bool, TermKind::Bool) => {
                // Only against a constant: `q == true`.
                let (c, other) = match (x.constant, y.constant) {
                    (_, true) => (y.text.clone(), x),
                    (true, _) => (x.text.clone(), y),
                    _ => return Err(Untranslatable::Construct("comparing two yes/no answers")),
                };
                let (t, f) = self.bool_term(other);
                let eq = if c == "true" { (t, f) } else { (f, t) };
                return Ok(match op {
                    CmpOp::Eq => eq,
                    CmpOp::Ne => (eq.1, eq.0),
                    _ => never,
                });
            }
            (TermKind::Text, TermKind::Text) if !matches!(op, CmpOp::Eq | CmpOp::Ne) => return Ok(never),
            (TermKind::Set, _) | (_, TermKind::Set) => return Err(Untranslatable::Construct("comparing a multiple choice answer")),
            (a, b) if a != b => return Ok(never),
            _ => {}
        }
        let (sym, neg) = match op {
            CmpOp::Eq => ("=", "!="),
            CmpOp::Ne => ("!=", "="),
            CmpOp::Lt => ("<", ">="),
            CmpOp::Le => ("<=", ">"),
            CmpOp::Gt => (">", "<="),
            CmpOp::Ge => (">=", "<"),
        };
        let atom = Cond::atom(format!("{} {sym} {}", x.text, y.text), format!("{} {neg} {}", x.text, y.text));
        let known = Cond::and(vec![x.known, y.known]);
        Ok((Cond::and(vec![known.clone(), atom.clone()]), Cond::and(vec![known, atom.not()])))
    }
}

impl Pack {
    /// The `relevant`, `required` and `constraint` rules of question `id` in `dialect`, with
    /// granska's three-valued semantics kept in the tools' two values (each answer read is
    /// guarded by "answered"; `docs/survey-tools.md` shows the translation), for a
    /// form asking the questions `included` (by question index; a reference to another is
    /// an unanswered question) named by `names`. Service types are not part of it: a form
    /// adds its own condition on the `service` question. `None` for an unknown id.
    pub fn form_logic(&self, id: &str, dialect: Dialect, names: &FormNames, included: &[bool]) -> Option<QuestionLogic> {
        let index = *self.data.question_index.get(id)? as usize;
        let q: &Question = &self.data.questions[index];
        let tool = match dialect {
            Dialect::XPath => "XLSForm",
            Dialect::SurveyJs => "SurveyJS",
        };
        let this = names.of(id).map(|n| n.name.as_str());
        let this_kind = match q.kind {
            QuestionType::Bool => TermKind::Bool,
            QuestionType::Date => TermKind::Date,
            QuestionType::Text => TermKind::Text,
            QuestionType::Choice if q.multiple => TermKind::Set,
            QuestionType::Choice => TermKind::Text,
            _ => TermKind::Number,
        };
        let this_range = if this_kind == TermKind::Number { (q.min, q.max) } else { (None, None) };
        let tr = Translator { pack: self, names, dialect, included, this, this_kind, this_range };
        let mut warnings = vec![];
        let mut warn = |rule: RuleKind, e: Untranslatable| warnings.push(LogicWarning { question: q.id.clone(), rule, message: e.text(tool) });
        let relevant = match q.compiled.relevant.as_ref().map(|n| tr.truth(n)) {
            None => None,
            Some(Ok((_, when_false))) => match when_false.not() {
                Cond::Const(true) => None,
                c => Some(c.render(dialect)),
            },
            Some(Err(e)) => {
                warn(RuleKind::Relevant, e);
                None
            }
        };
        let required = match q.compiled.required.as_ref().map(|n| tr.truth(n)) {
            None => Required::No,
            Some(Ok((when_true, _))) => match when_true {
                Cond::Const(true) => Required::Always,
                Cond::Const(false) => Required::No,
                c => Required::When(c.render(dialect)),
            },
            Some(Err(e)) => {
                warn(RuleKind::Required, e);
                Required::No
            }
        };
        let constraint = match q.compiled.constraint.as_ref().map(|n| tr.truth(n)) {
            None => None,
            Some(Ok((_, when_false))) => match when_false.not() {
                Cond::Const(true) => None,
                c => Some(c.render(dialect)),
            },
            Some(Err(e)) => {
                warn(RuleKind::Constraint, e);
                None
            }
        };
        Some(QuestionLogic { id: q.id.clone(), relevant, required, constraint, warnings })
    }
}
