//! Lab `race`: race conditions and locks.
//!
//! T threads each add 1 to one shared counter N times, in three variants run
//! one after the other (never at once, so each has the cores to itself):
//!
//! - [`Variant::Racy`]: an unsynchronised read-modify-write — an atomic *load*,
//!   then a separate atomic *store* of that value + 1. Each access is atomic (no
//!   undefined behaviour), but another thread can store between the two, and its
//!   update is then overwritten: lost. That is exactly `counter += 1` without a
//!   lock, on real hardware.
//! - [`Variant::Mutex`]: the same load and store, inside a `std::sync::Mutex`
//!   (in the wasm threads build a real futex-based lock: `memory.atomic.wait32`).
//! - [`Variant::Atomic`]: one atomic `fetch_add`: the hardware does the
//!   read-modify-write as one indivisible step.
//!
//! Each run of the three is repeated R times; the lost updates and the time of
//! each variant in each run are recorded in [`RACE`], which the page watches
//! live. In an isolated worker (plain build, private memory) the same racy code
//! counts alone, so it loses nothing — and nobody else sees its count unless it
//! sends it by message.
//!
//! Page side: `www/src/labs/race/`; the Python twin is `race.py` there.

use super::start_line::StartLine;
use crate::arena::MAX_WRITERS;
use core::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering::Relaxed};
use serde::Serialize;
use std::sync::Mutex;

mod memory;
#[cfg(test)]
mod tests;
mod wasm;

pub use memory::{RaceMem, IDLE, RACE};

/// Most increments per thread. 16 × 10⁷ still fits the `u32` counters.
pub const MAX_ITERS: u32 = 10_000_000;
/// Most repeated runs.
pub const MAX_RUNS: usize = 50;
/// A thread looks at the stop word (and records its progress) this often, in
/// steps: a few thousand steps are well under a millisecond, even under the lock.
pub const CHECK_EVERY: u32 = 4096;
/// How many variants there are.
pub const VARIANTS: usize = 3;

/// One way of doing `counter += 1` from many threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Load, then store: updates can be lost.
    Racy = 0,
    /// Load, then store, holding a mutex: exact, and pays for the lock.
    Mutex = 1,
    /// One atomic `fetch_add`: exact.
    Atomic = 2,
}

impl Variant {
    /// Every variant, in the order each run does them (and the page shows them).
    pub const ALL: [Variant; VARIANTS] = [Variant::Racy, Variant::Mutex, Variant::Atomic];
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// T: threads, 1..=16.
    pub threads: usize,
    /// N: increments per thread, 1..=10⁷.
    pub iters: u32,
    /// R: repetitions, 1..=50.
    pub runs: usize,
}

impl Params {
    /// Checks the bounds; the message names the parameter and its range.
    pub fn new(threads: usize, iters: u32, runs: usize) -> Result<Self, String> {
        super::in_range("threads", threads, 1..=MAX_WRITERS)?;
        super::in_range("iters", iters, 1..=MAX_ITERS)?;
        super::in_range("runs", runs, 1..=MAX_RUNS)?;
        Ok(Params {
            threads,
            iters,
            runs,
        })
    }

    /// T × N.
    pub fn expected(&self) -> u32 {
        self.threads as u32 * self.iters
    }
}

/// `counter += 1` without a lock: read, then write back. Both are atomic
/// accesses, so there is no undefined behaviour — but they are two steps, and a
/// store by another thread between them is overwritten.
#[inline]
fn racy_increment(counter: &AtomicU32) {
    let seen = counter.load(Relaxed);
    counter.store(seen.wrapping_add(1), Relaxed);
}

/// Does `steps` increments of `variant` on `counter` as thread `t`, recording
/// progress and checking `stop` every [`CHECK_EVERY`] steps. Returns the steps
/// done (fewer when stopped).
fn increments(
    mem: &RaceMem,
    variant: Variant,
    counter: &AtomicU32,
    lock: &Mutex<()>,
    t: usize,
    steps: u32,
    stop: &dyn Fn() -> bool,
) -> u32 {
    let mut done = 0;
    while done < steps {
        let batch = CHECK_EVERY.min(steps - done);
        match variant {
            Variant::Racy => {
                for _ in 0..batch {
                    racy_increment(counter);
                }
            }
            Variant::Mutex => {
                for _ in 0..batch {
                    // A panic while holding the lock would poison it; the
                    // guarded code cannot panic, so take the lock either way.
                    let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                    racy_increment(counter);
                }
            }
            Variant::Atomic => {
                for _ in 0..batch {
                    counter.fetch_add(1, Relaxed);
                }
            }
        }
        done += batch;
        if t < MAX_WRITERS {
            mem.progress[t].store(done, Relaxed);
        }
        if stop() {
            break;
        }
    }
    done
}

/// What one run of one variant did (as the page gets it: `{counter, steps,
/// lost, micros, stopped}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Trial {
    /// The counter at the end.
    pub counter: u32,
    /// Increments all threads did (T × N unless stopped).
    pub steps: u32,
    /// `steps − counter`: updates lost.
    pub lost: u32,
    /// Microseconds from the starting line to the last thread done.
    pub micros: u32,
    /// Whether a stop cut it short.
    pub stopped: bool,
}

fn start_variant(mem: &RaceMem, variant: Variant) -> &AtomicU32 {
    let counter = &mem.counters[variant as usize];
    counter.store(0, Relaxed);
    for p in mem.progress.iter().chain(&mem.span_us[variant as usize]) {
        p.store(0, Relaxed);
    }
    mem.running.store(variant as u32, Relaxed);
    counter
}

fn trial(counter: &AtomicU32, steps: u32, micros: f64, stop: &dyn Fn() -> bool) -> Trial {
    let c = counter.load(Relaxed);
    Trial {
        counter: c,
        steps,
        lost: steps.saturating_sub(c),
        micros: micros.clamp(1.0, u32::MAX as f64) as u32,
        stopped: stop(),
    }
}

/// The sequential twin: the T "threads" one after another on this thread.
/// Nothing can come between a load and its store, so every variant is exact.
pub fn run_variant_sequential(
    mem: &RaceMem,
    p: Params,
    variant: Variant,
    clock: &dyn Fn() -> f64,
    stop: &dyn Fn() -> bool,
) -> Trial {
    let counter = start_variant(mem, variant);
    let lock = Mutex::new(());
    let t0 = clock();
    let mut steps = 0;
    for t in 0..p.threads {
        steps += increments(mem, variant, counter, &lock, t, p.iters, stop);
        if stop() {
            break;
        }
    }
    let out = trial(counter, steps, (clock() - t0) * 1000.0, stop);
    mem.running.store(IDLE, Relaxed);
    out
}

/// The parallel twin: T threads of the current rayon pool, released together
/// from a starting line, each doing N increments of `variant` on the one
/// shared counter. Blocks until all are done or stopped.
///
/// The starting line matters: on two cores a thread woken a little late could
/// otherwise finish a short run before the other starts, and nothing would be
/// lost. With more threads than the pool has, they take turns as rayon tasks.
pub fn run_variant_parallel(
    mem: &RaceMem,
    p: Params,
    variant: Variant,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Trial {
    let counter = start_variant(mem, variant);
    let lock = Mutex::new(());
    let steps = AtomicU32::new(0);
    // The clock when the last thread arrives (all are released) and when the
    // last one finishes, as f64 bits.
    let go = AtomicU64::new(clock().to_bits());
    let end = AtomicU64::new(0);
    let finished = AtomicUsize::new(0);
    let since_go = |now: f64| {
        let us = (now - f64::from_bits(go.load(Relaxed))) * 1000.0;
        us.clamp(1.0, u32::MAX as f64) as u32
    };
    let body = |t: usize| {
        if let Some(i) = rayon::current_thread_index() {
            mem.pool_threads.fetch_or(1 << (i % 32), Relaxed);
        }
        let span = mem.span(variant, t);
        span[0].store(since_go(clock()), Relaxed);
        let n = increments(mem, variant, counter, &lock, t, p.iters, stop);
        let now = clock();
        span[1].store(since_go(now), Relaxed);
        steps.fetch_add(n, Relaxed);
        if finished.fetch_add(1, Relaxed) + 1 == p.threads {
            end.store(now.to_bits(), Relaxed);
        }
    };
    if p.threads <= rayon::current_num_threads() {
        let line = StartLine::new(p.threads);
        rayon::broadcast(|ctx| {
            let t = ctx.index();
            if t < p.threads {
                // Every thread stores the same release time before it reads
                // `go`, so no span is measured from the older value.
                if let Some(at) = line.arrive_and_wait(clock, stop) {
                    go.store(at.to_bits(), Relaxed);
                }
                body(t);
            }
        });
    } else {
        rayon::scope(|s| {
            for t in 0..p.threads {
                let body = &body;
                s.spawn(move |_| body(t));
            }
        });
    }
    let micros = (f64::from_bits(end.load(Relaxed)) - f64::from_bits(go.load(Relaxed))) * 1000.0;
    let out = trial(counter, steps.load(Relaxed), micros, stop);
    mem.running.store(IDLE, Relaxed);
    out
}

/// What a whole run (R repetitions of the three variants) did: the threaded
/// export's result, as the page gets it (`{trials, stopped}`, each trial
/// indexed by the variant's number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// `trials[r][v]`: repetition `r`, variant `v`. Only complete repetitions.
    pub trials: Vec<[Trial; VARIANTS]>,
    /// Whether a stop cut the run short.
    pub stopped: bool,
}

/// R repetitions of racy, mutex, atomic — in that order within each, so that
/// whatever else the machine does falls on all three alike. `one` runs one
/// variant (the sequential or the parallel twin). Records each repetition in
/// `mem` for the page as soon as it is complete.
pub fn run_all(
    mem: &RaceMem,
    p: Params,
    stop: &dyn Fn() -> bool,
    one: &dyn Fn(Variant) -> Trial,
) -> Outcome {
    mem.reset(p);
    let mut trials = Vec::with_capacity(p.runs);
    for r in 0..p.runs {
        mem.run.store(r as u32 + 1, Relaxed);
        let mut row = [None; VARIANTS];
        for v in Variant::ALL {
            let t = one(v);
            if t.stopped || stop() {
                return Outcome {
                    trials,
                    stopped: true,
                };
            }
            row[v as usize] = Some(t);
        }
        let row = row.map(|t| t.expect("every variant ran"));
        for (v, t) in row.iter().enumerate() {
            mem.lost[r][v].store(t.lost, Relaxed);
            mem.time_us[r][v].store(t.micros, Relaxed);
        }
        trials.push(row);
        mem.runs_done.store(r as u32 + 1, Relaxed);
    }
    Outcome {
        trials,
        stopped: false,
    }
}

/// An isolated worker's share, in chunks: `steps` more racy increments of its
/// private counter (`counters[0]` of this instance's own [`RACE`]). Alone in
/// its memory, it loses nothing. Returns the counter.
pub fn run_private_chunk(mem: &RaceMem, steps: u32) -> u32 {
    let counter = &mem.counters[Variant::Racy as usize];
    for _ in 0..steps {
        racy_increment(counter);
    }
    counter.load(Relaxed)
}
