//! Code generation for classes and exceptions: `class` (its body a code object whose bound
//! locals become the namespace), `try`/`except`/`else`/`finally`, `raise`, `with` (which
//! releases its lock when an exception leaves the block), and the ways out of blocks
//! (`return`, `break`, `continue`) that run `finally` bodies and close handler regions.
//!
//! Handler regions are static (see `vm::exceptions`): `SETUP_FINALLY target depth` … `POP_BLOCK`.
//! The depth is the stack height at statement level, known here: one item per enclosing `for`
//! (its iterator), `with` (its object), `except` body (the exception) and pending return value.
//! A way out of a region closes it (`POP_BLOCK`) before running `finally` bodies inline, and
//! reopens it after its jump, so the code that follows is still covered.

use super::super::syntax::ast::*;
use super::super::value::Value;
use super::super::Error;
use super::scope::{assigned, Block, Unit};
use super::{err, Code, Compiler, Op};
use std::collections::BTreeSet;

/// Stack items a block keeps at statement level.
fn items(b: Block) -> u32 {
    match b {
        Block::For | Block::With | Block::Handler | Block::Value => 1,
        _ => 0,
    }
}

/// The stack height at statement level with the first `n` blocks open.
fn depth_at(u: &Unit, n: usize) -> u32 {
    u.blocks[..n].iter().map(|b| items(b.0)).sum()
}

/// Points `SETUP_FINALLY` at `at` to `target`.
fn patch_setup(u: &mut Unit, at: usize, target: u32) {
    if let Op::SetupExcept(_, d) = u.code.instrs[at].op {
        u.code.instrs[at].op = Op::SetupExcept(target, d);
    }
}

impl Compiler {
    pub(super) fn class_stmt(
        &mut self,
        u: &mut Unit,
        name: &str,
        bases: &[Expr],
        body: &[Stmt],
        line: u32,
    ) -> Result<(), Error> {
        let mut locals = BTreeSet::new();
        let mut globals = BTreeSet::new();
        assigned(body, &mut locals, &mut globals);
        // futures: a method with `*args`, `**kw` or defaults (a `DefX`) is a class attribute too.
        locals.extend(body.iter().filter_map(|s| match &s.kind {
            StmtKind::DefX(f) => Some(f.name.clone()),
            _ => None,
        }));
        let code = Code {
            name: name.to_string(),
            instrs: vec![],
            consts: vec![],
            names: vec![],
            varnames: vec![],
            nparams: 0,
            defaults: vec![],
            is_async: false,
            is_module: false,
            line,
            fun: super::FuncInfo {
                lib: self.lib, // futures: a prelude class's body is library code
                ..Default::default()
            },
        };
        let idx = self.codes.len();
        self.codes.push(code.clone());
        let mut cu = Unit {
            code,
            globals,
            locals,
            blocks: vec![(Block::Class, vec![], 0)],
            comp_vars: vec![],
            // Methods do not see the class body's names (no cells), as in CPython.
            derefs: Default::default(),
            lib: self.lib,
        };
        self.body(&mut cu, body)?;
        let end = cu.code.instrs.last().map_or(line, |i| i.line);
        cu.emit(Op::ReturnLocals, end);
        self.codes[idx] = cu.code;
        u.emit(Op::MakeFunction(idx as u32), line);
        for b in bases {
            self.expr(u, b)?;
        }
        let ni = u.name(name);
        u.emit(Op::BuildClass(ni, bases.len() as u32), line);
        u.store(name, line);
        Ok(())
    }

    pub(super) fn raise_stmt(
        &mut self,
        u: &mut Unit,
        x: Option<&Expr>,
        cause: Option<&Expr>,
        line: u32,
    ) -> Result<(), Error> {
        match (x, cause) {
            (None, _) => match u.blocks.iter().rposition(|b| b.0 == Block::Handler) {
                Some(i) => {
                    let slot = depth_at(u, i);
                    u.emit(Op::RaiseHandled(slot), line);
                }
                None => {
                    u.emit(Op::Raise(0), line);
                }
            },
            (Some(x), None) => {
                self.expr(u, x)?;
                u.emit(Op::Raise(1), line);
            }
            (Some(x), Some(c)) => {
                self.expr(u, x)?;
                self.expr(u, c)?;
                u.emit(Op::Raise(2), line);
            }
        }
        Ok(())
    }

    /// `with e [as a]: body` — the object's `__exit__` (a release) also runs when an exception
    /// leaves the body, which then propagates.
    pub(super) fn with_stmt(
        &mut self,
        u: &mut Unit,
        e: &Expr,
        alias: Option<&str>,
        body: &[Stmt],
        line: u32,
    ) -> Result<(), Error> {
        self.expr(u, e)?;
        u.emit(Op::WithEnter, line);
        if let Some(a) = alias {
            u.emit(Op::DupTop, line);
            u.store(a, line);
        }
        let d = depth_at(u, u.blocks.len()) + 1;
        let s = u.emit(Op::SetupExcept(0, d), line);
        u.blocks.push((Block::With, vec![s], 0));
        self.body(u, body)?;
        let (_, setups, _) = u.blocks.pop().unwrap_or((Block::With, vec![], 0));
        let end = body.last().map_or(line, |b| b.line);
        u.emit(Op::PopExcept, end);
        u.emit(Op::WithExit, end);
        let j = u.emit(Op::Jump(0), end);
        let h = u.here();
        for s in setups {
            patch_setup(u, s, h);
        }
        u.emit(Op::RotTwo, end);
        u.emit(Op::WithExit, end);
        u.emit(Op::Reraise, end);
        let h = u.here();
        u.patch(j, h);
        Ok(())
    }

    pub(super) fn try_stmt(
        &mut self,
        u: &mut Unit,
        body: &[Stmt],
        handlers: &[ExceptClause],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        line: u32,
    ) -> Result<(), Error> {
        let d = depth_at(u, u.blocks.len());
        let fin = !finalbody.is_empty();
        if fin {
            let k = self.finals.len() as u32;
            self.finals.push(finalbody.to_vec());
            let s = u.emit(Op::SetupExcept(0, d), line);
            u.blocks.push((Block::Finally(k), vec![s], 0));
        }
        if handlers.is_empty() {
            self.body(u, body)?;
        } else {
            let s = u.emit(Op::SetupExcept(0, d), line);
            u.blocks.push((Block::Try, vec![s], 0));
            self.body(u, body)?;
            let (_, setups, _) = u.blocks.pop().unwrap_or((Block::Try, vec![], 0));
            let end = body.last().map_or(line, |b| b.line);
            u.emit(Op::PopExcept, end);
            self.body(u, orelse)?;
            let mut to_end = vec![u.emit(Op::Jump(0), end)];
            let h = u.here();
            for s in setups {
                patch_setup(u, s, h);
            }
            for c in handlers {
                let mut next = None;
                if let Some(k) = &c.kind {
                    self.expr(u, k)?;
                    u.emit(Op::ExcMatch, c.line);
                    next = Some(u.emit(Op::PopJumpIfFalse(0), c.line));
                }
                if let Some(n) = &c.name {
                    u.emit(Op::DupTop, c.line);
                    u.store(n, c.line);
                }
                u.blocks.push((Block::Handler, vec![], 0));
                self.body(u, &c.body)?;
                u.blocks.pop();
                let cend = c.body.last().map_or(c.line, |b| b.line);
                if let Some(n) = &c.name {
                    self.unbind(u, n, cend);
                }
                u.emit(Op::PopTop, cend);
                to_end.push(u.emit(Op::Jump(0), cend));
                if let Some(nx) = next {
                    let h = u.here();
                    u.patch(nx, h);
                }
            }
            u.emit(Op::Reraise, handlers.last().map_or(line, |c| c.line));
            let h = u.here();
            for j in to_end {
                u.patch(j, h);
            }
        }
        if fin {
            let (_, setups, _) = u.blocks.pop().unwrap_or((Block::Finally(0), vec![], 0));
            let fline = finalbody[0].line;
            u.emit(Op::PopExcept, fline);
            self.body(u, finalbody)?;
            let j = u.emit(Op::Jump(0), fline);
            let h = u.here();
            for s in setups {
                patch_setup(u, s, h);
            }
            u.blocks.push((Block::Handler, vec![], 0));
            self.body(u, finalbody)?;
            u.blocks.pop();
            u.emit(Op::Reraise, finalbody.last().map_or(fline, |b| b.line));
            let h = u.here();
            u.patch(j, h);
        }
        Ok(())
    }

    /// `del name` at the end of `except … as name:`.
    fn unbind(&mut self, u: &mut Unit, n: &str, line: u32) {
        if !u.code.is_module && u.is_local(n) {
            let i = u.var(n);
            u.emit(Op::ExcDelFast(i), line);
        } else {
            let i = u.name(n);
            u.emit(Op::ExcDelName(i), line);
        }
    }

    /// Leaves the blocks `from..` (innermost first): closes their regions, pops what they keep
    /// on the stack (under the return value if `value`), runs `finally` bodies.
    fn exit_blocks(
        &mut self,
        u: &mut Unit,
        from: usize,
        value: bool,
        line: u32,
    ) -> Result<(), Error> {
        for i in (from..u.blocks.len()).rev() {
            match u.blocks[i].0 {
                Block::With => {
                    u.emit(Op::PopExcept, line);
                    if value {
                        u.emit(Op::RotTwo, line);
                    }
                    u.emit(Op::WithExit, line);
                }
                Block::For | Block::Handler | Block::Value => {
                    if value {
                        u.emit(Op::RotTwo, line);
                    }
                    u.emit(Op::PopTop, line);
                }
                Block::Try => {
                    u.emit(Op::PopExcept, line);
                }
                Block::Finally(k) => {
                    u.emit(Op::PopExcept, line);
                    let saved = u.blocks.split_off(i);
                    if value {
                        u.blocks.push((Block::Value, vec![], 0));
                    }
                    let body = self.finals[k as usize].clone();
                    let r = self.body(u, &body);
                    u.blocks.truncate(i);
                    u.blocks.extend(saved);
                    r?;
                }
                Block::Loop | Block::Class => {}
            }
        }
        Ok(())
    }

    /// After a jump out of blocks `from..`: reopens their regions (the code after the jump is
    /// still inside them, statically).
    fn reopen(&mut self, u: &mut Unit, from: usize, line: u32) {
        for i in from..u.blocks.len() {
            let d = depth_at(u, i);
            let d = match u.blocks[i].0 {
                Block::With => d + 1,
                Block::Try | Block::Finally(_) => d,
                _ => continue,
            };
            let s = u.emit(Op::SetupExcept(0, d), line);
            u.blocks[i].1.push(s);
        }
    }

    pub(super) fn return_stmt(
        &mut self,
        u: &mut Unit,
        v: Option<&Expr>,
        line: u32,
    ) -> Result<(), Error> {
        match v {
            Some(v) => self.expr(u, v)?,
            None => {
                let n = u.konst(Value::None);
                u.emit(Op::LoadConst(n), line);
            }
        }
        self.exit_blocks(u, 0, true, line)?;
        u.emit(Op::ReturnValue, line);
        self.reopen(u, 0, line);
        Ok(())
    }

    pub(super) fn loop_exit(
        &mut self,
        u: &mut Unit,
        is_break: bool,
        line: u32,
        col: u32,
    ) -> Result<(), Error> {
        let Some(li) = u
            .blocks
            .iter()
            .rposition(|b| matches!(b.0, Block::Loop | Block::For))
        else {
            let what = if is_break { "'break'" } else { "'continue'" };
            return Err(err(line, col, format!("{what} outside loop")));
        };
        self.exit_blocks(u, li + 1, false, line)?;
        if is_break {
            if u.blocks[li].0 == Block::For {
                u.emit(Op::PopTop, line);
            }
            let j = u.emit(Op::Jump(0), line);
            u.blocks[li].1.push(j);
        } else {
            let t = u.blocks[li].2;
            u.emit(Op::Jump(t), line);
        }
        self.reopen(u, li + 1, line);
        Ok(())
    }
}
