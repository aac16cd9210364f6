//! The objects that live in a process's heap and are referred to by index: [`HeapObj`]
//! (lists, dicts, cells, generators, sets, instances, classes) and [`SyncObj`] (locks,
//! queues and the other synchronisation objects whose fields decide blocking).

use super::{GenObj, Value};
use std::collections::VecDeque;
use std::rc::Rc;

/// A mutable object in a process's heap.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HeapObj {
    List(Vec<Value>),
    /// Insertion-ordered, like Python's dict.
    Dict(Vec<(Value, Value)>),
    // functions
    Cell(Option<Value>),
    Gen(Box<GenObj>),
    Set(crate::stepper::vm::SetTable),
    // classes and exceptions
    /// An object: its class (a `Value::Class` or a built-in class) and its attributes in order.
    Instance {
        class: Value,
        attrs: Vec<(Rc<str>, Value)>,
    },
    Class(Box<ClassObj>),
    // collections
    /// Makes the list or dict right after it a deque, Counter, … (see vm/collections.rs).
    Tag(crate::stepper::vm::CollTag),
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
