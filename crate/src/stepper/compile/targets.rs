//! Assignment targets: storing the top of the stack into a name, `x.a`, `x[i]`, or a
//! tuple/list of targets with at most one `*rest`, and which targets need that general path.

use super::super::syntax::ast::*;
use super::super::Error;
use super::scope::Unit;
use super::{err, Compiler, Op};

impl Compiler {
    /// Stores TOS into an assignment target (a name, `x.a`, `x[i]`, or a tuple/list of
    /// targets with at most one `*rest`).
    pub(super) fn store_target(&mut self, u: &mut Unit, t: &Expr) -> Result<(), Error> {
        let line = t.line;
        match &t.kind {
            ExprKind::Name(n) => u.store(n, line),
            ExprKind::Attr(o, a) => {
                self.expr(u, o)?;
                u.emit(Op::RotTwo, line);
                let i = u.name(a);
                u.emit(Op::StoreAttr(i), line);
            }
            ExprKind::Sub(o, i) => {
                self.expr(u, o)?;
                self.expr(u, i)?;
                u.emit(Op::PullThird, line);
                u.emit(Op::StoreSubscr, line);
            }
            ExprKind::Tuple(xs) | ExprKind::List(xs) => {
                let stars: Vec<usize> = (0..xs.len())
                    .filter(|i| matches!(xs[*i].kind, ExprKind::Star(_)))
                    .collect();
                match stars[..] {
                    [] => u.emit(Op::UnpackSequence(xs.len() as u32), line),
                    [s] => u.emit(Op::UnpackEx(s as u32, (xs.len() - s - 1) as u32), line),
                    _ => {
                        return Err(err(
                            line,
                            t.col,
                            "multiple starred expressions in assignment",
                        ))
                    }
                };
                for x in xs {
                    match &x.kind {
                        ExprKind::Star(inner) => self.store_target(u, inner)?,
                        _ => self.store_target(u, x)?,
                    }
                }
            }
            ExprKind::Star(_) => {
                return Err(err(
                    line,
                    t.col,
                    "starred assignment target must be in a list or tuple",
                ))
            }
            _ => return Err(err(line, t.col, "cannot assign to expression")),
        }
        Ok(())
    }
}

/// Whether an assignment target needs [`Compiler::store_target`] (anything but a name or a
/// tuple of names).
pub(super) fn general_target(t: &Expr) -> bool {
    match &t.kind {
        ExprKind::Tuple(xs) => xs.iter().any(|x| !matches!(x.kind, ExprKind::Name(_))),
        ExprKind::List(_) | ExprKind::Star(_) => true,
        _ => false,
    }
}
