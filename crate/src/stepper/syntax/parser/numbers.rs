//! The syntax of the numbers-and-text area: chained comparisons, slices in subscripts, and
//! f-string fields with a conversion and a format spec.

use super::super::super::Error;
use super::super::ast::*;
use super::super::lexer::FPart;
use super::Parser;

impl Parser {
    /// After `l op r` and a second operator `op2`: the rest of a chain `a < b < c …`.
    pub(super) fn chain_rest(
        &mut self,
        l: Expr,
        op: CmpOp,
        r: Expr,
        op2: CmpOp,
    ) -> Result<Expr, Error> {
        let mut ops = vec![(op, r)];
        let mut next = Some(op2);
        while let Some(op) = next {
            self.enter()?;
            let e = self.bit_or();
            self.depth -= 1;
            ops.push((op, e?));
            next = self.cmp_op();
        }
        Ok(Expr {
            line: l.line,
            col: l.col,
            kind: ExprKind::Chain(Box::new(l), ops),
        })
    }

    /// What is inside `[…]`: an index, or a slice `lower:upper:step` (each part optional).
    pub(super) fn subscript(&mut self) -> Result<Expr, Error> {
        let (line, col) = (self.peek().line, self.peek().col);
        let lower = if self.at_op(":") {
            None
        } else {
            let e = self.expr()?;
            if !self.at_op(":") {
                return Ok(e);
            }
            Some(Box::new(e))
        };
        self.next(); // the first `:`
        let part = |p: &mut Parser| -> Result<Option<Box<Expr>>, Error> {
            if p.at_op(":") || p.at_op("]") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expr()?)))
            }
        };
        let upper = part(self)?;
        let step = if self.at_op(":") {
            self.next();
            part(self)?
        } else {
            None
        };
        Ok(Expr {
            line,
            col,
            kind: ExprKind::Slice(lower, upper, step),
        })
    }

    /// An f-string field with a format spec, its nested `{…}` fields parsed in place.
    pub(super) fn spec_piece(&mut self, p: FPart) -> Result<FPiece, Error> {
        match p {
            FPart::Lit(t) => Ok(FPiece::Lit(t)),
            FPart::Expr {
                src,
                line,
                col,
                repr,
            } => Ok(FPiece::Expr(
                Box::new(self.sub_expr(&src, line, col)?),
                repr,
            )),
            FPart::Spec {
                src,
                line,
                col,
                conv,
                spec,
            } => {
                let e = self.sub_expr(&src, line, col)?;
                let mut pieces = vec![];
                for s in spec {
                    pieces.push(self.spec_piece(s)?);
                }
                Ok(FPiece::Spec(Box::new(e), conv, pieces))
            }
        }
    }
}
