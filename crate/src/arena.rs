//! A grid of cells that threads paint: a building block for labs that show
//! shared memory being written (a lab declares its own `static` of it).
//!
//! In the threaded build the lab's grid is one `static` in the shared
//! `WebAssembly.Memory`: every rayon thread writes it, and the page keeps typed
//! array views over the same bytes and redraws them every animation frame, so
//! the learner literally watches shared memory being written. In the plain build
//! each isolated worker has its own instance and so its own grid: same layout,
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

crate::shared_memory! {
    /// The memory a grid lab shows.
    pub struct Arena {
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
}

impl Arena {
    /// An arena with every cell and counter at zero. `const` so that it can be a
    /// `static` (in `.bss`: it costs nothing in the wasm file).
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z32: AtomicU32 = AtomicU32::new(0);
        const Z8: AtomicU8 = AtomicU8::new(0);
        Arena {
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

    /// Clears everything for a new run and bumps `generation`.
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
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Kind, SharedMemory};

    #[test]
    fn reset_clears_and_bumps_generation() {
        let a = Arena::boxed();
        a.counter.store(5, Relaxed);
        a.writers[7].store(3, Relaxed);
        a.cells[7].store(9, Relaxed);
        a.reset();
        assert_eq!(a.counter.load(Relaxed), 0);
        assert_eq!(a.writers[7].load(Relaxed), 0);
        assert_eq!(a.cells[7].load(Relaxed), 0);
        assert_eq!(a.generation.load(Relaxed), 1);
    }

    #[test]
    fn layout_names_every_field_with_its_type() {
        let f = Arena::FIELDS;
        let cells = f.iter().find(|f| f.name == "cells").unwrap();
        let writers = f.iter().find(|f| f.name == "writers").unwrap();
        assert_eq!((cells.kind, cells.len), (Kind::U32, MAX_CELLS));
        assert_eq!((writers.kind, writers.len), (Kind::U8, MAX_CELLS));
        assert_eq!(writers.offset + MAX_CELLS, core::mem::size_of::<Arena>());
    }
}
