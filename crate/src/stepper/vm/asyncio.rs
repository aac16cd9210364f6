//! asyncio: tasks (threads of kind Task that switch only at a suspending `await`),
//! coroutines and awaitables.
//!
//! The rest of asyncio has files of its own: [`super::aio`] (a task's exception kept for its
//! awaiter, cancellation delivered at the suspended `await`, `asyncio.run` cancelling the tasks
//! left), [`super::aio_calls`] (the names: `wait_for`, `wait`, `as_completed`, `timeout`,
//! `TaskGroup`, `Event`, `Semaphore`, `Condition`, `Future`, the event loop object, task
//! methods), [`super::aio_waits`] (each wait's blocking rule and completion) and
//! [`super::aio_sync`] (futures' and asyncio sync objects' methods).
//!
//! Not modelled: `add_done_callback` (a callback would run outside any task the learner
//! steps), `shield`, `Protocol`/streams/servers (the network), `except*` (an ExceptionGroup
//! is caught with `except ExceptionGroup` or `except Exception`), and a `TaskGroup` whose body
//! raises does not cancel its tasks first (it waits for them).

use super::super::value::{Awaitable, Builtin, Value};
use super::*;
use std::rc::Rc;

impl Machine {
    pub(super) fn spawn_task(&mut self, parent: u32, c: &Value) -> R<u32> {
        // asyncio: `asyncio.sleep(1)`, `wait_for(...)`, … are coroutines in CPython.
        let wrapped = self.awaitable_coro(c);
        let c = wrapped.as_ref().unwrap_or(c);
        let Value::Coro(ci) = c else {
            return rt(format!(
                "TypeError: an asyncio.Future, a coroutine or an awaitable is required, not {}",
                type_name(c)
            ));
        };
        let co = &mut self.coros[*ci as usize];
        if co.used {
            return rt("RuntimeError: cannot reuse already awaited coroutine");
        }
        co.used = true;
        let (func, args) = (co.func, co.args.clone());
        self.new_thread(parent, Kind::Task, func, args, false)
    }

    /// `await x`: a coroutine runs in this task's frames; an awaitable completes (or, when it
    /// cannot, [`Machine::blocker`] holds the task on this instruction).
    pub(super) fn exec_await(&mut self, tid: u32) -> R<()> {
        let o = self.frame(tid).stack.last().cloned().unwrap_or(Value::None);
        match o {
            Value::Coro(c) => {
                self.pop(tid)?;
                let co = &mut self.coros[c as usize];
                if co.used {
                    return rt("RuntimeError: cannot reuse already awaited coroutine");
                }
                co.used = true;
                let (func, args) = (co.func, co.args.clone());
                self.push_frame(tid, func, args)?;
            }
            Value::Awaitable(a) => match &*a {
                Awaitable::Sleep => {
                    self.pop(tid)?;
                    self.push(tid, Value::None);
                    self.threads[tid as usize].yielded = true;
                }
                Awaitable::Gather(coros) => {
                    self.frame(tid).pc -= 1;
                    let mut tids = vec![];
                    for c in coros {
                        tids.push(self.task_of(tid, c)?);
                    }
                    self.threads[tid as usize].pending =
                        Some(Pending::Tasks { tids, gather: true });
                }
                Awaitable::LockAcquire(s) => {
                    self.pop(tid)?;
                    self.acquire(tid, *s)?;
                    self.push(tid, Value::Bool(true));
                }
                Awaitable::QueueGet(s) => {
                    self.pop(tid)?;
                    let v = self.queue_get(*s)?;
                    self.push(tid, v);
                }
                Awaitable::Task(t) => {
                    self.pop(tid)?;
                    let v = self.task_outcome(*t)?; // its exception is raised here
                    self.push(tid, v);
                }
                Awaitable::QueuePut(s, v) => {
                    self.pop(tid)?;
                    self.queue_put(*s, v.clone())?;
                    self.push(tid, Value::None);
                }
                // clock
                Awaitable::SleepFor(ns) => {
                    self.pop(tid)?;
                    self.push(tid, Value::None);
                    self.sleep_for(tid, *ns);
                }
                a => self.aio_await(tid, a)?, // asyncio: vm/aio_waits.rs
            },
            _ => {
                return rt(format!(
                    "TypeError: object {} can't be used in 'await' expression",
                    type_name(&o)
                ))
            }
        }
        Ok(())
    }

    /// `asyncio.run`, `create_task`, `sleep` and `gather`.
    pub(super) fn call_async_builtin(
        &mut self,
        tid: u32,
        b: Builtin,
        args: &[Value],
        no_kw: &dyn Fn(&str) -> R<()>,
    ) -> R<Done> {
        use Builtin as B;
        let nargs = |lo: usize, hi: usize, name: &str| nargs(args, lo, hi, name);
        let v = match b {
            B::AsyncRun => {
                nargs(1, 1, "asyncio.run")?;
                let t = self.spawn_task(tid, &args[0])?;
                // At its end the tasks still running are cancelled (CPython's asyncio.run).
                self.aio_mut().run_roots.insert(t);
                self.threads[tid as usize].pending = Some(Pending::Tasks {
                    tids: vec![t],
                    gather: false,
                });
                return Ok(Done::Pending);
            }
            B::AsyncCreateTask => {
                nargs(1, 1, "asyncio.create_task")?;
                let t = self.spawn_task(tid, &args[0])?;
                Value::Awaitable(Rc::new(Awaitable::Task(t)))
            }
            B::AsyncSleep => {
                nargs(1, 1, "asyncio.sleep")?;
                // clock
                self.async_sleep_awaitable(args)?
            }
            B::AsyncGather => {
                no_kw("gather")?;
                Value::Awaitable(Rc::new(Awaitable::Gather(args.to_vec())))
            }
            _ => return rt("internal error: not an asyncio built-in"),
        };
        Ok(Done::Value(v))
    }
}
