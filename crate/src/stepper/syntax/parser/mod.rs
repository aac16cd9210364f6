//! Tokens → AST. Every node keeps its 1-based line and column; anything outside
//! the subset is rejected here with an error naming the construct.
//! The statement rules are in [`stmt`], the expression rules in [`expr`] and [`atom`].

mod atom;
mod classes;
mod expr;
mod funcs;
mod numbers;
mod stmt;

use super::super::Error;
use super::ast::{Expr, ExprKind, Stmt};
use super::lexer::{Tok, Token};

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
            // numbers
            Tok::Float(x) => format!("`{x}`"),
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
}

fn check_target(e: &Expr) -> Result<(), Error> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Sub(..) => Ok(()),
        ExprKind::Star(x) => check_target(x),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            match items.iter().find(|x| check_target(x).is_err()) {
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
            }
        }
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
