//! A survey tool's expression language ([`Dialect`]) and the two-valued conditions written
//! in it ([`Cond`]): simplified as they are built (`and`/`or` flattened, constants folded,
//! repeats dropped) and negated without `not()` where the tool has a negated form.

/// The expression language of a survey tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// XLSForm (ODK, KoboToolbox): XPath 1.0 with ODK's functions, `${name}` references.
    XPath,
    /// SurveyJS: `{name}` references, `notempty`, `contains`, `and`/`or`.
    SurveyJs,
}

/// A two-valued condition in the making, negatable without `not()` where the tool has a
/// negated form (`!=`, `empty`, `notcontains`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cond {
    Const(bool),
    /// An atom as written, and as written negated.
    Atom(String, String),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

impl Cond {
    pub(super) fn atom(yes: String, no: String) -> Cond {
        Cond::Atom(yes, no)
    }

    pub(super) fn and(items: Vec<Cond>) -> Cond {
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

    pub(super) fn or(items: Vec<Cond>) -> Cond {
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

    pub(super) fn not(self) -> Cond {
        match self {
            Cond::Const(b) => Cond::Const(!b),
            Cond::Atom(yes, no) => Cond::Atom(no, yes),
            Cond::And(items) => Cond::or(items.into_iter().map(Cond::not).collect()),
            Cond::Or(items) => Cond::and(items.into_iter().map(Cond::not).collect()),
        }
    }

    pub(super) fn render(&self, d: Dialect) -> String {
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
