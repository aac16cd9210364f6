//! One module per lab. Each holds the lab's kernel as sequential and parallel
//! twins, written once against [`crate::arena::Arena`], with native tests that
//! the twins agree. The page side of a lab lives in `www/src/labs/<lab>.js`.

pub mod amdahl;
pub mod bench;
pub mod deadlock;
pub mod gil;
pub mod race;
pub mod start_line;
pub mod starvation;
pub mod threads_vs_processes;

/// A rayon pool of exactly `n` threads, for the twins' tests.
#[cfg(test)]
pub(crate) fn test_pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .expect("a rayon pool")
}
