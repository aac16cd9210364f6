//! What the page watches in lab `map-reduce` while threads filter the image.
//!
//! The pixels themselves are not here: they are two heap buffers in the same
//! shared memory ([`super::shared_image`]), whose addresses `src_ptr` and
//! `dst_ptr` tell the page where to look. Everything here is bookkeeping the
//! page draws on top: who did which tile, how long each worker was busy, and
//! each worker's share of the histogram.

use core::sync::atomic::{AtomicU32, AtomicU8};

/// Most workers a run may have.
pub const MAX_WORKERS: usize = 16;
/// Most tiles an image may be cut into (4096² in 16-pixel tiles).
pub const MAX_TILES: usize = 65_536;

crate::shared_memory! {
    /// The threads' shared bookkeeping.
    pub struct MapReduceMemory {
        /// Address of the source pixels (RGBA) in linear memory; 0: no image loaded.
        pub src_ptr: AtomicU32,
        /// Address of the result pixels (RGBA, same size), written tile by tile.
        pub dst_ptr: AtomicU32,
        /// The loaded image's width in pixels.
        pub width: AtomicU32,
        /// The loaded image's height in pixels.
        pub height: AtomicU32,
        /// Tiles finished in the current run.
        pub tiles_done: AtomicU32,
        /// `tile_worker[t]`: 1 + the worker (pool thread) that wrote tile `t`;
        /// 0: not written yet. Stored (Release) after the tile's pixels.
        pub tile_worker: [AtomicU8; MAX_TILES],
        /// `busy_us[w]`: microseconds worker `w` spent filtering, this run.
        pub busy_us: [AtomicU32; MAX_WORKERS],
        /// `tiles_by[w]`: tiles worker `w` filtered, this run.
        pub tiles_by: [AtomicU32; MAX_WORKERS],
        /// `hist[w * 256 + v]`: pixels of grey `v` in the tiles worker `w`
        /// wrote — worker `w`'s partial histogram, for the page to reduce.
        pub hist: [AtomicU32; MAX_WORKERS * 256],
    }
}

impl MapReduceMemory {
    /// Zero everywhere. `const` so that it can be a `static`.
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new() -> Self {
        const Z32: AtomicU32 = AtomicU32::new(0);
        const Z8: AtomicU8 = AtomicU8::new(0);
        MapReduceMemory {
            src_ptr: Z32,
            dst_ptr: Z32,
            width: Z32,
            height: Z32,
            tiles_done: Z32,
            tile_worker: [Z8; MAX_TILES],
            busy_us: [Z32; MAX_WORKERS],
            tiles_by: [Z32; MAX_WORKERS],
            hist: [Z32; MAX_WORKERS * 256],
        }
    }

    /// Clears a run's bookkeeping (not the image).
    pub fn reset(&self) {
        use core::sync::atomic::Ordering::Relaxed;
        self.tiles_done.store(0, Relaxed);
        self.tile_worker.iter().for_each(|t| t.store(0, Relaxed));
        self.busy_us.iter().for_each(|t| t.store(0, Relaxed));
        self.tiles_by.iter().for_each(|t| t.store(0, Relaxed));
        self.hist.iter().for_each(|t| t.store(0, Relaxed));
    }
}

impl Default for MapReduceMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// This instance's bookkeeping.
pub static MEMORY: MapReduceMemory = MapReduceMemory::new();

/// The constants the page needs beside the layout.
pub fn consts() -> [(&'static str, f64); 5] {
    [
        ("maxWorkers", MAX_WORKERS as f64),
        ("maxTiles", MAX_TILES as f64),
        ("maxSide", super::MAX_SIDE as f64),
        ("maxRadius", super::filters::MAX_RADIUS as f64),
        ("minTile", super::MIN_TILE as f64),
    ]
}
