//! Atoms: names, literals, f-strings, lists, dicts, comprehensions and parenthesised expressions.

use super::super::super::Error;
use super::super::ast::*;
use super::super::lexer::{lex, FPart, Tok};
use super::{is_keyword, unsupported, Parser};

impl Parser {
    pub(super) fn atom(&mut self) -> Result<Expr, Error> {
        let t = self.peek().clone();
        let (line, col) = (t.line, t.col);
        let mk = |kind| Expr { kind, line, col };
        match t.tok {
            Tok::Int(i) => {
                self.next();
                Ok(mk(ExprKind::Int(i)))
            }
            // numbers
            Tok::Float(x) => {
                self.next();
                Ok(mk(ExprKind::Float(x)))
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
                                    // numbers
                                    p @ FPart::Spec { .. } => self.spec_piece(p)?,
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
                            FPiece::Expr(..) | FPiece::Spec(..) => String::new(),
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
                "lambda" => {
                    self.next();
                    self.enter()?;
                    let r = self.lambda_rest(line, col);
                    self.depth -= 1;
                    r
                }
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
                    items.push(self.star_or_expr()?);
                    if self.at_kw("for") && items.len() == 1 {
                        let elt = items.pop().expect("one item");
                        let save = (self.pos, self.depth);
                        if let Ok(e) = self.list_comp_rest(elt.clone(), line, col) {
                            return Ok(e);
                        }
                        (self.pos, self.depth) = save;
                        let fors = self.comp_fors()?;
                        self.expect_op("]")?;
                        return Ok(mk(ExprKind::ListCompX(Box::new(elt), fors)));
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
                self.enter()?;
                let r = self.brace_rest(line, col);
                self.depth -= 1;
                r
            }
            _ => Err(self.error(&format!("invalid syntax: unexpected {}", self.describe()))),
        }
    }

    /// `[elt for a, b in iter if cond …]`, after `elt`.
    pub(super) fn list_comp_rest(&mut self, elt: Expr, line: u32, col: u32) -> Result<Expr, Error> {
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
    pub(super) fn sub_expr(&mut self, src: &str, line: u32, col: u32) -> Result<Expr, Error> {
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

    pub(super) fn paren_rest(&mut self, line: u32, col: u32) -> Result<Expr, Error> {
        if self.at_op(")") {
            self.next();
            return Ok(Expr {
                kind: ExprKind::Tuple(Vec::new()),
                line,
                col,
            });
        }
        if self.at_kw("yield") {
            let t = self.next();
            let y = self.yield_rest(t.line, t.col)?;
            self.expect_op(")")?;
            return Ok(y);
        }
        let first = self.star_or_expr()?;
        if self.at_kw("for") {
            let fors = self.comp_fors()?;
            self.expect_op(")")?;
            return Ok(Expr {
                kind: ExprKind::GenExp(Box::new(first), fors),
                line,
                col,
            });
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
            items.push(self.star_or_expr()?);
        }
        self.expect_op(")")?;
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            line,
            col,
        })
    }
}
