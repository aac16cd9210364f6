//! Statement rules: blocks, compound statements (`if`, `while`, `for`, `def`, `with`) and simple ones.

use super::super::super::Error;
use super::super::ast::*;
use super::super::lexer::Tok;
use super::{check_target, unsupported, Parser};

impl Parser {
    pub(super) fn statement(&mut self) -> Result<Vec<Stmt>, Error> {
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
                        self.next();
                        let orelse = self.block()?;
                        return Ok(vec![mk(StmtKind::WhileElse(cond, body, orelse))]);
                    }
                    return Ok(vec![mk(StmtKind::While(cond, body))]);
                }
                "for" => {
                    self.next();
                    let target = self.target_list()?;
                    self.expect_kw("in")?;
                    let iter = self.expr_or_tuple()?;
                    let body = self.block()?;
                    if self.at_kw("else") {
                        self.next();
                        let orelse = self.block()?;
                        return Ok(vec![mk(StmtKind::ForX(target, iter, body, orelse))]);
                    }
                    return Ok(vec![match super::funcs::plain_names(&target) {
                        Some(var) => mk(StmtKind::For(var, iter, body)),
                        None => mk(StmtKind::ForX(target, iter, body, vec![])),
                    }]);
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
                // classes and exceptions
                "class" => {
                    self.next();
                    return Ok(vec![self.class_rest(line, col)?]);
                }
                "try" => {
                    self.next();
                    return Ok(vec![self.try_rest(line, col)?]);
                }
                "except" | "finally" => {
                    return Err(
                        self.error(&format!("invalid syntax: `{kw}` without a matching `try`"))
                    )
                }
                "else" | "elif" => {
                    return Err(
                        self.error(&format!("invalid syntax: `{kw}` without a matching `if`"))
                    )
                }
                _ => {}
            }
        }
        if self.at_op("@") {
            return Ok(vec![self.decorated()?]);
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

    pub(super) fn if_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
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

    pub(super) fn def_rest(&mut self, line: u32, col: u32, is_async: bool) -> Result<Stmt, Error> {
        let name = self.name()?;
        self.expect_op("(")?;
        let mut f = FuncDef {
            name,
            params: vec![],
            defaults: vec![],
            varargs: None,
            kwonly: vec![],
            varkw: None,
            body: vec![],
            decorators: vec![],
            is_async,
            line,
            col,
        };
        self.params(&mut f, ")")?;
        self.expect_op(")")?;
        if self.at_op("->") {
            return Err(self.error(&unsupported("return annotations are")));
        }
        f.body = self.block()?;
        let kind = if f.varargs.is_none() && f.kwonly.is_empty() && f.varkw.is_none() {
            StmtKind::Def {
                name: f.name,
                params: f.params,
                defaults: f.defaults,
                body: f.body,
                is_async,
            }
        } else {
            StmtKind::DefX(Box::new(f))
        };
        Ok(Stmt { kind, line, col })
    }

    pub(super) fn with_rest(&mut self, line: u32, col: u32) -> Result<Stmt, Error> {
        let e = self.expr()?;
        let alias = if self.at_kw("as") {
            self.next();
            Some(self.name()?)
        } else {
            None
        };
        // `with a, b: body` is `with a: with b: body` (entered left to right).
        let body = if self.at_op(",") {
            let t = self.next();
            self.enter()?;
            let inner = self.with_rest(t.line, t.col);
            self.depth -= 1;
            return inner.map(|inner| Stmt {
                kind: StmtKind::With(e, alias, vec![inner]),
                line,
                col,
            });
        } else {
            self.block()?
        };
        Ok(Stmt {
            kind: StmtKind::With(e, alias, body),
            line,
            col,
        })
    }

    pub(super) fn simple_statement(&mut self) -> Result<Stmt, Error> {
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
                "nonlocal" => {
                    self.next();
                    return Ok(mk(StmtKind::Nonlocal(self.name_list()?)));
                }
                "del" => {
                    self.next();
                    return Ok(mk(self.del_rest()?));
                }
                "raise" => {
                    self.next();
                    return self.raise_rest(line, col); // classes and exceptions
                }
                "yield" => {
                    self.next();
                    return Ok(mk(StmtKind::Expr(self.yield_rest(line, col)?)));
                }
                _ => {}
            }
        }
        let target = self.expr_or_tuple()?;
        if self.at_op("=") {
            self.next();
            check_target(&target)?;
            let value = self.value_or_yield()?;
            if self.at_op("=") {
                let mut targets = vec![target, value];
                while self.at_op("=") {
                    self.next();
                    check_target(targets.last().expect("a target"))?;
                    targets.push(self.value_or_yield()?);
                }
                let value = targets.pop().expect("a value");
                return Ok(mk(StmtKind::AssignMulti(targets, value)));
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
                // numbers
                "/=" => Some(BinOp::Div),
                // functions
                "&=" => Some(BinOp::BitAnd),
                "|=" => Some(BinOp::BitOr),
                "^=" => Some(BinOp::BitXor),
                "<<=" | ">>=" => {
                    return Err(self.error(&unsupported(&format!("`{op}` (bitwise operators) is"))))
                }
                ":=" => return Err(self.error(&unsupported("`:=` (assignment expressions) is"))),
                ":" => return Err(self.error(&unsupported("variable annotations are"))),
                _ => None,
            };
            if let Some(bop) = bop {
                self.next();
                check_target(&target)?;
                let value = self.value_or_yield()?;
                return Ok(mk(StmtKind::AugAssign(target, bop, value)));
            }
        }
        Ok(mk(StmtKind::Expr(target)))
    }

    pub(super) fn dotted(&mut self) -> Result<String, Error> {
        let mut m = self.name()?;
        while self.at_op(".") {
            self.next();
            m.push('.');
            m.push_str(&self.name()?);
        }
        Ok(m)
    }
}
