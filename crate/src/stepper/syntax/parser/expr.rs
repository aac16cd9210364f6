//! Expression rules by precedence: tuples, conditionals, `or`/`and`/`not`, comparisons, arithmetic,
//! unary operators, `await`, calls, attributes and subscripts.

use super::super::super::Error;
use super::super::ast::*;
use super::super::lexer::{Tok, Token};
use super::{unsupported, Parser};

impl Parser {
    /// `a, b` without parentheses (on the right of `=`, after `return`).
    pub(super) fn expr_or_tuple(&mut self) -> Result<Expr, Error> {
        let first = self.star_or_expr()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let (line, col) = (first.line, first.col);
        let mut items = vec![first];
        while self.at_op(",") {
            self.next();
            if self.at(&Tok::Newline)
                || self.at_op("=")
                || self.at(&Tok::Eof)
                || self.at_op(":")
                || self.at_op(";")
            {
                break;
            }
            items.push(self.star_or_expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            line,
            col,
        })
    }

    /// `*x` (in a display or a target) or an expression.
    pub(super) fn star_or_expr(&mut self) -> Result<Expr, Error> {
        if self.at_op("*") {
            let t = self.next();
            let e = self.or_test()?;
            return Ok(Expr {
                kind: ExprKind::Star(Box::new(e)),
                line: t.line,
                col: t.col,
            });
        }
        self.expr()
    }

    pub fn expr(&mut self) -> Result<Expr, Error> {
        if self.at_kw("lambda") {
            let t = self.next();
            self.enter()?;
            let r = self.lambda_rest(t.line, t.col);
            self.depth -= 1;
            return r;
        }
        if matches!(&self.peek().tok, Tok::Name(_))
            && matches!(
                self.toks.get(self.pos + 1),
                Some(Token {
                    tok: Tok::Op(":="),
                    ..
                })
            )
        {
            let t = self.peek().clone();
            let n = self.name()?;
            self.next();
            self.enter()?;
            let v = self.expr();
            self.depth -= 1;
            return Ok(Expr {
                kind: ExprKind::Walrus(n, Box::new(v?)),
                line: t.line,
                col: t.col,
            });
        }
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

    pub(super) fn or_test(&mut self) -> Result<Expr, Error> {
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

    pub(super) fn and_test(&mut self) -> Result<Expr, Error> {
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

    pub(super) fn not_test(&mut self) -> Result<Expr, Error> {
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

    pub(super) fn cmp_op(&mut self) -> Option<CmpOp> {
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

    pub(super) fn comparison(&mut self) -> Result<Expr, Error> {
        let l = self.bit_or()?;
        if let Some(op) = self.cmp_op() {
            let r = self.bit_or()?;
            // numbers
            if let Some(op2) = self.cmp_op() {
                return self.chain_rest(l, op, r, op2);
            }
            return Ok(Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::Cmp(op, Box::new(l), Box::new(r)),
            });
        }
        Ok(l)
    }

    // functions: `|`, `^`, `&` (sets, ints), below comparisons and above `+`/`-`.
    fn bit_level(&mut self, level: usize) -> Result<Expr, Error> {
        const OPS: [(&str, BinOp); 3] = [
            ("|", BinOp::BitOr),
            ("^", BinOp::BitXor),
            ("&", BinOp::BitAnd),
        ];
        let next = |p: &mut Parser| {
            if level + 1 < OPS.len() {
                p.bit_level(level + 1)
            } else {
                p.arith()
            }
        };
        let mut l = next(self)?;
        let mut n = 0;
        while self.at_op(OPS[level].0) {
            self.chain(&mut n)?;
            self.next();
            let r = next(self)?;
            l = Expr {
                line: l.line,
                col: l.col,
                kind: ExprKind::Bin(OPS[level].1, Box::new(l), Box::new(r)),
            };
        }
        Ok(l)
    }

    pub(super) fn bit_or(&mut self) -> Result<Expr, Error> {
        self.bit_level(0)
    }

    pub(super) fn arith(&mut self) -> Result<Expr, Error> {
        let mut l = self.term()?;
        let mut n = 0;
        loop {
            self.chain(&mut n)?;
            let op = if self.at_op("+") {
                BinOp::Add
            } else if self.at_op("-") {
                BinOp::Sub
            } else if self.at_op("<<") || self.at_op(">>") {
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

    pub(super) fn term(&mut self) -> Result<Expr, Error> {
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
                BinOp::Div
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

    pub(super) fn factor(&mut self) -> Result<Expr, Error> {
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
            // numbers
            if let ExprKind::Float(x) = r.kind {
                return Ok(Expr {
                    line: t.line,
                    col: t.col,
                    kind: ExprKind::Float(-x),
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

    pub(super) fn await_expr(&mut self) -> Result<Expr, Error> {
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

    pub(super) fn primary(&mut self) -> Result<Expr, Error> {
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
                        let double = self.at_op("**");
                        let t = self.next();
                        let v = self.expr()?;
                        if double {
                            kwargs.push(("**".into(), v));
                        } else if kwargs.iter().any(|(k, _)| k == "**") {
                            return Err(self.error(
                                "iterable argument unpacking follows keyword argument unpacking",
                            ));
                        } else {
                            args.push(Expr {
                                kind: ExprKind::Star(Box::new(v)),
                                line: t.line,
                                col: t.col,
                            });
                        }
                        if !self.at_op(")") {
                            self.expect_op(",")?;
                        }
                        continue;
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
                        if kwargs.iter().any(|(k, _)| *k == n && k != "**") {
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
                        // `f(x for x in xs)`: a generator expression as the only argument.
                        let (line, col) = (self.peek().line, self.peek().col);
                        if args.len() != 1 || !kwargs.is_empty() {
                            return Err(self.error("Generator expression must be parenthesized"));
                        }
                        let elt = args.pop().expect("one argument");
                        let fors = self.comp_fors()?;
                        args.push(Expr {
                            kind: ExprKind::GenExp(Box::new(elt), fors),
                            line,
                            col,
                        });
                        if !self.at_op(")") {
                            return Err(self.error("Generator expression must be parenthesized"));
                        }
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
                // numbers
                let i = self.subscript()?;
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
}
