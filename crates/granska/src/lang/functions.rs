//! The built-in functions of the expression language, in one table ([`FUNCTIONS`]): for each
//! its name, signature, arity, implementation and documentation.
//!
//! Read by the checker (`pack::compile::calls`: name lookup, "did you mean", arity and
//! argument types), the evaluator ([`crate::lang::eval`], which implements each [`Func`] with
//! one arm of a `match`: no lookup and no indirect call when a report is evaluated), the
//! reference evaluator (`testing::reference`, which finds a name's [`Func`] or [`LoopKind`]
//! here) and the function table of `docs/language.md`, rendered by `markdown_table` and
//! compared with the committed page by `tests/docs.rs`.

// Without `authoring` (the signature table is the checker's; the runtime keeps `Func` and `LoopKind`) parts of this module are unused.
#![cfg_attr(not(feature = "authoring"), allow(dead_code))]

use crate::lang::types::{Type, unify};

/// What a loop function (`f(x in list, body)`) computes over a list's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum LoopKind {
    Any,
    All,
    Count,
    Sum,
    Min,
    Max,
}

/// A built-in function called with plain arguments, as compiled: `NodeKind::Call(func, args)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Func {
    Answered,
    Coalesce,
    Count,
    Len,
    Sum,
    Min,
    Max,
    ReportDate,
    Year,
    DaysBetween,
    MonthsBetween,
    AddMonths,
    WithinMonths,
    AddDays,
    Service,
    Contract,
    Abs,
    Round,
}

/// One built-in function.
#[derive(Debug)]
pub(crate) struct Function {
    /// The name it is called by: `days_between`.
    pub name: &'static str,
    /// How a call with plain arguments is checked and compiled.
    pub call: Call,
    /// The loop it compiles to when called `f(x in list, e)`, if it can be.
    pub each: Option<LoopKind>,
    /// Its rows in the function table of `docs/language.md`, one per form (read by the docs'
    /// generator, which is test support).
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub docs: &'static [Form],
}

/// How a call with plain arguments (no `x in list`) is checked and compiled.
#[derive(Debug)]
pub(crate) enum Call {
    /// Checked against the signature, compiled to `NodeKind::Call(func, args)`.
    Func(Func, Signature),
    /// `matches(text, "pattern")`: the pattern must be a text literal, compiled to a regular
    /// expression when the pack loads (`NodeKind::Matches`).
    Pattern,
    /// No plain form: the function is only called `f(x in list, condition)`.
    BindingOnly,
}

/// The arguments a call takes and the type of its result, in the checker's [`Type`] terms.
#[derive(Debug)]
pub(crate) enum Signature {
    /// Exactly `args`, in order.
    Fixed {
        args: &'static [Arg],
        returns: Returns,
        /// What it takes, as diagnostics say it: "2 dates".
        takes: &'static str,
        /// When the count is right but an argument is not: "a list" (said with the type
        /// found); `None` says `takes` again.
        wrong_type: Option<&'static str>,
    },
    /// One or more arguments of one type (see [`unify`]), which is the result's.
    OneType,
    /// One or more numbers (an integer when all are integers, else a number), or, with
    /// `dates`, one or more dates (a date).
    Numbers { dates: bool },
}

/// The type an argument must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arg {
    /// Any value.
    Any,
    Date,
    Integer,
    /// An integer or a number.
    Number,
    /// A list of records or a multiple choice answer.
    Countable,
    /// A text, a choice, a multiple choice answer or a list of records.
    Sized,
}

/// The type of a call's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Returns {
    Is(Type),
    /// The first argument's type.
    AsFirst,
}

/// How many arguments a call takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

/// One row of the function table in `docs/language.md`.
#[derive(Debug)]
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) struct Form {
    /// The call as written: `count(x in list, cond)`.
    pub usage: &'static str,
    pub result: &'static str,
    pub meaning: &'static str,
    pub example: &'static str,
}

impl Arg {
    /// Whether a value of type `t` may be passed (an error is accepted everywhere).
    pub(crate) fn accepts(self, t: Type) -> bool {
        match self {
            Arg::Any => true,
            Arg::Date => t.is(Type::Date),
            Arg::Integer => t.is(Type::Integer),
            Arg::Number => t.numeric(),
            Arg::Countable => matches!(t, Type::List(_) | Type::Set(_) | Type::Error),
            Arg::Sized => matches!(t, Type::Text | Type::Choice(_) | Type::Set(_) | Type::List(_) | Type::Error),
        }
    }
}

impl Arity {
    /// Whether `n` arguments are the right number.
    pub(crate) fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exactly(k) => n == k,
            Arity::AtLeast(k) => n >= k,
        }
    }
}

impl Signature {
    /// How many arguments it takes.
    pub(crate) fn arity(&self) -> Arity {
        match self {
            Signature::Fixed { args, .. } => Arity::Exactly(args.len()),
            Signature::OneType | Signature::Numbers { .. } => Arity::AtLeast(1),
        }
    }

    /// The result's type for arguments of `types`, or what the function takes (for the
    /// diagnostic "`f` takes …; found …").
    pub(crate) fn result(&self, types: &[Type]) -> Result<Type, String> {
        if !self.arity().accepts(types.len()) {
            return Err(match self {
                Signature::Fixed { takes, .. } => (*takes).to_string(),
                Signature::OneType | Signature::Numbers { .. } => "at least 1 argument".to_string(),
            });
        }
        match self {
            Signature::Fixed { args, returns, takes, wrong_type } => match args.iter().zip(types).find(|(a, t)| !a.accepts(**t)) {
                None => Ok(match returns {
                    Returns::Is(t) => *t,
                    Returns::AsFirst => types.first().copied().unwrap_or(Type::Error),
                }),
                Some((_, found)) => Err(match wrong_type {
                    Some(wanted) => format!("{wanted}, found {}", found.name()),
                    None => (*takes).to_string(),
                }),
            },
            Signature::OneType => {
                let (first, rest) = types.split_first().unwrap_or((&Type::Error, &[]));
                rest.iter().try_fold(*first, |acc, t| unify(acc, *t)).ok_or_else(|| "arguments of one type".to_string())
            }
            Signature::Numbers { dates } => {
                if types.iter().all(|t| t.numeric()) {
                    Ok(if types.iter().all(|t| *t == Type::Integer) { Type::Integer } else { Type::Number })
                } else if *dates && types.iter().all(|t| t.is(Type::Date)) {
                    Ok(Type::Date)
                } else {
                    Err(if *dates { "numbers or dates, all of one kind".to_string() } else { "numbers".to_string() })
                }
            }
        }
    }
}

impl Function {
    /// How many plain arguments it takes; `None` when it has no plain form.
    pub(crate) fn arity(&self) -> Option<Arity> {
        match &self.call {
            Call::Func(_, signature) => Some(signature.arity()),
            Call::Pattern => Some(Arity::Exactly(2)),
            Call::BindingOnly => None,
        }
    }
}

/// The function called `name`.
pub(crate) fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Every function's name, in the table's order.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|f| f.name)
}

/// A signature of exactly `args`.
const fn fixed(args: &'static [Arg], returns: Type, takes: &'static str) -> Signature {
    Signature::Fixed { args, returns: Returns::Is(returns), takes, wrong_type: None }
}

/// A row of the docs.
const fn form(usage: &'static str, result: &'static str, meaning: &'static str, example: &'static str) -> Form {
    Form { usage, result, meaning, example }
}

/// The built-in functions, in the order of the docs.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function {
        name: "answered",
        call: Call::Func(Func::Answered, fixed(&[Arg::Any], Type::Bool, "1 argument")),
        each: None,
        docs: &[form("answered(q)", "bool, never unknown", "`q` has an answer", "answered(ledning.riskanalys_datum)")],
    },
    Function {
        name: "coalesce",
        call: Call::Func(Func::Coalesce, Signature::OneType),
        each: None,
        docs: &[form("coalesce(a, b, …)", "type of `a`", "the first argument that is not unknown", "coalesce(lex_sarah.utredningar, 0)")],
    },
    Function {
        name: "count",
        call: Call::Func(
            Func::Count,
            Signature::Fixed { args: &[Arg::Countable], returns: Returns::Is(Type::Integer), takes: "1 argument (a list), or `x in list, condition`", wrong_type: Some("a list") },
        ),
        each: Some(LoopKind::Count),
        docs: &[
            form("count(list)", "integer", "number of records (unknown list: unknown)", "count(personal.nyanstallda)"),
            form("count(x in list, cond)", "integer", "records where `cond` is true; unknown if some `cond` is unknown", "count(p in personal.nyanstallda, p.registerutdrag)"),
        ],
    },
    Function {
        name: "any",
        call: Call::BindingOnly,
        each: Some(LoopKind::Any),
        docs: &[form("any(x in list, cond)", "bool", "Kleene or over the records (false for an empty list)", "any(p in personal.nyanstallda, not p.registerutdrag)")],
    },
    Function {
        name: "all",
        call: Call::BindingOnly,
        each: Some(LoopKind::All),
        docs: &[form("all(x in list, cond)", "bool", "Kleene and over the records (true for an empty list)", "all(p in personal.nyanstallda, p.registerutdrag)")],
    },
    Function {
        name: "sum",
        call: Call::Func(Func::Sum, Signature::Numbers { dates: false }),
        each: Some(LoopKind::Sum),
        docs: &[
            form("sum(x in list, e)", "number or integer", "sum of `e` over the records (0 for an empty list)", "sum(p in placeringar, p.dygn)"),
            form("sum(a, b, …)", "number or integer", "sum of the arguments", "sum(kunder.lov, kunder.lou)"),
        ],
    },
    Function {
        name: "min",
        call: Call::Func(Func::Min, Signature::Numbers { dates: true }),
        each: Some(LoopKind::Min),
        docs: &[
            form("min(a, b, …)", "number, integer or date", "least argument", "min(rutin.reviderad, rutin.antagen)"),
            form("min(x in list, e)", "as `e`", "least over the records (unknown for an empty list)", "min(p in personal.lista, p.erfarenhet_ar)"),
        ],
    },
    Function {
        name: "max",
        call: Call::Func(Func::Max, Signature::Numbers { dates: true }),
        each: Some(LoopKind::Max),
        docs: &[
            form("max(a, b, …)", "number, integer or date", "greatest argument", "max(rutin.reviderad, rutin.antagen)"),
            form("max(x in list, e)", "as `e`", "greatest over the records (unknown for an empty list)", "max(p in personal.lista, p.erfarenhet_ar)"),
        ],
    },
    Function {
        name: "len",
        call: Call::Func(Func::Len, Signature::Fixed { args: &[Arg::Sized], returns: Returns::Is(Type::Integer), takes: "1 argument", wrong_type: Some("a text or a list") }),
        each: None,
        docs: &[form("len(t)", "integer", "characters in a text, or values in a multiple choice answer", "len(bedomning.metoder) >= 1")],
    },
    Function {
        name: "report_date",
        call: Call::Func(Func::ReportDate, fixed(&[], Type::Date, "no arguments")),
        each: None,
        docs: &[form("report_date()", "date", "the date of the report", "report_date() >= 2025-07-01")],
    },
    Function {
        name: "year",
        call: Call::Func(Func::Year, fixed(&[Arg::Date], Type::Integer, "1 date")),
        each: None,
        docs: &[form("year(d)", "integer", "the year of a date", "year(ledning.riskanalys_datum) == year(report_date())")],
    },
    Function {
        name: "days_between",
        call: Call::Func(Func::DaysBetween, fixed(&[Arg::Date, Arg::Date], Type::Integer, "2 dates")),
        each: None,
        docs: &[form("days_between(a, b)", "integer", "days from `a` to `b` (negative when `b` is earlier)", "days_between(anmalan.datum, utredning.start) <= 14")],
    },
    Function {
        name: "months_between",
        call: Call::Func(Func::MonthsBetween, fixed(&[Arg::Date, Arg::Date], Type::Integer, "2 dates")),
        each: None,
        docs: &[form(
            "months_between(a, b)",
            "integer",
            "whole months from `a` to `b`: a month is complete on the same day of the month, or on the month's last day when it has no such day (31 Jan → 28 Feb is 1). Not for windows: see below",
            "months_between(placering.start, placering.slut) >= 6",
        )],
    },
    Function {
        name: "add_months",
        call: Call::Func(Func::AddMonths, fixed(&[Arg::Date, Arg::Integer], Type::Date, "a date and an integer")),
        each: None,
        docs: &[form("add_months(d, n)", "date", "`d` plus `n` months (clamped to the month's last day)", "rutin.reviderad >= add_months(report_date(), -24)")],
    },
    Function {
        name: "within_months",
        call: Call::Func(Func::WithinMonths, fixed(&[Arg::Date, Arg::Integer], Type::Bool, "a date and an integer (months)")),
        each: None,
        docs: &[form(
            "within_months(d, n)",
            "bool",
            "`d` is within the `n` months before the report date: on or after the report date less `n` months (`add_months(report_date(), -n)`, clamped to the month's last day) and not after the report date. Unknown when `d` is.",
            "within_months(brand.ovning, 12)",
        )],
    },
    Function {
        name: "add_days",
        call: Call::Func(Func::AddDays, fixed(&[Arg::Date, Arg::Integer], Type::Date, "a date and an integer")),
        each: None,
        docs: &[form("add_days(d, n)", "date", "`d` plus `n` days", "add_days(registerutdrag.datum, 183) >= anstallning.datum")],
    },
    Function {
        name: "matches",
        call: Call::Pattern,
        each: None,
        docs: &[form(
            "matches(t, \"re\")",
            "bool",
            "`t` contains a match of the regular expression (anchor with `^…$` for the whole text; compiled at load; linear time)",
            "matches(verksamhet.orgnr, \"^[0-9]{6}-[0-9]{4}$\")",
        )],
    },
    Function {
        name: "service",
        call: Call::Func(Func::Service, fixed(&[], Type::Text, "no arguments")),
        each: None,
        docs: &[form("service()", "text", "the report's service type", "service() in [\"heldygnsvard\", \"stodboende\"]")],
    },
    Function {
        name: "contract",
        call: Call::Func(Func::Contract, fixed(&[], Type::Text, "no arguments")),
        each: None,
        docs: &[form("contract()", "text", "the report's contract form", "contract() == \"lov\"")],
    },
    Function {
        name: "abs",
        call: Call::Func(Func::Abs, Signature::Fixed { args: &[Arg::Number], returns: Returns::AsFirst, takes: "1 number", wrong_type: None }),
        each: None,
        docs: &[form("abs(x)", "as `x`", "absolute value", "abs(budget.avvikelse) < 10")],
    },
    Function {
        name: "round",
        call: Call::Func(Func::Round, fixed(&[Arg::Number], Type::Integer, "1 number")),
        each: None,
        docs: &[form("round(x)", "integer", "rounded half away from zero", "round(personal.andel) >= 80")],
    },
];

/// The function table of `docs/language.md`: a Markdown table, a row per form of each
/// function, in the table's order.
#[cfg(feature = "testing")]
pub(crate) fn markdown_table() -> String {
    let mut out = String::from("| function | result | meaning | example |\n|---|---|---|---|\n");
    for form in FUNCTIONS.iter().flat_map(|f| f.docs) {
        out.push_str(&format!("| `{}` | {} | {} | `{}` |\n", form.usage, cell(form.result), cell(form.meaning), form.example));
    }
    out
}

/// Text for a Markdown table cell: a `|` would end the cell.
#[cfg(feature = "testing")]
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each name once, each documented, and every form it documents is one it has.
    #[test]
    fn the_table_is_consistent() {
        for (i, f) in FUNCTIONS.iter().enumerate() {
            assert!(FUNCTIONS[..i].iter().all(|g| g.name != f.name), "`{}` twice", f.name);
            assert!(!f.docs.is_empty(), "`{}` has no docs", f.name);
            assert!(f.arity().is_some() || f.each.is_some(), "`{}` cannot be called", f.name);
            let mut plain = false;
            let mut looped = false;
            for form in f.docs {
                assert!(form.usage.starts_with(&format!("{}(", f.name)), "`{}` documents `{}`", f.name, form.usage);
                assert!(form.example.contains(&format!("{}(", f.name)), "the example of `{}` does not call it", form.usage);
                let args = &form.usage[f.name.len() + 1..form.usage.len() - 1];
                if args.contains(" in ") {
                    looped = true;
                    assert!(f.each.is_some(), "`{}` has no loop form", f.name);
                } else {
                    plain = true;
                    let n = if args.is_empty() { 0 } else { args.split(", ").count() };
                    match f.arity() {
                        Some(Arity::Exactly(k)) => assert_eq!(n, k, "`{}` takes {k} arguments", form.usage),
                        Some(Arity::AtLeast(k)) => assert!(args.ends_with('…') && n > k, "`{}` takes {k} or more", form.usage),
                        None => panic!("`{}` has no plain form", f.name),
                    }
                    // A fixed result type is the one the docs name first.
                    if let Call::Func(_, Signature::Fixed { returns: Returns::Is(t), .. }) = &f.call {
                        assert!(form.result.starts_with(t.name()), "`{}` gives {}, the docs say {}", form.usage, t.name(), form.result);
                    }
                }
            }
            assert_eq!(plain, f.arity().is_some(), "the plain form of `{}` is (un)documented", f.name);
            assert_eq!(looped, f.each.is_some(), "the loop form of `{}` is (un)documented", f.name);
        }
    }

    /// The grammar parses `f(x in list, …)` only for its `loop_name`s: exactly the functions
    /// with a loop form.
    #[test]
    fn the_grammar_knows_the_loop_forms() {
        let grammar = include_str!("grammar.pest");
        let rule = grammar.lines().find(|l| l.starts_with("loop_name")).expect("the grammar has a loop_name rule");
        let mut in_grammar: Vec<&str> = rule.split('"').skip(1).step_by(2).filter(|s| s.starts_with(|c: char| c.is_ascii_lowercase())).collect();
        let mut in_table: Vec<&str> = FUNCTIONS.iter().filter(|f| f.each.is_some()).map(|f| f.name).collect();
        in_grammar.sort_unstable();
        in_table.sort_unstable();
        assert_eq!(in_grammar, in_table);
    }

    #[test]
    fn signatures_give_results_or_what_they_take() {
        let count = &lookup("count").map(|f| &f.call);
        let Some(Call::Func(Func::Count, sig)) = count else { panic!("count is a function") };
        assert_eq!(sig.result(&[Type::Set(0)]), Ok(Type::Integer));
        assert_eq!(sig.result(&[Type::Date]), Err("a list, found date".to_string()));
        assert_eq!(sig.result(&[]), Err("1 argument (a list), or `x in list, condition`".to_string()));
        let Some(Call::Func(_, max)) = lookup("max").map(|f| &f.call) else { panic!("max is a function") };
        assert_eq!(max.result(&[Type::Integer, Type::Number]), Ok(Type::Number));
        assert_eq!(max.result(&[Type::Date, Type::Error]), Ok(Type::Date));
        assert_eq!(max.result(&[Type::Date, Type::Integer]), Err("numbers or dates, all of one kind".to_string()));
        assert_eq!(max.result(&[]), Err("at least 1 argument".to_string()));
        let Some(Call::Func(_, abs)) = lookup("abs").map(|f| &f.call) else { panic!("abs is a function") };
        assert_eq!(abs.result(&[Type::Integer]), Ok(Type::Integer));
        assert_eq!(abs.result(&[Type::Text]), Err("1 number".to_string()));
    }
}
