//! The throughput run: one [`Structure`] on T threads, each doing `ops`
//! operations, timed from the starting line to the last thread done.

use super::memory::LockFreeMem;
use super::{each_thread, BenchParams, Locked, Structure, Treiber, CHECK_EVERY, IDLE, NODES};
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};
use serde::Serialize;
use std::sync::Mutex;

/// What one structure did on T threads (as the page gets it).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchOutcome {
    /// [`Structure::name`].
    pub structure: &'static str,
    /// T.
    pub threads: usize,
    /// Operations all threads did (T × ops unless stopped).
    pub ops: u64,
    /// Milliseconds from the starting line to the last thread done.
    pub ms: f64,
    /// Failed compare-and-swaps (the Treiber stack; 0 for the others).
    pub retries: u64,
    /// A counter's value at the end — for the approximate one, its global
    /// before the shards' remainders are flushed. A stack: nodes on it at the end.
    pub value: u64,
    /// What `value` must be: the increments done, or every node back on the stack.
    pub expected: u64,
    /// The approximate counter's lag at the end, `expected − value` (≤ T × (S − 1)); 0 for the others.
    pub lag: u64,
    /// Whether a stop cut it short.
    pub stopped: bool,
}

/// Runs `s` with parameters `p` — on the pool if `parallel`, else the
/// sequential twin — over `mem` (its stack, shards and progress).
pub fn run_bench(
    mem: &LockFreeMem,
    s: Structure,
    p: BenchParams,
    parallel: bool,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> BenchOutcome {
    mem.start(s as u32, p.threads);
    let treiber = Treiber { mem, tagged: true };
    treiber.fill(NODES);
    let locked = Locked::new(NODES);
    let lock_counter = Mutex::new(0u64);
    let atomic_counter = AtomicU64::new(0);
    let global_lock = Mutex::new(());
    let done = AtomicU64::new(0);

    let body = |t: usize| {
        let mut n = 0u32;
        let mut held = [0u32; 2];
        while n < p.ops {
            let batch = CHECK_EVERY.min(p.ops - n);
            match s {
                Structure::MutexStack | Structure::TreiberStack => {
                    // Rounds of pop, pop, push, push (the last round may count fewer).
                    let mut k = 0;
                    while k < batch {
                        let mut got = 0;
                        for h in held.iter_mut() {
                            let x = if s == Structure::MutexStack {
                                locked.pop()
                            } else {
                                treiber.pop(t, &|| {})
                            };
                            if let Some(x) = x {
                                *h = x;
                                got += 1;
                            }
                        }
                        for &h in &held[..got] {
                            if s == Structure::MutexStack {
                                locked.push(h);
                            } else {
                                treiber.push(t, h);
                            }
                        }
                        k += 4;
                    }
                }
                Structure::LockCounter => {
                    for _ in 0..batch {
                        // Nothing under the lock can panic: a poisoned lock is still sound.
                        *lock_counter.lock().unwrap_or_else(|e| e.into_inner()) += 1;
                    }
                }
                Structure::AtomicCounter => {
                    for _ in 0..batch {
                        atomic_counter.fetch_add(1, Relaxed);
                    }
                }
                Structure::ApproxCounter => {
                    approx_increments(mem, &global_lock, t, batch, p.threshold)
                }
            }
            n += batch;
            mem.ops[t].store(n, Relaxed);
            if stop() {
                break;
            }
        }
        done.fetch_add(u64::from(n), Relaxed);
    };
    let ms = each_thread(parallel, p.threads, clock, stop, &body);
    let ops = done.load(Relaxed);
    let (value, expected) = match s {
        Structure::MutexStack => (locked.count() as u64, NODES as u64),
        Structure::TreiberStack => (treiber.walk(NODES).0.len() as u64, NODES as u64),
        Structure::LockCounter => (*lock_counter.lock().unwrap_or_else(|e| e.into_inner()), ops),
        Structure::AtomicCounter => (atomic_counter.load(Relaxed), ops),
        Structure::ApproxCounter => (u64::from(mem.global.load(Relaxed)), ops),
    };
    let out = BenchOutcome {
        structure: s.name(),
        threads: p.threads,
        ops,
        ms,
        retries: mem.total_retries(),
        value,
        expected,
        lag: if s == Structure::ApproxCounter {
            expected - value
        } else {
            0
        },
        stopped: stop(),
    };
    mem.running.store(IDLE, Relaxed);
    out
}

/// `batch` increments of the approximate counter as thread `t`: in its own
/// shard, flushed into the global under the lock whenever it reaches `threshold`.
/// The shard is an atomic only so that the page can watch it; no other thread
/// writes it, so a plain load and store suffice (no read-modify-write).
fn approx_increments(mem: &LockFreeMem, lock: &Mutex<()>, t: usize, batch: u32, threshold: u32) {
    let shard: &AtomicU32 = &mem.shards[t];
    let mut local = shard.load(Relaxed);
    for _ in 0..batch {
        // black_box: each increment is done, one by one, as the other counters'
        // are — without it the compiler folds the loop into a few additions and
        // the chart would compare arithmetic with counting.
        local = core::hint::black_box(local) + 1;
        if local >= threshold {
            let _g = lock.lock().unwrap_or_else(|e| e.into_inner());
            // Under the lock, as the book's counter does (the lock is what a
            // plain Python int needs; here the global is an atomic the page reads).
            mem.global.fetch_add(local, Relaxed);
            local = 0;
        }
    }
    shard.store(local, Relaxed);
}
