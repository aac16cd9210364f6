//! Attributes and methods of thread objects, `local`s, barriers and the queue extras
//! (timeouts, `Barrier.wait`, `BoundedSemaphore.release`, `Timer.cancel`, the old
//! camelCase forms), and the blocking rules of those calls.

use super::super::value::{SyncObj, Value};
use super::clock::{IDENT_BASE, MAIN_PID};
use super::threads_extra::truthy;
use super::*;
use std::rc::Rc;

impl Machine {
    /// Attributes of thread objects, `local`s, barriers and the queue extras; `None` when the
    /// plain attribute rules apply. The thread asking is the one being stepped (`current`).
    pub(super) fn get_attr_extra(&self, o: &Value, n: &str) -> Option<R<Value>> {
        let method = || Some(Ok(Value::Method(Rc::new((o.clone(), Rc::from(n))))));
        match o {
            Value::ThreadObj(t) => {
                let obj = &self.tobjs[*t as usize];
                let info = self.extras.tinfo.get(t);
                match n {
                    "name" => Some(Ok(Value::Str(info.map_or_else(
                        || Rc::from(if obj.is_process { "Process" } else { "Thread" }),
                        |i| i.name.clone(),
                    )))),
                    "daemon" => Some(Ok(Value::Bool(info.is_some_and(|i| i.daemon)))),
                    "ident" | "native_id" if !obj.is_process => Some(Ok(obj
                        .tid
                        .map_or(Value::None, |x| Value::Int(IDENT_BASE + x as i64)))),
                    "pid" if obj.is_process => Some(Ok(obj.tid.map_or(Value::None, |x| {
                        Value::Int(MAIN_PID + self.threads[x as usize].process as i64)
                    }))),
                    "getName" | "setName" | "isDaemon" | "setDaemon" => method(),
                    "cancel" if info.is_some_and(|i| i.timer.is_some()) => method(),
                    _ => None,
                }
            }
            Value::Sync(s) => match (&self.syncs[*s as usize], n) {
                (SyncObj::Local { slots }, _) => {
                    let me = self.os_thread(self.current.unwrap_or(0));
                    Some(
                        slots
                            .iter()
                            .find(|(t, k, _)| *t == me && **k == *n)
                            .map(|(_, _, v)| v.clone())
                            .map_or_else(
                                || {
                                    rt(format!(
                                        "AttributeError: '_thread._local' object has no attribute '{n}'"
                                    ))
                                },
                                Ok,
                            ),
                    )
                }
                (SyncObj::Barrier { .. }, "wait") => method(),
                (SyncObj::Barrier { parties, .. }, "parties") => {
                    Some(Ok(Value::Int(*parties as i64)))
                }
                (SyncObj::Barrier { count, .. }, "n_waiting") => {
                    Some(Ok(Value::Int(*count as i64)))
                }
                (SyncObj::Queue { .. }, "task_done" | "join" | "put_nowait" | "get_nowait") => {
                    method()
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// `t.name = …`, `t.daemon = …`, `local.x = …`; false when it is not one of these.
    pub(super) fn set_attr_extra(&mut self, tid: u32, o: &Value, n: &str, v: Value) -> R<bool> {
        match o {
            Value::ThreadObj(t) => {
                let started = self.tobjs[*t as usize].tid.is_some();
                let p = self.threads[tid as usize].process;
                let text = match &v {
                    Value::Str(s) => s.clone(),
                    other => Rc::from(self.repr(p, other)),
                };
                let Some(info) = self.ex().tinfo.get_mut(t) else {
                    return Ok(false);
                };
                match n {
                    "name" => {
                        info.name = text.clone();
                        if let Some(t) = self.tobjs[*t as usize].tid {
                            self.threads[t as usize].name = text;
                        }
                    }
                    "daemon" => {
                        if started {
                            return rt("RuntimeError: cannot set daemon status of active thread");
                        }
                        info.daemon = truthy(&v);
                    }
                    _ => return Ok(false),
                }
                Ok(true)
            }
            Value::Sync(s) => {
                let me = self.os_thread(tid);
                let SyncObj::Local { slots } = &mut self.syncs[*s as usize] else {
                    return Ok(false);
                };
                let key = (me, n);
                match slots.binary_search_by(|(t, k, _)| (*t, &**k).cmp(&key)) {
                    Ok(i) => slots[i].2 = v,
                    Err(i) => slots.insert(i, (me, Rc::from(n), v)),
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Methods of the clock area on sync objects and threads (timeouts, queue extras,
    /// `Barrier.wait`, `BoundedSemaphore.release`, `Timer.cancel`, the old camelCase forms);
    /// `None` when the plain method applies.
    pub(super) fn call_method_extra(
        &mut self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Option<Done>> {
        if let Some(d) = self.timed_call(tid, recv, name, args, kwarg)? {
            return Ok(Some(d));
        }
        let v = match recv {
            Value::Sync(sid) => {
                let sid = *sid;
                match (&self.syncs[sid as usize], name) {
                    (SyncObj::Queue { .. }, _) => {
                        match self.call_queue_extra(tid, sid, name, args)? {
                            Some(v) => v,
                            None => return Ok(None),
                        }
                    }
                    (SyncObj::Semaphore { value }, "release") => {
                        if let Some(b) = self.extras.bounds.get(&sid) {
                            if value >= b {
                                return rt("ValueError: Semaphore released too many times");
                            }
                        }
                        return Ok(None);
                    }
                    (SyncObj::Barrier { .. }, "wait") => return self.barrier_wait(tid, sid),
                    (SyncObj::Condition { .. }, "wait") => {
                        return self.cond_wait_timed(tid, sid, args, kwarg)
                    }
                    _ => return Ok(None),
                }
            }
            Value::ThreadObj(o) => {
                let o = *o;
                match name {
                    "join" if self.tobjs[o as usize].tid == Some(self.os_thread(tid)) => {
                        return rt("RuntimeError: cannot join current thread")
                    }
                    "join" => {
                        // The timeout was handled above; a plain join ignores it.
                        if self.tobjs[o as usize].tid.is_none() {
                            return rt("RuntimeError: cannot join thread before it is started");
                        }
                        Value::None
                    }
                    "getName" => self
                        .get_attr_extra(recv, "name")
                        .unwrap_or(Ok(Value::None))?,
                    "isDaemon" => self
                        .get_attr_extra(recv, "daemon")
                        .unwrap_or(Ok(Value::None))?,
                    "setName" | "setDaemon" => {
                        nargs(args, 1, 1, name)?;
                        let attr = if name == "setName" { "name" } else { "daemon" };
                        self.set_attr_extra(tid, recv, attr, args[0].clone())?;
                        Value::None
                    }
                    "cancel" => {
                        if let Some(i) = self.ex().tinfo.get_mut(&o) {
                            i.cancelled = true;
                        }
                        // A Timer still waiting never runs its function.
                        if let Some(t) = self.tobjs[o as usize].tid {
                            let th = &self.threads[t as usize];
                            if th.state == TState::Live
                                && th.frames.len() == 1
                                && th.frames[0].pc == 0
                            {
                                self.end_thread(t);
                            }
                        }
                        Value::None
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(Done::Value(v)))
    }

    /// `Barrier.wait()`: the arrival index (0 for the first); the last arrival releases all.
    pub(super) fn barrier_wait(&mut self, tid: u32, sid: u32) -> R<Option<Done>> {
        if let Some((_, _, index)) = self.ex().barrier_waits.remove(&tid) {
            return Ok(Some(Done::Value(Value::Int(index))));
        }
        let SyncObj::Barrier {
            parties,
            count,
            generation,
        } = &mut self.syncs[sid as usize]
        else {
            return Ok(None);
        };
        let index = *count as i64;
        if *count + 1 >= *parties {
            *count = 0;
            *generation = generation.wrapping_add(1);
            return Ok(Some(Done::Value(Value::Int(index))));
        }
        *count += 1;
        let gen = *generation;
        self.ex().barrier_waits.insert(tid, (sid, gen, index));
        Ok(Some(Done::Pending))
    }

    /// Blocking rules of the clock area's calls: `Queue.join()`, `Barrier.wait()`, and a
    /// `put(…, block=False)` that never waits. `Some(answer)` decides; `None` leaves it to the
    /// sync rules.
    pub(super) fn extra_wait(
        &self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> Option<Option<Blocked>> {
        let Value::Sync(sid) = recv else {
            return None;
        };
        let sid = *sid;
        match (self.syncs.get(sid as usize)?, name) {
            (SyncObj::Queue { .. }, "join") => {
                Some(self.join_queue_wait(sid).map(|w| Blocked::on(w, sid)))
            }
            (SyncObj::Queue { .. }, "put" | "put_nowait" | "get_nowait") => {
                let block = args.get(1).cloned().or_else(|| kwarg("block"));
                (name != "put" || matches!(block, Some(Value::Bool(false) | Value::Int(0))))
                    .then_some(None)
            }
            (SyncObj::Barrier { generation, .. }, "wait") => {
                Some(match self.extras.barrier_waits.get(&tid) {
                    Some((s, g, _)) if *s == sid && g == generation => {
                        Some(Blocked::on(Wait::Barrier { sync: sid }, sid))
                    }
                    _ => None,
                })
            }
            _ => None,
        }
    }
}
