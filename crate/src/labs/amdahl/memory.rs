//! What the page watches in lab `amdahl`: which phase runs and how far each
//! pool thread is — one busy thread in the serial phase, all `n` in the
//! parallel one. Declared once; the page's views and constants come from
//! [`consts`] and the layout `shared_memory!` derives.

use super::{len32, Plan, MAX_THREADS, MAX_WORK_M, STEPS_PER_WORK};
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

crate::shared_memory! {
    /// The lab's live memory: what the page reads while a run goes.
    pub struct AmdahlMemory {
        /// What is running: one of [`phase`] — 0 nothing yet, 1 the serial
        /// phase (one thread busy), 2 the parallel phase (every thread busy on
        /// its share), 3 the run finished, 4 the run was stopped.
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
}

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
    pub(super) fn start(&self, plan: &Plan) {
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
}

impl Default for AmdahlMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// The lab's memory in this instance (shared by every pool thread in the
/// threaded build).
pub static AMDAHL: AmdahlMemory = AmdahlMemory::new();

/// The constants the page needs beside the layout (it copies none of them):
/// the bounds and the [`phase`] codes.
pub fn consts() -> [(&'static str, f64); 8] {
    [
        ("maxThreads", MAX_THREADS as f64),
        ("maxWorkM", f64::from(MAX_WORK_M)),
        ("stepsPerWork", f64::from(STEPS_PER_WORK)),
        ("phaseIdle", f64::from(phase::IDLE)),
        ("phaseSerial", f64::from(phase::SERIAL)),
        ("phaseParallel", f64::from(phase::PARALLEL)),
        ("phaseDone", f64::from(phase::DONE)),
        ("phaseStopped", f64::from(phase::STOPPED)),
    ]
}
