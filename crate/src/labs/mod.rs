//! One folder per lab: its kernel as sequential and parallel twins, its shared
//! memory declared once (`memory.rs`), every wasm export (`wasm.rs`) and its
//! native tests (`tests.rs`). The page side of a lab lives in
//! `www/src/labs/<id>/`. A new lab adds one `pub mod` line here (README "Add a lab").

pub mod amdahl;
pub mod bench;
pub mod deadlock;
pub mod gil;
pub mod io;
pub mod lock_free;
pub mod map_reduce;
pub mod race;
pub mod start_line;
pub mod starvation;
pub mod threads_vs_processes;

/// Checks one lab parameter against its bounds; the message names it as the
/// URL does, with its range: `threads must be a whole number from 1 to 16 (got 17)`.
/// (The page checks first, with the same words: `www/src/params.js`.)
pub fn in_range<T>(name: &str, value: T, range: core::ops::RangeInclusive<T>) -> Result<T, String>
where
    T: PartialOrd + Copy + core::fmt::Display,
{
    if range.contains(&value) {
        return Ok(value);
    }
    Err(format!(
        "{name} must be a whole number from {} to {} (got {value})",
        range.start(),
        range.end()
    ))
}

/// A rayon pool of exactly `n` threads, for the twins' tests.
#[cfg(test)]
pub(crate) fn test_pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .expect("a rayon pool")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_names_the_parameter_and_its_range() {
        assert_eq!(in_range("runs", 5u32, 1..=50), Ok(5));
        assert_eq!(
            in_range("iters", 0u32, 1..=10_000_000).unwrap_err(),
            "iters must be a whole number from 1 to 10000000 (got 0)"
        );
        assert_eq!(
            in_range("s", 150u32, 0..=100).unwrap_err(),
            "s must be a whole number from 0 to 100 (got 150)"
        );
    }
}
