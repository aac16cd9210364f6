//! asyncio's tasks as CPython runs them: a task's exception is kept for whoever awaits it,
//! `task.cancel()` delivers `CancelledError` where the task is suspended, and a task object
//! answers `done()`, `cancelled()`, `result()`, `exception()`, `cancel()`, `get_name()`.
//!
//! **Cancellation** (CPython's `Task.cancel` / `Task.__step`): `cancel()` only *requests*; the
//! task receives `CancelledError` when it next runs from a suspension point — asleep
//! (`await asyncio.sleep`), just after `await asyncio.sleep(0)`, blocked on an `await` that
//! cannot complete (a lock, a queue, an event, a future), or not started yet (then its body never
//! runs, as a coroutine thrown into before its first step). A task waiting for other tasks
//! (`await t`, `wait_for`, `gather`) passes the request on to them, and ends when they do (as
//! CPython cancels the future a task waits on). A requested cancel makes a suspended task
//! runnable: its next step raises the error at the `await`, so `try/finally` blocks run.
//!
//! Every piece of this state is in [`AioState`], inside the hashed `Extras`.

use super::super::compile::Op;
use super::super::value::{Awaitable, Builtin, Value};
use super::exceptions::ExcKind;
use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// Keys of the clock's `deadlines` map for asyncio's own deadlines (a task id plus one of these,
/// so they never meet the timed calls' keys, which are plain thread ids).
pub(super) const WAIT_KEY: u32 = 0x4000_0000;
pub(super) const TIMEOUT_KEY: u32 = 0x2000_0000;

/// asyncio's machine state (hashed with the clock's `Extras`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AioState {
    /// Tasks whose `cancel()` has not been delivered yet.
    pub cancels: BTreeSet<u32>,
    /// Tasks in the order they finished (what `as_completed` hands out).
    pub done_order: Vec<u32>,
    /// Sync objects made by asyncio (`Event`, `Semaphore`, `Condition`): their waits are awaitables.
    pub syncs: BTreeSet<u32>,
    /// `BoundedSemaphore`s of asyncio and their initial value.
    pub bounds: BTreeMap<u32, i64>,
    /// `async with asyncio.timeout(t)` per task: its deadline (ns) and whether it has expired.
    pub timeouts: BTreeMap<u32, (u64, bool)>,
    /// Each `TaskGroup`'s tasks (by group index).
    pub groups: Vec<Vec<u32>>,
    /// Each `Future`'s state (by index).
    pub futures: Vec<Fut>,
    /// The root tasks of `asyncio.run` (at their end the other tasks are cancelled).
    pub run_roots: BTreeSet<u32>,
}

/// An `asyncio.Future`: pending, or done with a result, an exception or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fut {
    pub done: bool,
    pub cancelled: bool,
    pub result: Value,
    /// The exception (an instance) set with `set_exception`, or None.
    pub exc: Value,
}

impl Default for Fut {
    fn default() -> Fut {
        Fut {
            done: false,
            cancelled: false,
            result: Value::None,
            exc: Value::None,
        }
    }
}

/// Where a cancelled task receives its `CancelledError`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// At the instruction it stands on (a blocked `await`, or its first one).
    Here,
    /// At the `await` it has just passed (it slept or yielded there).
    Rewind,
}

impl Machine {
    pub(super) fn aio(&self) -> &AioState {
        &self.extras.aio
    }
    pub(super) fn aio_mut(&mut self) -> &mut AioState {
        &mut self.ex().aio
    }

    /// A task thread that ended with an exception: the exception is its result (re-raised by
    /// whoever awaits it). Whether `tid` is such a task.
    pub(super) fn aio_task_failed(&mut self, tid: u32, exc: &Value) -> bool {
        if self.threads[tid as usize].kind != Kind::Task {
            return false;
        }
        let t = &mut self.threads[tid as usize];
        t.state = TState::Failed;
        t.result = exc.clone();
        self.aio_ended(tid);
        self.aio_group_failed(tid);
        true
    }

    /// A task ended (returned or raised): its completion is recorded, its deadlines dropped.
    pub(super) fn aio_ended(&mut self, tid: u32) {
        if self.threads[tid as usize].kind != Kind::Task {
            return;
        }
        let e = self.ex();
        e.deadlines.remove(&(tid + WAIT_KEY));
        e.deadlines.remove(&(tid + TIMEOUT_KEY));
        e.wakes.remove(&tid);
        let a = &mut e.aio;
        a.done_order.push(tid);
        a.cancels.remove(&tid);
        a.timeouts.remove(&tid);
    }

    /// The exception task `t` ended with (None: it is running or returned normally).
    pub(super) fn task_exc(&self, t: u32) -> Option<Value> {
        let th = &self.threads[t as usize];
        (th.kind == Kind::Task && th.state == TState::Failed).then(|| th.result.clone())
    }

    /// Whether task `t` ended cancelled.
    pub(super) fn task_cancelled(&self, t: u32) -> bool {
        self.task_exc(t)
            .is_some_and(|e| self.is_cancelled_error(t, &e))
    }

    fn is_cancelled_error(&self, t: u32, e: &Value) -> bool {
        let p = self.proc(t);
        self.exc_class(p, e).is_some_and(|c| {
            self.mro(p, &c)
                .contains(&Value::Builtin(Builtin::Exc(ExcKind::CancelledError)))
        })
    }

    /// `task.cancel()`: False when it is done; otherwise the request is recorded (and passed on to
    /// the tasks it waits for).
    pub(super) fn aio_cancel(&mut self, t: u32) -> bool {
        if !self.is_live(t) || self.threads[t as usize].kind != Kind::Task {
            return false;
        }
        self.aio_mut().cancels.insert(t);
        for x in self.awaited_tasks(t) {
            self.aio_cancel(x);
        }
        true
    }

    /// The tasks `t` is waiting for (its `await` of a task, a `wait_for`, a `gather`).
    fn awaited_tasks(&self, t: u32) -> Vec<u32> {
        let th = &self.threads[t as usize];
        if let Some(Pending::Tasks { tids, .. }) = &th.pending {
            return tids.clone();
        }
        match self.awaiting(t) {
            Some(Awaitable::Task(x) | Awaitable::TaskUntil(x, _) | Awaitable::TimedOut(x)) => {
                vec![*x]
            }
            _ => vec![],
        }
    }

    /// The awaitable `t` stands on (its pc at an `await`), if any.
    pub(super) fn awaiting(&self, t: u32) -> Option<&Awaitable> {
        let f = self.threads.get(t as usize)?.frames.last()?;
        let op = &self.prog.codes[f.code as usize]
            .instrs
            .get(f.pc as usize)?
            .op;
        match (op, f.stack.last()) {
            (Op::Await, Some(Value::Awaitable(a))) => Some(a),
            _ => None,
        }
    }

    /// Where a requested cancel reaches `tid` now (None: not requested, or not suspended).
    fn cancel_point(&self, tid: u32) -> Option<At> {
        let t = self.threads.get(tid as usize)?;
        if t.kind != Kind::Task || t.state != TState::Live || !self.aio().cancels.contains(&tid) {
            return None;
        }
        if t.pending.is_some() || !self.awaited_tasks(tid).is_empty() {
            return None; // it ends when the tasks it waits for do
        }
        if self.extras.wakes.contains_key(&tid) || t.yielded {
            return Some(At::Rewind);
        }
        let f = t.frames.last()?;
        if t.frames.len() == 1 && f.pc == 0 {
            return Some(At::Here); // not started: its body never runs
        }
        if self.awaiting(tid).is_some() && self.blocker_plain(tid).is_some() {
            return Some(At::Here);
        }
        None
    }

    /// [`Machine::blocker`]'s asyncio part: a task with a cancel to receive can run.
    pub(super) fn aio_runnable(&self, tid: u32) -> bool {
        self.cancel_point(tid).is_some()
    }

    /// Before a step: a task with a cancel to receive gets it now (its pc moved back to the
    /// `await` it slept at). Whether the step is the delivery.
    pub(super) fn aio_pre_step(&mut self, tid: u32) -> bool {
        let Some(at) = self.cancel_point(tid) else {
            return false;
        };
        if at == At::Rewind {
            let f = self.frame(tid);
            f.pc = f.pc.saturating_sub(1);
        }
        let e = self.ex();
        e.wakes.remove(&tid);
        e.deadlines.remove(&(tid + WAIT_KEY));
        e.aio.cancels.remove(&tid);
        true
    }

    /// The delivery itself (the step's result): `CancelledError` at the `await`.
    pub(super) fn aio_deliver(&mut self) -> R<()> {
        super::exceptions::raise(ExcKind::CancelledError, "")
    }

    /// After the clock jumps: each `asyncio.timeout()` whose deadline it reached cancels its task.
    pub(super) fn aio_after_jump(&mut self) {
        let now = self.extras.now;
        let due: Vec<u32> = self
            .aio()
            .timeouts
            .iter()
            .filter(|(_, (d, fired))| !fired && *d <= now)
            .map(|(t, _)| *t)
            .collect();
        for t in due {
            if let Some(x) = self.aio_mut().timeouts.get_mut(&t) {
                x.1 = true;
            }
            self.aio_cancel(t);
        }
    }

    /// The waiter `tid` of `Pending::Tasks`: still blocked? (Part of [`Machine::blocker`].)
    /// `gather` stops waiting at the first child that fails; a cancelled waiter waits for all.
    pub(super) fn tasks_pending(&self, tid: u32, tids: &[u32], gather: bool) -> bool {
        let live = tids.iter().any(|x| self.is_live(*x));
        let cancelling = self.aio().cancels.contains(&tid);
        let failed = tids.iter().any(|x| self.task_exc(*x).is_some());
        live && (cancelling || !(gather && failed))
    }

    /// The second phase of `asyncio.run` / `gather` (`Pending::Tasks`): Some to end it here —
    /// raise a child's exception, or (`asyncio.run`) cancel the tasks still running and wait.
    pub(super) fn aio_finish_tasks(
        &mut self,
        tid: u32,
        tids: &[u32],
        gather: bool,
    ) -> Option<R<()>> {
        if self.aio_mut().cancels.remove(&tid) {
            return Some(super::exceptions::raise(ExcKind::CancelledError, ""));
        }
        // gather: the first child's exception; asyncio.run: its root task's only.
        let n = if gather { tids.len() } else { 1 };
        if let Some(e) = tids.iter().take(n).find_map(|x| self.task_exc(*x)) {
            return Some(self.throw(e));
        }
        let root = *tids.first()?;
        if !gather && self.aio_mut().run_roots.remove(&root) {
            // asyncio.run: the tasks still running are cancelled, and the loop runs until they end.
            let rest: Vec<u32> = (0..self.threads.len() as u32)
                .filter(|t| {
                    *t != root && self.is_live(*t) && self.threads[*t as usize].kind == Kind::Task
                })
                .collect();
            if !rest.is_empty() {
                for t in &rest {
                    self.aio_cancel(*t);
                }
                let mut all = vec![root];
                all.extend(rest);
                self.threads[tid as usize].pending = Some(Pending::Tasks {
                    tids: all,
                    gather: false,
                });
                return Some(Ok(()));
            }
        }
        None
    }

    /// `await task`: its result, or its exception raised here.
    pub(super) fn task_outcome(&mut self, t: u32) -> R<Value> {
        match self.task_exc(t) {
            Some(e) => self.throw(e),
            None => Ok(self.threads[t as usize].result.clone()),
        }
    }

    /// An awaitable that CPython makes as a coroutine (not a task or future) as a coroutine of
    /// the prelude's `_aio_await(aw)`, so it can run as a task.
    pub(super) fn awaitable_coro(&mut self, v: &Value) -> Option<Value> {
        let Value::Awaitable(a) = v else {
            return None;
        };
        if matches!(
            **a,
            Awaitable::Task(_) | Awaitable::TimeoutCm(_) | Awaitable::TaskGroup(_)
        ) {
            return None;
        }
        let func = *self.prog.prelude.get("_aio_await")?;
        self.coros.push(Coro {
            func,
            args: vec![v.clone()],
            used: false,
        });
        Some(Value::Coro((self.coros.len() - 1) as u32))
    }

    /// A task to wait for: a task as is, a coroutine started as a new task.
    pub(super) fn task_of(&mut self, tid: u32, v: &Value) -> R<u32> {
        match v {
            Value::Awaitable(a) => match &**a {
                Awaitable::Task(t) => Ok(*t),
                _ => self.spawn_task(tid, v),
            },
            _ => self.spawn_task(tid, v),
        }
    }
}
