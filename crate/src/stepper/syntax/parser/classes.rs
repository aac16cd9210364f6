//! Statement rules for classes and exceptions: `class`, `try`/`except`/`else`/`finally`, `raise`.

use super::super::super::Error;
use super::super::ast::*;
use super::super::lexer::Tok;
use super::Parser;

impl Parser {
    /// `class Name(Base, …):` after `class`.
    pub(super) fn class_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.at_op("(") {
            self.next();
            while !self.at_op(")") {
                if self.at_op("*") || self.at_op("**") {
                    return Err(
                        self.error(&super::unsupported("`*` / `**` in a class's bases are"))
                    );
                }
                let is_kw = matches!(&self.peek().tok, Tok::Name(_))
                    && matches!(self.toks.get(self.pos + 1), Some(t) if t.tok == Tok::Op("="));
                if is_kw {
                    return Err(self.error(&super::unsupported(
                        "keyword arguments in a class's bases (`metaclass=`) are",
                    )));
                }
                bases.push(self.expr()?);
                if !self.at_op(")") {
                    self.expect_op(",")?;
                }
            }
            self.next();
        }
        let body = self.block()?;
        Ok(Stmt {
            kind: StmtKind::Class { name, bases, body },
            line,
            col,
        })
    }

    /// `try:` after `try`, with its clauses.
    pub(super) fn try_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
        let body = self.block()?;
        let mut handlers = Vec::new();
        while self.at_kw("except") {
            let t = self.next();
            if self.at_op("*") {
                return Err(self.error(&super::unsupported("`except*` (exception groups) is")));
            }
            if handlers
                .last()
                .is_some_and(|h: &ExceptClause| h.kind.is_none())
            {
                return Err(Error {
                    line: t.line,
                    col: t.col,
                    message: "SyntaxError: default 'except:' must be last".into(),
                });
            }
            let (kind, name) = if self.at_op(":") {
                (None, None)
            } else {
                let k = self.expr()?;
                let k = if self.at_op(",") {
                    // `except A, B:` is a Python 2 form; Python 3 needs parentheses.
                    return Err(
                        self.error("SyntaxError: multiple exception types must be parenthesized")
                    );
                } else {
                    k
                };
                let n = if self.at_kw("as") {
                    self.next();
                    Some(self.name()?)
                } else {
                    None
                };
                (Some(k), n)
            };
            let body = self.block()?;
            handlers.push(ExceptClause {
                kind,
                name,
                body,
                line: t.line,
            });
        }
        let mut orelse = Vec::new();
        if self.at_kw("else") {
            if handlers.is_empty() {
                return Err(self.error("invalid syntax: `else` needs an `except` before it"));
            }
            self.next();
            orelse = self.block()?;
        }
        let mut finalbody = Vec::new();
        if self.at_kw("finally") {
            self.next();
            finalbody = self.block()?;
            if finalbody.is_empty() {
                finalbody.push(Stmt {
                    kind: StmtKind::Pass,
                    line,
                    col,
                });
            }
        } else if handlers.is_empty() {
            return Err(self.error("invalid syntax: expected 'except' or 'finally' block"));
        }
        Ok(Stmt {
            kind: StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
            line,
            col,
        })
    }

    /// `raise`, `raise X`, `raise X from Y`, after `raise`.
    pub(super) fn raise_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
        let ends = |p: &Parser| {
            p.at(&Tok::Newline) || p.at_op(";") || p.at(&Tok::Eof) || p.at(&Tok::Dedent)
        };
        let (exc, cause) = if ends(self) {
            (None, None)
        } else {
            let e = self.expr()?;
            let c = if self.at_kw("from") {
                self.next();
                Some(self.expr()?)
            } else {
                None
            };
            (Some(e), c)
        };
        Ok(Stmt {
            kind: StmtKind::Raise(exc, cause),
            line,
            col,
        })
    }
}
