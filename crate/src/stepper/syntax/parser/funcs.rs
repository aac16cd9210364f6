//! Rules for functions, generators and the statements added with them: parameter lists
//! (`*args`, keyword-only, `**kwargs`), decorators, `lambda`, `yield`, comprehension clauses,
//! assignment targets (`a, *rest`, `x[i]`, nested tuples), `del` and `nonlocal`.

use super::super::super::Error;
use super::super::ast::*;
use super::super::lexer::Tok;
use super::{unsupported, Parser};

impl Parser {
    /// A parameter list up to `end` (`)` for `def`, `:` for `lambda`), filling `f`.
    pub(super) fn params(&mut self, f: &mut FuncDef, end: &str) -> Result<(), Error> {
        let mut seen: Vec<String> = vec![];
        let mut after_star = false;
        let mut dup = |p: &Parser, n: &str| -> Result<(), Error> {
            if seen.iter().any(|s| s == n) {
                return Err(p.error(&format!("duplicate argument '{n}' in function definition")));
            }
            seen.push(n.to_string());
            Ok(())
        };
        while !self.at_op(end) {
            if f.varkw.is_some() {
                return Err(
                    self.error("invalid syntax: arguments cannot follow var-keyword argument")
                );
            }
            if self.at_op("**") {
                self.next();
                let n = self.name()?;
                dup(self, &n)?;
                f.varkw = Some(n);
            } else if self.at_op("*") {
                self.next();
                if after_star {
                    return Err(self.error("invalid syntax: * argument may appear only once"));
                }
                after_star = true;
                if !self.at_op(",") {
                    let n = self.name()?;
                    dup(self, &n)?;
                    f.varargs = Some(n);
                } else if matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Op(o)) if *o == end || *o == "**")
                {
                    return Err(self.error("named arguments must follow bare *"));
                }
            } else if self.at_op("/") {
                return Err(self.error(&unsupported("positional-only parameters (`/`) are")));
            } else {
                let n = self.name()?;
                dup(self, &n)?;
                if self.at_op(":") && end != ":" {
                    return Err(self.error(&unsupported("type annotations are")));
                }
                let default = if self.at_op("=") {
                    self.next();
                    Some(self.expr()?)
                } else {
                    None
                };
                if after_star {
                    f.kwonly.push((n, default));
                } else {
                    match default {
                        Some(d) => f.defaults.push(d),
                        None if !f.defaults.is_empty() => {
                            return Err(self.error("non-default argument follows default argument"))
                        }
                        None => {}
                    }
                    f.params.push(n);
                }
            }
            if !self.at_op(end) {
                self.expect_op(",")?;
            }
        }
        if after_star && f.varargs.is_none() && f.kwonly.is_empty() {
            return Err(self.error("named arguments must follow bare *"));
        }
        Ok(())
    }

    /// `lambda params: expr`, after `lambda`.
    pub(super) fn lambda_rest(&mut self, line: u32, col: u32) -> Result<Expr, Error> {
        let mut f = FuncDef {
            name: "<lambda>".into(),
            params: vec![],
            defaults: vec![],
            varargs: None,
            kwonly: vec![],
            varkw: None,
            body: vec![],
            decorators: vec![],
            is_async: false,
            line,
            col,
        };
        self.params(&mut f, ":")?;
        self.expect_op(":")?;
        self.enter()?;
        let body = self.expr();
        self.depth -= 1;
        let body = body?;
        f.body = vec![Stmt {
            line: body.line,
            col: body.col,
            kind: StmtKind::Return(Some(body)),
        }];
        Ok(Expr {
            kind: ExprKind::Lambda(Box::new(f)),
            line,
            col,
        })
    }

    /// `@decorator` lines, then the `def` they decorate.
    pub(super) fn decorated(&mut self) -> Result<Stmt, Error> {
        let mut decorators = vec![];
        while self.at_op("@") {
            self.next();
            decorators.push(self.expr()?);
            if !self.at(&Tok::Newline) {
                return Err(self.error(&format!("invalid syntax: unexpected {}", self.describe())));
            }
            self.next();
            while self.at(&Tok::Newline) {
                self.next();
            }
        }
        let t = self.peek().clone();
        let is_async = self.at_kw("async");
        if is_async {
            self.next();
        }
        if self.at_kw("class") {
            return Err(self.error(&unsupported("decorating a class is")));
        }
        self.expect_kw("def")?;
        let s = self.def_rest(t.line, t.col, is_async)?;
        let (line, col) = (s.line, s.col);
        let f = match s.kind {
            StmtKind::DefX(f) => Some(f),
            StmtKind::Def {
                name,
                params,
                defaults,
                body,
                is_async,
            } => Some(Box::new(FuncDef {
                name,
                params,
                defaults,
                varargs: None,
                kwonly: vec![],
                varkw: None,
                body,
                decorators: vec![],
                is_async,
                line: t.line,
                col: t.col,
            })),
            _ => None,
        };
        let mut f = f.ok_or_else(|| self.error("invalid syntax: expected `def`"))?;
        f.decorators = decorators;
        Ok(Stmt {
            kind: StmtKind::DefX(f),
            line,
            col,
        })
    }

    /// `yield`, `yield x`, `yield a, b` or `yield from x`, after `yield`.
    pub(super) fn yield_rest(&mut self, line: u32, col: u32) -> Result<Expr, Error> {
        let kind = if self.at_kw("from") {
            self.next();
            ExprKind::YieldFrom(Box::new(self.expr()?))
        } else if self.at(&Tok::Newline)
            || self.at(&Tok::Eof)
            || self.at(&Tok::Dedent)
            || self.at_op(")")
            || self.at_op(";")
            || self.at_op("=")
        {
            ExprKind::Yield(None)
        } else {
            ExprKind::Yield(Some(Box::new(self.expr_or_tuple()?)))
        };
        Ok(Expr { kind, line, col })
    }

    /// The right of `=`: a `yield` expression or a (tuple) expression.
    pub(super) fn value_or_yield(&mut self) -> Result<Expr, Error> {
        if self.at_kw("yield") {
            let t = self.next();
            return self.yield_rest(t.line, t.col);
        }
        self.expr_or_tuple()
    }

    /// One assignment target of a `for` or a comprehension: a name, `x.a`, `x[i]`, `*x`,
    /// or a parenthesised/bracketed list of targets.
    pub(super) fn target(&mut self) -> Result<Expr, Error> {
        let t = self.peek().clone();
        if self.at_op("*") {
            self.next();
            let inner = self.target()?;
            return Ok(Expr {
                kind: ExprKind::Star(Box::new(inner)),
                line: t.line,
                col: t.col,
            });
        }
        if self.at_op("(") || self.at_op("[") {
            let close = if self.at_op("(") { ")" } else { "]" };
            self.next();
            self.enter()?;
            let mut items = vec![];
            while !self.at_op(close) {
                items.push(self.target()?);
                if !self.at_op(close) {
                    self.expect_op(",")?;
                }
            }
            self.depth -= 1;
            self.next();
            return Ok(Expr {
                kind: ExprKind::Tuple(items),
                line: t.line,
                col: t.col,
            });
        }
        let e = self.primary()?;
        super::check_target(&e)?;
        Ok(e)
    }

    /// `a`, `a, b`, `i, (x, y)`: the targets of a `for` up to `in`.
    pub(super) fn target_list(&mut self) -> Result<Expr, Error> {
        let first = self.target()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let (line, col) = (first.line, first.col);
        let mut items = vec![first];
        while self.at_op(",") {
            self.next();
            if self.at_kw("in") {
                break;
            }
            items.push(self.target()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            line,
            col,
        })
    }

    /// `for t in it if c … for …` clauses, from the first `for` (included).
    pub(super) fn comp_fors(&mut self) -> Result<Vec<CompFor>, Error> {
        let mut out = vec![];
        while self.at_kw("for") {
            self.next();
            let target = self.target_list()?;
            self.expect_kw("in")?;
            let iter = self.or_test()?;
            let mut conds = vec![];
            while self.at_kw("if") {
                self.next();
                conds.push(self.or_test()?);
            }
            out.push(CompFor {
                target,
                iter,
                conds,
            });
            if self.at_kw("async") {
                return Err(self.error(&unsupported("`async for` is")));
            }
        }
        Ok(out)
    }

    /// `del a, x[i], …` after `del`.
    pub(super) fn del_rest(&mut self) -> Result<StmtKind, Error> {
        let mut items = vec![];
        loop {
            let e = self.expr()?;
            match &e.kind {
                ExprKind::Name(_) | ExprKind::Sub(..) | ExprKind::Attr(..) => items.push(e),
                ExprKind::Tuple(xs) => items.extend(xs.iter().cloned()),
                _ => return Err(self.error("cannot delete expression")),
            }
            if !self.at_op(",") {
                break;
            }
            self.next();
            if self.at(&Tok::Newline) || self.at(&Tok::Eof) {
                break;
            }
        }
        Ok(StmtKind::Del(items))
    }

    /// A comma-separated list of names (`global`, `nonlocal`).
    pub(super) fn name_list(&mut self) -> Result<Vec<String>, Error> {
        let mut names = vec![self.name()?];
        while self.at_op(",") {
            self.next();
            names.push(self.name()?);
        }
        Ok(names)
    }

    /// `{…}` after `{`: a dict, a set, or a dict/set comprehension.
    pub(super) fn brace_rest(&mut self, line: u32, col: u32) -> Result<Expr, Error> {
        let mk = |kind| Expr { kind, line, col };
        if self.at_op("}") {
            self.next();
            return Ok(mk(ExprKind::Dict(vec![])));
        }
        let first = self.expr()?;
        if self.at_op(":") {
            self.next();
            let v = self.expr()?;
            if self.at_kw("for") {
                let fors = self.comp_fors()?;
                self.expect_op("}")?;
                return Ok(mk(ExprKind::DictComp(Box::new(first), Box::new(v), fors)));
            }
            let mut items = vec![(first, v)];
            while self.at_op(",") {
                self.next();
                if self.at_op("}") {
                    break;
                }
                let k = self.expr()?;
                self.expect_op(":")?;
                items.push((k, self.expr()?));
            }
            self.expect_op("}")?;
            return Ok(mk(ExprKind::Dict(items)));
        }
        if self.at_kw("for") {
            let fors = self.comp_fors()?;
            self.expect_op("}")?;
            return Ok(mk(ExprKind::SetComp(Box::new(first), fors)));
        }
        let mut items = vec![first];
        while self.at_op(",") {
            self.next();
            if self.at_op("}") {
                break;
            }
            items.push(self.expr()?);
        }
        self.expect_op("}")?;
        Ok(mk(ExprKind::SetLit(items)))
    }
}

/// Whether a `for` target is plain names (`x` or `a, b`), as `StmtKind::For` holds them.
pub(super) fn plain_names(t: &Expr) -> Option<Vec<String>> {
    match &t.kind {
        ExprKind::Name(n) => Some(vec![n.clone()]),
        ExprKind::Tuple(xs) => xs
            .iter()
            .map(|x| match &x.kind {
                ExprKind::Name(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}
