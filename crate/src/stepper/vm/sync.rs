//! The sync primitives: each one's blocking rule, stated once as a [`Wait`] ("why it waits"),
//! which both the scheduler ([`Machine::blocker`]) and the methods that would block use; and
//! what acquiring, releasing, putting and getting do.
//!
//! Blocking is *retry*: a call that would block is not run at all (the thread is simply not
//! runnable and its pc stays on the call). Only the snapshot renders a [`Wait`] as English.

use super::super::compile::Op;
use super::super::value::{Awaitable, QueueKind, SyncObj, Value};
use super::*;

/// Why a thread cannot take its next step (typed; rendered to text only by the snapshot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Acquiring `sync`, a `Lock` or `RLock` (or a Condition's lock) held by `holder`.
    Lock { sync: u32, holder: u32 },
    /// Acquiring `sync`, a `Semaphore` whose count is 0.
    Semaphore { sync: u32 },
    /// In `Condition.wait()` on `cond`, not notified yet.
    Notify { cond: u32 },
    /// `Event.wait()` on `sync`, which is clear.
    Event { sync: u32 },
    /// `get()` on `sync`, an empty queue.
    QueueEmpty { sync: u32 },
    /// `put()` on `sync`, a full bounded queue.
    QueueFull { sync: u32 },
    /// `join()` (or `await`) of `thread`, still running.
    Join { thread: u32 },
    /// `asyncio.run` / `await asyncio.gather(…)` with some of its tasks still running
    /// (the thread's `Pending::Tasks` lists them).
    Tasks,
    // clock
    /// Asleep (`time.sleep`, `asyncio.sleep`, a Timer) until virtual time `until` (ns).
    Sleep { until: u64 },
    /// `Queue.join()` on `sync` while some item is not `task_done()`.
    TaskDone { sync: u32 },
    /// `Barrier.wait()` on `sync` until every party arrives.
    Barrier { sync: u32 },
    // asyncio
    /// `asyncio.wait`, `as_completed` or a `TaskGroup` block's end, waiting for its tasks.
    AioTasks,
    /// Awaiting an `asyncio.Future` not done yet.
    AioFuture,
}

/// A blocked thread: why, and the sync object whose waiters it joins in the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub why: Wait,
    pub on: Option<u32>,
}

impl Blocked {
    pub(super) fn on(why: Wait, sync: u32) -> Blocked {
        Blocked {
            why,
            on: Some(sync),
        }
    }
}

impl Machine {
    /// The rule for `acquire()` (and `with`) on lock-like `sid`: would it block `tid`?
    pub(super) fn acquire_wait(&self, tid: u32, sid: u32) -> Option<Wait> {
        match self.syncs.get(sid as usize)? {
            SyncObj::Lock { owner: Some(o), .. } => Some(Wait::Lock {
                sync: sid,
                holder: *o,
            }),
            SyncObj::RLock { owner: Some(o), .. } if *o != tid => Some(Wait::Lock {
                sync: sid,
                holder: *o,
            }),
            SyncObj::Semaphore { value } if *value <= 0 => Some(Wait::Semaphore { sync: sid }),
            SyncObj::Condition { lock, .. } => self.acquire_wait(tid, *lock),
            _ => None,
        }
    }

    /// The rule for `get()` on queue `sid`: it waits while the queue is empty.
    pub(super) fn get_wait(&self, sid: u32) -> Option<Wait> {
        match self.syncs.get(sid as usize)? {
            SyncObj::Queue { items, .. } if items.is_empty() => {
                Some(Wait::QueueEmpty { sync: sid })
            }
            _ => None,
        }
    }

    /// The rule for `put()` on queue `sid`: it waits while a bounded queue is full.
    pub(super) fn put_wait(&self, sid: u32) -> Option<Wait> {
        match self.syncs.get(sid as usize)? {
            SyncObj::Queue { items, maxsize, .. }
                if *maxsize > 0 && items.len() as i64 >= *maxsize =>
            {
                Some(Wait::QueueFull { sync: sid })
            }
            _ => None,
        }
    }

    /// The rule for `Event.wait()`: it waits while the flag is clear.
    pub(super) fn event_wait(&self, sid: u32) -> Option<Wait> {
        match self.syncs.get(sid as usize)? {
            SyncObj::Event { flag: false } => Some(Wait::Event { sync: sid }),
            _ => None,
        }
    }

    /// The rule for `join()` / awaiting a task: it waits while the thread runs.
    pub(super) fn join_wait(&self, thread: u32) -> Option<Wait> {
        self.is_live(thread).then_some(Wait::Join { thread })
    }

    /// Why `tid` cannot take its next step, or None if it can.
    pub fn blocker(&self, tid: u32) -> Option<Blocked> {
        // asyncio: a suspended task with a cancel to receive can run.
        if self.aio_runnable(tid) {
            return None;
        }
        self.blocker_plain(tid)
    }

    /// [`Machine::blocker`] before asyncio's cancellations.
    pub(super) fn blocker_plain(&self, tid: u32) -> Option<Blocked> {
        let t = self.threads.get(tid as usize)?;
        if t.state != TState::Live {
            return None;
        }
        // clock
        if let Some(b) = self.clock_blocker(tid) {
            return b;
        }
        match &t.pending {
            Some(Pending::CondWait { cond, lock, .. }) => {
                if let Some(SyncObj::Condition { waiters, .. }) = self.syncs.get(*cond as usize) {
                    // clock: a `wait(timeout)` past its deadline stops waiting for a notify.
                    if waiters.contains(&tid) && !self.deadline_passed(tid) {
                        return Some(Blocked::on(Wait::Notify { cond: *cond }, *cond));
                    }
                }
                return self.acquire_wait(tid, *lock).map(|w| Blocked::on(w, *lock));
            }
            Some(Pending::Tasks { tids, gather }) => {
                return self.tasks_pending(tid, tids, *gather).then_some(Blocked {
                    why: Wait::Tasks,
                    on: None,
                });
            }
            None => {}
        }
        let f = t.frames.last()?;
        let code = &self.prog.codes[f.code as usize];
        let op = &code.instrs.get(f.pc as usize)?.op;
        match op {
            // functions: `f(*args)` blocks like `f(a)`
            Op::Call(_) | Op::CallKw(..) | Op::CallEx => {
                // speed: only a method call can block; look at the callee before copying arguments.
                if let Op::Call(n) = op {
                    let at = f.stack.len().checked_sub(*n as usize + 1)?;
                    if !matches!(f.stack[at], Value::Method(_)) {
                        return None;
                    }
                }
                let (callee, args, kw) = self.call_parts_owned(t.process, f, code, op)?;
                let Value::Method(m) = callee else {
                    return None;
                };
                let (recv, name) = (&m.0, &*m.1);
                // asyncio: its sync objects' calls make awaitables, they never block.
                if matches!(recv, Value::Sync(s) if self.aio_never_blocks(*s)) {
                    return None;
                }
                // clock
                if let Some(b) = self.clock_call_blocker(tid, recv, name, &args, &kw) {
                    return b;
                }
                let blocking_arg = args.first().or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "blocking" || &**k == "block")
                        .map(|(_, v)| v)
                });
                let blocking =
                    !matches!(blocking_arg, Some(Value::Bool(false)) | Some(Value::Int(0)));
                match recv {
                    Value::Sync(sid) => {
                        let sid = *sid;
                        // multiprocessing
                        if let Some(w) = self.mp_blocker(tid, sid, name, &args, &kw) {
                            return w.map(|w| Blocked::on(w, sid));
                        }
                        let why = match (self.syncs.get(sid as usize)?, name) {
                            (
                                SyncObj::Lock { asyncio: false, .. }
                                | SyncObj::RLock { .. }
                                | SyncObj::Semaphore { .. }
                                | SyncObj::Condition { .. },
                                "acquire",
                            ) if blocking => self.acquire_wait(tid, sid),
                            (SyncObj::Event { .. }, "wait") => self.event_wait(sid),
                            (SyncObj::Queue { kind, .. }, "get")
                                if *kind != QueueKind::Asyncio && blocking =>
                            {
                                self.get_wait(sid)
                            }
                            (SyncObj::Queue { kind, .. }, "put") if *kind != QueueKind::Asyncio => {
                                self.put_wait(sid)
                            }
                            _ => None,
                        };
                        why.map(|w| Blocked::on(w, sid))
                    }
                    Value::ThreadObj(o) if name == "join" => {
                        let j = self.tobjs.get(*o as usize)?.tid?;
                        self.join_wait(j).map(|why| Blocked { why, on: None })
                    }
                    _ => None,
                }
            }
            Op::WithEnter => match f.stack.last()? {
                Value::Sync(sid) => self.acquire_wait(tid, *sid).map(|w| Blocked::on(w, *sid)),
                _ => None,
            },
            Op::Await => match f.stack.last()? {
                Value::Awaitable(a) => match &**a {
                    Awaitable::LockAcquire(sid) => {
                        self.acquire_wait(tid, *sid).map(|w| Blocked::on(w, *sid))
                    }
                    Awaitable::QueueGet(sid) => self.get_wait(*sid).map(|w| Blocked::on(w, *sid)),
                    Awaitable::QueuePut(sid, _) => {
                        self.put_wait(*sid).map(|w| Blocked::on(w, *sid))
                    }
                    Awaitable::Task(t) => self.join_wait(*t).map(|why| Blocked { why, on: None }),
                    a => self.aio_await_blocker(tid, a), // asyncio
                },
                _ => None,
            },
            Op::WithExit => self.aio_with_exit_blocker(tid), // asyncio
            _ => None,
        }
    }
}

impl Machine {
    pub(super) fn new_sync(&mut self, s: SyncObj) -> Value {
        self.syncs.push(s);
        Value::Sync((self.syncs.len() - 1) as u32)
    }

    pub(super) fn acquire(&mut self, tid: u32, sid: u32) -> R<()> {
        match &mut self.syncs[sid as usize] {
            SyncObj::Lock { owner, .. } => {
                if owner.is_some() {
                    return rt("internal error: acquire of a held lock");
                }
                *owner = Some(tid);
            }
            SyncObj::RLock { owner, count } => {
                *owner = Some(tid);
                *count += 1;
            }
            SyncObj::Semaphore { value } => *value -= 1,
            SyncObj::Condition { lock, .. } => {
                let l = *lock;
                return self.acquire(tid, l);
            }
            _ => return rt("TypeError: this object cannot be acquired"),
        }
        Ok(())
    }

    pub(super) fn release(&mut self, tid: u32, sid: u32) -> R<()> {
        match &mut self.syncs[sid as usize] {
            SyncObj::Lock { owner, .. } => {
                if owner.is_none() {
                    return rt("RuntimeError: release unlocked lock");
                }
                *owner = None;
            }
            SyncObj::RLock { owner, count } => {
                if *owner != Some(tid) {
                    return rt("RuntimeError: cannot release un-acquired lock");
                }
                *count -= 1;
                if *count == 0 {
                    *owner = None;
                }
            }
            SyncObj::Semaphore { value } => *value += 1,
            SyncObj::Condition { lock, .. } => {
                let l = *lock;
                return self.release(tid, l);
            }
            _ => return rt("TypeError: this object cannot be released"),
        }
        Ok(())
    }

    pub(super) fn owns(&self, tid: u32, sid: u32) -> bool {
        match &self.syncs[sid as usize] {
            SyncObj::Lock { owner, .. } | SyncObj::RLock { owner, .. } => *owner == Some(tid),
            _ => false,
        }
    }

    pub(super) fn queue_get(&mut self, sid: u32) -> R<Value> {
        // clock
        if let Some(r) = self.queue_variant_get(sid) {
            return r;
        }
        match &mut self.syncs[sid as usize] {
            SyncObj::Queue { items, .. } => items.pop_front().map_or_else(|| rt("queue.Empty"), Ok),
            _ => rt("TypeError: not a queue"),
        }
    }

    pub(super) fn queue_put(&mut self, sid: u32, v: Value) -> R<()> {
        // clock
        if let Some(r) = self.queue_variant_put(sid, &v) {
            return r;
        }
        match &mut self.syncs[sid as usize] {
            SyncObj::Queue { items, kind, .. } => {
                if *kind == QueueKind::Process && !crosses_processes(&v) {
                    return rt("TypeError: only ints, strings, bools, None and tuples of them can go through a multiprocessing.Queue in ThreadLab's subset");
                }
                items.push_back(v);
                Ok(())
            }
            _ => rt("TypeError: not a queue"),
        }
    }
}
