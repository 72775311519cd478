//! The walk over a compiled expression tree that writes it in a survey tool's dialect:
//! each condition as the pair "it is true" / "it is false" of two-valued [`Cond`]s, each
//! answer it reads guarded by "answered"; a node with no faithful translation is an
//! [`Untranslatable`] (why, in both languages), never a guess.

use crate::lang::functions::Func;
use crate::lang::ir::{ArithOp, CmpOp, Const, Node, NodeKind};
use crate::lang::value::format_date;
use crate::pack::{Pack, QuestionType};
use crate::text::Text;

use super::dialect::{Cond, Dialect};
use super::names::FormNames;

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
pub(super) enum TermKind {
    Number,
    Date,
    Text,
    Bool,
    /// A multiple choice answer.
    Set,
}

/// Why a node has no translation (English; the Swedish is made by [`Untranslatable::text`]).
#[derive(Clone, Debug)]
pub(super) enum Untranslatable {
    Loop,
    Pattern,
    Function(&'static str),
    Construct(&'static str),
    Quote(String),
}

impl Untranslatable {
    pub(super) fn text(&self, tool: &str) -> Text {
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
pub(super) struct Translator<'a> {
    pub(super) pack: &'a Pack,
    pub(super) names: &'a FormNames,
    pub(super) dialect: Dialect,
    /// Which questions the form asks (by index): a reference to another is unanswered.
    pub(super) included: &'a [bool],
    /// The form name of the question a constraint is on (`.` in SurveyJS).
    pub(super) this: Option<&'a str>,
    /// The type of `.`: the question's.
    pub(super) this_kind: TermKind,
    /// The range of the question `.` is (an answer outside it is refused, so it breaks no
    /// constraint).
    pub(super) this_range: (Option<f64>, Option<f64>),
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
    pub(super) fn truth(&self, node: &Node) -> Tr<(Cond, Cond)> {
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
