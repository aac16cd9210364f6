//! Code generation for functions (`def` in full, `lambda`, closures, decorators, calls with
//! `*args`/`**kwargs`), generators (`yield`, `yield from`, generator expressions) and the
//! statements added with them (general assignment targets, `del`, `for`/`while … else`,
//! chained assignment, set and dict comprehensions, `:=`).
//!
//! A function's parameters fill its first local slots: the positional ones (`nparams`), the
//! keyword-only ones, then `*args` and `**kwargs`. Cell variables (locals a nested function
//! reads) and free variables (an enclosing function's, read here) hold a `Value::Cell` in
//! their slot, read and written through `LOAD_DEREF`/`STORE_DEREF`.

use super::super::syntax::ast::*;
use super::super::value::Value;
use super::super::Error;
use super::closures::{self, Names};
use super::scope::Unit;
use super::{err, Code, Compiler, Op};
use std::rc::Rc;

pub(super) use super::targets::general_target;

/// What a code object needs beyond positional parameters.
#[derive(Clone, Debug, Default)]
pub struct FuncInfo {
    /// Keyword-only parameters: slots `nparams..nparams + kwonly`.
    pub kwonly: u32,
    /// Constant defaults of the keyword-only parameters (for a function without a closure).
    pub kwdefaults: Vec<Option<Value>>,
    /// Which keyword-only parameters have a default (`MAKE_FUNCTION` pops one value each).
    pub kwdefault_mask: Vec<bool>,
    pub varargs: Option<u32>,
    pub varkw: Option<u32>,
    /// Slots that hold a cell from the frame's start (locals a nested function reads).
    pub cells: Vec<u32>,
    /// Slots filled from the closure, in its order.
    pub frees: Vec<u32>,
    /// A generator function: calling it makes a generator; the slot holds it while it runs.
    pub generator: bool,
    pub gen_slot: u32,
    /// The prelude's code (shown as a library call, not as the program's lines).
    pub lib: bool,
}

impl FuncInfo {
    /// A function whose call binds positional/keyword arguments to slots and nothing more
    /// (the machine's original fast path).
    pub fn simple(&self) -> bool {
        self.kwonly == 0
            && self.varargs.is_none()
            && self.varkw.is_none()
            && self.cells.is_empty()
            && self.frees.is_empty()
            && !self.generator
    }
}

fn constant(e: &Expr) -> Option<Value> {
    Some(match &e.kind {
        ExprKind::Int(i) => Value::Int(*i),
        ExprKind::Str(t) => Value::Str(t.as_str().into()),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::None => Value::None,
        _ => return None,
    })
}

impl Compiler {
    /// A `def` (any form) or a `lambda`: compiles the body to a new code object and leaves
    /// the function (decorated) on the stack.
    pub(super) fn function(&mut self, u: &mut Unit, f: &FuncDef) -> Result<(), Error> {
        let line = f.line;
        for d in &f.decorators {
            self.expr(u, d)?;
        }
        let (locals, globals, nonlocals) = closures::bound(f);
        let visible: Names = self.scopes.iter().flatten().cloned().collect();
        for n in &nonlocals {
            if !visible.contains(n) {
                return Err(err(
                    line,
                    f.col,
                    format!("no binding for nonlocal '{n}' found"),
                ));
            }
            if f.params.contains(n) || f.kwonly.iter().any(|(k, _)| k == n) {
                return Err(err(
                    line,
                    f.col,
                    format!("name '{n}' is parameter and nonlocal"),
                ));
            }
        }
        for p in f.params.iter().chain(f.kwonly.iter().map(|(k, _)| k)) {
            if globals.contains(p) {
                return Err(err(
                    line,
                    f.col,
                    format!("name '{p}' is parameter and global"),
                ));
            }
        }
        let frees: Names = closures::free_names(f)
            .into_iter()
            .filter(|n| visible.contains(n))
            .collect();
        let inner = closures::inner_free(&f.body);
        let cells: Names = locals
            .iter()
            .filter(|n| inner.contains(*n))
            .cloned()
            .collect();
        let generator = closures::has_yield(&f.body);
        if generator && f.is_async {
            return Err(err(
                line,
                f.col,
                "async generators are not supported in ThreadLab's Python subset",
            ));
        }
        let mut varnames: Vec<Rc<str>> = f.params.iter().map(|p| Rc::from(p.as_str())).collect();
        varnames.extend(f.kwonly.iter().map(|(k, _)| Rc::from(k.as_str())));
        let varargs = f.varargs.as_ref().map(|v| {
            varnames.push(v.as_str().into());
            varnames.len() as u32 - 1
        });
        let varkw = f.varkw.as_ref().map(|v| {
            varnames.push(v.as_str().into());
            varnames.len() as u32 - 1
        });
        let gen_slot = varnames.len() as u32;
        if generator {
            varnames.push(".gen".into());
        }
        // Constant defaults and no closure: a plain `Value::Func` (the fast path).
        let consts: Option<Vec<Value>> = f.defaults.iter().map(constant).collect();
        let kwconsts: Option<Vec<Option<Value>>> = f
            .kwonly
            .iter()
            .map(|(_, d)| match d {
                None => Some(None),
                Some(d) => constant(d).map(Some),
            })
            .collect();
        let plain = frees.is_empty() && consts.is_some() && kwconsts.is_some();
        let mut code = Code {
            name: f.name.clone(),
            instrs: vec![],
            consts: vec![],
            names: vec![],
            varnames,
            nparams: f.params.len() as u32,
            defaults: if plain {
                consts.unwrap_or_default()
            } else {
                vec![]
            },
            is_async: f.is_async,
            is_module: false,
            line,
            fun: FuncInfo {
                kwonly: f.kwonly.len() as u32,
                kwdefaults: if plain {
                    kwconsts.unwrap_or_default()
                } else {
                    vec![]
                },
                kwdefault_mask: f.kwonly.iter().map(|(_, d)| d.is_some()).collect(),
                varargs,
                varkw,
                cells: vec![],
                frees: vec![],
                generator,
                gen_slot,
                lib: self.lib,
            },
        };
        let idx = self.codes.len();
        self.codes.push(code.clone());
        let mut scope_names = locals.clone();
        scope_names.extend(frees.iter().cloned());
        let mut fu = Unit {
            code: {
                code.instrs.clear();
                code
            },
            globals,
            locals,
            blocks: vec![],
            comp_vars: vec![],
            derefs: cells.iter().chain(frees.iter()).cloned().collect(),
            lib: self.lib,
        };
        fu.code.fun.cells = cells.iter().map(|n| fu.var(n)).collect();
        fu.code.fun.frees = frees.iter().map(|n| fu.var(n)).collect();
        self.scopes.push(scope_names);
        let r = self.body(&mut fu, &f.body);
        self.scopes.pop();
        r?;
        let none = fu.konst(Value::None);
        let end_line = fu.code.instrs.last().map_or(line, |i| i.line);
        fu.emit(Op::LoadConst(none), end_line);
        fu.emit(Op::ReturnValue, end_line);
        self.codes[idx] = fu.code;
        if plain {
            u.emit(Op::MakeFunction(idx as u32), line);
        } else {
            for d in &f.defaults {
                self.expr(u, d)?;
            }
            for d in f.kwonly.iter().filter_map(|(_, d)| d.as_ref()) {
                self.expr(u, d)?;
            }
            for n in &frees {
                // The enclosing function's cell itself (not its value).
                let slot = u.var(n);
                u.emit(Op::LoadFast(slot), line);
            }
            u.emit(Op::MakeClosure(idx as u32, f.defaults.len() as u32), line);
        }
        for _ in &f.decorators {
            u.emit(Op::Call(1), line);
        }
        Ok(())
    }

    /// `def name(…)` as a statement: the function, decorated, stored under its name.
    pub(super) fn def_stmt(&mut self, u: &mut Unit, s: &Stmt) -> Result<(), Error> {
        let f = closures::as_funcdef(s);
        self.function(u, &f)?;
        u.store(&f.name, s.line);
        Ok(())
    }

    /// `f(a, *xs, k=v, **d)`: the callee, a list of positional arguments, a dict of keyword
    /// arguments, then `CALL_FUNCTION_EX`.
    pub(super) fn call_ex(
        &mut self,
        u: &mut Unit,
        f: &Expr,
        args: &[Expr],
        kwargs: &[(String, Expr)],
        line: u32,
    ) -> Result<(), Error> {
        self.expr(u, f)?;
        u.emit(Op::BuildList(0), line);
        for a in args {
            match &a.kind {
                ExprKind::Star(x) => {
                    self.expr(u, x)?;
                    u.emit(Op::ListExtend(1), line);
                }
                _ => {
                    self.expr(u, a)?;
                    u.emit(Op::ListAppend(1), line);
                }
            }
        }
        u.emit(Op::BuildMap(0), line);
        for (k, v) in kwargs {
            if k == "**" {
                self.expr(u, v)?;
                u.emit(Op::DictMerge(1), line);
            } else {
                let c = u.konst(Value::Str(k.as_str().into()));
                u.emit(Op::LoadConst(c), line);
                self.expr(u, v)?;
                u.emit(Op::MapAdd(1), line);
            }
        }
        u.emit(Op::CallEx, line);
        Ok(())
    }

    /// The expressions added with functions and generators.
    pub(super) fn expr_funcs(&mut self, u: &mut Unit, e: &Expr) -> Result<(), Error> {
        let line = e.line;
        match &e.kind {
            ExprKind::Lambda(f) => self.function(u, f)?,
            ExprKind::Star(_) => return Err(err(line, e.col, "can't use starred expression here")),
            ExprKind::Yield(v) => {
                self.check_yield(u, e)?;
                match v {
                    Some(v) => self.expr(u, v)?,
                    None => {
                        let c = u.konst(Value::None);
                        u.emit(Op::LoadConst(c), line);
                    }
                }
                u.emit(Op::YieldValue, line);
            }
            ExprKind::YieldFrom(v) => {
                self.check_yield(u, e)?;
                self.expr(u, v)?;
                u.emit(Op::GetIter, line);
                let c = u.konst(Value::None);
                u.emit(Op::LoadConst(c), line);
                u.emit(Op::YieldFrom, line);
            }
            ExprKind::GenExp(elt, fors) => self.genexp(u, e, elt, fors)?,
            ExprKind::ListCompX(elt, fors) => {
                self.comprehension(u, Op::BuildList(0), fors, line, &mut |c, u, n| {
                    c.expr(u, elt)?;
                    u.emit(Op::ListAppend(n), line);
                    Ok(())
                })?
            }
            ExprKind::SetComp(elt, fors) => {
                self.comprehension(u, Op::BuildSet(0), fors, line, &mut |c, u, n| {
                    c.expr(u, elt)?;
                    u.emit(Op::SetAdd(n), line);
                    Ok(())
                })?
            }
            ExprKind::DictComp(k, v, fors) => {
                self.comprehension(u, Op::BuildMap(0), fors, line, &mut |c, u, n| {
                    c.expr(u, k)?;
                    c.expr(u, v)?;
                    u.emit(Op::MapAdd(n), line);
                    Ok(())
                })?
            }
            ExprKind::SetLit(xs) => {
                for x in xs {
                    self.expr(u, x)?;
                }
                let consts = xs.len() >= 3 && xs.iter().all(|x| constant(x).is_some());
                let n = xs.len() as u32;
                u.emit(
                    if consts {
                        Op::BuildConstSet(n)
                    } else {
                        Op::BuildSet(n)
                    },
                    line,
                );
            }
            ExprKind::Walrus(n, v) => {
                self.expr(u, v)?;
                u.emit(Op::DupTop, line);
                u.store(n, line);
            }
            _ => {
                return Err(err(
                    line,
                    e.col,
                    "internal error: not a function expression",
                ))
            }
        }
        Ok(())
    }

    /// A list, tuple or set display with `*x` items: built as a list, then converted.
    pub(super) fn starred_display(
        &mut self,
        u: &mut Unit,
        e: &Expr,
        xs: &[Expr],
    ) -> Result<(), Error> {
        let line = e.line;
        if let ExprKind::SetLit(_) = e.kind {
            return Err(err(line, e.col, "`*` in a set display is not supported in ThreadLab's Python subset; use set(…) | set(…)"));
        }
        u.emit(Op::BuildList(0), line);
        for x in xs {
            match &x.kind {
                ExprKind::Star(inner) => {
                    self.expr(u, inner)?;
                    u.emit(Op::ListExtend(1), line);
                }
                _ => {
                    self.expr(u, x)?;
                    u.emit(Op::ListAppend(1), line);
                }
            }
        }
        if let ExprKind::Tuple(_) = &e.kind {
            u.emit(Op::ListToTuple, line);
        }
        Ok(())
    }

    fn check_yield(&self, u: &Unit, e: &Expr) -> Result<(), Error> {
        if u.code.is_module || !u.code.fun.generator {
            return Err(err(e.line, e.col, "'yield' outside function"));
        }
        Ok(())
    }

    /// The statements added with functions.
    pub(super) fn stmt_funcs(&mut self, u: &mut Unit, s: &Stmt) -> Result<(), Error> {
        let line = s.line;
        match &s.kind {
            StmtKind::DefX(_) => self.def_stmt(u, s)?,
            StmtKind::Nonlocal(_) => {
                if u.code.is_module {
                    return Err(err(
                        line,
                        s.col,
                        "nonlocal declaration not allowed at module level",
                    ));
                }
            }
            StmtKind::Del(xs) => {
                for x in xs {
                    match &x.kind {
                        ExprKind::Name(n) => u.delete(n, line),
                        ExprKind::Sub(o, i) => {
                            self.expr(u, o)?;
                            self.expr(u, i)?;
                            u.emit(Op::DeleteSubscr, line);
                        }
                        _ => return Err(err(
                            x.line,
                            x.col,
                            "`del` of an attribute is not supported in ThreadLab's Python subset",
                        )),
                    }
                }
            }
            StmtKind::ForX(t, it, body, orelse) => {
                self.expr(u, it)?;
                u.emit(Op::GetIter, line);
                let top = u.here();
                let fi = u.emit(Op::ForIter(0), line);
                self.store_target(u, t)?;
                u.blocks.push((super::scope::Block::For, vec![], top));
                self.body(u, body)?;
                u.emit(Op::Jump(top), line);
                let (_, breaks, _) =
                    u.blocks
                        .pop()
                        .unwrap_or((super::scope::Block::For, vec![], 0));
                let h = u.here();
                u.patch(fi, h);
                self.body(u, orelse)?;
                let end = u.here();
                for br in breaks {
                    u.patch(br, end);
                }
            }
            StmtKind::WhileElse(c, body, orelse) => {
                let top = u.here();
                self.expr(u, c)?;
                let jf = u.emit(Op::PopJumpIfFalse(0), line);
                u.blocks.push((super::scope::Block::Loop, vec![], top));
                self.body(u, body)?;
                u.emit(Op::Jump(top), line);
                let (_, breaks, _) =
                    u.blocks
                        .pop()
                        .unwrap_or((super::scope::Block::Loop, vec![], 0));
                let h = u.here();
                u.patch(jf, h);
                self.body(u, orelse)?;
                let end = u.here();
                for br in breaks {
                    u.patch(br, end);
                }
            }
            StmtKind::AssignMulti(ts, v) => {
                self.expr(u, v)?;
                for (i, t) in ts.iter().enumerate() {
                    if i + 1 < ts.len() {
                        u.emit(Op::DupTop, line);
                    }
                    self.store_target(u, t)?;
                }
            }
            _ => return Err(err(line, s.col, "internal error: not a function statement")),
        }
        Ok(())
    }
}
