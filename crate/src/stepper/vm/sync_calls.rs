//! The calls on sync primitives: their constructors (`threading.Lock()`, `queue.Queue(3)`, …)
//! and their methods (`acquire`, `wait`, `notify`, `put`, `get`, …), each checking the same
//! blocking rule ([`Wait`]) the scheduler uses.

use super::super::value::{Awaitable, Builtin, QueueKind, SyncObj, Value};
use super::*;
use std::collections::VecDeque;
use std::rc::Rc;

impl Machine {
    /// A sync object's constructor: `threading.Lock()`, `queue.Queue(3)`, `multiprocessing.Value('i', 0)`, ….
    pub(super) fn make_sync(
        &mut self,
        b: Builtin,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        use Builtin as B;
        let nargs = |lo: usize, hi: usize, name: &str| nargs(args, lo, hi, name);
        Ok(match b {
            B::Lock | B::MpLock => {
                nargs(0, 0, "Lock")?;
                self.new_sync(SyncObj::Lock {
                    owner: None,
                    asyncio: false,
                    mp: b == B::MpLock,
                })
            }
            B::AsyncLock => {
                nargs(0, 0, "Lock")?;
                self.new_sync(SyncObj::Lock {
                    owner: None,
                    asyncio: true,
                    mp: false,
                })
            }
            B::RLock => {
                nargs(0, 0, "RLock")?;
                self.new_sync(SyncObj::RLock {
                    owner: None,
                    count: 0,
                })
            }
            B::Semaphore => {
                nargs(0, 1, "Semaphore")?;
                let v = match args.first().cloned().or_else(|| kwarg("value")) {
                    None => 1,
                    Some(v) => int_arg(&v, "Semaphore()")?,
                };
                if v < 0 {
                    return rt("ValueError: semaphore initial value must be >= 0");
                }
                self.new_sync(SyncObj::Semaphore { value: v })
            }
            B::Condition => {
                nargs(0, 1, "Condition")?;
                let lock = match args.first().cloned().or_else(|| kwarg("lock")) {
                    None | Some(Value::None) => match self.new_sync(SyncObj::RLock {
                        owner: None,
                        count: 0,
                    }) {
                        Value::Sync(s) => s,
                        _ => 0,
                    },
                    Some(Value::Sync(s))
                        if matches!(
                            self.syncs[s as usize],
                            SyncObj::Lock { .. } | SyncObj::RLock { .. }
                        ) =>
                    {
                        s
                    }
                    Some(v) => {
                        return rt(format!(
                            "TypeError: Condition() needs a Lock or RLock, not {}",
                            type_name(&v)
                        ))
                    }
                };
                self.new_sync(SyncObj::Condition {
                    lock,
                    waiters: vec![],
                })
            }
            B::Event => {
                nargs(0, 0, "Event")?;
                self.new_sync(SyncObj::Event { flag: false })
            }
            B::Queue | B::MpQueue | B::AsyncQueue => {
                nargs(0, 1, "Queue")?;
                let maxsize = match args.first().cloned().or_else(|| kwarg("maxsize")) {
                    None => 0,
                    Some(v) => int_arg(&v, "Queue()")?,
                };
                let kind = match b {
                    B::Queue => QueueKind::Thread,
                    B::MpQueue => QueueKind::Process,
                    _ => QueueKind::Asyncio,
                };
                self.new_sync(SyncObj::Queue {
                    items: VecDeque::new(),
                    maxsize,
                    kind,
                })
            }
            B::MpValue => return self.mp_value_new(args, kwarg), // multiprocessing
            #[allow(unreachable_patterns)]
            B::MpValue => {
                nargs(2, 2, "Value")?;
                if !matches!(args[0], Value::Str(_)) {
                    return rt("TypeError: Value() needs a typecode string such as 'i'");
                }
                let v = Value::Int(int_arg(&args[1], "Value()")?);
                let lock = match self.new_sync(SyncObj::RLock {
                    owner: None,
                    count: 0,
                }) {
                    Value::Sync(s) => s,
                    _ => 0,
                };
                self.new_sync(SyncObj::MpValue { value: v, lock })
            }
            _ => return rt("internal error: not a sync constructor"),
        })
    }

    /// A method of a sync object (`acquire`, `wait`, `put`, …). A call that would block never
    /// runs: [`Machine::blocker`] keeps the thread from being scheduled until it can proceed.
    pub(super) fn call_sync_method(
        &mut self,
        tid: u32,
        sid: u32,
        name: &str,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        let v = {
            let blocking = !matches!(
                args.first()
                    .cloned()
                    .or_else(|| kwarg("blocking"))
                    .or_else(|| kwarg("block")),
                Some(Value::Bool(false)) | Some(Value::Int(0))
            );
            let s = self.syncs[sid as usize].clone();
            match (&s, name) {
                (SyncObj::Lock { asyncio: true, .. }, "acquire") => {
                    Value::Awaitable(Rc::new(Awaitable::LockAcquire(sid)))
                }
                (
                    SyncObj::Lock { .. }
                    | SyncObj::RLock { .. }
                    | SyncObj::Semaphore { .. }
                    | SyncObj::Condition { .. },
                    "acquire",
                ) => {
                    if self.acquire_wait(tid, sid).is_some() {
                        if blocking {
                            return rt("internal error: blocked acquire ran");
                        }
                        Value::Bool(false)
                    } else {
                        self.acquire(tid, sid)?;
                        Value::Bool(true)
                    }
                }
                (_, "release") => {
                    self.release(tid, sid)?;
                    Value::None
                }
                (SyncObj::Lock { owner, .. }, "locked") => Value::Bool(owner.is_some()),
                (SyncObj::Condition { lock, .. }, "wait") => {
                    let lock = *lock;
                    if !self.owns(tid, lock) {
                        return rt("RuntimeError: cannot wait on un-acquired lock");
                    }
                    let count = match &self.syncs[lock as usize] {
                        SyncObj::RLock { count, .. } => *count,
                        _ => 1,
                    };
                    match &mut self.syncs[lock as usize] {
                        SyncObj::RLock { owner, count } => {
                            *owner = None;
                            *count = 0;
                        }
                        SyncObj::Lock { owner, .. } => *owner = None,
                        _ => {}
                    }
                    if let SyncObj::Condition { waiters, .. } = &mut self.syncs[sid as usize] {
                        waiters.push(tid);
                    }
                    self.threads[tid as usize].pending = Some(Pending::CondWait {
                        cond: sid,
                        lock,
                        count,
                    });
                    return Ok(Done::Pending);
                }
                (SyncObj::Condition { lock, .. }, "notify" | "notify_all") => {
                    if !self.owns(tid, *lock) {
                        return rt("RuntimeError: cannot notify on un-acquired lock");
                    }
                    let n = if name == "notify_all" {
                        usize::MAX
                    } else {
                        match args.first().cloned().or_else(|| kwarg("n")) {
                            None => 1,
                            Some(Value::Int(k)) => k.max(0) as usize,
                            Some(v) => {
                                return rt(format!(
                                    "TypeError: notify() n must be an int, not {}",
                                    type_name(&v)
                                ))
                            }
                        }
                    };
                    if let SyncObj::Condition { waiters, .. } = &mut self.syncs[sid as usize] {
                        let k = n.min(waiters.len());
                        waiters.drain(..k);
                    }
                    Value::None
                }
                (SyncObj::Event { .. }, "set" | "clear") => {
                    self.syncs[sid as usize] = SyncObj::Event {
                        flag: name == "set",
                    };
                    Value::None
                }
                (SyncObj::Event { flag }, "is_set") => Value::Bool(*flag),
                (SyncObj::Event { .. }, "wait") => Value::Bool(true),
                (
                    SyncObj::Queue {
                        kind: QueueKind::Asyncio,
                        ..
                    },
                    "get",
                ) => Value::Awaitable(Rc::new(Awaitable::QueueGet(sid))),
                (
                    SyncObj::Queue {
                        kind: QueueKind::Asyncio,
                        ..
                    },
                    "put",
                ) => {
                    if args.len() != 1 {
                        return rt("TypeError: put() takes exactly one argument");
                    }
                    Value::Awaitable(Rc::new(Awaitable::QueuePut(sid, args[0].clone())))
                }
                (SyncObj::Queue { .. }, "get") => {
                    if self.get_wait(sid).is_some() {
                        if blocking {
                            return rt("internal error: blocked get ran");
                        }
                        return self
                            .queue_error(tid, "get")
                            .map(|_| Done::Value(Value::None));
                    }
                    self.queue_get(sid)?
                }
                (SyncObj::Queue { .. }, "put") => {
                    if args.is_empty() {
                        return rt(
                            "TypeError: put() missing 1 required positional argument: 'item'",
                        );
                    }
                    if self.put_wait(sid).is_some() {
                        return self
                            .queue_error(tid, "put")
                            .map(|_| Done::Value(Value::None));
                    }
                    self.queue_put(sid, args[0].clone())?;
                    Value::None
                }
                (SyncObj::Queue { items, .. }, "qsize") => Value::Int(items.len() as i64),
                (SyncObj::Queue { items, .. }, "empty") => Value::Bool(items.is_empty()),
                (SyncObj::Queue { .. }, "full") => Value::Bool(self.put_wait(sid).is_some()),
                (SyncObj::MpValue { lock, .. }, "get_lock") => Value::Sync(*lock),
                _ => {
                    return rt(format!(
                        "AttributeError: '{}' object has no method '{name}' in ThreadLab's subset",
                        s.kind()
                    ))
                }
            }
        };
        Ok(Done::Value(v))
    }
}
