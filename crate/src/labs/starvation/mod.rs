//! Lab `starvation`: readers–writers locks, and who waits forever.
//!
//! R reader threads and W writer threads share one readers–writers lock for a
//! fixed time. Readers may be inside together; a writer must be alone. Each
//! thread loops: ask for the lock, hold it (sleeping inside for the hold
//! time), let go, wait the gap, ask again. Three locks, each its own small
//! type over the same lock words in [`Starvation`] (folder [`locks`]):
//!
//! - [`ReaderPreference`]: a reader enters whenever no writer is inside. A
//!   stream of readers whose turns overlap keeps the lock busy for ever, and
//!   a writer — who needs it empty — **starves**: 0 entries, a wait as long as
//!   the run.
//! - [`WriterPreference`]: a waiting writer bars new readers. Now writers
//!   that come back at once keep the readers out: readers can starve.
//! - [`FifoFair`]: a ticket lock. Everyone takes a ticket and enters in
//!   arrival order (readers with consecutive tickets enter together), so every
//!   thread enters, again and again.
//!
//! **How a thread waits.** All three locks block the same way, in
//! [`Waiter::pause`]: a few spins, then a 100 µs sleep, checking the page's
//! stop word and the run's deadline every time. Not a condition variable on
//! purpose: the lock's whole state is a handful of atomics in [`STARVATION`],
//! which the page reads live, and a sleeping waiter costs no core — which
//! matters on a 2-core machine with 16 threads. (`std::thread::sleep` in a
//! threaded wasm build is `memory.atomic.wait32` with a timeout, allowed in
//! the Web Workers that run rayon's threads.)
//!
//! **Why it starves so reliably.** Under reader preference the writer needs
//! an instant at which *no* reader is inside. With ≥ 2 readers that hold the
//! lock for milliseconds and come back at once (gap 0), such an instant lasts
//! microseconds at most, and the writer would have to look at that very
//! moment. The readers start a fraction of a hold apart so that their turns
//! overlap like those of independent arrivals (started together, equal sleeps
//! would let them all out at the same instant).
//!
//! **Correctness, checked in every run.** Independently of the lock, each
//! thread adds itself to [`Starvation::occupancy`] on entry (a reader 1, a
//! writer [`WRITER_UNIT`]) and checks what was there: a writer must find 0, a
//! reader no writer. A clash is counted in [`Starvation::violations`], which
//! every test asserts to be 0 for all three locks.
//!
//! There is no isolated-worker (process) variant: processes do not share a
//! lock's memory, so there would be nothing to contend for.
//!
//! Page side: `www/src/labs/starvation/`; the Python twin is `starvation.py` there.

use crate::arena::MAX_WRITERS;

pub mod locks;
mod memory;
mod run;
#[cfg(test)]
mod tests;
mod waiter;
mod wasm;

pub use locks::{FifoFair, ReaderPreference, RwPolicy, WriterPreference};
pub use memory::{Starvation, STARVATION};
pub use run::{run_parallel, run_sequential, Outcome};
pub use waiter::{Waiter, POLL_SLEEP};

/// Most threads in a run: readers + writers ≤ 16.
pub const MAX_THREADS: usize = MAX_WRITERS;
/// Longest hold time (read or write) and longest gap, in ms.
pub const MAX_HOLD_MS: u32 = 50;
/// Shortest and longest run, in ms.
pub const MIN_DURATION_MS: u32 = 200;
/// See [`MIN_DURATION_MS`].
pub const MAX_DURATION_MS: u32 = 10_000;
/// The writer bit of [`Starvation::state`].
pub const WRITER_BIT: u32 = 1 << 31;
/// What a writer adds to [`Starvation::occupancy`] (a reader adds 1).
pub const WRITER_UNIT: u32 = 1 << 16;

/// Which lock a run uses. The discriminant is what [`Starvation::policy`]
/// holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// [`ReaderPreference`].
    Reader = 1,
    /// [`WriterPreference`].
    Writer = 2,
    /// [`FifoFair`].
    Fair = 3,
}

impl Policy {
    /// Every lock, with the name the page and the URL use for it.
    pub const ALL: [(&'static str, Policy); 3] = [
        ("reader", Policy::Reader),
        ("writer", Policy::Writer),
        ("fair", Policy::Fair),
    ];

    /// From its name: `reader`, `writer` or `fair`.
    pub fn from_name(name: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, p)| p)
            .ok_or_else(|| format!("lock must be one of reader, writer, fair (got \"{name}\")"))
    }
}

/// What a thread does. The discriminant is what [`Starvation::role`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Takes the lock shared.
    Reader = 1,
    /// Takes the lock alone.
    Writer = 2,
}

/// Where a thread is in its loop: what [`Starvation::phase`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not started (or not in this run).
    NotStarted = 0,
    /// Outside the lock, between turns.
    Outside = 1,
    /// Waiting to enter.
    Waiting = 2,
    /// Inside the lock.
    Inside = 3,
    /// Done: the run is over (or stopped) and it has left.
    Finished = 4,
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// The lock.
    pub policy: Policy,
    /// Reader threads, 1..=15.
    pub readers: usize,
    /// Writer threads, 1..=15; readers + writers ≤ 16.
    pub writers: usize,
    /// How long a reader stays inside, ms (1..=50).
    pub read_ms: u32,
    /// How long a writer stays inside, ms (1..=50).
    pub write_ms: u32,
    /// How long every thread stays outside between turns, ms (0..=50).
    pub gap_ms: u32,
    /// How long the run lasts, ms (200..=10,000).
    pub duration_ms: u32,
}

impl Params {
    /// Checks the bounds; the message names the parameter and its range.
    pub fn new(
        policy: Policy,
        readers: usize,
        writers: usize,
        read_ms: u32,
        write_ms: u32,
        gap_ms: u32,
        duration_ms: u32,
    ) -> Result<Self, String> {
        let max = MAX_THREADS - 1;
        super::in_range("readers", readers, 1..=max)?;
        super::in_range("writers", writers, 1..=max)?;
        if readers + writers > MAX_THREADS {
            return Err(format!(
                "readers + writers must be at most {MAX_THREADS} (got {})",
                readers + writers
            ));
        }
        for (name, v, min) in [
            ("read", read_ms, 1),
            ("write", write_ms, 1),
            ("gap", gap_ms, 0),
        ] {
            super::in_range(name, v, min..=MAX_HOLD_MS)?;
        }
        super::in_range("duration", duration_ms, MIN_DURATION_MS..=MAX_DURATION_MS)?;
        Ok(Params {
            policy,
            readers,
            writers,
            read_ms,
            write_ms,
            gap_ms,
            duration_ms,
        })
    }

    /// Threads in the run: readers first (0..R), then writers.
    pub fn threads(&self) -> usize {
        self.readers + self.writers
    }

    /// Thread `t`'s role.
    pub fn role(&self, t: usize) -> Role {
        if t < self.readers {
            Role::Reader
        } else {
            Role::Writer
        }
    }
}
