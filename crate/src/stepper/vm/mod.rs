//! The machine: threads (frames, stacks), per-process memories, sync objects,
//! and one bytecode step at a time.
//!
//! One idea per file: [`dispatch`] (the opcode loop), [`objects`] (the object
//! model: operators, subscripts, equality), [`iter`] (iteration and unpacking),
//! [`args`] (calls, argument binding, frames, two-phase calls), [`builtins`],
//! [`methods`] (attributes and methods of lists, dicts, strings), [`sync`] (the
//! sync primitives and each one's blocking rule, as a [`Wait`]), [`sync_calls`]
//! (their constructors and methods), [`spawn`] (threads and forked processes),
//! [`asyncio`] (tasks and awaitables) and [`limits`] (every limit, the memory
//! budget and the per-step cost cap).
//!
//! Functions, generators and sets have files of their own: [`funcs`] (binding `*args`,
//! keyword-only and `**kwargs`, closures, `f(*xs, **d)`, the prelude's calls), [`stmts`]
//! (`del`, starred unpacking, building call arguments), [`gens`] (generators) and [`sets`]
//! (CPython's set table).
//!
//! **Closures.** A variable that a nested function reads lives in a cell, a heap object
//! ([`HeapObj::Cell`]) in the process's heap: the defining frame's slot and the closure
//! ([`Value::Closure`]) both hold `Value::Cell(id)`, so a closure sees the variable's latest
//! value (CPython's late binding), a forked process gets its own copy, and the state hash
//! covers it with the rest of the heap.
//!
//! **Generators.** A generator ([`HeapObj::Gen`]) keeps its suspended frame in the heap.
//! Resuming it pushes that frame on the resuming thread's own stack while the resumer's pc
//! stays on the instruction that resumed it (`FOR_ITER`, `next()`, `send()`, `YIELD_FROM`);
//! a `yield` or `return` puts the frame back and lets that instruction finish. No native
//! code ever runs Python code re-entrantly, so every step of a generator is a step of the
//! thread that runs it, visible to the learner and to the explorer.
//!
//! **The prelude: library code written in Python.** Builtins that call the program's own
//! functions (`map`, `filter`, `functools.reduce`, `sorted`/`min`/`max` with `key=`,
//! `list.sort`) and native builtins handed a generator (`list(g)`, `sum(g)`, `any(g)` …) are
//! written in Python in `prelude.py`, compiled with every program (like PyPy's app-level
//! code) into code objects marked `fun.lib`. `Machine::call` sends such a call to its prelude
//! function (`funcs::prelude_call`), which then runs one bytecode at a time on the caller's
//! thread like any function, calling back into the program with ordinary calls. A prelude
//! function sees only the prelude and the builtins (`LOAD_LIB`), never the program's globals;
//! the snapshot shows its frames at the program line that called them and hides its slots,
//! and the disassembly leaves it out. A `Thread` whose target is not a plain function, or
//! that has `kwargs=`, runs the prelude's `_thread_run` (CPython's `Thread.run`). This is how
//! the library that runs user code is modelled: `Pool.map`, executors' `map`/`submit`
//! callbacks and the like are Python functions in the prelude over the machine's primitives,
//! so user code always runs as the learner's steps, never inside a native call.
//!
//! Blocking is *retry*: a thread whose next instruction cannot proceed (an
//! `acquire` of a held lock, a `get` on an empty queue, a `join` of a live
//! thread) is simply not runnable, and its instruction has not run. Only
//! `Condition.wait`, `asyncio.run` and `asyncio.gather` take two phases, kept
//! in [`Pending`] while the thread's pc stays on the instruction.
//!
//! **Call-backs** ([`classes`]): when an instruction needs the result of user code the machine
//! calls itself — `print(p)` needs `p.__str__()`, `class C:` needs its body run, `raise E` needs
//! `E.__init__` — it calls [`Machine::call_back`], which answers from the frame's `memo` if this
//! instruction already made that call, and otherwise pushes the function's frame (with
//! [`Ret::Memo`]) and ends the step with [`exceptions::Signal::Called`]: the interrupted
//! instruction's pc and operands stay as they were (an instruction that calls back takes nothing
//! off the stack before its last call-back). When the frame returns, its value is appended to the
//! caller's `memo` and the instruction runs again from the start, now finding that result (and
//! asking for the next one, if any); the memo is cleared once the instruction completes. So a
//! call-back is an ordinary frame the learner steps through, and the state stays a plain tree.
//! Calls the *program* makes (`Point(1, 2)` running `__init__`, `obj.method()`) are ordinary
//! calls; `__init__`'s frame carries [`Ret::Init`], so its caller receives the new instance.
//!
//! **Exceptions** ([`exceptions`]): every runtime error is a catchable exception of CPython's
//! class; see that module for raising, handler regions and unwinding.

use super::value::Heap;
mod args;
mod asyncio;
mod builtins;
mod class_attrs;
mod class_builtins;
mod class_calls;
mod class_mro;
mod class_text;
mod classes;
mod dispatch;
mod exc_kind;
mod exceptions;
mod iter;
pub mod limits;
mod local_runs;
mod methods;
pub mod modes;
pub(crate) mod objects;
mod output;
pub use local_runs::LocalRuns;
mod spawn;
mod stack;
mod state_hash;
pub use output::Output;
mod step;
// speed: copy-on-write state parts with cached hashes
pub mod cow;
pub use cow::{CowVec, Shared};
mod sync;
mod sync_calls;
// numbers
mod float;
mod math;
mod math_num;
mod num_builtins;
mod slices;
mod strmethods;
mod sys;
mod text;
pub use math::module_fn;
pub use sys::Stream;
// functions, generators and statements
mod funcs;
mod gens;
mod prelude_calls;
mod set_table;
mod sets;
// clock
pub mod clock;
mod queues;
pub mod random;
mod stmts;
mod thread_attrs;
mod thread_names;
mod threads_extra;
// stdlib
pub mod stdlib;
// futures
mod futures;
// samples: the main thread's uncaught exception, a Thread's repr
pub mod main_exit;
mod thread_repr;
// collections
mod coll_methods;
mod collections;
mod dunder_subscr;
mod dunders;
mod namedtuple;
pub use collections::{coll_repr, module_attr as coll_module_attr, tag_of_value, CollFn, CollTag};
pub use dunders::coll_simple;
// asyncio
mod aio;
mod aio_calls;
mod aio_sync;
mod aio_waits;
pub use aio::AioState;
pub use aio_calls::{lookup as aio_lookup, AioFn};
// multiprocessing
mod mp;
mod mp_pickle;
mod mp_shared;

pub use limits::{MAX_STEPS, MAX_THREADS};
pub use objects::eq;
pub use sync::{Blocked, Wait};
// functions
pub use sets::SetTable;
// classes and exceptions
pub use classes::{builtin_class_name, fmt_object, view_value, Ret};
#[allow(unused_imports)]
// the one way for other parts (queue.Empty, StopIteration, …) to raise
pub(crate) use exceptions::raise;
pub use exceptions::{ExcKind, Signal};

// The helpers every part of the machine uses (each defined once, in its file).
use builtins::{builtin_named, int_arg, nargs, PY_BUILTINS};
use objects::{list_items, overflow, py_cmp, type_name};
use spawn::crosses_processes;

use super::compile::Program;
use super::value::{Fmt, HeapObj, SyncObj, Value};
use std::collections::BTreeMap;
use std::hash::Hash;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A switch may happen after any bytecode.
    Threads,
    /// A switch only after `gil_interval` bytecodes of the running thread, or when it blocks, sleeps or ends.
    Gil,
    /// A switch only at an `await` that suspends (or when a task blocks or ends).
    Asyncio,
    /// Like threads, but every `Thread` started is a process with its own copy of the globals.
    Processes,
    // explore: the Pythons as modes (see modes.rs)
    /// GIL, CPython 3.10+: a switch only after a call or a backward jump, or when the thread blocks, sleeps or ends.
    GilEval,
    /// Processes started with `spawn`: each child re-runs the module as `__mp_main__`.
    Spawn,
    /// Processes started with `forkserver` (as `spawn` here: the server itself started fresh).
    Forkserver,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        modes::parse(s)
    }
    pub fn name(self) -> &'static str {
        modes::name(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Main,
    Thread,
    Process,
    Task,
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    pub code: u32,
    pub pc: u32,
    pub locals: Vec<Option<Value>>,
    pub stack: Vec<Value>,
    // classes and exceptions
    /// What the caller receives when this frame returns.
    pub ret: Ret,
    /// Results of the call-backs the instruction at `pc` has made so far (see the doc above).
    pub memo: Vec<Value>,
}

/// A copy of a frame is made to be stepped (copy-on-write: `vm/cow.rs`), and a step pushes:
/// its operand stack gets room for a few more values, so that push does not move the stack
/// (a derived clone's exact capacity made one `realloc` per transition; speed).
impl Clone for Frame {
    fn clone(&self) -> Frame {
        let mut stack = Vec::with_capacity(self.stack.len() + 3);
        stack.extend_from_slice(&self.stack);
        Frame {
            code: self.code,
            pc: self.pc,
            locals: self.locals.clone(),
            stack,
            ret: self.ret.clone(),
            memo: self.memo.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pending {
    /// In `Condition.wait()`: waiting to be notified, then to take the lock back (`count` times for an RLock).
    CondWait { cond: u32, lock: u32, count: u32 },
    /// In `asyncio.run` (single) or `await asyncio.gather(...)`: waiting for these tasks.
    Tasks { tids: Vec<u32>, gather: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TState {
    Live,
    Done,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Thread {
    pub name: Rc<str>,
    pub kind: Kind,
    pub process: u32,
    pub frames: CowVec<Frame>,
    pub pending: Option<Pending>,
    pub state: TState,
    /// Its last step gave up the CPU voluntarily (`await asyncio.sleep(0)`, `time.sleep`).
    pub yielded: bool,
    pub result: Value,
}

/// One process's memory: its globals and its heap of lists, dicts, instances… (copy-on-write
/// per object: [`Heap`]).
#[derive(Clone, Debug, Default)]
pub struct Memory {
    pub name: Rc<str>,
    pub globals: Shared<BTreeMap<Rc<str>, Value>>,
    /// Thread that last stored each global (shown, not part of the state's identity).
    pub writers: Shared<BTreeMap<Rc<str>, u32>>,
    pub heap: Heap,
}

/// A `threading.Thread` / `multiprocessing.Process` object before and after `start()`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TObj {
    pub target: Value,
    pub args: Vec<Value>,
    pub is_process: bool,
    pub tid: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coro {
    pub func: u32,
    pub args: Vec<Value>,
    pub used: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Outcome {
    /// finished | deadlock | assert | error | budget
    pub kind: &'static str,
    pub message: String,
    pub line: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Machine {
    pub prog: Rc<Program>,
    pub mode: Mode,
    pub gil_interval: u32,
    pub threads: CowVec<Thread>,
    pub mems: CowVec<Memory>,
    pub syncs: CowVec<SyncObj>,
    pub tobjs: CowVec<TObj>,
    pub coros: CowVec<Coro>,
    /// (thread, text including its `end`, stdout or stderr)
    pub output: Output,
    pub outcome: Option<Outcome>,
    pub steps: u32,
    /// The steps so far (see `schedule.rs`); the explorer turns `record_schedule` off and
    /// rebuilds a witness's schedule from parent links instead.
    pub schedule: String,
    pub record_schedule: bool,
    pub current: Option<u32>,
    pub run_count: u32,
    /// The memory meter (see [`limits`]); not part of the state's identity.
    pub meter: limits::Meter,
    // clock
    /// The virtual clock, sleepers, timeouts, thread names, `random` (see [`clock`]); hashed.
    /// Shared between cloned states until one changes it (`Machine::ex`), so a state costs 8 bytes for it.
    pub extras: Shared<clock::Extras>,
    // classes and exceptions
    /// Set by a failing step for the unwinder (always None between steps).
    pub signal: Option<Signal>,
    /// Runs of thread-local steps remembered for this program (speed; not part of the state:
    /// see [`local_runs`]).
    pub local_runs: LocalRuns,
}

/// A Python exception: the message, and whether it is an AssertionError.
#[derive(Debug)]
pub struct RtErr {
    pub msg: String,
    pub assert: bool,
}

pub(crate) type R<T> = Result<T, RtErr>;

/// A call's callee, positional arguments and keyword arguments, as on the stack.
pub(crate) type CallParts<'a> = (Value, &'a [Value], Vec<(Rc<str>, Value)>);

pub(crate) fn rt<T>(msg: impl Into<String>) -> R<T> {
    Err(RtErr {
        msg: msg.into(),
        assert: false,
    })
}

pub(crate) enum Done {
    Value(Value),
    /// A frame was pushed (operands already popped, caller pc advanced).
    Frame,
    /// Two-phase call: the pc stays; `Thread::pending` is set.
    Pending,
}

impl Machine {
    pub fn new(prog: Rc<Program>, mode: Mode, gil_interval: u32) -> Machine {
        let nlocals = prog.codes[0].varnames.len();
        let mut globals = BTreeMap::new();
        globals.insert(Rc::from("__name__"), Value::Str("__main__".into()));
        Machine {
            prog,
            mode,
            gil_interval: gil_interval.clamp(1, 1000),
            threads: CowVec::from(vec![Thread {
                name: "MainThread".into(),
                kind: Kind::Main,
                process: 0,
                frames: CowVec::from(vec![Frame {
                    code: 0,
                    pc: 0,
                    locals: vec![None; nlocals],
                    stack: vec![],
                    ret: Ret::Push,
                    memo: vec![],
                }]),
                pending: None,
                state: TState::Live,
                yielded: false,
                result: Value::None,
            }]),
            mems: CowVec::from(vec![Memory {
                name: "main process".into(),
                globals: globals.into(),
                writers: Shared::default(),
                heap: Heap::new(),
            }]),
            syncs: CowVec::new(),
            tobjs: CowVec::new(),
            coros: CowVec::new(),
            output: Output::default(),
            outcome: None,
            steps: 0,
            schedule: String::new(),
            record_schedule: true,
            current: None,
            run_count: 0,
            meter: limits::Meter::default(),
            // clock
            extras: Shared::default(),
            signal: None,
            local_runs: LocalRuns::default(),
        }
    }

    pub fn fmt(&self, process: u32) -> Fmt<'_> {
        Fmt {
            heap: &self.mems[process as usize].heap,
            func_name: &|_| String::new(),
        }
    }

    pub fn func_name(&self, f: u32) -> String {
        self.prog
            .codes
            .get(f as usize)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    pub fn repr(&self, process: u32, v: &Value) -> String {
        let names = |f: u32| self.func_name(f);
        let fmt = Fmt {
            heap: &self.mems[process as usize].heap,
            func_name: &names,
        };
        match v {
            Value::Sync(s) => format!(
                "<{} object>",
                self.syncs.get(*s as usize).map_or("sync", |s| s.kind())
            ),
            // samples: CPython's `<Thread(name, status ident)>`
            Value::ThreadObj(t) if !self.tobjs[*t as usize].is_process => self.thread_repr(*t),
            Value::ThreadObj(t) => {
                let o = &self.tobjs[*t as usize];
                let what = if o.is_process { "Process" } else { "Thread" };
                match o.tid {
                    Some(tid) => format!("<{what} {}>", self.threads[tid as usize].name),
                    None => format!("<{what} (not started)>"),
                }
            }
            _ => fmt.repr(v),
        }
    }

    // ---------------------------------------------------------------- status

    pub fn is_live(&self, tid: u32) -> bool {
        self.threads
            .get(tid as usize)
            .is_some_and(|t| t.state == TState::Live)
    }

    /// Threads that could take a step now, ignoring the mode's switching rules.
    pub fn ready(&self) -> Vec<u32> {
        if self.outcome.is_some() {
            return vec![];
        }
        (0..self.threads.len() as u32)
            .filter(|t| self.is_live(*t) && self.blocker(*t).is_none())
            .collect()
    }

    /// The current line and instruction offset of a thread (in the innermost frame of the
    /// program's own code: a prelude function shows as the line that called it).
    pub fn position(&self, tid: u32) -> Option<(u32, u32)> {
        let f = self.user_frame(tid)?;
        let line = self.prog.codes[f.code as usize]
            .instrs
            .get(f.pc as usize)
            .map_or(0, |i| i.line);
        Some((line, f.pc))
    }

    // ---------------------------------------------------------------- stepping

    // functions
    /// The innermost frame running the program's own code (not the prelude's).
    pub fn user_frame(&self, tid: u32) -> Option<&Frame> {
        let frames = &self.threads.get(tid as usize)?.frames;
        frames
            .iter()
            .rev()
            .find(|f| !self.prog.codes[f.code as usize].fun.lib)
            .or(frames.last())
    }
}
