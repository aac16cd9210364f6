//! threading's extras: the names CPython gives threads, `current_thread`, `main_thread`,
//! `enumerate`, `active_count`, `get_ident`, daemon threads, `Timer` (on the virtual clock),
//! `Barrier`, `BoundedSemaphore`, `local`, `_thread.start_new_thread`, and
//! `multiprocessing.current_process` / `os.getpid`.
//!
//! Names follow CPython 3.10+: one counter for `Thread-N` (and `Dummy-N`), taken when the
//! `Thread` object is made, with ` (target)` appended when a target is given; `Timer`s are
//! `Thread-N`; processes are `Process-N`. The page shows the same names (`on_thread_started`).

use super::super::modules::LibFn;
use super::super::value::{Builtin, HeapObj, QueueKind, SyncObj, Value};
use super::clock::{secs_arg, TInfo, CPU_COUNT, IDENT_BASE, MAIN_PID};
use super::*;
use std::rc::Rc;

impl Machine {
    /// The OS thread `tid` runs on: an asyncio task runs on its process's first thread.
    fn os_thread(&self, tid: u32) -> u32 {
        match self.threads.get(tid as usize) {
            Some(t) if t.kind == Kind::Task => {
                let p = t.process;
                (0..self.threads.len() as u32)
                    .find(|x| self.threads[*x as usize].process == p)
                    .unwrap_or(0)
            }
            _ => tid,
        }
    }

    fn new_name(&mut self, prefix: &str) -> String {
        self.ex().names += 1;
        format!("{prefix}-{}", self.extras.names)
    }

    /// After `threading.Thread(...)` / `multiprocessing.Process(...)` made object `v`: its CPython
    /// name, daemon flag, and `kwargs=` bound into its arguments.
    pub(super) fn thread_info_new(
        &mut self,
        tid: u32,
        b: Builtin,
        v: &Value,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<()> {
        let Value::ThreadObj(o) = *v else {
            return Ok(());
        };
        let target_name = self.target_name(o);
        let name = match kwarg("name") {
            Some(Value::None) | None if b == Builtin::Process => {
                self.ex().process_names += 1;
                format!("Process-{}", self.extras.process_names)
            }
            Some(Value::None) | None => {
                let mut n = self.new_name("Thread");
                if let Some(f) = target_name {
                    n.push_str(&format!(" ({f})"));
                }
                n
            }
            Some(Value::Str(s)) => s.to_string(),
            Some(other) => self.repr(self.threads[tid as usize].process, &other),
        };
        let daemon = match kwarg("daemon") {
            None | Some(Value::None) => self.extras.daemons.contains(&tid),
            Some(d) => truthy(&d),
        };
        self.ex().tinfo.insert(
            o,
            TInfo {
                name: name.into(),
                daemon,
                timer: None,
                cancelled: false,
                dummy: false,
            },
        );
        Ok(())
    }

    /// `kwargs={...}` of a Timer or `_thread.start_new_thread`: the target then runs through the
    /// prelude's `_thread_run`, as `Thread(kwargs=…)` does (see `funcs::thread_target`).
    fn bind_kwargs(&mut self, tid: u32, o: u32, kw: &Value) -> R<()> {
        let t = &self.tobjs[o as usize];
        let (target, args) = (t.target.clone(), t.args.clone());
        let p = self.proc(tid) as u32;
        let (target, args) = self.thread_target(p, target, args, Some(kw.clone()))?;
        let t = &mut self.tobjs[o as usize];
        (t.target, t.args) = (target, args);
        Ok(())
    }

    /// The function a thread object will run, for its name: the user's target, not the
    /// prelude's `_thread_run` that calls it with keyword arguments.
    fn target_name(&self, o: u32) -> Option<String> {
        let t = &self.tobjs[o as usize];
        let run = self.prog.prelude.get("_thread_run").copied();
        let target = match (&t.target, t.args.first()) {
            (Value::Func(f), Some(real)) if Some(*f) == run => real,
            (other, _) => other,
        };
        match target {
            Value::Func(f) => Some(self.func_name(*f)),
            Value::Closure(c) => Some(self.func_name(c.code)),
            _ => None,
        }
    }

    /// After `start()` made thread `new` for object `o`: a daemon is remembered; a Timer sleeps
    /// its interval first (or, cancelled before it started, ends at once).
    pub(super) fn on_thread_started(&mut self, o: u32, new: u32) {
        let Some(info) = self.extras.tinfo.get(&o).cloned() else {
            return;
        };
        // The page names the thread as CPython does (`Thread-1 (worker)`, `Process-2`); a
        // Thread run as a process in `processes` mode keeps the stepper's `Process-N`.
        let is_process = self.tobjs[o as usize].is_process;
        if is_process || self.threads[new as usize].kind == Kind::Thread {
            self.threads[new as usize].name = info.name.clone();
            if is_process {
                let p = self.threads[new as usize].process as usize;
                self.mems[p].name = info.name.clone();
            }
        }
        if info.daemon {
            self.ex().daemons.insert(new);
        }
        if let Some(ns) = info.timer {
            if info.cancelled {
                self.end_thread(new);
            } else if ns > 0 {
                let at = self.extras.now.saturating_add(ns);
                self.ex().wakes.insert(new, at);
            }
        }
    }

    fn end_thread(&mut self, t: u32) {
        let th = &mut self.threads[t as usize];
        th.state = TState::Done;
        th.frames.clear();
        self.ex().wakes.remove(&t);
        self.ex().deadlines.remove(&t);
    }

    /// The `Thread` object of thread `t` (made on first use for the main thread, a process's
    /// main thread and `_thread`'s threads, as CPython makes `_MainThread` / `_DummyThread`).
    fn thread_obj_of(&mut self, t: u32) -> Value {
        let t = self.os_thread(t);
        let started_as_thread = self.threads[t as usize].kind == Kind::Thread;
        // A Thread's own object; the main thread of the program or of a process gets a
        // `MainThread` object (target None) on first use.
        let found = self.tobjs.iter().position(|o| {
            o.tid == Some(t) && !o.is_process && (started_as_thread || o.target == Value::None)
        });
        let o = match found {
            Some(o) => o as u32,
            None => {
                self.tobjs.push(TObj {
                    target: Value::None,
                    args: vec![],
                    is_process: false,
                    tid: Some(t),
                });
                let o = (self.tobjs.len() - 1) as u32;
                self.ex().tinfo.insert(
                    o,
                    TInfo {
                        name: "MainThread".into(),
                        daemon: false,
                        timer: None,
                        cancelled: false,
                        dummy: false,
                    },
                );
                o
            }
        };
        if self
            .extras
            .tinfo
            .get(&o)
            .is_some_and(|i| i.dummy && i.name.is_empty())
        {
            let n = self.new_name("Dummy");
            if let Some(i) = self.ex().tinfo.get_mut(&o) {
                i.name = n.into();
            }
        }
        Value::ThreadObj(o)
    }

    /// The process object of `tid`'s process (`MainProcess` made on first use).
    fn process_obj_of(&mut self, tid: u32) -> Value {
        let p = self.threads[tid as usize].process;
        let root = (0..self.threads.len() as u32)
            .find(|x| self.threads[*x as usize].process == p)
            .unwrap_or(0);
        if p != 0 {
            if let Some(o) = self.tobjs.iter().position(|o| o.tid == Some(root)) {
                return Value::ThreadObj(o as u32);
            }
        }
        if let Some(o) = self
            .tobjs
            .iter()
            .position(|o| o.is_process && o.tid == Some(root))
        {
            return Value::ThreadObj(o as u32);
        }
        self.tobjs.push(TObj {
            target: Value::None,
            args: vec![],
            is_process: true,
            tid: Some(root),
        });
        let o = (self.tobjs.len() - 1) as u32;
        self.ex().tinfo.insert(
            o,
            TInfo {
                name: "MainProcess".into(),
                daemon: false,
                timer: None,
                cancelled: false,
                dummy: false,
            },
        );
        Value::ThreadObj(o)
    }

    /// The live threads `threading.enumerate()` lists: the main thread, then every started
    /// `Thread` (and named `_thread` thread) still running, in `tid`'s process.
    fn live_thread_objs(&mut self, tid: u32) -> Vec<Value> {
        let p = self.threads[tid as usize].process;
        let mut out = vec![];
        for t in 0..self.threads.len() as u32 {
            let th = &self.threads[t as usize];
            if th.process != p || th.state != TState::Live || th.kind == Kind::Task {
                continue;
            }
            let first = out.is_empty();
            let has_obj = self.tobjs.iter().enumerate().any(|(i, o)| {
                o.tid == Some(t)
                    && !self
                        .extras
                        .tinfo
                        .get(&(i as u32))
                        .is_some_and(|x| x.dummy && x.name.is_empty())
            });
            if first || has_obj {
                out.push(self.thread_obj_of(t));
            }
        }
        out
    }

    /// The clock area's functions (`time.*`, `random.*`, `os.*`, threading's and queue's extras).
    pub(super) fn call_lib(
        &mut self,
        tid: u32,
        f: LibFn,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        use LibFn as F;
        let p = self.proc(tid);
        let v = match f {
            F::Time
            | F::TimeNs
            | F::PerfCounter
            | F::PerfCounterNs
            | F::Monotonic
            | F::MonotonicNs => self.clock_reading(f, &args)?,
            F::CurrentThread | F::MainThread => {
                nargs(&args, 0, 0, f.name())?;
                let t = if f == F::MainThread {
                    (0..self.threads.len() as u32)
                        .find(|x| self.threads[*x as usize].process as usize == p)
                        .unwrap_or(0)
                } else {
                    tid
                };
                self.thread_obj_of(t)
            }
            F::ActiveCount => {
                nargs(&args, 0, 0, f.name())?;
                Value::Int(self.live_thread_objs(tid).len() as i64)
            }
            F::EnumerateThreads => {
                nargs(&args, 0, 0, f.name())?;
                let xs = self.live_thread_objs(tid);
                Value::List(self.alloc(tid, HeapObj::List(xs))?)
            }
            F::GetIdent => {
                nargs(&args, 0, 0, f.name())?;
                Value::Int(IDENT_BASE + self.os_thread(tid) as i64)
            }
            F::Getpid => {
                nargs(&args, 0, 0, f.name())?;
                Value::Int(MAIN_PID + p as i64)
            }
            F::CpuCount => {
                nargs(&args, 0, 0, f.name())?;
                Value::Int(CPU_COUNT)
            }
            F::CurrentProcess => {
                nargs(&args, 0, 0, f.name())?;
                self.process_obj_of(tid)
            }
            // futures
            F::ThreadPoolExecutor
            | F::ProcessPoolExecutor
            | F::AsCompleted
            | F::FuturesWait
            | F::Pool
            | F::ReturnWhen => return rt(super::futures::refusal(f)),
            F::ExecutorNumber => self.executor_number(),
            // multiprocessing
            F::Pipe | F::Array | F::GetStartMethod | F::ProcessNumber => {
                self.mp_lib(tid, f, &args, kwarg)?
            }
            F::Timer => {
                nargs(&args, 2, 4, "Timer")?;
                let ns = secs_arg(&args[0], "Timer interval")?;
                if !Machine::callable(&args[1]) {
                    return rt(format!(
                        "TypeError: '{}' object is not callable",
                        type_name(&args[1])
                    ));
                }
                let targs = match args.get(2).cloned().or_else(|| kwarg("args")) {
                    None | Some(Value::None) => vec![],
                    Some(Value::Tuple(t)) => t.to_vec(),
                    Some(Value::List(id)) => list_items(&self.mems[p].heap, id),
                    Some(v) => {
                        return rt(format!(
                            "TypeError: args must be a tuple, not {}",
                            type_name(&v)
                        ))
                    }
                };
                self.tobjs.push(TObj {
                    target: args[1].clone(),
                    args: targs,
                    is_process: false,
                    tid: None,
                });
                let o = (self.tobjs.len() - 1) as u32;
                // A closure, or kwargs, runs through the prelude (none: an empty dict).
                let kw = args.get(3).cloned().or_else(|| kwarg("kwargs"));
                self.bind_kwargs(tid, o, &kw.unwrap_or(Value::None))?;
                let name = self.new_name("Thread");
                let daemon = self.extras.daemons.contains(&tid);
                self.ex().tinfo.insert(
                    o,
                    TInfo {
                        name: name.into(),
                        daemon,
                        timer: Some(ns),
                        cancelled: false,
                        dummy: false,
                    },
                );
                Value::ThreadObj(o)
            }
            F::StartNewThread => {
                nargs(&args, 2, 3, "start_new_thread")?;
                if !Machine::callable(&args[0]) {
                    return rt("TypeError: first arg must be callable");
                }
                let Value::Tuple(t) = &args[1] else {
                    return rt("TypeError: 2nd arg must be a tuple");
                };
                self.tobjs.push(TObj {
                    target: args[0].clone(),
                    args: t.to_vec(),
                    is_process: false,
                    tid: None,
                });
                let o = (self.tobjs.len() - 1) as u32;
                self.bind_kwargs(tid, o, &args.get(2).cloned().unwrap_or(Value::None))?;
                let Value::Func(func) = self.tobjs[o as usize].target else {
                    return rt("internal error: a thread's target is not a function");
                };
                self.ex().tinfo.insert(
                    o,
                    TInfo {
                        name: "".into(),
                        daemon: true,
                        timer: None,
                        cancelled: false,
                        dummy: true,
                    },
                );
                let targs = self.tobjs[o as usize].args.clone();
                let new = self.new_thread(tid, Kind::Thread, func, targs, false)?;
                self.tobjs[o as usize].tid = Some(new);
                self.ex().daemons.insert(new);
                Value::Int(IDENT_BASE + new as i64)
            }
            F::Barrier => {
                nargs(&args, 1, 3, "Barrier")?;
                let n = int_arg(&args[0], "Barrier()")?;
                if n < 1 {
                    return rt("ValueError: parties must be >= 1");
                }
                self.new_sync(SyncObj::Barrier {
                    parties: n.min(u32::MAX as i64) as u32,
                    count: 0,
                    generation: 0,
                })
            }
            F::BoundedSemaphore => {
                nargs(&args, 0, 1, "BoundedSemaphore")?;
                let v = match args.first().cloned().or_else(|| kwarg("value")) {
                    None => 1,
                    Some(v) => int_arg(&v, "BoundedSemaphore()")?,
                };
                if v < 0 {
                    return rt("ValueError: semaphore initial value must be >= 0");
                }
                let s = self.new_sync(SyncObj::Semaphore { value: v });
                if let Value::Sync(sid) = s {
                    self.ex().bounds.insert(sid, v);
                }
                s
            }
            F::Local => {
                nargs(&args, 0, 0, "local")?;
                self.new_sync(SyncObj::Local { slots: vec![] })
            }
            F::LifoQueue => self.make_queue_variant(QueueKind::Lifo, &args, kwarg)?,
            F::PriorityQueue => self.make_queue_variant(QueueKind::Priority, &args, kwarg)?,
            F::SimpleQueue => self.make_queue_variant(QueueKind::Simple, &args, kwarg)?,
            F::Seed
            | F::Random
            | F::Uniform
            | F::Randint
            | F::Randrange
            | F::Choice
            | F::Shuffle
            | F::Sample
            | F::Getrandbits => return self.call_random(tid, f, args, kwarg),
        };
        Ok(Done::Value(v))
    }

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
    fn barrier_wait(&mut self, tid: u32, sid: u32) -> R<Option<Done>> {
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

/// Truthiness of a flag argument (`daemon=`).
fn truthy(v: &Value) -> bool {
    !matches!(v, Value::None | Value::Bool(false) | Value::Int(0))
}
