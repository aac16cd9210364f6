//! Lab `gil`: the Global Interpreter Lock.
//!
//! One CPU-bound task — `threads × work` units of pure arithmetic, [`unit`] —
//! run four ways, with the same checksum every time:
//! - **sequential**: every unit one after another on the calling thread (the
//!   coordinator): the baseline each speedup is measured against;
//! - **GIL**: T threads that must hold *one* lock, [`Gil`], to compute. A
//!   thread holds it for at most one *switch interval* of work (CPython's
//!   `sys.setswitchinterval`, 5 ms by default), then releases it and queues for
//!   it again. At any instant at most one thread computes, so the speedup stays
//!   about 1 (a little under: every hand-off costs a wake-up);
//! - **free-threaded**: the same threads and chunks with no lock (CPython 3.13t
//!   without the GIL): on C cores up to C threads compute at once;
//! - **isolated workers** (the `multiprocessing` analogue): each worker's plain
//!   instance computes its own units by [`run_units`]; the page times it,
//!   messages included.
//!
//! Every hold (a chunk a thread computed without interruption) is recorded as
//! an event in [`GIL_LAB`], a `static` of atomics the page reads live from the
//! shared memory to draw one timeline lane per thread.
//!
//! Why a ticket lock and not `std::sync::Mutex`: a plain mutex is not fair. The
//! thread that just released it is running, the waiters are asleep, so the
//! releaser nearly always takes it straight back and one thread hogs the lock
//! for its whole task — the convoy CPython ≤ 3.1 suffered from. CPython 3.2's
//! "new GIL" forces a switch: a waiter that has waited one interval sets a drop
//! request, and the holder, after dropping, waits until *another* thread has
//! taken it. A FIFO ticket lock gives the same guarantee by construction: a
//! thread that re-requests gets a ticket behind every thread already waiting,
//! so the holds go round-robin among the threads queued. Waiters sleep on a
//! condition variable (as CPython's do), not spin: spinning waiters would take
//! the cores the holder needs. (One simplification: CPython's holder drops the
//! GIL only when another thread has asked for it; here it always queues again
//! after an interval, which with nobody waiting costs one uncontended lock.)
//!
//! Python equivalent: `www/src/labs/gil.py`.

use super::start_line::StartLine;
use crate::labs::bench::sum_range;
use core::sync::atomic::{AtomicU32, Ordering::Acquire, Ordering::Relaxed, Ordering::Release};
use std::sync::{Condvar, Mutex};

/// Most threads (and isolated workers) a run may have.
pub const MAX_THREADS: usize = 8;
/// Most units of work per thread.
pub const MAX_WORK: u32 = 20_000;
/// Shortest and longest switch interval, in microseconds (0.1 ms – 50 ms).
pub const MIN_INTERVAL_US: u32 = 100;
/// See [`MIN_INTERVAL_US`].
pub const MAX_INTERVAL_US: u32 = 50_000;
/// Most timed repeats of each variant.
pub const MAX_REPEATS: u32 = 5;
/// Items of [`sum_range`] per unit: a unit costs some tens of microseconds.
pub const UNIT_ITEMS: u64 = 1024;
/// Holds each event log keeps. Later holds are still counted in the per-thread
/// totals, but not drawn (the log's `count` says how many there were).
pub const MAX_EVENTS: usize = 8192;

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Threads (or isolated workers): 1..=8.
    pub threads: usize,
    /// Units of work per thread: 1..=20,000.
    pub work: u32,
    /// Switch interval, µs: 100..=50,000.
    pub interval_us: u32,
}

impl Params {
    /// Checks the bounds; the message names the parameter as the URL does.
    pub fn new(threads: usize, work: u32, interval_us: u32) -> Result<Self, String> {
        super::in_range("threads", threads, 1..=MAX_THREADS)?;
        super::in_range("work", work, 1..=MAX_WORK)?;
        super::in_range("interval", interval_us, MIN_INTERVAL_US..=MAX_INTERVAL_US)?;
        Ok(Params {
            threads,
            work,
            interval_us,
        })
    }
}

/// Unit `g` of the task: pure arithmetic, no memory traffic. Thread `t` owns
/// units `t × work .. (t + 1) × work`.
pub fn unit(g: u64) -> u64 {
    sum_range(g * UNIT_ITEMS..(g + 1) * UNIT_ITEMS)
}

/// Σ [`unit`] over `units`, wrapping; `None` if `stop` said so first. An
/// isolated worker runs its share with this.
pub fn run_units(units: core::ops::Range<u64>, stop: &dyn Fn() -> bool) -> Option<u64> {
    let mut sum = 0u64;
    for g in units {
        if stop() {
            return None;
        }
        sum = sum.wrapping_add(unit(g));
    }
    Some(sum)
}

/// One timeline: the holds of one variant's last run, and per-thread totals.
#[repr(C)]
pub struct EventLog {
    /// Holds recorded so far in this run (slots claimed, in claim order). May
    /// exceed [`MAX_EVENTS`]: holds beyond it are counted but not kept.
    pub count: AtomicU32,
    /// Microseconds from the run's start to the latest moment any thread
    /// reported (a hold's end or start): the page's "now" for live drawing.
    pub now_us: AtomicU32,
    /// Bumped at the end of every [`EventLog::reset`] (`Release`), so a reader
    /// can tell a new run or repeat from more holds of the same one: a reader
    /// that sees the same value before and after reading the slots read one
    /// run's holds only.
    pub generation: AtomicU32,
    /// `holds[t]`: how many holds thread `t` has finished.
    pub holds: [AtomicU32; MAX_THREADS],
    /// `held_us[t]`: total microseconds thread `t` computed (sum of its holds).
    pub held_us: [AtomicU32; MAX_THREADS],
    /// `max_wait_us[t]`: the longest thread `t` waited between asking for the
    /// GIL and getting it, µs (always 0 without the GIL).
    pub max_wait_us: [AtomicU32; MAX_THREADS],
    /// `open_since_us[t]`: 1 + the start (µs) of the hold thread `t` is in right
    /// now; 0: it holds nothing (waiting, or done). The page draws it as a
    /// growing bar.
    pub open_since_us: [AtomicU32; MAX_THREADS],
    /// `lane[i]`: 1 + the thread of hold `i`; 0: slot not written yet. Stored
    /// last, with `Release`, so a reader that sees it non-zero (with `Acquire`
    /// or `Atomics.load`) also sees the slot's times.
    pub lane: [AtomicU32; MAX_EVENTS],
    /// `start_us[i]`: microseconds from the run's start to hold `i`'s start.
    pub start_us: [AtomicU32; MAX_EVENTS],
    /// `end_us[i]`: microseconds from the run's start to hold `i`'s end.
    pub end_us: [AtomicU32; MAX_EVENTS],
}

/// One recorded hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// The thread, from 0.
    pub thread: usize,
    /// µs from the run's start.
    pub start_us: u32,
    /// µs from the run's start; `>= start_us`.
    pub end_us: u32,
}

#[allow(clippy::declare_interior_mutable_const)]
const Z: AtomicU32 = AtomicU32::new(0);

impl EventLog {
    #[allow(clippy::declare_interior_mutable_const)]
    const fn new() -> Self {
        EventLog {
            count: Z,
            now_us: Z,
            generation: Z,
            holds: [Z; MAX_THREADS],
            held_us: [Z; MAX_THREADS],
            max_wait_us: [Z; MAX_THREADS],
            open_since_us: [Z; MAX_THREADS],
            lane: [Z; MAX_EVENTS],
            start_us: [Z; MAX_EVENTS],
            end_us: [Z; MAX_EVENTS],
        }
    }

    /// Empties the log for a new run.
    pub fn reset(&self) {
        let n = (self.count.load(Relaxed) as usize).min(MAX_EVENTS);
        for i in 0..n {
            self.lane[i].store(0, Relaxed);
        }
        self.count.store(0, Relaxed);
        self.now_us.store(0, Relaxed);
        for t in 0..MAX_THREADS {
            self.holds[t].store(0, Relaxed);
            self.held_us[t].store(0, Relaxed);
            self.max_wait_us[t].store(0, Relaxed);
            self.open_since_us[t].store(0, Relaxed);
        }
        self.generation.fetch_add(1, Release);
    }

    fn begin(&self, t: usize, start_us: u32, waited_us: u32) {
        self.open_since_us[t].store(start_us + 1, Relaxed);
        self.max_wait_us[t].fetch_max(waited_us, Relaxed);
        self.now_us.fetch_max(start_us, Relaxed);
    }

    fn record(&self, t: usize, start_us: u32, end_us: u32) {
        self.open_since_us[t].store(0, Relaxed);
        self.holds[t].fetch_add(1, Relaxed);
        self.held_us[t].fetch_add(end_us - start_us, Relaxed);
        self.now_us.fetch_max(end_us, Relaxed);
        let i = self.count.fetch_add(1, Relaxed) as usize;
        if i < MAX_EVENTS {
            self.start_us[i].store(start_us, Relaxed);
            self.end_us[i].store(end_us, Relaxed);
            self.lane[i].store(t as u32 + 1, Release);
        }
    }

    /// The holds kept, in the order they were recorded.
    pub fn events(&self) -> Vec<Event> {
        let n = (self.count.load(Acquire) as usize).min(MAX_EVENTS);
        (0..n)
            .filter_map(|i| {
                let lane = self.lane[i].load(Acquire);
                (lane > 0).then(|| Event {
                    thread: lane as usize - 1,
                    start_us: self.start_us[i].load(Relaxed),
                    end_us: self.end_us[i].load(Relaxed),
                })
            })
            .collect()
    }
}

/// What the page watches of this lab, in the threaded build's shared memory.
#[repr(C)]
pub struct GilLab {
    /// What runs now: 0 nothing, 1 the sequential baseline, 2 the GIL threads,
    /// 3 the free threads.
    pub variant: AtomicU32,
    /// Who holds the GIL: 0 nobody, `t + 1` thread `t`. Swapped in on every
    /// acquire and back to 0 before every release.
    pub holder: AtomicU32,
    /// Acquires that found `holder` not 0 — two threads inside the lock at once.
    /// Must stay 0: that the lock excludes is checked here, not by timing.
    pub violations: AtomicU32,
    /// GIL hand-overs from one thread to a different one in this run.
    pub switches: AtomicU32,
    /// `done[t]`: units thread `t` has finished in the current run (for the
    /// sequential baseline: `done[0]` counts all units).
    pub done: [AtomicU32; MAX_THREADS],
    /// The GIL variant's timeline.
    pub gil: EventLog,
    /// The free-threaded variant's timeline.
    pub free: EventLog,
}

impl GilLab {
    /// An all-zero lab, for the `static` (and tests).
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        GilLab {
            variant: Z,
            holder: Z,
            violations: Z,
            switches: Z,
            done: [Z; MAX_THREADS],
            gil: EventLog::new(),
            free: EventLog::new(),
        }
    }

    /// A fresh one on the heap, for tests.
    pub fn boxed() -> Box<Self> {
        Box::new(Self::new())
    }

    fn start(&self, variant: u32) {
        self.variant.store(variant, Relaxed);
        self.holder.store(0, Relaxed);
        self.violations.store(0, Relaxed);
        self.switches.store(0, Relaxed);
        for d in &self.done {
            d.store(0, Relaxed);
        }
    }

    /// Byte offsets of every field the page reads, from the start of memory
    /// (natively: of the address space), with the sizes it needs.
    pub fn layout(&'static self) -> Vec<(&'static str, usize)> {
        let a = |p: *const AtomicU32| p as usize;
        let mut v = vec![
            ("variant", a(&self.variant)),
            ("holder", a(&self.holder)),
            ("violations", a(&self.violations)),
            ("switches", a(&self.switches)),
            ("done", a(&self.done[0])),
            ("maxThreads", MAX_THREADS),
            ("maxEvents", MAX_EVENTS),
        ];
        for (names, log) in LOG_FIELDS.iter().zip([&self.gil, &self.free]) {
            let offsets = [
                a(&log.count),
                a(&log.now_us),
                a(&log.generation),
                a(&log.holds[0]),
                a(&log.held_us[0]),
                a(&log.max_wait_us[0]),
                a(&log.open_since_us[0]),
                a(&log.lane[0]),
                a(&log.start_us[0]),
                a(&log.end_us[0]),
            ];
            v.extend(names.iter().copied().zip(offsets));
        }
        v
    }
}

/// The page's names for each [`EventLog`]'s fields, GIL's then free's, in the
/// order of the struct.
const LOG_FIELDS: [[&str; 10]; 2] = [
    [
        "gilCount",
        "gilNowUs",
        "gilGeneration",
        "gilHolds",
        "gilHeldUs",
        "gilMaxWaitUs",
        "gilOpenSinceUs",
        "gilLane",
        "gilStartUs",
        "gilEndUs",
    ],
    [
        "freeCount",
        "freeNowUs",
        "freeGeneration",
        "freeHolds",
        "freeHeldUs",
        "freeMaxWaitUs",
        "freeOpenSinceUs",
        "freeLane",
        "freeStartUs",
        "freeEndUs",
    ],
];

/// This lab's memory: in the threaded build, shared by every pool thread and
/// watched by the page.
pub static GIL_LAB: GilLab = GilLab::new();

/// The Global Interpreter Lock: a FIFO ticket lock whose waiters sleep on a
/// condition variable (see the module doc for why not a plain mutex).
pub struct Gil {
    state: Mutex<Tickets>,
    turn: Condvar,
}

struct Tickets {
    /// The next ticket to hand out.
    next: u64,
    /// The ticket whose turn it is.
    serving: u64,
    /// When the last hold ended (µs): a new hold's recorded start is never
    /// earlier, so clocks of different threads that disagree by a few µs
    /// cannot draw two holds over each other.
    last_end_us: u32,
    /// The thread that held it last (`usize::MAX`: nobody yet).
    last_thread: usize,
}

impl Gil {
    /// A free lock, nobody waiting.
    pub fn new() -> Self {
        Gil {
            state: Mutex::new(Tickets {
                next: 0,
                serving: 0,
                last_end_us: 0,
                last_thread: usize::MAX,
            }),
            turn: Condvar::new(),
        }
    }

    /// Queues for the lock and returns once it is this thread's turn: `(the end
    /// of the previous hold in µs, the thread that held it)`.
    fn acquire(&self) -> (u32, usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mine = s.next;
        s.next += 1;
        while s.serving != mine {
            s = self.turn.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        (s.last_end_us, s.last_thread)
    }

    /// Hands the lock to the next ticket.
    fn release(&self, thread: usize, end_us: u32) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.serving += 1;
        s.last_end_us = end_us;
        s.last_thread = thread;
        drop(s);
        self.turn.notify_all();
    }
}

impl Default for Gil {
    fn default() -> Self {
        Self::new()
    }
}

/// What a run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Σ [`unit`] over every unit done, wrapping.
    pub checksum: u64,
    /// Wall time from the start line to the last thread's end, µs.
    pub elapsed_us: u32,
    /// Whether a stop cut it short.
    pub stopped: bool,
}

/// The clock and the stop word a run reads.
pub struct Env<'a> {
    /// Milliseconds, the same instant in every thread ([`crate::clock::now_ms`]).
    pub clock: &'a (dyn Fn() -> f64 + Sync),
    /// Whether somebody asked the run to stop.
    pub stop: &'a (dyn Fn() -> bool + Sync),
}

fn us_since(epoch_ms: f64, now_ms: f64) -> u32 {
    ((now_ms - epoch_ms) * 1000.0).max(0.0) as u32
}

/// The sequential twin: every thread's units, one after another, on this
/// thread. `done[0]` counts them as they go.
pub fn run_sequential(lab: &GilLab, p: Params, env: &Env) -> Outcome {
    lab.start(1);
    let t0 = (env.clock)();
    let total = p.threads as u64 * u64::from(p.work);
    let mut checksum = 0u64;
    let mut stopped = false;
    for g in 0..total {
        if (env.stop)() {
            stopped = true;
            break;
        }
        checksum = checksum.wrapping_add(unit(g));
        lab.done[0].fetch_add(1, Relaxed);
    }
    let elapsed_us = us_since(t0, (env.clock)());
    lab.variant.store(0, Relaxed);
    Outcome {
        checksum,
        elapsed_us,
        stopped,
    }
}

/// One thread of the GIL (`gil = Some`) or free-threaded (`None`) variant:
/// computes its units in holds of at most one switch interval each.
fn thread_body(
    lab: &GilLab,
    log: &EventLog,
    gil: Option<&Gil>,
    p: Params,
    t: usize,
    epoch: f64,
    env: &Env,
) -> u64 {
    let first = t as u64 * u64::from(p.work);
    let units = first..first + u64::from(p.work);
    let interval_ms = f64::from(p.interval_us) / 1000.0;
    let mut sum = 0u64;
    let mut g = units.start;
    while g < units.end && !(env.stop)() {
        let asked = (env.clock)();
        let (start_ms, prev_end_us) = match gil {
            Some(gil) => {
                let (prev_end_us, prev_thread) = gil.acquire();
                if lab.holder.swap(t as u32 + 1, Acquire) != 0 {
                    lab.violations.fetch_add(1, Relaxed);
                }
                if prev_thread != t && prev_thread != usize::MAX {
                    lab.switches.fetch_add(1, Relaxed);
                }
                ((env.clock)(), prev_end_us)
            }
            None => (asked, 0),
        };
        let start_us = us_since(epoch, start_ms).max(prev_end_us);
        log.begin(t, start_us, us_since(asked, start_ms));
        // Compute until the interval is used up (or the work, or a stop).
        loop {
            sum = sum.wrapping_add(unit(g));
            g += 1;
            lab.done[t].fetch_add(1, Relaxed);
            let now = (env.clock)();
            if g == units.end || now - start_ms >= interval_ms || (env.stop)() {
                let end_us = us_since(epoch, now).max(start_us);
                log.record(t, start_us, end_us);
                if let Some(gil) = gil {
                    lab.holder.store(0, Release);
                    gil.release(t, end_us);
                }
                break;
            }
        }
    }
    sum
}

/// The GIL (`with_gil`) or free-threaded variant: `p.threads` threads on the
/// current rayon pool, all released together from a starting line, each
/// computing its own units. Blocks until every thread is done or stopped.
///
/// With a pool thread per thread (the page's coordinator sizes it so) every
/// thread is a real OS/Web-Worker thread; with fewer, they take turns as rayon
/// tasks and the starting line is skipped (waiting there could deadlock).
pub fn run_threads(lab: &GilLab, p: Params, with_gil: bool, env: &Env) -> Outcome {
    lab.start(if with_gil { 2 } else { 3 });
    let log = if with_gil { &lab.gil } else { &lab.free };
    log.reset();
    let gil = with_gil.then(Gil::new);
    let gil = gil.as_ref();
    let sums: Vec<AtomicU64Cell> = (0..p.threads).map(|_| AtomicU64Cell::default()).collect();
    let epoch_cell = Mutex::new(None::<f64>);
    let t0 = (env.clock)();
    if p.threads <= rayon::current_num_threads() {
        let line = StartLine::new(p.threads);
        rayon::broadcast(|ctx| {
            let t = ctx.index();
            if t < p.threads {
                line.arrive_and_wait(&|| 0.0, env.stop);
                // The run's clock starts when the first thread leaves the line.
                let epoch = *epoch_cell
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert_with(|| (env.clock)());
                sums[t].set(thread_body(lab, log, gil, p, t, epoch, env));
            }
        });
    } else {
        rayon::scope(|s| {
            for t in 0..p.threads {
                let (sums, epoch_cell) = (&sums, &epoch_cell);
                s.spawn(move |_| {
                    let epoch = *epoch_cell
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(t0);
                    sums[t].set(thread_body(lab, log, gil, p, t, epoch, env));
                });
            }
        });
    }
    let epoch = epoch_cell
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or(t0);
    let elapsed_us = us_since(epoch, (env.clock)());
    lab.variant.store(0, Relaxed);
    let checksum = sums.iter().fold(0u64, |a, s| a.wrapping_add(s.get()));
    let done: u64 = lab.done.iter().map(|d| u64::from(d.load(Relaxed))).sum();
    Outcome {
        checksum,
        elapsed_us,
        stopped: done < p.threads as u64 * u64::from(p.work),
    }
}

/// A `u64` two threads can hand over (wasm32 has 64-bit atomics, but this
/// keeps to the two 32-bit words every target has).
#[derive(Default)]
struct AtomicU64Cell(AtomicU32, AtomicU32);

impl AtomicU64Cell {
    fn set(&self, v: u64) {
        self.0.store(v as u32, Relaxed);
        self.1.store((v >> 32) as u32, Relaxed);
    }
    fn get(&self) -> u64 {
        u64::from(self.0.load(Relaxed)) | (u64::from(self.1.load(Relaxed)) << 32)
    }
}

/// How many holds of `events` that belong to different threads overlap in
/// time (pairs with `a.start < b.end && b.start < a.end`). 0 under the GIL.
pub fn overlapping_pairs(events: &[Event]) -> usize {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by_key(|e| e.start_us);
    let mut n = 0;
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.start_us >= a.end_us {
                break;
            }
            if a.thread != b.thread && b.start_us < a.end_us && a.start_us < b.end_us {
                n += 1;
            }
        }
    }
    n
}

/// The most holds in progress at one instant (1 under the GIL).
pub fn most_at_once(events: &[Event]) -> usize {
    let mut edges: Vec<(u32, i32)> = events
        .iter()
        .filter(|e| e.end_us > e.start_us)
        .flat_map(|e| [(e.start_us, 1), (e.end_us, -1)])
        .collect();
    // Ends before starts at the same instant: touching holds do not overlap.
    edges.sort();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::test_pool as pool;
    use std::sync::atomic::AtomicBool;

    fn clock() -> f64 {
        crate::clock::now_ms()
    }
    fn never() -> bool {
        false
    }
    const ENV: Env = Env {
        clock: &clock,
        stop: &never,
    };

    fn expected(p: Params) -> u64 {
        sum_range(0..p.threads as u64 * u64::from(p.work) * UNIT_ITEMS)
    }

    #[test]
    fn params_are_bounded_and_named() {
        assert!(Params::new(0, 10, 5000).unwrap_err().contains("threads"));
        assert!(Params::new(9, 10, 5000).unwrap_err().contains("1 to 8"));
        assert!(Params::new(2, 0, 5000).unwrap_err().contains("work"));
        assert!(Params::new(2, MAX_WORK + 1, 5000)
            .unwrap_err()
            .contains("work"));
        assert!(Params::new(2, 10, 99).unwrap_err().contains("interval"));
        assert!(Params::new(2, 10, 50_001).unwrap_err().contains("interval"));
        assert!(Params::new(8, MAX_WORK, 50_000).is_ok());
    }

    #[test]
    fn every_variant_has_the_sequential_checksum() {
        let p = Params::new(3, 300, 500).unwrap();
        let lab = GilLab::boxed();
        let seq = run_sequential(&lab, p, &ENV);
        assert_eq!(seq.checksum, expected(p));
        assert!(!seq.stopped);
        let gil = pool(3).install(|| run_threads(&lab, p, true, &ENV));
        let free = pool(3).install(|| run_threads(&lab, p, false, &ENV));
        assert_eq!(gil.checksum, seq.checksum);
        assert_eq!(free.checksum, seq.checksum);
        assert!(!gil.stopped && !free.stopped);
        // The isolated workers' shares add up to it too.
        let w = u64::from(p.work);
        let iso = (0..p.threads as u64)
            .map(|t| run_units(t * w..(t + 1) * w, &never).unwrap())
            .fold(0u64, u64::wrapping_add);
        assert_eq!(iso, seq.checksum);
        // Fewer pool threads than threads: tasks take turns, same answer.
        let fewer = pool(2).install(|| run_threads(&lab, p, true, &ENV));
        assert_eq!(fewer.checksum, seq.checksum);
    }

    #[test]
    fn gil_holds_are_exclusive_and_every_thread_gets_turns() {
        let p = Params::new(4, 400, 200).unwrap();
        let lab = GilLab::boxed();
        let out = pool(4).install(|| run_threads(&lab, p, true, &ENV));
        assert!(!out.stopped);
        let events = lab.gil.events();
        assert_eq!(events.len(), lab.gil.count.load(Relaxed) as usize);
        // The exclusion itself: `holder` was always empty when a thread took the GIL.
        assert_eq!(lab.violations.load(Relaxed), 0, "never two holders");
        // What the page draws: a timeline whose GIL bars never overlap.
        assert_eq!(overlapping_pairs(&events), 0, "GIL holds never overlap");
        assert_eq!(most_at_once(&events), 1);
        // Every thread held it, several times: the ticket lock is fair.
        for t in 0..4 {
            let holds = lab.gil.holds[t].load(Relaxed);
            assert!(holds >= 2, "thread {t} held the GIL {holds} times");
            assert_eq!(lab.done[t].load(Relaxed), 400);
        }
        // Four threads each held it, one at a time: at least three hand-overs.
        // (More is likely but up to the OS: a thread it has not yet run up to
        // `acquire` is not queued, and the holder may take the GIL again.)
        assert!(lab.switches.load(Relaxed) >= 3, "the GIL changed hands");
        // (Strict round-robin is not asserted: a thread that the OS has not
        // yet run up to `acquire` is not queued, so another may go twice.)
    }

    #[test]
    fn free_threads_hold_at_the_same_time() {
        // Two threads released together from the starting line, each with
        // ~100 ms of work: on any machine with 2 cores their holds overlap.
        let p = Params::new(2, 3000, 1000).unwrap();
        let lab = GilLab::boxed();
        let out = pool(2).install(|| run_threads(&lab, p, false, &ENV));
        assert_eq!(out.checksum, expected(p));
        let events = lab.free.events();
        assert!(overlapping_pairs(&events) > 0, "no overlap: {events:?}");
        assert_eq!(most_at_once(&events), 2);
        assert_eq!(lab.violations.load(Relaxed), 0);
        assert_eq!(lab.free.max_wait_us[0].load(Relaxed), 0, "nobody waits");
    }

    #[test]
    fn stop_ends_every_variant() {
        let p = Params::new(2, MAX_WORK, 1000).unwrap();
        let lab = GilLab::boxed();
        let flag = AtomicBool::new(false);
        let stop = || flag.load(Relaxed);
        let env = Env {
            clock: &clock,
            stop: &stop,
        };
        std::thread::scope(|s| {
            let run = s.spawn(|| pool(2).install(|| run_threads(&lab, p, true, &env)));
            while lab.done[0].load(Relaxed) + lab.done[1].load(Relaxed) < 50 {
                std::hint::spin_loop();
            }
            flag.store(true, Relaxed);
            let out = run.join().unwrap();
            assert!(out.stopped);
            assert_eq!(lab.holder.load(Relaxed), 0, "the GIL is free again");
        });
        assert!(run_sequential(&lab, p, &env).stopped);
        assert!(
            pool(2)
                .install(|| run_threads(&lab, p, false, &env))
                .stopped
        );
        assert_eq!(run_units(0..10, &stop), None);
    }

    /// Prints each variant's speedup on this machine (timings: not asserted).
    /// `cargo test --release -p threadlab gil::tests::prints_speedups -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement, not a check"]
    fn prints_speedups() {
        let p = Params::new(2, 6000, 5000).unwrap();
        let lab = GilLab::boxed();
        let pool = pool(2);
        for _ in 0..3 {
            let seq = run_sequential(&lab, p, &ENV).elapsed_us as f64;
            let gil = pool.install(|| run_threads(&lab, p, true, &ENV)).elapsed_us as f64;
            let free = pool
                .install(|| run_threads(&lab, p, false, &ENV))
                .elapsed_us as f64;
            println!(
                "seq {:.1} ms · GIL {:.2}x · free {:.2}x",
                seq / 1000.0,
                seq / gil,
                seq / free
            );
        }
    }

    #[test]
    fn overlap_counting() {
        let e = |thread, start_us, end_us| Event {
            thread,
            start_us,
            end_us,
        };
        assert_eq!(overlapping_pairs(&[e(0, 0, 10), e(1, 10, 20)]), 0);
        assert_eq!(overlapping_pairs(&[e(0, 0, 10), e(1, 9, 20)]), 1);
        assert_eq!(most_at_once(&[e(0, 0, 10), e(1, 10, 20)]), 1);
        assert_eq!(most_at_once(&[e(0, 0, 10), e(1, 5, 20), e(2, 6, 7)]), 3);
    }
}

// --- wasm boundary ------------------------------------------------------------

use wasm_bindgen::prelude::*;

/// This lab's memory layout, as `{field: byteOffset}` (plus `maxThreads`,
/// `maxEvents`). The page builds its typed arrays over the shared memory with it.
#[wasm_bindgen(js_name = gilLayout)]
pub fn gil_layout() -> Result<JsValue, JsValue> {
    crate::wasm::layout_object(GIL_LAB.layout())
}

/// Checks a run's settings; the error names the parameter.
#[wasm_bindgen(js_name = gilCheck)]
pub fn gil_check(threads: u32, work: u32, interval_us: u32) -> Result<(), JsError> {
    Params::new(threads as usize, work, interval_us)
        .map(|_| ())
        .map_err(|e| JsError::new(&e))
}

/// Isolated worker: Σ [`unit`] over units `first..first + count` on this
/// instance, as `[low 32 bits, high 32 bits, elapsed µs]`.
#[wasm_bindgen(js_name = gilRunUnits)]
pub fn gil_run_units(first: u32, count: u32) -> Result<Vec<u32>, JsError> {
    if count > MAX_THREADS as u32 * MAX_WORK || first > MAX_THREADS as u32 * MAX_WORK {
        return Err(JsError::new(&format!(
            "units first={first} count={count}: each must be 0 to {} (threads × work per thread)",
            MAX_THREADS as u32 * MAX_WORK
        )));
    }
    let t0 = crate::clock::now_ms();
    let sum = run_units(
        u64::from(first)..u64::from(first) + u64::from(count),
        &|| false,
    )
    .unwrap_or(0);
    let us = us_since(t0, crate::clock::now_ms());
    Ok(vec![sum as u32, (sum >> 32) as u32, us])
}

/// Threaded build: runs one variant — `"seq"` on this (the coordinator's)
/// thread, `"gil"` or `"free"` on the rayon pool — `repeats` times over the
/// shared [`GIL_LAB`], stopping at the arena's stop word. Returns
/// `[checksum low, checksum high, stopped, elapsed µs of repeat 1, …]`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = gilRunThreads)]
pub fn gil_run_threads(
    variant: &str,
    threads: u32,
    work: u32,
    interval_us: u32,
    repeats: u32,
) -> Result<Vec<u32>, JsError> {
    let p = Params::new(threads as usize, work, interval_us).map_err(|e| JsError::new(&e))?;
    super::in_range("repeats", repeats, 1..=MAX_REPEATS).map_err(|e| JsError::new(&e))?;
    let stop = || crate::control::stop_requested();
    let env = Env {
        clock: &crate::clock::now_ms,
        stop: &stop,
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeats {
        let out = match variant {
            "seq" => run_sequential(&GIL_LAB, p, &env),
            "gil" => run_threads(&GIL_LAB, p, true, &env),
            "free" => run_threads(&GIL_LAB, p, false, &env),
            _ => return Err(JsError::new("variant must be seq, gil or free")),
        };
        times.push(out.elapsed_us);
        last = Some(out);
        if out.stopped {
            break;
        }
    }
    let out = last.expect("at least one repeat");
    let mut v = vec![
        out.checksum as u32,
        (out.checksum >> 32) as u32,
        out.stopped as u32,
    ];
    v.extend(times);
    Ok(v)
}
