//! AST → a small stack bytecode, one code object per function plus `<module>`,
//! shown beside the source the way `dis` would show it: `counter += 1` is
//! `LOAD_GLOBAL counter`, `LOAD_CONST 1`, `BINARY_OP +=`, `STORE_GLOBAL counter`.
//!
//! [`bytecode`] holds the instruction set, [`scope`] decides where each name lives (fast local,
//! global or module name), [`stmt`] and [`expr`] generate code.

pub mod bytecode;
mod classes;
mod closures;
mod comprehensions;
mod expr;
mod funcs;
mod numbers;
mod prelude;
mod scope;
mod stmt;
mod targets;
mod uses;
mod yields;

pub use bytecode::{Code, Instr, Op, Program};
pub use funcs::FuncInfo;

use super::syntax::ast::Stmt;
use super::value::Value;
use super::Error;
use scope::Unit;
use std::collections::BTreeSet;

struct Compiler {
    codes: Vec<Code>,
    // functions
    /// The names bound by each enclosing function (innermost last), for closures.
    scopes: Vec<BTreeSet<String>>,
    /// Compiling the prelude.
    lib: bool,
    /// `finally:` bodies, compiled again at each way out of their `try` (classes and exceptions).
    finals: Vec<Vec<Stmt>>,
}

fn err(line: u32, col: u32, m: impl Into<String>) -> Error {
    Error {
        line,
        col,
        message: m.into(),
    }
}

pub fn compile(body: &[Stmt]) -> Result<Program, Error> {
    let mut c = Compiler {
        codes: vec![],
        scopes: vec![],
        lib: false,
        finals: vec![],
    };
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
        fun: FuncInfo::default(),
    });
    let prelude = c.prelude()?;
    let code = c.codes[0].clone();
    let mut u = Unit {
        code,
        globals: BTreeSet::new(),
        locals: BTreeSet::new(),
        blocks: vec![],
        comp_vars: vec![],
        derefs: BTreeSet::new(),
        lib: false,
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
    Ok(Program {
        codes: c.codes,
        prelude,
    })
}
