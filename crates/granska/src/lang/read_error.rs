//! Why reading a compiled expression tree or pattern failed, kept per thread: postcard's
//! errors do not carry a custom message, and the user needs to know which pattern or
//! expression was refused, and in which item of the pack. [`read_error`] is called by the
//! readers of the IR ([`crate::lang::ir`]) and of patterns ([`crate::lang::pattern`]); the
//! compiled-pack loader ([`crate::pack::compiled`]) names the item being read with
//! [`set_read_item`] and takes the message with [`take_read_error`].

use std::cell::Cell;

/// Why a stored tree or pattern was refused: the file is wrong, or this build cannot run it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReadFault {
    /// The stored data cannot be what `granska compile` writes ([`crate::CompiledPackError::Invalid`]).
    Invalid,
    /// The data is sound but needs what this build of granska leaves out, such as pattern
    /// matching ([`crate::CompiledPackError::Unsupported`]).
    Unsupported,
}

thread_local! {
    /// Why reading a tree failed last, on this thread ([`read_error`], [`unsupported_error`]).
    static READ_ERROR: Cell<Option<(ReadFault, String)>> = const { Cell::new(None) };
    /// The pack item whose expressions are being read now, on this thread, as words
    /// (``requirement `r` ``): set by the compiled-pack reader when it reads an item's id.
    static READ_ITEM: Cell<Option<String>> = const { Cell::new(None) };
}

/// A deserialisation error saying `message` about the item being read ([`set_read_item`]),
/// which is also kept for [`take_read_error`].
pub(crate) fn read_error<E: serde::de::Error>(message: String) -> E {
    fault_error(ReadFault::Invalid, message)
}

/// A deserialisation error saying that the item being read ([`set_read_item`]) needs
/// `message`'s feature, which this build of granska does not have: kept for
/// [`take_read_error`] as [`ReadFault::Unsupported`].
pub(crate) fn unsupported_error<E: serde::de::Error>(message: String) -> E {
    fault_error(ReadFault::Unsupported, message)
}

fn fault_error<E: serde::de::Error>(fault: ReadFault, message: String) -> E {
    let message = match READ_ITEM.with(Cell::take) {
        Some(item) => {
            let message = format!("{item}: {message}");
            READ_ITEM.with(|i| i.set(Some(item)));
            message
        }
        None => message,
    };
    let error = E::custom(&message);
    READ_ERROR.with(|e| e.set(Some((fault, message))));
    error
}

/// The fault and message of the last [`read_error`] or [`unsupported_error`] on this thread,
/// taken (`None` when there was none since the last call); the item being read is forgotten
/// too.
pub(crate) fn take_read_error() -> Option<(ReadFault, String)> {
    READ_ITEM.with(Cell::take);
    READ_ERROR.with(Cell::take)
}

/// Names the pack item (`what` is `question`, `derived value`, `requirement` or
/// `indicator`; `id` its id) whose expressions are read next, for [`read_error`].
pub(crate) fn set_read_item(what: &str, id: &str) {
    READ_ITEM.with(|i| i.set(Some(format!("{what} `{id}`"))));
}
