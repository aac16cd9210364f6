//! asyncio's names beyond `run`/`gather`/`sleep`/`create_task`: what each call makes, the task
//! object's methods, and the event loop object of the older style (`get_event_loop()`,
//! `run_until_complete`, `ensure_future`, `run_in_executor`).
//!
//! The waits themselves (`wait_for`, `wait`, `as_completed`, `timeout`, `TaskGroup`, `Event`,
//! `Condition`, `Future`) are in [`super::aio_waits`].

use super::super::value::{Awaitable, Builtin, Module, SyncObj, Value};
use super::clock::secs_arg;
use super::exceptions::{raise, ExcKind};
use super::*;

/// An asyncio function or class (carried by `Builtin::Aio`, so `Value` does not grow).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AioFn {
    WaitFor,
    Wait,
    AsCompleted,
    Timeout,
    TaskGroup,
    Event,
    Semaphore,
    BoundedSemaphore,
    Condition,
    Future,
    GetEventLoop,
    NewEventLoop,
    SetEventLoop,
    EnsureFuture,
    CurrentTask,
    ToThread,
    /// `FIRST_COMPLETED` / `FIRST_EXCEPTION` / `ALL_COMPLETED` (a string, made by `LOAD_ATTR`).
    ReturnWhen,
    // the event loop's methods
    RunUntilComplete,
    LoopClose,
    RunInExecutor,
    CreateFuture,
    LoopTime,
    IsClosed,
}

/// `asyncio.name` or `loop.name`, if it is one of these.
pub fn lookup(m: Module, n: &str) -> Option<Builtin> {
    use AioFn as F;
    let f = match (m, n) {
        (Module::Asyncio, "wait_for") => F::WaitFor,
        (Module::Asyncio, "wait") => F::Wait,
        (Module::Asyncio, "as_completed") => F::AsCompleted,
        (Module::Asyncio, "timeout") => F::Timeout,
        (Module::Asyncio, "TaskGroup") => F::TaskGroup,
        (Module::Asyncio, "Event") => F::Event,
        (Module::Asyncio, "Semaphore") => F::Semaphore,
        (Module::Asyncio, "BoundedSemaphore") => F::BoundedSemaphore,
        (Module::Asyncio, "Condition") => F::Condition,
        (Module::Asyncio, "Future") => F::Future,
        (Module::Asyncio, "get_event_loop" | "get_running_loop") => F::GetEventLoop,
        (Module::Asyncio, "new_event_loop") => F::NewEventLoop,
        (Module::Asyncio, "set_event_loop") => F::SetEventLoop,
        (Module::Asyncio, "ensure_future") => F::EnsureFuture,
        (Module::Asyncio, "current_task") => F::CurrentTask,
        (Module::Asyncio, "to_thread") => F::ToThread,
        (Module::Asyncio, "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED") => F::ReturnWhen,
        (Module::AioLoop, "create_task") => return Some(Builtin::AsyncCreateTask),
        (Module::AioLoop, "run_until_complete") => F::RunUntilComplete,
        (Module::AioLoop, "close") => F::LoopClose,
        (Module::AioLoop, "run_in_executor") => F::RunInExecutor,
        (Module::AioLoop, "create_future") => F::CreateFuture,
        (Module::AioLoop, "time") => F::LoopTime,
        (Module::AioLoop, "is_closed") => F::IsClosed,
        (Module::Asyncio, "QueueEmpty") => return Some(Builtin::Exc(ExcKind::Empty)),
        (Module::Asyncio, "QueueFull") => return Some(Builtin::Exc(ExcKind::Full)),
        _ => return None,
    };
    Some(Builtin::Aio(f))
}

/// `asyncio.FIRST_COMPLETED` and the others: their names as strings, as CPython defines them.
pub(super) fn constant(o: &Value, n: &str) -> Option<Value> {
    match (o, n) {
        (
            Value::Module(Module::Asyncio),
            "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED",
        ) => Some(Value::Str(n.into())),
        _ => None,
    }
}

/// asyncio's names that reach outside one process (servers, connections, protocols,
/// subprocesses, raw callbacks on sockets): what the refusal names, or None.
fn outside_world(o: &Value, n: &str) -> Option<String> {
    const MODULE: &[&str] = &[
        "Protocol",
        "BaseProtocol",
        "DatagramProtocol",
        "SubprocessProtocol",
        "BufferedProtocol",
        "start_server",
        "open_connection",
        "start_unix_server",
        "open_unix_connection",
        "StreamReader",
        "StreamWriter",
        "create_subprocess_exec",
        "create_subprocess_shell",
    ];
    const LOOP: &[&str] = &[
        "create_server",
        "create_connection",
        "create_datagram_endpoint",
        "create_unix_server",
        "sock_connect",
        "sock_recv",
        "sock_sendall",
        "sock_accept",
        "add_reader",
        "add_writer",
        "subprocess_exec",
        "subprocess_shell",
    ];
    match o {
        Value::Module(Module::Asyncio) if MODULE.contains(&n) => Some(format!("asyncio.{n}")),
        Value::Module(Module::AioLoop) if LOOP.contains(&n) => Some(format!("loop.{n}")),
        _ => None,
    }
}

/// A task's methods.
const TASK_METHODS: &[&str] = &[
    "done",
    "cancelled",
    "result",
    "exception",
    "cancel",
    "get_name",
    "set_name",
];

impl Machine {
    /// A call of an asyncio function or loop method.
    pub(super) fn call_aio(
        &mut self,
        tid: u32,
        f: AioFn,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        use AioFn as F;
        let v = match f {
            F::GetEventLoop | F::NewEventLoop => {
                // CPython 3.11 (python3 here): get_event_loop() with no running loop makes one
                // (3.12–3.13 warn; 3.14 raises RuntimeError: there is no current event loop).
                nargs(&args, 0, 0, "get_event_loop")?;
                Value::Module(Module::AioLoop)
            }
            F::SetEventLoop | F::LoopClose => Value::None,
            F::IsClosed => Value::Bool(false),
            F::LoopTime => super::clock::secs_value(self.extras.now as i128),
            F::RunUntilComplete => {
                nargs(&args, 1, 1, "run_until_complete")?;
                let pending = match &args[0] {
                    Value::Awaitable(a) if matches!(**a, Awaitable::Gather(_)) => {
                        let Awaitable::Gather(xs) = &**a else {
                            return rt("internal error: not a gather");
                        };
                        let mut tids = vec![];
                        for x in xs {
                            tids.push(self.task_of(tid, x)?);
                        }
                        Pending::Tasks { tids, gather: true }
                    }
                    v => Pending::Tasks {
                        tids: vec![self.task_of(tid, v)?],
                        gather: false,
                    },
                };
                self.threads[tid as usize].pending = Some(pending);
                return Ok(Done::Pending);
            }
            F::EnsureFuture => {
                nargs(&args, 1, 1, "ensure_future")?;
                match &args[0] {
                    Value::Awaitable(a) if matches!(**a, Awaitable::Future(_)) => args[0].clone(),
                    v => Value::Awaitable(Rc::new(Awaitable::Task(self.task_of(tid, v)?))),
                }
            }
            F::CurrentTask => match self.threads[tid as usize].kind {
                Kind::Task => Value::Awaitable(Rc::new(Awaitable::Task(tid))),
                _ => Value::None,
            },
            F::RunInExecutor | F::ToThread => {
                // run_in_executor(executor, fn, *args) / to_thread(fn, *args): a thread the
                // learner schedules like any other; awaiting it waits for its return value.
                let skip = usize::from(f == F::RunInExecutor);
                let (Some(Value::Func(func)), true) = (args.get(skip), args.len() > skip) else {
                    return rt("TypeError: run_in_executor() and to_thread() take a plain function (def) in ThreadLab's subset");
                };
                let rest = args[skip + 1..].to_vec();
                let t = self.new_thread(tid, Kind::Thread, *func, rest, false)?;
                Value::Awaitable(Rc::new(Awaitable::Task(t)))
            }
            F::WaitFor => {
                nargs(&args, 1, 2, "wait_for")?;
                let timeout = args.get(1).cloned().or_else(|| kwarg("timeout"));
                let ns = match timeout {
                    None | Some(Value::None) => None,
                    Some(v) => Some(secs_arg(&v, "timeout")?),
                };
                Value::Awaitable(Rc::new(Awaitable::WaitForCall(args[0].clone(), ns)))
            }
            F::Wait => return self.aio_wait_call(tid, args, kwarg),
            F::AsCompleted => return self.aio_as_completed(tid, args, kwarg),
            F::Timeout => {
                nargs(&args, 1, 1, "timeout")?;
                let ns = match &args[0] {
                    Value::None => None,
                    v => Some(secs_arg(v, "timeout")?),
                };
                Value::Awaitable(Rc::new(Awaitable::TimeoutCm(ns)))
            }
            F::TaskGroup => {
                nargs(&args, 0, 0, "TaskGroup")?;
                let a = self.aio_mut();
                a.groups.push(vec![]);
                let g = (a.groups.len() - 1) as u32;
                Value::Awaitable(Rc::new(Awaitable::TaskGroup(g)))
            }
            F::Event => {
                nargs(&args, 0, 0, "Event")?;
                self.aio_sync(SyncObj::Event { flag: false })
            }
            F::Semaphore | F::BoundedSemaphore => {
                nargs(&args, 0, 1, "Semaphore")?;
                let v = match args.first().cloned().or_else(|| kwarg("value")) {
                    None => 1,
                    Some(v) => int_arg(&v, "Semaphore()")?,
                };
                if v < 0 {
                    return rt("ValueError: Semaphore initial value must be >= 0");
                }
                let s = self.aio_sync(SyncObj::Semaphore { value: v });
                if let (F::BoundedSemaphore, Value::Sync(id)) = (f, &s) {
                    self.aio_mut().bounds.insert(*id, v);
                }
                s
            }
            F::Condition => {
                nargs(&args, 0, 1, "Condition")?;
                let lock = match args.first().cloned().or_else(|| kwarg("lock")) {
                    None | Some(Value::None) => self.aio_sync(SyncObj::Lock {
                        owner: None,
                        asyncio: true,
                        mp: false,
                    }),
                    Some(l @ Value::Sync(_)) => l,
                    Some(v) => {
                        return rt(format!(
                            "TypeError: Condition() lock must be an asyncio.Lock, not {}",
                            type_name(&v)
                        ))
                    }
                };
                let Value::Sync(lock) = lock else {
                    return rt("internal error: a lock that is not a sync object");
                };
                self.aio_sync(SyncObj::Condition {
                    lock,
                    waiters: vec![],
                })
            }
            F::Future | F::CreateFuture => {
                let a = self.aio_mut();
                a.futures.push(aio::Fut::default());
                Value::Awaitable(Rc::new(Awaitable::Future((a.futures.len() - 1) as u32)))
            }
            F::ReturnWhen => return rt("TypeError: 'str' object is not callable"),
        };
        Ok(Done::Value(v))
    }

    /// A sync object made by asyncio (its `wait`/`acquire` are awaitables).
    fn aio_sync(&mut self, s: SyncObj) -> Value {
        let v = self.new_sync(s);
        if let Value::Sync(id) = v {
            self.aio_mut().syncs.insert(id);
        }
        v
    }

    /// `task.name` / `future.name`: a bound method, when it has one.
    pub(super) fn aio_attr(&self, o: &Value, n: &str) -> Option<R<Value>> {
        let method = || Some(Ok(Value::Method(Rc::new((o.clone(), Rc::from(n))))));
        if let Some(what) = outside_world(o, n) {
            return Some(rt(format!(
                "NotImplementedError: `{what}` needs {} — ThreadLab's stepper runs in-process concurrency only (tasks, sleeps, locks, queues, events). The lab \"I/O, the GIL and the event loop\" shows an event loop waiting on real I/O.",
                if n.contains("subprocess") { "other processes" } else { "the network" }
            )));
        }
        if let Value::Sync(s) = o {
            let extra = matches!(n, "wait_for" | "locked") && self.aio().syncs.contains(s);
            let queue = matches!(n, "join" | "task_done" | "get_nowait" | "put_nowait")
                && self.aio_never_blocks(*s);
            return if extra || queue { method() } else { None };
        }
        let Value::Awaitable(a) = o else {
            return None;
        };
        let ok = match &**a {
            Awaitable::Task(_) => TASK_METHODS.contains(&n),
            Awaitable::Future(_) => {
                TASK_METHODS.contains(&n) || matches!(n, "set_result" | "set_exception")
            }
            Awaitable::TaskGroup(_) => n == "create_task",
            Awaitable::TimeoutCm(_) => n == "reschedule" || n == "when",
            _ => false,
        };
        ok.then(|| Ok(Value::Method(Rc::new((o.clone(), Rc::from(n))))))
    }

    /// A method call on a task, future, task group or asyncio sync object (None: not ours).
    pub(super) fn aio_method(
        &mut self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: &[Value],
    ) -> R<Option<Done>> {
        let v = match recv {
            Value::Awaitable(a) => match &**a {
                Awaitable::Task(t) => self.task_method(tid, *t, name, args)?,
                Awaitable::Future(i) => self.future_method(tid, *i, name, args)?,
                Awaitable::TaskGroup(g) if name == "create_task" => {
                    nargs(args, 1, 1, "create_task")?;
                    let t = self.spawn_task(tid, &args[0])?;
                    self.aio_mut().groups[*g as usize].push(t);
                    Value::Awaitable(Rc::new(Awaitable::Task(t)))
                }
                _ => return Ok(None),
            },
            Value::Sync(s) if name == "join" && self.aio_never_blocks(*s) => {
                nargs(args, 0, 0, "join")?;
                Value::Awaitable(Rc::new(Awaitable::QueueJoin(*s)))
            }
            Value::Sync(s) if self.aio().syncs.contains(s) => {
                match self.aio_sync_method(tid, *s, name, args)? {
                    Some(v) => v,
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(Done::Value(v)))
    }

    fn task_method(&mut self, tid: u32, t: u32, name: &str, args: &[Value]) -> R<Value> {
        let done = !self.is_live(t);
        Ok(match name {
            "done" => Value::Bool(done),
            "cancelled" => Value::Bool(self.task_cancelled(t)),
            "cancel" => Value::Bool(self.aio_cancel(t)),
            "get_name" => Value::Str(self.threads[t as usize].name.clone()),
            "set_name" => {
                nargs(args, 1, 1, "set_name")?;
                let p = self.proc(tid) as u32;
                let s = self.fmt(p).str(&args[0]);
                self.threads[t as usize].name = s.into();
                Value::None
            }
            "result" | "exception" if !done => {
                let what = if name == "result" {
                    "Result"
                } else {
                    "Exception"
                };
                return raise(ExcKind::InvalidStateError, &format!("{what} is not set."));
            }
            "result" => self.task_outcome(t)?,
            _ => match self.task_exc(t) {
                Some(e) if self.task_cancelled(t) => return self.throw(e),
                Some(e) => e,
                None => Value::None,
            },
        })
    }
}
