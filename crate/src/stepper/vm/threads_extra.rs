//! threading's extras: the names CPython gives threads, `current_thread`, `main_thread`,
//! `enumerate`, `active_count`, `get_ident`, daemon threads, `Timer` (on the virtual clock),
//! `Barrier`, `BoundedSemaphore`, `local`, `_thread.start_new_thread`, and
//! `multiprocessing.current_process` / `os.getpid`.
//!
//! This file holds the library calls (`call_lib`); who a thread is lives in
//! `thread_names.rs`, the extras' attributes and methods in `thread_attrs.rs`.
//!
//! Names follow CPython 3.10+: one counter for `Thread-N` (and `Dummy-N`), taken when the
//! `Thread` object is made, with ` (target)` appended when a target is given; `Timer`s are
//! `Thread-N`; processes are `Process-N`. The page shows the same names (`on_thread_started`).
use super::super::modules::LibFn;
use super::super::value::{HeapObj, QueueKind, SyncObj, Value};
use super::clock::{secs_arg, TInfo, CPU_COUNT, IDENT_BASE, MAIN_PID};
use super::*;

impl Machine {
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
}

/// Truthiness of a flag argument (`daemon=`).
pub(super) fn truthy(v: &Value) -> bool {
    !matches!(v, Value::None | Value::Bool(false) | Value::Int(0))
}
