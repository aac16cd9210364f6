//! Values of the Python subset, and how CPython prints them (`repr` / `str`).
//!
//! Lists and dicts live in a per-process heap ([`HeapObj`]) and are referred to
//! by index, so a whole machine state is a plain, cheaply clonable and hashable
//! tree (the explorer clones and hashes states by the thousand).

use std::collections::VecDeque;
use std::rc::Rc;

/// A built-in function, class or module attribute that the subset knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Print,
    Range,
    Len,
    Str,
    Int,
    Bool,
    Abs,
    Min,
    Max,
    Sum,
    List,
    Enumerate,
    Zip,
    Sorted,
    Reversed,
    Any,
    All,
    Repr,
    Tuple,
    Thread,
    Lock,
    RLock,
    Semaphore,
    Condition,
    Event,
    Queue,
    Process,
    MpValue,
    MpQueue,
    MpLock,
    AsyncRun,
    AsyncSleep,
    AsyncGather,
    AsyncLock,
    AsyncQueue,
    AsyncCreateTask,
    TimeSleep,
    // numbers
    Float,
    Round,
    Divmod,
    Pow,
    Format,
    Hash,
    Chr,
    Ord,
    /// A `math` function: its index in `vm/math.rs`'s table.
    Math(u8),
    /// A `sys` function: its index in `vm/sys.rs`'s table.
    Sys(u8),
    /// `sys.stdout` / `sys.stderr` (true).
    Stream(bool),
    // functions, generators and statements (see vm/funcs.rs)
    Next,
    Set,
    /// Written in Python in the prelude (see compile/prelude.rs).
    Map,
    Filter,
    Reduce,
    /// The prelude's own: `_fail(message)` raises; `_isgen(x)`.
    LibFail,
    LibIsGen,
    // clock
    /// time, timeit, random, os, threading's extras, queue's variants (see `modules.rs`).
    Lib(super::modules::LibFn),
    // classes and exceptions
    /// The class `object`.
    Object,
    Isinstance,
    Issubclass,
    /// `type(x)`.
    Type,
    Hasattr,
    Getattr,
    Setattr,
    Super,
    /// A built-in exception class.
    Exc(super::vm::ExcKind),
    /// `threading.Thread.__init__` / `multiprocessing.Process.__init__` (self first).
    ThreadInit,
    ProcessInit,
    /// `BaseException.__init__` (sets `args`).
    ExcInit,
    /// `object.__init__`.
    ObjectInit,
    // stdlib
    /// A module function written in the prelude: its index in `vm/stdlib.rs`'s table.
    Py(u8),
    /// The prelude's natives for `copy`: `_inst_new(x)`, `_inst_attrs(x)`.
    LibInstNew,
    LibInstAttrs,
    /// `_kind(x)`: the name of `x`'s built-in type (None for an instance).
    LibKind,
    // collections
    /// `collections`' classes and functions, `dict`, `iter` (see vm/collections.rs).
    Coll(super::vm::CollFn),
    // asyncio
    /// An asyncio function or event-loop method (see `vm/aio_calls.rs`).
    Aio(super::vm::AioFn),
}

/// An importable module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    Threading,
    Queue,
    Multiprocessing,
    Asyncio,
    Time,
    // numbers
    Math,
    Sys,
    // functions
    Functools,
    // clock
    Timeit,
    Random,
    Os,
    /// `_thread`.
    Thread,
    // stdlib
    Itertools,
    Copy,
    // futures
    /// `concurrent.futures`.
    ConcurrentFutures,
    // collections
    Collections,
    // asyncio
    /// The event loop of `asyncio.get_event_loop()` (not importable).
    AioLoop,
}

impl Module {
    pub fn from_name(name: &str) -> Option<Module> {
        Some(match name {
            "threading" => Module::Threading,
            "queue" => Module::Queue,
            "multiprocessing" => Module::Multiprocessing,
            "asyncio" => Module::Asyncio,
            "time" => Module::Time,
            // numbers
            "math" => Module::Math,
            "sys" => Module::Sys,
            // functions
            "functools" => Module::Functools,
            // clock
            "timeit" => Module::Timeit,
            "random" => Module::Random,
            "os" => Module::Os,
            "_thread" => Module::Thread,
            // stdlib
            "itertools" => Module::Itertools,
            "copy" => Module::Copy,
            // futures
            "concurrent.futures" => Module::ConcurrentFutures,
            // collections
            "collections" => Module::Collections,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Module::Threading => "threading",
            Module::Queue => "queue",
            Module::Multiprocessing => "multiprocessing",
            Module::Asyncio => "asyncio",
            Module::Time => "time",
            // numbers
            Module::Math => "math",
            Module::Sys => "sys",
            // functions
            Module::Functools => "functools",
            // clock
            Module::Timeit => "timeit",
            Module::Random => "random",
            Module::Os => "os",
            Module::Thread => "_thread",
            // stdlib
            Module::Itertools => "itertools",
            Module::Copy => "copy",
            // futures
            Module::ConcurrentFutures => "concurrent.futures",
            // collections
            Module::Collections => "collections",
            // asyncio
            Module::AioLoop => "asyncio.events",
        }
    }
    /// `module.attr`, if the subset has it.
    pub fn attr(self, attr: &str) -> Option<Builtin> {
        use Builtin as B;
        // clock
        if let Some(f) = super::modules::LibFn::attr(self, attr) {
            return Some(B::Lib(f));
        }
        // stdlib
        if let Some(b) = super::vm::stdlib::lookup(self, attr) {
            return Some(b);
        }
        // collections
        if self == Module::Collections {
            return super::vm::coll_module_attr(attr);
        }
        // asyncio
        if let Some(b) = super::vm::aio_lookup(self, attr) {
            return Some(b);
        }
        Some(match (self, attr) {
            (Module::Threading, "Thread") => B::Thread,
            (Module::Threading, "Lock") => B::Lock,
            (Module::Threading, "RLock") => B::RLock,
            (Module::Threading, "Semaphore") => B::Semaphore,
            (Module::Threading, "BoundedSemaphore") => B::Semaphore,
            (Module::Threading, "Condition") => B::Condition,
            (Module::Threading, "Event") => B::Event,
            (Module::Queue, "Queue") => B::Queue,
            (Module::Multiprocessing, "Process") => B::Process,
            (Module::Multiprocessing, "Value") => B::MpValue,
            (Module::Multiprocessing, "Queue") => B::MpQueue,
            (Module::Multiprocessing, "Lock") => B::MpLock,
            (Module::Asyncio, "run") => B::AsyncRun,
            (Module::Asyncio, "sleep") => B::AsyncSleep,
            (Module::Asyncio, "gather") => B::AsyncGather,
            (Module::Asyncio, "Lock") => B::AsyncLock,
            (Module::Asyncio, "Queue") => B::AsyncQueue,
            (Module::Asyncio, "create_task") => B::AsyncCreateTask,
            (Module::Time, "sleep") => B::TimeSleep,
            // numbers
            (Module::Math | Module::Sys, _) => return crate::stepper::vm::module_fn(self, attr),
            // functions
            (Module::Functools, "reduce") => B::Reduce,
            // classes and exceptions
            (Module::Queue, "Empty") => B::Exc(super::vm::ExcKind::Empty),
            (Module::Queue, "Full") => B::Exc(super::vm::ExcKind::Full),
            (Module::Asyncio, "CancelledError") => B::Exc(super::vm::ExcKind::CancelledError),
            (Module::Asyncio, "TimeoutError") => B::Exc(super::vm::ExcKind::TimeoutError),
            (Module::Asyncio, "InvalidStateError") => B::Exc(super::vm::ExcKind::InvalidStateError),
            // futures
            (Module::Multiprocessing, "JoinableQueue") => B::MpQueue,
            (Module::ConcurrentFutures, "CancelledError") => {
                B::Exc(super::vm::ExcKind::CancelledError)
            }
            (Module::ConcurrentFutures, "TimeoutError") => B::Exc(super::vm::ExcKind::TimeoutError),
            (Module::ConcurrentFutures, "InvalidStateError") => {
                B::Exc(super::vm::ExcKind::InvalidStateError)
            }
            (Module::Threading, "BrokenBarrierError") => {
                B::Exc(super::vm::ExcKind::BrokenBarrierError)
            }
            _ => return None,
        })
    }
}

/// Something `await` can wait for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Awaitable {
    /// `asyncio.sleep(0)`: a switch point, never blocks.
    Sleep,
    /// `asyncio.gather(c1, c2, …)`: runs each coroutine as a task, waits for all.
    Gather(Vec<Value>),
    /// `asyncio.Lock().acquire()`.
    LockAcquire(u32),
    /// `asyncio.Queue().get()`.
    QueueGet(u32),
    /// `asyncio.Queue().put(x)`.
    QueuePut(u32, Value),
    /// A task from `asyncio.create_task(coro)` (its thread id): awaiting it waits for its result.
    Task(u32),
    // clock
    /// `asyncio.sleep(t)` for t > 0: the task sleeps `t` (nanoseconds) of virtual time.
    SleepFor(u64),
    // asyncio (see vm/aio_waits.rs)
    /// `asyncio.wait_for(aw, timeout)` before it is awaited (timeout in ns; None: no limit).
    WaitForCall(Value, Option<u64>),
    /// `wait_for` awaiting task `.0` until virtual time `.1` (ns).
    TaskUntil(u32, u64),
    /// `wait_for` past its deadline: task `.0` was cancelled; waiting for it to end.
    TimedOut(u32),
    /// `asyncio.wait(tasks, timeout, return_when)` before it is awaited.
    WaitCall(Rc<[u32]>, Option<u64>, u8),
    /// `asyncio.wait` awaited: its tasks, its deadline and `return_when`.
    WaitUntil(Rc<[u32]>, Option<u64>, u8),
    /// The k-th awaitable of `asyncio.as_completed(tasks)`.
    AsCompleted(Rc<[u32]>, u32),
    /// `asyncio.Event().wait()`.
    EventWait(u32),
    /// `asyncio.Condition().wait()`.
    CondWait(u32),
    /// An `asyncio.Future` (its index).
    Future(u32),
    /// `asyncio.timeout(t)` (ns; None: never), for `async with`.
    TimeoutCm(Option<u64>),
    /// An `asyncio.TaskGroup` (its index), for `async with`.
    TaskGroup(u32),
    /// `asyncio.Queue().join()`.
    QueueJoin(u32),
}

/// A Python value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Str(Rc<str>),
    /// A list in the current process's heap.
    List(u32),
    /// A dict in the current process's heap.
    Dict(u32),
    Tuple(Rc<[Value]>),
    Range(i64, i64, i64),
    /// A user function: index of its code object.
    Func(u32),
    Builtin(Builtin),
    Module(Module),
    /// A synchronisation object: index into the machine's syncs (shared by all processes).
    Sync(u32),
    /// A `threading.Thread` / `multiprocessing.Process` object: index into the machine's thread objects.
    ThreadObj(u32),
    /// A method bound to its receiver.
    Method(Rc<(Value, Rc<str>)>),
    /// A coroutine object (an `async def` called, not yet awaited): index into the machine's coroutines.
    Coro(u32),
    Awaitable(Rc<Awaitable>),
    /// Iterators, only ever on a frame's stack under a `for` loop.
    RangeIter(i64, i64, i64),
    ListIter(u32, u32),
    TupleIter(Rc<[Value]>, u32),
    // classes and exceptions
    /// A user class in the current process's heap.
    Class(u32),
    /// An instance of a class (user or built-in exception) in the current process's heap.
    Instance(u32),
    /// A method bound to its instance: (self, function — a `Func` or a built-in `__init__`).
    Bound(Rc<(Value, Value)>),
    /// `super()`: (the class after which lookup starts, self).
    Super(Rc<(Value, Value)>),
    // numbers
    Float(super::number::F64),
    /// `slice(start, stop, step)`, made by `a[i:j:k]`.
    Slice(Rc<[Value; 3]>),
    // functions, generators and statements (see vm/funcs.rs, vm/gens.rs, vm/sets.rs)
    /// A function with runtime defaults or a closure.
    Closure(Rc<Closure>),
    /// A cell (a variable shared with nested functions) in the current process's heap.
    Cell(u32),
    /// A generator in the current process's heap.
    Gen(u32),
    /// A set in the current process's heap.
    Set(u32),
    // multiprocessing
    /// A pickled value on its way between processes (in a `multiprocessing.Queue` or `Pipe`, or
    /// a spawned child's arguments): its root and its own heap (see `vm/mp_pickle.rs`).
    Parcel(Rc<Parcel>),
}

/// A pickled value: `root` refers to `heap` (its own, not a process's). A class is named,
/// not copied: `Value::Class(i)` points at `HeapObj::Cell(Some(Value::Str(name)))`, found by
/// that name in the receiving process's globals when the parcel is unpickled.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Parcel {
    pub root: Value,
    pub heap: Vec<HeapObj>,
}

/// A function made at run time: its code, the defaults evaluated by `def`, its cells.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Closure {
    pub code: u32,
    pub defaults: Vec<Value>,
    /// One per keyword-only parameter (`None`: no default).
    pub kwdefaults: Vec<Option<Value>>,
    /// `Value::Cell`s, in the order of the code's free variables.
    pub cells: Vec<Value>,
}

/// A generator: its suspended frame (`None` while it runs on a thread, or once finished).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GenObj {
    pub code: u32,
    pub frame: Option<super::vm::Frame>,
    pub started: bool,
    pub done: bool,
}

/// A mutable object in a process's heap.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HeapObj {
    List(Vec<Value>),
    /// Insertion-ordered, like Python's dict.
    Dict(Vec<(Value, Value)>),
    // functions
    Cell(Option<Value>),
    Gen(Box<GenObj>),
    Set(super::vm::SetTable),
    // classes and exceptions
    /// An object: its class (a `Value::Class` or a built-in class) and its attributes in order.
    Instance {
        class: Value,
        attrs: Vec<(Rc<str>, Value)>,
    },
    Class(Box<ClassObj>),
    // collections
    /// Makes the list or dict right after it a deque, Counter, … (see vm/collections.rs).
    Tag(super::vm::CollTag),
}

/// A class made by a `class` statement (classes and exceptions).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClassObj {
    pub name: Rc<str>,
    pub bases: Vec<Value>,
    /// The method resolution order after the class itself (C3, as CPython's `__mro__[1:]`).
    pub mro: Vec<Value>,
    /// The class namespace, in definition order.
    pub attrs: Vec<(Rc<str>, Value)>,
}

/// Which family a queue belongs to (for names and what may go through it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueueKind {
    Thread,
    Process,
    Asyncio,
    // clock
    Lifo,
    Priority,
    Simple,
}

/// A synchronisation object. Blocking is decided by the VM from these fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SyncObj {
    Lock {
        owner: Option<u32>,
        asyncio: bool,
        mp: bool,
    },
    RLock {
        owner: Option<u32>,
        count: u32,
    },
    Semaphore {
        value: i64,
    },
    /// `lock` is the sync id of the condition's own RLock.
    Condition {
        lock: u32,
        waiters: Vec<u32>,
    },
    Event {
        flag: bool,
    },
    Queue {
        items: VecDeque<Value>,
        maxsize: i64,
        kind: QueueKind,
    },
    /// `multiprocessing.Value`: shared by every process; `lock` is its `get_lock()`.
    MpValue {
        value: Value,
        lock: u32,
    },
    // clock
    /// `threading.Barrier(parties)`: `count` threads wait in the current `generation`.
    Barrier {
        parties: u32,
        count: u32,
        generation: u32,
    },
    /// `threading.local()`: each thread's attributes, `(thread, name, value)` sorted.
    Local {
        slots: Vec<(u32, Rc<str>, Value)>,
    },
    // multiprocessing
    /// One end of a `multiprocessing.Pipe()`: it receives from queue `rx` and sends into queue
    /// `tx` (sync ids of process queues; `None` for a one-way end), and is closed in the
    /// processes listed in `closed` (each process holds its own copy of the handle).
    Conn {
        rx: Option<u32>,
        tx: Option<u32>,
        closed: Vec<u32>,
    },
    /// `multiprocessing.Array(typecode, ...)`: shared by every process; `lock` is its `get_lock()`.
    MpArray {
        typecode: Rc<str>,
        items: Vec<Value>,
        lock: u32,
    },
}

impl SyncObj {
    pub fn kind(&self) -> &'static str {
        match self {
            SyncObj::Lock { asyncio: true, .. } => "asyncio.Lock",
            SyncObj::Lock { .. } => "Lock",
            SyncObj::RLock { .. } => "RLock",
            SyncObj::Semaphore { .. } => "Semaphore",
            SyncObj::Condition { .. } => "Condition",
            SyncObj::Event { .. } => "Event",
            SyncObj::Queue {
                kind: QueueKind::Asyncio,
                ..
            } => "asyncio.Queue",
            // clock
            SyncObj::Queue {
                kind: QueueKind::Lifo,
                ..
            } => "LifoQueue",
            SyncObj::Queue {
                kind: QueueKind::Priority,
                ..
            } => "PriorityQueue",
            SyncObj::Queue {
                kind: QueueKind::Simple,
                ..
            } => "SimpleQueue",
            SyncObj::Queue { .. } => "Queue",
            SyncObj::MpValue { .. } => "Value",
            // clock
            SyncObj::Barrier { .. } => "Barrier",
            SyncObj::Local { .. } => "local",
            // multiprocessing
            SyncObj::Conn { .. } => "Connection",
            SyncObj::MpArray { .. } => "Array",
        }
    }
}

/// Python's repr of a string: single quotes unless it holds a `'` and no `"`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Formats values against one process's heap.
pub struct Fmt<'a> {
    pub heap: &'a [HeapObj],
    pub func_name: &'a dyn Fn(u32) -> String,
}

/// At most this many values are shown by one `repr` (shared structure can make it exponential).
const REPR_NODES: usize = 20_000;
/// At most this many bytes of strings are shown by one `repr` (a list of 20 000 references to
/// one long string would otherwise make one step build gigabytes).
const REPR_STR_BYTES: usize = 4_000_000;

thread_local! {
    /// Bytes of strings left to show in the current `repr`.
    static REPR_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(REPR_STR_BYTES) };
}

impl Fmt<'_> {
    /// `str(v)`, as `print` shows it.
    pub fn str(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            _ => self.repr(v),
        }
    }

    /// `repr(v)`.
    pub fn repr(&self, v: &Value) -> String {
        let budget = std::cell::Cell::new(REPR_NODES);
        REPR_LEFT.with(|c| c.set(REPR_STR_BYTES));
        self.repr_depth(v, 0, &budget)
    }

    fn repr_depth(&self, v: &Value, depth: usize, budget: &std::cell::Cell<usize>) -> String {
        if depth > 20 || budget.get() == 0 {
            return "...".into();
        }
        budget.set(budget.get() - 1);
        let items = |xs: &[Value]| -> String {
            xs.iter()
                .map(|x| self.repr_depth(x, depth + 1, budget))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match v {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Str(s) => {
                let left = REPR_LEFT.with(|c| c.get());
                if s.len() > left {
                    return "...".into();
                }
                REPR_LEFT.with(|c| c.set(left - s.len()));
                repr_str(s)
            }
            // collections
            Value::List(_) | Value::Dict(_) if super::vm::tag_of_value(self.heap, v).is_some() => {
                super::vm::coll_repr(self, v, &|x| self.repr_depth(x, depth + 1, budget))
                    .unwrap_or_default()
            }
            Value::List(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::List(xs)) => format!("[{}]", items(xs)),
                _ => "[?]".into(),
            },
            Value::Dict(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::Dict(kv)) => format!(
                    "{{{}}}",
                    kv.iter()
                        .map(|(k, v)| format!(
                            "{}: {}",
                            self.repr_depth(k, depth + 1, budget),
                            self.repr_depth(v, depth + 1, budget)
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "{?}".into(),
            },
            Value::Tuple(xs) if xs.len() == 1 => format!("({},)", items(xs)),
            Value::Tuple(xs) => format!("({})", items(xs)),
            Value::Range(a, b, 1) => format!("range({a}, {b})"),
            Value::Range(a, b, c) => format!("range({a}, {b}, {c})"),
            Value::Func(f) => format!("<function {}>", (self.func_name)(*f)),
            Value::Builtin(b) if super::vm::builtin_class_name(*b).is_some() => {
                format!(
                    "<class '{}'>",
                    super::vm::builtin_class_name(*b).unwrap_or("")
                )
            }
            Value::Builtin(b) => format!("<built-in {b:?}>"),
            Value::Module(m) => format!("<module '{}'>", m.name()),
            Value::Sync(_) => "<sync object>".into(),
            Value::ThreadObj(_) => "<Thread>".into(),
            Value::Method(m) => format!("<bound method {}>", m.1),
            Value::Coro(_) => "<coroutine object>".into(),
            Value::Awaitable(_) => "<awaitable>".into(),
            Value::RangeIter(..) | Value::ListIter(..) | Value::TupleIter(..) => {
                "<iterator>".into()
            }
            // numbers
            Value::Float(x) => super::number::float_repr(x.get()),
            Value::Slice(s) => format!("slice({})", items(&s[..])),
            // functions
            Value::Closure(c) => format!("<function {}>", (self.func_name)(c.code)),
            // A cell shows the variable it holds.
            Value::Cell(c) => match self.heap.get(*c as usize) {
                Some(HeapObj::Cell(Some(v))) => self.repr_depth(v, depth + 1, budget),
                _ => "<empty cell>".into(),
            },
            Value::Gen(g) => match self.heap.get(*g as usize) {
                Some(HeapObj::Gen(g)) => {
                    format!("<generator object {}>", (self.func_name)(g.code))
                }
                _ => "<generator object>".into(),
            },
            Value::Set(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::Set(t)) if t.is_empty() => "set()".into(),
                Some(HeapObj::Set(t)) => format!("{{{}}}", items(&t.items())),
                _ => "{?}".into(),
            },
            // classes and exceptions
            Value::Class(_) | Value::Instance(_) | Value::Bound(_) | Value::Super(_) => {
                super::vm::fmt_object(self, v, &|x| self.repr_depth(x, depth + 1, budget))
            }
            // multiprocessing: a pickled value shows as what it will unpickle to.
            Value::Parcel(p) => Fmt {
                heap: &p.heap,
                func_name: self.func_name,
            }
            .repr_depth(&p.root, depth, budget),
        }
    }

    /// Whether `v` is made only of ints, bools, strings, None, lists, dicts and
    /// tuples — the globals compared with CPython.
    pub fn is_simple(&self, v: &Value) -> bool {
        let budget = std::cell::Cell::new(REPR_NODES);
        self.simple_depth(v, 0, &budget)
    }

    fn simple_depth(&self, v: &Value, depth: usize, budget: &std::cell::Cell<usize>) -> bool {
        if depth > 20 || budget.get() == 0 {
            return false;
        }
        budget.set(budget.get() - 1);
        match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) => true,
            // numbers
            Value::Float(_) => true,
            Value::Tuple(xs) => xs.iter().all(|x| self.simple_depth(x, depth + 1, budget)),
            // collections
            Value::List(_) | Value::Instance(_)
                if super::vm::coll_simple(self.heap, v, &|_| true).is_some() =>
            {
                super::vm::coll_simple(self.heap, v, &|x| self.simple_depth(x, depth + 1, budget))
                    .unwrap_or(false)
            }
            Value::List(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::List(xs)) => {
                    xs.iter().all(|x| self.simple_depth(x, depth + 1, budget))
                }
                _ => false,
            },
            Value::Dict(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::Dict(kv)) => kv.iter().all(|(k, v)| {
                    self.simple_depth(k, depth + 1, budget)
                        && self.simple_depth(v, depth + 1, budget)
                }),
                _ => false,
            },
            _ => false,
        }
    }
}

/// Python truthiness.
pub fn truthy(v: &Value, heap: &[HeapObj]) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Str(s) => !s.is_empty(),
        Value::Tuple(xs) => !xs.is_empty(),
        Value::List(id) => {
            !matches!(heap.get(*id as usize), Some(HeapObj::List(xs)) if xs.is_empty())
        }
        Value::Dict(id) => {
            !matches!(heap.get(*id as usize), Some(HeapObj::Dict(xs)) if xs.is_empty())
        }
        Value::Range(a, b, s) => range_len(*a, *b, *s) > 0,
        // numbers
        Value::Float(x) => x.get() != 0.0,
        // functions
        Value::Set(id) => !matches!(heap.get(*id as usize), Some(HeapObj::Set(t)) if t.is_empty()),
        _ => true,
    }
}

/// Number of items in `range(a, b, s)`.
pub fn range_len(a: i64, b: i64, s: i64) -> i64 {
    let (a, b, s) = (a as i128, b as i128, s as i128);
    let n = if s > 0 {
        (b - a + s - 1) / s
    } else if s < 0 {
        (a - b - s - 1) / -s
    } else {
        0
    };
    n.clamp(0, i64::MAX as i128) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        let f = Fmt {
            heap: &[],
            func_name: &|_| String::new(),
        };
        assert_eq!(f.repr(&Value::Str("it's".into())), "\"it's\"");
        assert_eq!(f.repr(&Value::Str("a'\"b".into())), "'a\\'\"b'");
        assert_eq!(f.repr(&Value::Bool(true)), "True");
        let t: Rc<[Value]> = vec![Value::Int(1)].into();
        assert_eq!(f.repr(&Value::Tuple(t)), "(1,)");
        let heap = vec![HeapObj::Dict(vec![(Value::Str("a".into()), Value::Int(1))])];
        let f = Fmt {
            heap: &heap,
            func_name: &|_| String::new(),
        };
        assert_eq!(f.repr(&Value::Dict(0)), "{'a': 1}");
    }
}
