//! What the page watches in lab `starvation`: the lock's words and every
//! thread's record, declared once. Per-thread values are arrays indexed by
//! thread (readers 0..R, then writers), so the page reads `entries[t]`.

use super::{Params, Phase, Policy, Role, MAX_THREADS, WRITER_BIT, WRITER_UNIT};
use core::sync::atomic::{
    AtomicU32,
    Ordering::{Relaxed, SeqCst},
};

crate::shared_memory! {
    /// Everything the page watches: the lock and every thread.
    pub struct Starvation {
        /// The lock — who is inside: bit 31 ([`WRITER_BIT`]) set = a writer is
        /// inside; bits 0..31 = how many readers are inside. 0: the lock is
        /// free. Every lock enters by a compare-and-swap or `fetch_add` on this
        /// word, which is what makes the three of them correct.
        pub state: AtomicU32,
        /// How many readers are waiting to enter right now (every lock keeps it).
        pub waiting_readers: AtomicU32,
        /// How many writers are waiting to enter right now (every lock keeps it).
        pub waiting_writers: AtomicU32,
        /// [`FifoFair`](super::FifoFair) only: the next ticket to hand out
        /// (tickets taken so far).
        pub next_ticket: AtomicU32,
        /// [`FifoFair`](super::FifoFair) only: the ticket whose holder may enter now.
        pub now_serving: AtomicU32,
        /// Readers inside + [`WRITER_UNIT`] × writers inside, kept by the
        /// threads themselves right after entering and before leaving — a check
        /// on the lock that does not trust it.
        pub occupancy: AtomicU32,
        /// How many times a thread entered while the occupancy said it must not
        /// (a writer with anyone, or a reader with a writer). 0 for a correct lock.
        pub violations: AtomicU32,
        /// The lock of the current (or last) run: 0 none yet, else a [`Policy`].
        pub policy: AtomicU32,
        /// Threads in the current run.
        pub threads: AtomicU32,
        /// Microseconds since the run started, as last seen by any of its threads.
        pub elapsed_us: AtomicU32,
        /// Bumped by every reset; lets the page tell runs apart.
        pub generation: AtomicU32,
        /// `role[t]`: 0 not in this run, else thread `t`'s [`Role`].
        pub role: [AtomicU32; MAX_THREADS],
        /// `phase[t]`: where thread `t` is, a [`Phase`].
        pub phase: [AtomicU32; MAX_THREADS],
        /// `entries[t]`: how many times thread `t` has entered the lock.
        pub entries: [AtomicU32; MAX_THREADS],
        /// `wait_total_us[t]`: microseconds thread `t` spent waiting, over all
        /// finished waits (a wait still going at the end of the run is added
        /// when the thread gives up).
        pub wait_total_us: [AtomicU32; MAX_THREADS],
        /// `wait_max_us[t]`: thread `t`'s longest single wait so far, µs
        /// (including one cut off by the end).
        pub wait_max_us: [AtomicU32; MAX_THREADS],
        /// `wait_now_us[t]`: how long thread `t`'s current wait has lasted so
        /// far, µs; 0 when not waiting. Updated on every look at the lock, so
        /// a starving writer's wait grows live on the page.
        pub wait_now_us: [AtomicU32; MAX_THREADS],
    }
}

#[allow(clippy::declare_interior_mutable_const)]
const Z: AtomicU32 = AtomicU32::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const ZS: [AtomicU32; MAX_THREADS] = [Z; MAX_THREADS];

impl Starvation {
    /// All zero. `const` so it can be a `static`.
    pub const fn new() -> Self {
        Starvation {
            state: Z,
            waiting_readers: Z,
            waiting_writers: Z,
            next_ticket: Z,
            now_serving: Z,
            occupancy: Z,
            violations: Z,
            policy: Z,
            threads: Z,
            elapsed_us: Z,
            generation: Z,
            role: ZS,
            phase: ZS,
            entries: ZS,
            wait_total_us: ZS,
            wait_max_us: ZS,
            wait_now_us: ZS,
        }
    }

    /// A fresh one on the heap, for tests.
    pub fn boxed() -> Box<Self> {
        Box::new(Self::new())
    }

    /// Clears everything for run `p` and bumps `generation`.
    pub fn reset(&self, p: &Params) {
        for w in [
            &self.state,
            &self.waiting_readers,
            &self.waiting_writers,
            &self.next_ticket,
            &self.now_serving,
            &self.occupancy,
            &self.violations,
            &self.elapsed_us,
        ] {
            w.store(0, SeqCst);
        }
        for t in 0..MAX_THREADS {
            let role = if t < p.threads() { p.role(t) as u32 } else { 0 };
            self.role[t].store(role, Relaxed);
            for w in [
                &self.phase[t],
                &self.entries[t],
                &self.wait_total_us[t],
                &self.wait_max_us[t],
                &self.wait_now_us[t],
            ] {
                w.store(0, Relaxed);
            }
        }
        self.policy.store(p.policy as u32, Relaxed);
        self.threads.store(p.threads() as u32, Relaxed);
        self.generation.fetch_add(1, SeqCst);
    }
}

impl Default for Starvation {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's lab memory: in the threaded build, shared by every pool
/// thread and watched by the page.
pub static STARVATION: Starvation = Starvation::new();

/// The constants the page needs beside the layout (it copies none of them):
/// bounds, the bits of `state` and `occupancy`, and the codes of
/// [`Policy`], [`Role`] and [`Phase`] as the memory holds them.
pub fn consts() -> [(&'static str, f64); 16] {
    [
        ("maxThreads", MAX_THREADS as f64),
        ("maxHoldMs", f64::from(super::MAX_HOLD_MS)),
        ("minDurationMs", f64::from(super::MIN_DURATION_MS)),
        ("maxDurationMs", f64::from(super::MAX_DURATION_MS)),
        ("writerBit", f64::from(WRITER_BIT)),
        ("writerUnit", f64::from(WRITER_UNIT)),
        ("policyReader", f64::from(Policy::Reader as u32)),
        ("policyWriter", f64::from(Policy::Writer as u32)),
        ("policyFair", f64::from(Policy::Fair as u32)),
        ("roleReader", f64::from(Role::Reader as u32)),
        ("roleWriter", f64::from(Role::Writer as u32)),
        ("phaseNotStarted", f64::from(Phase::NotStarted as u32)),
        ("phaseOutside", f64::from(Phase::Outside as u32)),
        ("phaseWaiting", f64::from(Phase::Waiting as u32)),
        ("phaseInside", f64::from(Phase::Inside as u32)),
        ("phaseFinished", f64::from(Phase::Finished as u32)),
    ]
}
