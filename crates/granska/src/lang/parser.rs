//! Parses expression text into an [`ast::Expr`](crate::lang::ast::Expr) with pest.
//!
//! The grammar lives in `grammar.pest`. Before pest runs, the text is checked against the
//! length and nesting limits, so that no input can overflow the stack.

use pest::Parser as _;
use pest::iterators::Pair;
use pest_derive::Parser;

use crate::lang::ast::{BinaryOp, Expr, ExprKind, Literal, Span};
use crate::pack::limits::Limits;

#[derive(Parser)]
#[grammar = "lang/grammar.pest"]
struct ExprParser;

/// A syntax error inside an expression: what went wrong and the byte span where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
}

/// Parses `source` into an expression tree.
pub fn parse(source: &str, limits: &Limits) -> Result<Expr, SyntaxError> {
    if source.len() > limits.max_expression_length {
        return Err(SyntaxError {
            message: format!("expression is {} bytes long; the limit is {}", source.len(), limits.max_expression_length),
            span: Span::new(0, 0),
            hint: Some("split it into derived values".into()),
        });
    }
    check_nesting(source, limits)?;
    let mut pairs = ExprParser::parse(Rule::expression, source).map_err(|e| syntax_error(source, e))?;
    let top = pairs.next().and_then(|p| p.into_inner().next());
    let expr = match top {
        Some(pair) => build(pair, 0, limits.max_expression_depth)?,
        None => return Err(SyntaxError { message: "empty expression".into(), span: Span::new(0, 0), hint: None }),
    };
    if expr.depth() > limits.max_expression_depth {
        return Err(SyntaxError {
            message: format!("expression nests deeper than {} levels", limits.max_expression_depth),
            span: expr.span,
            hint: Some("split it into derived values".into()),
        });
    }
    Ok(expr)
}

/// Rejects bracket nesting beyond the limit before the recursive-descent parser sees it.
fn check_nesting(source: &str, limits: &Limits) -> Result<(), SyntaxError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in source.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' => {
                depth += 1;
                if depth > limits.max_expression_depth {
                    return Err(SyntaxError {
                        message: format!("brackets nest deeper than {} levels", limits.max_expression_depth),
                        span: Span::new(i, i + 1),
                        hint: Some("split it into derived values".into()),
                    });
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn describe(rule: &Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::expr | Rule::conditional | Rule::disjunction | Rule::conjunction | Rule::negation => "an expression",
        Rule::comparison | Rule::sum | Rule::product | Rule::unary => "an expression",
        Rule::cmp_op => "a comparison",
        Rule::membership => "`in`",
        Rule::add_op | Rule::mul_op => "an operator",
        Rule::call => "a function call",
        Rule::arguments => "arguments",
        Rule::list => "a list",
        Rule::reference | Rule::name => "a name",
        Rule::number => "a number",
        Rule::date => "a date",
        Rule::string => "a text in quotes",
        Rule::boolean => "true or false",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::kw_in => "`in`",
        Rule::EOI => "the end of the expression",
        _ => return None,
    })
}

fn syntax_error(source: &str, error: pest::error::Error<Rule>) -> SyntaxError {
    use pest::error::{ErrorVariant, InputLocation};
    let (start, end) = match error.location {
        InputLocation::Pos(p) => (p, p),
        InputLocation::Span((s, e)) => (s, e),
    };
    let found = source[start.min(source.len())..].split(|c: char| c.is_whitespace()).next().filter(|s| !s.is_empty());
    let end = if end == start { start + found.map(str::len).unwrap_or(0) } else { end };
    let message = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<&str> = positives.iter().filter_map(describe).collect();
            expected.sort_unstable();
            expected.dedup();
            let found = match found {
                Some(f) => format!("found `{f}`"),
                None => "found the end of the expression".to_string(),
            };
            if expected.is_empty() { format!("unexpected input: {found}") } else { format!("expected {}; {found}", expected.join(" or ")) }
        }
        // pest stops before the native stack runs out (limits raised far past the defaults).
        ErrorVariant::CustomError { message } if message.contains("stack limit") => {
            return SyntaxError { message: "expression nests too deeply to parse".into(), span: Span::new(0, 0), hint: Some("split it into derived values".into()) };
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let hint = if source[..start.min(source.len())].matches('(').count() > source.matches(')').count() {
        Some("a `(` is not closed".to_string())
    } else if found == Some("=") {
        Some("compare with `==`".to_string())
    } else if found == Some("&&") || found == Some("||") {
        Some("write `and` / `or`".to_string())
    } else {
        None
    };
    SyntaxError { message, span: Span::new(start, end), hint }
}

fn span_of(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn fail(message: impl Into<String>, span: Span) -> SyntaxError {
    SyntaxError { message: message.into(), span, hint: None }
}

/// Descends through grammar levels that wrap a single operand (a sum of one product, a
/// bracketed expression, …) without recursing, so that `((((x))))` costs no stack.
fn pass_through(mut pair: Pair<Rule>) -> Pair<Rule> {
    loop {
        let wraps = matches!(pair.as_rule(), Rule::expr | Rule::disjunction | Rule::conjunction | Rule::negation | Rule::comparison | Rule::sum | Rule::product | Rule::unary);
        if !wraps {
            return pair;
        }
        let mut inner = pair.clone().into_inner();
        match (inner.next(), inner.next()) {
            (Some(only), None) if !matches!(only.as_rule(), Rule::kw_not | Rule::neg_op) => pair = only,
            _ => return pair,
        }
    }
}

/// Builds the tree of `pair`, `depth` levels down; deeper than `max` is an error, checked
/// while building so that no input can exhaust the stack (`not not not … x`).
fn build(pair: Pair<Rule>, depth: usize, max: usize) -> Result<Expr, SyntaxError> {
    let pair = pass_through(pair);
    let span = span_of(&pair);
    if depth > max {
        return Err(SyntaxError { message: format!("expression nests deeper than {max} levels"), span, hint: Some("split it into derived values".into()) });
    }
    let build = |p: Pair<Rule>| build(p, depth + 1, max);
    match pair.as_rule() {
        Rule::expr => {
            let inner = pair.into_inner().next().ok_or_else(|| fail("empty expression", span))?;
            build(inner)
        }
        Rule::conditional => {
            let mut parts = pair.into_inner().filter(|p| p.as_rule() == Rule::expr);
            let (Some(c), Some(a), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(fail("incomplete `if … then … else …`", span));
            };
            Ok(Expr::new(ExprKind::If(Box::new(build(c)?), Box::new(build(a)?), Box::new(build(b)?)), span))
        }
        Rule::disjunction | Rule::conjunction => {
            let op = if pair.as_rule() == Rule::disjunction { BinaryOp::Or } else { BinaryOp::And };
            let mut operands = pair.into_inner().filter(|p| !matches!(p.as_rule(), Rule::kw_or | Rule::kw_and));
            let first = operands.next().ok_or_else(|| fail("missing operand", span))?;
            let mut left = build(first)?;
            for next in operands {
                let right = build(next)?;
                let s = Span { start: left.span.start, end: right.span.end };
                left = Expr::new(ExprKind::Binary(op, Box::new(left), Box::new(right)), s);
            }
            Ok(left)
        }
        Rule::negation => {
            let mut inner = pair.into_inner();
            let first = inner.next().ok_or_else(|| fail("missing operand", span))?;
            if first.as_rule() == Rule::kw_not {
                let operand = inner.next().ok_or_else(|| fail("`not` needs an operand", span))?;
                Ok(Expr::new(ExprKind::Not(Box::new(build(operand)?)), span))
            } else {
                build(first)
            }
        }
        Rule::comparison => {
            let mut inner = pair.into_inner();
            let first = inner.next().ok_or_else(|| fail("missing operand", span))?;
            let left = build(first)?;
            let Some(op_pair) = inner.next() else { return Ok(left) };
            let op = match op_pair.as_rule() {
                Rule::membership => {
                    if op_pair.into_inner().any(|p| p.as_rule() == Rule::kw_not) {
                        BinaryOp::NotIn
                    } else {
                        BinaryOp::In
                    }
                }
                _ => match op_pair.as_str() {
                    "==" => BinaryOp::Eq,
                    "!=" => BinaryOp::Ne,
                    "<" => BinaryOp::Lt,
                    "<=" => BinaryOp::Le,
                    ">" => BinaryOp::Gt,
                    _ => BinaryOp::Ge,
                },
            };
            let right = build(inner.next().ok_or_else(|| fail("missing right operand", span))?)?;
            Ok(Expr::new(ExprKind::Binary(op, Box::new(left), Box::new(right)), span))
        }
        Rule::sum | Rule::product => {
            let mut inner = pair.into_inner();
            let first = inner.next().ok_or_else(|| fail("missing operand", span))?;
            let mut left = build(first)?;
            while let Some(op_pair) = inner.next() {
                let op = match op_pair.as_str() {
                    "+" => BinaryOp::Add,
                    "-" => BinaryOp::Sub,
                    "*" => BinaryOp::Mul,
                    _ => BinaryOp::Div,
                };
                let right = build(inner.next().ok_or_else(|| fail("missing right operand", span))?)?;
                let s = Span { start: left.span.start, end: right.span.end };
                left = Expr::new(ExprKind::Binary(op, Box::new(left), Box::new(right)), s);
            }
            Ok(left)
        }
        Rule::unary => {
            let inner: Vec<Pair<Rule>> = pair.into_inner().collect();
            let mut negations = inner.iter().filter(|p| p.as_rule() == Rule::neg_op).count();
            let primary = inner.into_iter().find(|p| p.as_rule() != Rule::neg_op).ok_or_else(|| fail("missing operand", span))?;
            let mut expr = build(primary)?;
            if negations > 0 {
                // Fold every negation of a number literal into it, so that printing
                // round-trips: a literal prints as `-5` or `5`, never as a negation of
                // one (`- - 5` is 5, and `-(-(1))` is 1, however the brackets fold).
                if let ExprKind::Literal(lit) = &mut expr.kind {
                    let odd = negations % 2 == 1;
                    let folded = match lit {
                        Literal::Integer(i) if odd => i.checked_neg().map(|n| *i = n).is_some(),
                        Literal::Number(n) if odd => {
                            *n = -*n;
                            true
                        }
                        Literal::Integer(_) | Literal::Number(_) => true,
                        _ => false,
                    };
                    if folded {
                        negations = 0;
                        expr.span = span;
                    }
                }
                for _ in 0..negations {
                    expr = Expr::new(ExprKind::Negate(Box::new(expr)), span);
                }
            }
            Ok(expr)
        }
        Rule::number => {
            let text = pair.as_str();
            if text.contains('.') {
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok(Expr::new(ExprKind::Literal(Literal::Number(n)), span)),
                    _ => Err(fail(format!("`{text}` is not a number"), span)),
                }
            } else {
                match text.parse::<i64>() {
                    Ok(i) => Ok(Expr::new(ExprKind::Literal(Literal::Integer(i)), span)),
                    Err(_) => Err(SyntaxError {
                        message: format!("`{text}` is too large for an integer"),
                        span,
                        hint: Some("integers range from -9223372036854775808 to 9223372036854775807".into()),
                    }),
                }
            }
        }
        Rule::date => match crate::lang::value::parse_date(pair.as_str()) {
            Some(d) => Ok(Expr::new(ExprKind::Literal(Literal::Date(d)), span)),
            None => Err(SyntaxError { message: format!("`{}` is not a date in the calendar", pair.as_str()), span, hint: Some("dates are written YYYY-MM-DD".into()) }),
        },
        Rule::string => {
            let inner = pair.into_inner().next();
            let (raw, start) = inner.map(|p| (p.as_str(), p.as_span().start())).unwrap_or(("", span.start as usize));
            Ok(Expr::new(ExprKind::Literal(Literal::Text(crate::nfc::nfc_string(unescape(raw, start)?))), span))
        }
        Rule::raw_string => {
            let raw = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
            Ok(Expr::new(ExprKind::Literal(Literal::Text(crate::nfc::nfc_string(raw.to_string()))), span))
        }
        Rule::boolean => Ok(Expr::new(ExprKind::Literal(Literal::Bool(pair.as_str() == "true")), span)),
        Rule::this => Ok(Expr::new(ExprKind::This, span)),
        Rule::reference => Ok(Expr::new(ExprKind::Reference(pair.as_str().to_string()), span)),
        Rule::list => {
            let items = pair.into_inner().map(build).collect::<Result<Vec<_>, _>>()?;
            Ok(Expr::new(ExprKind::List(items), span))
        }
        Rule::call => {
            let mut function = String::new();
            let mut binding = None;
            let mut args = Vec::new();
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::name | Rule::loop_name => function = part.as_str().to_string(),
                    Rule::binding => {
                        let mut b = part.into_inner().filter(|p| p.as_rule() != Rule::kw_in);
                        let (Some(var), Some(list)) = (b.next(), b.next()) else {
                            return Err(fail("incomplete binding `x in list`", span));
                        };
                        binding = Some((var.as_str().to_string(), Box::new(build(list)?)));
                    }
                    Rule::arguments => {
                        for arg in part.into_inner() {
                            args.push(build(arg)?);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Expr::new(ExprKind::Call { function, binding, args }, span))
        }
        other => Err(fail(format!("unexpected syntax ({other:?})"), span)),
    }
}

/// The text of a quoted string: `\n`, `\t`, `\\`, `\"` and `\'` are the escapes the language
/// has. Any other backslash is an error at its place (`start` is where `raw` begins in the
/// expression), never dropped: `"^\d{6}$"` must not silently become `^d{6}$`.
fn unescape(raw: &str, start: usize) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, c @ ('\\' | '"' | '\''))) => out.push(c),
            other => {
                let escape = other.map(|(_, c)| format!("\\{c}")).unwrap_or_else(|| "\\".into());
                let end = start + i + escape.len();
                return Err(SyntaxError {
                    message: format!("unknown escape `{escape}` in a text"),
                    span: Span::new(start + i, end),
                    hint: Some(format!(
                        "texts know the escapes \\n, \\t, \\\\, \\\" and \\'; for a backslash write \\\\ (a pattern's `{escape}` is written `\\{escape}`), or write the pattern as a raw text, r'…', in which a backslash is itself"
                    )),
                });
            }
        }
    }
    Ok(out)
}
