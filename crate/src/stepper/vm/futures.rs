//! `concurrent.futures` and `with` on the program's own objects.
//!
//! The executors, their `Future`s, `as_completed` and `wait` are written in Python in the
//! prelude (`prelude.py`, section "concurrent.futures and Pool"), as CPython's own
//! `concurrent/futures/thread.py` is: a work queue, worker threads started as `submit` needs
//! them (named `ThreadPoolExecutor-N_k`), and a `Condition` per future. So a pool's workers are
//! ordinary threads the learner sees and schedules. This file only routes the library's names
//! to those prelude functions, refuses `ProcessPoolExecutor`, and runs `__enter__`/`__exit__`
//! of a `with` on an instance as call-backs.

use super::super::modules::LibFn;
use super::super::value::Module;
use super::*;

/// The prelude function that a `concurrent.futures` name calls.
pub(super) fn prelude_name(f: LibFn) -> Option<&'static str> {
    Some(match f {
        LibFn::ThreadPoolExecutor => "_tpe_new",
        LibFn::AsCompleted => "_as_completed",
        LibFn::FuturesWait => "_futures_wait",
        LibFn::Pool => "_pool_new",
        LibFn::ProcessPoolExecutor => "_ppe_new", // multiprocessing
        _ => return None,
    })
}

/// `concurrent.futures.FIRST_COMPLETED` and the other `wait()` constants: their names as
/// strings, as CPython defines them.
pub(super) fn constant(o: &Value, n: &str) -> Option<Value> {
    match (o, n) {
        (
            Value::Module(Module::ConcurrentFutures),
            "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED",
        ) => Some(Value::Str(n.into())),
        _ => super::aio_calls::constant(o, n), // asyncio
    }
}

/// What a call of a futures name that has no prelude function says.
pub(super) fn refusal(f: LibFn) -> String {
    format!(
        "concurrent.futures.{} is not supported in ThreadLab's stepper: use ThreadPoolExecutor, whose workers are threads you can step",
        f.name()
    )
}

impl Machine {
    /// `_executor_number()`: CPython's `ThreadPoolExecutor._counter`, derived from the
    /// threads already named `ThreadPoolExecutor-N_0` (so it needs no state of its own). An
    /// executor takes its number when it starts its first worker (CPython: when it is made).
    pub(super) fn executor_number(&self) -> Value {
        let n = self
            .extras
            .tinfo
            .values()
            .filter(|t| t.name.starts_with("ThreadPoolExecutor-") && t.name.ends_with("_0"))
            .count();
        Value::Int(n as i64)
    }

    /// `with obj:` on an instance: `obj.__enter__()` called back (its result is not bound:
    /// `as` names the object itself, which is what `__enter__` returns in the common case).
    pub(super) fn with_enter_obj(&mut self, tid: u32, o: &Value) -> R<()> {
        let m = self.cm_method(tid, o, "__enter__")?;
        self.call_back(tid, m, vec![])?;
        Ok(())
    }

    /// The end of `with obj:` on an instance (TOS): `obj.__exit__(None, None, None)` called
    /// back before the instruction pops it. Anything else on TOS: nothing to do here.
    pub(super) fn with_exit_obj(&mut self, tid: u32) -> R<()> {
        let o = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
        if !matches!(o, Value::Instance(_)) {
            return Ok(());
        }
        let m = self.cm_method(tid, &o, "__exit__")?;
        self.call_back(tid, m, vec![Value::None, Value::None, Value::None])?;
        Ok(())
    }

    /// A context-manager method of an instance, bound, or CPython's TypeError.
    fn cm_method(&mut self, tid: u32, o: &Value, n: &str) -> R<Value> {
        let p = self.proc(tid);
        let cls = self.type_of(p, o).unwrap_or(Value::None);
        for k in self.mro(p, &cls) {
            if let Value::Class(_) = k {
                if let Ok(f @ Value::Bound(_)) = self.load_obj_attr(tid, o, n) {
                    return Ok(f);
                }
            }
        }
        let name = self.class_name(p, &cls);
        rt(format!(
            "TypeError: '{name}' object does not support the context manager protocol"
        ))
    }
}
