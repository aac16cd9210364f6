//! The methods of an `asyncio.Future` and of asyncio's own `Event`, `Semaphore`,
//! `BoundedSemaphore` and `Condition` where they differ from threading's: their waits and
//! acquires return awaitables (see [`super::aio_waits`]) instead of blocking the call.

use super::super::value::{Awaitable, SyncObj, Value};
use super::exceptions::{raise, ExcKind};
use super::*;

impl Machine {
    /// A future's outcome: its result, or its exception (or CancelledError) raised.
    pub(super) fn future_outcome(&mut self, i: u32) -> R<Value> {
        let f = self.aio().futures[i as usize].clone();
        if !f.done {
            return raise(ExcKind::InvalidStateError, "Result is not set.");
        }
        if f.cancelled {
            return raise(ExcKind::CancelledError, "");
        }
        match f.exc {
            Value::None => Ok(f.result),
            e => self.throw(e),
        }
    }

    /// A future's methods.
    pub(super) fn future_method(
        &mut self,
        tid: u32,
        i: u32,
        name: &str,
        args: &[Value],
    ) -> R<Value> {
        let f = self.aio().futures[i as usize].clone();
        Ok(match name {
            "done" => Value::Bool(f.done),
            "cancelled" => Value::Bool(f.cancelled),
            "cancel" => {
                if f.done {
                    return Ok(Value::Bool(false));
                }
                let x = &mut self.aio_mut().futures[i as usize];
                x.done = true;
                x.cancelled = true;
                Value::Bool(true)
            }
            "set_result" | "set_exception" => {
                nargs(args, 1, 1, name)?;
                if f.done {
                    return raise(ExcKind::InvalidStateError, "invalid state");
                }
                let v = if name == "set_exception" {
                    self.exc_object(tid, args[0].clone())?
                } else {
                    args[0].clone()
                };
                let x = &mut self.aio_mut().futures[i as usize];
                x.done = true;
                match name {
                    "set_result" => x.result = v,
                    _ => x.exc = v,
                }
                Value::None
            }
            "result" => self.future_outcome(i)?,
            "exception" => {
                if f.done && !f.cancelled {
                    f.exc
                } else {
                    self.future_outcome(i)?;
                    Value::None
                }
            }
            _ => {
                return rt(format!(
                "AttributeError: 'Future' object has no attribute '{name}' in ThreadLab's subset"
            ))
            }
        })
    }

    /// A method of an asyncio `Event`, `Semaphore` or `Condition` that differs from threading's
    /// (None: threading's does the same).
    pub(super) fn aio_sync_method(
        &mut self,
        tid: u32,
        s: u32,
        name: &str,
        args: &[Value],
    ) -> R<Option<Value>> {
        let aw = |a: Awaitable| Ok(Some(Value::Awaitable(Rc::new(a))));
        match (&self.syncs[s as usize], name) {
            (SyncObj::Event { .. }, "wait") => aw(Awaitable::EventWait(s)),
            (SyncObj::Semaphore { .. } | SyncObj::Lock { .. }, "acquire") => {
                aw(Awaitable::LockAcquire(s))
            }
            (SyncObj::Semaphore { value }, "locked") => Ok(Some(Value::Bool(*value <= 0))),
            (SyncObj::Semaphore { value }, "release") => {
                if self.aio().bounds.get(&s).is_some_and(|b| value >= b) {
                    return rt("ValueError: BoundedSemaphore released too many times");
                }
                self.release(tid, s)?;
                Ok(Some(Value::None))
            }
            (SyncObj::Condition { lock, .. }, "acquire") => aw(Awaitable::LockAcquire(*lock)),
            (SyncObj::Condition { lock, .. }, "locked") => {
                Ok(Some(Value::Bool(self.owns_any(*lock))))
            }
            (SyncObj::Condition { .. }, "wait") => aw(Awaitable::CondWait(s)),
            (SyncObj::Condition { .. }, "wait_for") => {
                nargs(args, 1, 1, "wait_for")?;
                let Some(func) = self.prog.prelude.get("_aio_cond_wait_for").copied() else {
                    return rt("internal error: the prelude has no _aio_cond_wait_for");
                };
                self.coros.push(Coro {
                    func,
                    args: vec![Value::Sync(s), args[0].clone()],
                    used: false,
                });
                Ok(Some(Value::Coro((self.coros.len() - 1) as u32)))
            }
            _ => Ok(None),
        }
    }

    /// Whether calls on sync object `s` never block (asyncio's: they make awaitables).
    pub(super) fn aio_never_blocks(&self, s: u32) -> bool {
        self.aio().syncs.contains(&s)
            || matches!(
                self.syncs.get(s as usize),
                Some(SyncObj::Queue {
                    kind: super::super::value::QueueKind::Asyncio,
                    ..
                })
            )
    }

    fn owns_any(&self, lock: u32) -> bool {
        matches!(
            &self.syncs[lock as usize],
            SyncObj::Lock { owner: Some(_), .. }
        )
    }

    /// Values asyncio keeps outside the threads (futures' results): roots for the collector.
    pub(super) fn aio_roots(&self) -> Vec<Value> {
        self.aio()
            .futures
            .iter()
            .flat_map(|f| [f.result.clone(), f.exc.clone()])
            .collect()
    }
}
