//! Values of the Python subset, and how CPython prints them (`repr` / `str`).
//!
//! Lists and dicts live in a per-process heap ([`HeapObj`]) and are referred to
//! by index, so a whole machine state is a plain, cheaply clonable and hashable
//! tree (the explorer clones and hashes states by the thousand).

use std::rc::Rc;

mod builtins;
mod heap;
mod repr;

pub use builtins::{Builtin, Module};
pub use heap::{ClassObj, HeapObj, QueueKind, SyncObj};

/// A heap of objects (a process's, or a parcel's): copy-on-write per object, each with its
/// cached hash, so a step that changes one object copies and re-hashes only that one (speed).
pub type Heap = super::vm::CowVec<HeapObj>;
pub use repr::{range_len, repr_str, truthy, Fmt};

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
    pub heap: Heap,
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
