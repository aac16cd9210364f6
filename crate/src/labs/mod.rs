//! One module per lab. Each holds the lab's kernel as sequential and parallel
//! twins, written once against [`crate::arena::Arena`], with native tests that
//! the twins agree. The page side of a lab lives in `www/src/labs/<lab>.js`.

pub mod bench;
pub mod threads_vs_processes;
