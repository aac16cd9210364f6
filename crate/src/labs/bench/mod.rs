//! Lab `bench`: the measurements behind `npm run bench`, runnable by a learner.
//!
//! Two kernels, each with sequential and parallel twins:
//! - [`sum_sequential`] / [`sum_parallel`]: a CPU-bound sum over a pure
//!   function of `i` ([`item`]). No memory traffic, no shared writes: the ideal
//!   case for threads, so its speedup shows the best the pool can do (P1), and
//!   its single-thread time compares wasm with native Rust (P2).
//! - [`paint_sequential`] / [`paint_parallel`]: every thread paints cells of the
//!   256 × 256 arena grid as fast as it can for a while, so the page can time
//!   its frames while drawing memory that all threads are writing (P5).
//!
//! Page side: `www/src/labs/bench/`; driver: `scripts/bench.mjs`.

use crate::arena::{Arena, MAX_CELLS, MAX_WRITERS};

mod memory;
#[cfg(test)]
mod tests;
mod wasm;

use core::ops::Range;
use core::sync::atomic::Ordering::Relaxed;
pub use memory::PAINT;
use rayon::prelude::*;

/// Largest `n` a sum may be asked for (a few seconds of work on one core).
pub const MAX_N: u32 = 400_000_000;
/// Items per parallel task: big enough that rayon's bookkeeping is noise,
/// small enough that a stop lands in well under a millisecond.
pub const CHUNK: u32 = 1 << 14;
/// Mixing rounds per item: what makes [`item`] cost ~tens of cycles.
pub const ROUNDS: u32 = 16;
/// A painter looks at the stop word and the clock this often, in cells.
pub const PAINT_CHECK_EVERY: u32 = 4096;
/// Longest paint run, in milliseconds.
pub const MAX_PAINT_MS: u32 = 60_000;

/// Checks a sum's size; the message names the parameter as the page does.
pub fn check_n(n: u32) -> Result<u32, String> {
    super::in_range("n", n, 1..=MAX_N)
}

/// The pure function being summed: `ROUNDS` rounds of a 64-bit mixer
/// (MurmurHash3's finaliser) over `i`. Each round depends on the last, so the
/// compiler cannot vectorise or shortcut it: the cost is pure CPU.
#[inline]
pub fn item(i: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    for _ in 0..ROUNDS {
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    }
    x ^ (x >> 33)
}

/// `Σ item(i)` for `i` in `range`, wrapping. Wrapping addition is associative
/// and commutative, so any split of the range gives the same sum.
pub fn sum_range(range: Range<u64>) -> u64 {
    range.fold(0u64, |acc, i| acc.wrapping_add(item(i)))
}

/// The sequential twin: `Σ item(i)` for `i` in `0..n`, on this thread.
pub fn sum_sequential(n: u32) -> u64 {
    sum_range(0..u64::from(n))
}

/// The parallel twin: the same sum split into [`CHUNK`]-sized tasks on the
/// current rayon pool. Each task first asks `stop`; a stopped run returns
/// `None` (its partial sum would mean nothing).
pub fn sum_parallel(n: u32, stop: &(dyn Fn() -> bool + Sync)) -> Option<u64> {
    let n = u64::from(n);
    let chunks = n.div_ceil(u64::from(CHUNK));
    let sum = (0..chunks)
        .into_par_iter()
        .map(|c| {
            if stop() {
                return 0;
            }
            let start = c * u64::from(CHUNK);
            sum_range(start..(start + u64::from(CHUNK)).min(n))
        })
        .reduce(|| 0, u64::wrapping_add);
    (!stop()).then_some(sum)
}

/// The cell a painter's `step` lands on: a multiplicative hash of (writer,
/// step) over the whole 256 × 256 grid, so every thread touches every part of it.
pub fn paint_cell(writer: usize, step: u32) -> usize {
    let key = step ^ ((writer as u32) << 24);
    (key.wrapping_mul(0x9E37_79B1) >> (32 - MAX_CELLS.trailing_zeros())) as usize
}

/// One painter: writes cells of the whole grid with its own mark until `done()`
/// says so (a deadline or a stop, checked every [`PAINT_CHECK_EVERY`] cells), or `max_steps` cells are painted. Records its progress in the arena
/// and adds its steps to the counter. Returns the cells it painted.
pub fn paint(arena: &Arena, writer: usize, max_steps: u32, done: &dyn Fn() -> bool) -> u32 {
    let mark = writer as u8 + 1;
    let mut step = 0u32;
    while step < max_steps {
        let end = step.saturating_add(PAINT_CHECK_EVERY).min(max_steps);
        for s in step..end {
            let cell = paint_cell(writer, s);
            arena.cells[cell].store(s.wrapping_add(1), Relaxed);
            arena.writers[cell].store(mark, Relaxed);
        }
        step = end;
        arena.progress[writer].store(step, Relaxed);
        if done() {
            break;
        }
    }
    arena.counter.fetch_add(step, Relaxed);
    arena.finished.fetch_add(1, Relaxed);
    step
}

/// The sequential twin of [`paint_parallel`]: `writers` painters of
/// `steps` cells each, one after another on this thread.
pub fn paint_sequential(arena: &Arena, writers: usize, steps: u32) -> Vec<u32> {
    arena.reset();
    (0..writers.min(MAX_WRITERS))
        .map(|w| paint(arena, w, steps, &|| false))
        .collect()
}

/// The parallel twin: one painter on *every* thread of the current pool
/// (`rayon::broadcast`), all writing the one grid, until `done()` (or a stop, or
/// `max_steps` each). Returns each painter's cell count.
pub fn paint_parallel(arena: &Arena, max_steps: u32, done: &(dyn Fn() -> bool + Sync)) -> Vec<u32> {
    arena.reset();
    rayon::broadcast(|ctx| {
        let w = ctx.index();
        if w < MAX_WRITERS {
            arena.thread_of[w].store(w as u32 + 1, Relaxed);
            paint(arena, w, max_steps, done)
        } else {
            0
        }
    })
}
