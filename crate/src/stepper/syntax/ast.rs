//! The syntax tree: expressions and statements, each with its 1-based line and column.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    FloorDiv,
    Mod,
    Pow,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Int(i64),
    Str(String),
    Bool(bool),
    None,
    Name(String),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>, Vec<(String, Expr)>),
    Attr(Box<Expr>, String),
    Sub(Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Await(Box<Expr>),
    FString(Vec<FPiece>),
    /// `[elt for vars in iter if conds…]`.
    ListComp(Box<Expr>, Vec<String>, Box<Expr>, Vec<Expr>),
    /// `then if cond else other`: (cond, then, other).
    IfElse(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// A piece of an f-string: literal text, or an expression (`true`: shown with `!r`).
#[derive(Clone, Debug)]
pub enum FPiece {
    Lit(String),
    Expr(Box<Expr>, bool),
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    Assign(Expr, Expr),
    AugAssign(Expr, BinOp, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>),
    /// One loop variable, or several to unpack into (`for i, x in …`).
    For(Vec<String>, Expr, Vec<Stmt>),
    Def {
        name: String,
        params: Vec<String>,
        /// Default values of the last parameters.
        defaults: Vec<Expr>,
        body: Vec<Stmt>,
        is_async: bool,
    },
    Return(Option<Expr>),
    Global(Vec<String>),
    Pass,
    Break,
    Continue,
    Assert(Expr, Option<Expr>),
    With(Expr, Option<String>, Vec<Stmt>),
    Import(String, String),
    FromImport(String, Vec<(String, String)>),
    // classes and exceptions
    /// `class name(bases…): body`.
    Class {
        name: String,
        bases: Vec<Expr>,
        body: Vec<Stmt>,
    },
    /// `try: body` with its `except` clauses, `else:` and `finally:` bodies.
    Try {
        body: Vec<Stmt>,
        handlers: Vec<ExceptClause>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
    },
    /// `raise`, `raise X`, `raise X from Y`.
    Raise(Option<Expr>, Option<Expr>),
}

/// `except [type [as name]]: body` (classes and exceptions).
#[derive(Clone, Debug)]
pub struct ExceptClause {
    pub kind: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub line: u32,
}
