//! The untyped syntax tree of an expression, as the parser produces it.
//!
//! Every node carries the byte span of its source text inside the expression string, so
//! that diagnostics and explanations can point back at (and quote) exactly what was written.

// Without `authoring` (the syntax tree is the parser's and the checker's; the runtime keeps `Span` only) parts of this module are unused.
#![cfg_attr(not(feature = "authoring"), allow(dead_code))]

use std::fmt;

/// A byte range inside an expression's source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    /// The text this span covers in `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start as usize..self.end as usize).unwrap_or("")
    }
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    In,
    NotIn,
}

impl BinaryOp {
    /// The operator as written in the language.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
        }
    }

    /// Binding strength; higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::In | BinaryOp::NotIn => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div => 6,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == 4
    }
}

/// A literal value written in an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Bool(bool),
    Integer(i64),
    Number(f64),
    /// Days since 1970-01-01.
    Date(i32),
    Text(String),
}

/// An expression node.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// A dotted name: a question, a derived value, or `var.field` of a bound record.
    Reference(String),
    /// `.` in a constraint: the value being checked.
    This,
    List(Vec<Expr>),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Call {
        function: String,
        /// `x in list` of `any(x in list, cond)`.
        binding: Option<(String, Box<Expr>)>,
        args: Vec<Expr>,
    },
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// Nesting depth of the tree.
    pub fn depth(&self) -> usize {
        let children = match &self.kind {
            ExprKind::Literal(_) | ExprKind::Reference(_) | ExprKind::This => 0,
            ExprKind::List(items) => items.iter().map(Expr::depth).max().unwrap_or(0),
            ExprKind::Not(e) | ExprKind::Negate(e) => e.depth(),
            ExprKind::Binary(_, a, b) => a.depth().max(b.depth()),
            ExprKind::If(c, a, b) => c.depth().max(a.depth()).max(b.depth()),
            ExprKind::Call { binding, args, .. } => {
                let b = binding.as_ref().map(|(_, e)| e.depth()).unwrap_or(0);
                args.iter().map(Expr::depth).max().unwrap_or(0).max(b)
            }
        };
        children + 1
    }

    /// True when the tree is equal to `other` ignoring spans.
    pub fn same_tree(&self, other: &Expr) -> bool {
        fn all(a: &[Expr], b: &[Expr]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_tree(y))
        }
        match (&self.kind, &other.kind) {
            (ExprKind::Literal(a), ExprKind::Literal(b)) => a == b,
            (ExprKind::Reference(a), ExprKind::Reference(b)) => a == b,
            (ExprKind::This, ExprKind::This) => true,
            (ExprKind::List(a), ExprKind::List(b)) => all(a, b),
            (ExprKind::Not(a), ExprKind::Not(b)) | (ExprKind::Negate(a), ExprKind::Negate(b)) => a.same_tree(b),
            (ExprKind::Binary(o1, a1, b1), ExprKind::Binary(o2, a2, b2)) => o1 == o2 && a1.same_tree(a2) && b1.same_tree(b2),
            (ExprKind::If(c1, a1, b1), ExprKind::If(c2, a2, b2)) => c1.same_tree(c2) && a1.same_tree(a2) && b1.same_tree(b2),
            (ExprKind::Call { function: f1, binding: x1, args: a1 }, ExprKind::Call { function: f2, binding: x2, args: a2 }) => {
                f1 == f2
                    && all(a1, a2)
                    && match (x1, x2) {
                        (None, None) => true,
                        (Some((n1, e1)), Some((n2, e2))) => n1 == n2 && e1.same_tree(e2),
                        _ => false,
                    }
            }
            _ => false,
        }
    }
}

/// Prints an expression back as source text, fully parenthesised where precedence needs it.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn operand(f: &mut fmt::Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
            let prec = match &e.kind {
                ExprKind::Binary(op, _, _) => op.precedence(),
                ExprKind::If(..) => 0,
                ExprKind::Not(_) => 3,
                _ => 10,
            };
            if prec < min { write!(f, "({e})") } else { write!(f, "{e}") }
        }
        match &self.kind {
            ExprKind::Literal(Literal::Bool(b)) => write!(f, "{b}"),
            ExprKind::Literal(Literal::Integer(i)) => write!(f, "{i}"),
            ExprKind::Literal(Literal::Number(n)) => {
                // Always with a decimal point: `1e20` prints as twenty-one digits, which
                // would read back as an integer (too large for one).
                let text = n.to_string();
                if text.contains('.') { write!(f, "{text}") } else { write!(f, "{text}.0") }
            }
            ExprKind::Literal(Literal::Date(d)) => write!(f, "{}", crate::lang::value::format_date(*d)),
            ExprKind::Literal(Literal::Text(s)) => {
                write!(f, "\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
            }
            ExprKind::Reference(name) => write!(f, "{name}"),
            ExprKind::This => write!(f, "."),
            ExprKind::List(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{item}")?;
                }
                write!(f, "]")
            }
            ExprKind::Not(e) => {
                write!(f, "not ")?;
                operand(f, e, 3)
            }
            ExprKind::Negate(e) => {
                write!(f, "-")?;
                operand(f, e, 10)
            }
            ExprKind::Binary(op, a, b) => {
                let p = op.precedence();
                // Comparisons do not chain: both sides must bind tighter.
                let (left_min, right_min) = if op.is_comparison() { (p + 1, p + 1) } else { (p, p + 1) };
                operand(f, a, left_min)?;
                write!(f, " {} ", op.symbol())?;
                operand(f, b, right_min)
            }
            ExprKind::If(c, a, b) => write!(f, "if {c} then {a} else {b}"),
            ExprKind::Call { function, binding, args } => {
                write!(f, "{function}(")?;
                let mut first = true;
                if let Some((var, list)) = binding {
                    write!(f, "{var} in {list}")?;
                    first = false;
                }
                for arg in args {
                    if !first {
                        write!(f, ", ")?;
                    }
                    first = false;
                    // `f(a in b, …)` would read as a loop binding: keep membership in brackets.
                    if matches!(arg.kind, ExprKind::Binary(BinaryOp::In | BinaryOp::NotIn, ..)) {
                        write!(f, "({arg})")?;
                    } else {
                        write!(f, "{arg}")?;
                    }
                }
                write!(f, ")")
            }
        }
    }
}
