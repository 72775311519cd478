//! Cost: the nesting depth and the number of evaluation steps of each expression, checked against the pack's limits.

use super::*;

impl<'a> Checker<'a> {
    /// Checks one expression's evaluation steps and its depth with the derived values it
    /// uses expanded (evaluation recurses that deep); returns both, or 1 for one already
    /// reported, so that expressions using it do not repeat the error.
    pub(super) fn within_limits(&mut self, site: Site, text: &str, node: &Node) -> (u64, usize) {
        let mut cost = self.cost(node);
        if cost > self.limits.max_steps {
            self.diag.in_expr(
                site,
                text,
                node.span,
                DiagnosticCode::Limit,
                format!("this expression may take {cost} evaluation steps; the limit is {}", self.limits.max_steps),
                Some("loops inside loops, and texts read whole (`len`, `matches`, comparing two texts), cost the most".into()),
            );
            cost = 1;
        }
        let mut depth = self.depth(node);
        if depth > self.limits.max_expression_depth {
            self.diag.in_expr(
                site,
                text,
                node.span,
                DiagnosticCode::Limit,
                format!("with the derived values it uses, this expression nests {depth} levels deep; the limit is {}", self.limits.max_expression_depth),
                Some("use fewer layers of derived values".into()),
            );
            depth = 1;
        }
        (cost, depth)
    }

    /// Nesting depth of a node as evaluation recurses: derived values expanded.
    pub(super) fn depth(&self, node: &Node) -> usize {
        let own = match &node.kind {
            NodeKind::Derived(d) => self.derived.depth.get(*d as usize).copied().unwrap_or(1),
            _ => 1,
        };
        own + node.children().into_iter().map(|c| self.depth(c)).max().unwrap_or(0)
    }

    /// An upper bound of the evaluation steps of a node, lists counted at their maximum length.
    ///
    /// Reading a text answer whole (`len`, `matches`, comparing two texts neither of which is
    /// a literal) counts one step per 64 bytes of the longest text allowed, so that no pack
    /// can make evaluation run away by scanning long texts over and over.
    pub(super) fn cost(&self, node: &Node) -> u64 {
        self.cost_in(node, &mut Vec::new())
    }

    /// [`Checker::cost`] inside loops over the list questions `loops` (innermost last).
    pub(super) fn cost_in(&self, node: &Node, loops: &mut Vec<Option<u32>>) -> u64 {
        let scan = 1 + self.limits.max_text_length as u64 / 64;
        let own = match &node.kind {
            NodeKind::Derived(d) => self.derived.cost.get(*d as usize).copied().unwrap_or(1),
            NodeKind::Matches(..) => scan,
            NodeKind::Call(Func::Len, args) if args.first().is_some_and(|a| self.may_be_long_text(a, loops)) => scan,
            NodeKind::Compare(_, a, b) if self.may_be_long_text(a, loops) && self.may_be_long_text(b, loops) => scan,
            NodeKind::InList { item, list, .. } if self.may_be_long_text(item, loops) => {
                1 + scan.saturating_mul(list.iter().filter(|c| self.may_be_long_text(c, loops)).count() as u64)
            }
            _ => 1,
        };
        let children: u64 = match &node.kind {
            NodeKind::Loop { list, body, .. } => {
                let list_cost = self.cost_in(list, loops);
                loops.push(list_question(list));
                let body_cost = self.cost_in(body, loops);
                loops.pop();
                list_cost.saturating_add(body_cost.saturating_mul(self.limits.max_list_length as u64))
            }
            _ => node.children().into_iter().map(|c| self.cost_in(c, loops)).fold(0u64, u64::saturating_add),
        };
        own.saturating_add(children)
    }

    /// Whether a node may be a text as long as a text answer (a literal or a choice is short).
    pub(super) fn may_be_long_text(&self, node: &Node, loops: &[Option<u32>]) -> bool {
        match &node.kind {
            NodeKind::Question(q) => matches!(self.questions.types.get(*q as usize), Some(Type::Text | Type::Error)),
            NodeKind::Derived(d) => !matches!(self.derived.state.get(*d as usize), Some(DerivedState::Done(t)) if !matches!(t, Type::Text | Type::Error)),
            NodeKind::Field { up, field } => {
                let list = loops.len().checked_sub(1 + *up as usize).and_then(|i| loops[i]);
                match list.and_then(|q| self.questions.list.get(q as usize)).and_then(|q| q.fields.get(*field as usize)) {
                    Some(f) => f.kind == QuestionType::Text,
                    None => true,
                }
            }
            NodeKind::This | NodeKind::Call(Func::Service | Func::Contract, _) => true,
            NodeKind::Call(Func::Coalesce, args) => args.iter().any(|a| self.may_be_long_text(a, loops)),
            NodeKind::If(parts) => self.may_be_long_text(&parts[1], loops) || self.may_be_long_text(&parts[2], loops),
            _ => false,
        }
    }
}
