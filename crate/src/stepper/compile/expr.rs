//! Code generation for expressions (and the module check of imports).

use super::super::syntax::ast::*;
use super::super::value::{Module, Value};
use super::super::Error;
use super::scope::Unit;
use super::{err, Compiler, Op};
use std::rc::Rc;

impl Compiler {
    pub(super) fn check_module(&self, m: &str, line: u32, col: u32) -> Result<Module, Error> {
        Module::from_name(m).ok_or_else(|| {
            err(line, col, format!("module `{m}` is not supported in ThreadLab's Python subset (threading, queue, multiprocessing, asyncio, time, timeit, random, os, _thread, math, sys, functools, itertools, copy, collections, concurrent.futures)"))
        })
    }

    pub(super) fn expr(&mut self, u: &mut Unit, e: &Expr) -> Result<(), Error> {
        let line = e.line;
        match &e.kind {
            ExprKind::Int(i) => {
                let c = u.konst(Value::Int(*i));
                u.emit(Op::LoadConst(c), line);
            }
            ExprKind::Str(s) => {
                let c = u.konst(Value::Str(s.as_str().into()));
                u.emit(Op::LoadConst(c), line);
            }
            ExprKind::Bool(b) => {
                let c = u.konst(Value::Bool(*b));
                u.emit(Op::LoadConst(c), line);
            }
            ExprKind::None => {
                let c = u.konst(Value::None);
                u.emit(Op::LoadConst(c), line);
            }
            ExprKind::Name(n) => u.load(n, line),
            ExprKind::Bin(op, a, b) => {
                self.expr(u, a)?;
                self.expr(u, b)?;
                u.emit(Op::Binary(*op, false), line);
            }
            ExprKind::Neg(a) => {
                self.expr(u, a)?;
                u.emit(Op::UnaryNeg, line);
            }
            ExprKind::Not(a) => {
                self.expr(u, a)?;
                u.emit(Op::UnaryNot, line);
            }
            ExprKind::Cmp(op, a, b) => {
                self.expr(u, a)?;
                self.expr(u, b)?;
                u.emit(Op::Compare(*op), line);
            }
            ExprKind::And(a, b) => {
                self.expr(u, a)?;
                let j = u.emit(Op::JumpIfFalseOrPop(0), line);
                self.expr(u, b)?;
                let h = u.here();
                u.patch(j, h);
            }
            ExprKind::Or(a, b) => {
                self.expr(u, a)?;
                let j = u.emit(Op::JumpIfTrueOrPop(0), line);
                self.expr(u, b)?;
                let h = u.here();
                u.patch(j, h);
            }
            ExprKind::Call(f, args, kwargs)
                if args.iter().any(|a| matches!(a.kind, ExprKind::Star(_)))
                    || kwargs.iter().any(|(k, _)| k == "**") =>
            {
                self.call_ex(u, f, args, kwargs, line)?
            }
            ExprKind::Call(f, args, kwargs) => {
                self.expr(u, f)?;
                for a in args {
                    self.expr(u, a)?;
                }
                for (_, v) in kwargs {
                    self.expr(u, v)?;
                }
                if kwargs.is_empty() {
                    u.emit(Op::Call(args.len() as u32), line);
                } else {
                    let names: Rc<[Value]> = kwargs
                        .iter()
                        .map(|(k, _)| Value::Str(k.as_str().into()))
                        .collect();
                    let c = u.konst(Value::Tuple(names));
                    u.emit(Op::CallKw(args.len() as u32, c), line);
                }
            }
            ExprKind::Attr(o, a) => {
                self.expr(u, o)?;
                let i = u.name(a);
                u.emit(Op::LoadAttr(i), line);
            }
            ExprKind::Sub(o, i) => {
                self.expr(u, o)?;
                self.expr(u, i)?;
                u.emit(Op::BinarySubscr, line);
            }
            // functions: `[a, *b]`, `(a, *b)`, `{a, *b}`
            ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::SetLit(xs)
                if xs.iter().any(|x| matches!(x.kind, ExprKind::Star(_))) =>
            {
                self.starred_display(u, e, xs)?
            }
            ExprKind::List(xs) => {
                for x in xs {
                    self.expr(u, x)?;
                }
                u.emit(Op::BuildList(xs.len() as u32), line);
            }
            ExprKind::Tuple(xs) => {
                for x in xs {
                    self.expr(u, x)?;
                }
                u.emit(Op::BuildTuple(xs.len() as u32), line);
            }
            ExprKind::Dict(kv) => {
                for (k, v) in kv {
                    self.expr(u, k)?;
                    self.expr(u, v)?;
                }
                u.emit(Op::BuildMap(kv.len() as u32), line);
            }
            ExprKind::FString(pieces) => {
                for p in pieces {
                    match p {
                        FPiece::Lit(t) => {
                            let c = u.konst(Value::Str(t.as_str().into()));
                            u.emit(Op::LoadConst(c), line);
                        }
                        FPiece::Expr(e, repr) => {
                            self.expr(u, e)?;
                            u.emit(Op::FormatValue(*repr), line);
                        }
                        // numbers
                        FPiece::Spec(..) => self.spec_piece(u, p, line)?,
                    }
                }
                match pieces.len() {
                    0 => {
                        let c = u.konst(Value::Str("".into()));
                        u.emit(Op::LoadConst(c), line);
                    }
                    1 => {}
                    n => {
                        u.emit(Op::BuildString(n as u32), line);
                    }
                }
            }
            ExprKind::ListComp(elt, vars, iter, conds) => {
                u.emit(Op::BuildList(0), line);
                self.expr(u, iter)?;
                u.emit(Op::GetIter, line);
                let top = u.here();
                let fi = u.emit(Op::ForIter(0), line);
                // The loop variables get slots of their own (they do not leak, as in Python 3).
                let depth = u.comp_vars.len();
                let slots: Vec<u32> = vars
                    .iter()
                    .map(|v| {
                        u.code.varnames.push(v.as_str().into());
                        (u.code.varnames.len() - 1) as u32
                    })
                    .collect();
                if vars.len() > 1 {
                    u.emit(Op::UnpackSequence(vars.len() as u32), line);
                }
                for s in &slots {
                    u.emit(Op::StoreFast(*s), line);
                }
                u.comp_vars.extend(vars.iter().cloned().zip(slots));
                for c in conds {
                    self.expr(u, c)?;
                    u.emit(Op::PopJumpIfFalse(top), line);
                }
                self.expr(u, elt)?;
                u.comp_vars.truncate(depth);
                u.emit(Op::ListAppend(2), line);
                u.emit(Op::Jump(top), line);
                let h = u.here();
                u.patch(fi, h);
            }
            ExprKind::IfElse(c, a, b) => {
                self.expr(u, c)?;
                let jf = u.emit(Op::PopJumpIfFalse(0), line);
                self.expr(u, a)?;
                let j = u.emit(Op::Jump(0), line);
                let h = u.here();
                u.patch(jf, h);
                self.expr(u, b)?;
                let h = u.here();
                u.patch(j, h);
            }
            // numbers
            ExprKind::Float(_) | ExprKind::Slice(..) | ExprKind::Chain(..) => {
                self.num_expr(u, e)?
            }
            // functions
            ExprKind::Lambda(_)
            | ExprKind::Star(_)
            | ExprKind::Yield(_)
            | ExprKind::YieldFrom(_)
            | ExprKind::GenExp(..)
            | ExprKind::ListCompX(..)
            | ExprKind::SetLit(_)
            | ExprKind::SetComp(..)
            | ExprKind::DictComp(..)
            | ExprKind::Walrus(..) => self.expr_funcs(u, e)?,
            ExprKind::Await(x) => {
                if !u.code.is_async {
                    return Err(err(line, e.col, "'await' outside async function"));
                }
                self.expr(u, x)?;
                u.emit(Op::Await, line);
            }
        }
        Ok(())
    }
}
