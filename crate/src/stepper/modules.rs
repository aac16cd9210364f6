//! The library functions of the clock area — `time`, `timeit`, `random`, `os`, threading's
//! extras, queue's variants, `_thread` and `multiprocessing`'s process queries — as one small
//! `Copy` enum, [`LibFn`], carried by `Builtin::Lib` (so `Value` does not grow). This file only
//! maps `module.name` to a function; `vm/clock.rs`, `vm/threads_extra.rs`, `vm/queues.rs`,
//! `vm/random.rs` run them.

use super::value::Module;

/// A library function or class of the clock area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LibFn {
    // time / timeit
    Time,
    TimeNs,
    PerfCounter,
    PerfCounterNs,
    Monotonic,
    MonotonicNs,
    // threading
    CurrentThread,
    MainThread,
    ActiveCount,
    EnumerateThreads,
    GetIdent,
    Timer,
    Barrier,
    BoundedSemaphore,
    Local,
    StartNewThread,
    // queue
    LifoQueue,
    PriorityQueue,
    SimpleQueue,
    // random
    Seed,
    Random,
    Uniform,
    Randint,
    Randrange,
    Choice,
    Shuffle,
    Sample,
    Getrandbits,
    // os / multiprocessing
    Getpid,
    CpuCount,
    CurrentProcess,
    // futures
    /// `concurrent.futures.ThreadPoolExecutor`: the prelude's `_tpe_new`.
    ThreadPoolExecutor,
    /// `concurrent.futures.ProcessPoolExecutor`: refused (names ThreadPoolExecutor).
    ProcessPoolExecutor,
    /// `concurrent.futures.as_completed`: the prelude's `_as_completed`.
    AsCompleted,
    /// `concurrent.futures.wait`: the prelude's `_futures_wait`.
    FuturesWait,
    /// The prelude's `_executor_number()`: the N of the next `ThreadPoolExecutor-N_k`.
    ExecutorNumber,
    /// `multiprocessing.Pool`: the prelude's `_pool_new`.
    Pool,
    /// `concurrent.futures.FIRST_COMPLETED` / `FIRST_EXCEPTION` / `ALL_COMPLETED`: a string,
    /// made by `LOAD_ATTR` (`vm/futures.rs`); this variant only lets the import compile.
    ReturnWhen,
    // multiprocessing
    Pipe,
    Array,
    GetStartMethod,
    /// The prelude's `_process_number()`: multiprocessing's process counter, taken.
    ProcessNumber,
}

impl LibFn {
    /// `module.attr`, if it is one of these.
    pub fn attr(m: Module, attr: &str) -> Option<LibFn> {
        use LibFn as F;
        use Module as M;
        Some(match (m, attr) {
            (M::Time, "time") => F::Time,
            (M::Time, "time_ns") => F::TimeNs,
            (M::Time, "perf_counter") => F::PerfCounter,
            (M::Time, "perf_counter_ns") => F::PerfCounterNs,
            (M::Time, "monotonic") => F::Monotonic,
            (M::Time, "monotonic_ns") => F::MonotonicNs,
            (M::Timeit, "default_timer") => F::PerfCounter,
            (M::Threading, "current_thread" | "currentThread") => F::CurrentThread,
            (M::Threading, "main_thread") => F::MainThread,
            (M::Threading, "active_count" | "activeCount") => F::ActiveCount,
            (M::Threading, "enumerate") => F::EnumerateThreads,
            (M::Threading | M::Thread, "get_ident") => F::GetIdent,
            (M::Threading, "Timer") => F::Timer,
            (M::Threading, "Barrier") => F::Barrier,
            (M::Threading, "BoundedSemaphore") => F::BoundedSemaphore,
            (M::Threading, "local") => F::Local,
            (M::Thread, "start_new_thread") => F::StartNewThread,
            (M::Queue, "LifoQueue") => F::LifoQueue,
            (M::Queue, "PriorityQueue") => F::PriorityQueue,
            (M::Queue, "SimpleQueue") => F::SimpleQueue,
            (M::Random, "seed") => F::Seed,
            (M::Random, "random") => F::Random,
            (M::Random, "uniform") => F::Uniform,
            (M::Random, "randint") => F::Randint,
            (M::Random, "randrange") => F::Randrange,
            (M::Random, "choice") => F::Choice,
            (M::Random, "shuffle") => F::Shuffle,
            (M::Random, "sample") => F::Sample,
            (M::Random, "getrandbits") => F::Getrandbits,
            (M::Os, "getpid") => F::Getpid,
            (M::Os | M::Multiprocessing, "cpu_count") => F::CpuCount,
            (M::Multiprocessing, "current_process") => F::CurrentProcess,
            // futures
            (M::ConcurrentFutures, "ThreadPoolExecutor") => F::ThreadPoolExecutor,
            (M::ConcurrentFutures, "ProcessPoolExecutor") => F::ProcessPoolExecutor,
            (M::ConcurrentFutures, "as_completed") => F::AsCompleted,
            (M::ConcurrentFutures, "wait") => F::FuturesWait,
            (M::Multiprocessing, "Pool") => F::Pool,
            (M::ConcurrentFutures, "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED") => {
                F::ReturnWhen
            }
            // multiprocessing
            (M::Multiprocessing, "Pipe") => F::Pipe,
            (M::Multiprocessing, "Array") => F::Array,
            (M::Multiprocessing, "get_start_method") => F::GetStartMethod,
            _ => return None,
        })
    }

    /// The Python name (for messages).
    pub fn name(self) -> &'static str {
        use LibFn as F;
        match self {
            F::Time => "time",
            F::TimeNs => "time_ns",
            F::PerfCounter => "perf_counter",
            F::PerfCounterNs => "perf_counter_ns",
            F::Monotonic => "monotonic",
            F::MonotonicNs => "monotonic_ns",
            F::CurrentThread => "current_thread",
            F::MainThread => "main_thread",
            F::ActiveCount => "active_count",
            F::EnumerateThreads => "enumerate",
            F::GetIdent => "get_ident",
            F::Timer => "Timer",
            F::Barrier => "Barrier",
            F::BoundedSemaphore => "BoundedSemaphore",
            F::Local => "local",
            F::StartNewThread => "start_new_thread",
            F::LifoQueue => "LifoQueue",
            F::PriorityQueue => "PriorityQueue",
            F::SimpleQueue => "SimpleQueue",
            F::Seed => "seed",
            F::Random => "random",
            F::Uniform => "uniform",
            F::Randint => "randint",
            F::Randrange => "randrange",
            F::Choice => "choice",
            F::Shuffle => "shuffle",
            F::Sample => "sample",
            F::Getrandbits => "getrandbits",
            F::Getpid => "getpid",
            F::CpuCount => "cpu_count",
            F::CurrentProcess => "current_process",
            // futures
            F::ThreadPoolExecutor => "ThreadPoolExecutor",
            F::ProcessPoolExecutor => "ProcessPoolExecutor",
            F::AsCompleted => "as_completed",
            F::FuturesWait => "wait",
            F::ExecutorNumber => "_executor_number",
            F::Pool => "Pool",
            F::ReturnWhen => "ALL_COMPLETED",
            // multiprocessing
            F::Pipe => "Pipe",
            F::Array => "Array",
            F::GetStartMethod => "get_start_method",
            F::ProcessNumber => "_process_number",
        }
    }
}
