//! Lab `starvation`: readers–writers locks, and who waits forever.
//!
//! R reader threads and W writer threads share one readers–writers lock for a
//! fixed time. Readers may be inside together; a writer must be alone. Each
//! thread loops: ask for the lock, hold it (sleeping inside for the hold
//! time), let go, wait the gap, ask again. Three locks, each its own small
//! type over the same lock words ([`LockWords`]):
//!
//! - [`ReaderPreference`]: a reader enters whenever no writer is inside. A
//!   stream of readers whose turns overlap keeps the lock busy for ever, and
//!   a writer — who needs it empty — **starves**: 0 entries, a wait as long as
//!   the run.
//! - [`WriterPreference`]: a waiting writer bars new readers. Now writers
//!   that come back at once keep the readers out: readers can starve.
//! - [`FifoFair`]: a ticket lock. Everyone takes a ticket and enters in
//!   arrival order (readers with consecutive tickets enter together), so every
//!   thread enters, again and again.
//!
//! **How a thread waits.** All three locks block the same way, in
//! [`Waiter::pause`]: a few spins, then a 100 µs sleep, checking the page's
//! stop word and the run's deadline every time. Not a condition variable on
//! purpose: the lock's whole state is a handful of atomics in [`STARVATION`],
//! which the page reads live, and a sleeping waiter costs no core — which
//! matters on a 2-core machine with 16 threads. (`std::thread::sleep` in a
//! threaded wasm build is `memory.atomic.wait32` with a timeout, allowed in
//! the Web Workers that run rayon's threads.)
//!
//! **Why it starves so reliably.** Under reader preference the writer needs
//! an instant at which *no* reader is inside. With ≥ 2 readers that hold the
//! lock for milliseconds and come back at once (gap 0), such an instant lasts
//! microseconds at most, and the writer would have to look at that very
//! moment. The readers start a fraction of a hold apart so that their turns
//! overlap like those of independent arrivals (started together, equal sleeps
//! would let them all out at the same instant).
//!
//! **Correctness, checked in every run.** Independently of the lock, each
//! thread adds itself to [`Starvation::occupancy`] on entry (a reader 1, a
//! writer [`WRITER_UNIT`]) and checks what was there: a writer must find 0, a
//! reader no writer. A clash is counted in [`Starvation::violations`], which
//! every test asserts to be 0 for all three locks.
//!
//! There is no isolated-worker (process) variant: processes do not share a
//! lock's memory, so there would be nothing to contend for.
//!
//! Python equivalent: `www/src/labs/starvation.py`.

use super::start_line::StartLine;
use crate::arena::MAX_WRITERS;
use core::sync::atomic::{
    AtomicU32,
    Ordering::{Relaxed, SeqCst},
};
use std::time::Duration;

/// Most threads in a run: readers + writers ≤ 16.
pub const MAX_THREADS: usize = MAX_WRITERS;
/// Longest hold time (read or write) and longest gap, in ms.
pub const MAX_HOLD_MS: u32 = 50;
/// Shortest and longest run, in ms.
pub const MIN_DURATION_MS: u32 = 200;
/// See [`MIN_DURATION_MS`].
pub const MAX_DURATION_MS: u32 = 10_000;
/// The writer bit of [`LockWords::state`].
pub const WRITER_BIT: u32 = 1 << 31;
/// What a writer adds to [`Starvation::occupancy`] (a reader adds 1).
pub const WRITER_UNIT: u32 = 1 << 16;
/// A waiter sleeps this long between looks at the lock, after a few spins.
pub const POLL_SLEEP: Duration = Duration::from_micros(100);
/// Spins before a waiter starts sleeping.
const SPINS: u32 = 20;
/// Sleeps inside or outside the lock are cut into slices this long, so a
/// Stop lands within one.
const SLICE_MS: f64 = 2.0;

/// Which lock a run uses. The discriminant is what [`Starvation::policy`]
/// holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// [`ReaderPreference`].
    Reader = 1,
    /// [`WriterPreference`].
    Writer = 2,
    /// [`FifoFair`].
    Fair = 3,
}

impl Policy {
    /// From the page's number: 1 reader, 2 writer, 3 fair.
    pub fn from_u32(p: u32) -> Result<Self, String> {
        match p {
            1 => Ok(Policy::Reader),
            2 => Ok(Policy::Writer),
            3 => Ok(Policy::Fair),
            _ => Err(format!(
                "lock must be 1 (reader), 2 (writer) or 3 (fair) (got {p})"
            )),
        }
    }
}

/// What a thread does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Takes the lock shared.
    Reader = 1,
    /// Takes the lock alone.
    Writer = 2,
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// The lock.
    pub policy: Policy,
    /// Reader threads, 1..=15.
    pub readers: usize,
    /// Writer threads, 1..=15; readers + writers ≤ 16.
    pub writers: usize,
    /// How long a reader stays inside, ms (1..=50).
    pub read_ms: u32,
    /// How long a writer stays inside, ms (1..=50).
    pub write_ms: u32,
    /// How long every thread stays outside between turns, ms (0..=50).
    pub gap_ms: u32,
    /// How long the run lasts, ms (200..=10,000).
    pub duration_ms: u32,
}

impl Params {
    /// Checks the bounds; the message names the parameter and its range.
    pub fn new(
        policy: Policy,
        readers: usize,
        writers: usize,
        read_ms: u32,
        write_ms: u32,
        gap_ms: u32,
        duration_ms: u32,
    ) -> Result<Self, String> {
        let max = MAX_THREADS - 1;
        super::in_range("readers", readers, 1..=max)?;
        super::in_range("writers", writers, 1..=max)?;
        if readers + writers > MAX_THREADS {
            return Err(format!(
                "readers + writers must be at most {MAX_THREADS} (got {})",
                readers + writers
            ));
        }
        for (name, v, min) in [
            ("read", read_ms, 1),
            ("write", write_ms, 1),
            ("gap", gap_ms, 0),
        ] {
            super::in_range(name, v, min..=MAX_HOLD_MS)?;
        }
        super::in_range("duration", duration_ms, MIN_DURATION_MS..=MAX_DURATION_MS)?;
        Ok(Params {
            policy,
            readers,
            writers,
            read_ms,
            write_ms,
            gap_ms,
            duration_ms,
        })
    }

    /// Threads in the run: readers first (0..R), then writers.
    pub fn threads(&self) -> usize {
        self.readers + self.writers
    }

    /// Thread `t`'s role.
    pub fn role(&self, t: usize) -> Role {
        if t < self.readers {
            Role::Reader
        } else {
            Role::Writer
        }
    }
}

/// The words every lock works on. Each lock type below uses some of them; all
/// three keep the two waiting counts up to date so the page can show them.
#[repr(C)]
pub struct LockWords {
    /// Who is inside: bit 31 ([`WRITER_BIT`]) set = a writer is inside; bits
    /// 0..31 = how many readers are inside. 0: the lock is free. Every lock
    /// enters by a compare-and-swap or `fetch_add` on this word, which is what
    /// makes the three of them correct.
    pub state: AtomicU32,
    /// How many readers are waiting to enter right now.
    pub waiting_readers: AtomicU32,
    /// How many writers are waiting to enter right now.
    pub waiting_writers: AtomicU32,
    /// [`FifoFair`] only: the next ticket to hand out (tickets taken so far).
    pub next_ticket: AtomicU32,
    /// [`FifoFair`] only: the ticket whose holder may enter now.
    pub now_serving: AtomicU32,
}

/// One thread's record.
#[repr(C)]
pub struct ThreadWords {
    /// 0: not in this run; 1: reader; 2: writer ([`Role`]).
    pub role: AtomicU32,
    /// 0: not started; 1: outside (between turns); 2: waiting for the lock;
    /// 3: inside; 4: finished.
    pub phase: AtomicU32,
    /// How many times it has entered the lock.
    pub entries: AtomicU32,
    /// Microseconds spent waiting, over all finished waits (a wait still going
    /// at the end of the run is added when the thread gives up).
    pub wait_total_us: AtomicU32,
    /// The longest single wait so far, µs (including one cut off by the end).
    pub wait_max_us: AtomicU32,
    /// How long its current wait has lasted so far, µs; 0 when not waiting.
    /// Updated on every look at the lock, so a starving writer's wait grows
    /// live on the page.
    pub wait_now_us: AtomicU32,
}

/// Everything the page watches: the lock and every thread.
#[repr(C)]
pub struct Starvation {
    /// The lock's words.
    pub lock: LockWords,
    /// Readers inside + [`WRITER_UNIT`] × writers inside, kept by the threads
    /// themselves right after entering and before leaving — a check on the
    /// lock that does not trust it.
    pub occupancy: AtomicU32,
    /// How many times a thread entered while the occupancy said it must not
    /// (a writer with anyone, or a reader with a writer). 0 for a correct lock.
    pub violations: AtomicU32,
    /// The lock of the current (or last) run: 0 none yet, else [`Policy`].
    pub policy: AtomicU32,
    /// Threads in the current run.
    pub threads: AtomicU32,
    /// Microseconds since the run started, as last seen by any of its threads.
    pub elapsed_us: AtomicU32,
    /// Bumped by every reset; lets the page tell runs apart.
    pub generation: AtomicU32,
    /// Per thread: readers are 0..R, writers R..R+W.
    pub thread: [ThreadWords; MAX_THREADS],
}

/// The fields the page reads, in the order of [`Starvation::layout`].
pub const LAYOUT_FIELDS: [&str; 18] = [
    "base",
    "state",
    "waitingReaders",
    "waitingWriters",
    "nextTicket",
    "nowServing",
    "occupancy",
    "violations",
    "policy",
    "threads",
    "elapsedUs",
    "generation",
    "thread",
    "threadStride",
    "maxThreads",
    "writerBit",
    "writerUnit",
    "wordsPerThread",
];

#[allow(clippy::declare_interior_mutable_const)]
const Z: AtomicU32 = AtomicU32::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const ZT: ThreadWords = ThreadWords {
    role: Z,
    phase: Z,
    entries: Z,
    wait_total_us: Z,
    wait_max_us: Z,
    wait_now_us: Z,
};

impl Starvation {
    /// All zero. `const` so it can be a `static`.
    pub const fn new() -> Self {
        Starvation {
            lock: LockWords {
                state: Z,
                waiting_readers: Z,
                waiting_writers: Z,
                next_ticket: Z,
                now_serving: Z,
            },
            occupancy: Z,
            violations: Z,
            policy: Z,
            threads: Z,
            elapsed_us: Z,
            generation: Z,
            thread: [ZT; MAX_THREADS],
        }
    }

    /// A fresh one on the heap, for tests.
    pub fn boxed() -> Box<Self> {
        Box::new(Self::new())
    }

    /// Clears everything for run `p` and bumps `generation`.
    pub fn reset(&self, p: &Params) {
        let l = &self.lock;
        for w in [
            &l.state,
            &l.waiting_readers,
            &l.waiting_writers,
            &l.next_ticket,
            &l.now_serving,
            &self.occupancy,
            &self.violations,
            &self.elapsed_us,
        ] {
            w.store(0, SeqCst);
        }
        for (t, tw) in self.thread.iter().enumerate() {
            let role = if t < p.threads() { p.role(t) as u32 } else { 0 };
            tw.role.store(role, Relaxed);
            for w in [
                &tw.phase,
                &tw.entries,
                &tw.wait_total_us,
                &tw.wait_max_us,
                &tw.wait_now_us,
            ] {
                w.store(0, Relaxed);
            }
        }
        self.policy.store(p.policy as u32, Relaxed);
        self.threads.store(p.threads() as u32, Relaxed);
        self.generation.fetch_add(1, SeqCst);
    }

    /// Byte addresses of the fields in [`LAYOUT_FIELDS`], then the constants
    /// the page needs (size of one thread's record, …).
    pub fn layout(&self) -> [usize; LAYOUT_FIELDS.len()] {
        let at = |p: &AtomicU32| p as *const AtomicU32 as usize;
        let l = &self.lock;
        [
            self as *const Self as usize,
            at(&l.state),
            at(&l.waiting_readers),
            at(&l.waiting_writers),
            at(&l.next_ticket),
            at(&l.now_serving),
            at(&self.occupancy),
            at(&self.violations),
            at(&self.policy),
            at(&self.threads),
            at(&self.elapsed_us),
            at(&self.generation),
            self.thread.as_ptr() as usize,
            core::mem::size_of::<ThreadWords>(),
            MAX_THREADS,
            WRITER_BIT as usize,
            WRITER_UNIT as usize,
            core::mem::size_of::<ThreadWords>() / 4,
        ]
    }
}

impl Default for Starvation {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's lab memory: in the threaded build, shared by every pool
/// thread and watched by the page.
pub static STARVATION: Starvation = Starvation::new();

// --- waiting -------------------------------------------------------------------

/// How a thread waits for the lock: spin a little, then sleep [`POLL_SLEEP`]
/// per look, and give up when the run is over or stopped.
pub struct Waiter<'a> {
    me: &'a ThreadWords,
    spins: u32,
    since_ms: f64,
    clock: &'a dyn Fn() -> f64,
    /// Whether the run is over (deadline passed or stop requested).
    over: &'a dyn Fn() -> bool,
}

impl Waiter<'_> {
    /// One more look is due: returns `false` if the thread must give up
    /// (stop word or deadline) instead of looking again.
    pub fn pause(&mut self) -> bool {
        if self.spins < SPINS {
            self.spins += 1;
            core::hint::spin_loop();
        } else {
            std::thread::sleep(POLL_SLEEP);
        }
        let waited = us(self.clock() - self.since_ms);
        self.me.wait_now_us.store(waited.max(1), Relaxed);
        !(self.over)()
    }

    fn clock(&self) -> f64 {
        (self.clock)()
    }
}

fn us(ms: f64) -> u32 {
    (ms * 1000.0).clamp(0.0, u32::MAX as f64) as u32
}

// --- the three locks --------------------------------------------------------------

/// A readers–writers lock: `lock_*` returns `false` when the waiter gave up
/// (run over) without entering.
pub trait RwPolicy: Sync {
    /// Enter shared (with other readers).
    fn lock_read(&self, l: &LockWords, w: &mut Waiter) -> bool;
    /// Leave after [`RwPolicy::lock_read`].
    fn unlock_read(&self, l: &LockWords) {
        l.state.fetch_sub(1, SeqCst);
    }
    /// Enter alone.
    fn lock_write(&self, l: &LockWords, w: &mut Waiter) -> bool;
    /// Leave after [`RwPolicy::lock_write`].
    fn unlock_write(&self, l: &LockWords) {
        l.state.fetch_and(!WRITER_BIT, SeqCst);
    }
}

/// Adds one to `state`'s reader count if no writer is inside (and `also`
/// holds); `true` if it did.
fn try_add_reader(l: &LockWords, also: impl Fn() -> bool) -> bool {
    let s = l.state.load(SeqCst);
    s & WRITER_BIT == 0 && also() && l.state.compare_exchange(s, s + 1, SeqCst, SeqCst).is_ok()
}

/// Sets the writer bit if the lock is free (and `also` holds).
fn try_set_writer(l: &LockWords, also: impl Fn() -> bool) -> bool {
    l.state.load(SeqCst) == 0
        && also()
        && l.state
            .compare_exchange(0, WRITER_BIT, SeqCst, SeqCst)
            .is_ok()
}

/// Runs `attempt` until it succeeds (`true`) or the waiter gives up (`false`).
fn spin_until(w: &mut Waiter, mut attempt: impl FnMut() -> bool) -> bool {
    loop {
        if attempt() {
            return true;
        }
        if !w.pause() {
            return false;
        }
    }
}

/// [`spin_until`], counted in `waiting` meanwhile.
fn wait_until(waiting: &AtomicU32, w: &mut Waiter, attempt: impl FnMut() -> bool) -> bool {
    waiting.fetch_add(1, SeqCst);
    let entered = spin_until(w, attempt);
    waiting.fetch_sub(1, SeqCst);
    entered
}

/// **Reader preference** (the "first readers–writers problem"): a reader
/// enters whenever no writer is inside, however many writers wait; a writer
/// enters only when the lock is empty *and no reader is waiting*. Readers who
/// overlap keep it from ever being empty: writers starve.
pub struct ReaderPreference;

impl RwPolicy for ReaderPreference {
    fn lock_read(&self, l: &LockWords, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_readers, w, || try_add_reader(l, || true))
    }
    fn lock_write(&self, l: &LockWords, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_writers, w, || {
            try_set_writer(l, || l.waiting_readers.load(SeqCst) == 0)
        })
    }
}

/// **Writer preference** (the "second readers–writers problem"): while a
/// writer waits, no new reader enters; a writer enters as soon as the lock is
/// empty. Writers who come back at once keep a writer always waiting: readers
/// starve. (A reader that saw no waiting writer may still slip in just as one
/// arrives — harmless: the writer then waits for it to leave.)
pub struct WriterPreference;

impl RwPolicy for WriterPreference {
    fn lock_read(&self, l: &LockWords, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_readers, w, || {
            try_add_reader(l, || l.waiting_writers.load(SeqCst) == 0)
        })
    }
    fn lock_write(&self, l: &LockWords, w: &mut Waiter) -> bool {
        wait_until(&l.waiting_writers, w, || try_set_writer(l, || true))
    }
}

/// **Fair, first come first served**: a ticket lock. Every thread takes the
/// next ticket and waits until `now_serving` reaches it. A reader then joins
/// the readers inside and at once serves the next ticket, so readers with
/// consecutive tickets are inside together; a writer waits, holding up the
/// queue, until the readers before it have left, and serves the next ticket
/// only when it leaves. Nobody is overtaken, so nobody starves.
pub struct FifoFair;

impl RwPolicy for FifoFair {
    fn lock_read(&self, l: &LockWords, w: &mut Waiter) -> bool {
        l.waiting_readers.fetch_add(1, SeqCst);
        let ticket = l.next_ticket.fetch_add(1, SeqCst);
        let mine = spin_until(w, || l.now_serving.load(SeqCst) == ticket);
        if mine {
            // Whoever held the previous ticket has cleared the writer bit
            // before serving ours, so only readers can be inside.
            l.state.fetch_add(1, SeqCst);
            l.now_serving.fetch_add(1, SeqCst);
        }
        l.waiting_readers.fetch_sub(1, SeqCst);
        mine
    }
    fn lock_write(&self, l: &LockWords, w: &mut Waiter) -> bool {
        l.waiting_writers.fetch_add(1, SeqCst);
        let ticket = l.next_ticket.fetch_add(1, SeqCst);
        let mine = spin_until(w, || {
            l.now_serving.load(SeqCst) == ticket && try_set_writer(l, || true)
        });
        l.waiting_writers.fetch_sub(1, SeqCst);
        mine
    }
    fn unlock_write(&self, l: &LockWords) {
        l.state.fetch_and(!WRITER_BIT, SeqCst);
        l.now_serving.fetch_add(1, SeqCst);
    }
}

// --- a run ---------------------------------------------------------------------------

/// Sleeps `ms` in slices, returning early when `over` says so.
fn sleep_ms(ms: f64, clock: &dyn Fn() -> f64, over: &dyn Fn() -> bool) {
    let until = clock() + ms;
    loop {
        let left = until - clock();
        if left <= 0.0 || over() {
            return;
        }
        std::thread::sleep(Duration::from_secs_f64(left.min(SLICE_MS) / 1000.0));
    }
}

/// Thread `t`'s whole run: turns until the deadline or a stop.
fn thread_loop(
    lab: &Starvation,
    p: &Params,
    t: usize,
    lock: &dyn RwPolicy,
    clock: &dyn Fn() -> f64,
    epoch: f64,
    stop: &dyn Fn() -> bool,
) {
    let me = &lab.thread[t];
    let role = p.role(t);
    let deadline = epoch + f64::from(p.duration_ms);
    // "Over" for sleeps; the stop word only for the time inside (a turn
    // started before the deadline is finished).
    let over = || stop() || clock() >= deadline;
    let seen = |now: f64| lab.elapsed_us.fetch_max(us(now - epoch), Relaxed);
    // Readers arrive a fraction of a hold apart (see the module doc).
    if role == Role::Reader {
        me.phase.store(1, Relaxed);
        sleep_ms(
            f64::from(p.read_ms) * t as f64 / p.readers as f64,
            clock,
            &over,
        );
    }
    while !over() {
        me.phase.store(2, Relaxed);
        let start = clock();
        let mut w = Waiter {
            me,
            spins: 0,
            since_ms: start,
            clock,
            over: &over,
        };
        let entered = match role {
            Role::Reader => lock.lock_read(&lab.lock, &mut w),
            Role::Writer => lock.lock_write(&lab.lock, &mut w),
        };
        let now = clock();
        let waited = us(now - start);
        me.wait_total_us.fetch_add(waited, Relaxed);
        me.wait_max_us.fetch_max(waited, Relaxed);
        me.wait_now_us.store(0, Relaxed);
        seen(now);
        if !entered {
            break;
        }
        // Inside. Check the lock by an occupancy count it does not touch.
        let (unit, hold) = match role {
            Role::Reader => (1, p.read_ms),
            Role::Writer => (WRITER_UNIT, p.write_ms),
        };
        let before = lab.occupancy.fetch_add(unit, SeqCst);
        let clash = match role {
            Role::Reader => before >= WRITER_UNIT,
            Role::Writer => before != 0,
        };
        if clash {
            lab.violations.fetch_add(1, SeqCst);
        }
        me.entries.fetch_add(1, Relaxed);
        me.phase.store(3, Relaxed);
        sleep_ms(f64::from(hold), clock, stop);
        lab.occupancy.fetch_sub(unit, SeqCst);
        match role {
            Role::Reader => lock.unlock_read(&lab.lock),
            Role::Writer => lock.unlock_write(&lab.lock),
        }
        me.phase.store(1, Relaxed);
        seen(clock());
        if p.gap_ms > 0 {
            sleep_ms(f64::from(p.gap_ms), clock, &over);
        }
    }
    me.phase.store(4, Relaxed);
}

/// What a run did, per thread (readers first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Entries per thread.
    pub entries: Vec<u32>,
    /// Total wait per thread, µs.
    pub wait_total_us: Vec<u32>,
    /// Longest wait per thread, µs.
    pub wait_max_us: Vec<u32>,
    /// Times the occupancy check caught a writer with someone.
    pub violations: u32,
    /// Whether a stop cut the run short.
    pub stopped: bool,
    /// How long the run took, µs.
    pub elapsed_us: u32,
}

impl Outcome {
    /// Entries of the readers (the first `readers` threads).
    pub fn reader_entries<'a>(&'a self, p: &Params) -> &'a [u32] {
        &self.entries[..p.readers]
    }
    /// Entries of the writers.
    pub fn writer_entries<'a>(&'a self, p: &Params) -> &'a [u32] {
        &self.entries[p.readers..]
    }
}

fn outcome(lab: &Starvation, p: &Params, stopped: bool) -> Outcome {
    let col = |f: fn(&ThreadWords) -> &AtomicU32| -> Vec<u32> {
        lab.thread[..p.threads()]
            .iter()
            .map(|t| f(t).load(Relaxed))
            .collect()
    };
    Outcome {
        entries: col(|t| &t.entries),
        wait_total_us: col(|t| &t.wait_total_us),
        wait_max_us: col(|t| &t.wait_max_us),
        violations: lab.violations.load(SeqCst),
        stopped,
        elapsed_us: lab.elapsed_us.load(Relaxed),
    }
}

fn lock_of(p: Policy) -> &'static dyn RwPolicy {
    match p {
        Policy::Reader => &ReaderPreference,
        Policy::Writer => &WriterPreference,
        Policy::Fair => &FifoFair,
    }
}

/// The parallel run: every reader and writer on its own thread of the current
/// rayon pool (which must have at least R + W threads: with fewer, some would
/// only start when others finish), contending for one lock for
/// `p.duration_ms`. Blocks until all are done or `stop()` says stop.
pub fn run_parallel(
    lab: &Starvation,
    p: &Params,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Outcome, String> {
    let n = p.threads();
    if rayon::current_num_threads() < n {
        return Err(format!(
            "the pool has {} threads, and this run needs one per reader and writer ({n})",
            rayon::current_num_threads()
        ));
    }
    lab.reset(p);
    let lock = lock_of(p.policy);
    // Everyone starts together (each on its own thread, so the wait cannot
    // deadlock).
    let line = StartLine::new(n);
    rayon::broadcast(|ctx| {
        let t = ctx.index();
        if t >= n {
            return;
        }
        if let Some(epoch) = line.arrive_and_wait(clock, stop) {
            thread_loop(lab, p, t, lock, clock, epoch, stop);
        }
    });
    Ok(outcome(lab, p, stop()))
}

/// The sequential twin: the same threads' turns taken one after another on
/// this thread, round robin, for `p.duration_ms`. Nobody ever waits, so nobody
/// starves — whatever the lock: starvation needs contention.
pub fn run_sequential(
    lab: &Starvation,
    p: &Params,
    clock: &dyn Fn() -> f64,
    stop: &dyn Fn() -> bool,
) -> Outcome {
    lab.reset(p);
    let lock = lock_of(p.policy);
    let epoch = clock();
    let deadline = epoch + f64::from(p.duration_ms);
    let over = || stop() || clock() >= deadline;
    'turns: loop {
        for t in 0..p.threads() {
            if over() {
                break 'turns;
            }
            let me = &lab.thread[t];
            let mut w = Waiter {
                me,
                spins: 0,
                since_ms: clock(),
                clock,
                over: &over,
            };
            let start = clock();
            let (entered, unit, hold) = match p.role(t) {
                Role::Reader => (lock.lock_read(&lab.lock, &mut w), 1, p.read_ms),
                Role::Writer => (lock.lock_write(&lab.lock, &mut w), WRITER_UNIT, p.write_ms),
            };
            let waited = us(clock() - start);
            me.wait_total_us.fetch_add(waited, Relaxed);
            me.wait_max_us.fetch_max(waited, Relaxed);
            if !entered {
                break 'turns;
            }
            if lab.occupancy.fetch_add(unit, SeqCst) != 0 {
                lab.violations.fetch_add(1, SeqCst);
            }
            me.entries.fetch_add(1, Relaxed);
            sleep_ms(f64::from(hold), clock, stop);
            lab.occupancy.fetch_sub(unit, SeqCst);
            match p.role(t) {
                Role::Reader => lock.unlock_read(&lab.lock),
                Role::Writer => lock.unlock_write(&lab.lock),
            }
            lab.elapsed_us.fetch_max(us(clock() - epoch), Relaxed);
        }
    }
    for t in &lab.thread[..p.threads()] {
        t.phase.store(4, Relaxed);
    }
    outcome(lab, p, stop())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::test_pool as pool;
    use std::sync::atomic::AtomicBool;

    fn clock() -> f64 {
        crate::clock::now_ms()
    }

    fn params(policy: Policy, r: usize, w: usize, hold: u32, ms: u32) -> Params {
        Params::new(policy, r, w, hold, hold, 0, ms).unwrap()
    }

    fn run(p: &Params) -> Outcome {
        let lab = Starvation::boxed();
        pool(p.threads())
            .install(|| run_parallel(&lab, p, &clock, &|| false))
            .unwrap()
    }

    #[test]
    fn params_are_bounded_and_named() {
        let ok = |r, w, rd, wr, g, d| Params::new(Policy::Reader, r, w, rd, wr, g, d);
        assert!(ok(0, 1, 5, 5, 0, 1000).unwrap_err().contains("readers"));
        assert!(ok(3, 0, 5, 5, 0, 1000).unwrap_err().contains("writers"));
        assert!(ok(10, 7, 5, 5, 0, 1000).unwrap_err().contains("at most 16"));
        assert!(ok(3, 1, 0, 5, 0, 1000).unwrap_err().contains("read"));
        assert!(ok(3, 1, 5, 51, 0, 1000).unwrap_err().contains("write"));
        assert!(ok(3, 1, 5, 5, 51, 1000).unwrap_err().contains("gap"));
        assert!(ok(3, 1, 5, 5, 0, 100).unwrap_err().contains("duration"));
        assert!(ok(3, 1, 5, 5, 0, 10_001)
            .unwrap_err()
            .contains("200 to 10000"));
        assert_eq!(ok(15, 1, 50, 50, 50, 10_000).unwrap().threads(), 16);
        assert!(Policy::from_u32(4).is_err());
        assert_eq!(Policy::from_u32(3), Ok(Policy::Fair));
    }

    #[test]
    fn layout_is_in_bounds() {
        let lab = Starvation::boxed();
        let l = lab.layout();
        let base = l[0];
        let end = base + core::mem::size_of::<Starvation>();
        for &a in &l[1..13] {
            assert!(a >= base && a + 4 <= end);
        }
        assert_eq!(l[13], 24);
        assert_eq!(l[12] + l[13] * MAX_THREADS, end);
    }

    /// The effect: overlapping readers starve the writer under reader
    /// preference; the fair lock lets it in again and again.
    #[test]
    fn reader_preference_starves_the_writer_and_fifo_does_not() {
        let reader = params(Policy::Reader, 3, 1, 4, 600);
        let fair = params(Policy::Fair, 3, 1, 4, 600);
        let (r, f) = std::thread::scope(|s| {
            let r = s.spawn(|| run(&reader));
            let f = s.spawn(|| run(&fair));
            (r.join().unwrap(), f.join().unwrap())
        });
        eprintln!("reader preference: {r:?}\nfair: {f:?}");
        assert_eq!(r.violations, 0);
        assert_eq!(f.violations, 0);
        let rw = r.writer_entries(&reader)[0];
        let fw = f.writer_entries(&fair)[0];
        let least_reader = *r.reader_entries(&reader).iter().min().unwrap();
        assert!(least_reader >= 20, "readers kept entering: {r:?}");
        assert!(
            rw * 10 <= least_reader,
            "the writer starves: {rw} vs {least_reader}"
        );
        assert!(fw >= 10, "fair: the writer gets in regularly ({fw})");
        assert!(rw * 5 + 2 <= fw, "reader preference {rw} ≪ fair {fw}");
        // The starving writer waited (nearly) the whole run in one go.
        assert!(r.wait_max_us[3] > 400_000, "{:?}", r.wait_max_us);
    }

    #[test]
    fn fifo_lets_every_thread_enter() {
        let p = params(Policy::Fair, 5, 3, 2, 400);
        let out = run(&p);
        assert_eq!(out.violations, 0);
        assert!(out.entries.iter().all(|&e| e >= 1), "{out:?}");
    }

    #[test]
    fn writer_preference_lets_writers_in_and_can_starve_readers() {
        let p = params(Policy::Writer, 3, 2, 3, 500);
        let out = run(&p);
        assert_eq!(out.violations, 0);
        let writers: u32 = out.writer_entries(&p).iter().sum();
        let readers: u32 = out.reader_entries(&p).iter().sum();
        assert!(writers >= 20, "{out:?}");
        // Two writers that come straight back always keep one waiting.
        assert!(readers * 2 <= writers, "readers starve: {out:?}");
    }

    #[test]
    fn no_lock_ever_lets_a_writer_in_with_anyone() {
        for policy in [Policy::Reader, Policy::Writer, Policy::Fair] {
            // Many short turns, several of each role, some gaps.
            let p = Params::new(policy, 4, 3, 1, 1, 1, 300).unwrap();
            let out = run(&p);
            assert_eq!(out.violations, 0, "{policy:?}: {out:?}");
            assert!(out.entries.iter().sum::<u32>() > 50, "{policy:?}: {out:?}");
        }
    }

    #[test]
    fn the_occupancy_check_would_catch_a_broken_lock() {
        /// Lets everyone in: no lock at all.
        struct NoLock;
        impl RwPolicy for NoLock {
            fn lock_read(&self, l: &LockWords, _: &mut Waiter) -> bool {
                l.state.fetch_add(1, SeqCst);
                true
            }
            fn lock_write(&self, _: &LockWords, _: &mut Waiter) -> bool {
                true
            }
            fn unlock_write(&self, _: &LockWords) {}
        }
        let p = params(Policy::Reader, 2, 2, 2, 200);
        let lab = Starvation::boxed();
        lab.reset(&p);
        let epoch = clock();
        std::thread::scope(|s| {
            for t in 0..p.threads() {
                let lab = &lab;
                let p = &p;
                s.spawn(move || thread_loop(lab, p, t, &NoLock, &clock, epoch, &|| false));
            }
        });
        assert!(lab.violations.load(SeqCst) > 0);
    }

    #[test]
    fn sequential_twin_is_perfectly_fair_and_agrees_on_correctness() {
        for policy in [Policy::Reader, Policy::Writer, Policy::Fair] {
            let p = Params::new(policy, 2, 1, 2, 2, 0, 200).unwrap();
            let lab = Starvation::boxed();
            let seq = run_sequential(&lab, &p, &clock, &|| false);
            assert_eq!(seq.violations, 0);
            let (lo, hi) = (
                *seq.entries.iter().min().unwrap(),
                *seq.entries.iter().max().unwrap(),
            );
            assert!(lo >= 10 && hi - lo <= 1, "round robin: {seq:?}");
            assert!(
                seq.wait_max_us.iter().all(|&w| w < 5_000),
                "nobody waits: {seq:?}"
            );
            let par = run(&p);
            assert_eq!(par.violations, seq.violations);
        }
    }

    #[test]
    fn stop_ends_a_run_early_even_for_a_starving_writer() {
        let p = params(Policy::Reader, 3, 1, 5, MAX_DURATION_MS);
        let lab = Starvation::boxed();
        let stop = AtomicBool::new(false);
        let t0 = std::time::Instant::now();
        let out = std::thread::scope(|s| {
            let run = s.spawn(|| {
                pool(4).install(|| run_parallel(&lab, &p, &clock, &|| stop.load(Relaxed)))
            });
            while lab.thread[0].entries.load(Relaxed) < 5 {
                std::thread::sleep(Duration::from_millis(1));
            }
            stop.store(true, Relaxed);
            run.join().unwrap().unwrap()
        });
        assert!(out.stopped);
        assert!(t0.elapsed() < Duration::from_secs(5));
        assert!(lab
            .thread
            .iter()
            .take(4)
            .all(|t| t.phase.load(Relaxed) == 4));
        assert_eq!(lab.lock.state.load(SeqCst), 0, "everyone left the lock");
    }

    #[test]
    fn a_pool_too_small_is_refused() {
        let p = params(Policy::Fair, 3, 2, 1, 200);
        let lab = Starvation::boxed();
        let err = pool(2).install(|| run_parallel(&lab, &p, &clock, &|| false));
        assert!(err.unwrap_err().contains("one per reader and writer"));
    }
}

// --- wasm boundary ----------------------------------------------------------------

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use wasm_bindgen::prelude::*;

    /// The lab memory's field addresses (and constants), as `{name: number}`.
    #[wasm_bindgen(js_name = starvationLayout)]
    pub fn starvation_layout() -> Result<JsValue, JsValue> {
        crate::wasm::layout_object(LAYOUT_FIELDS.iter().copied().zip(STARVATION.layout()))
    }

    /// Threaded build: one run on the pool (which must have ≥ R + W threads),
    /// watched live through [`STARVATION`]; the arena's stop word ends it.
    /// Returns `[stopped, elapsed µs, violations, n, entries × n, total wait µs
    /// × n, longest wait µs × n]`.
    #[cfg(feature = "threads")]
    #[wasm_bindgen(js_name = starvationRunThreads)]
    #[allow(clippy::too_many_arguments)]
    pub fn starvation_run_threads(
        policy: u32,
        readers: u32,
        writers: u32,
        read_ms: u32,
        write_ms: u32,
        gap_ms: u32,
        duration_ms: u32,
    ) -> Result<Vec<u32>, JsError> {
        let err = |e: String| JsError::new(&e);
        let p = Params::new(
            Policy::from_u32(policy).map_err(err)?,
            readers as usize,
            writers as usize,
            read_ms,
            write_ms,
            gap_ms,
            duration_ms,
        )
        .map_err(err)?;
        let arena = &crate::control::CONTROL;
        let out = run_parallel(&STARVATION, &p, &crate::clock::now_ms, &|| {
            arena.stop_requested()
        })
        .map_err(err)?;
        let mut v = vec![
            out.stopped as u32,
            out.elapsed_us,
            out.violations,
            p.threads() as u32,
        ];
        v.extend(&out.entries);
        v.extend(&out.wait_total_us);
        v.extend(&out.wait_max_us);
        Ok(v)
    }
}
