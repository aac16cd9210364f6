//! Lab `amdahl`: Amdahl's law, measured.
//!
//! A fixed amount of CPU work — `W` steps of the `bench` lab's pure mixing
//! function ([`bench::item`], which the compiler cannot shortcut) — is split in
//! two: a **serial part** of `s·W` steps that only one thread may do, and a
//! **parallel part** of `(1−s)·W` steps split evenly over `n` threads. With `n`
//! threads on `n` free cores the time is `T(n) = T(1)·(s + (1−s)/n)`, so the
//! speedup `T(1)/T(n)` can never pass `1/s`, however many threads there are.
//!
//! The run shows itself in [`AMDAHL`], a small block of atomics the page
//! watches live: which phase is running, and how many steps each pool thread
//! has done — one busy thread in the serial phase, all `n` in the parallel one.
//!
//! Both twins compute the same wrapping checksum `Σ item(i)` over `0..W`, so
//! the native tests can prove that the split loses and repeats no work.
//! Page side: `www/src/labs/amdahl.js`; Python twin: `www/src/labs/amdahl.py`.

use crate::labs::bench;
use core::ops::Range;
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// Most threads a run may use (the page's `threads` parameter, `P`).
pub const MAX_THREADS: usize = 16;
/// Most work, in millions of steps (one step ≈ 7 ns: 100 M ≈ 0.7 s on one core).
pub const MAX_WORK_M: u32 = 100;
/// Steps per unit of the page's `work` parameter.
pub const STEPS_PER_WORK: u32 = 1_000_000;
/// A thread records its progress and looks at the stop word this often, in
/// steps (≈ 30 µs of work): fine enough to watch, cheap enough to be noise.
pub const CHECK_EVERY: u64 = 4096;

/// The lab's live memory: what the page reads while a run goes.
#[repr(C)]
pub struct AmdahlMemory {
    /// What is running. 0: nothing yet; 1: the serial phase (one thread
    /// busy); 2: the parallel phase (every thread busy on its share);
    /// 3: the run finished; 4: the run was stopped.
    pub phase: AtomicU32,
    /// `n`, the number of threads the current run splits its parallel part
    /// over (0 before the first run).
    pub threads: AtomicU32,
    /// Steps of the serial part done so far (always by pool thread 0).
    pub serial_done: AtomicU32,
    /// Steps in the serial part, `s·W`.
    pub serial_total: AtomicU32,
    /// `parallel_done[t]`: steps thread `t` has done of its parallel share.
    pub parallel_done: [AtomicU32; MAX_THREADS],
    /// `parallel_total[t]`: steps in thread `t`'s share, `≈ (1−s)·W/n`
    /// (0 for `t ≥ n`).
    pub parallel_total: [AtomicU32; MAX_THREADS],
    /// `busy[t]`: 1 while pool thread `t` is computing (serial part or its
    /// share), 0 while it waits or sleeps.
    pub busy: [AtomicU32; MAX_THREADS],
    /// Runs finished or stopped on this instance, bumped at each run's end.
    pub runs: AtomicU32,
}

/// Field names of [`AmdahlMemory::layout`], in order.
pub const LAYOUT_FIELDS: [&str; 8] = [
    "phase",
    "threads",
    "serialDone",
    "serialTotal",
    "parallelDone",
    "parallelTotal",
    "busy",
    "runs",
];

/// Values of [`AmdahlMemory::phase`].
pub mod phase {
    /// Nothing has run yet.
    pub const IDLE: u32 = 0;
    /// One thread does the serial part.
    pub const SERIAL: u32 = 1;
    /// Every thread does its share of the parallel part.
    pub const PARALLEL: u32 = 2;
    /// The run finished.
    pub const DONE: u32 = 3;
    /// The run was stopped.
    pub const STOPPED: u32 = 4;
}

impl AmdahlMemory {
    /// Everything at zero; `const` so that it can be a `static`.
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z: AtomicU32 = AtomicU32::new(0);
        AmdahlMemory {
            phase: Z,
            threads: Z,
            serial_done: Z,
            serial_total: Z,
            parallel_done: [Z; MAX_THREADS],
            parallel_total: [Z; MAX_THREADS],
            busy: [Z; MAX_THREADS],
            runs: Z,
        }
    }

    /// Sets up a run of `plan`: totals filled in, progress at zero.
    fn start(&self, plan: &Plan) {
        self.phase.store(phase::IDLE, Relaxed);
        self.threads.store(plan.shares.len() as u32, Relaxed);
        self.serial_done.store(0, Relaxed);
        self.serial_total.store(len32(&plan.serial), Relaxed);
        for t in 0..MAX_THREADS {
            self.parallel_done[t].store(0, Relaxed);
            self.parallel_total[t].store(plan.shares.get(t).map_or(0, len32), Relaxed);
            self.busy[t].store(0, Relaxed);
        }
    }

    /// The byte address of each field of [`LAYOUT_FIELDS`], in that order (in
    /// wasm: offsets into linear memory, for the page's typed-array views).
    pub fn layout(&self) -> [usize; LAYOUT_FIELDS.len()] {
        let at = |p: *const AtomicU32| p as usize;
        [
            at(&self.phase),
            at(&self.threads),
            at(&self.serial_done),
            at(&self.serial_total),
            at(self.parallel_done.as_ptr()),
            at(self.parallel_total.as_ptr()),
            at(self.busy.as_ptr()),
            at(&self.runs),
        ]
    }
}

impl Default for AmdahlMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// The lab's memory in this instance (shared by every pool thread in the
/// threaded build).
pub static AMDAHL: AmdahlMemory = AmdahlMemory::new();

fn len32(r: &Range<u64>) -> u32 {
    (r.end - r.start) as u32
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// `n`: threads the parallel part is split over, 1..=16.
    pub threads: usize,
    /// `s` in per cent: the serial fraction, 0..=100.
    pub serial_pct: u32,
    /// `W` in steps: `work` × [`STEPS_PER_WORK`].
    pub steps: u64,
}

impl Params {
    /// Checks the bounds; the message names the parameter as the page does.
    /// `work` is in millions of steps.
    pub fn new(threads: usize, serial_pct: u32, work: u32) -> Result<Self, String> {
        super::in_range("threads", threads, 1..=MAX_THREADS)?;
        super::in_range("s", serial_pct, 0..=100)?;
        super::in_range("work", work, 1..=MAX_WORK_M)?;
        Ok(Params {
            threads,
            serial_pct,
            steps: u64::from(work) * u64::from(STEPS_PER_WORK),
        })
    }

    /// Like [`Params::new`], with `W` given in steps (for small tests and the
    /// page's short warm-up run).
    pub fn with_steps(threads: usize, serial_pct: u32, steps: u64) -> Result<Self, String> {
        let mut p = Self::new(threads, serial_pct, 1)?;
        if steps == 0 || steps > u64::from(MAX_WORK_M) * u64::from(STEPS_PER_WORK) {
            return Err(format!(
                "steps must be 1 to {MAX_WORK_M} million (got {steps})"
            ));
        }
        p.steps = steps;
        Ok(p)
    }
}

/// Amdahl's law: the speedup of `n` threads when a fraction `s` (0..=1) of the
/// work is serial, `1 / (s + (1−s)/n)`.
pub fn amdahl(s: f64, n: f64) -> f64 {
    1.0 / (s + (1.0 - s) / n)
}

/// Which steps are serial and which thread does which share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Steps `0..s·W`: the serial part.
    pub serial: Range<u64>,
    /// Thread `t`'s contiguous share of `s·W..W`; sizes differ by at most 1.
    pub shares: Vec<Range<u64>>,
}

/// Splits `p`'s work: the first `⌊s·W⌋` steps are serial, the rest is cut
/// into `n` near-equal contiguous shares.
pub fn plan(p: Params) -> Plan {
    let serial_end = p.steps * u64::from(p.serial_pct) / 100;
    let rest = p.steps - serial_end;
    let n = p.threads as u64;
    let shares = (0..n)
        .map(|t| serial_end + rest * t / n..serial_end + rest * (t + 1) / n)
        .collect();
    Plan {
        serial: 0..serial_end,
        shares,
    }
}

/// One block of the sum. Never inlined, so that the hot loop is a function
/// called once per block: a wasm engine starts with quickly compiled code and
/// swaps in its optimised code for a function on a *later call* (V8's
/// dynamic tiering), which a single call running the whole share would miss.
#[inline(never)]
fn block(range: Range<u64>) -> u64 {
    bench::sum_range(range)
}

/// `Σ item(i)` over `range` (wrapping), in blocks of [`CHECK_EVERY`] steps;
/// after each block it stores the steps done in `done` and asks `stop`.
/// `None` if stopped.
pub fn sum_tracked(range: Range<u64>, done: &AtomicU32, stop: &dyn Fn() -> bool) -> Option<u64> {
    let mut sum = 0u64;
    let mut at = range.start;
    while at < range.end {
        let end = (at + CHECK_EVERY).min(range.end);
        sum = sum.wrapping_add(block(at..end));
        at = end;
        done.store((at - range.start) as u32, Relaxed);
        if stop() {
            return None;
        }
    }
    Some(sum)
}

/// `Σ item(i)` over `range` in blocks, with nobody watching: an isolated
/// worker's serial part or share (the process side of the lab).
pub fn sum_share(range: Range<u64>) -> u64 {
    sum_tracked(range, &AtomicU32::new(0), &|| false).unwrap_or_default()
}

/// The sequential twin: the whole work on this thread, no split at all.
pub fn run_sequential(p: Params) -> u64 {
    bench::sum_range(0..p.steps)
}

/// What a parallel run measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// `Σ item(i)` over `0..W` (meaningless when stopped).
    pub checksum: u64,
    /// Milliseconds from the start of the serial phase to the end of the
    /// parallel phase: `T(n)`.
    pub total_ms: f64,
    /// Milliseconds of the serial phase.
    pub serial_ms: f64,
    /// Milliseconds of the parallel phase.
    pub parallel_ms: f64,
    /// Whether a stop cut the run short.
    pub stopped: bool,
}

/// The parallel twin, on the current rayon pool (which the page sizes to
/// exactly `n` threads, started before this is called, so that pool start-up
/// is never timed). The serial part runs on pool thread 0 while the others
/// sleep; then every thread does its share (`rayon::broadcast`: one share per
/// thread; a pool with fewer threads than shares takes them in turns).
/// Progress goes to `mem`; `stop` is asked every [`CHECK_EVERY`] steps.
pub fn run_parallel(
    mem: &AmdahlMemory,
    p: Params,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Outcome {
    let plan = plan(p);
    mem.start(&plan);
    let pool = rayon::current_num_threads().max(1);
    let t0 = clock();

    // Serial phase: one thread works, the rest of the pool has nothing to do.
    mem.phase.store(phase::SERIAL, Relaxed);
    let serial = rayon::broadcast(|ctx| {
        (ctx.index() == 0).then(|| {
            mem.busy[0].store(1, Relaxed);
            let s = sum_tracked(plan.serial.clone(), &mem.serial_done, stop);
            mem.busy[0].store(0, Relaxed);
            s
        })
    })
    .into_iter()
    .flatten()
    .next()
    .flatten();
    let t1 = clock();

    // Parallel phase: every thread its own share (or shares, if the pool is
    // smaller than n).
    let mut sums = Vec::new();
    if serial.is_some() {
        mem.phase.store(phase::PARALLEL, Relaxed);
        sums = rayon::broadcast(|ctx| {
            let mut acc = Some(0u64);
            for t in (ctx.index()..plan.shares.len()).step_by(pool) {
                if plan.shares[t].is_empty() {
                    continue; // s = 100 %: nothing to do, so never "busy"
                }
                mem.busy[t].store(1, Relaxed);
                let s = sum_tracked(plan.shares[t].clone(), &mem.parallel_done[t], stop);
                mem.busy[t].store(0, Relaxed);
                acc = acc.zip(s).map(|(a, b)| a.wrapping_add(b));
            }
            acc
        });
    }
    let t2 = clock();

    let parts: Option<Vec<u64>> = sums.into_iter().collect();
    let checksum = serial
        .zip(parts)
        .map(|(s, v)| v.into_iter().fold(s, u64::wrapping_add));
    let stopped = checksum.is_none();
    mem.phase
        .store(if stopped { phase::STOPPED } else { phase::DONE }, Relaxed);
    mem.runs.fetch_add(1, Relaxed);
    Outcome {
        checksum: checksum.unwrap_or(0),
        total_ms: t2 - t0,
        serial_ms: t1 - t0,
        parallel_ms: t2 - t1,
        stopped,
    }
}

// --- wasm boundary ---------------------------------------------------------

mod boundary {
    use super::*;
    use wasm_bindgen::prelude::*;

    /// The lab's live memory as `{field: byteOffset}` (see [`LAYOUT_FIELDS`]),
    /// plus `maxThreads`.
    #[wasm_bindgen(js_name = amdahlLayout)]
    pub fn amdahl_layout() -> Result<JsValue, JsValue> {
        let fields = LAYOUT_FIELDS.iter().copied().zip(AMDAHL.layout());
        crate::wasm::layout_object(fields.chain([("maxThreads", MAX_THREADS)]))
    }

    /// Checks a run's settings (`work` in millions of steps); the error names
    /// the parameter.
    #[wasm_bindgen(js_name = amdahlCheck)]
    pub fn amdahl_check(threads: u32, serial_pct: u32, work: u32) -> Result<(), JsError> {
        Params::new(threads as usize, serial_pct, work)
            .map(|_| ())
            .map_err(|e| JsError::new(&e))
    }

    /// Isolated worker (plain build): `Σ item(i)` over `start..end`, one piece
    /// of a serial part or share, as `[checksum low 32 bits, high 32 bits]`.
    #[wasm_bindgen(js_name = amdahlSumRange)]
    pub fn amdahl_sum_range(start: u32, end: u32) -> Result<Vec<u32>, JsError> {
        let max = MAX_WORK_M * STEPS_PER_WORK;
        if start > end || end > max {
            return Err(JsError::new(&format!(
                "a range must lie within 0..{max} (got {start}..{end})"
            )));
        }
        let s = sum_share(u64::from(start)..u64::from(end));
        Ok(vec![s as u32, (s >> 32) as u32])
    }

    /// Threaded build: one timed run on the pool, which must have exactly
    /// `threads` threads. `steps` = 0 means `work` million steps; otherwise it
    /// is `W` itself (the page's short, untimed warm-up). Returns
    /// `[T(n) ms, serial ms, parallel ms, stopped, checksum low 32, high 32]`.
    #[cfg(feature = "threads")]
    #[wasm_bindgen(js_name = amdahlRunThreads)]
    pub fn amdahl_run_threads(
        threads: u32,
        serial_pct: u32,
        work: u32,
        steps: u32,
    ) -> Result<Vec<f64>, JsError> {
        let p = if steps == 0 {
            Params::new(threads as usize, serial_pct, work)
        } else {
            Params::with_steps(threads as usize, serial_pct, u64::from(steps))
        }
        .map_err(|e| JsError::new(&e))?;
        let pool = rayon::current_num_threads();
        if pool != p.threads {
            return Err(JsError::new(&format!(
                "the pool has {pool} threads, the run asked for {}",
                p.threads
            )));
        }
        let arena = &crate::control::CONTROL;
        let out = run_parallel(&AMDAHL, p, &crate::clock::now_ms, &|| {
            arena.stop_requested()
        });
        Ok(vec![
            out.total_ms,
            out.serial_ms,
            out.parallel_ms,
            f64::from(out.stopped as u32),
            f64::from(out.checksum as u32),
            f64::from((out.checksum >> 32) as u32),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::test_pool as pool;
    use std::collections::HashSet;
    use std::sync::atomic::AtomicBool;

    fn clock() -> f64 {
        crate::clock::now_ms()
    }

    #[test]
    fn params_are_bounded_and_named() {
        assert!(Params::new(0, 10, 1).unwrap_err().contains("threads"));
        assert!(Params::new(17, 10, 1).unwrap_err().contains("1 to 16"));
        assert!(Params::new(2, 150, 1)
            .unwrap_err()
            .contains("s must be a whole number from 0 to 100 (got 150)"));
        assert!(Params::new(2, 10, 0).unwrap_err().contains("work"));
        assert!(Params::new(2, 10, MAX_WORK_M + 1).is_err());
        assert_eq!(Params::new(16, 100, MAX_WORK_M).unwrap().steps, 100_000_000);
        assert!(Params::with_steps(2, 10, 0).is_err());
        assert_eq!(Params::with_steps(2, 10, 77).unwrap().steps, 77);
    }

    #[test]
    fn amdahls_law_at_its_corners() {
        assert_eq!(amdahl(0.0, 8.0), 8.0, "no serial part: linear");
        assert_eq!(amdahl(1.0, 8.0), 1.0, "all serial: flat at 1");
        assert_eq!(amdahl(0.2, 1.0), 1.0, "one thread: 1");
        assert!((amdahl(0.2, 2.0) - 1.0 / 0.6).abs() < 1e-12);
        assert!(amdahl(0.1, 1e9) < 10.0, "never past 1/s");
    }

    #[test]
    fn the_plan_covers_every_step_once() {
        for (n, s, w) in [(1, 0, 10), (3, 20, 1000), (16, 100, 5000), (7, 33, 12_345)] {
            let plan = plan(Params::with_steps(n, s, w).unwrap());
            assert_eq!(plan.serial, 0..w * u64::from(s) / 100);
            assert_eq!(plan.shares.len(), n);
            let mut at = plan.serial.end;
            for r in &plan.shares {
                assert_eq!(r.start, at, "contiguous");
                at = r.end;
            }
            assert_eq!(at, w, "up to W");
            let sizes: HashSet<u64> = plan.shares.iter().map(|r| r.end - r.start).collect();
            assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        }
    }

    #[test]
    fn sequential_and_parallel_agree_on_the_checksum() {
        for (n, s, w) in [
            (1, 0, 50_000),
            (2, 25, 100_003),
            (4, 10, 300_001),
            (3, 100, 9_999),
        ] {
            let p = Params::with_steps(n, s, w).unwrap();
            let seq = run_sequential(p);
            let mem = AmdahlMemory::new();
            let out = pool(n).install(|| run_parallel(&mem, p, &clock, &|| false));
            assert!(!out.stopped);
            assert_eq!(out.checksum, seq, "n={n} s={s} W={w}");
            assert_eq!(seq, bench::sum_sequential(w as u32), "the bench lab's sum");
            // The memory the page reads says every step was done.
            let plan = plan(p);
            assert_eq!(mem.phase.load(Relaxed), phase::DONE);
            assert_eq!(mem.serial_done.load(Relaxed), len32(&plan.serial));
            for t in 0..n {
                assert_eq!(mem.parallel_done[t].load(Relaxed), len32(&plan.shares[t]));
                assert_eq!(mem.busy[t].load(Relaxed), 0);
            }
            assert!(out.total_ms >= out.serial_ms && out.total_ms >= out.parallel_ms);
        }
    }

    #[test]
    fn isolated_pieces_add_up_to_the_same_checksum() {
        // The process side: the serial part and each share summed separately
        // (each in its own worker), added up by the page.
        let p = Params::with_steps(3, 20, 250_001).unwrap();
        let plan = plan(p);
        let total = plan
            .shares
            .iter()
            .map(|r| sum_share(r.clone()))
            .fold(sum_share(plan.serial.clone()), u64::wrapping_add);
        assert_eq!(total, run_sequential(p));
    }

    #[test]
    fn a_pool_smaller_than_n_still_does_every_share() {
        let p = Params::with_steps(5, 10, 200_000).unwrap();
        let mem = AmdahlMemory::new();
        let out = pool(2).install(|| run_parallel(&mem, p, &clock, &|| false));
        assert_eq!(out.checksum, run_sequential(p));
    }

    /// The effect, shown in memory: during the serial phase exactly one thread
    /// is busy; during the parallel phase more than one is.
    #[test]
    fn one_thread_works_in_the_serial_phase_and_all_in_the_parallel_one() {
        let p = Params::new(4, 50, 8).unwrap();
        let mem = AmdahlMemory::new();
        let (most_serial, most_parallel) = std::thread::scope(|s| {
            let run = s.spawn(|| pool(4).install(|| run_parallel(&mem, p, &clock, &|| false)));
            let (mut ms, mut mp) = (0, 0);
            while !run.is_finished() {
                let busy = (0..4).filter(|&t| mem.busy[t].load(Relaxed) == 1).count();
                match mem.phase.load(Relaxed) {
                    phase::SERIAL => ms = ms.max(busy),
                    phase::PARALLEL => mp = mp.max(busy),
                    _ => {}
                }
            }
            assert!(!run.join().unwrap().stopped);
            (ms, mp)
        });
        assert_eq!(most_serial, 1, "one busy thread in the serial phase");
        assert!(
            most_parallel >= 2,
            "several busy threads in the parallel phase"
        );
    }

    /// With the serial part large, more threads barely help: the parallel phase
    /// shrinks, the serial phase does not. (Only robust facts: this machine's
    /// cores may be busy with other work.)
    #[test]
    fn the_serial_phase_does_not_shrink_with_threads() {
        let p1 = Params::new(1, 100, 4).unwrap();
        let p2 = Params::new(2, 100, 4).unwrap();
        let mem = AmdahlMemory::new();
        let a = pool(1).install(|| run_parallel(&mem, p1, &clock, &|| false));
        let b = pool(2).install(|| run_parallel(&mem, p2, &clock, &|| false));
        assert_eq!(a.checksum, b.checksum);
        assert!(a.parallel_ms < a.serial_ms && b.parallel_ms < b.serial_ms);
        assert_eq!(
            mem.parallel_total[0].load(Relaxed),
            0,
            "s = 100 %: nothing to share"
        );
    }

    #[test]
    fn stop_ends_a_run_early() {
        let p = Params::new(2, 10, MAX_WORK_M).unwrap();
        let mem = AmdahlMemory::new();
        let flag = AtomicBool::new(false);
        let out = std::thread::scope(|s| {
            let run = s.spawn(|| {
                pool(2).install(|| run_parallel(&mem, p, &clock, &|| flag.load(Relaxed)))
            });
            while mem.serial_done.load(Relaxed) < 100_000 {
                std::hint::spin_loop();
            }
            flag.store(true, Relaxed);
            run.join().unwrap()
        });
        assert!(out.stopped);
        assert_eq!(mem.phase.load(Relaxed), phase::STOPPED);
        assert!(mem.serial_done.load(Relaxed) < mem.serial_total.load(Relaxed));
    }

    #[test]
    fn layout_is_ordered() {
        let l = AMDAHL.layout();
        for w in l.windows(2) {
            assert!(w[0] < w[1]);
        }
        assert_eq!(l[5] - l[4], 4 * MAX_THREADS);
    }
}
