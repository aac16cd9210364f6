//! Comprehensions and generator expressions: list, set and dict comprehensions compiled
//! inline with their own target slots, and `(elt for … in …)` as a generator function.

use super::super::syntax::ast::*;
use super::super::Error;
use super::closures::{self, Names};
use super::scope::Unit;
use super::{Compiler, Op};

impl Compiler {
    /// A comprehension target: its names get slots of their own (they do not leak).
    pub(super) fn comp_target(&mut self, u: &mut Unit, t: &Expr) -> Result<(), Error> {
        let mut names = Names::new();
        closures::target_names(t, &mut names);
        for n in names {
            u.code.varnames.push(n.as_str().into());
            let slot = (u.code.varnames.len() - 1) as u32;
            u.comp_vars.push((n, slot));
        }
        self.store_target(u, t)
    }

    /// A list, set or dict comprehension, inline (no function of its own): the result, then
    /// one loop per `for`; `add` emits the element(s) and the instruction that adds them.
    pub(super) fn comprehension(
        &mut self,
        u: &mut Unit,
        build: Op,
        fors: &[CompFor],
        line: u32,
        add: &mut dyn FnMut(&mut Compiler, &mut Unit, u32) -> Result<(), Error>,
    ) -> Result<(), Error> {
        u.emit(build, line);
        let depth = u.comp_vars.len();
        let mut loops = vec![];
        for c in fors {
            self.expr(u, &c.iter)?;
            u.emit(Op::GetIter, line);
            let top = u.here();
            let fi = u.emit(Op::ForIter(0), line);
            loops.push((top, fi));
            self.comp_target(u, &c.target)?;
            for cond in &c.conds {
                self.expr(u, cond)?;
                u.emit(Op::PopJumpIfFalse(top), line);
            }
        }
        add(self, u, fors.len() as u32 + 1)?;
        for (top, fi) in loops.into_iter().rev() {
            u.emit(Op::Jump(top), line);
            let h = u.here();
            u.patch(fi, h);
        }
        u.comp_vars.truncate(depth);
        Ok(())
    }

    /// `(elt for … in …)`: a generator function of one parameter (the first iterator).
    pub(super) fn genexp(
        &mut self,
        u: &mut Unit,
        e: &Expr,
        elt: &Expr,
        fors: &[CompFor],
    ) -> Result<(), Error> {
        let line = e.line;
        // The body as statements: nested `for`s and `if`s around `yield elt`.
        let mut body = vec![Stmt {
            kind: StmtKind::Expr(Expr {
                kind: ExprKind::Yield(Some(Box::new(elt.clone()))),
                line,
                col: e.col,
            }),
            line,
            col: e.col,
        }];
        for (i, c) in fors.iter().enumerate().rev() {
            for cond in c.conds.iter().rev() {
                body = vec![Stmt {
                    kind: StmtKind::If(cond.clone(), body, vec![]),
                    line,
                    col: e.col,
                }];
            }
            let iter = if i == 0 {
                Expr {
                    kind: ExprKind::Name(".0".into()),
                    line,
                    col: e.col,
                }
            } else {
                c.iter.clone()
            };
            body = vec![Stmt {
                kind: StmtKind::ForX(c.target.clone(), iter, body, vec![]),
                line,
                col: e.col,
            }];
        }
        let f = FuncDef {
            name: "<genexpr>".into(),
            params: vec![".0".into()],
            defaults: vec![],
            varargs: None,
            kwonly: vec![],
            varkw: None,
            body,
            decorators: vec![],
            is_async: false,
            line,
            col: e.col,
        };
        self.function(u, &f)?;
        self.expr(u, &fors[0].iter)?;
        u.emit(Op::GetIter, line);
        u.emit(Op::Call(1), line);
        Ok(())
    }
}
