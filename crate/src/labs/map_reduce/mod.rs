//! Lab `map-reduce`: map a filter over the tiles of an image, reduce the
//! tiles' histograms — on threads, interpreters and processes.
//!
//! The map is [`filters::filter_rect`], written once. The *sequential twin*
//! filters the whole image on this thread; the *parallel twin* hands tiles to
//! the rayon pool, every thread writing its tiles straight into the one shared
//! result (the page watches it fill in), either by work stealing or by a
//! static split into equal runs of tiles. The isolated ways (interpreters and
//! processes) call the same kernel on one window (tile + halo) at a time, in
//! their own instance ([`filter_window`]). Integer arithmetic makes all of
//! them agree to the bit, which the tests check.
//!
//! Page side: `www/src/labs/map-reduce/`; the Python twin is `map-reduce.py` there.

pub mod filters;
mod memory;
#[cfg(test)]
mod tests;
pub mod tiles;
mod wasm;

use core::sync::atomic::Ordering::{Relaxed, Release};
pub use filters::{histogram, Filter, Rect, Window};
pub use memory::{MapReduceMemory, MAX_TILES, MAX_WORKERS, MEMORY};

/// Largest image side, in pixels. The threaded build holds the source and the
/// result in its memory (at most 1 GiB, with the pool's stacks): 4096² RGBA
/// is 64 MiB each.
pub const MAX_SIDE: usize = 4096;
/// Smallest tile side, in pixels.
pub const MIN_TILE: usize = 16;
/// Largest tile side, in pixels.
pub const MAX_TILE: usize = 1024;

/// How tiles are handed to threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// rayon's work stealing: an idle thread takes half of a busy one's tiles.
    Steal,
    /// Worker `w` of W gets the `w`-th run of ⌈tiles / W⌉ tiles, whatever they cost.
    Static,
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub width: usize,
    pub height: usize,
    pub filter: Filter,
    /// Tile side in pixels.
    pub tile: usize,
    /// Threads (or isolated workers).
    pub workers: usize,
    pub schedule: Schedule,
    /// Whether the tiles in the image's top quarter cost [`HEAVY_REPEATS`]
    /// times as much (they are filtered that many times: same pixels, more
    /// work) — to show what a static split does when tiles differ in cost.
    pub uneven: bool,
}

/// How many times an uneven run filters a costly tile.
pub const HEAVY_REPEATS: usize = 4;

impl Params {
    /// Checks the bounds; messages name the parameter and its range.
    pub fn new(
        width: usize,
        height: usize,
        filter: Filter,
        tile: usize,
        workers: usize,
        schedule: Schedule,
    ) -> Result<Self, String> {
        super::in_range("width", width, 1..=MAX_SIDE)?;
        super::in_range("height", height, 1..=MAX_SIDE)?;
        super::in_range("tile", tile, MIN_TILE..=MAX_TILE)?;
        super::in_range("workers", workers, 1..=MAX_WORKERS)?;
        Ok(Params {
            width,
            height,
            filter,
            tile,
            workers,
            schedule,
            uneven: false,
        })
    }

    /// The same settings with costly tiles on top (see [`Params::uneven`]).
    pub fn with_uneven(self, uneven: bool) -> Self {
        Params { uneven, ..self }
    }

    /// How many times tile `r` is filtered: [`HEAVY_REPEATS`] for a tile that
    /// starts in the top quarter of an uneven run, else once.
    pub fn repeats(&self, r: Rect) -> usize {
        if self.uneven && r.y < self.height.div_ceil(4) {
            HEAVY_REPEATS
        } else {
            1
        }
    }

    /// The tiles, row-major.
    pub fn tiles(&self) -> Vec<Rect> {
        tiles::tiles(self.width, self.height, self.tile)
    }
}

/// The sequential twin: the whole image as one window, on this thread, into
/// `dst`. Returns false if stopped.
pub fn run_sequential(src: &[u8], dst: &mut [u8], p: Params, stop: &dyn Fn() -> bool) -> bool {
    let win = Window {
        data: src,
        width: p.width,
        height: p.height,
    };
    let all = Rect {
        x: 0,
        y: 0,
        w: p.width,
        h: p.height,
    };
    let row_bytes = p.width * 4;
    if p.uneven {
        // The costly tiles' rows, filtered the extra times they are in tiles.
        let rows = p.height.div_ceil(4).div_ceil(p.tile) * p.tile;
        let top = Rect {
            h: rows.min(p.height),
            ..all
        };
        for _ in 1..HEAVY_REPEATS {
            if !filters::filter_rect(p.filter, win, top, &mut |_, _| {}, stop) {
                return false;
            }
        }
    }
    filters::filter_rect(
        p.filter,
        win,
        all,
        &mut |y, bytes| dst[y * row_bytes..(y + 1) * row_bytes].copy_from_slice(bytes),
        stop,
    )
}

/// Result pixels that many threads write at once, each only its own tiles.
/// A raw pointer, because the tiles' rows interleave in memory: no safe
/// `&mut` split of one slice gives each thread exactly its tiles.
pub struct SharedPixels {
    ptr: *mut u8,
    len: usize,
    width: usize,
}

// Safety: a `SharedPixels` is only written through `write_row`, whose callers
// write disjoint tiles (see there); the page's reads from JS are outside
// Rust's memory model (plain wasm loads, which may see a row half written —
// the page only draws, it checks pixels after the run has returned).
unsafe impl Sync for SharedPixels {}
unsafe impl Send for SharedPixels {}

impl SharedPixels {
    /// Over `dst`, an RGBA image `width` pixels wide. The caller keeps `dst`
    /// alive and otherwise untouched while this is in use.
    pub fn new(dst: &mut [u8], width: usize) -> Self {
        SharedPixels {
            ptr: dst.as_mut_ptr(),
            len: dst.len(),
            width,
        }
    }

    /// Writes `bytes` at pixel `(x, y)`.
    ///
    /// # Safety
    /// No other thread may write or read (in Rust) the same bytes meanwhile:
    /// each tile is filtered by exactly one task, and tiles do not overlap.
    unsafe fn write_row(&self, x: usize, y: usize, bytes: &[u8]) {
        let at = (y * self.width + x) * 4;
        assert!(at + bytes.len() <= self.len, "a row inside the image");
        // Safety: in bounds (checked above); no other thread touches these
        // bytes (this function's contract).
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.ptr.add(at), bytes.len()) };
    }
}

/// What a threaded run did (its export's result, as the page gets it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Whether a stop cut the run short.
    pub stopped: bool,
    /// Tiles finished.
    pub tiles_done: u32,
    /// Per worker: microseconds filtering.
    pub busy_us: Vec<u32>,
    /// Per worker: tiles filtered.
    pub tiles_by: Vec<u32>,
    /// Per worker: its partial histogram (256 bins).
    pub hist: Vec<Vec<u32>>,
}

impl Outcome {
    fn of(mem: &MapReduceMemory, workers: usize, tiles: usize) -> Self {
        let done = mem.tiles_done.load(Relaxed);
        Outcome {
            stopped: (done as usize) < tiles,
            tiles_done: done,
            busy_us: (0..workers).map(|w| mem.busy_us[w].load(Relaxed)).collect(),
            tiles_by: (0..workers)
                .map(|w| mem.tiles_by[w].load(Relaxed))
                .collect(),
            hist: (0..workers)
                .map(|w| {
                    (0..256)
                        .map(|v| mem.hist[w * 256 + v].load(Relaxed))
                        .collect()
                })
                .collect(),
        }
    }
}

/// One tile, by worker `w`, straight into the shared result; its bookkeeping
/// into `mem`. Returns false if stopped.
#[allow(clippy::too_many_arguments)]
fn tile_task(
    mem: &MapReduceMemory,
    src: Window,
    dst: &SharedPixels,
    p: Params,
    t: usize,
    r: Rect,
    w: usize,
    clock: &dyn Fn() -> f64,
    pace: &dyn Fn(),
    stop: &dyn Fn() -> bool,
) -> bool {
    if stop() {
        return false;
    }
    let t0 = clock();
    for _ in 1..p.repeats(r) {
        if !filters::filter_rect(p.filter, src, r, &mut |_, _| {}, stop) {
            return false;
        }
    }
    let mut bins = [0u32; 256];
    let finished = filters::filter_rect(
        p.filter,
        src,
        r,
        &mut |dy, bytes| {
            for px in bytes.chunks_exact(4) {
                bins[filters::luma(px) as usize] += 1;
            }
            // Safety: tile `t` is this task's alone and tiles do not overlap.
            unsafe { dst.write_row(r.x, r.y + dy, bytes) };
        },
        stop,
    );
    if !finished {
        return false;
    }
    let w = w.min(MAX_WORKERS - 1);
    for (v, &n) in bins.iter().enumerate() {
        if n > 0 {
            mem.hist[w * 256 + v].fetch_add(n, Relaxed);
        }
    }
    mem.busy_us[w].fetch_add(((clock() - t0) * 1000.0) as u32, Relaxed);
    mem.tiles_by[w].fetch_add(1, Relaxed);
    // Release: a page that sees the owner may draw the tile's pixels.
    mem.tile_worker[t].store(w as u8 + 1, Release);
    mem.tiles_done.fetch_add(1, Relaxed);
    pace();
    true
}

/// The parallel twin: the tiles on the current rayon pool, every thread
/// writing its tiles into `dst` (the one shared result). A worker is a pool
/// thread: the page sizes the pool to W.
pub fn run_parallel(
    mem: &MapReduceMemory,
    src: &[u8],
    dst: &SharedPixels,
    p: Params,
    clock: &(dyn Fn() -> f64 + Sync),
    pace: &(dyn Fn() + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Outcome {
    use rayon::prelude::*;
    mem.reset();
    let tiles = p.tiles();
    let src = Window {
        data: src,
        width: p.width,
        height: p.height,
    };
    let who = || rayon::current_thread_index().unwrap_or(0);
    match p.schedule {
        Schedule::Steal => {
            // One task per tile: rayon splits the range and idle threads steal halves.
            tiles
                .par_iter()
                .enumerate()
                .with_max_len(1)
                .for_each(|(t, &r)| {
                    tile_task(mem, src, dst, p, t, r, who(), clock, pace, stop);
                });
        }
        Schedule::Static => {
            let n = tiles.len();
            let per = n.div_ceil(p.workers);
            rayon::broadcast(|ctx| {
                let w = ctx.index();
                if w >= p.workers {
                    return;
                }
                let mine = (w * per).min(n)..((w + 1) * per).min(n);
                for (t, &r) in tiles.iter().enumerate().take(mine.end).skip(mine.start) {
                    if !tile_task(mem, src, dst, p, t, r, w, clock, pace, stop) {
                        return;
                    }
                }
            });
        }
    }
    Outcome::of(mem, p.workers, tiles.len())
}

/// An isolated worker's map step: filters tile `inner` of `window` (a tile plus
/// its halo, `win_w × win_h` RGBA pixels) and returns the tile's pixels and
/// their histogram. The same kernel as the threads'; `repeats` as
/// [`Params::repeats`] says for this tile.
pub fn filter_window(
    f: Filter,
    window: &[u8],
    win_w: usize,
    win_h: usize,
    inner: Rect,
    repeats: usize,
    out: &mut Vec<u8>,
) -> [u32; 256] {
    out.clear();
    out.reserve(inner.w * inner.h * 4);
    let src = Window {
        data: window,
        width: win_w,
        height: win_h,
    };
    for _ in 1..repeats {
        filters::filter_rect(f, src, inner, &mut |_, _| {}, &|| false);
    }
    filters::filter_rect(
        f,
        src,
        inner,
        &mut |_, bytes| out.extend_from_slice(bytes),
        &|| false,
    );
    histogram(out)
}

/// The threaded build's image: source and result, in the one shared memory.
pub mod shared_image {
    use std::sync::Mutex;

    /// `(width, height, source, result)` of the loaded image.
    pub type Image = (usize, usize, Vec<u8>, Vec<u8>);
    /// The loaded image; its buffers' addresses are in [`super::MEMORY`].
    pub static IMAGE: Mutex<Option<Image>> = Mutex::new(None);
}
