//! Which questions an expression reads, through derived values: what the linter uses to find
//! questions nothing reads, and what [`Pack::requirement_questions`] answers (the questions a
//! requirement is judged on, e.g. to show an action plan next to them).

use crate::lang::ir::{Node, NodeKind};
use crate::pack::{Derived, Pack};

/// Marks in `out` (by question slot) every question `node` reads, through derived values
/// (each derived value expanded once; `seen_derived` is one flag per derived value).
pub(crate) fn reads(node: &Node, derived: &[Derived], seen_derived: &mut Vec<bool>, out: &mut Vec<bool>) {
    match &node.kind {
        NodeKind::Question(q) => {
            if let Some(slot) = out.get_mut(*q as usize) {
                *slot = true;
            }
        }
        NodeKind::Derived(d) => {
            let d = *d as usize;
            if seen_derived.get(d) == Some(&false) {
                seen_derived[d] = true;
                if let Some(x) = derived.get(d) {
                    reads(&x.node, derived, seen_derived, out);
                }
            }
        }
        NodeKind::InSet { question, .. } => {
            if let Some(slot) = out.get_mut(*question as usize) {
                *slot = true;
            }
            for c in node.children() {
                reads(c, derived, seen_derived, out);
            }
        }
        _ => {
            for c in node.children() {
                reads(c, derived, seen_derived, out);
            }
        }
    }
}

impl Pack {
    /// The ids of the questions the requirement `id` reads — in its `require` and `applies`
    /// conditions, directly or through derived values — in questionnaire order; `None` when
    /// the pack has no such requirement. A list question counts once, for all its fields.
    pub fn requirement_questions(&self, id: &str) -> Option<Vec<&str>> {
        let r = self.requirement(id)?;
        let derived = self.derived();
        let mut seen = vec![false; derived.len()];
        let mut read = vec![false; self.questions().len()];
        reads(&r.compiled.require, derived, &mut seen, &mut read);
        if let Some(applies) = &r.compiled.applies {
            reads(applies, derived, &mut seen, &mut read);
        }
        Some(self.questions().iter().zip(read).filter(|(_, r)| *r).map(|(q, _)| q.id.as_str()).collect())
    }
}
