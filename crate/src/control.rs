//! The engine's control word: how the page stops a run of any lab.
//!
//! One word in the shared memory, written by the page with `Atomics.store`
//! (and `Atomics.notify`, for a thread asleep on it) and polled by every
//! kernel. A stop needs no message, so it works while the coordinator worker
//! is blocked inside a run. It belongs to no lab: the page finds it through
//! `controlLayout()` like any lab finds its own memory.

use core::sync::atomic::{AtomicI32, Ordering::Relaxed};

crate::shared_memory! {
    /// The control block. An `i32` so that the page's `Int32Array` view can
    /// `Atomics.notify` it.
    pub struct Control {
        /// 0: keep running. 1: stop requested — every kernel checks it at least
        /// every millisecond or so and returns early. Cleared by the page before
        /// it posts a run (not by the kernel), so that a Stop pressed between
        /// the post and the kernel's start is not lost.
        pub stop: AtomicI32,
    }
}

impl Control {
    /// Not stopped.
    pub const fn new() -> Self {
        Control {
            stop: AtomicI32::new(0),
        }
    }

    /// Whether somebody asked the run to stop.
    pub fn stop_requested(&self) -> bool {
        self.stop.load(Relaxed) != 0
    }

    /// Asks every kernel to stop (the page does the same with `Atomics.store`).
    pub fn request_stop(&self) {
        self.stop.store(1, Relaxed);
    }

    /// Withdraws a stop request, before a new run.
    pub fn clear_stop(&self) {
        self.stop.store(0, Relaxed);
    }
}

impl Default for Control {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's control block: shared by every thread in the threaded
/// build, private to its worker in the plain build.
pub static CONTROL: Control = Control::new();

/// Whether the page asked the current run to stop: the `stop` closure every
/// kernel's wasm export hands its kernel. (Kernels take the closure rather
/// than reading [`CONTROL`] so that native tests, which run in parallel in one
/// process, each stop only their own run.)
pub fn stop_requested() -> bool {
    CONTROL.stop_requested()
}
