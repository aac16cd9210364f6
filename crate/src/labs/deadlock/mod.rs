//! Lab `deadlock`: dining philosophers on real threads, with real mutexes.
//!
//! N philosophers (2..=8) sit at a round table with one fork between each
//! pair: philosopher `p` needs fork `p` (left) and fork `(p + 1) % N` (right)
//! to eat. Each fork is a real `std::sync::Mutex` (in the threaded wasm build a
//! futex on `memory.atomic.wait32`), each philosopher runs on its own pool
//! thread. Four strategies:
//!
//! - [`Strategy::Naive`]: left fork, then right. When all N hold their left
//!   fork, each waits for a fork its neighbour holds: a cycle, a real deadlock.
//!   No thread can ever run again — not even to read the stop word — so the
//!   page detects the cycle in the [`Mirror`] and ends the whole coordinator.
//! - [`Strategy::Ordered`]: lower-numbered fork first (global lock ordering).
//!   Philosopher N−1 takes fork 0 before fork N−1, so a cycle cannot close.
//! - [`Strategy::TryLock`]: left fork, then `try_lock` the right one; if it is
//!   busy, put the left one back and back off a small random time.
//! - [`Strategy::Waiter`]: a waiter lets at most N−1 sit down at once; with one
//!   seat empty, somebody always gets both forks.
//!
//! What the page shows lives in [`Mirror`], a `static` of atomics the page
//! reads live from shared memory: who holds each fork, what each philosopher
//! does, which fork it waits for, and its meals.
//!
//! Page side: `www/src/labs/deadlock/`; the Python twin is `deadlock.py` there.
//!
//! Split by idea: [`memory`] (the mirror the page reads, declared once),
//! `table` (forks as real mutexes), `strategies` (one meal, four ways),
//! `cycle` (the wait-for graph's cycle), `wasm` (every export).

use super::start_line::StartLine;
use core::sync::atomic::Ordering::Relaxed;
use serde::Serialize;

mod cycle;
pub mod memory;
mod strategies;
mod table;
#[cfg(test)]
mod tests;
mod wasm;

pub use cycle::find_cycle;
pub use memory::{consts, state, Mirror, TABLE};
use strategies::{dine, sleep_ms};
pub use table::Table;

/// Fewest philosophers: with one there is nobody to deadlock with.
pub const MIN_N: usize = 2;
/// Most philosophers (and forks).
pub const MAX_N: usize = 8;
/// Most meals per philosopher.
pub const MAX_MEALS: u32 = 1000;
/// Longest think or eat time, ms.
pub const MAX_MS: u32 = 200;
/// Longest pause between taking the first and the second fork, ms.
pub const MAX_PAUSE_MS: u32 = 200;

/// How each philosopher picks up forks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Left, then right: deadlocks.
    Naive = 0,
    /// Lower-numbered fork first: global lock ordering.
    Ordered = 1,
    /// Left, then `try_lock` right; on failure put left back and back off.
    TryLock = 2,
    /// At most N−1 at the table (a waiter hands out seats).
    Waiter = 3,
}

impl Strategy {
    /// All strategies, in code order.
    pub const ALL: [Strategy; 4] = [
        Strategy::Naive,
        Strategy::Ordered,
        Strategy::TryLock,
        Strategy::Waiter,
    ];

    /// The strategy with code `c` (its discriminant), as the page sends it.
    pub fn from_code(c: u32) -> Option<Strategy> {
        Self::ALL.get(c as usize).copied()
    }

    /// The strategy named `name` in the page's URL.
    pub fn from_name(name: &str) -> Option<Strategy> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Its name in the page's URL.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Naive => "naive",
            Strategy::Ordered => "ordered",
            Strategy::TryLock => "trylock",
            Strategy::Waiter => "waiter",
        }
    }
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Philosophers (= forks = pool threads): 2..=8.
    pub n: usize,
    /// How they pick up forks.
    pub strategy: Strategy,
    /// Meals each philosopher eats before leaving: 1..=1000.
    pub meals: u32,
    /// Thinking time before each meal, ms: 0..=200.
    pub think_ms: u32,
    /// Eating time, ms: 0..=200.
    pub eat_ms: u32,
    /// Pause after the first fork, before reaching for the second, ms (0: none).
    /// It widens the window in which every philosopher holds one fork — the
    /// window the naive deadlock needs.
    pub pause_ms: u32,
}

impl Params {
    /// Checks the bounds; the message names the parameter and its range, as the
    /// page shows it.
    pub fn new(
        n: usize,
        strategy: Strategy,
        meals: u32,
        think_ms: u32,
        eat_ms: u32,
        pause_ms: u32,
    ) -> Result<Self, String> {
        super::in_range("n", n, MIN_N..=MAX_N)?;
        super::in_range("meals", meals, 1..=MAX_MEALS)?;
        for (name, v, max) in [
            ("think", think_ms, MAX_MS),
            ("eat", eat_ms, MAX_MS),
            ("pause", pause_ms, MAX_PAUSE_MS),
        ] {
            if v > max {
                return Err(format!(
                    "{name} must be a whole number from 0 to {max} ms (got {v})"
                ));
            }
        }
        Ok(Params {
            n,
            strategy,
            meals,
            think_ms,
            eat_ms,
            pause_ms,
        })
    }
}

/// Philosopher `me`: think, dine, `p.meals` times (or until a stop).
fn philosopher(t: &Table, p: Params, me: usize, stop: &dyn Fn() -> bool) {
    let m = &t.mirror;
    let mut seed = 0x9E37_79B9u32 ^ ((me as u32 + 1).wrapping_mul(0x85EB_CA6B));
    for _ in 0..p.meals {
        if stop() {
            break;
        }
        m.state[me].store(state::THINKING, Relaxed);
        sleep_ms(p.think_ms);
        if !dine(t, p, me, &mut seed, stop) {
            break;
        }
    }
    m.state[me].store(state::DONE, Relaxed);
}

/// What a run did (the threaded export's result, as the page gets it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Meals each philosopher finished.
    pub meals: Vec<u32>,
    /// Whether a stop cut the run short.
    pub stopped: bool,
}

fn outcome(t: &Table, p: Params) -> Outcome {
    let meals: Vec<u32> = (0..p.n).map(|i| t.mirror.meals[i].load(Relaxed)).collect();
    Outcome {
        stopped: meals.iter().any(|&x| x < p.meals),
        meals,
    }
}

/// The sequential twin: the philosophers dine one at a time on this thread.
/// With one philosopher at the table at a time nobody ever waits, so even the
/// naive strategy completes: a deadlock needs concurrency.
pub fn run_sequential(t: &Table, p: Params, stop: &dyn Fn() -> bool) -> Outcome {
    t.reset(p);
    let mut seeds: Vec<u32> = (0..p.n as u32).map(|i| 0x2545_F491 ^ (i + 1)).collect();
    'meals: for _ in 0..p.meals {
        for (me, seed) in seeds.iter_mut().enumerate() {
            if stop() {
                break 'meals;
            }
            t.mirror.state[me].store(state::THINKING, Relaxed);
            sleep_ms(p.think_ms);
            dine(t, p, me, seed, stop);
        }
    }
    for me in 0..p.n {
        t.mirror.state[me].store(state::DONE, Relaxed);
    }
    outcome(t, p)
}

/// The parallel twin: every philosopher on its own pool thread, all released
/// together from a starting line. Blocks until all are done or stopped — with
/// [`Strategy::Naive`] possibly forever (that is the lab's point: the page
/// ends the coordinator). Needs a pool of at least `p.n` threads: a philosopher
/// blocked in `lock()` would otherwise hold the thread another one needs.
pub fn run_parallel(
    t: &Table,
    p: Params,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Outcome, String> {
    let threads = rayon::current_num_threads();
    if threads < p.n {
        return Err(format!(
            "{} philosophers need {} threads, the pool has {threads}",
            p.n, p.n
        ));
    }
    t.reset(p);
    let line = StartLine::new(p.n);
    rayon::broadcast(|ctx| {
        let me = ctx.index();
        if me < p.n {
            // Each on its own thread, so this wait cannot deadlock.
            line.arrive_and_wait(&|| 0.0, stop);
            philosopher(t, p, me, stop);
        }
    });
    Ok(outcome(t, p))
}
