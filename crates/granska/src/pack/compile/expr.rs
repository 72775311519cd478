//! Expressions: names resolved to slots, operators and membership type-checked, into the intermediate form.

use super::*;

impl<'a> Checker<'a> {
    pub(super) fn parse(&mut self, site: Site, text: &str) -> Option<Expr> {
        match crate::lang::parser::parse(text, self.limits) {
            Ok(e) => Some(e),
            Err(err) => {
                self.diag.in_expr(site, text, err.span, DiagnosticCode::Syntax, err.message, err.hint);
                None
            }
        }
    }

    pub(super) fn bool_spanned(&mut self, file: usize, value: &Spanned<String>, scope: &Scope) -> Option<Node> {
        let site = Site { file, offset: value.referenced.span().byte_offset().unwrap_or(0) as usize };
        self.bool_expr(site, &value.value, scope)
    }

    /// Parses and checks an expression that must be a bool, within the step budget.
    pub(super) fn bool_expr(&mut self, site: Site, text: &str, scope: &Scope) -> Option<Node> {
        let (node, ty) = self.any_expr(site, text, scope)?;
        if !ty.is(Type::Bool) {
            self.diag.in_expr(
                site,
                text,
                node.span,
                DiagnosticCode::TypeMismatch,
                format!("expected a condition (bool), found {}", ty.name()),
                Some("compare the value, e.g. `x > 0`".into()),
            );
        }
        Some(node)
    }

    pub(super) fn any_expr(&mut self, site: Site, text: &str, scope: &Scope) -> Option<(Node, Type)> {
        let expr = self.parse(site, text)?;
        let (node, ty) = self.expr(site, text, &expr, scope);
        let (cost, _) = self.within_limits(site, text, &node);
        self.budget.count(cost, site);
        Some((node, ty))
    }

    pub(super) fn err(&mut self, site: Site, text: &str, span: Span, code: DiagnosticCode, message: String, hint: Option<String>) -> (Node, Type) {
        self.diag.in_expr(site, text, span, code, message, hint);
        (Node::unknown(span), Type::Error)
    }

    pub(super) fn expr(&mut self, site: Site, text: &str, e: &Expr, scope: &Scope) -> (Node, Type) {
        // One expression is at most `max_expression_depth` deep (the parser checks); deeper
        // means derived values checked inside one another: stop before the stack runs out.
        if self.nesting >= self.limits.max_expression_depth {
            let limit = self.limits.max_expression_depth;
            return self.err(
                site,
                text,
                e.span,
                DiagnosticCode::Limit,
                format!("with the derived values it uses, this expression nests deeper than {limit} levels"),
                Some("use fewer layers of derived values".into()),
            );
        }
        self.nesting += 1;
        let result = self.expr_node(site, text, e, scope);
        self.nesting -= 1;
        result
    }

    pub(super) fn expr_node(&mut self, site: Site, text: &str, e: &Expr, scope: &Scope) -> (Node, Type) {
        let span = e.span;
        match &e.kind {
            ExprKind::Literal(lit) => {
                let (c, t) = match lit {
                    Literal::Bool(b) => (Const::Bool(*b), Type::Bool),
                    Literal::Integer(i) => (Const::Integer(*i), Type::Integer),
                    Literal::Number(n) => (Const::Number(*n), Type::Number),
                    Literal::Date(d) => (Const::Date(*d), Type::Date),
                    Literal::Text(s) => (Const::Text(s.clone().into_boxed_str()), Type::Text),
                };
                (Node::new(NodeKind::Const(c), span), t)
            }
            ExprKind::This => match scope.this {
                Some(t) => (Node::new(NodeKind::This, span), t),
                None => self.err(site, text, span, DiagnosticCode::UnknownName, "`.` can only be used in a question's constraint".into(), Some("name the question instead".into())),
            },
            ExprKind::Reference(name) => self.reference(site, text, name, span, scope),
            ExprKind::List(_) => self.err(site, text, span, DiagnosticCode::TypeMismatch, "a list can only stand right of `in`".into(), Some("write `x in [\"a\", \"b\"]`".into())),
            ExprKind::Not(inner) => {
                let (n, t) = self.expr(site, text, inner, scope);
                if !t.is(Type::Bool) {
                    return self.err(site, text, inner.span, DiagnosticCode::TypeMismatch, format!("`not` needs a condition (bool), found {}", t.name()), None);
                }
                (Node::new(NodeKind::Not(Box::new(n)), span), Type::Bool)
            }
            ExprKind::Negate(inner) => {
                let (n, t) = self.expr(site, text, inner, scope);
                if !t.numeric() {
                    return self.err(site, text, inner.span, DiagnosticCode::TypeMismatch, format!("`-` needs a number, found {}", t.name()), None);
                }
                (Node::new(NodeKind::Negate(Box::new(n)), span), t)
            }
            ExprKind::If(c, a, b) => {
                let (cn, ct) = self.expr(site, text, c, scope);
                if !ct.is(Type::Bool) {
                    self.diag.in_expr(site, text, c.span, DiagnosticCode::TypeMismatch, format!("`if` needs a condition (bool), found {}", ct.name()), None);
                }
                let (an, at) = self.expr(site, text, a, scope);
                let (bn, bt) = self.expr(site, text, b, scope);
                let Some(t) = unify(at, bt) else {
                    return self.err(site, text, span, DiagnosticCode::TypeMismatch, format!("the branches of `if` differ: {} and {}", at.name(), bt.name()), None);
                };
                (Node::new(NodeKind::If(Box::new([cn, an, bn])), span), t)
            }
            ExprKind::Binary(op, a, b) => self.binary(site, text, *op, a, b, span, scope),
            ExprKind::Call { function, binding, args } => self.call(site, text, function, binding.as_ref(), args, span, scope),
        }
    }

    pub(super) fn reference(&mut self, site: Site, text: &str, name: &str, span: Span, scope: &Scope) -> (Node, Type) {
        let first = name.split('.').next().unwrap_or(name);
        if let Some(depth) = scope.bound.iter().rev().position(|(v, _)| v == first) {
            let (_, list_q) = &scope.bound[scope.bound.len() - 1 - depth];
            let list_q = *list_q;
            let field_name = &name[first.len()..].trim_start_matches('.');
            let fields = &self.questions.list[list_q as usize].fields;
            if field_name.is_empty() {
                return self.err(
                    site,
                    text,
                    span,
                    DiagnosticCode::TypeMismatch,
                    format!("`{first}` is a record; name one of its fields"),
                    Some(format!("fields: {}", fields.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", "))),
                );
            }
            return match fields.iter().position(|f| f.id == *field_name) {
                Some(fi) => {
                    let t = scalar_type(fields[fi].kind);
                    (Node::new(NodeKind::Field { up: depth as u8, field: fi as u16 }, span), t)
                }
                None => {
                    let hint = did_you_mean(field_name, fields.iter().map(|f| f.id.as_str())).map(|m| format!("did you mean `{first}.{m}`?"));
                    let qid = self.questions.list[list_q as usize].id.clone();
                    self.err(site, text, span, DiagnosticCode::UnknownName, format!("records of `{qid}` have no field `{field_name}`"), hint)
                }
            };
        }
        if let Some(id) = name.strip_prefix(PARAM_PREFIX) {
            if let Some(&p) = self.params.index.get(id) {
                return (Node::new(NodeKind::Param(p), span), self.params.types[p as usize]);
            }
            let hint = self.similar_parameter(name).map(|m| format!("did you mean `{m}`?"));
            let hint = hint.or_else(|| Some("declare it under `parameters:`".into()));
            return self.err(site, text, span, DiagnosticCode::UnknownName, format!("unknown parameter `{name}`"), hint);
        }
        if let Some(&q) = self.questions.index.get(name) {
            return (Node::new(NodeKind::Question(q), span), self.questions.types[q as usize]);
        }
        if let Some(&d) = self.derived.index.get(name) {
            if self.derived.state[d as usize] == DerivedState::InProgress {
                return self.err(
                    site,
                    text,
                    span,
                    DiagnosticCode::Cycle,
                    format!("derived value `{name}` depends on itself"),
                    Some("break the cycle between the derived values".into()),
                );
            }
            let t = self.check_derived(d);
            return (Node::new(NodeKind::Derived(d), span), t);
        }
        let candidates: Vec<&str> = self.questions.index.keys().chain(self.derived.index.keys()).map(String::as_str).collect();
        let hint = did_you_mean(name, candidates).map(|m| format!("did you mean `{m}`?"));
        let hint = hint.or_else(|| if functions::lookup(name).is_some() { Some(format!("`{name}` is a function: `{name}(…)`")) } else { None });
        self.err(site, text, span, DiagnosticCode::UnknownName, format!("unknown question or derived value `{name}`"), hint)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn binary(&mut self, site: Site, text: &str, op: BinaryOp, a: &Expr, b: &Expr, span: Span, scope: &Scope) -> (Node, Type) {
        if matches!(op, BinaryOp::In | BinaryOp::NotIn) {
            return self.membership(site, text, op == BinaryOp::NotIn, a, b, span, scope);
        }
        let (an, at) = self.expr(site, text, a, scope);
        let (bn, bt) = self.expr(site, text, b, scope);
        match op {
            BinaryOp::And | BinaryOp::Or => {
                for (t, e) in [(at, a), (bt, b)] {
                    if !t.is(Type::Bool) {
                        return self.err(
                            site,
                            text,
                            e.span,
                            DiagnosticCode::TypeMismatch,
                            format!("`{}` needs conditions (bool) on both sides, found {}", op.symbol(), t.name()),
                            Some("compare the value, e.g. `x > 0`".into()),
                        );
                    }
                }
                // Flatten chains into one n-ary node.
                let mut items = Vec::new();
                for n in [an, bn] {
                    match n.kind {
                        NodeKind::And(xs) if op == BinaryOp::And => items.extend(xs.into_vec()),
                        NodeKind::Or(xs) if op == BinaryOp::Or => items.extend(xs.into_vec()),
                        other => items.push(Node::new(other, n.span)),
                    }
                }
                let kind = if op == BinaryOp::And { NodeKind::And(items.into()) } else { NodeKind::Or(items.into()) };
                (Node::new(kind, span), Type::Bool)
            }
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ordering = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
                let ok = (at.numeric() && bt.numeric())
                    || (at.is(Type::Date) && bt.is(Type::Date))
                    || (!ordering && at.textual() && bt.textual())
                    || (!ordering && at.is(Type::Bool) && bt.is(Type::Bool));
                if !ok {
                    let hint = if ordering && at.textual() && bt.textual() { Some("texts can only be compared with `==` and `!=`".to_string()) } else { None };
                    return self.err(site, text, span, DiagnosticCode::TypeMismatch, format!("cannot compare {} with {} using `{}`", at.name(), bt.name(), op.symbol()), hint);
                }
                // A literal compared with a choice question must be one of its choices.
                for (t, other) in [(at, b), (bt, a)] {
                    if let Type::Choice(q) = t
                        && let ExprKind::Literal(Literal::Text(s)) = &other.kind
                    {
                        self.check_choice(site, text, q, s, other.span);
                    }
                }
                let cmp = match op {
                    BinaryOp::Eq => CmpOp::Eq,
                    BinaryOp::Ne => CmpOp::Ne,
                    BinaryOp::Lt => CmpOp::Lt,
                    BinaryOp::Le => CmpOp::Le,
                    BinaryOp::Gt => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                (Node::new(NodeKind::Compare(cmp, Box::new(an), Box::new(bn)), span), Type::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                for (t, e) in [(at, a), (bt, b)] {
                    if !t.numeric() {
                        let hint = if t == Type::Date { Some("use `days_between`, `add_days` or `add_months` for dates".to_string()) } else { None };
                        return self.err(site, text, e.span, DiagnosticCode::TypeMismatch, format!("`{}` needs numbers, found {}", op.symbol(), t.name()), hint);
                    }
                }
                let arith = match op {
                    BinaryOp::Add => ArithOp::Add,
                    BinaryOp::Sub => ArithOp::Sub,
                    BinaryOp::Mul => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                let t = if arith != ArithOp::Div && at == Type::Integer && bt == Type::Integer { Type::Integer } else { Type::Number };
                (Node::new(NodeKind::Arith(arith, Box::new(an), Box::new(bn)), span), t)
            }
            BinaryOp::In | BinaryOp::NotIn => unreachable_in(),
        }
    }

    pub(super) fn check_choice(&mut self, site: Site, text: &str, q: u32, value: &str, span: Span) -> Option<usize> {
        let question = &self.questions.list[q as usize];
        if let Some(i) = question.choices.iter().position(|c| c.value == value) {
            return Some(i);
        }
        let hint = did_you_mean(value, question.choices.iter().map(|c| c.value.as_str()))
            .map(|m| format!("did you mean \"{m}\"?"))
            .unwrap_or_else(|| format!("choices: {}", question.choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join(", ")));
        let qid = question.id.clone();
        self.diag.in_expr(site, text, span, DiagnosticCode::UnknownChoice, format!("\"{value}\" is not a choice of `{qid}`"), Some(hint));
        None
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn membership(&mut self, site: Site, text: &str, negate: bool, a: &Expr, b: &Expr, span: Span, scope: &Scope) -> (Node, Type) {
        let (an, at) = self.expr(site, text, a, scope);
        if let ExprKind::List(items) = &b.kind {
            let mut list = Vec::new();
            for item in items {
                let (n, t) = self.expr(site, text, item, scope);
                let ok = (at.numeric() && t.numeric()) || (at.textual() && t.textual()) || (at.is(Type::Date) && t.is(Type::Date)) || (at.is(Type::Bool) && t.is(Type::Bool));
                if !ok {
                    return self.err(site, text, item.span, DiagnosticCode::TypeMismatch, format!("the list holds {} but the value is {}", t.name(), at.name()), None);
                }
                if let (Type::Choice(q), ExprKind::Literal(Literal::Text(s))) = (at, &item.kind) {
                    self.check_choice(site, text, q, s, item.span);
                }
                list.push(n);
            }
            return (Node::new(NodeKind::InList { negate, item: Box::new(an), list: list.into() }, span), Type::Bool);
        }
        let (bn, bt) = self.expr(site, text, b, scope);
        match bt {
            Type::Set(q) => {
                if !at.textual() {
                    return self.err(site, text, a.span, DiagnosticCode::TypeMismatch, format!("a multiple choice answer holds texts, not {}", at.name()), None);
                }
                if let ExprKind::Literal(Literal::Text(s)) = &a.kind {
                    let bit = self.check_choice(site, text, q, s, a.span).unwrap_or(0);
                    return (Node::new(NodeKind::HasChoice { negate, bit: bit.min(63) as u8, set: Box::new(bn) }, span), Type::Bool);
                }
                (Node::new(NodeKind::InSet { negate, item: Box::new(an), set: Box::new(bn), question: q }, span), Type::Bool)
            }
            Type::Error => (Node::unknown(span), Type::Error),
            other => self.err(
                site,
                text,
                b.span,
                DiagnosticCode::TypeMismatch,
                format!("`in` needs a list `[…]` or a multiple choice question on its right, found {}", other.name()),
                None,
            ),
        }
    }
}
