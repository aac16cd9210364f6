//! What the page watches in lab `io`, declared once: every way's timeline as
//! one event log, the segment each row is in right now, the GIL's words, and
//! the convoy's wake-to-run delays.

use super::{MAX_REQUESTS, MAX_WORKERS};
use core::sync::atomic::{AtomicI32, AtomicU32, AtomicU8, Ordering::*};

/// Rows per way: a thread (sequential, threads) or a task (event loop).
pub const MAX_ROWS: usize = MAX_REQUESTS;
/// The ways that run on the threaded build (1 sequential, 2 threads, 3 loop).
pub const WAYS: usize = 3;
/// Events the log keeps, all ways together; later ones are counted only.
pub const MAX_EVENTS: usize = 8192;
/// Wake-ups the convoy records, per phase.
pub const MAX_WAKES: usize = 400;

/// Way codes, in `way` and `ev_way`.
pub mod way {
    /// One thread, one request after another.
    pub const SEQUENTIAL: u8 = 1;
    /// W threads under the GIL.
    pub const THREADS: u8 = 2;
    /// One event-loop thread.
    pub const EVENT_LOOP: u8 = 3;
    /// The convoy experiment (no timeline).
    pub const CONVOY: u8 = 4;
}

/// Event kinds, in `ev_kind` and `open_kind`. 0: slot not written yet /
/// nothing open.
pub mod kind {
    /// Waiting for a response — blocked, no CPU (drawn hollow).
    pub const WAIT: u8 = 1;
    /// Computing (holding the GIL, for threads) (drawn solid).
    pub const COMPUTE: u8 = 2;
    /// Waiting for the GIL (drawn hatched).
    pub const GIL_WAIT: u8 = 3;
    /// The event loop switched to this task (an instant: a tick).
    pub const SWITCH: u8 = 4;
    /// The task was cancelled at its `await` by its timeout (an instant).
    pub const CANCELLED: u8 = 5;
    /// The caller gave up on this thread's request (an instant); the thread
    /// goes on.
    pub const ABANDONED: u8 = 6;
    /// The thread's wait returned and it saw the stop request (an instant).
    pub const SAW_STOP: u8 = 7;
}

crate::shared_memory! {
    /// This lab's memory. Times are µs from the start of the way's run.
    pub struct IoMem {
        /// The way running now: a [`way`] code, 0 none.
        pub way: AtomicU32,
        /// Events claimed so far in this run (may exceed [`MAX_EVENTS`]).
        pub ev_count: AtomicU32,
        /// `ev_kind[i]`: event `i`'s [`kind`], 0 until written. Stored last,
        /// with `Release`: a reader that sees it non-zero sees the rest.
        pub ev_kind: [AtomicU8; MAX_EVENTS],
        /// `ev_way[i]`: the [`way`] event `i` belongs to.
        pub ev_way: [AtomicU8; MAX_EVENTS],
        /// `ev_row[i]`: its row (thread or task), from 0.
        pub ev_row: [AtomicU8; MAX_EVENTS],
        /// `ev_req[i]`: the request it concerns, from 0.
        pub ev_req: [AtomicU8; MAX_EVENTS],
        /// `ev_start_us[i]`: when it began.
        pub ev_start_us: [AtomicU32; MAX_EVENTS],
        /// `ev_end_us[i]`: when it ended (= start for an instant).
        pub ev_end_us: [AtomicU32; MAX_EVENTS],
        /// `now_us[w - 1]`: the latest time way `w` reported: the page's "now".
        pub now_us: [AtomicU32; WAYS],
        /// `open_kind[(w - 1) × MAX_ROWS + row]`: the segment that row is in
        /// now (a [`kind`]), 0 none — drawn growing up to `now_us`.
        pub open_kind: [AtomicU8; WAYS * MAX_ROWS],
        /// `open_since_us[…]`: when that segment began.
        pub open_since_us: [AtomicU32; WAYS * MAX_ROWS],
        /// `io_word[row]`: the word a thread blocks on while it "waits for
        /// I/O". Nobody notifies it: the wait ends by its timeout.
        pub io_word: [AtomicI32; MAX_WORKERS],
        /// The GIL: 0 free, `t + 1` held by thread `t`.
        pub gil_holder: AtomicI32,
        /// 1: a waiter has waited a whole switch interval and asks the holder
        /// to drop the GIL (CPython's `gil_drop_request`); 0 otherwise.
        pub gil_drop: AtomicI32,
        /// How many times the GIL was taken (CPython's `switch_number`).
        pub gil_switches: AtomicI32,
        /// Threads computing right now; must never exceed 1 under the GIL.
        pub computing: AtomicU32,
        /// The most threads ever seen computing at once in this way's run.
        pub max_computing: AtomicU32,
        /// `convoy_count[0]`: wake-ups recorded with the I/O thread alone;
        /// `[1]`: beside a CPU-bound thread.
        pub convoy_count: [AtomicU32; 2],
        /// `convoy_alone_us[k]`: wake-up `k`'s wake-to-run delay, alone.
        pub convoy_alone_us: [AtomicU32; MAX_WAKES],
        /// `convoy_busy_us[k]`: the same beside a CPU-bound thread.
        pub convoy_busy_us: [AtomicU32; MAX_WAKES],
        /// Units the CPU-bound thread of the convoy computed.
        pub convoy_cpu_units: AtomicU32,
    }
}

#[allow(clippy::declare_interior_mutable_const)]
const Z8: AtomicU8 = AtomicU8::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const Z32: AtomicU32 = AtomicU32::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const ZI: AtomicI32 = AtomicI32::new(0);

impl IoMem {
    /// All zero.
    pub const fn new() -> Self {
        IoMem {
            way: Z32,
            ev_count: Z32,
            ev_kind: [Z8; MAX_EVENTS],
            ev_way: [Z8; MAX_EVENTS],
            ev_row: [Z8; MAX_EVENTS],
            ev_req: [Z8; MAX_EVENTS],
            ev_start_us: [Z32; MAX_EVENTS],
            ev_end_us: [Z32; MAX_EVENTS],
            now_us: [Z32; WAYS],
            open_kind: [Z8; WAYS * MAX_ROWS],
            open_since_us: [Z32; WAYS * MAX_ROWS],
            io_word: [ZI; MAX_WORKERS],
            gil_holder: ZI,
            gil_drop: ZI,
            gil_switches: ZI,
            computing: Z32,
            max_computing: Z32,
            convoy_count: [Z32; 2],
            convoy_alone_us: [Z32; MAX_WAKES],
            convoy_busy_us: [Z32; MAX_WAKES],
            convoy_cpu_units: Z32,
        }
    }

    /// A fresh one on the heap, for tests.
    pub fn boxed() -> Box<Self> {
        Box::new(Self::new())
    }

    /// Empties the event log, before a run of all ways.
    pub fn reset_log(&self) {
        let n = (self.ev_count.load(Relaxed) as usize).min(MAX_EVENTS);
        for k in &self.ev_kind[..n] {
            k.store(0, Relaxed);
        }
        self.ev_count.store(0, Release);
    }

    /// Starts way `w` (the convoy too, which has no timeline): nothing open, "now" at 0, the GIL free.
    pub fn begin_way(&self, w: u8) {
        let i = usize::from(w - 1);
        if i < WAYS {
            self.now_us[i].store(0, Relaxed);
            for r in 0..MAX_ROWS {
                self.open_kind[i * MAX_ROWS + r].store(0, Relaxed);
            }
        }
        self.gil_holder.store(0, Relaxed);
        self.gil_drop.store(0, Relaxed);
        self.computing.store(0, Relaxed);
        self.max_computing.store(0, Relaxed);
        self.way.store(u32::from(w), Release);
    }

    /// Ends the running way.
    pub fn end_way(&self) {
        self.way.store(0, Release);
    }

    /// Row `row` of way `w` enters a segment of kind `k` at `t_us`.
    pub fn open(&self, w: u8, row: usize, k: u8, t_us: u32) {
        let i = usize::from(w - 1) * MAX_ROWS + row;
        self.open_since_us[i].store(t_us, Relaxed);
        self.open_kind[i].store(k, Release);
        self.now_us[usize::from(w - 1)].fetch_max(t_us, Relaxed);
    }

    /// Row `row` of way `w` leaves its open segment.
    pub fn close(&self, w: u8, row: usize) {
        self.open_kind[usize::from(w - 1) * MAX_ROWS + row].store(0, Relaxed);
    }

    /// Records one finished segment (or an instant, `end == start`).
    pub fn record(&self, w: u8, row: usize, req: usize, k: u8, start_us: u32, end_us: u32) {
        self.now_us[usize::from(w - 1)].fetch_max(end_us, Relaxed);
        let i = self.ev_count.fetch_add(1, Relaxed) as usize;
        if i < MAX_EVENTS {
            self.ev_way[i].store(w, Relaxed);
            self.ev_row[i].store(row as u8, Relaxed);
            self.ev_req[i].store(req as u8, Relaxed);
            self.ev_start_us[i].store(start_us, Relaxed);
            self.ev_end_us[i].store(end_us.max(start_us), Relaxed);
            self.ev_kind[i].store(k, Release);
        }
    }

    /// The events of way `w` kept so far: `(row, req, kind, start, end)`.
    pub fn events(&self, w: u8) -> Vec<(usize, usize, u8, u32, u32)> {
        let n = (self.ev_count.load(Acquire) as usize).min(MAX_EVENTS);
        (0..n)
            .filter_map(|i| {
                let k = self.ev_kind[i].load(Acquire);
                (k != 0 && self.ev_way[i].load(Relaxed) == w).then(|| {
                    (
                        usize::from(self.ev_row[i].load(Relaxed)),
                        usize::from(self.ev_req[i].load(Relaxed)),
                        k,
                        self.ev_start_us[i].load(Relaxed),
                        self.ev_end_us[i].load(Relaxed),
                    )
                })
            })
            .collect()
    }
}

impl Default for IoMem {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's memory: shared by the pool's threads and watched by the
/// page in the threaded build.
pub static IO: IoMem = IoMem::new();

/// The constants the page needs beside the layout.
pub fn consts() -> Vec<(&'static str, f64)> {
    vec![
        ("maxRows", MAX_ROWS as f64),
        ("maxEvents", MAX_EVENTS as f64),
        ("maxWakes", MAX_WAKES as f64),
        ("waySequential", f64::from(way::SEQUENTIAL)),
        ("wayThreads", f64::from(way::THREADS)),
        ("wayEventLoop", f64::from(way::EVENT_LOOP)),
        ("wayConvoy", f64::from(way::CONVOY)),
        ("kindWait", f64::from(kind::WAIT)),
        ("kindCompute", f64::from(kind::COMPUTE)),
        ("kindGilWait", f64::from(kind::GIL_WAIT)),
        ("kindSwitch", f64::from(kind::SWITCH)),
        ("kindCancelled", f64::from(kind::CANCELLED)),
        ("kindAbandoned", f64::from(kind::ABANDONED)),
        ("kindSawStop", f64::from(kind::SAW_STOP)),
    ]
}
