//! What the page watches in lab `race`: one `static` of atomics ([`RACE`]),
//! declared once — the page's typed-array views come from this declaration
//! (`raceLayout()`), and so do the constants it needs ([`consts`]).

use super::{Params, Variant, MAX_ITERS, MAX_RUNS, VARIANTS};
use crate::arena::MAX_WRITERS;
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// `running` when no variant runs.
pub const IDLE: u32 = VARIANTS as u32;
/// Entries of `span_us` per variant: a start and an end for each thread.
pub const SPANS_PER_VARIANT: usize = 2 * MAX_WRITERS;

crate::shared_memory! {
    /// The race lab's memory.
    pub struct RaceMem {
        /// `counters[v]`: the shared counter of variant `v` (0 racy, 1 mutex,
        /// 2 atomic). Set to 0 when that variant starts a run; it ends the run at
        /// T × N minus the updates lost, and keeps that value until the variant's
        /// next run.
        pub counters: [AtomicU32; VARIANTS],
        /// T × N of the current run: what every counter should end at.
        pub expected: AtomicU32,
        /// The variant running now: 0, 1 or 2 (as in `counters`); [`IDLE`] (3):
        /// none (idle, between runs, or finished).
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
        /// recorded every [`super::CHECK_EVERY`] steps (and at its end).
        pub progress: [AtomicU32; MAX_WRITERS],
        /// `span_us[32v + 2t]`, `span_us[32v + 2t + 1]`: microseconds from the
        /// starting line to thread `t` starting / finishing its increments in
        /// variant `v`'s latest run (0: not yet). Overlapping spans: the threads
        /// were running in the same interval (on cores of their own, or taking
        /// turns on one).
        pub span_us: [[AtomicU32; SPANS_PER_VARIANT]; VARIANTS],
        /// `lost[r * 3 + v]`: updates variant `v` lost in repetition `r` (from 0),
        /// T × N − its final counter. Valid for `r < runs_done`.
        pub lost: [[AtomicU32; VARIANTS]; MAX_RUNS],
        /// `time_us[r * 3 + v]`: microseconds variant `v` took in repetition `r`,
        /// from all threads released at the starting line to the last one done.
        pub time_us: [[AtomicU32; VARIANTS]; MAX_RUNS],
    }
}

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
            span_us: [const { [Z; SPANS_PER_VARIANT] }; VARIANTS],
            lost: [const { [Z; VARIANTS] }; MAX_RUNS],
            time_us: [const { [Z; VARIANTS] }; MAX_RUNS],
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
        let spans = self.span_us.iter().flatten();
        let results = self.lost.iter().chain(&self.time_us).flatten();
        for x in self.progress.iter().chain(spans).chain(results) {
            x.store(0, Relaxed);
        }
    }

    /// Thread `t`'s start and end words in variant `v`'s spans.
    pub fn span(&self, v: Variant, t: usize) -> &[AtomicU32] {
        &self.span_us[v as usize][2 * t..2 * t + 2]
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

/// The constants the page needs beside the layout (it copies none of them):
/// the bounds, each variant's index (`racy`, `mutex`, `atomic`) and the idle code of `running`, the stride
/// of `span_us`.
pub fn consts() -> [(&'static str, f64); 9] {
    [
        ("maxThreads", MAX_WRITERS as f64),
        ("maxIters", f64::from(MAX_ITERS)),
        ("maxRuns", MAX_RUNS as f64),
        ("variants", VARIANTS as f64),
        ("racy", f64::from(Variant::Racy as u32)),
        ("mutex", f64::from(Variant::Mutex as u32)),
        ("atomic", f64::from(Variant::Atomic as u32)),
        ("idle", f64::from(IDLE)),
        ("spansPerVariant", SPANS_PER_VARIANT as f64),
    ]
}
