//! Lab `threads-vs-processes`: threads share one memory, processes each own theirs.
//!
//! W writers each add 1 to "the" counter K times and, at every step, paint one
//! cell of a 128×128 grid with their own id. The kernel is written once: run on
//! the threaded build (rayon threads over one shared arena) every writer paints
//! the *same* grid and the counter ends at exactly W×K; run in W isolated
//! workers (plain build, one private arena each) every grid holds one colour and
//! every private counter ends at K — the parent learns anything only by message.
//!
//! Page side: `www/src/labs/threads-vs-processes/`; the Python twin is
//! `threads-vs-processes.py` there.

use super::start_line::StartLine;
use crate::arena::{Arena, MAX_WRITERS};

mod memory;
#[cfg(test)]
mod tests;
mod wasm;

use core::ops::Range;
use core::sync::atomic::Ordering::Relaxed;
pub use memory::GRID;

/// Side of this lab's grid.
pub const SIDE: usize = 128;
/// Cells in this lab's grid.
pub const CELLS: usize = SIDE * SIDE;
/// Most steps per writer. 16 × 10⁷ still fits the `u32` counter (< 2³²).
pub const MAX_ITERS: u32 = 10_000_000;
/// A writer looks at the stop word (and records its progress) this often, in
/// steps. Small enough that Stop lands in well under a millisecond.
pub const CHECK_EVERY: u32 = 256;

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// How many writers (threads or processes): 1..=16.
    pub writers: usize,
    /// Steps (increments) per writer: 1..=10⁷.
    pub iters: u32,
}

impl Params {
    /// Checks the bounds; the message names the parameter and its range, as the
    /// page shows it.
    pub fn new(writers: usize, iters: u32) -> Result<Self, String> {
        super::in_range("workers", writers, 1..=MAX_WRITERS)?;
        super::in_range("iters", iters, 1..=MAX_ITERS)?;
        Ok(Params { writers, iters })
    }
}

/// The cell painted with ticket `ticket` (the counter's value before the
/// increment). A Fibonacci hash scatters consecutive tickets over the grid.
///
/// Painting by *ticket* rather than by step is what makes the two runtimes
/// differ visibly: threads draw tickets from one shared counter, so the last
/// few thousand tickets — and the final picture — are split among every
/// writer still running; a process draws from its own private counter and
/// paints its whole grid alone.
pub fn cell_for(ticket: u32) -> usize {
    // Knuth's multiplicative hash keeps the top 14 bits: CELLS = 2^14.
    (ticket.wrapping_mul(0x9E37_79B1) >> (32 - CELLS.trailing_zeros())) as usize
}

/// Runs writer `writer`'s steps `steps` against `arena`: each step takes a
/// ticket from the counter (adds 1) and paints the ticket's cell. Every [`CHECK_EVERY`] steps it records progress,
/// calls `pace` (slow motion; a no-op at full speed) and returns early if a stop
/// was requested. Returns how many steps it did.
pub fn work(
    arena: &Arena,
    writer: usize,
    steps: Range<u32>,
    pace: &dyn Fn(),
    stop: &dyn Fn() -> bool,
) -> u32 {
    let mark = writer as u8 + 1;
    let start = steps.start;
    for step in steps.clone() {
        if step % CHECK_EVERY == 0 && step != start {
            arena.progress[writer].store(step, Relaxed);
            pace();
            if stop() {
                return step - start;
            }
        }
        // The increment is one atomic read-modify-write: no update is ever lost,
        // however many threads share the counter.
        let ticket = arena.counter.fetch_add(1, Relaxed);
        let cell = cell_for(ticket);
        arena.cells[cell].store(ticket.wrapping_add(1), Relaxed);
        arena.writers[cell].store(mark, Relaxed);
    }
    arena.progress[writer].store(steps.end, Relaxed);
    steps.end - start
}

/// What a run did (the threaded export's result, as the page gets it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// The counter in the arena at the end.
    pub counter: u32,
    /// Steps each writer completed.
    pub steps: Vec<u32>,
    /// Whether a stop cut the run short.
    pub stopped: bool,
}

fn outcome(arena: &Arena, p: Params) -> Outcome {
    let steps: Vec<u32> = (0..p.writers)
        .map(|w| arena.progress[w].load(Relaxed))
        .collect();
    Outcome {
        counter: arena.counter.load(Relaxed),
        stopped: steps.iter().any(|&s| s < p.iters),
        steps,
    }
}

fn microseconds_since(epoch_ms: f64, now_ms: f64) -> u32 {
    (((now_ms - epoch_ms) * 1000.0).max(1.0)) as u32
}

/// One writer with its bookkeeping: which pool thread ran it and when.
fn writer_task(
    arena: &Arena,
    p: Params,
    w: usize,
    clock: &dyn Fn() -> f64,
    epoch: f64,
    pace: &dyn Fn(),
    stop: &dyn Fn() -> bool,
) {
    let thread = rayon::current_thread_index().map_or(0, |i| i as u32 + 1);
    arena.thread_of[w].store(thread, Relaxed);
    arena.started_us[w].store(microseconds_since(epoch, clock()), Relaxed);
    work(arena, w, 0..p.iters, pace, stop);
    arena.finished_us[w].store(microseconds_since(epoch, clock()), Relaxed);
    arena.finished.fetch_add(1, Relaxed);
}

/// The sequential twin: the writers one after another on this thread.
pub fn run_sequential(
    arena: &Arena,
    p: Params,
    clock: &dyn Fn() -> f64,
    stop: &dyn Fn() -> bool,
) -> Outcome {
    arena.reset();
    let epoch = clock();
    for w in 0..p.writers {
        writer_task(arena, p, w, clock, epoch, &|| {}, stop);
        if stop() {
            break;
        }
    }
    outcome(arena, p)
}

/// The parallel twin: all writers at once on the current pool, all writing the
/// same arena. Blocks until every writer is done or stopped.
///
/// When the pool has a thread for every writer (the page's coordinator sizes it
/// so), each writer gets its own thread and they all start together: without
/// that, a short run can end on the first thread before the second has even
/// woken, and two "threads" would show as one after the other. With more
/// writers than threads they take turns as rayon tasks.
pub fn run_parallel(
    arena: &Arena,
    p: Params,
    clock: &(dyn Fn() -> f64 + Sync),
    pace: &(dyn Fn() + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Outcome {
    arena.reset();
    let epoch = clock();
    if p.writers <= rayon::current_num_threads() {
        // Arrivals at the starting line. No writer starts before all have
        // arrived; each is on its own thread, so waiting cannot deadlock.
        let line = StartLine::new(p.writers);
        rayon::broadcast(|ctx| {
            let w = ctx.index();
            if w < p.writers {
                line.arrive_and_wait(&|| 0.0, stop);
                writer_task(arena, p, w, clock, epoch, pace, stop);
            }
        });
    } else {
        rayon::scope(|s| {
            for w in 0..p.writers {
                s.spawn(move |_| writer_task(arena, p, w, clock, epoch, pace, stop));
            }
        });
    }
    outcome(arena, p)
}

/// An isolated worker's share: writer `writer`'s steps `steps` on this
/// instance's private arena (the caller resets it before the first chunk).
pub fn run_chunk(arena: &Arena, writer: usize, steps: Range<u32>) -> u32 {
    work(arena, writer, steps, &|| {}, &|| false)
}
