//! The prelude: builtins written in Python (`prelude.py`), compiled with every program.
//! Its functions call the program's functions the way the program does — one bytecode at a
//! time, on the calling thread's own frames — so a builtin that takes a callable (`map`,
//! `sorted(key=)`, `functools.reduce`, …) needs no native re-entrance into the machine.
//! Its code objects are marked `fun.lib`: the snapshot shows their frames as library calls,
//! the disassembly leaves them out, and their global names never see the program's globals.

use super::super::syntax::{ast::StmtKind, lexer, parser};
use super::super::Error;
use super::scope::Unit;
use super::{Code, Compiler, FuncInfo};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// The prelude's source.
pub const PRELUDE: &str = include_str!("../prelude.py");

/// The prelude's code objects (they follow the module's, at index 1) and its functions by name.
type Compiled = Rc<(Vec<Code>, BTreeMap<Rc<str>, u32>)>;

thread_local! {
    /// The prelude as compiled the first time on this thread. It is the same for every program
    /// (its code objects come first, after the module's, so their indices never change) and
    /// compiling it was ~95 % of compiling a textbook program: the page compiles on every edit,
    /// for every exploration and every step worker (speed; `Rc`, so one per thread).
    static COMPILED: RefCell<Option<Compiled>> = const { RefCell::new(None) };
}

impl Compiler {
    /// Adds the prelude's functions (compiled once per thread, then copied); returns them by name.
    pub(super) fn prelude(&mut self) -> Result<BTreeMap<Rc<str>, u32>, Error> {
        debug_assert_eq!(
            self.codes.len(),
            1,
            "the prelude follows the module's code only"
        );
        if let Some(done) = COMPILED.with(|c| c.borrow().clone()) {
            self.codes.extend(done.0.iter().cloned());
            return Ok(done.1.clone());
        }
        let out = self.compile_prelude()?;
        let done = Rc::new((self.codes[1..].to_vec(), out.clone()));
        COMPILED.with(|c| *c.borrow_mut() = Some(done));
        Ok(out)
    }

    /// Compiles the prelude's functions; returns them by name.
    fn compile_prelude(&mut self) -> Result<BTreeMap<Rc<str>, u32>, Error> {
        let internal = |e: Error| Error {
            message: format!("internal error in ThreadLab's prelude: {}", e.message),
            ..e
        };
        let body = parser::parse(lexer::lex(PRELUDE).map_err(internal)?).map_err(internal)?;
        let mut u = Unit {
            code: Code {
                name: "<prelude>".into(),
                instrs: vec![],
                consts: vec![],
                names: vec![],
                varnames: vec![],
                nparams: 0,
                defaults: vec![],
                is_async: false,
                is_module: true,
                line: 1,
                fun: FuncInfo::default(),
            },
            globals: BTreeSet::new(),
            locals: BTreeSet::new(),
            blocks: vec![],
            comp_vars: vec![],
            derefs: BTreeSet::new(),
            lib: true,
        };
        let mut out = BTreeMap::new();
        self.lib = true;
        for s in &body {
            if let StmtKind::Def { .. } | StmtKind::DefX(..) = &s.kind {
                let name = match &s.kind {
                    StmtKind::DefX(f) => f.name.clone(),
                    _ => name_of(s).unwrap_or_default(),
                };
                let idx = self.codes.len() as u32;
                self.def_stmt(&mut u, s).map_err(internal)?;
                out.insert(Rc::from(name.as_str()), idx);
            }
        }
        self.lib = false;
        Ok(out)
    }
}

fn name_of(s: &super::super::syntax::ast::Stmt) -> Option<String> {
    match &s.kind {
        StmtKind::Def { name, .. } => Some(name.clone()),
        _ => None,
    }
}
