//! What the page watches in lab `threads-vs-processes`: one grid ([`Arena`])
//! that every writer paints — shared by all threads in the threaded build,
//! private to its worker in the plain build.

use crate::arena::Arena;

/// This instance's grid.
pub static GRID: Arena = Arena::new();

/// The constants the page needs beside the layout (it copies none of them).
pub fn consts() -> [(&'static str, f64); 3] {
    [
        ("side", super::SIDE as f64),
        ("maxWriters", crate::arena::MAX_WRITERS as f64),
        ("maxIters", super::MAX_ITERS as f64),
    ]
}
