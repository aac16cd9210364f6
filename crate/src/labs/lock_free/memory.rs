//! What the page watches in lab `lock-free`: one `static` of atomics
//! ([`LOCK_FREE`]), declared once — the page's typed-array views come from this
//! declaration (`lockFreeLayout()`), and so do the constants it needs ([`consts`]).
//!
//! The Treiber stack of the ABA run lives *here*, as indices into `next`: the
//! page draws it live, and an index that comes back to the top is exactly the
//! "A" of ABA.

use super::{Structure, EMPTY, MAX_OPS, MAX_STRESS, NODES, STRUCTURES};
use crate::arena::MAX_WRITERS;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

/// `running` when no structure runs.
pub const IDLE: u32 = STRUCTURES as u32;
/// `running` while the ABA run goes.
pub const ABA: u32 = STRUCTURES as u32 + 1;

crate::shared_memory! {
    /// The lock-free lab's memory.
    pub struct LockFreeMem {
        /// The Treiber stack's top: low 32 bits the index of the top node
        /// ([`EMPTY`] = `u32::MAX`: the stack is empty), high 32 bits the
        /// version tag — bumped by every successful compare-and-swap in the
        /// tagged stack, always 0 in the untagged one.
        pub head: AtomicU64,
        /// `next[i]`: the node under node `i` on the stack ([`EMPTY`]: none).
        /// Written by the thread that pushes `i`, before its CAS publishes it.
        pub next: [AtomicU32; NODES],
        /// `holder[i]`: 0 while node `i` is on the stack; `t + 1` while thread
        /// `t` holds it (popped, not yet pushed back). A pop that finds it
        /// already non-zero took a node another thread holds: the stack is corrupt.
        pub holder: [AtomicU32; NODES],
        /// `ops[t]`: operations thread `t` has done in the running structure,
        /// recorded every [`super::CHECK_EVERY`] (and at its end).
        pub ops: [AtomicU32; MAX_WRITERS],
        /// `retries[t]`: compare-and-swaps of thread `t` that failed (another
        /// thread changed the head first) and were tried again.
        pub retries: [AtomicU32; MAX_WRITERS],
        /// `shards[t]`: thread `t`'s local count in the approximate counter, not
        /// yet added to `global` (always below the threshold S).
        pub shards: [AtomicU32; MAX_WRITERS],
        /// The approximate counter's global value: the sum of every flushed
        /// shard. Lags the true count by at most T × (S − 1).
        pub global: AtomicU32,
        /// What runs now: a [`Structure`] code (0–4), [`ABA`] (6), or [`IDLE`] (5).
        pub running: AtomicU32,
        /// T: threads of the running structure.
        pub threads: AtomicU32,
        /// 0: no corruption seen; `i + 1`: node `i` was handed to a second
        /// thread while the first still held it (the ABA run then stops).
        pub corruption: AtomicU32,
    }
}

impl LockFreeMem {
    /// Everything at zero, the stack empty (`const`, so it can be a `static`).
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z: AtomicU32 = AtomicU32::new(0);
        LockFreeMem {
            head: AtomicU64::new(EMPTY as u64),
            next: [const { AtomicU32::new(EMPTY) }; NODES],
            holder: [Z; NODES],
            ops: [Z; MAX_WRITERS],
            retries: [Z; MAX_WRITERS],
            shards: [Z; MAX_WRITERS],
            global: Z,
            running: AtomicU32::new(IDLE),
            threads: Z,
            corruption: Z,
        }
    }

    /// Clears the per-thread counts and marks `running` for a run on `threads`.
    pub fn start(&self, running: u32, threads: usize) {
        for x in self.ops.iter().chain(&self.retries).chain(&self.shards) {
            x.store(0, Relaxed);
        }
        self.global.store(0, Relaxed);
        self.corruption.store(0, Relaxed);
        self.threads.store(threads as u32, Relaxed);
        self.running.store(running, Relaxed);
    }

    /// Total failed compare-and-swaps of the run.
    pub fn total_retries(&self) -> u64 {
        self.retries
            .iter()
            .map(|r| u64::from(r.load(Relaxed)))
            .sum()
    }
}

impl Default for LockFreeMem {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's lab memory: shared by every thread in the threaded build.
pub static LOCK_FREE: LockFreeMem = LockFreeMem::new();

/// The constants the page needs beside the layout (it copies none of them).
pub fn consts() -> [(&'static str, f64); 12] {
    [
        ("maxThreads", MAX_WRITERS as f64),
        ("maxOps", f64::from(MAX_OPS)),
        ("maxStress", f64::from(MAX_STRESS)),
        ("nodes", NODES as f64),
        ("empty", f64::from(EMPTY)),
        ("idle", f64::from(IDLE)),
        ("aba", f64::from(ABA)),
        ("mutexStack", f64::from(Structure::MutexStack as u32)),
        ("treiberStack", f64::from(Structure::TreiberStack as u32)),
        ("lockCounter", f64::from(Structure::LockCounter as u32)),
        ("atomicCounter", f64::from(Structure::AtomicCounter as u32)),
        ("approxCounter", f64::from(Structure::ApproxCounter as u32)),
    ]
}
