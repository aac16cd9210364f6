//! Two stacks of node indices: a Treiber stack (lock-free, compare-and-swap on
//! the head) over [`LockFreeMem`]'s shared `head` and `next`, with or without a
//! version tag; and the same stack behind a mutex.
//!
//! The Treiber pop reads the head `A`, then `A`'s next `B`, then swaps the head
//! from `A` to `B` — *if it is still `A`*. Without a tag, "still `A`" only
//! compares the index: if meanwhile other threads popped `A`, popped `B` and
//! pushed `A` back, the head is `A` again and the swap succeeds — making `B`,
//! which another thread holds, the top. That is ABA. With a tag the head is
//! `(version, A)`, every successful swap bumps the version, and the stale swap
//! fails.

use super::memory::LockFreeMem;
use super::EMPTY;
use core::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release};
use std::sync::Mutex;

/// The index part of a head word.
#[inline]
fn index(head: u64) -> u32 {
    head as u32
}

/// A head word: `tag` in the high half, `idx` in the low.
#[inline]
fn word(tag: u32, idx: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(idx)
}

/// The Treiber stack over `mem.head` and `mem.next`.
pub struct Treiber<'a> {
    pub mem: &'a LockFreeMem,
    /// Bump the version tag on every successful swap (false: the ABA-prone stack).
    pub tagged: bool,
}

impl Treiber<'_> {
    /// Every node 0..n on the stack, 0 on top; every holder cleared.
    pub fn fill(&self, n: usize) {
        for (i, next) in self.mem.next.iter().enumerate() {
            next.store(if i + 1 < n { i as u32 + 1 } else { EMPTY }, Relaxed);
        }
        for h in &self.mem.holder {
            h.store(0, Relaxed);
        }
        self.mem
            .head
            .store(word(0, if n > 0 { 0 } else { EMPTY }), Release);
    }

    /// The new head after `old`: `idx` on top, the tag bumped if tagged.
    #[inline]
    fn after(&self, old: u64, idx: u32) -> u64 {
        let tag = if self.tagged {
            ((old >> 32) as u32).wrapping_add(1)
        } else {
            0
        };
        word(tag, idx)
    }

    /// Pops the top node as thread `t`; `None` if the stack is empty.
    /// `pause` runs between reading the top's next and the swap on the first
    /// attempt only (the stress schedule's window; retries go at full speed).
    /// Failed swaps are counted in `retries[t]`.
    pub fn pop(&self, t: usize, pause: &dyn Fn()) -> Option<u32> {
        let mut first = true;
        let mut failed = 0;
        let got = loop {
            let old = self.mem.head.load(Acquire);
            let top = index(old);
            if top == EMPTY {
                break None;
            }
            let below = self.mem.next[top as usize].load(Relaxed);
            if first {
                pause();
                first = false;
            }
            match self
                .mem
                .head
                .compare_exchange_weak(old, self.after(old, below), AcqRel, Acquire)
            {
                Ok(_) => break Some(top),
                Err(_) => failed += 1,
            }
        };
        if failed > 0 {
            self.mem.retries[t].fetch_add(failed, Relaxed);
        }
        got
    }

    /// Pushes node `idx` as thread `t`.
    pub fn push(&self, t: usize, idx: u32) {
        let mut failed = 0;
        let mut old = self.mem.head.load(Relaxed);
        loop {
            // Written before the swap publishes `idx` (Release), so a popper
            // that sees `idx` on top (Acquire) reads this `next`.
            self.mem.next[idx as usize].store(index(old), Relaxed);
            match self
                .mem
                .head
                .compare_exchange_weak(old, self.after(old, idx), Release, Relaxed)
            {
                Ok(_) => break,
                Err(now) => {
                    old = now;
                    failed += 1;
                }
            }
        }
        if failed > 0 {
            self.mem.retries[t].fetch_add(failed, Relaxed);
        }
    }

    /// Walks the stack from the top, at most `limit` + 1 steps: the indices
    /// in order, and whether a node came round again (a cycle).
    pub fn walk(&self, limit: usize) -> (Vec<u32>, bool) {
        let mut seen = vec![false; self.mem.next.len()];
        let mut out = Vec::new();
        let mut at = index(self.mem.head.load(Acquire));
        while at != EMPTY && out.len() <= limit {
            let i = at as usize;
            if i >= seen.len() || seen[i] {
                return (out, true);
            }
            seen[i] = true;
            out.push(at);
            at = self.mem.next[i].load(Relaxed);
        }
        (out, false)
    }
}

/// The same stack of indices as a `Vec` behind one mutex: every push and pop
/// takes the lock, so threads queue for it instead of retrying.
pub struct Locked(pub Mutex<Vec<u32>>);

impl Locked {
    /// Nodes 0..n, 0 on top.
    pub fn new(n: usize) -> Self {
        Locked(Mutex::new((0..n as u32).rev().collect()))
    }

    /// The top node, if any.
    pub fn pop(&self) -> Option<u32> {
        // Nothing under the lock can panic, so a poisoned lock is still sound.
        self.0.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    /// `idx` on top.
    pub fn push(&self, idx: u32) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(idx);
    }

    /// How many nodes are on the stack.
    pub fn count(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}
