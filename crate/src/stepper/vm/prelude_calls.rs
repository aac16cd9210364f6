//! The calls the prelude answers (see compile/prelude.rs): `LOAD_GLOBAL` inside the prelude,
//! and a builtin that takes a callable, or a native builtin given a generator, turned into a
//! call of a Python function in the prelude, run one bytecode at a time on the calling thread.

use super::super::value::{Builtin, Value};
use super::*;
use std::rc::Rc;

impl Machine {
    /// `LOAD_GLOBAL` in the prelude: its functions, its own natives, then the builtins.
    pub(super) fn exec_load_lib(&mut self, tid: u32, n: &str) -> R<()> {
        let v = match self.prog.prelude.get(n) {
            Some(f) => Value::Func(*f),
            None => match n {
                "_fail" => Value::Builtin(Builtin::LibFail),
                "_isgen" => Value::Builtin(Builtin::LibIsGen),
                // stdlib
                n if super::stdlib::lib_native(n).is_some() => {
                    Value::Builtin(super::stdlib::lib_native(n).unwrap_or(Builtin::LibFail))
                }
                "_executor_number" => {
                    Value::Builtin(Builtin::Lib(crate::stepper::modules::LibFn::ExecutorNumber))
                } // futures
                "_process_number" => {
                    Value::Builtin(Builtin::Lib(crate::stepper::modules::LibFn::ProcessNumber))
                } // multiprocessing
                _ => match builtin_named(n) {
                    Some(b) => Value::Builtin(b),
                    None => return rt(format!("internal error: the prelude has no name '{n}'")),
                },
            },
        };
        self.push(tid, v);
        Ok(())
    }

    /// The prelude function that answers a call of a builtin, if one does: builtins written
    /// in Python, `key=` forms, and native builtins given a generator. The callee to call
    /// instead and its arguments.
    pub(super) fn prelude_call(
        &self,
        callee: &Value,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> Option<(Value, Vec<Value>)> {
        use Builtin as B;
        let lib = |n: &str| self.prog.prelude.get(n).map(|f| Value::Func(*f));
        let has_kw = |k: &str| kw.iter().any(|(n, _)| &**n == k);
        let gen_arg = args
            .iter()
            .any(|a| matches!(a, Value::Gen(_)) || self.iterable_obj(a)); // collections: __iter__
        match callee {
            Value::Builtin(b) => {
                let name = match b {
                    B::Map => "map",
                    B::Filter => "filter",
                    B::Reduce => "reduce",
                    // stdlib
                    B::Py(i) => super::stdlib::prelude_name(*i),
                    B::Zip if gen_arg => "_zip",
                    // futures
                    B::Lib(f) => super::futures::prelude_name(*f)?,
                    B::Sorted if has_kw("key") => "_sorted",
                    B::Min if has_kw("key") || has_kw("default") => "_min",
                    B::Max if has_kw("key") || has_kw("default") => "_max",
                    B::Any if gen_arg => "_any",
                    B::All if gen_arg => "_all",
                    B::Min if gen_arg => "_min",
                    B::Max if gen_arg => "_max",
                    B::List
                    | B::Tuple
                    | B::Sum
                    | B::Sorted
                    | B::Enumerate
                    | B::Zip
                    | B::Set
                    | B::Reversed
                        if gen_arg =>
                    {
                        let mut a = vec![callee.clone()];
                        a.extend(args.iter().cloned());
                        return Some((lib("_with_lists")?, a));
                    }
                    _ => return None,
                };
                Some((lib(name)?, args.to_vec()))
            }
            Value::Method(m) => {
                let (recv, name) = (&m.0, &*m.1);
                match (recv, name) {
                    (Value::List(_), "sort") => {
                        let mut a = vec![recv.clone()];
                        a.extend(args.iter().cloned());
                        Some((lib("_list_sort")?, a))
                    }
                    (
                        Value::List(_) | Value::Str(_) | Value::Set(_),
                        "extend" | "join" | "update",
                    ) if gen_arg => {
                        let mut a = vec![callee.clone()];
                        a.extend(args.iter().cloned());
                        Some((lib("_with_lists")?, a))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The builtins added with functions: `next`, `set`, the prelude's natives.
    pub(super) fn call_fn_builtin(&mut self, tid: u32, b: Builtin, args: Vec<Value>) -> R<Done> {
        let p = self.proc(tid) as u32;
        Ok(Done::Value(match b {
            Builtin::Next => return self.builtin_next(tid, &args),
            Builtin::Set => self.builtin_set(tid, &args)?,
            Builtin::LibFail => {
                let msg = match args.first() {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => "internal error".into(),
                };
                return rt(msg);
            }
            Builtin::LibIsGen => Value::Bool(matches!(args.first(), Some(Value::Gen(_)))),
            _ => {
                let _ = p;
                return rt("internal error: not a prelude builtin");
            }
        }))
    }
}
