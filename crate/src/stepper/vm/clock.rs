//! The virtual clock: integer nanoseconds in the machine state.
//!
//! **The rule** (the same in stepping, `run_sequential`, exploration and `cpython_harness.py`):
//! computation takes no virtual time. `time.sleep(t)` (and `await asyncio.sleep(t)`, a `Timer`
//! before it fires, a call with `timeout=`) makes its thread not runnable until the clock reaches
//! its wake-up. The clock moves only when **no thread can run** and some thread sleeps or waits
//! with a timeout: then it jumps to the earliest wake-up or deadline (inside the step after which
//! nothing could run, so a state's clock is part of the state and every scheduler sees the same
//! jumps). So the explorer treats a sleep as a switch point *plus an ordering constraint*: a
//! sleeper stays asleep while any other thread can run, and sleepers wake in the order of their
//! wake-ups (equal wake-ups wake together, and every order of those is explored). Real CPython can
//! differ when the computation between sleeps takes longer than the difference between them.
//!
//! Readings: `time.time()` is [`EPOCH_SECS`] + the virtual time; `perf_counter`, `monotonic` and
//! `timeit.default_timer` are the virtual time itself (0 at the start). Every seconds ↔
//! nanoseconds conversion goes through [`secs_arg`] and [`secs_value`] (ints and floats; floats once
//! the float type lands).

use super::super::modules::LibFn;
use super::super::value::{Awaitable, SyncObj, Value};
use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// `time.time()` at virtual time 0: 2023-11-14 22:13:20 UTC.
pub const EPOCH_SECS: i64 = 1_700_000_000;
/// `threading.get_ident()` of thread `t` is `IDENT_BASE + t` (CPython's are addresses; these are
/// stable so a run replays).
pub const IDENT_BASE: i64 = 140_000_000_000_000;
/// `os.getpid()` of the main process; process `p` (its memory's index) has `MAIN_PID + p`.
pub const MAIN_PID: i64 = 1000;
/// `os.cpu_count()` and `multiprocessing.cpu_count()`: the stepper's virtual machine has 4 CPUs
/// (fixed, so a program and its link replay the same everywhere).
pub const CPU_COUNT: i64 = 4;
const NS: u64 = 1_000_000_000;

/// What a `Thread` object knows beyond its target (the name CPython gives it, daemon, Timer).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TInfo {
    pub name: Rc<str>,
    pub daemon: bool,
    /// A `Timer`: its interval in nanoseconds, and whether `cancel()` was called.
    pub timer: Option<u64>,
    pub cancelled: bool,
    /// Started by `_thread.start_new_thread` (named `Dummy-N` once `current_thread()` asks).
    pub dummy: bool,
}

/// The machine state of the clock area (all of it hashed: see [`Machine::state_hash`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Extras {
    /// Virtual time in nanoseconds.
    pub now: u64,
    /// Sleeping threads and their wake-ups (removed when the clock reaches them).
    pub wakes: BTreeMap<u32, u64>,
    /// Threads in a call with a timeout (`acquire(timeout=)`, `get(timeout=)`, `wait(t)`, …)
    /// and its deadline; set when the call first finds it must wait, cleared when it returns.
    pub deadlines: BTreeMap<u32, u64>,
    /// Daemon threads (the program ends without waiting for them).
    pub daemons: BTreeSet<u32>,
    /// Per `Thread` object (its index in `tobjs`).
    pub tinfo: BTreeMap<u32, TInfo>,
    /// CPython's `threading._counter`: the N of the next `Thread-N` / `Dummy-N`.
    pub names: u32,
    /// The N of the next `Process-N`.
    pub process_names: u32,
    /// Per thread queue: items put and not yet `task_done()`.
    pub unfinished: BTreeMap<u32, i64>,
    /// `BoundedSemaphore`s and their initial value.
    pub bounds: BTreeMap<u32, i64>,
    /// A thread in `Barrier.wait()`: (barrier, generation it waits in, its arrival index).
    pub barrier_waits: BTreeMap<u32, (u32, u32, i64)>,
    /// `random`'s Mersenne Twister (see `random.rs`).
    pub rng: super::random::Rng,
    // samples
    /// The main thread's uncaught exception while other threads run on (see `main_exit`).
    pub main_error: Option<super::main_exit::MainError>,
    // asyncio
    /// Cancellations, timeouts, task groups, futures (see `aio.rs`).
    pub aio: super::aio::AioState,
}

/// Seconds as a Python number → nanoseconds (ints now; the lead extends this to floats).
pub(super) fn secs_arg(v: &Value, what: &str) -> R<u64> {
    let s = match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Float(x) => {
            let x = x.get();
            if x.is_nan() {
                return rt("ValueError: Invalid value NaN (not a number)");
            }
            if x < 0.0 {
                return rt(format!("ValueError: {what} length must be non-negative"));
            }
            // As the harness (`round(t * NS)`), exact for every time a program writes.
            let ns = (x * NS as f64).round();
            if ns >= u64::MAX as f64 {
                return rt("OverflowError: timestamp too large to convert to C _PyTime_t");
            }
            return Ok(ns as u64);
        }
        _ => {
            return rt(format!(
                "TypeError: {what}: '{}' object cannot be interpreted as a number of seconds in ThreadLab's subset",
                type_name(v)
            ))
        }
    };
    if s < 0 {
        return rt(format!("ValueError: {what} length must be non-negative"));
    }
    (s as u64).checked_mul(NS).map_or_else(
        || rt("OverflowError: timestamp too large to convert to C _PyTime_t"),
        Ok,
    )
}

/// Nanoseconds → seconds as a Python float, as `time.time()` and `perf_counter()` return.
pub(super) fn secs_value(ns: i128) -> Value {
    // Correctly rounded as Python's `ns / NS` (the epoch makes `ns` too big for an exact f64).
    let ns = i64::try_from(ns).unwrap_or(i64::MAX);
    super::float::float(super::float::int_true_div(ns, NS as i64))
}

impl Machine {
    /// The clock area's state, to change (copied first if another state shares it).
    pub(super) fn ex(&mut self) -> &mut Extras {
        &mut self.extras
    }

    /// `time.sleep(t)`: the thread sleeps until the clock reaches now + t (`sleep(0)` only yields).
    pub(super) fn time_sleep(&mut self, tid: u32, args: &[Value]) -> R<Done> {
        nargs(args, 1, 1, "sleep")?;
        let ns = secs_arg(&args[0], "sleep")?;
        if self.threads[tid as usize].kind == Kind::Task {
            // In a coroutine, time.sleep blocks the whole event loop: no other task runs, the
            // time passes, and every sleeper due by then is ready when the loop gets back.
            let e = self.ex();
            e.now = e.now.saturating_add(ns);
            let now = e.now;
            e.wakes.retain(|_, w| *w > now);
        } else {
            self.sleep_for(tid, ns);
        }
        Ok(Done::Value(Value::None))
    }

    /// `tid` sleeps `ns` of virtual time from now (0: it only gives up its turn).
    pub(super) fn sleep_for(&mut self, tid: u32, ns: u64) {
        self.threads[tid as usize].yielded = true;
        if ns > 0 {
            let at = self.extras.now.saturating_add(ns);
            self.ex().wakes.insert(tid, at);
        }
    }

    /// `await asyncio.sleep(t)` for t > 0.
    pub(super) fn async_sleep_awaitable(&mut self, args: &[Value]) -> R<Value> {
        let ns = secs_arg(&args[0], "sleep")?;
        Ok(Value::Awaitable(Rc::new(if ns == 0 {
            Awaitable::Sleep
        } else {
            Awaitable::SleepFor(ns)
        })))
    }

    /// The clock's readings: `time.time()`, `perf_counter()`, `monotonic()` and their `_ns` forms.
    pub(super) fn clock_reading(&self, f: LibFn, args: &[Value]) -> R<Value> {
        nargs(args, 0, 0, f.name())?;
        let now = self.extras.now as i128;
        let epoch = EPOCH_SECS as i128 * NS as i128;
        Ok(match f {
            LibFn::Time => secs_value(epoch + now),
            LibFn::TimeNs => Value::Int((epoch + now) as i64),
            LibFn::PerfCounterNs | LibFn::MonotonicNs => Value::Int(now as i64),
            _ => secs_value(now),
        })
    }

    /// When no thread can run and some sleep or wait with a timeout: the clock jumps to the
    /// earliest wake-up or deadline, and the sleepers it reaches wake. Whether it jumped.
    pub(super) fn clock_jump(&mut self) -> bool {
        let e = &self.extras;
        // Only a wake-up still ahead can unblock anyone (a passed deadline already has).
        let Some(at) = e
            .wakes
            .values()
            .chain(e.deadlines.values())
            .copied()
            .filter(|w| *w > e.now)
            .min()
        else {
            return false;
        };
        let e = self.ex();
        e.now = at;
        let now = e.now;
        e.wakes.retain(|_, w| *w > now);
        self.aio_after_jump(); // asyncio
        true
    }

    /// The clock area's first part of [`Machine::blocker`]: a sleeper is blocked.
    pub(super) fn clock_blocker(&self, tid: u32) -> Option<Option<Blocked>> {
        let &until = self.extras.wakes.get(&tid)?;
        Some(Some(Blocked {
            why: Wait::Sleep { until },
            on: None,
        }))
    }

    /// The clock area's part of [`Machine::blocker`] for a method call: `Some(answer)` when it
    /// decides, `None` to let the sync rules decide. A call with a timeout runs once to find
    /// whether it must wait (and set its deadline), and runs again once the deadline passes.
    pub(super) fn clock_call_blocker(
        &self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: &[Value],
        kw: &[(Rc<str>, Value)],
    ) -> Option<Option<Blocked>> {
        let kwarg = |k: &str| kw.iter().find(|(n, _)| &**n == k).map(|(_, v)| v.clone());
        if let Some(b) = self.extra_wait(tid, recv, name, args, &kwarg) {
            return Some(b);
        }
        if timeout_arg(self, recv, name, args, &kwarg).is_some() {
            return match self.extras.deadlines.get(&tid) {
                None => Some(None),
                Some(d) if *d <= self.extras.now => Some(None),
                Some(_) => None,
            };
        }
        None
    }

    /// A call with `timeout=` on a sync object or thread: `None` when it proceeds as a plain
    /// call (it can, or it has no timeout); otherwise its result now (the deadline passed) or
    /// "wait" (the deadline is set and the pc stays on the call).
    pub(super) fn timed_call(
        &mut self,
        tid: u32,
        recv: &Value,
        name: &str,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Option<Done>> {
        let Some(t) = timeout_arg(self, recv, name, args, kwarg) else {
            return Ok(None);
        };
        let ns = secs_arg(&t, "timeout")?;
        let would_block = match (recv, name) {
            (Value::Sync(s), "acquire") => self.acquire_wait(tid, *s).is_some(),
            (Value::Sync(s), "get") => self.get_wait(*s).is_some(),
            (Value::Sync(s), "put") => self.put_wait(*s).is_some(),
            (Value::Sync(s), "wait") => self.event_wait(*s).is_some(),
            (Value::ThreadObj(o), "join") => self.tobjs[*o as usize]
                .tid
                .is_some_and(|j| self.join_wait(j).is_some()),
            _ => false,
        };
        if !would_block {
            self.ex().deadlines.remove(&tid);
            return Ok(None);
        }
        match self.extras.deadlines.get(&tid).copied() {
            None => {
                let d = self.extras.now.saturating_add(ns);
                self.ex().deadlines.insert(tid, d);
                Ok(Some(Done::Pending))
            }
            Some(d) if d <= self.extras.now => {
                self.ex().deadlines.remove(&tid);
                Ok(Some(Done::Value(match (recv, name) {
                    (Value::Sync(_), "get") => return self.queue_error(tid, "get").map(|_| None),
                    (Value::Sync(_), "put") => return self.queue_error(tid, "put").map(|_| None),
                    (Value::ThreadObj(_), _) => Value::None,
                    _ => Value::Bool(false),
                })))
            }
            Some(_) => rt("internal error: a timed call ran before its deadline"),
        }
    }

    /// Whether `tid` waits with a timeout whose deadline has passed.
    pub(super) fn deadline_passed(&self, tid: u32) -> bool {
        self.extras
            .deadlines
            .get(&tid)
            .is_some_and(|d| *d <= self.extras.now)
    }

    /// `Condition.wait(timeout)`: the plain two-phase wait, with a deadline.
    pub(super) fn cond_wait_timed(
        &mut self,
        tid: u32,
        sid: u32,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Option<Done>> {
        let t = match args.first().cloned().or_else(|| kwarg("timeout")) {
            None | Some(Value::None) => return Ok(None),
            Some(t) => t,
        };
        let ns = secs_arg(&t, "timeout")?;
        let d = self.call_sync_method(tid, sid, "wait", vec![], &|_| None)?;
        let at = self.extras.now.saturating_add(ns);
        self.ex().deadlines.insert(tid, at);
        Ok(Some(d))
    }

    /// The end of a `Condition.wait()`: whether it was notified (a timed-out waiter leaves the
    /// condition's waiters); its deadline is cleared.
    pub(super) fn cond_wait_finished(&mut self, tid: u32, cond: u32) -> bool {
        if self.extras.deadlines.contains_key(&tid) {
            self.ex().deadlines.remove(&tid);
        }
        match &mut self.syncs[cond as usize] {
            SyncObj::Condition { waiters, .. } if waiters.contains(&tid) => {
                waiters.retain(|w| *w != tid);
                false
            }
            _ => true,
        }
    }

    /// After a step, when only daemon threads are left live (the main thread done): CPython's
    /// shutdown ends the program without them. Whether the run ended so.
    pub(super) fn end_daemons(&mut self) -> bool {
        if self.extras.daemons.is_empty() || self.is_live(0) {
            return false;
        }
        let live: Vec<u32> = (0..self.threads.len() as u32)
            .filter(|t| self.is_live(*t))
            .collect();
        if live.is_empty() || !live.iter().all(|t| self.extras.daemons.contains(t)) {
            return false;
        }
        for t in live {
            self.threads[t as usize].state = TState::Done;
            self.ex().wakes.remove(&t);
            self.ex().deadlines.remove(&t);
        }
        self.outcome = Some(Outcome {
            kind: "finished",
            message: "all threads finished (daemon threads end with the program)".into(),
            line: None,
        });
        true
    }
}

/// The `timeout` argument of a call that takes one, if it is given and not None.
fn timeout_arg(
    m: &Machine,
    recv: &Value,
    name: &str,
    args: &[Value],
    kwarg: &dyn Fn(&str) -> Option<Value>,
) -> Option<Value> {
    let pos = match (recv, name) {
        (Value::Sync(s), _) => match (m.syncs.get(*s as usize)?, name) {
            (
                SyncObj::Lock { asyncio: false, .. }
                | SyncObj::RLock { .. }
                | SyncObj::Semaphore { .. },
                "acquire",
            ) => 1,
            (SyncObj::Queue { kind, .. }, "get")
                if *kind != super::super::value::QueueKind::Asyncio =>
            {
                1
            }
            (SyncObj::Queue { kind, .. }, "put")
                if *kind != super::super::value::QueueKind::Asyncio =>
            {
                2
            }
            (SyncObj::Event { .. }, "wait") => 0,
            _ => return None,
        },
        (Value::ThreadObj(_), "join") => 0,
        _ => return None,
    };
    // acquire(False, …) / get(False, …) never wait: their timeout does not matter.
    if pos > 0 {
        let block = args
            .get(pos - 1)
            .cloned()
            .or_else(|| kwarg("blocking"))
            .or_else(|| kwarg("block"));
        if matches!(block, Some(Value::Bool(false) | Value::Int(0))) {
            return None;
        }
    }
    match args.get(pos).cloned().or_else(|| kwarg("timeout")) {
        None | Some(Value::None) => None,
        // acquire(timeout=-1) means "no timeout", as in CPython.
        Some(Value::Int(-1)) if name == "acquire" => None,
        Some(v) => Some(v),
    }
}
