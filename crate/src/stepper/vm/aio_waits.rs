//! asyncio's waits, each an [`Awaitable`] with one blocking rule and one completion:
//! `wait_for` (a task raced against a deadline on the virtual clock: at the deadline the task is
//! cancelled, waited for, and `TimeoutError` raised — CPython's `wait_for`), `wait` (the
//! `(done, pending)` sets when the first completes, the first fails or all complete, or at the
//! timeout), `as_completed` (the k-th await gets the k-th task to finish), `Event.wait`,
//! `Condition.wait`, a `Future`, and the `async with` blocks `asyncio.timeout()` and `TaskGroup`.
//! The methods of futures and of asyncio's sync objects are in [`super::aio_sync`].
//!
//! A wait that needs a deadline keeps it in the clock's `deadlines` under the task's id plus
//! [`WAIT_KEY`] (or [`TIMEOUT_KEY`] for `asyncio.timeout()`), so the clock jumps to it.

use super::super::value::{Awaitable, SyncObj, Value};
use super::aio::{TIMEOUT_KEY, WAIT_KEY};
use super::clock::secs_arg;
use super::exceptions::{raise, ExcKind};
use super::sets::SetTable;
use super::*;

/// `return_when` of `asyncio.wait`.
const ALL_COMPLETED: u8 = 0;
const FIRST_COMPLETED: u8 = 1;
const FIRST_EXCEPTION: u8 = 2;

impl Machine {
    /// The blocking rule of an awaitable of this file (part of [`Machine::blocker`]).
    pub(super) fn aio_await_blocker(&self, _tid: u32, a: &Awaitable) -> Option<Blocked> {
        let join = |t: u32| self.join_wait(t).map(|why| Blocked { why, on: None });
        let now = self.extras.now;
        match a {
            Awaitable::TaskUntil(t, d) if now < *d => join(*t),
            Awaitable::TimedOut(t) => join(*t),
            Awaitable::WaitUntil(tids, d, mode) => {
                let timed_out = d.is_some_and(|d| now >= d);
                (!timed_out && !self.wait_satisfied(tids, *mode)).then_some(Blocked {
                    why: Wait::AioTasks,
                    on: None,
                })
            }
            Awaitable::AsCompleted(tids, k) => {
                let finished = self.finished_among(tids);
                (finished.len() <= *k as usize).then_some(Blocked {
                    why: Wait::AioTasks,
                    on: None,
                })
            }
            Awaitable::EventWait(s) => self.event_wait(*s).map(|w| Blocked::on(w, *s)),
            Awaitable::QueueJoin(s) => self.join_queue_wait(*s).map(|w| Blocked::on(w, *s)),
            Awaitable::Future(i) => (!self.aio().futures[*i as usize].done).then_some(Blocked {
                why: Wait::AioFuture,
                on: None,
            }),
            _ => None,
        }
    }

    /// The tasks of `tids` that have finished, in the order they finished.
    fn finished_among(&self, tids: &[u32]) -> Vec<u32> {
        self.aio()
            .done_order
            .iter()
            .copied()
            .filter(|t| tids.contains(t))
            .collect()
    }

    fn wait_satisfied(&self, tids: &[u32], mode: u8) -> bool {
        let done = |t: &u32| !self.is_live(*t);
        match mode {
            FIRST_COMPLETED => tids.iter().any(done),
            FIRST_EXCEPTION => {
                tids.iter().all(done)
                    || tids
                        .iter()
                        .any(|t| self.task_exc(*t).is_some() && !self.task_cancelled(*t))
            }
            _ => tids.iter().all(done),
        }
    }

    /// `await` of an awaitable of this file; the awaitable is TOS and the pc is past the `await`.
    pub(super) fn aio_await(&mut self, tid: u32, a: &Awaitable) -> R<()> {
        let now = self.extras.now;
        // A wait that moves to its next phase stays on the `await` with a new awaitable.
        let stay = |m: &mut Machine, next: Awaitable| -> R<()> {
            m.pop(tid)?;
            m.push(tid, Value::Awaitable(Rc::new(next)));
            m.frame(tid).pc -= 1;
            Ok(())
        };
        match a {
            Awaitable::WaitForCall(aw, ns) => {
                let t = self.task_of(tid, aw)?;
                match ns {
                    None => stay(self, Awaitable::Task(t)),
                    Some(ns) => {
                        let d = now.saturating_add(*ns);
                        self.ex().deadlines.insert(tid + WAIT_KEY, d);
                        stay(self, Awaitable::TaskUntil(t, d))
                    }
                }
            }
            Awaitable::TaskUntil(t, _) => {
                self.ex().deadlines.remove(&(tid + WAIT_KEY));
                if self.is_live(*t) {
                    // The deadline: the task is cancelled, and waited for.
                    self.aio_cancel(*t);
                    return stay(self, Awaitable::TimedOut(*t));
                }
                self.pop(tid)?;
                let v = self.task_outcome(*t)?;
                self.push(tid, v);
                Ok(())
            }
            Awaitable::TimedOut(t) => {
                self.pop(tid)?;
                if self.task_cancelled(*t) {
                    return raise(ExcKind::TimeoutError, "");
                }
                let v = self.task_outcome(*t)?;
                self.push(tid, v);
                Ok(())
            }
            Awaitable::WaitCall(tids, ns, mode) => {
                let d = ns.map(|ns| now.saturating_add(ns));
                if let Some(d) = d {
                    self.ex().deadlines.insert(tid + WAIT_KEY, d);
                }
                stay(self, Awaitable::WaitUntil(tids.clone(), d, *mode))
            }
            Awaitable::WaitUntil(tids, ..) => {
                self.ex().deadlines.remove(&(tid + WAIT_KEY));
                self.pop(tid)?;
                let (mut done, mut pending) = (SetTable::default(), SetTable::default());
                for t in tids.iter() {
                    let v = Value::Awaitable(Rc::new(Awaitable::Task(*t)));
                    match self.is_live(*t) {
                        true => pending.add(v)?,
                        false => done.add(v)?,
                    }
                }
                let done = self.new_set(tid, done)?;
                let pending = self.new_set(tid, pending)?;
                let v = self.new_tuple(vec![done, pending])?;
                self.push(tid, v);
                Ok(())
            }
            Awaitable::AsCompleted(tids, k) => {
                self.pop(tid)?;
                let t = self.finished_among(tids)[*k as usize];
                let v = self.task_outcome(t)?;
                self.push(tid, v);
                Ok(())
            }
            Awaitable::EventWait(_) | Awaitable::QueueJoin(_) => {
                self.pop(tid)?;
                self.push(tid, Value::Bool(true));
                Ok(())
            }
            Awaitable::CondWait(cond) => {
                let Some(SyncObj::Condition { lock, .. }) = self.syncs.get(*cond as usize) else {
                    return rt("internal error: not a condition");
                };
                let lock = *lock;
                if !self.owns(tid, lock) {
                    return rt("RuntimeError: cannot wait on un-acquired lock");
                }
                self.release(tid, lock)?;
                if let SyncObj::Condition { waiters, .. } = &mut self.syncs[*cond as usize] {
                    waiters.push(tid);
                }
                // The pending wait finishes on this `await` (vm/args.rs's second phase).
                self.frame(tid).pc -= 1;
                self.threads[tid as usize].pending = Some(Pending::CondWait {
                    cond: *cond,
                    lock,
                    count: 1,
                });
                Ok(())
            }
            Awaitable::Future(i) => {
                self.pop(tid)?;
                let v = self.future_outcome(*i)?;
                self.push(tid, v);
                Ok(())
            }
            _ => rt(format!(
                "TypeError: object {} can't be used in 'await' expression",
                aio_kind(a)
            )),
        }
    }

    /// `asyncio.wait(aws, *, timeout=None, return_when=ALL_COMPLETED)`.
    pub(super) fn aio_wait_call(
        &mut self,
        tid: u32,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        nargs(&args, 1, 1, "wait")?;
        let tids = self.tasks_arg(tid, &args[0], "wait")?;
        if tids.is_empty() {
            return rt("ValueError: Set of Tasks/Futures is empty.");
        }
        let ns = match kwarg("timeout") {
            None | Some(Value::None) => None,
            Some(v) => Some(secs_arg(&v, "timeout")?),
        };
        let mode = match kwarg("return_when") {
            None => ALL_COMPLETED,
            Some(Value::Str(s)) if &*s == "ALL_COMPLETED" => ALL_COMPLETED,
            Some(Value::Str(s)) if &*s == "FIRST_COMPLETED" => FIRST_COMPLETED,
            Some(Value::Str(s)) if &*s == "FIRST_EXCEPTION" => FIRST_EXCEPTION,
            Some(v) => {
                let p = self.proc(tid) as u32;
                return rt(format!(
                    "ValueError: Invalid return_when value: {}",
                    self.repr(p, &v)
                ));
            }
        };
        Ok(Done::Value(Value::Awaitable(Rc::new(Awaitable::WaitCall(
            tids.into(),
            ns,
            mode,
        )))))
    }

    /// `asyncio.as_completed(aws)`: a list of awaitables; the k-th gives the k-th to finish.
    pub(super) fn aio_as_completed(
        &mut self,
        tid: u32,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        nargs(&args, 1, 1, "as_completed")?;
        if !matches!(kwarg("timeout"), None | Some(Value::None)) {
            return rt("TypeError: as_completed(timeout=) is not supported in ThreadLab's subset: use asyncio.wait(..., timeout=)");
        }
        let items = self.iter_items(tid, &args[0])?;
        let mut tids = vec![];
        for v in &items {
            let t = self.task_of(tid, v)?;
            if !tids.contains(&t) {
                tids.push(t);
            }
        }
        let tids: Rc<[u32]> = tids.into();
        let awaitables: Vec<Value> = (0..tids.len() as u32)
            .map(|k| Value::Awaitable(Rc::new(Awaitable::AsCompleted(tids.clone(), k))))
            .collect();
        let id = self.alloc(tid, HeapObj::List(awaitables))?;
        Ok(Done::Value(Value::List(id)))
    }

    /// The tasks of `wait()`'s argument. Coroutines: CPython 3.11 refuses them (3.8–3.10 wrapped
    /// them in tasks with a DeprecationWarning); so does the stepper, with 3.11's message.
    fn tasks_arg(&mut self, tid: u32, v: &Value, what: &str) -> R<Vec<u32>> {
        if matches!(v, Value::Coro(_) | Value::Awaitable(_)) {
            return rt(format!(
                "TypeError: expect a list of futures, not {}",
                type_name(v)
            ));
        }
        let mut tids = vec![];
        for x in self.iter_items(tid, v)? {
            match &x {
                Value::Awaitable(a) if matches!(**a, Awaitable::Task(_)) => {
                    let t = self.task_of(tid, &x)?;
                    if !tids.contains(&t) {
                        tids.push(t);
                    }
                }
                Value::Coro(_) => {
                    return rt("TypeError: Passing coroutines is forbidden, use tasks explicitly.")
                }
                _ => {
                    return rt(format!(
                        "TypeError: {what}() takes tasks in ThreadLab's subset, not {}",
                        type_name(&x)
                    ))
                }
            }
        }
        Ok(tids)
    }

    /// `async with asyncio.timeout(t)` / `async with asyncio.TaskGroup()`: entering.
    pub(super) fn aio_with_enter(&mut self, tid: u32, a: &Awaitable) -> R<()> {
        if self.threads[tid as usize].kind != Kind::Task {
            return rt("RuntimeError: Timeout should be used inside a task");
        }
        if let Awaitable::TimeoutCm(ns) = a {
            if self.aio().timeouts.contains_key(&tid) {
                return rt("RuntimeError: nested asyncio.timeout() blocks in one task are not supported in ThreadLab's subset");
            }
            if let Some(ns) = ns {
                let d = self.extras.now.saturating_add(*ns);
                self.aio_mut().timeouts.insert(tid, (d, false));
                self.ex().deadlines.insert(tid + TIMEOUT_KEY, d);
            }
        }
        Ok(())
    }

    /// Whether the end of a `TaskGroup` block must wait (some of its tasks still run).
    pub(super) fn aio_with_exit_blocker(&self, tid: u32) -> Option<Blocked> {
        let f = self.threads[tid as usize].frames.last()?;
        let Some(Value::Awaitable(a)) = f.stack.last() else {
            return None;
        };
        let Awaitable::TaskGroup(g) = &**a else {
            return None;
        };
        self.aio().groups[*g as usize]
            .iter()
            .any(|t| self.is_live(*t))
            .then_some(Blocked {
                why: Wait::AioTasks,
                on: None,
            })
    }

    /// The end of `async with asyncio.timeout(t)` / `TaskGroup()` (TOS is the manager; below
    /// it, on the exception path, the exception). A timeout that expired turns the block's
    /// `CancelledError` into `TimeoutError`; a group whose tasks failed raises an ExceptionGroup.
    pub(super) fn aio_with_exit(&mut self, tid: u32, a: &Awaitable) -> R<()> {
        match a {
            Awaitable::TimeoutCm(_) => {
                self.ex().deadlines.remove(&(tid + TIMEOUT_KEY));
                let fired = self.aio_mut().timeouts.remove(&tid).is_some_and(|x| x.1);
                if !fired {
                    return Ok(());
                }
                self.aio_mut().cancels.remove(&tid);
                let f = self.frame(tid);
                let n = f.stack.len();
                if n >= 2
                    && self.threads[tid as usize]
                        .frames
                        .last()
                        .is_some_and(|f| self.is_cancelled_value(tid, &f.stack[n - 2]))
                {
                    let e = self.new_exception(tid, ExcKind::TimeoutError, vec![])?;
                    self.frame(tid).stack[n - 2] = e;
                }
                Ok(())
            }
            Awaitable::TaskGroup(g) => {
                let tasks = self.aio().groups[*g as usize].clone();
                let errors: Vec<Value> = self
                    .finished_among(&tasks)
                    .into_iter()
                    .filter(|t| !self.task_cancelled(*t))
                    .filter_map(|t| self.task_exc(t))
                    .collect();
                if errors.is_empty() {
                    return Ok(());
                }
                let n = errors.len();
                let msg = format!(
                    "unhandled errors in a TaskGroup ({n} sub-exception{})",
                    if n == 1 { "" } else { "s" }
                );
                let msg = self.new_str(msg)?;
                let eg = self.new_exception(tid, ExcKind::ExceptionGroup, vec![msg])?;
                let excs = self.new_tuple(errors)?;
                self.set_attr_raw(tid, &eg, "exceptions", excs)?;
                self.pop(tid)?;
                self.throw(eg)
            }
            _ => Ok(()),
        }
    }

    fn is_cancelled_value(&self, tid: u32, v: &Value) -> bool {
        let p = self.proc(tid);
        self.exc_class(p, v).is_some_and(|c| {
            self.mro(p, &c)
                .contains(&Value::Builtin(super::super::value::Builtin::Exc(
                    ExcKind::CancelledError,
                )))
        })
    }

    /// A task of a TaskGroup failed: the group's other tasks are cancelled (CPython's
    /// `TaskGroup._on_task_done`).
    pub(super) fn aio_group_failed(&mut self, t: u32) {
        if self.task_cancelled(t) {
            return;
        }
        let groups: Vec<Vec<u32>> = self
            .aio()
            .groups
            .iter()
            .filter(|g| g.contains(&t))
            .cloned()
            .collect();
        for g in groups {
            for x in g {
                self.aio_cancel(x);
            }
        }
    }
}

/// What an awaitable of this file is, for messages.
fn aio_kind(a: &Awaitable) -> &'static str {
    match a {
        Awaitable::TimeoutCm(_) => "Timeout",
        Awaitable::TaskGroup(_) => "TaskGroup",
        _ => "awaitable",
    }
}
