//! The expression language: grammar and parser (text → [`ast`]), static types ([`types`]),
//! the built-in functions ([`functions`]), the checked intermediate form ([`ir`], made by the
//! pack compiler, with the regular expressions of [`pattern`]; [`read_error`] says why a
//! compiled one was refused), values with three-valued logic ([`value`]) and the evaluator
//! ([`eval`]).

pub(crate) mod ast;
pub(crate) mod eval;
pub(crate) mod functions;
pub(crate) mod ir;
#[cfg(feature = "authoring")]
pub(crate) mod parser;
pub(crate) mod pattern;
pub(crate) mod read_error;
pub(crate) mod types;
pub(crate) mod value;
