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
//! Python equivalent: `www/src/labs/deadlock.py`.

use super::start_line::StartLine;
use core::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

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

/// What the page sees of a run: every field an atomic in shared memory, written
/// by the philosophers, read by the page every animation frame.
#[repr(C)]
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
    /// The current run's strategy code ([`Strategy`] discriminant).
    pub strategy: AtomicU32,
    /// Bumped by every run's reset; lets the page tell runs apart.
    pub generation: AtomicU32,
}

/// Byte-offset names of [`Mirror::layout`], in order.
pub const LAYOUT_FIELDS: [&str; 10] = [
    "holder",
    "state",
    "waitingFor",
    "meals",
    "retries",
    "seated",
    "n",
    "strategy",
    "generation",
    "maxN",
];

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

    /// Byte addresses of the fields named in [`LAYOUT_FIELDS`], then [`MAX_N`].
    pub fn layout(&self) -> [usize; LAYOUT_FIELDS.len()] {
        let at = |p: *const AtomicU32| p as usize;
        [
            at(self.holder.as_ptr()),
            at(self.state.as_ptr()),
            at(self.waiting_for.as_ptr()),
            at(self.meals.as_ptr()),
            at(self.retries.as_ptr()),
            at(&self.seated),
            at(&self.n),
            at(&self.strategy),
            at(&self.generation),
            MAX_N,
        ]
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
    fn reset(&self, p: Params) {
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
    fn take(&self, me: usize, f: usize) -> Held<'_> {
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
    fn try_take(&self, me: usize, f: usize) -> Option<Held<'_>> {
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
struct Held<'a> {
    table: &'a Table,
    fork: usize,
    _guard: MutexGuard<'a, ()>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.table.mirror.holder[self.fork].store(0, Relaxed);
    }
}

/// The one table of this instance: in the threaded build, in the shared memory
/// the page watches.
pub static TABLE: Table = Table::new();

fn sleep_ms(ms: u32) {
    if ms > 0 {
        std::thread::sleep(Duration::from_millis(u64::from(ms)));
    }
}

/// A small xorshift generator per philosopher, for the try-lock back-off.
fn next_random(seed: &mut u32) -> u32 {
    let mut x = *seed;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *seed = x;
    x
}

/// One meal of philosopher `me` with the run's strategy: takes both forks,
/// eats, puts them back. Returns `false` if a stop cut it short (only the
/// strategies that never block forever can notice one).
fn dine(t: &Table, p: Params, me: usize, seed: &mut u32, stop: &dyn Fn() -> bool) -> bool {
    let m = &t.mirror;
    let left = me;
    let right = (me + 1) % p.n;
    let eat = || {
        m.state[me].store(state::EATING, Relaxed);
        sleep_ms(p.eat_ms);
        m.meals[me].fetch_add(1, Relaxed);
    };
    let pause = || {
        m.state[me].store(state::PAUSING, Relaxed);
        sleep_ms(p.pause_ms);
    };
    match p.strategy {
        Strategy::Naive => {
            let _l = t.take(me, left);
            pause();
            // All N may be here at once, each holding its left fork: then this
            // `lock()` never returns.
            let _r = t.take(me, right);
            eat();
        }
        Strategy::Ordered => {
            let (first, second) = (left.min(right), left.max(right));
            let _a = t.take(me, first);
            pause();
            let _b = t.take(me, second);
            eat();
        }
        Strategy::TryLock => loop {
            let l = t.take(me, left);
            pause();
            if let Some(_r) = t.try_take(me, right) {
                eat();
                drop(l);
                break;
            }
            drop(l);
            m.retries[me].fetch_add(1, Relaxed);
            m.state[me].store(state::BACKING_OFF, Relaxed);
            // A random back-off breaks the symmetry that would otherwise make
            // everybody retry in lock-step (a livelock).
            sleep_ms(1 + next_random(seed) % (p.pause_ms + p.eat_ms + 2));
            if stop() {
                return false;
            }
        },
        Strategy::Waiter => {
            // A seat from the waiter: at most N−1 at the table.
            loop {
                let seated = m.seated.load(Relaxed);
                if seated < p.n as u32 - 1
                    && m.seated
                        .compare_exchange(seated, seated + 1, Relaxed, Relaxed)
                        .is_ok()
                {
                    break;
                }
                m.state[me].store(state::WAITING_SEAT, Relaxed);
                if stop() {
                    return false;
                }
                sleep_ms(1);
            }
            {
                let _l = t.take(me, left);
                pause();
                let _r = t.take(me, right);
                eat();
            }
            m.seated.fetch_sub(1, Relaxed);
        }
    }
    true
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

/// What a run did.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// The wait-for graph's cycle, if it has one. `holder[f]` is 0 (fork `f` free)
/// or `p + 1` (philosopher `p` holds it); `waiting[p]` is 0 or `f + 1`
/// (philosopher `p` waits for fork `f`). Edges: philosopher → the fork it waits
/// for → the philosopher holding that fork. Every node has at most one outgoing
/// edge, so following them from each philosopher finds any cycle. Returns the
/// philosophers on the cycle in its order, starting with the lowest-numbered.
pub fn find_cycle(holder: &[u32], waiting: &[u32]) -> Option<Vec<usize>> {
    let next = |p: usize| -> Option<usize> {
        let f = (*waiting.get(p)? as usize).checked_sub(1)?;
        let h = (*holder.get(f)? as usize).checked_sub(1)?;
        (h < waiting.len()).then_some(h)
    };
    for start in 0..waiting.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(q) = next(at) {
            if let Some(i) = path.iter().position(|&x| x == q) {
                let mut cycle = path[i..].to_vec();
                let low = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                cycle.rotate_left(low);
                return Some(cycle);
            }
            path.push(q);
            at = q;
        }
    }
    None
}

// --- wasm boundary ---------------------------------------------------------------
use wasm_bindgen::prelude::*;

/// The mirror's field addresses in linear memory, as `{name: byteOffset}` (and
/// `maxN`). The page builds its typed-array views from this.
#[wasm_bindgen(js_name = deadlockLayout)]
pub fn deadlock_layout() -> Result<JsValue, JsValue> {
    crate::wasm::layout_object(LAYOUT_FIELDS.iter().copied().zip(TABLE.mirror.layout()))
}

/// Threaded build: runs the philosophers on the rayon pool (one thread each)
/// and blocks until they are done or stopped — or forever, if they deadlock.
/// `strategy` is a [`Strategy`] code. Returns `[stopped, meals of 0, …]`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = deadlockRunThreads)]
pub fn deadlock_run_threads(
    n: u32,
    strategy: u32,
    meals: u32,
    think_ms: u32,
    eat_ms: u32,
    pause_ms: u32,
) -> Result<Vec<u32>, JsError> {
    let s = Strategy::from_code(strategy)
        .ok_or_else(|| JsError::new(&format!("no strategy with code {strategy}")))?;
    let p = Params::new(n as usize, s, meals, think_ms, eat_ms, pause_ms)
        .map_err(|e| JsError::new(&e))?;
    let arena = &crate::control::CONTROL;
    let out = run_parallel(&TABLE, p, &|| arena.stop_requested()).map_err(|e| JsError::new(&e))?;
    let mut v = vec![out.stopped as u32];
    v.extend(out.meals);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::test_pool as pool;
    use std::sync::atomic::AtomicBool;
    use std::time::Instant;

    const FIXES: [Strategy; 3] = [Strategy::Ordered, Strategy::TryLock, Strategy::Waiter];

    fn params(n: usize, s: Strategy, meals: u32, pause_ms: u32) -> Params {
        Params::new(n, s, meals, 0, 1, pause_ms).unwrap()
    }

    #[test]
    fn params_are_bounded_and_named() {
        let s = Strategy::Naive;
        assert!(Params::new(1, s, 5, 0, 0, 0)
            .unwrap_err()
            .contains("n must be a whole number from 2 to 8 (got 1)"));
        assert!(Params::new(9, s, 5, 0, 0, 0)
            .unwrap_err()
            .contains("2 to 8"));
        assert!(Params::new(5, s, 0, 0, 0, 0).unwrap_err().contains("meals"));
        assert!(Params::new(5, s, MAX_MEALS + 1, 0, 0, 0)
            .unwrap_err()
            .contains("meals"));
        assert!(Params::new(5, s, 5, MAX_MS + 1, 0, 0)
            .unwrap_err()
            .contains("think"));
        assert!(Params::new(5, s, 5, 0, MAX_MS + 1, 0)
            .unwrap_err()
            .contains("eat"));
        assert!(Params::new(5, s, 5, 0, 0, MAX_PAUSE_MS + 1)
            .unwrap_err()
            .contains("pause"));
        assert_eq!(
            Params::new(8, s, MAX_MEALS, MAX_MS, MAX_MS, MAX_PAUSE_MS)
                .unwrap()
                .n,
            8
        );
        for s in Strategy::ALL {
            assert_eq!(Strategy::from_code(s as u32), Some(s));
        }
        assert_eq!(Strategy::from_code(4), None);
    }

    #[test]
    fn find_cycle_finds_the_ring_and_only_a_ring() {
        // 3 philosophers, each holds its left fork and waits for its right.
        let holder = [1, 2, 3];
        assert_eq!(find_cycle(&holder, &[2, 3, 1]), Some(vec![0, 1, 2]));
        // One of them is not waiting: a chain, not a cycle.
        assert_eq!(find_cycle(&holder, &[2, 3, 0]), None);
        // Waiting for a free fork: no edge onwards.
        assert_eq!(find_cycle(&[1, 0, 3], &[2, 3, 1]), None);
        // Nobody waits.
        assert_eq!(find_cycle(&[0; 5], &[0; 5]), None);
        // A 2-cycle among 4 that does not include philosopher 0; the rest wait on it.
        // P1 holds F1 waits F2; P2 holds F2 waits F1; P0 waits F1; P3 waits F2.
        let holder = [0, 2, 3, 0];
        let waiting = [2, 3, 2, 3];
        assert_eq!(find_cycle(&holder, &waiting), Some(vec![1, 2]));
        // Started from the lowest-numbered philosopher on it.
        assert_eq!(find_cycle(&[2, 3, 1], &[2, 3, 1]), Some(vec![0, 2, 1]));
        // Out-of-range values are ignored, not a panic.
        assert_eq!(find_cycle(&[9, 9], &[7, 1]), None);
    }

    #[test]
    fn every_fix_completes_every_meal_for_n_2_to_8() {
        for n in MIN_N..=MAX_N {
            for s in FIXES {
                let t = Table::new();
                let p = params(n, s, 12, 2);
                let out = pool(n).install(|| run_parallel(&t, p, &|| false)).unwrap();
                assert_eq!(out.meals, vec![12; n], "{} with n = {n}", s.name());
                assert!(!out.stopped);
                for f in 0..n {
                    assert_eq!(t.mirror.holder[f].load(Relaxed), 0, "fork {f} put back");
                    assert_eq!(t.mirror.state[f].load(Relaxed), state::DONE);
                }
                assert_eq!(t.mirror.seated.load(Relaxed), 0);
            }
        }
    }

    #[test]
    fn the_waiter_never_seats_more_than_n_minus_1() {
        let t = Table::new();
        let p = params(5, Strategy::Waiter, 30, 1);
        let most = std::thread::scope(|s| {
            let run = s.spawn(|| pool(5).install(|| run_parallel(&t, p, &|| false)));
            let mut most = 0;
            while !run.is_finished() {
                most = most.max(t.mirror.seated.load(Relaxed));
            }
            assert_eq!(run.join().unwrap().unwrap().meals, vec![30; 5]);
            most
        });
        assert!((1..=4).contains(&most), "seated at most {most}");
    }

    #[test]
    fn sequential_twin_completes_even_naive() {
        for s in Strategy::ALL {
            let t = Table::new();
            let out = run_sequential(&t, params(5, s, 4, 0), &|| false);
            assert_eq!(out.meals, vec![4; 5], "{}", s.name());
        }
    }

    #[test]
    fn too_small_a_pool_is_refused() {
        let t = Table::new();
        let err = pool(2).install(|| run_parallel(&t, params(3, Strategy::Naive, 1, 0), &|| false));
        assert!(err.unwrap_err().contains("3 threads"));
    }

    #[test]
    fn stop_ends_a_fix_run_early() {
        for s in FIXES {
            let t = Table::new();
            let stop = AtomicBool::new(false);
            let p = Params::new(4, s, MAX_MEALS, 1, 2, 2).unwrap();
            let out = std::thread::scope(|sc| {
                let run =
                    sc.spawn(|| pool(4).install(|| run_parallel(&t, p, &|| stop.load(Relaxed))));
                while t.mirror.total_meals(4) < 8 {
                    std::thread::sleep(Duration::from_millis(1));
                }
                stop.store(true, Relaxed);
                run.join().unwrap().unwrap()
            });
            assert!(out.stopped, "{}", s.name());
            assert!(out.meals.iter().all(|&m| m < MAX_MEALS));
        }
    }

    /// Runs the naive philosophers on a detached thread over a leaked table and
    /// watches the mirror as the page does: a cycle in the wait-for graph that
    /// persists with no meal eaten is a deadlock. The stuck threads are leaked
    /// (they can never run again; the test process exits around them), so the
    /// test cannot hang. Returns the cycle, the fork holders and waited-for
    /// forks, and how long detection took.
    fn naive_deadlock(n: usize) -> (Vec<usize>, Vec<u32>, Vec<u32>, Duration) {
        let table: &'static Table = Box::leak(Box::new(Table::new()));
        let p = Params::new(n, Strategy::Naive, 50, 0, 1, 20).unwrap();
        let finished: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        std::thread::spawn(move || {
            let pool = pool(n);
            let out = pool.install(|| run_parallel(table, p, &|| false));
            finished.store(true, Relaxed);
            // Only reached if the philosophers got lucky.
            drop(out);
        });
        let t0 = Instant::now();
        let mut seen: Option<(Vec<usize>, u32, Instant)> = None;
        loop {
            assert!(
                !finished.load(Relaxed),
                "n = {n}: the naive run finished without deadlocking"
            );
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "n = {n}: no deadlock within 20 s"
            );
            let (holder, waiting) = table.mirror.snapshot(n);
            let meals = table.mirror.total_meals(n);
            match (find_cycle(&holder, &waiting), &seen) {
                (Some(c), Some((c0, m0, since))) if *c0 == c && *m0 == meals => {
                    if since.elapsed() >= Duration::from_millis(300) {
                        return (c, holder, waiting, t0.elapsed());
                    }
                }
                (Some(c), _) => seen = Some((c, meals, Instant::now())),
                (None, _) => seen = None,
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn naive_philosophers_deadlock_for_n_2_to_8() {
        for n in MIN_N..=MAX_N {
            let (cycle, holder, waiting, took) = naive_deadlock(n);
            // Everybody is on the cycle: each holds its left fork and waits for
            // its right one, held by its right neighbour.
            assert_eq!(cycle, (0..n).collect::<Vec<_>>(), "n = {n}");
            assert_eq!(
                holder,
                (1..=n as u32).collect::<Vec<_>>(),
                "each holds its left fork"
            );
            let right: Vec<u32> = (0..n).map(|p| ((p + 1) % n) as u32 + 1).collect();
            assert_eq!(waiting, right, "each waits for its right fork");
            eprintln!("n = {n}: deadlock detected after {took:?}");
        }
    }
}
