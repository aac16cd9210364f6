//! The table: the forks — real `std::sync::Mutex`es — and the mirror the
//! page reads. Taking a fork mirrors the wait first, the hold after; putting
//! it back mirrors "free" before the unlock.

use super::memory::{state, Mirror};
use super::{Params, MAX_N};
use core::sync::atomic::Ordering::Relaxed;
use std::sync::{Mutex, MutexGuard};

/// A table: the forks (real mutexes) and the mirror the page reads.
pub struct Table {
    /// What the page sees.
    pub mirror: Mirror,
    /// `forks[f]`: fork `f`. Philosopher `p` uses forks `p` and `(p + 1) % n`.
    forks: [Mutex<()>; MAX_N],
}

impl Table {
    /// A table with every fork free.
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const FORK: Mutex<()> = Mutex::new(());
        Table {
            mirror: Mirror::new(),
            forks: [FORK; MAX_N],
        }
    }

    /// Clears the mirror for a run of `p` (the forks are free between runs:
    /// every guard is dropped before a run returns).
    pub(super) fn reset(&self, p: Params) {
        let m = &self.mirror;
        for i in 0..MAX_N {
            m.holder[i].store(0, Relaxed);
            m.state[i].store(state::IDLE, Relaxed);
            m.waiting_for[i].store(0, Relaxed);
            m.meals[i].store(0, Relaxed);
            m.retries[i].store(0, Relaxed);
        }
        m.seated.store(0, Relaxed);
        m.n.store(p.n as u32, Relaxed);
        m.strategy.store(p.strategy as u32, Relaxed);
        m.generation.fetch_add(1, Relaxed);
    }

    /// Philosopher `me` blocks until fork `f` is free, mirroring the wait.
    pub(super) fn take(&self, me: usize, f: usize) -> Held<'_> {
        let m = &self.mirror;
        m.waiting_for[me].store(f as u32 + 1, Relaxed);
        m.state[me].store(state::WAITING_FORK, Relaxed);
        // Poisoning cannot matter here: nothing is guarded but the fork itself.
        let guard = self.forks[f].lock().unwrap_or_else(|e| e.into_inner());
        m.holder[f].store(me as u32 + 1, Relaxed);
        m.waiting_for[me].store(0, Relaxed);
        Held {
            table: self,
            fork: f,
            _guard: guard,
        }
    }

    /// Philosopher `me` takes fork `f` only if it is free right now.
    pub(super) fn try_take(&self, me: usize, f: usize) -> Option<Held<'_>> {
        let guard = self.forks[f].try_lock().ok()?;
        self.mirror.holder[f].store(me as u32 + 1, Relaxed);
        Some(Held {
            table: self,
            fork: f,
            _guard: guard,
        })
    }
}

impl Default for Table {
    fn default() -> Self {
        Self::new()
    }
}

/// A fork in a philosopher's hand. Dropping it puts the fork back: the mirror
/// says "free" first, then the mutex unlocks (fields drop after `drop`).
pub(super) struct Held<'a> {
    table: &'a Table,
    fork: usize,
    _guard: MutexGuard<'a, ()>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.table.mirror.holder[self.fork].store(0, Relaxed);
    }
}
