//! What the page watches in lab `gil`: one `static` of atomics ([`GIL_LAB`]),
//! declared once. It holds two timelines — the GIL variant's and the
//! free-threaded variant's — as arrays indexed by [`Log`], so the page's views
//! (`gilLayout()`) come straight from this declaration; [`EventLog`] is the
//! kernel's handle on one of them.

use super::timeline::Event;
use super::{MAX_EVENTS, MAX_THREADS};
use core::sync::atomic::{
    AtomicU32,
    Ordering::{Acquire, Relaxed, Release},
};

/// Which timeline: the index of every per-log field below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Log {
    /// Threads that take turns holding the GIL.
    Gil = 0,
    /// The same threads without it.
    Free = 1,
}

/// How many timelines there are.
pub const LOGS: usize = 2;

/// `variant`: what runs now.
pub const IDLE: u32 = 0;
/// `variant`: the sequential baseline.
pub const SEQUENTIAL: u32 = 1;
/// `variant`: the GIL threads.
pub const WITH_GIL: u32 = 2;
/// `variant`: the free threads.
pub const FREE: u32 = 3;

crate::shared_memory! {
    /// What the page watches of this lab, in the threaded build's shared memory.
    /// Fields named per log are arrays indexed by [`Log`] (`count[Log::Gil]`…).
    pub struct GilLab {
        /// What runs now: [`IDLE`] (0) nothing, [`SEQUENTIAL`] (1) the
        /// sequential baseline, [`WITH_GIL`] (2) the GIL threads, [`FREE`] (3)
        /// the free threads.
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
        /// `count[log]`: holds recorded so far in this run (slots claimed, in
        /// claim order). May exceed [`MAX_EVENTS`]: holds beyond it are counted
        /// but not kept.
        pub count: [AtomicU32; LOGS],
        /// `now_us[log]`: microseconds from the run's start to the latest moment
        /// any thread reported (a hold's end or start): the page's "now" for
        /// live drawing.
        pub now_us: [AtomicU32; LOGS],
        /// `generation[log]`: bumped at the end of every reset (`Release`), so a
        /// reader can tell a new run or repeat from more holds of the same one:
        /// a reader that sees the same value before and after reading the slots
        /// read one run's holds only.
        pub generation: [AtomicU32; LOGS],
        /// `holds[log][t]`: how many holds thread `t` has finished.
        pub holds: [[AtomicU32; MAX_THREADS]; LOGS],
        /// `held_us[log][t]`: total microseconds thread `t` computed (sum of its holds).
        pub held_us: [[AtomicU32; MAX_THREADS]; LOGS],
        /// `max_wait_us[log][t]`: the longest thread `t` waited between asking
        /// for the GIL and getting it, µs (always 0 without the GIL).
        pub max_wait_us: [[AtomicU32; MAX_THREADS]; LOGS],
        /// `open_since_us[log][t]`: 1 + the start (µs) of the hold thread `t` is
        /// in right now; 0: it holds nothing (waiting, or done). The page draws
        /// it as a growing bar.
        pub open_since_us: [[AtomicU32; MAX_THREADS]; LOGS],
        /// `lane[log][i]`: 1 + the thread of hold `i`; 0: slot not written yet.
        /// Stored last, with `Release`, so a reader that sees it non-zero (with
        /// `Acquire` or `Atomics.load`) also sees the slot's times.
        pub lane: [[AtomicU32; MAX_EVENTS]; LOGS],
        /// `start_us[log][i]`: microseconds from the run's start to hold `i`'s start.
        pub start_us: [[AtomicU32; MAX_EVENTS]; LOGS],
        /// `end_us[log][i]`: microseconds from the run's start to hold `i`'s end.
        pub end_us: [[AtomicU32; MAX_EVENTS]; LOGS],
    }
}

#[allow(clippy::declare_interior_mutable_const)]
const Z: AtomicU32 = AtomicU32::new(0);

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
            count: [Z; LOGS],
            now_us: [Z; LOGS],
            generation: [Z; LOGS],
            holds: [const { [Z; MAX_THREADS] }; LOGS],
            held_us: [const { [Z; MAX_THREADS] }; LOGS],
            max_wait_us: [const { [Z; MAX_THREADS] }; LOGS],
            open_since_us: [const { [Z; MAX_THREADS] }; LOGS],
            lane: [const { [Z; MAX_EVENTS] }; LOGS],
            start_us: [const { [Z; MAX_EVENTS] }; LOGS],
            end_us: [const { [Z; MAX_EVENTS] }; LOGS],
        }
    }

    /// A fresh one on the heap, for tests.
    pub fn boxed() -> Box<Self> {
        Box::new(Self::new())
    }

    /// Starts a variant: who holds the GIL, the counts and `done` back to 0.
    pub(super) fn start(&self, variant: u32) {
        self.variant.store(variant, Relaxed);
        self.holder.store(0, Relaxed);
        self.violations.store(0, Relaxed);
        self.switches.store(0, Relaxed);
        for d in &self.done {
            d.store(0, Relaxed);
        }
    }

    /// One timeline's fields.
    pub fn log(&self, log: Log) -> EventLog<'_> {
        let k = log as usize;
        EventLog {
            count: &self.count[k],
            now_us: &self.now_us[k],
            generation: &self.generation[k],
            holds: &self.holds[k],
            held_us: &self.held_us[k],
            max_wait_us: &self.max_wait_us[k],
            open_since_us: &self.open_since_us[k],
            lane: &self.lane[k],
            start_us: &self.start_us[k],
            end_us: &self.end_us[k],
        }
    }
}

/// One timeline of [`GilLab`]: the holds of one variant's last run, and
/// per-thread totals (each field as documented in [`GilLab`]).
#[derive(Clone, Copy)]
pub struct EventLog<'a> {
    pub count: &'a AtomicU32,
    pub now_us: &'a AtomicU32,
    pub generation: &'a AtomicU32,
    pub holds: &'a [AtomicU32; MAX_THREADS],
    pub held_us: &'a [AtomicU32; MAX_THREADS],
    pub max_wait_us: &'a [AtomicU32; MAX_THREADS],
    pub open_since_us: &'a [AtomicU32; MAX_THREADS],
    pub lane: &'a [AtomicU32; MAX_EVENTS],
    pub start_us: &'a [AtomicU32; MAX_EVENTS],
    pub end_us: &'a [AtomicU32; MAX_EVENTS],
}

impl EventLog<'_> {
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

    /// Thread `t` starts a hold at `start_us`, after waiting `waited_us` for it.
    pub(super) fn begin(&self, t: usize, start_us: u32, waited_us: u32) {
        self.open_since_us[t].store(start_us + 1, Relaxed);
        self.max_wait_us[t].fetch_max(waited_us, Relaxed);
        self.now_us.fetch_max(start_us, Relaxed);
    }

    /// Thread `t` ends its hold: recorded in the next free slot.
    pub(super) fn record(&self, t: usize, start_us: u32, end_us: u32) {
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

/// This lab's memory: in the threaded build, shared by every pool thread and
/// watched by the page.
pub static GIL_LAB: GilLab = GilLab::new();

/// The constants the page needs beside the layout (it copies none of them):
/// the sizes of the per-thread and per-hold arrays, and each log's index.
pub fn consts() -> [(&'static str, f64); 4] {
    [
        ("maxThreads", MAX_THREADS as f64),
        ("maxEvents", MAX_EVENTS as f64),
        ("gil", f64::from(Log::Gil as u32)),
        ("free", f64::from(Log::Free as u32)),
    ]
}
