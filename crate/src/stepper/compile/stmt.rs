//! Code generation for statements.

use super::super::syntax::ast::*;
use super::super::Error;
use super::scope::{Block, Unit};
use super::{err, Compiler, Op};

impl Compiler {
    pub(super) fn body(&mut self, u: &mut Unit, b: &[Stmt]) -> Result<(), Error> {
        for s in b {
            self.stmt(u, s)?;
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, u: &mut Unit, s: &Stmt) -> Result<(), Error> {
        let line = s.line;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(u, e)?;
                u.emit(Op::PopTop, line);
            }
            StmtKind::Assign(t, v) => match &t.kind {
                _ if super::funcs::general_target(t) => {
                    self.expr(u, v)?;
                    self.store_target(u, t)?;
                }
                ExprKind::Name(n) => {
                    self.expr(u, v)?;
                    u.store(n, line);
                }
                ExprKind::Tuple(items) => {
                    self.expr(u, v)?;
                    u.emit(Op::UnpackSequence(items.len() as u32), line);
                    for x in items {
                        match &x.kind {
                            ExprKind::Name(n) => u.store(n, line),
                            _ => return Err(err(x.line, x.col, "unpacking into anything but plain names is not supported in ThreadLab's Python subset")),
                        }
                    }
                }
                ExprKind::Attr(o, a) => {
                    self.expr(u, o)?;
                    self.expr(u, v)?;
                    let i = u.name(a);
                    u.emit(Op::StoreAttr(i), line);
                }
                ExprKind::Sub(o, i) => {
                    self.expr(u, o)?;
                    self.expr(u, i)?;
                    self.expr(u, v)?;
                    u.emit(Op::StoreSubscr, line);
                }
                _ => return Err(err(t.line, t.col, "cannot assign to this expression")),
            },
            StmtKind::AugAssign(t, op, v) => match &t.kind {
                ExprKind::Name(n) => {
                    u.load(n, line);
                    self.expr(u, v)?;
                    u.emit(Op::Binary(*op, true), line);
                    u.store(n, line);
                }
                ExprKind::Attr(o, a) => {
                    self.expr(u, o)?;
                    u.emit(Op::DupTop, line);
                    let i = u.name(a);
                    u.emit(Op::LoadAttr(i), line);
                    self.expr(u, v)?;
                    u.emit(Op::Binary(*op, true), line);
                    u.emit(Op::StoreAttr(i), line);
                }
                ExprKind::Sub(o, i) => {
                    self.expr(u, o)?;
                    self.expr(u, i)?;
                    u.emit(Op::DupTopTwo, line);
                    u.emit(Op::BinarySubscr, line);
                    self.expr(u, v)?;
                    u.emit(Op::Binary(*op, true), line);
                    u.emit(Op::StoreSubscr, line);
                }
                _ => return Err(err(t.line, t.col, "cannot assign to this expression")),
            },
            StmtKind::If(c, a, b) => {
                self.expr(u, c)?;
                let jf = u.emit(Op::PopJumpIfFalse(0), line);
                self.body(u, a)?;
                if b.is_empty() {
                    let h = u.here();
                    u.patch(jf, h);
                } else {
                    let j = u.emit(Op::Jump(0), line);
                    let h = u.here();
                    u.patch(jf, h);
                    self.body(u, b)?;
                    let h = u.here();
                    u.patch(j, h);
                }
            }
            StmtKind::While(c, b) => {
                let top = u.here();
                self.expr(u, c)?;
                let jf = u.emit(Op::PopJumpIfFalse(0), line);
                u.blocks.push((Block::Loop, vec![], top));
                self.body(u, b)?;
                u.emit(Op::Jump(top), line);
                let (_, breaks, _) = u.blocks.pop().unwrap_or((Block::Loop, vec![], 0));
                let h = u.here();
                u.patch(jf, h);
                for br in breaks {
                    u.patch(br, h);
                }
            }
            StmtKind::For(v, it, b) => {
                self.expr(u, it)?;
                u.emit(Op::GetIter, line);
                let top = u.here();
                let fi = u.emit(Op::ForIter(0), line);
                if v.len() == 1 {
                    u.store(&v[0], line);
                } else {
                    u.emit(Op::UnpackSequence(v.len() as u32), line);
                    for n in v {
                        u.store(n, line);
                    }
                }
                u.blocks.push((Block::For, vec![], top));
                self.body(u, b)?;
                u.emit(Op::Jump(top), line);
                let (_, breaks, _) = u.blocks.pop().unwrap_or((Block::For, vec![], 0));
                let h = u.here();
                u.patch(fi, h);
                for br in breaks {
                    u.patch(br, h);
                }
            }
            StmtKind::Def { .. } => self.def_stmt(u, s)?,
            StmtKind::Return(v) => {
                if u.code.is_module {
                    return Err(err(line, s.col, "'return' outside function"));
                }
                self.return_stmt(u, v.as_ref(), line)?; // classes and exceptions: through `finally`
            }
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(s.kind, StmtKind::Break);
                self.loop_exit(u, is_break, line, s.col)?; // classes and exceptions
            }
            StmtKind::Global(names) => {
                if u.code.is_module {
                    return Ok(());
                }
                let _ = names;
            }
            StmtKind::Pass => {}
            StmtKind::Assert(c, m) => {
                self.expr(u, c)?;
                let j = u.emit(Op::PopJumpIfTrue(0), line);
                if let Some(m) = m {
                    self.expr(u, m)?;
                }
                u.emit(Op::RaiseAssert(m.is_some()), line);
                let h = u.here();
                u.patch(j, h);
            }
            StmtKind::With(e, alias, body) => {
                self.with_stmt(u, e, alias.as_deref(), body, line)?; // classes and exceptions
            }
            StmtKind::Import(m, alias) => {
                self.check_module(m, line, s.col)?;
                let i = u.name(m);
                u.emit(Op::ImportName(i), line);
                u.store(alias, line);
            }
            // functions
            StmtKind::DefX(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Del(_)
            | StmtKind::ForX(..)
            | StmtKind::WhileElse(..)
            | StmtKind::AssignMulti(..) => self.stmt_funcs(u, s)?,
            StmtKind::FromImport(m, names) => {
                let md = self.check_module(m, line, s.col)?;
                let i = u.name(m);
                u.emit(Op::ImportName(i), line);
                for (n, a) in names {
                    if md.attr(n).is_none() {
                        return Err(err(
                            line,
                            s.col,
                            format!("`{m}.{n}` is not supported in ThreadLab's Python subset"),
                        ));
                    }
                    u.emit(Op::DupTop, line);
                    let ni = u.name(n);
                    u.emit(Op::LoadAttr(ni), line);
                    u.store(a, line);
                }
                u.emit(Op::PopTop, line);
            }
            // classes and exceptions
            StmtKind::Class { name, bases, body } => self.class_stmt(u, name, bases, body, line)?,
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(u, body, handlers, orelse, finalbody, line)?,
            StmtKind::Raise(x, cause) => self.raise_stmt(u, x.as_ref(), cause.as_ref(), line)?,
        }
        Ok(())
    }
}
