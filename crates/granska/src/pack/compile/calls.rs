//! Calls of built-in functions: looked up in [`functions::FUNCTIONS`], arity and argument
//! types checked, into the intermediate form.

use super::*;
use crate::lang::functions::{Call, Function, Signature};

impl<'a> Checker<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(&mut self, site: Site, text: &str, function: &str, binding: Option<&(String, Box<Expr>)>, args: &[Expr], span: Span, scope: &Scope) -> (Node, Type) {
        let Some(f) = functions::lookup(function) else {
            let hint = did_you_mean(function, functions::names()).map(|m| format!("did you mean `{m}`?")).unwrap_or_else(|| "see docs/language.md for the functions".to_string());
            return self.err(site, text, span, DiagnosticCode::UnknownFunction, format!("unknown function `{function}`"), Some(hint));
        };
        if let Some((var, list)) = binding {
            let Some(kind) = f.each else {
                return self.err(site, text, span, DiagnosticCode::Arity, format!("`{function}` does not take `x in list`"), None);
            };
            return self.each(site, text, function, kind, (var, list), args, span, scope);
        }
        match &f.call {
            Call::BindingOnly => self.err(site, text, span, DiagnosticCode::Arity, format!("`{function}` needs a binding: `{function}(x in list, condition)`"), None),
            Call::Pattern => self.pattern(site, text, f, args, span, scope),
            Call::Func(func, signature) => self.plain(site, text, function, *func, signature, args, span, scope),
        }
    }

    /// `f(x in list, e)`: a loop over the records of a list question.
    #[allow(clippy::too_many_arguments)]
    fn each(&mut self, site: Site, text: &str, function: &str, kind: LoopKind, (var, list): (&String, &Expr), args: &[Expr], span: Span, scope: &Scope) -> (Node, Type) {
        let (ln, lt) = self.expr(site, text, list, scope);
        let q = match lt {
            Type::List(q) => q,
            Type::Error => return (Node::unknown(span), Type::Error),
            other => return self.err(site, text, list.span, DiagnosticCode::TypeMismatch, format!("`{var} in …` needs a list question, found {}", other.name()), None),
        };
        if args.len() != 1 {
            return self.err(site, text, span, DiagnosticCode::Arity, format!("`{function}({var} in list, …)` takes one expression after the list, found {}", args.len()), None);
        }
        if scope.bound.len() >= 8 {
            return self.err(site, text, span, DiagnosticCode::Limit, "loops nest deeper than 8".into(), None);
        }
        let mut inner = scope.clone();
        inner.bound.push((var.clone(), q));
        let (bn, bt) = self.expr(site, text, &args[0], &inner);
        let t = match kind {
            LoopKind::Any | LoopKind::All | LoopKind::Count => {
                if !bt.is(Type::Bool) {
                    return self.err(site, text, args[0].span, DiagnosticCode::TypeMismatch, format!("`{function}` needs a condition (bool), found {}", bt.name()), None);
                }
                if kind == LoopKind::Count { Type::Integer } else { Type::Bool }
            }
            LoopKind::Sum => {
                if !bt.numeric() {
                    return self.err(site, text, args[0].span, DiagnosticCode::TypeMismatch, format!("`sum` needs numbers, found {}", bt.name()), None);
                }
                if bt == Type::Integer { Type::Integer } else { Type::Number }
            }
            LoopKind::Min | LoopKind::Max => {
                if !(bt.numeric() || bt.is(Type::Date)) {
                    return self.err(site, text, args[0].span, DiagnosticCode::TypeMismatch, format!("`{function}` needs numbers or dates, found {}", bt.name()), None);
                }
                bt
            }
        };
        (Node::new(NodeKind::Loop { kind, list: Box::new(ln), body: Box::new(bn) }, span), t)
    }

    /// `matches(text, "pattern")`: the pattern compiled now, when the pack loads.
    fn pattern(&mut self, site: Site, text: &str, f: &Function, args: &[Expr], span: Span, scope: &Scope) -> (Node, Type) {
        if !f.arity().is_some_and(|a| a.accepts(args.len())) {
            return self.err(site, text, span, DiagnosticCode::Arity, format!("`matches` takes 2 arguments (text, pattern), found {}", args.len()), None);
        }
        let (tn, tt) = self.expr(site, text, &args[0], scope);
        if !tt.textual() {
            return self.err(site, text, args[0].span, DiagnosticCode::TypeMismatch, format!("`matches` needs a text, found {}", tt.name()), None);
        }
        let ExprKind::Literal(Literal::Text(pattern)) = &args[1].kind else {
            return self.err(
                site,
                text,
                args[1].span,
                DiagnosticCode::TypeMismatch,
                "the pattern of `matches` must be a text literal".into(),
                Some("patterns are compiled when the pack loads".into()),
            );
        };
        let re = crate::lang::pattern::Pattern::build(pattern, self.limits.max_regex_size);
        match re {
            Ok(re) => (Node::new(NodeKind::Matches(Box::new(tn), Box::new(re)), span), Type::Bool),
            Err(e) => {
                let msg = e.to_string();
                let short = msg.lines().last().unwrap_or(&msg).trim().to_string();
                self.err(site, text, args[1].span, DiagnosticCode::BadRegex, format!("invalid regular expression: {short}"), None)
            }
        }
    }

    /// A call with plain arguments, checked against the function's signature.
    #[allow(clippy::too_many_arguments)]
    fn plain(&mut self, site: Site, text: &str, function: &str, func: Func, signature: &Signature, args: &[Expr], span: Span, scope: &Scope) -> (Node, Type) {
        let checked: Vec<(Node, Type)> = args.iter().map(|a| self.expr(site, text, a, scope)).collect();
        let types: Vec<Type> = checked.iter().map(|(_, t)| *t).collect();
        match signature.result(&types) {
            Ok(t) => {
                let nodes: Vec<Node> = checked.into_iter().map(|(n, _)| n).collect();
                (Node::new(NodeKind::Call(func, nodes.into()), span), t)
            }
            Err(expected) => {
                let found = if types.is_empty() { "no arguments".to_string() } else { types.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ") };
                let wrong_count = !signature.arity().accepts(args.len());
                let code = if wrong_count { DiagnosticCode::Arity } else { DiagnosticCode::TypeMismatch };
                self.err(site, text, span, code, format!("`{function}` takes {expected}; found {found}"), None)
            }
        }
    }
}
