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
//! Page side: `www/src/labs/amdahl/`; the Python twin is `amdahl.py` there.

use crate::labs::bench;
use core::ops::Range;
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};
use serde::Serialize;

mod memory;
#[cfg(test)]
mod tests;
mod wasm;

pub use memory::{consts, phase, AmdahlMemory, AMDAHL};

/// Most threads a run may use (the page's `threads` parameter, `P`).
pub const MAX_THREADS: usize = 16;
/// Most work, in millions of steps (one step ≈ 7 ns: 100 M ≈ 0.7 s on one core).
pub const MAX_WORK_M: u32 = 100;
/// Steps per unit of the page's `work` parameter.
pub const STEPS_PER_WORK: u32 = 1_000_000;
/// A thread records its progress and looks at the stop word this often, in
/// steps (≈ 30 µs of work): fine enough to watch, cheap enough to be noise.
pub const CHECK_EVERY: u64 = 4096;

pub(crate) fn len32(r: &Range<u64>) -> u32 {
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

/// What a parallel run measured (the threaded export's result, as the page
/// gets it: `checksum` is a `BigInt` there).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// `Σ item(i)` over `0..W`, wrapping (0 when stopped).
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
