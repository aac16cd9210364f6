//! Scopes: which names a function assigns (its fast locals), which it declares `global`, and the
//! code unit being built, whose `load`/`store` pick `LOAD_FAST`, `LOAD_GLOBAL` or `LOAD_NAME`.

use super::super::syntax::ast::{ExprKind, Stmt, StmtKind};
use super::super::value::Value;
use super::{Code, Instr, Op};
use std::collections::BTreeSet;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Block {
    Loop,
    With,
    For,
    // classes and exceptions
    /// A class body (its `def`s are methods).
    Class,
    /// A `try` body with `except` clauses (its handler region is open).
    Try,
    /// A `try` body or its handlers, with `finally` body `n` of the compiler (region open).
    Finally(u32),
    /// An `except` body or a `finally` run for an exception: the exception is on the stack.
    Handler,
    /// A `finally` body run on the way out of a `return`: the return value is on the stack.
    Value,
}

pub(super) struct Unit {
    pub(super) code: Code,
    pub(super) globals: BTreeSet<String>,
    pub(super) locals: BTreeSet<String>,
    pub(super) blocks: Vec<(Block, Vec<usize>, u32)>, // kind, break jumps to patch, continue target
    /// Comprehension variables in scope (innermost last): their own local slots.
    pub(super) comp_vars: Vec<(String, u32)>,
    // functions
    /// Cell and free variables: read and written through their cell (`LOAD_DEREF`).
    pub(super) derefs: BTreeSet<String>,
    /// The prelude's code: names it does not bind are the prelude's or builtins.
    pub(super) lib: bool,
}

/// Names assigned anywhere in a function body (not inside nested defs).
pub(super) fn assigned(body: &[Stmt], out: &mut BTreeSet<String>, globals: &mut BTreeSet<String>) {
    for s in body {
        match &s.kind {
            StmtKind::Assign(t, _) | StmtKind::AugAssign(t, _, _) => match &t.kind {
                ExprKind::Name(n) => {
                    out.insert(n.clone());
                }
                ExprKind::Tuple(items) => {
                    for x in items {
                        if let ExprKind::Name(n) = &x.kind {
                            out.insert(n.clone());
                        }
                    }
                }
                _ => {}
            },
            StmtKind::For(v, _, b) => {
                out.extend(v.iter().cloned());
                assigned(b, out, globals);
            }
            StmtKind::If(_, a, b) => {
                assigned(a, out, globals);
                assigned(b, out, globals);
            }
            StmtKind::While(_, b) => assigned(b, out, globals),
            StmtKind::With(_, a, b) => {
                if let Some(a) = a {
                    out.insert(a.clone());
                }
                assigned(b, out, globals);
            }
            StmtKind::Def { name, .. } => {
                out.insert(name.clone());
            }
            StmtKind::Import(_, a) => {
                out.insert(a.clone());
            }
            StmtKind::FromImport(_, ns) => {
                for (_, a) in ns {
                    out.insert(a.clone());
                }
            }
            StmtKind::Global(ns) => {
                for n in ns {
                    globals.insert(n.clone());
                }
            }
            // classes and exceptions
            StmtKind::Class { name, .. } => {
                out.insert(name.clone());
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                assigned(body, out, globals);
                for h in handlers {
                    if let Some(n) = &h.name {
                        out.insert(n.clone());
                    }
                    assigned(&h.body, out, globals);
                }
                assigned(orelse, out, globals);
                assigned(finalbody, out, globals);
            }
            _ => {}
        }
    }
}

impl Unit {
    pub(super) fn emit(&mut self, op: Op, line: u32) -> usize {
        self.code.instrs.push(Instr { op, line });
        self.code.instrs.len() - 1
    }
    pub(super) fn here(&self) -> u32 {
        self.code.instrs.len() as u32
    }
    pub(super) fn patch(&mut self, at: usize, target: u32) {
        let op = match &self.code.instrs[at].op {
            Op::Jump(_) => Op::Jump(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(target),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(target),
            Op::ForIter(_) => Op::ForIter(target),
            o => o.clone(),
        };
        self.code.instrs[at].op = op;
    }
    pub(super) fn konst(&mut self, v: Value) -> u32 {
        if let Some(i) = self.code.consts.iter().position(|c| *c == v) {
            return i as u32;
        }
        self.code.consts.push(v);
        (self.code.consts.len() - 1) as u32
    }
    pub(super) fn name(&mut self, n: &str) -> u32 {
        if let Some(i) = self.code.names.iter().position(|c| &**c == n) {
            return i as u32;
        }
        self.code.names.push(n.into());
        (self.code.names.len() - 1) as u32
    }
    pub(super) fn var(&mut self, n: &str) -> u32 {
        if let Some(i) = self.code.varnames.iter().position(|c| &**c == n) {
            return i as u32;
        }
        self.code.varnames.push(n.into());
        (self.code.varnames.len() - 1) as u32
    }
    pub(super) fn is_local(&self, n: &str) -> bool {
        !self.code.is_module && self.locals.contains(n) && !self.globals.contains(n)
    }
    pub(super) fn comp_slot(&self, n: &str) -> Option<u32> {
        self.comp_vars
            .iter()
            .rev()
            .find(|(v, _)| v == n)
            .map(|(_, i)| *i)
    }
    pub(super) fn load(&mut self, n: &str, line: u32) {
        if let Some(i) = self.comp_slot(n) {
            self.emit(Op::LoadFast(i), line);
        } else if self.derefs.contains(n) {
            let i = self.var(n);
            self.emit(Op::LoadDeref(i), line);
        } else if self.lib && !self.is_local(n) {
            let i = self.name(n);
            self.emit(Op::LoadLib(i), line);
        } else if self.code.is_module {
            let i = self.name(n);
            self.emit(Op::LoadName(i), line);
        } else if self.is_local(n) {
            let i = self.var(n);
            self.emit(Op::LoadFast(i), line);
        } else {
            let i = self.name(n);
            self.emit(Op::LoadGlobal(i), line);
        }
    }
    pub(super) fn store(&mut self, n: &str, line: u32) {
        if let Some(i) = self.comp_slot(n) {
            self.emit(Op::StoreFast(i), line);
        } else if self.derefs.contains(n) {
            let i = self.var(n);
            self.emit(Op::StoreDeref(i), line);
        } else if self.code.is_module {
            let i = self.name(n);
            self.emit(Op::StoreName(i), line);
        } else if self.is_local(n) {
            let i = self.var(n);
            self.emit(Op::StoreFast(i), line);
        } else {
            let i = self.name(n);
            self.emit(Op::StoreGlobal(i), line);
        }
    }
}

// functions
impl Unit {
    /// `del n`.
    pub(super) fn delete(&mut self, n: &str, line: u32) {
        if let Some(i) = self.comp_slot(n) {
            self.emit(Op::DeleteFast(i), line);
        } else if self.derefs.contains(n) {
            let i = self.var(n);
            self.emit(Op::DeleteDeref(i), line);
        } else if self.code.is_module {
            let i = self.name(n);
            self.emit(Op::DeleteName(i), line);
        } else if self.is_local(n) {
            let i = self.var(n);
            self.emit(Op::DeleteFast(i), line);
        } else {
            let i = self.name(n);
            self.emit(Op::DeleteGlobal(i), line);
        }
    }
}
