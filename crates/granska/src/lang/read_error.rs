//! Why reading a compiled expression tree or pattern failed, kept per thread: postcard's
//! errors do not carry a custom message, and the user needs to know which pattern or
//! expression was refused. [`read_error`] is called by the readers of the IR
//! ([`crate::lang::ir`]) and of patterns ([`crate::lang::pattern`]); the compiled-pack loader
//! ([`crate::pack::compiled`]) takes the message with [`take_read_error`].

use std::cell::Cell;

thread_local! {
    /// Why reading a tree failed last, on this thread ([`read_error`]).
    static READ_ERROR: Cell<Option<String>> = const { Cell::new(None) };
}

/// A deserialisation error saying `message`, which is also kept for [`take_read_error`].
pub(crate) fn read_error<E: serde::de::Error>(message: String) -> E {
    let error = E::custom(&message);
    READ_ERROR.with(|e| e.set(Some(message)));
    error
}

/// The message of the last [`read_error`] on this thread, taken (`None` when there was none
/// since the last call).
pub(crate) fn take_read_error() -> Option<String> {
    READ_ERROR.with(Cell::take)
}
