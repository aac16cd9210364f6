//! The ABA run: T threads each do rounds of pop, pop, push, push on the shared
//! Treiber stack of [`NODES`] nodes, untagged or tagged, under the stress
//! schedule: thread 0 (the victim) pauses inside each pop between reading the
//! top's next and its swap; every other thread pauses between pushing its
//! first node back and its second — the moment the top is `A` again but `A`'s
//! next is no longer `B`. The others keep going until the victim has done its
//! rounds, so they overlap it all the way (a fast thread would otherwise finish
//! long before the slow one and nothing would come between).
//!
//! Corruption is caught in the act: every pop marks the node's `holder`; a pop
//! that finds the node already held was handed a node another thread holds.
//! The run then stops, and the stack is audited: the nodes on it (a cycle
//! stops the walk), the nodes neither on it nor held (lost).

use super::memory::LockFreeMem;
use super::{each_thread, AbaParams, Treiber, ABA, CHECK_EVERY, IDLE, NODES};
use core::sync::atomic::{
    AtomicBool, AtomicU64,
    Ordering::{AcqRel, Relaxed},
};
use serde::Serialize;

/// What an ABA run found (as the page gets it).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AbaOutcome {
    /// Whether the head carried a version tag.
    pub tagged: bool,
    /// Rounds all threads completed (the victim's `rounds`, and as many as the others did meanwhile).
    pub rounds: u64,
    /// Failed compare-and-swaps, retried.
    pub retries: u64,
    /// The node a pop found already held by another thread (the first such), if any.
    pub handed_twice: Option<u32>,
    /// The nodes on the stack at the end, top first (the walk stops at a repeat).
    pub on_stack: Vec<u32>,
    /// Whether the walk came back to a node it had passed (the stack is a loop).
    pub cycle: bool,
    /// Nodes neither on the stack nor held by a thread: gone.
    pub lost: Vec<u32>,
    /// Nodes still held by a thread when it quit (only after a corruption).
    pub held: Vec<u32>,
    /// Any of the above: the stack is no longer the set of nodes it started with.
    pub corrupted: bool,
    /// Whether a stop cut it short.
    pub stopped: bool,
    /// Milliseconds from the starting line to the last thread done.
    pub ms: f64,
}

/// Runs the ABA workload `p` over `mem`'s stack: on the pool if `parallel`,
/// else the sequential twin (where nothing comes between, so nothing breaks).
pub fn run_aba(
    mem: &LockFreeMem,
    p: AbaParams,
    parallel: bool,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> AbaOutcome {
    mem.start(ABA, p.threads);
    let stack = Treiber {
        mem,
        tagged: p.tagged,
    };
    stack.fill(NODES);
    let rounds = AtomicU64::new(0);
    let broken = || mem.corruption.load(Relaxed) != 0;
    let spins = p.stress;
    let pause = move || {
        for _ in 0..spins {
            core::hint::spin_loop();
        }
    };
    let victim_done = AtomicBool::new(false);
    // Waiting for the victim needs every thread on a pool thread of its own.
    let overlap = parallel && p.threads <= rayon::current_num_threads();
    let body = |t: usize| {
        let none = || {};
        let (in_pop, between_pushes): (&dyn Fn(), &dyn Fn()) = if t == 0 {
            (&pause, &none)
        } else {
            (&none, &pause)
        };
        let me = t as u32 + 1;
        let mut n = 0u32;
        let more = |n: u32| {
            if t == 0 || !overlap {
                n < p.rounds
            } else {
                !victim_done.load(Relaxed) && n < u32::MAX - CHECK_EVERY
            }
        };
        'run: while more(n) {
            let batch = if t == 0 || !overlap {
                CHECK_EVERY.min(p.rounds - n)
            } else {
                CHECK_EVERY
            };
            for _ in 0..batch {
                let mut held = [0u32; 2];
                let mut got = 0;
                for h in held.iter_mut() {
                    if let Some(x) = stack.pop(t, in_pop) {
                        let before = mem.holder[x as usize].swap(me, AcqRel);
                        if before != 0 {
                            // Node x was already held: two threads have it.
                            let _ = mem.corruption.compare_exchange(0, x + 1, Relaxed, Relaxed);
                            break 'run;
                        }
                        *h = x;
                        got += 1;
                    }
                }
                for (k, &x) in held[..got].iter().enumerate() {
                    if k == 1 {
                        between_pushes();
                    }
                    mem.holder[x as usize].store(0, Relaxed);
                    stack.push(t, x);
                }
                n += 1;
            }
            mem.ops[t].store(n, Relaxed);
            if stop() || broken() {
                break;
            }
        }
        mem.ops[t].store(n, Relaxed);
        rounds.fetch_add(u64::from(n), Relaxed);
        if t == 0 {
            victim_done.store(true, Relaxed);
        }
    };
    let ms = each_thread(parallel, p.threads, clock, stop, &body);
    let (on_stack, cycle) = stack.walk(NODES);
    let held: Vec<u32> = (0..NODES as u32)
        .filter(|&i| mem.holder[i as usize].load(Relaxed) != 0)
        .collect();
    let lost: Vec<u32> = (0..NODES as u32)
        .filter(|i| !on_stack.contains(i) && !held.contains(i))
        .collect();
    let handed_twice = match mem.corruption.load(Relaxed) {
        0 => None,
        x => Some(x - 1),
    };
    let out = AbaOutcome {
        tagged: p.tagged,
        rounds: rounds.load(Relaxed),
        retries: mem.total_retries(),
        corrupted: handed_twice.is_some() || cycle || !lost.is_empty() || !held.is_empty(),
        handed_twice,
        on_stack,
        cycle,
        lost,
        held,
        stopped: stop(),
        ms,
    };
    mem.running.store(IDLE, Relaxed);
    out
}
