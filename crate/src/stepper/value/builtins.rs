//! The built-in names the subset knows: [`Builtin`] (functions, classes and module
//! attributes) and [`Module`] (importable modules), with the table from a module's
//! attribute name to its built-in.

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
    Lib(crate::stepper::modules::LibFn),
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
    Exc(crate::stepper::vm::ExcKind),
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
    Coll(crate::stepper::vm::CollFn),
    // asyncio
    /// An asyncio function or event-loop method (see `vm/aio_calls.rs`).
    Aio(crate::stepper::vm::AioFn),
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
        if let Some(f) = crate::stepper::modules::LibFn::attr(self, attr) {
            return Some(B::Lib(f));
        }
        // stdlib
        if let Some(b) = crate::stepper::vm::stdlib::lookup(self, attr) {
            return Some(b);
        }
        // collections
        if self == Module::Collections {
            return crate::stepper::vm::coll_module_attr(attr);
        }
        // asyncio
        if let Some(b) = crate::stepper::vm::aio_lookup(self, attr) {
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
            (Module::Queue, "Empty") => B::Exc(crate::stepper::vm::ExcKind::Empty),
            (Module::Queue, "Full") => B::Exc(crate::stepper::vm::ExcKind::Full),
            (Module::Asyncio, "CancelledError") => {
                B::Exc(crate::stepper::vm::ExcKind::CancelledError)
            }
            (Module::Asyncio, "TimeoutError") => B::Exc(crate::stepper::vm::ExcKind::TimeoutError),
            (Module::Asyncio, "InvalidStateError") => {
                B::Exc(crate::stepper::vm::ExcKind::InvalidStateError)
            }
            // futures
            (Module::Multiprocessing, "JoinableQueue") => B::MpQueue,
            (Module::ConcurrentFutures, "CancelledError") => {
                B::Exc(crate::stepper::vm::ExcKind::CancelledError)
            }
            (Module::ConcurrentFutures, "TimeoutError") => {
                B::Exc(crate::stepper::vm::ExcKind::TimeoutError)
            }
            (Module::ConcurrentFutures, "InvalidStateError") => {
                B::Exc(crate::stepper::vm::ExcKind::InvalidStateError)
            }
            (Module::Threading, "BrokenBarrierError") => {
                B::Exc(crate::stepper::vm::ExcKind::BrokenBarrierError)
            }
            _ => return None,
        })
    }
}
