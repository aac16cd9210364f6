//! The arena: the part of linear memory that a lab makes visible.
//!
//! In the threaded build the arena is one `static` in the shared
//! `WebAssembly.Memory`: every rayon thread writes it, and the page keeps typed
//! array views over the same bytes and redraws them every animation frame, so
//! the learner literally watches shared memory being written. In the plain build
//! each isolated worker has its own instance and so its own arena: same layout,
//! private bytes, seen by the page only through messages.
//!
//! Every field is an atomic so that concurrent readers (other threads, the page)
//! never make a data race in the Rust sense. Most accesses are `Relaxed`: the
//! values are independent counters and pictures, and the end of a run is
//! ordered by rayon's join (threads) or by the message that reports it (page).

use core::sync::atomic::{AtomicU32, AtomicU8, Ordering::Relaxed};

/// Side of the largest grid a lab may draw.
pub const MAX_SIDE: usize = 256;
/// Cells the arena holds: the largest grid, `MAX_SIDE × MAX_SIDE`.
pub const MAX_CELLS: usize = MAX_SIDE * MAX_SIDE;
/// Most writers (threads or isolated workers) a lab may run at once.
pub const MAX_WRITERS: usize = 16;

/// The memory a lab shows. `#[repr(C)]` fixes the layout the page reads through
/// [`Arena::layout`].
#[repr(C)]
pub struct Arena {
    /// The stop word. 0: keep running. 1: stop requested — every writer checks it
    /// at least every [`crate::labs::threads_vs_processes::CHECK_EVERY`] steps and
    /// returns early. The page sets it with `Atomics.store` straight into shared
    /// memory, so a stop needs no message and works while the coordinator blocks.
    pub stop: AtomicU32,
    /// "The" counter of the lab: how many increments have landed in this memory.
    pub counter: AtomicU32,
    /// How many writers have finished their work in the current run.
    pub finished: AtomicU32,
    /// Bumped by every [`Arena::reset`]; lets the page tell runs apart.
    pub generation: AtomicU32,
    /// `progress[w]`: steps writer `w` has completed in the current run.
    pub progress: [AtomicU32; MAX_WRITERS],
    /// `thread_of[w]`: 1 + the index of the rayon pool thread that ran writer `w`
    /// (0: not started, or not run on a pool thread).
    pub thread_of: [AtomicU32; MAX_WRITERS],
    /// `started_us[w]` / `finished_us[w]`: microseconds from the run's start to
    /// writer `w` starting / finishing (0: not yet). Overlapping spans are the
    /// proof that writers really ran at the same time.
    pub started_us: [AtomicU32; MAX_WRITERS],
    /// See `started_us`.
    pub finished_us: [AtomicU32; MAX_WRITERS],
    /// `cells[i]`: the value last written to cell `i` (the step number, from 1);
    /// 0: never written.
    pub cells: [AtomicU32; MAX_CELLS],
    /// `writers[i]`: 1 + the id of the writer that last wrote cell `i`; 0: nobody.
    pub writers: [AtomicU8; MAX_CELLS],
}

/// Byte offsets (from the start of the arena) and lengths the page needs to
/// build its typed-array views. Order is the order of [`Arena::layout`].
pub const LAYOUT_FIELDS: [&str; 12] = [
    "base",
    "stop",
    "counter",
    "finished",
    "generation",
    "progress",
    "threadOf",
    "startedUs",
    "finishedUs",
    "cells",
    "writers",
    "maxCells",
];

impl Arena {
    /// An arena with every cell and counter at zero. `const` so that it can be a
    /// `static` (in `.bss`: it costs nothing in the wasm file).
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z32: AtomicU32 = AtomicU32::new(0);
        const Z8: AtomicU8 = AtomicU8::new(0);
        Arena {
            stop: AtomicU32::new(0),
            counter: AtomicU32::new(0),
            finished: AtomicU32::new(0),
            generation: AtomicU32::new(0),
            progress: [Z32; MAX_WRITERS],
            thread_of: [Z32; MAX_WRITERS],
            started_us: [Z32; MAX_WRITERS],
            finished_us: [Z32; MAX_WRITERS],
            cells: [Z32; MAX_CELLS],
            writers: [Z8; MAX_CELLS],
        }
    }

    /// A fresh arena on the heap, for tests (it is too big for small stacks).
    pub fn boxed() -> Box<Self> {
        Box::new(Self::new())
    }

    /// Clears everything for a new run and bumps `generation` — all but the
    /// stop word: whoever starts a run clears that (the page, before it posts
    /// the run), so that a Stop pressed before the kernel starts is not lost.
    pub fn reset(&self) {
        self.counter.store(0, Relaxed);
        self.finished.store(0, Relaxed);
        for w in 0..MAX_WRITERS {
            self.progress[w].store(0, Relaxed);
            self.thread_of[w].store(0, Relaxed);
            self.started_us[w].store(0, Relaxed);
            self.finished_us[w].store(0, Relaxed);
        }
        for (c, w) in self.cells.iter().zip(&self.writers) {
            c.store(0, Relaxed);
            w.store(0, Relaxed);
        }
        self.generation.fetch_add(1, Relaxed);
    }

    /// Whether somebody asked the run to stop.
    pub fn stop_requested(&self) -> bool {
        self.stop.load(Relaxed) != 0
    }

    /// Asks every writer to stop (the page does the same with `Atomics.store`).
    pub fn request_stop(&self) {
        self.stop.store(1, Relaxed);
    }

    /// Withdraws a stop request, before a new run.
    pub fn clear_stop(&self) {
        self.stop.store(0, Relaxed);
    }

    /// How many cells of the first `cells` hold each writer's mark:
    /// `counts[w]` for writer `w`.
    pub fn cells_by_writer(&self, cells: usize) -> [u32; MAX_WRITERS] {
        let mut counts = [0u32; MAX_WRITERS];
        for w in &self.writers[..cells] {
            let id = w.load(Relaxed) as usize;
            if id > 0 {
                counts[id - 1] += 1;
            }
        }
        counts
    }

    /// The byte address of each field named in [`LAYOUT_FIELDS`] — the first is
    /// the arena's own address — and, last, [`MAX_CELLS`]. In wasm these are
    /// offsets into linear memory, which is what the page's views need.
    pub fn layout(&self) -> [usize; LAYOUT_FIELDS.len()] {
        let base = self as *const Self as usize;
        let at = |p: *const u8| p as usize;
        [
            base,
            at(&self.stop as *const _ as *const u8),
            at(&self.counter as *const _ as *const u8),
            at(&self.finished as *const _ as *const u8),
            at(&self.generation as *const _ as *const u8),
            at(self.progress.as_ptr() as *const u8),
            at(self.thread_of.as_ptr() as *const u8),
            at(self.started_us.as_ptr() as *const u8),
            at(self.finished_us.as_ptr() as *const u8),
            at(self.cells.as_ptr() as *const u8),
            at(self.writers.as_ptr() as *const u8),
            MAX_CELLS,
        ]
    }
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

/// The one arena of this instance: shared by all threads in the threaded build,
/// private to its worker in the plain build.
pub static ARENA: Arena = Arena::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_clears_and_bumps_generation() {
        let a = Arena::boxed();
        a.counter.store(5, Relaxed);
        a.writers[7].store(3, Relaxed);
        a.cells[7].store(9, Relaxed);
        a.request_stop();
        a.reset();
        assert_eq!(a.counter.load(Relaxed), 0);
        assert_eq!(a.writers[7].load(Relaxed), 0);
        assert_eq!(a.cells[7].load(Relaxed), 0);
        assert!(a.stop_requested(), "a pending stop survives the reset");
        a.clear_stop();
        assert!(!a.stop_requested());
        assert_eq!(a.generation.load(Relaxed), 1);
    }

    #[test]
    fn layout_is_ordered_and_in_bounds() {
        let a = Arena::boxed();
        let l = a.layout();
        assert_eq!(l.len(), LAYOUT_FIELDS.len());
        let base = l[0];
        let end = base + core::mem::size_of::<Arena>();
        for w in l[1..l.len() - 1].windows(2) {
            assert!(w[0] < w[1], "fields in declaration order");
        }
        assert!(l[1] >= base);
        assert!(l[10] + MAX_CELLS <= end);
        assert_eq!(l[11], MAX_CELLS);
    }
}
