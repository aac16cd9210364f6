//! Tokens → AST. Every node keeps its 1-based line and column; anything outside
//! the subset is rejected here with an error naming the construct.

use super::lexer::{lex, FPart, Tok, Token};
use super::Error;

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
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: u32,
}

const MAX_DEPTH: u32 = 60;

pub fn parse(toks: Vec<Token>) -> Result<Vec<Stmt>, Error> {
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let mut body = Vec::new();
    while !p.at(&Tok::Eof) {
        if p.at(&Tok::Newline) {
            p.pos += 1;
            continue;
        }
        if p.at(&Tok::Indent) {
            return Err(p.error("unexpected indent"));
        }
        body.extend(p.statement()?);
    }
    Ok(body)
}

fn unsupported(what: &str) -> String {
    format!("{what} not supported in ThreadLab's Python subset")
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }
    fn at(&self, t: &Tok) -> bool {
        &self.peek().tok == t
    }
    fn at_op(&self, op: &str) -> bool {
        matches!(&self.peek().tok, Tok::Op(o) if *o == op)
    }
    fn at_kw(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Name(n) if n == kw)
    }
    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    fn error(&self, m: &str) -> Error {
        let t = self.peek();
        Error {
            line: t.line,
            col: t.col,
            message: m.to_string(),
        }
    }
    fn describe(&self) -> String {
        match &self.peek().tok {
            Tok::Name(n) => format!("`{n}`"),
            Tok::Int(i) => format!("`{i}`"),
            Tok::Str(_) | Tok::FStr(_) => "a string".into(),
            Tok::Op(o) => format!("`{o}`"),
            Tok::Newline => "end of line".into(),
            Tok::Indent => "indent".into(),
            Tok::Dedent => "dedent".into(),
            Tok::Eof => "end of file".into(),
        }
    }
    fn expect_op(&mut self, op: &str) -> Result<(), Error> {
        if self.at_op(op) {
            self.next();
            Ok(())
        } else {
            Err(self.error(&format!(
                "invalid syntax: expected `{op}`, found {}",
                self.describe()
            )))
        }
    }
    fn expect_kw(&mut self, kw: &str) -> Result<(), Error> {
        if self.at_kw(kw) {
            self.next();
            Ok(())
        } else {
            Err(self.error(&format!(
                "invalid syntax: expected `{kw}`, found {}",
                self.describe()
            )))
        }
    }
    fn name(&mut self) -> Result<String, Error> {
        match &self.peek().tok {
            Tok::Name(n) if !is_keyword(n) => {
                let n = n.clone();
                self.next();
                Ok(n)
            }
            _ => Err(self.error(&format!(
                "invalid syntax: expected a name, found {}",
                self.describe()
            ))),
        }
    }
    fn end_simple(&mut self) -> Result<(), Error> {
        if self.at(&Tok::Newline) || self.at_op(";") {
            self.next();
            Ok(())
        } else if self.at(&Tok::Eof) || self.at(&Tok::Dedent) {
            Ok(())
        } else {
            Err(self.error(&format!("invalid syntax: unexpected {}", self.describe())))
        }
    }
    /// Long left-associative chains (`1 + 1 + …`, `a.b.c…`) nest the AST as deeply as recursion does.
    fn chain(&self, n: &mut u32) -> Result<(), Error> {
        *n += 1;
        if *n > 200 {
            return Err(self.error("expression too long for ThreadLab's Python subset"));
        }
        Ok(())
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("too deeply nested for ThreadLab's Python subset"));
        }
        Ok(())
    }

    fn block(&mut self) -> Result<Vec<Stmt>, Error> {
        self.expect_op(":")?;
        self.enter()?;
        let r = self.block_inner();
        self.depth -= 1;
        r
    }

    fn block_inner(&mut self) -> Result<Vec<Stmt>, Error> {
        if !self.at(&Tok::Newline) {
            // `if x: pass` on one line: simple statements only.
            let mut body = Vec::new();
            loop {
                body.push(self.simple_statement()?);
                if self.at_op(";") {
                    self.next();
                    if self.at(&Tok::Newline) || self.at(&Tok::Eof) {
                        break;
                    }
                    continue;
                }
                break;
            }
            if self.at(&Tok::Newline) {
                self.next();
            } else if !self.at(&Tok::Eof) && !self.at(&Tok::Dedent) {
                return Err(self.error(&format!("invalid syntax: unexpected {}", self.describe())));
            }
            return Ok(body);
        }
        self.next();
        if !self.at(&Tok::Indent) {
            return Err(self.error("expected an indented block"));
        }
        self.next();
        let mut body = Vec::new();
        while !self.at(&Tok::Dedent) && !self.at(&Tok::Eof) {
            if self.at(&Tok::Newline) {
                self.next();
                continue;
            }
            body.extend(self.statement()?);
        }
        if self.at(&Tok::Dedent) {
            self.next();
        }
        Ok(body)
    }

    fn statement(&mut self) -> Result<Vec<Stmt>, Error> {
        let t = self.peek().clone();
        let (line, col) = (t.line, t.col);
        let mk = |kind| Stmt { kind, line, col };
        if let Tok::Name(kw) = &t.tok {
            match kw.as_str() {
                "if" => {
                    self.next();
                    return Ok(vec![self.if_rest(line, col)?]);
                }
                "while" => {
                    self.next();
                    let cond = self.expr()?;
                    let body = self.block()?;
                    if self.at_kw("else") {
                        return Err(self.error(&unsupported("`while … else` is")));
                    }
                    return Ok(vec![mk(StmtKind::While(cond, body))]);
                }
                "for" => {
                    self.next();
                    let paren = self.at_op("(");
                    if paren {
                        self.next();
                    }
                    let mut var = vec![self.name()?];
                    while self.at_op(",") {
                        self.next();
                        if self.at_kw("in") || self.at_op(")") {
                            break;
                        }
                        var.push(self.name()?);
                    }
                    if paren {
                        self.expect_op(")")?;
                    }
                    self.expect_kw("in")?;
                    let iter = self.expr()?;
                    let body = self.block()?;
                    if self.at_kw("else") {
                        return Err(self.error(&unsupported("`for … else` is")));
                    }
                    return Ok(vec![mk(StmtKind::For(var, iter, body))]);
                }
                "def" => {
                    self.next();
                    return Ok(vec![self.def_rest(line, col, false)?]);
                }
                "async" => {
                    self.next();
                    if self.at_kw("def") {
                        self.next();
                        return Ok(vec![self.def_rest(line, col, true)?]);
                    }
                    if self.at_kw("with") {
                        self.next();
                        return Ok(vec![self.with_rest(line, col)?]);
                    }
                    return Err(self.error(&unsupported("`async` here is")));
                }
                "with" => {
                    self.next();
                    return Ok(vec![self.with_rest(line, col)?]);
                }
                "class" => return Err(self.error(&unsupported("`class` (classes) is"))),
                "try" => return Err(self.error(&unsupported("`try` (exceptions) is"))),
                "else" | "elif" => {
                    return Err(
                        self.error(&format!("invalid syntax: `{kw}` without a matching `if`"))
                    )
                }
                _ => {}
            }
        }
        let mut out = vec![self.simple_statement()?];
        while self.at_op(";") {
            self.next();
            if self.at(&Tok::Newline) || self.at(&Tok::Eof) {
                break;
            }
            out.push(self.simple_statement()?);
        }
        self.end_simple()?;
        Ok(out)
    }

    fn if_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
        let cond = self.expr()?;
        let body = self.block()?;
        let orelse = if self.at_kw("elif") {
            let t = self.next();
            self.enter()?;
            let r = self.if_rest(t.line, t.col);
            self.depth -= 1;
            vec![r?]
        } else if self.at_kw("else") {
            self.next();
            self.block()?
        } else {
            Vec::new()
        };
        Ok(Stmt {
            kind: StmtKind::If(cond, body, orelse),
            line,
            col,
        })
    }

    fn def_rest(&mut self, line: u32, col: u32, is_async: bool) -> Result<Stmt, Error> {
        let name = self.name()?;
        self.expect_op("(")?;
        let mut params = Vec::new();
        let mut defaults = Vec::new();
        while !self.at_op(")") {
            if self.at_op("*") || self.at_op("**") {
                return Err(self.error(&unsupported("`*args` / `**kwargs` are")));
            }
            let p = self.name()?;
            if self.at_op("=") {
                self.next();
                defaults.push(self.expr()?);
            } else if !defaults.is_empty() {
                return Err(self.error("non-default argument follows default argument"));
            }
            if self.at_op(":") {
                return Err(self.error(&unsupported("type annotations are")));
            }
            if params.contains(&p) {
                return Err(self.error(&format!("duplicate argument '{p}' in function definition")));
            }
            params.push(p);
            if !self.at_op(")") {
                self.expect_op(",")?;
            }
        }
        self.expect_op(")")?;
        if self.at_op("->") {
            return Err(self.error(&unsupported("return annotations are")));
        }
        let body = self.block()?;
        Ok(Stmt {
            kind: StmtKind::Def {
                name,
                params,
                defaults,
                body,
                is_async,
            },
            line,
            col,
        })
    }

    fn with_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
        let e = self.expr()?;
        let alias = if self.at_kw("as") {
            self.next();
            Some(self.name()?)
        } else {
            None
        };
        if self.at_op(",") {
            return Err(self.error(&unsupported("several context managers in one `with` are")));
        }
        let body = self.block()?;
        Ok(Stmt {
            kind: StmtKind::With(e, alias, body),
            line,
            col,
        })
    }

    fn simple_statement(&mut self) -> Result<Stmt, Error> {
        let t = self.peek().clone();
        let (line, col) = (t.line, t.col);
        let mk = |kind| Stmt { kind, line, col };
        if let Tok::Name(kw) = &t.tok {
            match kw.as_str() {
                "pass" => {
                    self.next();
                    return Ok(mk(StmtKind::Pass));
                }
                "break" => {
                    self.next();
                    return Ok(mk(StmtKind::Break));
                }
                "continue" => {
                    self.next();
                    return Ok(mk(StmtKind::Continue));
                }
                "return" => {
                    self.next();
                    let v = if self.at(&Tok::Newline)
                        || self.at_op(";")
                        || self.at(&Tok::Eof)
                        || self.at(&Tok::Dedent)
                    {
                        None
                    } else {
                        Some(self.expr_or_tuple()?)
                    };
                    return Ok(mk(StmtKind::Return(v)));
                }
                "global" => {
                    self.next();
                    let mut names = vec![self.name()?];
                    while self.at_op(",") {
                        self.next();
                        names.push(self.name()?);
                    }
                    return Ok(mk(StmtKind::Global(names)));
                }
                "assert" => {
                    self.next();
                    let c = self.expr()?;
                    let m = if self.at_op(",") {
                        self.next();
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    return Ok(mk(StmtKind::Assert(c, m)));
                }
                "import" => {
                    self.next();
                    let m = self.dotted()?;
                    let alias = if self.at_kw("as") {
                        self.next();
                        self.name()?
                    } else {
                        m.clone()
                    };
                    if self.at_op(",") {
                        return Err(self
                            .error(&unsupported("importing several modules in one `import` is")));
                    }
                    return Ok(mk(StmtKind::Import(m, alias)));
                }
                "from" => {
                    self.next();
                    let m = self.dotted()?;
                    self.expect_kw("import")?;
                    if self.at_op("*") {
                        return Err(self.error(&unsupported("`from … import *` is")));
                    }
                    let paren = self.at_op("(");
                    if paren {
                        self.next();
                    }
                    let mut names = Vec::new();
                    loop {
                        let n = self.name()?;
                        let a = if self.at_kw("as") {
                            self.next();
                            self.name()?
                        } else {
                            n.clone()
                        };
                        names.push((n, a));
                        if self.at_op(",") {
                            self.next();
                            if paren && self.at_op(")") {
                                break;
                            }
                            continue;
                        }
                        break;
                    }
                    if paren {
                        self.expect_op(")")?;
                    }
                    return Ok(mk(StmtKind::FromImport(m, names)));
                }
                "nonlocal" => return Err(self.error(&unsupported("`nonlocal` is"))),
                "del" => return Err(self.error(&unsupported("`del` is"))),
                "raise" => return Err(self.error(&unsupported("`raise` (exceptions) is"))),
                "yield" => return Err(self.error(&unsupported("`yield` (generators) is"))),
                "lambda" => return Err(self.error(&unsupported("`lambda` is"))),
                _ => {}
            }
        }
        let target = self.expr_or_tuple()?;
        if self.at_op("=") {
            self.next();
            check_target(&target)?;
            let value = self.expr_or_tuple()?;
            if self.at_op("=") {
                return Err(self.error(&unsupported("chained assignment `a = b = …` is")));
            }
            return Ok(mk(StmtKind::Assign(target, value)));
        }
        if let Tok::Op(op) = self.peek().tok {
            let bop = match op {
                "+=" => Some(BinOp::Add),
                "-=" => Some(BinOp::Sub),
                "*=" => Some(BinOp::Mul),
                "//=" => Some(BinOp::FloorDiv),
                "%=" => Some(BinOp::Mod),
                "**=" => Some(BinOp::Pow),
                "/=" => return Err(self.error(&unsupported("`/=` (true division, floats) is"))),
                "&=" | "|=" | "^=" | "<<=" | ">>=" => {
                    return Err(self.error(&unsupported(&format!("`{op}` (bitwise operators) is"))))
                }
                ":=" => return Err(self.error(&unsupported("`:=` (assignment expressions) is"))),
                ":" => return Err(self.error(&unsupported("variable annotations are"))),
                _ => None,
            };
            if let Some(bop) = bop {
                self.next();
                check_target(&target)?;
                let value = self.expr()?;
                return Ok(mk(StmtKind::AugAssign(target, bop, value)));
            }
        }
        Ok(mk(StmtKind::Expr(target)))
    }

    fn dotted(&mut self) -> Result<String, Error> {
        let mut m = self.name()?;
        while self.at_op(".") {
            self.next();
            m.push('.');
            m.push_str(&self.name()?);
        }
        Ok(m)
    }

    /// `a, b` without parentheses (on the right of `=`, after `return`).
    fn expr_or_tuple(&mut self) -> Result<Expr, Error> {
        let first = self.expr()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let (line, col) = (first.line, first.col);
        let mut items = vec![first];
        while self.at_op(",") {
            self.next();
            if self.at(&Tok::Newline) || self.at_op("=") || self.at(&Tok::Eof) {
                break;
            }
            items.push(self.expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            line,
            col,
        })
    }

    pub fn expr(&mut self) -> Result<Expr, Error> {
        self.enter()?;
        let r = self.or_test();
        self.depth -= 1;
        let e = r?;
        if self.at_kw("if") {
            self.next();
            self.enter()?;
            let cond = self.or_test();
            self.depth -= 1;
            let cond = cond?;
            self.expect_kw("else")?;
            self.enter()?;
            let other = self.expr();
            self.depth -= 1;
            return Ok(Expr {
                line: e.line,
                col: e.col,
                kind: ExprKind::IfElse(Box::new(cond), Box::new(e), Box::new(other?)),
            });
        }
        Ok(e)
    }

    fn or_test(&mut self) -> Result<Expr, Error> {
        let mut l = self.and_test()?;
        let mut n = 0;
        while self.at_kw("or") {
            self.chain(&mut n)?;
            self.next();
            let r = self.and_test()?;
            l = Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::Or(Box::new(l), Box::new(r)),
            };
        }
        Ok(l)
    }

    fn and_test(&mut self) -> Result<Expr, Error> {
        let mut l = self.not_test()?;
        let mut n = 0;
        while self.at_kw("and") {
            self.chain(&mut n)?;
            self.next();
            let r = self.not_test()?;
            l = Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::And(Box::new(l), Box::new(r)),
            };
        }
        Ok(l)
    }

    fn not_test(&mut self) -> Result<Expr, Error> {
        if self.at_kw("not") {
            let t = self.next();
            self.enter()?;
            let r = self.not_test();
            self.depth -= 1;
            return Ok(Expr {
                line: t.line,
                col: t.col,
                kind: ExprKind::Not(Box::new(r?)),
            });
        }
        self.comparison()
    }

    fn cmp_op(&mut self) -> Option<CmpOp> {
        let op = match &self.peek().tok {
            Tok::Op("==") => CmpOp::Eq,
            Tok::Op("!=") => CmpOp::Ne,
            Tok::Op("<") => CmpOp::Lt,
            Tok::Op("<=") => CmpOp::Le,
            Tok::Op(">") => CmpOp::Gt,
            Tok::Op(">=") => CmpOp::Ge,
            Tok::Name(n) if n == "in" => CmpOp::In,
            Tok::Name(n) if n == "is" => {
                self.next();
                if self.at_kw("not") {
                    self.next();
                    return Some(CmpOp::IsNot);
                }
                return Some(CmpOp::Is);
            }
            Tok::Name(n) if n == "not" => {
                if matches!(self.toks.get(self.pos + 1), Some(Token { tok: Tok::Name(m), .. }) if m == "in")
                {
                    self.next();
                    self.next();
                    return Some(CmpOp::NotIn);
                }
                return None;
            }
            _ => return None,
        };
        self.next();
        Some(op)
    }

    fn comparison(&mut self) -> Result<Expr, Error> {
        let l = self.arith()?;
        if let Some(op) = self.cmp_op() {
            let r = self.arith()?;
            if self.cmp_op().is_some() {
                return Err(Error {
                    line: l.line,
                    col: l.col,
                    message: unsupported("chained comparisons like `a < b < c` are"),
                });
            }
            return Ok(Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::Cmp(op, Box::new(l), Box::new(r)),
            });
        }
        Ok(l)
    }

    fn arith(&mut self) -> Result<Expr, Error> {
        let mut l = self.term()?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            let op = if self.at_op("+") {
                BinOp::Add
            } else if self.at_op("-") {
                BinOp::Sub
            } else if self.at_op("|")
                || self.at_op("&")
                || self.at_op("^")
                || self.at_op("<<")
                || self.at_op(">>")
            {
                return Err(self.error(&unsupported(&format!(
                    "{} (bitwise operators) is",
                    self.describe()
                ))));
            } else {
                break;
            };
            self.next();
            let r = self.term()?;
            l = Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::Bin(op, Box::new(l), Box::new(r)),
            };
        }
        Ok(l)
    }

    fn term(&mut self) -> Result<Expr, Error> {
        let mut l = self.factor()?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            let op = if self.at_op("*") {
                BinOp::Mul
            } else if self.at_op("//") {
                BinOp::FloorDiv
            } else if self.at_op("%") {
                BinOp::Mod
            } else if self.at_op("/") {
                return Err(self.error(&unsupported(
                    "`/` (true division gives floats) is; use `//`",
                )));
            } else if self.at_op("@") {
                return Err(self.error(&unsupported("`@` (matrix multiplication) is")));
            } else {
                break;
            };
            self.next();
            let r = self.factor()?;
            l = Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::Bin(op, Box::new(l), Box::new(r)),
            };
        }
        Ok(l)
    }

    fn factor(&mut self) -> Result<Expr, Error> {
        if self.at_op("-") || self.at_op("+") {
            let t = self.next();
            self.enter()?;
            let r = self.factor();
            self.depth -= 1;
            let r = r?;
            if t.tok == Tok::Op("+") {
                return Ok(r);
            }
            if let ExprKind::Int(i) = r.kind {
                return Ok(Expr {
                    line: t.line,
                    col: t.col,
                    kind: ExprKind::Int(-i),
                });
            }
            return Ok(Expr {
                line: t.line,
                col: t.col,
                kind: ExprKind::Neg(Box::new(r)),
            });
        }
        if self.at_op("~") {
            return Err(self.error(&unsupported("`~` (bitwise operators) is")));
        }
        let base = self.await_expr()?;
        if self.at_op("**") {
            self.next();
            self.enter()?;
            let r = self.factor();
            self.depth -= 1;
            return Ok(Expr {
                line: base.line,
                col: base.col,
                kind: ExprKind::Bin(BinOp::Pow, Box::new(base), Box::new(r?)),
            });
        }
        Ok(base)
    }

    fn await_expr(&mut self) -> Result<Expr, Error> {
        if self.at_kw("await") {
            let t = self.next();
            let e = self.primary()?;
            return Ok(Expr {
                line: t.line,
                col: t.col,
                kind: ExprKind::Await(Box::new(e)),
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, Error> {
        let mut e = self.atom()?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            if self.at_op("(") {
                self.next();
                let mut args = Vec::new();
                let mut kwargs: Vec<(String, Expr)> = Vec::new();
                while !self.at_op(")") {
                    if self.at_op("*") || self.at_op("**") {
                        return Err(self.error(&unsupported("`*args` / `**kwargs` in calls are")));
                    }
                    let is_kw = matches!(&self.peek().tok, Tok::Name(_))
                        && matches!(
                            self.toks.get(self.pos + 1),
                            Some(Token {
                                tok: Tok::Op("="),
                                ..
                            })
                        );
                    if is_kw {
                        let n = self.name()?;
                        self.next();
                        if kwargs.iter().any(|(k, _)| *k == n) {
                            return Err(self.error(&format!("keyword argument repeated: {n}")));
                        }
                        kwargs.push((n, self.expr()?));
                    } else {
                        if !kwargs.is_empty() {
                            return Err(self.error("positional argument follows keyword argument"));
                        }
                        args.push(self.expr()?);
                    }
                    if self.at_kw("for") {
                        return Err(self.error(&unsupported("generator expressions are")));
                    }
                    if !self.at_op(")") {
                        self.expect_op(",")?;
                    }
                }
                self.next();
                e = Expr {
                    line: e.line,
                    col: e.col,
                    kind: ExprKind::Call(Box::new(e), args, kwargs),
                };
            } else if self.at_op(".") {
                self.next();
                let n = self.name()?;
                e = Expr {
                    line: e.line,
                    col: e.col,
                    kind: ExprKind::Attr(Box::new(e), n),
                };
            } else if self.at_op("[") {
                self.next();
                if self.at_op(":") {
                    return Err(self.error(&unsupported("slices are")));
                }
                let i = self.expr()?;
                if self.at_op(":") {
                    return Err(self.error(&unsupported("slices are")));
                }
                self.expect_op("]")?;
                e = Expr {
                    line: e.line,
                    col: e.col,
                    kind: ExprKind::Sub(Box::new(e), Box::new(i)),
                };
            } else {
                return Ok(e);
            }
        }
    }

    fn atom(&mut self) -> Result<Expr, Error> {
        let t = self.peek().clone();
        let (line, col) = (t.line, t.col);
        let mk = |kind| Expr { kind, line, col };
        match t.tok {
            Tok::Int(i) => {
                self.next();
                Ok(mk(ExprKind::Int(i)))
            }
            Tok::Str(_) | Tok::FStr(_) => {
                let mut pieces: Vec<FPiece> = Vec::new();
                let mut is_f = false;
                loop {
                    match self.peek().tok.clone() {
                        Tok::Str(more) => pieces.push(FPiece::Lit(more)),
                        Tok::FStr(parts) => {
                            is_f = true;
                            for p in parts {
                                pieces.push(match p {
                                    FPart::Lit(t) => FPiece::Lit(t),
                                    FPart::Expr {
                                        src,
                                        line,
                                        col,
                                        repr,
                                    } => FPiece::Expr(
                                        Box::new(self.sub_expr(&src, line, col)?),
                                        repr,
                                    ),
                                });
                            }
                        }
                        _ => break,
                    }
                    self.next();
                }
                if !is_f {
                    let s: String = pieces
                        .into_iter()
                        .map(|p| match p {
                            FPiece::Lit(t) => t,
                            FPiece::Expr(..) => String::new(),
                        })
                        .collect();
                    return Ok(mk(ExprKind::Str(s)));
                }
                Ok(mk(ExprKind::FString(pieces)))
            }
            Tok::Name(n) => match n.as_str() {
                "True" => {
                    self.next();
                    Ok(mk(ExprKind::Bool(true)))
                }
                "False" => {
                    self.next();
                    Ok(mk(ExprKind::Bool(false)))
                }
                "None" => {
                    self.next();
                    Ok(mk(ExprKind::None))
                }
                "lambda" => Err(self.error(&unsupported("`lambda` is"))),
                "yield" => Err(self.error(&unsupported("`yield` (generators) is"))),
                n if is_keyword(n) => Err(self.error(&format!("invalid syntax: unexpected `{n}`"))),
                _ => {
                    self.next();
                    Ok(mk(ExprKind::Name(n)))
                }
            },
            Tok::Op("(") => {
                self.next();
                self.enter()?;
                let r = self.paren_rest(line, col);
                self.depth -= 1;
                r
            }
            Tok::Op("[") => {
                self.next();
                let mut items = Vec::new();
                while !self.at_op("]") {
                    items.push(self.expr()?);
                    if self.at_kw("for") && items.len() == 1 {
                        let elt = items.pop().expect("one item");
                        return self.list_comp_rest(elt, line, col);
                    }
                    if self.at_kw("for") {
                        return Err(
                            self.error("invalid syntax: a comprehension needs brackets of its own")
                        );
                    }
                    if !self.at_op("]") {
                        self.expect_op(",")?;
                    }
                }
                self.next();
                Ok(mk(ExprKind::List(items)))
            }
            Tok::Op("{") => {
                self.next();
                let mut items = Vec::new();
                while !self.at_op("}") {
                    let k = self.expr()?;
                    if !self.at_op(":") {
                        return Err(self.error(&unsupported("sets are")));
                    }
                    self.next();
                    let v = self.expr()?;
                    if self.at_kw("for") {
                        return Err(self.error(&unsupported("dict comprehensions are")));
                    }
                    items.push((k, v));
                    if !self.at_op("}") {
                        self.expect_op(",")?;
                    }
                }
                self.next();
                Ok(mk(ExprKind::Dict(items)))
            }
            _ => Err(self.error(&format!("invalid syntax: unexpected {}", self.describe()))),
        }
    }

    /// `[elt for a, b in iter if cond …]`, after `elt`.
    fn list_comp_rest(&mut self, elt: Expr, line: u32, col: u32) -> Result<Expr, Error> {
        self.expect_kw("for")?;
        let mut vars = vec![self.name()?];
        while self.at_op(",") {
            self.next();
            vars.push(self.name()?);
        }
        self.expect_kw("in")?;
        let iter = self.or_test()?;
        let mut conds = vec![];
        while self.at_kw("if") {
            self.next();
            conds.push(self.or_test()?);
        }
        if self.at_kw("for") {
            return Err(self.error(&unsupported("nested `for` in a comprehension is")));
        }
        self.expect_op("]")?;
        Ok(Expr {
            line,
            col,
            kind: ExprKind::ListComp(Box::new(elt), vars, Box::new(iter), conds),
        })
    }

    /// Parses an f-string's `{expression}` at its place in the source.
    fn sub_expr(&mut self, src: &str, line: u32, col: u32) -> Result<Expr, Error> {
        let trimmed = src.trim_start();
        let skipped = src.chars().count() - trimmed.chars().count();
        let (line, col) = (line, col + skipped as u32);
        let shift = |l: &mut u32, c: &mut u32| {
            if *l == 1 {
                *c += col - 1;
            }
            *l += line - 1;
        };
        let mut toks = lex(trimmed).map_err(|mut e| {
            shift(&mut e.line, &mut e.col);
            e
        })?;
        for t in &mut toks {
            shift(&mut t.line, &mut t.col);
        }
        self.enter()?;
        let mut p = Parser {
            toks,
            pos: 0,
            depth: self.depth,
        };
        let r = p.expr();
        self.depth -= 1;
        let e = r?;
        if !(p.at(&Tok::Newline) || p.at(&Tok::Eof)) {
            return Err(p.error("f-string: invalid expression"));
        }
        Ok(e)
    }

    fn paren_rest(&mut self, line: u32, col: u32) -> Result<Expr, Error> {
        if self.at_op(")") {
            self.next();
            return Ok(Expr {
                kind: ExprKind::Tuple(Vec::new()),
                line,
                col,
            });
        }
        let first = self.expr()?;
        if self.at_kw("for") {
            return Err(self.error(&unsupported("generator expressions are")));
        }
        if self.at_op(")") {
            self.next();
            return Ok(first);
        }
        let mut items = vec![first];
        while self.at_op(",") {
            self.next();
            if self.at_op(")") {
                break;
            }
            items.push(self.expr()?);
        }
        self.expect_op(")")?;
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            line,
            col,
        })
    }
}

fn check_target(e: &Expr) -> Result<(), Error> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Sub(..) => Ok(()),
        ExprKind::Tuple(items) => match items.iter().find(|x| !matches!(x.kind, ExprKind::Name(_)))
        {
            None if !items.is_empty() => Ok(()),
            None => Err(Error {
                line: e.line,
                col: e.col,
                message: "cannot assign to ()".into(),
            }),
            Some(x) => Err(Error {
                line: x.line,
                col: x.col,
                message: unsupported("unpacking into anything but plain names is"),
            }),
        },
        _ => Err(Error {
            line: e.line,
            col: e.col,
            message: "cannot assign to expression here".into(),
        }),
    }
}

pub fn is_keyword(n: &str) -> bool {
    matches!(
        n,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}
