//! Code generation for the numbers-and-text area: float constants, slices, chained comparisons
//! (each operand evaluated once, as CPython's `DUP_TOP` / `ROT_THREE` sequence) and f-string
//! fields with a format spec.

use super::super::number::F64;
use super::super::syntax::ast::*;
use super::super::value::Value;
use super::super::Error;
use super::scope::Unit;
use super::{Compiler, Op};

impl Compiler {
    pub(super) fn num_expr(&mut self, u: &mut Unit, e: &Expr) -> Result<(), Error> {
        let line = e.line;
        match &e.kind {
            ExprKind::Float(x) => {
                let c = u.konst(Value::Float(F64::new(*x)));
                u.emit(Op::LoadConst(c), line);
            }
            ExprKind::Slice(a, b, c) => {
                for part in [a, b, c] {
                    match part {
                        Some(x) => self.expr(u, x)?,
                        None => {
                            let k = u.konst(Value::None);
                            u.emit(Op::LoadConst(k), line);
                        }
                    }
                }
                u.emit(Op::BuildSlice, line);
            }
            ExprKind::Chain(first, ops) => {
                // a; b; DUP_TOP; ROT_THREE; COMPARE; JUMP_IF_FALSE_OR_POP cleanup; c; COMPARE;
                // JUMP end; cleanup: ROT_TWO; POP_TOP; end:
                self.expr(u, first)?;
                let mut cleanups = vec![];
                for (k, (op, x)) in ops.iter().enumerate() {
                    self.expr(u, x)?;
                    if k + 1 < ops.len() {
                        u.emit(Op::DupTop, line);
                        u.emit(Op::RotThree, line);
                        u.emit(Op::Compare(*op), line);
                        cleanups.push(u.emit(Op::JumpIfFalseOrPop(0), line));
                    } else {
                        u.emit(Op::Compare(*op), line);
                    }
                }
                let j = u.emit(Op::Jump(0), line);
                let cleanup = u.here();
                for c in cleanups {
                    u.patch(c, cleanup);
                }
                u.emit(Op::RotTwo, line);
                u.emit(Op::PopTop, line);
                let end = u.here();
                u.patch(j, end);
            }
            _ => {}
        }
        Ok(())
    }

    /// An f-string piece `{expr!conv:spec}`: the value (converted), the spec string, FORMAT_SPEC.
    pub(super) fn spec_piece(&mut self, u: &mut Unit, p: &FPiece, line: u32) -> Result<(), Error> {
        match p {
            FPiece::Lit(t) => {
                let c = u.konst(Value::Str(t.as_str().into()));
                u.emit(Op::LoadConst(c), line);
            }
            FPiece::Expr(e, repr) => {
                self.expr(u, e)?;
                u.emit(Op::FormatValue(*repr), line);
            }
            FPiece::Spec(e, conv, spec) => {
                self.expr(u, e)?;
                if let Some(c) = conv {
                    u.emit(Op::FormatValue(*c != 's'), line);
                }
                for s in spec {
                    self.spec_piece(u, s, line)?;
                }
                match spec.len() {
                    0 => {
                        let c = u.konst(Value::Str("".into()));
                        u.emit(Op::LoadConst(c), line);
                    }
                    1 => {}
                    n => {
                        u.emit(Op::BuildString(n as u32), line);
                    }
                }
                u.emit(Op::FormatSpec, line);
            }
        }
        Ok(())
    }
}
