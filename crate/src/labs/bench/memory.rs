//! What the page watches in lab `bench`: the grid every pool thread paints
//! while the page times its frames (P5).

use crate::arena::Arena;

/// This instance's paint grid.
pub static PAINT: Arena = Arena::new();

/// The constants the page needs beside the layout (it copies none of them).
pub fn consts() -> [(&'static str, f64); 3] {
    [
        ("side", crate::arena::MAX_SIDE as f64),
        ("maxN", super::MAX_N as f64),
        ("maxPaintMs", super::MAX_PAINT_MS as f64),
    ]
}
