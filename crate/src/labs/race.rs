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
//! Python equivalent: `www/src/labs/race.py`.

use super::start_line::StartLine;
use crate::arena::MAX_WRITERS;
use core::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

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

/// What the page watches: one `static` of atomics ([`RACE`]). `#[repr(C)]`
/// fixes the layout that [`RaceMem::layout`] reports.
#[repr(C)]
pub struct RaceMem {
    /// `counters[v]`: the shared counter of variant `v` (0 racy, 1 mutex,
    /// 2 atomic). Set to 0 when that variant starts a run; it ends the run at
    /// T × N minus the updates lost, and keeps that value until the variant's
    /// next run.
    pub counters: [AtomicU32; VARIANTS],
    /// T × N of the current run: what every counter should end at.
    pub expected: AtomicU32,
    /// The variant running now: 0, 1 or 2 (as in `counters`); 3: none (idle,
    /// between runs, or finished).
    pub running: AtomicU32,
    /// The repetition running now, from 1; 0: no run has started yet.
    pub run: AtomicU32,
    /// R: how many repetitions the current run has asked for.
    pub runs: AtomicU32,
    /// How many repetitions are complete (all three variants); their entries in
    /// `lost` and `time_us` are final.
    pub runs_done: AtomicU32,
    /// Bit `i` set: pool thread `i` ran at least one thread's increments in this
    /// run (the proof that several real threads took part).
    pub pool_threads: AtomicU32,
    /// `progress[t]`: increments thread `t` has done in the running variant,
    /// recorded every [`CHECK_EVERY`] steps (and at its end).
    pub progress: [AtomicU32; MAX_WRITERS],
    /// `span_us[32v + 2t]`, `span_us[32v + 2t + 1]`: microseconds from the
    /// starting line to thread `t` starting / finishing its increments in
    /// variant `v`'s latest run (0: not yet). Overlapping spans: the threads
    /// were running in the same interval (on cores of their own, or taking
    /// turns on one).
    pub span_us: [AtomicU32; VARIANTS * 2 * MAX_WRITERS],
    /// `lost[r * 3 + v]`: updates variant `v` lost in repetition `r` (from 0),
    /// T × N − its final counter. Valid for `r < runs_done`.
    pub lost: [AtomicU32; MAX_RUNS * VARIANTS],
    /// `time_us[r * 3 + v]`: microseconds variant `v` took in repetition `r`,
    /// from all threads released at the starting line to the last one done.
    pub time_us: [AtomicU32; MAX_RUNS * VARIANTS],
}

/// The names [`RaceMem::layout`] reports, in its order (`raceLayout()` in JS).
pub const LAYOUT_FIELDS: [&str; 12] = [
    "counters",
    "expected",
    "running",
    "run",
    "runs",
    "runsDone",
    "poolThreads",
    "progress",
    "spanUs",
    "lost",
    "timeUs",
    "maxRuns",
];

/// `running` when no variant runs.
pub const IDLE: u32 = VARIANTS as u32;

impl RaceMem {
    /// Everything at zero (`const`, so it can be a `static`).
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z: AtomicU32 = AtomicU32::new(0);
        RaceMem {
            counters: [Z; VARIANTS],
            expected: Z,
            running: AtomicU32::new(IDLE),
            run: Z,
            runs: Z,
            runs_done: Z,
            pool_threads: Z,
            progress: [Z; MAX_WRITERS],
            span_us: [Z; VARIANTS * 2 * MAX_WRITERS],
            lost: [Z; MAX_RUNS * VARIANTS],
            time_us: [Z; MAX_RUNS * VARIANTS],
        }
    }

    /// Clears everything for a run of `p`.
    pub fn reset(&self, p: Params) {
        for c in &self.counters {
            c.store(0, Relaxed);
        }
        self.expected.store(p.expected(), Relaxed);
        self.running.store(IDLE, Relaxed);
        self.run.store(0, Relaxed);
        self.runs.store(p.runs as u32, Relaxed);
        self.runs_done.store(0, Relaxed);
        self.pool_threads.store(0, Relaxed);
        let all = self.progress.iter().chain(&self.span_us);
        for x in all.chain(&self.lost).chain(&self.time_us) {
            x.store(0, Relaxed);
        }
    }

    /// Byte addresses of the fields in [`LAYOUT_FIELDS`] (in wasm: offsets
    /// into linear memory), and last [`MAX_RUNS`].
    pub fn layout(&self) -> [usize; LAYOUT_FIELDS.len()] {
        let at = |p: *const AtomicU32| p as usize;
        [
            at(self.counters.as_ptr()),
            at(&self.expected),
            at(&self.running),
            at(&self.run),
            at(&self.runs),
            at(&self.runs_done),
            at(&self.pool_threads),
            at(self.progress.as_ptr()),
            at(self.span_us.as_ptr()),
            at(self.lost.as_ptr()),
            at(self.time_us.as_ptr()),
            MAX_RUNS,
        ]
    }
}

impl Default for RaceMem {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's race memory: shared by every thread in the threaded build,
/// private to its worker in the plain build.
pub static RACE: RaceMem = RaceMem::new();

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

/// What one run of one variant did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    let spans = &mem.span_us[variant as usize * 2 * MAX_WRITERS..][..2 * MAX_WRITERS];
    for p in mem.progress.iter().chain(spans) {
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
        let span = &mem.span_us[(variant as usize * MAX_WRITERS + t) * 2..][..2];
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

/// What a whole run (R repetitions of the three variants) did.
#[derive(Clone, Debug, PartialEq, Eq)]
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
            mem.lost[r * VARIANTS + v].store(t.lost, Relaxed);
            mem.time_us[r * VARIANTS + v].store(t.micros, Relaxed);
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

// --- wasm boundary -------------------------------------------------------------

/// The race memory's field addresses in linear memory, as `{name: byteOffset}`
/// (and `maxRuns`). The page builds its typed-array views from this.
#[wasm_bindgen(js_name = raceLayout)]
pub fn race_layout() -> Result<JsValue, JsValue> {
    crate::wasm::layout_object(LAYOUT_FIELDS.iter().copied().zip(RACE.layout()))
}

/// Isolated worker: zeroes this instance's private counter.
#[wasm_bindgen(js_name = raceIsoReset)]
pub fn race_iso_reset() {
    RACE.counters[Variant::Racy as usize].store(0, Relaxed);
}

/// Isolated worker: `steps` (≤ 10⁷) more racy increments of the private
/// counter; returns the counter.
#[wasm_bindgen(js_name = raceIsoChunk)]
pub fn race_iso_chunk(steps: u32) -> Result<u32, JsError> {
    if steps > MAX_ITERS {
        return Err(JsError::new(&format!(
            "a chunk must be at most {MAX_ITERS} steps (got {steps})"
        )));
    }
    Ok(run_private_chunk(&RACE, steps))
}

/// Threaded build: R repetitions of the three variants on the rayon pool, over
/// the shared [`RACE`]; blocks until done or stopped (the arena's stop word).
/// Returns `[stopped, repetitions done, then per repetition and variant:
/// counter, lost, microseconds]`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = raceRunThreads)]
pub fn race_run_threads(threads: u32, iters: u32, runs: u32) -> Result<Vec<u32>, JsError> {
    let p = Params::new(threads as usize, iters, runs as usize).map_err(|e| JsError::new(&e))?;
    let stop = || crate::control::stop_requested();
    let out = run_all(&RACE, p, &stop, &|v| {
        run_variant_parallel(&RACE, p, v, &crate::clock::now_ms, &stop)
    });
    Ok(encode(&out))
}

/// The outcome as the flat array `raceRunThreads` returns.
pub fn encode(out: &Outcome) -> Vec<u32> {
    let mut v = vec![out.stopped as u32, out.trials.len() as u32];
    for row in &out.trials {
        for t in row {
            v.extend([t.counter, t.lost, t.micros]);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::test_pool as pool;

    fn clock() -> f64 {
        crate::clock::now_ms()
    }
    fn never() -> bool {
        false
    }

    #[test]
    fn params_are_bounded_and_named() {
        assert!(Params::new(0, 10, 1).unwrap_err().contains("threads"));
        assert!(Params::new(17, 10, 1).unwrap_err().contains("1 to 16"));
        assert!(Params::new(2, 0, 1).unwrap_err().contains("iters"));
        assert!(Params::new(2, MAX_ITERS + 1, 1)
            .unwrap_err()
            .contains("iters"));
        assert!(Params::new(2, 10, 0).unwrap_err().contains("runs"));
        assert!(Params::new(2, 10, 51).unwrap_err().contains("1 to 50"));
        let p = Params::new(16, MAX_ITERS, MAX_RUNS).unwrap();
        assert_eq!(p.expected(), 160_000_000);
    }

    #[test]
    fn sequential_twin_is_exact_for_every_variant() {
        let mem = RaceMem::new();
        let p = Params::new(4, 30_000, 3).unwrap();
        let out = run_all(&mem, p, &never, &|v| {
            run_variant_sequential(&mem, p, v, &clock, &never)
        });
        assert!(!out.stopped);
        assert_eq!(out.trials.len(), 3);
        for row in &out.trials {
            for t in row {
                assert_eq!((t.counter, t.steps, t.lost), (120_000, 120_000, 0));
            }
        }
        assert_eq!(mem.runs_done.load(Relaxed), 3);
        assert!(mem.lost.iter().all(|l| l.load(Relaxed) == 0));
        assert!(mem.time_us[..9].iter().all(|t| t.load(Relaxed) > 0));
        assert_eq!(mem.running.load(Relaxed), IDLE);
    }

    /// The test that proves the bug exists: two real threads doing load-then-
    /// store on one counter lose updates. Repeated until they do (on a 2-core
    /// machine the first run nearly always does), with a generous bound.
    #[test]
    fn racy_variant_loses_updates_with_two_threads() {
        let mem = RaceMem::new();
        let p = Params::new(2, 1_000_000, 1).unwrap();
        let pool = pool(2);
        let mut lost_in = None;
        for attempt in 1..=200 {
            let t = pool.install(|| run_variant_parallel(&mem, p, Variant::Racy, &clock, &never));
            assert_eq!(t.steps, 2_000_000);
            assert_eq!(t.counter + t.lost, 2_000_000);
            if t.lost > 0 {
                lost_in = Some((attempt, t.lost));
                break;
            }
        }
        let (attempt, lost) =
            lost_in.expect("2 threads × 10⁶ racy increments lost nothing in 200 runs");
        println!("racy: lost {lost} of 2,000,000 updates (attempt {attempt})");
        assert!(
            mem.pool_threads.load(Relaxed).count_ones() == 2,
            "both pool threads ran"
        );
    }

    /// The fix: the mutex and the atomic are exact in every run, with more
    /// threads than cores.
    #[test]
    fn mutex_and_atomic_are_exact_every_run() {
        let mem = RaceMem::new();
        let p = Params::new(4, 100_000, 5).unwrap();
        let out = pool(4).install(|| {
            run_all(&mem, p, &never, &|v| {
                if v == Variant::Racy {
                    // Not this test's subject; keep it short.
                    return Trial {
                        counter: 0,
                        steps: 0,
                        lost: 0,
                        micros: 1,
                        stopped: false,
                    };
                }
                run_variant_parallel(&mem, p, v, &clock, &never)
            })
        });
        assert_eq!(out.trials.len(), 5);
        for row in &out.trials {
            for v in [Variant::Mutex, Variant::Atomic] {
                let t = row[v as usize];
                assert_eq!((t.counter, t.lost), (400_000, 0), "{v:?}");
            }
        }
        assert!(mem.pool_threads.load(Relaxed).count_ones() >= 2);
    }

    #[test]
    fn a_whole_parallel_run_is_recorded_for_the_page() {
        let mem = RaceMem::new();
        let p = Params::new(2, 200_000, 4).unwrap();
        let out = pool(2).install(|| {
            run_all(&mem, p, &never, &|v| {
                run_variant_parallel(&mem, p, v, &clock, &never)
            })
        });
        assert_eq!(out.trials.len(), 4);
        assert_eq!(mem.runs_done.load(Relaxed), 4);
        assert_eq!(mem.expected.load(Relaxed), 400_000);
        for (r, row) in out.trials.iter().enumerate() {
            for (v, t) in row.iter().enumerate() {
                assert_eq!(mem.lost[r * VARIANTS + v].load(Relaxed), t.lost);
                assert_eq!(mem.time_us[r * VARIANTS + v].load(Relaxed), t.micros);
                assert_eq!(t.counter + t.lost, 400_000);
            }
            assert_eq!(row[1].lost, 0);
            assert_eq!(row[2].lost, 0);
        }
        let flat = encode(&out);
        assert_eq!(flat.len(), 2 + 4 * 3 * 3);
        assert_eq!(&flat[..2], &[0, 4]);
        // The atomic's counter of the last repetition is still shown.
        assert_eq!(mem.counters[2].load(Relaxed), 400_000);
    }

    #[test]
    fn stop_ends_a_run_early() {
        let mem = RaceMem::new();
        let stop_word = AtomicU32::new(0);
        let stop = || stop_word.load(Relaxed) != 0;
        let p = Params::new(2, MAX_ITERS, MAX_RUNS).unwrap();
        let out = std::thread::scope(|s| {
            let run = s.spawn(|| {
                pool(2).install(|| {
                    run_all(&mem, p, &stop, &|v| {
                        run_variant_parallel(&mem, p, v, &clock, &stop)
                    })
                })
            });
            while mem.progress[0].load(Relaxed) < 3 * CHECK_EVERY {
                std::hint::spin_loop();
            }
            stop_word.store(1, Relaxed);
            run.join().unwrap()
        });
        assert!(out.stopped);
        // Stopped inside the first variant of the first run, not at its end.
        assert!(out.trials.len() <= 1, "no run after the stop");
        assert!(
            mem.progress[0].load(Relaxed) < MAX_ITERS,
            "thread 0 stopped before its last increment"
        );
        assert_eq!(mem.runs_done.load(Relaxed) as usize, out.trials.len());
        assert_eq!(mem.running.load(Relaxed), IDLE);
    }

    #[test]
    fn a_private_counter_alone_loses_nothing() {
        // Two "processes": two memories, each counting alone with the racy code.
        let mems = [RaceMem::new(), RaceMem::new()];
        for m in &mems {
            let mut c = 0;
            for _ in 0..5 {
                c = run_private_chunk(m, 20_000);
            }
            assert_eq!(c, 100_000);
        }
    }

    #[test]
    fn layout_is_ordered() {
        let m = RaceMem::new();
        let l = m.layout();
        for w in l[..l.len() - 1].windows(2) {
            assert!(w[0] < w[1]);
        }
        assert_eq!(l[l.len() - 1], MAX_RUNS);
    }
}
