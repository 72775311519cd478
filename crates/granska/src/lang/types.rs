//! The static types of expressions, as the checker ([`crate::pack::compile`]) infers them and
//! the built-in functions' signatures ([`crate::lang::functions`]) name them.

// Without `authoring` (static types are the checker's) parts of this module are unused.
#![cfg_attr(not(feature = "authoring"), allow(dead_code))]

/// The static type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    Bool,
    Integer,
    Number,
    Date,
    Text,
    /// A single-choice question's value (text, with known choices).
    Choice(u32),
    /// A multiple-choice question's value.
    Set(u32),
    /// A list question's records.
    List(u32),
    /// A literal list (right of `in`).
    Literals,
    /// After an error: accepted everywhere so one mistake is reported once.
    Error,
}

impl Type {
    /// The type's name in diagnostics and in `docs/language.md`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Date => "date",
            Type::Text | Type::Choice(_) => "text",
            Type::Set(_) => "multiple choice",
            Type::List(_) => "list of records",
            Type::Literals => "list",
            Type::Error => "error",
        }
    }

    /// An integer or a number (or an error).
    pub(crate) fn numeric(self) -> bool {
        matches!(self, Type::Integer | Type::Number | Type::Error)
    }

    /// A text or a single choice (or an error).
    pub(crate) fn textual(self) -> bool {
        matches!(self, Type::Text | Type::Choice(_) | Type::Error)
    }

    /// `other`, or an error (which is accepted everywhere).
    pub(crate) fn is(self, other: Type) -> bool {
        self == other || self == Type::Error
    }
}

/// The one type two values can both be used as (the branches of `if`, the arguments of
/// `coalesce`): integers and numbers give a number, texts and choices a text.
pub(crate) fn unify(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        _ if a == b => Some(a),
        (Type::Error, t) | (t, Type::Error) => Some(t),
        (Type::Integer, Type::Number) | (Type::Number, Type::Integer) => Some(Type::Number),
        (x, y) if x.textual() && y.textual() => Some(Type::Text),
        _ => None,
    }
}
