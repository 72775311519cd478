//! Checks the data of a compiled pack before it is used, as the checker guarantees for a pack
//! loaded from YAML: every question, derived value and parameter an expression reads exists,
//! a choice bit fits its set, no derived value depends on itself, no expression nests deeper
//! (derived values expanded, as evaluation recurses) than the pack's limit, and the indexes
//! of requirements by service type lie inside the pack. The file's checksum already finds a
//! damaged file; this keeps a file written by other means from making evaluation panic or
//! recurse without end. (The evaluation step budget is the checker's and is not counted again.)
//! The ids, choice values and text constants are in NFC, as the compiler writes them
//! ([`crate::nfc`]): answers are put in NFC when read, so a text that is not would never match.

use crate::lang::ir::{Const, MAX_READ_DEPTH, Node, NodeKind};
use crate::pack::PackData;

/// Why the data cannot be a pack, in words.
pub(super) type Inconsistent = String;

/// The sizes the expressions' references are checked against.
struct Slots {
    questions: usize,
    derived: usize,
    parameters: usize,
}

impl Slots {
    /// Checks the references of `node` and its children; collects the derived values read.
    fn check(&self, node: &Node, reads: &mut Vec<u32>) -> Result<(), Inconsistent> {
        match &node.kind {
            NodeKind::Question(q) | NodeKind::InSet { question: q, .. } if *q as usize >= self.questions => {
                return Err(format!("an expression reads question #{q}; the pack has {}", self.questions));
            }
            NodeKind::Derived(d) if *d as usize >= self.derived => return Err(format!("an expression reads derived value #{d}; the pack has {}", self.derived)),
            NodeKind::Derived(d) => reads.push(*d),
            NodeKind::Param(p) if *p as usize >= self.parameters => return Err(format!("an expression reads parameter #{p}; the pack has {}", self.parameters)),
            NodeKind::HasChoice { bit, .. } if *bit >= 64 => return Err(format!("an expression reads choice #{bit}; a question has at most 64")),
            _ => {}
        }
        node.children().into_iter().try_for_each(|c| self.check(c, reads))
    }
}

/// `Err` naming `text` and where it is (`what`, in words) when it is not in NFC.
fn is_nfc(text: &str, what: impl FnOnce() -> String) -> Result<(), Inconsistent> {
    if crate::nfc::nfc(text) == text {
        Ok(())
    } else {
        Err(format!("{} `{}` is not in Unicode normal form C (NFC), as `granska compile` writes every text: it would never match an answer", what(), shown(text)))
    }
}

/// `text` with every character outside ASCII written as its code point (`a\u{30a}`), so a
/// decomposed letter can be told from a composed one.
fn shown(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.escape_unicode().to_string() }).collect()
}

/// The first text constant in `node` or its children that is not in NFC.
fn first_text_not_nfc(node: &Node) -> Option<&str> {
    if let NodeKind::Const(Const::Text(t)) = &node.kind
        && crate::nfc::nfc(t) != **t
    {
        return Some(t);
    }
    node.children().into_iter().find_map(first_text_not_nfc)
}

/// Checks that the ids, choice values and text constants of `data` are in NFC.
fn check_nfc(data: &PackData) -> Result<(), Inconsistent> {
    is_nfc(&data.info.id, || "the pack id".into())?;
    for s in &data.services {
        is_nfc(&s.id, || "the id of service type".into())?;
    }
    for (p, value) in data.parameters.iter().zip(&data.param_values) {
        is_nfc(&p.id, || "the id of parameter".into())?;
        if let Const::Text(t) = value {
            is_nfc(t, || format!("the value of parameter `{}`", p.id))?;
        }
    }
    for q in &data.questions {
        is_nfc(&q.id, || "the id of question".into())?;
        for c in &q.choices {
            is_nfc(&c.value, || format!("a choice of question `{}`", q.id))?;
        }
        for f in &q.fields {
            is_nfc(&f.id, || format!("a field of question `{}`", q.id))?;
            for c in &f.choices {
                is_nfc(&c.value, || format!("a choice of field `{}` of question `{}`", f.id, q.id))?;
            }
        }
    }
    for d in &data.derived {
        is_nfc(&d.id, || "the id of derived value".into())?;
    }
    for r in &data.requirements {
        is_nfc(&r.id, || "the id of requirement".into())?;
    }
    for i in &data.indicators {
        is_nfc(&i.id, || "the id of indicator".into())?;
    }
    Ok(())
}

/// Nesting depth of `node` as evaluation recurses, derived values expanded (their depths in
/// `derived`), as the checker counts it.
fn depth(node: &Node, derived: &[usize]) -> usize {
    let own = match &node.kind {
        NodeKind::Derived(d) => derived.get(*d as usize).copied().unwrap_or(1),
        _ => 1,
    };
    own.saturating_add(node.children().into_iter().map(|c| depth(c, derived)).max().unwrap_or(0))
}

/// Checks `data` (see the module documentation).
///
/// # Errors
///
/// The first inconsistency found, in words.
pub(super) fn verify(data: &PackData) -> Result<(), Inconsistent> {
    if data.param_values.len() != data.parameters.len() {
        return Err(format!("{} parameter values for {} parameters", data.param_values.len(), data.parameters.len()));
    }
    if data.by_service.len() != data.services.len() {
        return Err(format!("requirements listed for {} service types; the pack has {}", data.by_service.len(), data.services.len()));
    }
    if let Some(&i) = data.by_service.iter().flat_map(|s| s.iter()).find(|&&i| i as usize >= data.requirements.len()) {
        return Err(format!("a service type lists requirement #{i}; the pack has {}", data.requirements.len()));
    }
    if let Some(&i) = data.file_order.iter().find(|&&i| i >= data.sources.len()) {
        return Err(format!("file #{i} is named in the load order; the pack has {}", data.sources.len()));
    }
    if data.question_index.len() != data.questions.len() {
        return Err("two questions have the same id".into());
    }
    if data.derived_index.len() != data.derived.len() {
        return Err("two derived values have the same id".into());
    }
    check_nfc(data)?;
    let slots = Slots { questions: data.questions.len(), derived: data.derived.len(), parameters: data.parameters.len() };

    // Derived values: references, then an order in which each comes after those it reads
    // (none is left over when none depends on itself), then their depths in that order.
    let mut reads: Vec<Vec<u32>> = Vec::with_capacity(data.derived.len());
    for d in &data.derived {
        let mut r = vec![];
        slots.check(&d.node, &mut r)?;
        if let Some(t) = first_text_not_nfc(&d.node) {
            return is_nfc(t, || format!("a text in the expression of derived value `{}`", d.id));
        }
        r.sort_unstable();
        r.dedup();
        reads.push(r);
    }
    let mut waiting: Vec<usize> = reads.iter().map(Vec::len).collect();
    let mut read_by: Vec<Vec<usize>> = vec![vec![]; data.derived.len()];
    for (i, r) in reads.iter().enumerate() {
        for &d in r {
            read_by[d as usize].push(i);
        }
    }
    let mut ready: Vec<usize> = (0..data.derived.len()).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(data.derived.len());
    while let Some(i) = ready.pop() {
        order.push(i);
        for &j in &read_by[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.push(j);
            }
        }
    }
    if order.len() < data.derived.len() {
        let stuck = (0..data.derived.len()).find(|&i| waiting[i] > 0).map(|i| data.derived[i].id.as_str()).unwrap_or("");
        return Err(format!("derived value `{stuck}` depends on itself"));
    }
    let limit = data.limits.max_expression_depth.min(MAX_READ_DEPTH as usize);
    let too_deep = |what: &str, id: &str, d: usize| format!("the expression of {what} `{id}` nests {d} levels deep with the derived values it uses; the limit is {limit}");
    let mut derived_depth = vec![1; data.derived.len()];
    for i in order {
        let d = depth(&data.derived[i].node, &derived_depth);
        if d > limit {
            return Err(too_deep("derived value", &data.derived[i].id, d));
        }
        derived_depth[i] = d;
    }

    // Every other expression.
    let mut roots: Vec<(&str, &str, &Node)> = vec![];
    for q in &data.questions {
        let c = &q.compiled;
        roots.extend([&c.required, &c.relevant, &c.constraint].into_iter().flatten().map(|n| ("question", q.id.as_str(), n)));
    }
    for r in &data.requirements {
        let c = &r.compiled;
        roots.extend(c.applies.iter().chain([&c.require]).map(|n| ("requirement", r.id.as_str(), n)));
    }
    for ind in &data.indicators {
        let c = &ind.compiled;
        roots.extend([&c.count, &c.of, &c.sum].into_iter().flatten().map(|n| ("indicator", ind.id.as_str(), n)));
    }
    for (what, id, node) in roots {
        slots.check(node, &mut vec![])?;
        if let Some(t) = first_text_not_nfc(node) {
            return is_nfc(t, || format!("a text in an expression of {what} `{id}`"));
        }
        let d = depth(node, &derived_depth);
        if d > limit {
            return Err(too_deep(what, id, d));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]

    use std::sync::Arc;

    use crate::lang::ast::Span;
    use crate::lang::ir::{Node, NodeKind};
    use crate::pack::{Pack, PackData};
    use crate::{CompiledPackError, Pack as PublicPack};

    const PACK: &str = r#"
pack: { id: v, title: { sv: V, en: V } }
services: [{ id: s, label: { sv: S, en: S } }]
questions:
  - { id: a, type: bool, label: { sv: A, en: A } }
  - { id: m, type: choice, multiple: true, choices: [{ value: x, label: { sv: X, en: X } }], label: { sv: M, en: M } }
derived:
  - { id: d0, expr: "a" }
  - { id: d1, expr: "d0 and \"x\" in m" }
requirements:
  - { id: r, title: { sv: R, en: R }, source: S, severity: krav, area: trygghet, message: { sv: M, en: M }, require: "d1" }
"#;

    /// The pack's data changed by `change`, written compiled (its content hash computed
    /// afresh, so that only the change is wrong) and read back.
    fn load_changed(change: impl FnOnce(&mut PackData)) -> Result<PublicPack, CompiledPackError> {
        let pack = Pack::from_yaml(PACK, "v.yaml").unwrap();
        let mut data = (*pack.data).clone();
        data.content_hash = std::sync::OnceLock::new();
        change(&mut data);
        Pack::from_compiled(&Pack { data: Arc::new(data) }.to_compiled())
    }

    fn invalid(change: impl FnOnce(&mut PackData)) -> String {
        match load_changed(change) {
            Err(CompiledPackError::Invalid { reason }) => reason,
            other => panic!("expected an invalid pack, got {other:?}"),
        }
    }

    #[test]
    fn the_pack_unchanged_loads() {
        assert!(load_changed(|_| {}).is_ok());
    }

    #[test]
    fn a_slot_outside_the_pack_is_refused() {
        assert!(invalid(|d| d.derived[0].node = Node::new(NodeKind::Question(7), Span::default())).contains("question #7; the pack has 2"));
        assert!(invalid(|d| d.requirements[0].compiled.require = Node::new(NodeKind::Derived(9), Span::default())).contains("derived value #9"));
        assert!(invalid(|d| d.derived[0].node = Node::new(NodeKind::Param(0), Span::default())).contains("parameter #0; the pack has 0"));
        assert!(invalid(|d| d.by_service[0] = vec![3].into()).contains("requirement #3"));
        assert!(invalid(|d| d.by_service.clear()).contains("for 0 service types; the pack has 1"));
        assert!(invalid(|d| d.file_order.push(5)).contains("file #5"));
        assert!(invalid(|d| d.param_values.push(crate::lang::ir::Const::Unknown)).contains("1 parameter values for 0 parameters"));
    }

    /// A hand-made file whose ids, choice values or text constants are decomposed (NFD, as
    /// macOS writes `å`) would load and never match an answer, which is put in NFC: refused,
    /// naming the item.
    #[test]
    fn a_text_not_in_nfc_is_refused_naming_its_item() {
        let nfd = "sa\u{30a}rbara";
        let text = |t: &str| Node::new(NodeKind::Const(crate::lang::ir::Const::Text(t.into())), Span::default());
        let reason = invalid(|d| d.questions[1].choices[0].value = nfd.into());
        assert!(reason.contains("a choice of question `m`") && reason.contains("NFC"), "{reason}");
        let reason = invalid(|d| d.questions[0].id = nfd.into());
        assert!(reason.contains("the id of question") && reason.contains("\\u{30a}"), "{reason}");
        let reason = invalid(|d| d.requirements[0].id = nfd.into());
        assert!(reason.contains("the id of requirement"), "{reason}");
        let reason = invalid(|d| d.services[0].id = nfd.into());
        assert!(reason.contains("the id of service type"), "{reason}");
        let reason = invalid(|d| {
            let q = Box::new(Node::new(NodeKind::Question(0), Span::default()));
            d.requirements[0].compiled.require = Node::new(NodeKind::Compare(crate::lang::ir::CmpOp::Eq, q, Box::new(text(nfd))), Span::default());
        });
        assert!(reason.contains("a text in an expression of requirement `r`"), "{reason}");
        let reason = invalid(|d| d.derived[0].node = Node::new(NodeKind::Not(Box::new(text(nfd))), Span::default()));
        assert!(reason.contains("derived value `d0`"), "{reason}");
        // The same texts composed load.
        assert!(load_changed(|d| d.questions[1].choices[0].value = "sårbara".into()).is_ok());
    }

    #[test]
    fn a_choice_bit_past_64_is_refused() {
        let reason = invalid(|d| {
            let set = Box::new(Node::new(NodeKind::Question(1), Span::default()));
            d.derived[1].node = Node::new(NodeKind::HasChoice { negate: false, bit: 64, set }, Span::default());
        });
        assert!(reason.contains("choice #64"), "{reason}");
    }

    #[test]
    fn a_derived_value_that_depends_on_itself_is_refused() {
        assert!(invalid(|d| d.derived[0].node = Node::new(NodeKind::Derived(1), Span::default())).contains("depends on itself"));
        assert!(
            invalid(|d| d.derived[1].node = Node::new(NodeKind::Not(Box::new(Node::new(NodeKind::Derived(1), Span::default()))), Span::default()))
                .contains("`d1` depends on itself")
        );
    }

    fn nested(levels: usize) -> Node {
        (0..levels).fold(Node::new(NodeKind::Question(0), Span::default()), |n, _| Node::new(NodeKind::Not(Box::new(n)), Span::default()))
    }

    #[test]
    fn an_expression_deeper_than_the_limit_is_refused() {
        // Deeper than the pack's limit (64), derived values expanded.
        let reason = invalid(|d| d.derived[0].node = nested(63));
        assert!(reason.contains("derived value `d0` nests 64") || reason.contains("nests 65"), "{reason}");
        let reason = invalid(|d| d.requirements[0].compiled.require = nested(70));
        assert!(reason.contains("requirement `r` nests 71 levels deep") && reason.contains("the limit is 64"), "{reason}");
        // Deeper than any file is read, whatever limits it names: refused while reading,
        // before the recursion can exhaust the stack (2,000 levels: writing, cloning and
        // dropping such a tree recurses too, here in the test).
        let reason = invalid(|d| {
            d.limits.max_expression_depth = usize::MAX;
            d.requirements[0].compiled.require = nested(2_000);
        });
        assert!(reason.contains("nests more than 256 levels deep"), "{reason}");
    }
}
