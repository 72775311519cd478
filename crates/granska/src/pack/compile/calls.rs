//! Calls of built-in functions: arity and argument types checked, into the intermediate form.

use super::*;

impl<'a> Checker<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(&mut self, site: Site, text: &str, function: &str, binding: Option<&(String, Box<Expr>)>, args: &[Expr], span: Span, scope: &Scope) -> (Node, Type) {
        if !FUNCTIONS.contains(&function) {
            let hint =
                did_you_mean(function, FUNCTIONS.iter().copied()).map(|m| format!("did you mean `{m}`?")).unwrap_or_else(|| "see docs/language.md for the functions".to_string());
            return self.err(site, text, span, "unknown-function", format!("unknown function `{function}`"), Some(hint));
        }
        // Loops: any(x in list, cond), all, count, sum, min, max.
        if let Some((var, list)) = binding {
            let kind = match function {
                "any" => LoopKind::Any,
                "all" => LoopKind::All,
                "count" => LoopKind::Count,
                "sum" => LoopKind::Sum,
                "min" => LoopKind::Min,
                "max" => LoopKind::Max,
                _ => return self.err(site, text, span, "arity", format!("`{function}` does not take `x in list`"), None),
            };
            let (ln, lt) = self.expr(site, text, list, scope);
            let q = match lt {
                Type::List(q) => q,
                Type::Error => return (Node::unknown(span), Type::Error),
                other => return self.err(site, text, list.span, "type-mismatch", format!("`{var} in …` needs a list question, found {}", other.name()), None),
            };
            if args.len() != 1 {
                return self.err(site, text, span, "arity", format!("`{function}({var} in list, …)` takes one expression after the list, found {}", args.len()), None);
            }
            if scope.bound.len() >= 8 {
                return self.err(site, text, span, "limit", "loops nest deeper than 8".into(), None);
            }
            let mut inner = scope.clone();
            inner.bound.push((var.clone(), q));
            let (bn, bt) = self.expr(site, text, &args[0], &inner);
            let t = match kind {
                LoopKind::Any | LoopKind::All | LoopKind::Count => {
                    if !bt.is(Type::Bool) {
                        return self.err(site, text, args[0].span, "type-mismatch", format!("`{function}` needs a condition (bool), found {}", bt.name()), None);
                    }
                    if kind == LoopKind::Count { Type::Integer } else { Type::Bool }
                }
                LoopKind::Sum => {
                    if !bt.numeric() {
                        return self.err(site, text, args[0].span, "type-mismatch", format!("`sum` needs numbers, found {}", bt.name()), None);
                    }
                    if bt == Type::Integer { Type::Integer } else { Type::Number }
                }
                LoopKind::Min | LoopKind::Max => {
                    if !(bt.numeric() || bt.is(Type::Date)) {
                        return self.err(site, text, args[0].span, "type-mismatch", format!("`{function}` needs numbers or dates, found {}", bt.name()), None);
                    }
                    bt
                }
            };
            return (Node::new(NodeKind::Loop { kind, list: Box::new(ln), body: Box::new(bn) }, span), t);
        }
        if matches!(function, "any" | "all") {
            return self.err(site, text, span, "arity", format!("`{function}` needs a binding: `{function}(x in list, condition)`"), None);
        }
        if function == "matches" {
            if args.len() != 2 {
                return self.err(site, text, span, "arity", format!("`matches` takes 2 arguments (text, pattern), found {}", args.len()), None);
            }
            let (tn, tt) = self.expr(site, text, &args[0], scope);
            if !tt.textual() {
                return self.err(site, text, args[0].span, "type-mismatch", format!("`matches` needs a text, found {}", tt.name()), None);
            }
            let ExprKind::Literal(Literal::Text(pattern)) = &args[1].kind else {
                return self.err(
                    site,
                    text,
                    args[1].span,
                    "type-mismatch",
                    "the pattern of `matches` must be a text literal".into(),
                    Some("patterns are compiled when the pack loads".into()),
                );
            };
            let re = regex::RegexBuilder::new(pattern).size_limit(self.limits.max_regex_size).dfa_size_limit(self.limits.max_regex_size).build();
            return match re {
                Ok(re) => (Node::new(NodeKind::Matches(Box::new(tn), Box::new(re)), span), Type::Bool),
                Err(e) => {
                    let msg = e.to_string();
                    let short = msg.lines().last().unwrap_or(&msg).trim().to_string();
                    self.err(site, text, args[1].span, "bad-regex", format!("invalid regular expression: {short}"), None)
                }
            };
        }
        let checked: Vec<(Node, Type)> = args.iter().map(|a| self.expr(site, text, a, scope)).collect();
        let types: Vec<Type> = checked.iter().map(|(_, t)| *t).collect();
        let arity = |n: usize| args.len() == n;
        let (func, result): (Func, Result<Type, String>) = match function {
            "answered" => (Func::Answered, if arity(1) { Ok(Type::Bool) } else { Err("1 argument".into()) }),
            "coalesce" => (
                Func::Coalesce,
                if args.is_empty() {
                    Err("at least 1 argument".into())
                } else {
                    types.iter().skip(1).try_fold(types[0], |acc, t| unify(acc, *t)).ok_or_else(|| "arguments of one type".to_string())
                },
            ),
            "count" => (
                Func::Count,
                if !arity(1) {
                    Err("1 argument (a list), or `x in list, condition`".into())
                } else if matches!(types[0], Type::List(_) | Type::Set(_) | Type::Error) {
                    Ok(Type::Integer)
                } else {
                    Err(format!("a list, found {}", types[0].name()))
                },
            ),
            "len" => (
                Func::Len,
                if !arity(1) {
                    Err("1 argument".into())
                } else if matches!(types[0], Type::Text | Type::Choice(_) | Type::Set(_) | Type::List(_) | Type::Error) {
                    Ok(Type::Integer)
                } else {
                    Err(format!("a text or a list, found {}", types[0].name()))
                },
            ),
            "sum" | "min" | "max" => {
                let f = match function {
                    "sum" => Func::Sum,
                    "min" => Func::Min,
                    _ => Func::Max,
                };
                let r = if args.is_empty() {
                    Err("at least 1 argument".into())
                } else if types.iter().all(|t| t.numeric()) {
                    Ok(if types.iter().all(|t| *t == Type::Integer) { Type::Integer } else { Type::Number })
                } else if f != Func::Sum && types.iter().all(|t| t.is(Type::Date)) {
                    Ok(Type::Date)
                } else {
                    Err(if f == Func::Sum { "numbers".into() } else { "numbers or dates, all of one kind".into() })
                };
                (f, r)
            }
            "report_date" => (Func::ReportDate, if arity(0) { Ok(Type::Date) } else { Err("no arguments".into()) }),
            "service" => (Func::Service, if arity(0) { Ok(Type::Text) } else { Err("no arguments".into()) }),
            "contract" => (Func::Contract, if arity(0) { Ok(Type::Text) } else { Err("no arguments".into()) }),
            "year" => (Func::Year, if arity(1) && types[0].is(Type::Date) { Ok(Type::Integer) } else { Err("1 date".into()) }),
            "days_between" => (Func::DaysBetween, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Date) { Ok(Type::Integer) } else { Err("2 dates".into()) }),
            "months_between" => (Func::MonthsBetween, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Date) { Ok(Type::Integer) } else { Err("2 dates".into()) }),
            "add_months" => (Func::AddMonths, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Integer) { Ok(Type::Date) } else { Err("a date and an integer".into()) }),
            "within_months" => {
                (Func::WithinMonths, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Integer) { Ok(Type::Bool) } else { Err("a date and an integer (months)".into()) })
            }
            "add_days" => (Func::AddDays, if arity(2) && types[0].is(Type::Date) && types[1].is(Type::Integer) { Ok(Type::Date) } else { Err("a date and an integer".into()) }),
            "abs" => (Func::Abs, if arity(1) && types[0].numeric() { Ok(types[0]) } else { Err("1 number".into()) }),
            "round" => (Func::Round, if arity(1) && types[0].numeric() { Ok(Type::Integer) } else { Err("1 number".into()) }),
            _ => return self.err(site, text, span, "unknown-function", format!("unknown function `{function}`"), None),
        };
        match result {
            Ok(t) => {
                let nodes: Vec<Node> = checked.into_iter().map(|(n, _)| n).collect();
                (Node::new(NodeKind::Call(func, nodes.into()), span), t)
            }
            Err(expected) => {
                let found = if types.is_empty() { "no arguments".to_string() } else { types.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ") };
                let wanted: Option<usize> = match function {
                    "report_date" | "service" | "contract" => Some(0),
                    "answered" | "count" | "len" | "year" | "abs" | "round" => Some(1),
                    "days_between" | "months_between" | "add_months" | "within_months" | "add_days" => Some(2),
                    _ => None,
                };
                let wrong_count = match wanted {
                    Some(n) => n != args.len(),
                    None => args.is_empty(),
                };
                let code = if wrong_count { "arity" } else { "type-mismatch" };
                self.err(site, text, span, code, format!("`{function}` takes {expected}; found {found}"), None)
            }
        }
    }
}
