//! `itertools`, `copy` and more of `functools` (stdlib): functions written in Python in the
//! prelude (`prelude.py`, section "collections, itertools, copy, functools"). A module
//! attribute here is a [`Builtin::Py`] holding its index in [`PY_FNS`]; calling it calls the
//! prelude function of that name (see `funcs::prelude_call`), which runs one bytecode at a
//! time on the caller's thread, so its steps interleave with other threads' like the
//! program's own code. Two natives serve `copy` on instances: `_inst_new(x)` makes an empty
//! instance of `x`'s class without calling `__init__` (as `copy` does through `__reduce_ex__`),
//! `_inst_attrs(x)` lists `x`'s attributes as `(name, value)` pairs (None: not an instance),
//! `_kind(x)` names `x`'s built-in type (`"list"`, `"dict"`, …; None for an instance).

use super::super::value::{Builtin, HeapObj, Module, Value};
use super::*;
use std::rc::Rc;

/// The module attributes written in Python: (module, attribute, prelude function).
pub const PY_FNS: &[(Module, &str, &str)] = &[
    (Module::Itertools, "count", "_it_count"),
    (Module::Itertools, "repeat", "_it_repeat"),
    (Module::Itertools, "chain", "_it_chain"),
    (Module::Itertools, "islice", "_it_islice"),
    (Module::Itertools, "cycle", "_it_cycle"),
    (Module::Itertools, "product", "_it_product"),
    (Module::Itertools, "permutations", "_it_permutations"),
    (Module::Itertools, "combinations", "_it_combinations"),
    (Module::Itertools, "accumulate", "_it_accumulate"),
    (Module::Itertools, "groupby", "_it_groupby"),
    (Module::Itertools, "zip_longest", "_it_zip_longest"),
    (Module::Copy, "copy", "_copy_copy"),
    (Module::Copy, "deepcopy", "_copy_deepcopy"),
    (Module::Functools, "partial", "_ft_partial"),
    (Module::Functools, "lru_cache", "_ft_lru_cache"),
    (Module::Functools, "cache", "_ft_cache"),
    (Module::Functools, "wraps", "_ft_wraps"),
    // Not a module attribute: `itertools.chain.from_iterable` (see `attr_of`).
    (
        Module::Itertools,
        "chain.from_iterable",
        "_it_chain_from_iterable",
    ),
];

/// `module.attr` when the prelude writes it.
pub fn lookup(m: Module, attr: &str) -> Option<Builtin> {
    let i = PY_FNS
        .iter()
        .position(|(pm, a, _)| *pm == m && *a == attr)?;
    Some(Builtin::Py(i as u8))
}

/// The prelude function that a [`Builtin::Py`] calls.
pub fn prelude_name(i: u8) -> &'static str {
    PY_FNS[i as usize].2
}

/// The name a [`Builtin::Py`] shows (its module's attribute).
pub fn shown_name(i: u8) -> String {
    let (m, a, _) = PY_FNS[i as usize];
    format!("{}.{a}", m.name())
}

/// An attribute of a prelude-written function: `chain.from_iterable`.
pub fn attr_of(b: &Builtin, n: &str) -> Option<Builtin> {
    match b {
        Builtin::Py(i) if PY_FNS[*i as usize].1 == "chain" && n == "from_iterable" => {
            lookup(Module::Itertools, "chain.from_iterable")
        }
        _ => None,
    }
}

/// [`attr_of`] for any value.
pub fn attr_of_value(v: &Value, n: &str) -> Option<Builtin> {
    match v {
        Value::Builtin(b) => attr_of(b, n),
        _ => None,
    }
}

/// The prelude's natives for `copy`, by name.
pub fn lib_native(n: &str) -> Option<Builtin> {
    match n {
        "_inst_new" => Some(Builtin::LibInstNew),
        "_inst_attrs" => Some(Builtin::LibInstAttrs),
        "_kind" => Some(Builtin::LibKind),
        _ => None,
    }
}

impl Machine {
    /// `_inst_new(x)` / `_inst_attrs(x)` (see the module doc).
    pub(super) fn call_stdlib_native(&mut self, tid: u32, b: Builtin, args: &[Value]) -> R<Value> {
        let p = self.proc(tid);
        if b == Builtin::LibKind {
            return Ok(match args.first() {
                Some(Value::Instance(_)) | None => Value::None,
                Some(v) => Value::Str(Rc::from(type_name(v))),
            });
        }
        let found = match args.first() {
            Some(Value::Instance(id)) => self.mems[p].heap.get(*id as usize),
            _ => None,
        };
        let Some(HeapObj::Instance { class, attrs }) = found else {
            return Ok(Value::None);
        };
        let (class, attrs) = (class.clone(), attrs.clone());
        Ok(match b {
            Builtin::LibInstNew => Value::Instance(self.alloc(
                tid,
                HeapObj::Instance {
                    class,
                    attrs: vec![],
                },
            )?),
            _ => {
                let pairs = attrs
                    .into_iter()
                    .map(|(k, v)| Value::Tuple(Rc::from(vec![Value::Str(k), v])))
                    .collect();
                Value::List(self.alloc(tid, HeapObj::List(pairs))?)
            }
        })
    }
}

/// The prelude generators that stand for C iterators of CPython's `itertools` (and `zip`):
/// there one `next()` is one indivisible call, so another thread never finds them half-way
/// (a Python generator would raise "generator already executing").
fn atomic_code(name: &str) -> bool {
    name.starts_with("_it_")
        || matches!(
            name,
            "_steps"
                | "_steps_of"
                | "_islice_gen"
                | "_product_gen"
                | "_permutations_gen"
                | "_combinations_gen"
                | "_zip"
        )
}

/// The thread that must keep the CPU: the current one while its innermost frame runs one of
/// those generators (the scheduler's hook; a blocked thread holds nothing).
pub fn atomic_holder(m: &Machine, ready: &[u32]) -> Option<u32> {
    let c = m.current?;
    (holds_atomic(m, c) && ready.contains(&c)).then_some(c)
}

/// Whether thread `c`'s innermost frame runs one of those generators (ready or not).
pub fn holds_atomic(m: &Machine, c: u32) -> bool {
    let Some(top) = m.threads.get(c as usize).and_then(|t| t.frames.last()) else {
        return false;
    };
    let code = &m.prog.codes[top.code as usize];
    code.fun.lib && code.fun.generator && atomic_code(&code.name)
}
