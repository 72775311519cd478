//! The ids declared so far of one kind (pack ids, services, parameters, questions and derived
//! values, requirements, indicators), each with where it was first declared, so that a second
//! declaration is reported once, in one wording, pointing at the first.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::sink::Diagnostics;
use crate::pack::diagnostic::DiagnosticCode;

/// One table of declared ids: id → (file, byte offset) of its first declaration.
pub(super) struct IdTable {
    sites: HashMap<String, (usize, usize)>,
    /// Whether a second declaration is a reuse (pack ids: "is already used") rather than a
    /// second declaration ("is declared twice").
    reuse: bool,
}

impl IdTable {
    /// A table of ids declared in the pack.
    pub(super) fn new() -> IdTable {
        IdTable { sites: HashMap::new(), reuse: false }
    }

    /// A table of pack ids, of which each file of a pack names one.
    pub(super) fn pack_ids() -> IdTable {
        IdTable { sites: HashMap::new(), reuse: true }
    }

    /// Records `id` (a `what`, e.g. `question`) declared in file `file`; a second
    /// declaration is a `duplicate-id` error with a hint naming the first, and returns false.
    pub(super) fn declare(&mut self, diagnostics: &mut Diagnostics<'_>, file: usize, id: &Spanned<String>, what: &str) -> bool {
        if let Some(&(f0, off)) = self.sites.get(&id.value) {
            let first = diagnostics.place(f0, off);
            let (message, hint) = if self.reuse {
                (format!("{what} `{}` is already used", id.value), format!("first used in {first}"))
            } else {
                (format!("{what} `{}` is declared twice", id.value), format!("first declared in {first}"))
            };
            diagnostics.at_spanned(file, id, id.value.len(), DiagnosticCode::DuplicateId, message, Some(hint));
            return false;
        }
        self.sites.insert(id.value.clone(), (file, id.referenced.span().byte_offset().unwrap_or(0) as usize));
        true
    }
}
