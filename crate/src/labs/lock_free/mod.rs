//! Lab `lock-free`: lock-free data structures on real threads.
//!
//! - A stack of node indices behind a mutex vs a Treiber stack (one
//!   compare-and-swap on the head per push or pop; a failed swap is retried
//!   and counted).
//! - A counter behind a mutex vs one atomic `fetch_add` vs the book's
//!   approximate ("sloppy") counter: each thread counts in a shard of its own
//!   and adds it to the locked global every S increments, so the global lags
//!   the truth by at most T × (S − 1).
//! - ABA: the Treiber stack *without* a version tag, under a stress schedule
//!   (thread 0 pauses between reading the top's next and its swap, the others
//!   between their two pushes), hands one node to two threads or loses one —
//!   detected and reported; with the tag it never does.
//!
//! Every kernel has a sequential twin (the T "threads" one after another on
//! this thread) and a parallel twin (T threads of the rayon pool released
//! together from a starting line). Page side: `www/src/labs/lock-free/`; the
//! Python twin is `lock-free.py` there.

use super::start_line::StartLine;
use crate::arena::MAX_WRITERS;
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

mod aba;
mod bench;
mod memory;
mod stack;
#[cfg(test)]
mod tests;
mod wasm;

pub use memory::{LockFreeMem, ABA, IDLE, LOCK_FREE};
pub use stack::{Locked, Treiber};

/// Nodes of the shared stack: enough for 16 threads to hold two each.
pub const NODES: usize = 32;
/// "No node": an empty stack's top, the bottom node's next.
pub const EMPTY: u32 = u32::MAX;
/// Most operations (or ABA rounds) per thread.
pub const MAX_OPS: u32 = 10_000_000;
/// Most spins of the stress schedule's pause.
pub const MAX_STRESS: u32 = 100_000;
/// Most increments a shard of the approximate counter keeps before it flushes.
pub const MAX_THRESHOLD: u32 = 1_000_000;
/// A thread records its progress and checks the stop word this often, in operations.
pub const CHECK_EVERY: u32 = 1024;
/// How many structures the throughput run measures.
pub const STRUCTURES: usize = 5;

/// One structure the throughput run measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    /// A `Vec` of indices behind a `Mutex`.
    MutexStack = 0,
    /// The tagged Treiber stack.
    TreiberStack = 1,
    /// A `u64` behind a `Mutex`.
    LockCounter = 2,
    /// One `AtomicU64`, `fetch_add(1)`.
    AtomicCounter = 3,
    /// Shards of S, flushed to a locked global.
    ApproxCounter = 4,
}

impl Structure {
    /// Every structure, in the page's order.
    pub const ALL: [Structure; STRUCTURES] = [
        Structure::MutexStack,
        Structure::TreiberStack,
        Structure::LockCounter,
        Structure::AtomicCounter,
        Structure::ApproxCounter,
    ];

    /// Its name in the URL and the results.
    pub fn name(self) -> &'static str {
        [
            "mutex-stack",
            "treiber-stack",
            "lock-counter",
            "atomic-counter",
            "approx-counter",
        ][self as usize]
    }

    /// The structure called `name`, or a message listing the names.
    pub fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| {
                format!(
                    "structure must be one of {:?} (got {name:?})",
                    Self::ALL.map(Self::name)
                )
            })
    }
}

/// A throughput run's settings, checked by [`BenchParams::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BenchParams {
    /// T: threads, 1..=16.
    pub threads: usize,
    /// Operations per thread, 1..=10⁷ (a stack does them as pop, pop, push, push).
    pub ops: u32,
    /// S: the approximate counter's threshold, 1..=10⁶.
    pub threshold: u32,
}

impl BenchParams {
    /// Checks the bounds; the message names the parameter and its range.
    pub fn new(threads: usize, ops: u32, threshold: u32) -> Result<Self, String> {
        super::in_range("threads", threads, 1..=MAX_WRITERS)?;
        super::in_range("ops", ops, 1..=MAX_OPS)?;
        super::in_range("threshold", threshold, 1..=MAX_THRESHOLD)?;
        Ok(BenchParams {
            threads,
            ops,
            threshold,
        })
    }
}

/// An ABA run's settings, checked by [`AbaParams::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbaParams {
    /// T: threads, 2..=16 (ABA needs someone to come between).
    pub threads: usize,
    /// Rounds (pop, pop, push, push) of thread 0, 1..=10⁷; the others keep
    /// going until it is done.
    pub rounds: u32,
    /// Spins of each pause of the stress schedule, 0..=10⁵: thread 0 inside
    /// each pop, the others between their two pushes.
    pub stress: u32,
    /// Whether the head carries a version tag.
    pub tagged: bool,
}

impl AbaParams {
    /// Checks the bounds; the message names the parameter and its range.
    pub fn new(threads: usize, rounds: u32, stress: u32, tagged: bool) -> Result<Self, String> {
        super::in_range("threads", threads, 2..=MAX_WRITERS)?;
        super::in_range("rounds", rounds, 1..=MAX_OPS)?;
        super::in_range("stress", stress, 0..=MAX_STRESS)?;
        Ok(AbaParams {
            threads,
            rounds,
            stress,
            tagged,
        })
    }
}

/// Runs `body(t)` for t in 0..n and returns the milliseconds from the start
/// to the last one done. `parallel`: on n threads of the current rayon pool,
/// released together from a starting line (n ≤ the pool's size: a waiting
/// thread needs a pool thread of its own; more take turns as rayon tasks);
/// otherwise one after another on this thread (the sequential twin).
pub fn each_thread(
    parallel: bool,
    n: usize,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
    body: &(dyn Fn(usize) + Sync),
) -> f64 {
    let go = AtomicU64::new(clock().to_bits());
    if !parallel {
        (0..n).for_each(body);
    } else if n <= rayon::current_num_threads() {
        let line = StartLine::new(n);
        rayon::broadcast(|ctx| {
            if ctx.index() < n {
                if let Some(at) = line.arrive_and_wait(clock, stop) {
                    go.store(at.to_bits(), Relaxed);
                    body(ctx.index());
                }
            }
        });
    } else {
        rayon::scope(|s| (0..n).for_each(|t| s.spawn(move |_| body(t))));
    }
    clock() - f64::from_bits(go.load(Relaxed))
}

pub use aba::{run_aba, AbaOutcome};
pub use bench::{run_bench, BenchOutcome};
