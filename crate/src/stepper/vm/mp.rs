//! multiprocessing's channels and shared memory: what crosses a process boundary is a copy.
//!
//! - A `multiprocessing.Queue` pickles what is `put` and unpickles a new copy at each `get`
//!   (`vm/mp_pickle.rs`), in the getter's process.
//! - `Pipe(duplex=True)` makes two `Connection` ends over two process queues (one for a one-way
//!   pipe): `send` pickles, `recv` blocks while nothing is there (the same `QueueEmpty` wait the
//!   explorer knows) and unpickles; `poll(timeout)` waits on the virtual clock; `close` closes
//!   the end in the calling process only (each process holds its own handle, as after a fork).
//! - `Array(typecode, size_or_items)` is shared by every process, like `Value`, with its own
//!   `get_lock()`; `a[i]`, `a[i] = x`, `len(a)`, `a[:]` and iteration.
//! - `get_start_method()`, and the prelude's `_process_number()` (multiprocessing's process
//!   counter, for the names CPython gives pool workers: `ForkPoolWorker-N`, ...).

use super::super::modules::LibFn;
use super::super::value::{QueueKind, SyncObj, Value};
use super::builtins::nargs;
use super::modes::StartMethod;
use super::sync::Wait;
use super::*;
use std::collections::VecDeque;
use std::rc::Rc;

pub(super) use super::mp_shared::shared_number;

impl Machine {
    /// A method call on a sync object that multiprocessing handles here: a process queue's
    /// `put`/`get` (pickled), a `Connection`'s and an `Array`'s methods. `None`: not ours.
    pub(super) fn mp_sync_method(
        &mut self,
        tid: u32,
        sid: u32,
        name: &str,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Option<Done>> {
        let p = self.proc(tid);
        match (&self.syncs[sid as usize], name) {
            (
                SyncObj::Queue {
                    kind: QueueKind::Process,
                    ..
                },
                "put" | "put_nowait",
            ) if !args.is_empty() => {
                let mut a = args.to_vec();
                a[0] = self.mp_pickle(p, &args[0])?;
                let recv = Value::Sync(sid);
                match self.call_method_extra(tid, &recv, name, &a, kwarg)? {
                    Some(d) => Ok(Some(d)),
                    None => self.call_sync_method(tid, sid, name, a, kwarg).map(Some),
                }
            }
            (
                SyncObj::Queue {
                    kind: QueueKind::Process,
                    ..
                },
                "get" | "get_nowait",
            ) => {
                let recv = Value::Sync(sid);
                let d = match self.call_method_extra(tid, &recv, name, args, kwarg)? {
                    Some(d) => d,
                    None => self.call_sync_method(tid, sid, name, args.to_vec(), kwarg)?,
                };
                Ok(Some(match d {
                    Done::Value(v) => Done::Value(self.mp_unpickle(tid, v)?),
                    other => other,
                }))
            }
            // The feeder thread's controls: nothing to flush here (a put is in the queue at once).
            (
                SyncObj::Queue {
                    kind: QueueKind::Process,
                    ..
                },
                "close" | "join_thread" | "cancel_join_thread",
            ) => {
                nargs(args, 0, 0, name)?;
                Ok(Some(Done::Value(Value::None)))
            }
            (SyncObj::Conn { .. }, _) => self.conn_method(tid, sid, name, args, kwarg).map(Some),
            (SyncObj::MpArray { lock, .. }, "get_lock") => {
                Ok(Some(Done::Value(Value::Sync(*lock))))
            }
            (
                SyncObj::MpArray { lock, .. } | SyncObj::MpValue { lock, .. },
                "acquire" | "release",
            ) => {
                let lock = Value::Sync(*lock);
                self.call_method(tid, &lock, name, args.to_vec(), kwarg, &|_| Ok(()))
                    .map(Some)
            }
            _ => Ok(None),
        }
    }

    /// `send`, `recv`, `poll`, `close` of a `Pipe` end.
    fn conn_method(
        &mut self,
        tid: u32,
        sid: u32,
        name: &str,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        let p = self.proc(tid) as u32;
        let SyncObj::Conn { rx, tx, closed } = self.syncs[sid as usize].clone() else {
            return rt("internal error: not a Connection");
        };
        if closed.contains(&p) && name != "close" {
            return rt("OSError: handle is closed");
        }
        let v = match name {
            "send" => {
                nargs(args, 1, 1, "send")?;
                let Some(q) = tx else {
                    return rt("OSError: connection is read-only");
                };
                let v = self.mp_pickle(p as usize, &args[0])?;
                self.queue_put(q, v)?;
                Value::None
            }
            "recv" => {
                nargs(args, 0, 0, "recv")?;
                let Some(q) = rx else {
                    return rt("OSError: connection is write-only");
                };
                // It runs only once something is there (`mp_blocker`).
                let v = self.queue_get(q)?;
                self.mp_unpickle(tid, v)?
            }
            "poll" => {
                nargs(args, 0, 1, "poll")?;
                let Some(q) = rx else {
                    return rt("OSError: connection is write-only");
                };
                if self.get_wait(q).is_none() {
                    self.ex().deadlines.remove(&tid);
                    return Ok(Done::Value(Value::Bool(true)));
                }
                let t = args.first().cloned().or_else(|| kwarg("timeout"));
                match t {
                    None => Value::Bool(false),
                    // poll(None) waits for data: it runs only once there is some.
                    Some(Value::None) => Value::Bool(true),
                    Some(t) => {
                        let ns = super::clock::secs_arg(&t, "timeout")?;
                        match self.extras.deadlines.get(&tid).copied() {
                            None if ns > 0 => {
                                let d = self.extras.now.saturating_add(ns);
                                self.ex().deadlines.insert(tid, d);
                                return Ok(Done::Pending);
                            }
                            _ => {
                                self.ex().deadlines.remove(&tid);
                                Value::Bool(false)
                            }
                        }
                    }
                }
            }
            "close" => {
                nargs(args, 0, 0, "close")?;
                if let SyncObj::Conn { closed, .. } = &mut self.syncs[sid as usize] {
                    if !closed.contains(&p) {
                        closed.push(p);
                        closed.sort_unstable();
                    }
                }
                Value::None
            }
            _ => {
                return rt(format!(
                    "AttributeError: 'Connection' object has no attribute '{name}' in ThreadLab's subset"
                ))
            }
        };
        Ok(Done::Value(v))
    }

    /// Whether `tid`'s call `name` on sync `sid` waits, for the multiprocessing objects:
    /// `Some(wait)` (or `Some(None)`: it can run); `None`: not ours.
    pub(super) fn mp_blocker(
        &self,
        tid: u32,
        sid: u32,
        name: &str,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> Option<Option<Wait>> {
        let q = match (self.syncs.get(sid as usize)?, name) {
            // A closed end raises at once instead of waiting.
            (SyncObj::Conn { closed, .. }, _)
                if closed.contains(&self.threads[tid as usize].process) =>
            {
                return Some(None)
            }
            (SyncObj::Conn { rx: Some(q), .. }, _) => q,
            (SyncObj::MpArray { lock, .. } | SyncObj::MpValue { lock, .. }, "acquire") => {
                let blocking = !matches!(args.first(), Some(Value::Bool(false) | Value::Int(0)));
                return Some(if blocking {
                    self.acquire_wait(tid, *lock)
                } else {
                    None
                });
            }
            _ => return None,
        };
        Some(match name {
            "recv" => self.get_wait(*q),
            "poll" => {
                let t = args
                    .first()
                    .or_else(|| kw.iter().find(|(k, _)| &**k == "timeout").map(|(_, v)| v));
                match t {
                    Some(Value::None) => self.get_wait(*q),
                    Some(_) => match self.extras.deadlines.get(&tid) {
                        Some(d) if *d > self.extras.now => self.get_wait(*q),
                        _ => None,
                    },
                    None => None,
                }
            }
            _ => None,
        })
    }

    /// `multiprocessing.Pipe`, `Array`, `get_start_method`, and the prelude's `_process_number`.
    pub(super) fn mp_lib(
        &mut self,
        tid: u32,
        f: LibFn,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        let p = self.proc(tid);
        Ok(match f {
            LibFn::Pipe => {
                nargs(args, 0, 1, "Pipe")?;
                let duplex = match args.first().cloned().or_else(|| kwarg("duplex")) {
                    None => true,
                    Some(v) => !matches!(v, Value::Bool(false) | Value::Int(0) | Value::None),
                };
                let mut queue = || match self.new_sync(SyncObj::Queue {
                    items: VecDeque::new(),
                    maxsize: 0,
                    kind: QueueKind::Process,
                }) {
                    Value::Sync(s) => s,
                    _ => 0,
                };
                let a = queue();
                let (one, two) = if duplex {
                    let b = queue();
                    (
                        SyncObj::Conn {
                            rx: Some(a),
                            tx: Some(b),
                            closed: vec![],
                        },
                        SyncObj::Conn {
                            rx: Some(b),
                            tx: Some(a),
                            closed: vec![],
                        },
                    )
                } else {
                    // Pipe(False): the first end only receives, the second only sends.
                    (
                        SyncObj::Conn {
                            rx: Some(a),
                            tx: None,
                            closed: vec![],
                        },
                        SyncObj::Conn {
                            rx: None,
                            tx: Some(a),
                            closed: vec![],
                        },
                    )
                };
                let one = self.new_sync(one);
                let two = self.new_sync(two);
                Value::Tuple(Rc::new([one, two]))
            }
            LibFn::Array => self.mp_array_new(p, args, kwarg)?,
            LibFn::GetStartMethod => {
                nargs(args, 0, 1, "get_start_method")?;
                Value::Str(
                    match self.mode.start_method() {
                        StartMethod::Fork => "fork",
                        StartMethod::Spawn => "spawn",
                        StartMethod::Forkserver => "forkserver",
                    }
                    .into(),
                )
            }
            LibFn::ProcessNumber => {
                self.ex().process_names += 1;
                Value::Int(self.extras.process_names as i64)
            }
            _ => return rt("internal error: not a multiprocessing function"),
        })
    }

    /// Whether a thread's target is the prelude's pool result handler (always a thread).
    pub(super) fn mp_handler_target(&self, target: &Value) -> bool {
        matches!(target, Value::Func(f) if self.prog.prelude.get("_mp_handle_results") == Some(f))
    }

    /// How the page shows a Connection or an Array.
    pub fn mp_sync_text(&self, s: &SyncObj) -> String {
        let queue = |q: &Option<u32>| match q.and_then(|q| self.syncs.get(q as usize)) {
            Some(SyncObj::Queue { items, .. }) => {
                let xs: Vec<String> = items.iter().map(|v| self.repr(0, v)).collect();
                format!("[{}]", xs.join(", "))
            }
            _ => "-".into(),
        };
        match s {
            SyncObj::Conn { rx, tx, closed } => {
                let mut t = format!("incoming {}", queue(rx));
                if tx.is_none() {
                    t.push_str(" (receive only)");
                } else if rx.is_none() {
                    t = "send only".into();
                }
                if !closed.is_empty() {
                    t.push_str(" (closed in some processes)");
                }
                t
            }
            SyncObj::MpArray {
                items, typecode, ..
            } => {
                let xs: Vec<String> = items.iter().map(|v| self.repr(0, v)).collect();
                format!("array('{typecode}', [{}])", xs.join(", "))
            }
            _ => String::new(),
        }
    }
}
