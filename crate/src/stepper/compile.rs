//! AST → a small stack bytecode, one code object per function plus `<module>`,
//! shown beside the source the way `dis` would show it: `counter += 1` is
//! `LOAD_GLOBAL counter`, `LOAD_CONST 1`, `BINARY_OP +=`, `STORE_GLOBAL counter`.

use super::parser::{BinOp, CmpOp, Expr, ExprKind, FPiece, Stmt, StmtKind};
use super::value::{Module, Value};
use super::Error;
use std::collections::BTreeSet;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    LoadConst(u32),
    /// Module level: globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    /// Function level, a name not assigned in the function.
    LoadGlobal(u32),
    StoreGlobal(u32),
    LoadFast(u32),
    StoreFast(u32),
    LoadAttr(u32),
    /// Stack: obj, value → obj.attr = value.
    StoreAttr(u32),
    BinarySubscr,
    /// Stack: obj, index, value → obj[index] = value.
    StoreSubscr,
    /// The bool says whether it came from an augmented assignment (shown as `+=`).
    Binary(BinOp, bool),
    Compare(CmpOp),
    UnaryNot,
    UnaryNeg,
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// Positional argument count.
    Call(u32),
    /// Positional count, const index of the keyword names tuple.
    CallKw(u32, u32),
    BuildList(u32),
    BuildTuple(u32),
    BuildMap(u32),
    GetIter,
    ForIter(u32),
    PopTop,
    DupTop,
    DupTopTwo,
    RotTwo,
    ReturnValue,
    MakeFunction(u32),
    ImportName(u32),
    /// Raise AssertionError; the bool says whether a message is on the stack.
    RaiseAssert(bool),
    /// Acquire TOS (a lock, semaphore, condition), leaving it on the stack.
    WithEnter,
    /// Pop TOS and release it.
    WithExit,
    Await,
    /// `str()` of TOS (`repr()` if true), for an f-string.
    FormatValue(bool),
    /// Concatenates the top n strings.
    BuildString(u32),
    /// Replaces TOS (a sequence of n items) by its items, the first on top.
    UnpackSequence(u32),
    /// Pops TOS and appends it to the list n deep (a comprehension's result).
    ListAppend(u32),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instr {
    pub op: Op,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct Code {
    pub name: String,
    pub instrs: Vec<Instr>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    pub varnames: Vec<Rc<str>>,
    pub nparams: u32,
    /// Default values of the last `defaults.len()` parameters.
    pub defaults: Vec<Value>,
    pub is_async: bool,
    pub is_module: bool,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct Program {
    /// `codes[0]` is `<module>`.
    pub codes: Vec<Code>,
}

impl Op {
    pub fn name(&self) -> &'static str {
        match self {
            Op::LoadConst(_) => "LOAD_CONST",
            Op::LoadName(_) => "LOAD_NAME",
            Op::StoreName(_) => "STORE_NAME",
            Op::LoadGlobal(_) => "LOAD_GLOBAL",
            Op::StoreGlobal(_) => "STORE_GLOBAL",
            Op::LoadFast(_) => "LOAD_FAST",
            Op::StoreFast(_) => "STORE_FAST",
            Op::LoadAttr(_) => "LOAD_ATTR",
            Op::StoreAttr(_) => "STORE_ATTR",
            Op::BinarySubscr => "BINARY_SUBSCR",
            Op::StoreSubscr => "STORE_SUBSCR",
            Op::Binary(..) => "BINARY_OP",
            Op::Compare(_) => "COMPARE_OP",
            Op::UnaryNot => "UNARY_NOT",
            Op::UnaryNeg => "UNARY_NEGATIVE",
            Op::Jump(_) => "JUMP",
            Op::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE",
            Op::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE",
            Op::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP",
            Op::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP",
            Op::Call(_) => "CALL",
            Op::CallKw(..) => "CALL_KW",
            Op::BuildList(_) => "BUILD_LIST",
            Op::BuildTuple(_) => "BUILD_TUPLE",
            Op::BuildMap(_) => "BUILD_MAP",
            Op::GetIter => "GET_ITER",
            Op::ForIter(_) => "FOR_ITER",
            Op::PopTop => "POP_TOP",
            Op::DupTop => "DUP_TOP",
            Op::DupTopTwo => "DUP_TOP_TWO",
            Op::RotTwo => "ROT_TWO",
            Op::ReturnValue => "RETURN_VALUE",
            Op::MakeFunction(_) => "MAKE_FUNCTION",
            Op::ImportName(_) => "IMPORT_NAME",
            Op::RaiseAssert(_) => "RAISE_ASSERTION",
            Op::WithEnter => "WITH_ENTER",
            Op::WithExit => "WITH_EXIT",
            Op::Await => "AWAIT",
            Op::FormatValue(_) => "FORMAT_VALUE",
            Op::BuildString(_) => "BUILD_STRING",
            Op::UnpackSequence(_) => "UNPACK_SEQUENCE",
            Op::ListAppend(_) => "LIST_APPEND",
        }
    }
}

impl Code {
    /// The argument as `dis` would print it.
    pub fn arg_text(&self, op: &Op, codes: &[Code]) -> String {
        let name = |i: &u32| {
            self.names
                .get(*i as usize)
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let var = |i: &u32| {
            self.varnames
                .get(*i as usize)
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        match op {
            Op::LoadConst(i) => match self.consts.get(*i as usize) {
                Some(Value::Int(v)) => v.to_string(),
                Some(Value::Bool(true)) => "True".into(),
                Some(Value::Bool(false)) => "False".into(),
                Some(Value::None) => "None".into(),
                Some(Value::Str(s)) => super::value::repr_str(s),
                Some(Value::Tuple(t)) => format!("{} values", t.len()),
                _ => String::new(),
            },
            Op::LoadName(i)
            | Op::StoreName(i)
            | Op::LoadGlobal(i)
            | Op::StoreGlobal(i)
            | Op::LoadAttr(i)
            | Op::StoreAttr(i)
            | Op::ImportName(i) => name(i),
            Op::LoadFast(i) | Op::StoreFast(i) => var(i),
            Op::Binary(b, aug) => format!("{}{}", b.symbol(), if *aug { "=" } else { "" }),
            Op::Compare(c) => c.symbol().into(),
            Op::Jump(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t) => {
                format!("to {t}")
            }
            Op::Call(n) | Op::BuildList(n) | Op::BuildTuple(n) | Op::BuildMap(n) => n.to_string(),
            Op::CallKw(n, k) => {
                let kw = match self.consts.get(*k as usize) {
                    Some(Value::Tuple(t)) => t
                        .iter()
                        .map(|v| match v {
                            Value::Str(s) => s.to_string(),
                            _ => String::new(),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    _ => String::new(),
                };
                format!("{n} ({kw})")
            }
            Op::MakeFunction(c) => codes
                .get(*c as usize)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            Op::RaiseAssert(_) => "AssertionError".into(),
            Op::FormatValue(true) => "!r".into(),
            Op::BuildString(n) | Op::UnpackSequence(n) | Op::ListAppend(n) => n.to_string(),
            _ => String::new(),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Block {
    Loop,
    With,
    For,
}

struct Unit {
    code: Code,
    globals: BTreeSet<String>,
    locals: BTreeSet<String>,
    blocks: Vec<(Block, Vec<usize>, u32)>, // kind, break jumps to patch, continue target
    /// Comprehension variables in scope (innermost last): their own local slots.
    comp_vars: Vec<(String, u32)>,
}

struct Compiler {
    codes: Vec<Code>,
}

fn err(line: u32, col: u32, m: impl Into<String>) -> Error {
    Error {
        line,
        col,
        message: m.into(),
    }
}

/// Names assigned anywhere in a function body (not inside nested defs).
fn assigned(body: &[Stmt], out: &mut BTreeSet<String>, globals: &mut BTreeSet<String>) {
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
            _ => {}
        }
    }
}

pub fn compile(body: &[Stmt]) -> Result<Program, Error> {
    let mut c = Compiler { codes: vec![] };
    c.codes.push(Code {
        name: "<module>".into(),
        instrs: vec![],
        consts: vec![],
        names: vec![],
        varnames: vec![],
        nparams: 0,
        defaults: vec![],
        is_async: false,
        is_module: true,
        line: 1,
    });
    let code = c.codes[0].clone();
    let mut u = Unit {
        code,
        globals: BTreeSet::new(),
        locals: BTreeSet::new(),
        blocks: vec![],
        comp_vars: vec![],
    };
    for s in body {
        c.stmt(&mut u, s)?;
    }
    let none = u.konst(Value::None);
    u.emit(Op::LoadConst(none), 0);
    u.emit(Op::ReturnValue, 0);
    let last_line = u.code.instrs.iter().map(|i| i.line).max().unwrap_or(1);
    let n = u.code.instrs.len();
    for i in &mut u.code.instrs[n - 2..] {
        i.line = last_line;
    }
    c.codes[0] = u.code;
    Ok(Program { codes: c.codes })
}

impl Unit {
    fn emit(&mut self, op: Op, line: u32) -> usize {
        self.code.instrs.push(Instr { op, line });
        self.code.instrs.len() - 1
    }
    fn here(&self) -> u32 {
        self.code.instrs.len() as u32
    }
    fn patch(&mut self, at: usize, target: u32) {
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
    fn konst(&mut self, v: Value) -> u32 {
        if let Some(i) = self.code.consts.iter().position(|c| *c == v) {
            return i as u32;
        }
        self.code.consts.push(v);
        (self.code.consts.len() - 1) as u32
    }
    fn name(&mut self, n: &str) -> u32 {
        if let Some(i) = self.code.names.iter().position(|c| &**c == n) {
            return i as u32;
        }
        self.code.names.push(n.into());
        (self.code.names.len() - 1) as u32
    }
    fn var(&mut self, n: &str) -> u32 {
        if let Some(i) = self.code.varnames.iter().position(|c| &**c == n) {
            return i as u32;
        }
        self.code.varnames.push(n.into());
        (self.code.varnames.len() - 1) as u32
    }
    fn is_local(&self, n: &str) -> bool {
        !self.code.is_module && self.locals.contains(n) && !self.globals.contains(n)
    }
    fn comp_slot(&self, n: &str) -> Option<u32> {
        self.comp_vars
            .iter()
            .rev()
            .find(|(v, _)| v == n)
            .map(|(_, i)| *i)
    }
    fn load(&mut self, n: &str, line: u32) {
        if let Some(i) = self.comp_slot(n) {
            self.emit(Op::LoadFast(i), line);
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
    fn store(&mut self, n: &str, line: u32) {
        if let Some(i) = self.comp_slot(n) {
            self.emit(Op::StoreFast(i), line);
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

impl Compiler {
    fn body(&mut self, u: &mut Unit, b: &[Stmt]) -> Result<(), Error> {
        for s in b {
            self.stmt(u, s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, u: &mut Unit, s: &Stmt) -> Result<(), Error> {
        let line = s.line;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(u, e)?;
                u.emit(Op::PopTop, line);
            }
            StmtKind::Assign(t, v) => match &t.kind {
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
            StmtKind::Def {
                name,
                params,
                defaults,
                body,
                is_async,
            } => {
                let mut default_values = vec![];
                for d in defaults {
                    default_values.push(match &d.kind {
                        ExprKind::Int(i) => Value::Int(*i),
                        ExprKind::Str(t) => Value::Str(t.as_str().into()),
                        ExprKind::Bool(b) => Value::Bool(*b),
                        ExprKind::None => Value::None,
                        _ => return Err(err(d.line, d.col, "only constant default values (numbers, strings, True, False, None) are supported in ThreadLab's Python subset")),
                    });
                }
                if !u.code.is_module {
                    return Err(err(line, s.col, "nested functions (a `def` inside a `def`) are not supported in ThreadLab's Python subset"));
                }
                let mut locals = BTreeSet::new();
                let mut globals = BTreeSet::new();
                assigned(body, &mut locals, &mut globals);
                for p in params {
                    if globals.contains(p) {
                        return Err(err(
                            line,
                            s.col,
                            format!("name '{p}' is parameter and global"),
                        ));
                    }
                    locals.insert(p.clone());
                }
                let code = Code {
                    name: name.clone(),
                    instrs: vec![],
                    consts: vec![],
                    names: vec![],
                    varnames: params.iter().map(|p| Rc::from(p.as_str())).collect(),
                    nparams: params.len() as u32,
                    defaults: default_values,
                    is_async: *is_async,
                    is_module: false,
                    line,
                };
                let idx = self.codes.len();
                self.codes.push(code.clone());
                let mut fu = Unit {
                    code,
                    globals,
                    locals,
                    blocks: vec![],
                    comp_vars: vec![],
                };
                self.body(&mut fu, body)?;
                let none = fu.konst(Value::None);
                let end_line = fu.code.instrs.last().map_or(line, |i| i.line);
                fu.emit(Op::LoadConst(none), end_line);
                fu.emit(Op::ReturnValue, end_line);
                self.codes[idx] = fu.code;
                u.emit(Op::MakeFunction(idx as u32), line);
                u.store(name, line);
            }
            StmtKind::Return(v) => {
                if u.code.is_module {
                    return Err(err(line, s.col, "'return' outside function"));
                }
                match v {
                    Some(v) => self.expr(u, v)?,
                    None => {
                        let n = u.konst(Value::None);
                        u.emit(Op::LoadConst(n), line);
                    }
                }
                let blocks: Vec<Block> = u.blocks.iter().rev().map(|b| b.0).collect();
                for b in blocks {
                    match b {
                        Block::With => {
                            u.emit(Op::RotTwo, line);
                            u.emit(Op::WithExit, line);
                        }
                        Block::For => {
                            u.emit(Op::RotTwo, line);
                            u.emit(Op::PopTop, line);
                        }
                        Block::Loop => {}
                    }
                }
                u.emit(Op::ReturnValue, line);
            }
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(s.kind, StmtKind::Break);
                let Some(li) = u.blocks.iter().rposition(|b| b.0 != Block::With) else {
                    let what = if is_break { "'break'" } else { "'continue'" };
                    return Err(err(line, s.col, format!("{what} outside loop")));
                };
                let inner: Vec<Block> = u.blocks[li + 1..].iter().rev().map(|b| b.0).collect();
                for b in inner {
                    if b == Block::With {
                        u.emit(Op::WithExit, line);
                    }
                }
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
                self.expr(u, e)?;
                u.emit(Op::WithEnter, line);
                if let Some(a) = alias {
                    u.emit(Op::DupTop, line);
                    u.store(a, line);
                }
                u.blocks.push((Block::With, vec![], 0));
                self.body(u, body)?;
                u.blocks.pop();
                let end = body.last().map_or(line, |b| b.line);
                u.emit(Op::WithExit, end);
            }
            StmtKind::Import(m, alias) => {
                self.check_module(m, line, s.col)?;
                let i = u.name(m);
                u.emit(Op::ImportName(i), line);
                u.store(alias, line);
            }
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
        }
        Ok(())
    }

    fn check_module(&self, m: &str, line: u32, col: u32) -> Result<Module, Error> {
        Module::from_name(m).ok_or_else(|| {
            err(line, col, format!("module `{m}` is not supported in ThreadLab's Python subset (threading, queue, multiprocessing, asyncio, time)"))
        })
    }

    fn expr(&mut self, u: &mut Unit, e: &Expr) -> Result<(), Error> {
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
