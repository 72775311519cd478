//! The expression language: grammar and parser (text → [`ast`]), the checked intermediate
//! form ([`ir`], made by the pack compiler), values with three-valued logic ([`value`]) and
//! the evaluator ([`eval`]).

pub(crate) mod ast;
pub(crate) mod eval;
pub(crate) mod ir;
pub(crate) mod parser;
pub(crate) mod value;
