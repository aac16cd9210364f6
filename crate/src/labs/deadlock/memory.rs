//! What the page watches in lab `deadlock`: the [`Mirror`], a block of atomics
//! in shared memory that the philosophers write and the page reads every
//! animation frame — who holds each fork, what each philosopher does, which
//! fork it waits for, its meals. Declared once: the page's views and state
//! codes come from the layout and [`consts`].

use super::table::Table;
use super::{MAX_MEALS, MAX_MS, MAX_N, MAX_PAUSE_MS, MIN_N};
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// Values of [`Mirror::state`].
pub mod state {
    /// Not started in this run (or N is smaller than this seat).
    pub const IDLE: u32 = 0;
    /// Thinking (holds no fork).
    pub const THINKING: u32 = 1;
    /// Hungry: blocked in `lock()` on the fork named in `waiting_for`.
    pub const WAITING_FORK: u32 = 2;
    /// Eating: holds both forks.
    pub const EATING: u32 = 3;
    /// Ate all its meals (or stopped) and left the table.
    pub const DONE: u32 = 4;
    /// Hungry, holding its first fork, pausing before reaching for the second.
    pub const PAUSING: u32 = 5;
    /// Waiter strategy: waiting for a seat (the table has N−1 already).
    pub const WAITING_SEAT: u32 = 6;
    /// Try-lock strategy: its second fork was busy; it put the first back and
    /// is backing off for a random moment.
    pub const BACKING_OFF: u32 = 7;
}

crate::shared_memory! {
    /// What the page sees of a run: every field an atomic in shared memory, written
    /// by the philosophers, read by the page every animation frame.
    pub struct Mirror {
        /// `holder[f]`: 0 when fork `f` is free; `p + 1` while philosopher `p`
        /// holds it (set right after its `lock()` returns, cleared right before
        /// its unlock).
        pub holder: [AtomicU32; MAX_N],
        /// `state[p]`: what philosopher `p` is doing — one of [`state`].
        pub state: [AtomicU32; MAX_N],
        /// `waiting_for[p]`: 0 when philosopher `p` waits for no fork; `f + 1`
        /// while it is blocked in `lock()` on fork `f` (an edge "p waits for f" of
        /// the wait-for graph).
        pub waiting_for: [AtomicU32; MAX_N],
        /// `meals[p]`: meals philosopher `p` has finished in this run.
        pub meals: [AtomicU32; MAX_N],
        /// `retries[p]`: try-lock strategy — how often philosopher `p` found its
        /// second fork busy and put the first one back.
        pub retries: [AtomicU32; MAX_N],
        /// Waiter strategy: philosophers seated right now (never more than N−1).
        pub seated: AtomicU32,
        /// Philosophers in the current run (0 before the first run).
        pub n: AtomicU32,
        /// The current run's strategy code ([`super::Strategy`] discriminant).
        pub strategy: AtomicU32,
        /// Bumped by every run's reset; lets the page tell runs apart.
        pub generation: AtomicU32,
    }
}

impl Mirror {
    /// Everything at zero.
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z: AtomicU32 = AtomicU32::new(0);
        Mirror {
            holder: [Z; MAX_N],
            state: [Z; MAX_N],
            waiting_for: [Z; MAX_N],
            meals: [Z; MAX_N],
            retries: [Z; MAX_N],
            seated: AtomicU32::new(0),
            n: AtomicU32::new(0),
            strategy: AtomicU32::new(0),
            generation: AtomicU32::new(0),
        }
    }

    /// Fork holders and waited-for forks of the first `n` seats, as the page
    /// reads them: the input of [`find_cycle`].
    pub fn snapshot(&self, n: usize) -> (Vec<u32>, Vec<u32>) {
        (
            self.holder[..n].iter().map(|a| a.load(Relaxed)).collect(),
            self.waiting_for[..n]
                .iter()
                .map(|a| a.load(Relaxed))
                .collect(),
        )
    }

    /// Total meals of the first `n` philosophers.
    pub fn total_meals(&self, n: usize) -> u32 {
        self.meals[..n].iter().map(|a| a.load(Relaxed)).sum()
    }
}

impl Default for Mirror {
    fn default() -> Self {
        Self::new()
    }
}

/// The one table of this instance: in the threaded build, its mirror lies in
/// the shared memory the page watches.
pub static TABLE: Table = Table::new();

/// The constants the page needs beside the layout (it copies none of them):
/// the bounds, and the [`state`] codes by name (`stateWaitingFork`, …).
pub fn consts() -> [(&'static str, f64); 13] {
    [
        ("minN", MIN_N as f64),
        ("maxN", MAX_N as f64),
        ("maxMeals", f64::from(MAX_MEALS)),
        ("maxMs", f64::from(MAX_MS)),
        ("maxPauseMs", f64::from(MAX_PAUSE_MS)),
        ("stateIdle", f64::from(state::IDLE)),
        ("stateThinking", f64::from(state::THINKING)),
        ("stateWaitingFork", f64::from(state::WAITING_FORK)),
        ("stateEating", f64::from(state::EATING)),
        ("stateDone", f64::from(state::DONE)),
        ("statePausing", f64::from(state::PAUSING)),
        ("stateWaitingSeat", f64::from(state::WAITING_SEAT)),
        ("stateBackingOff", f64::from(state::BACKING_OFF)),
    ]
}
