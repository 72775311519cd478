//! Why reading a compiled expression tree or pattern failed, kept per thread: postcard's
//! errors do not carry a custom message, and the user needs to know which pattern or
//! expression was refused, and in which item of the pack. [`read_error`] is called by the
//! readers of the IR ([`crate::lang::ir`]) and of patterns ([`crate::lang::pattern`]); the
//! compiled-pack loader ([`crate::pack::compiled`]) names the item being read with
//! [`set_read_item`] and takes the message with [`take_read_error`].

use std::cell::Cell;

thread_local! {
    /// Why reading a tree failed last, on this thread ([`read_error`]).
    static READ_ERROR: Cell<Option<String>> = const { Cell::new(None) };
    /// The pack item whose expressions are being read now, on this thread, as words
    /// (``requirement `r` ``): set by the compiled-pack reader when it reads an item's id.
    static READ_ITEM: Cell<Option<String>> = const { Cell::new(None) };
}

/// A deserialisation error saying `message` about the item being read ([`set_read_item`]),
/// which is also kept for [`take_read_error`].
pub(crate) fn read_error<E: serde::de::Error>(message: String) -> E {
    let message = match READ_ITEM.with(Cell::take) {
        Some(item) => {
            let message = format!("{item}: {message}");
            READ_ITEM.with(|i| i.set(Some(item)));
            message
        }
        None => message,
    };
    let error = E::custom(&message);
    READ_ERROR.with(|e| e.set(Some(message)));
    error
}

/// The message of the last [`read_error`] on this thread, taken (`None` when there was none
/// since the last call); the item being read is forgotten too.
pub(crate) fn take_read_error() -> Option<String> {
    READ_ITEM.with(Cell::take);
    READ_ERROR.with(Cell::take)
}

/// Names the pack item (`what` is `question`, `derived value`, `requirement` or
/// `indicator`; `id` its id) whose expressions are read next, for [`read_error`].
pub(crate) fn set_read_item(what: &str, id: &str) {
    READ_ITEM.with(|i| i.set(Some(format!("{what} `{id}`"))));
}
