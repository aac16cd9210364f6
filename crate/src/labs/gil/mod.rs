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
//! an event in [`GIL_LAB`] (memory.rs), a `static` of atomics the page reads live from the
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
//! Page side: `www/src/labs/gil/`; the Python twin is `gil.py` there.

use super::start_line::StartLine;
use crate::labs::bench::sum_range;
use core::sync::atomic::{AtomicU32, Ordering::Acquire, Ordering::Relaxed, Ordering::Release};
use std::sync::Mutex;

mod lock;
mod memory;
#[cfg(test)]
mod tests;
mod timeline;
mod wasm;

pub use lock::Gil;
pub use memory::{EventLog, GilLab, Log, GIL_LAB};
pub use timeline::{most_at_once, overlapping_pairs, Event};

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
    lab.start(memory::SEQUENTIAL);
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
    lab.variant.store(memory::IDLE, Relaxed);
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
    log: EventLog,
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
    lab.start(if with_gil {
        memory::WITH_GIL
    } else {
        memory::FREE
    });
    let log = lab.log(if with_gil { Log::Gil } else { Log::Free });
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
    lab.variant.store(memory::IDLE, Relaxed);
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
