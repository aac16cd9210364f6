//! The syntax tree: expressions and statements, each with its 1-based line and column.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    FloorDiv,
    Mod,
    Pow,
    // numbers
    Div,
    // functions (set operators, and on ints)
    BitOr,
    BitAnd,
    BitXor,
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
            // numbers
            BinOp::Div => "/",
            BinOp::BitOr => "|",
            BinOp::BitAnd => "&",
            BinOp::BitXor => "^",
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
    // numbers
    Float(f64),
    /// `start:stop:step` inside a subscript (each part optional).
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// A chained comparison `a < b <= c` (two or more operators; each operand evaluated once).
    Chain(Box<Expr>, Vec<(CmpOp, Expr)>),
    // functions, generators and statements (see compile/funcs.rs)
    /// `lambda params: body` (the body is one `return`).
    Lambda(Box<FuncDef>),
    /// `*x` in a call, a display or an assignment target. In a call's keyword list, `**d`
    /// is the pair `("**", d)`.
    Star(Box<Expr>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    /// `(elt for … in … if …)`.
    GenExp(Box<Expr>, Vec<CompFor>),
    /// `[elt for … in … for … in …]` with nested targets or several `for`s.
    ListCompX(Box<Expr>, Vec<CompFor>),
    SetLit(Vec<Expr>),
    SetComp(Box<Expr>, Vec<CompFor>),
    DictComp(Box<Expr>, Box<Expr>, Vec<CompFor>),
    /// `name := value`.
    Walrus(String, Box<Expr>),
}

/// One `for target in iter if cond…` clause of a comprehension.
#[derive(Clone, Debug)]
pub struct CompFor {
    pub target: Expr,
    pub iter: Expr,
    pub conds: Vec<Expr>,
}

/// A `def` or `lambda` in full: positional parameters with defaults, `*args`, keyword-only
/// parameters, `**kwargs` and decorators.
#[derive(Clone, Debug)]
pub struct FuncDef {
    pub name: String,
    pub params: Vec<String>,
    /// Default values of the last positional parameters.
    pub defaults: Vec<Expr>,
    pub varargs: Option<String>,
    /// Keyword-only parameters and their defaults.
    pub kwonly: Vec<(String, Option<Expr>)>,
    pub varkw: Option<String>,
    pub body: Vec<Stmt>,
    /// Outermost first, as written.
    pub decorators: Vec<Expr>,
    pub is_async: bool,
    pub line: u32,
    pub col: u32,
}

/// A piece of an f-string: literal text, or an expression (`true`: shown with `!r`).
#[derive(Clone, Debug)]
pub enum FPiece {
    Lit(String),
    Expr(Box<Expr>, bool),
    // numbers
    /// `{expr!conv:spec}`: the conversion (`r`, `s`, `a`) if any, and the spec's pieces.
    Spec(Box<Expr>, Option<char>, Vec<FPiece>),
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
    // functions, generators and statements (see compile/funcs.rs)
    /// A `def` that needs more than `Def` holds (decorators, `*args`, keyword-only, `**kwargs`).
    DefX(Box<FuncDef>),
    Nonlocal(Vec<String>),
    Del(Vec<Expr>),
    /// `for target in iter: body else: orelse` with any target.
    ForX(Expr, Expr, Vec<Stmt>, Vec<Stmt>),
    /// `while cond: body else: orelse`.
    WhileElse(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `a = b = value` (targets left to right).
    AssignMulti(Vec<Expr>, Expr),
}

/// `except [type [as name]]: body` (classes and exceptions).
#[derive(Clone, Debug)]
pub struct ExceptClause {
    pub kind: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub line: u32,
}
