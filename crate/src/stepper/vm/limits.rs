//! The limits that keep every run finite and small: steps per run, threads per program,
//! frames per thread, and the sizes of strings and lists.

/// A run stops with outcome `budget` after this many steps.
pub const MAX_STEPS: u32 = 100_000;
/// Thread ids are single digits in a schedule string.
pub const MAX_THREADS: usize = 10;
