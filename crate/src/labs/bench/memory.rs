//! What the page watches in lab `bench`: the grid every pool thread paints
//! while the page times its frames (P5).

use crate::arena::Arena;

/// This instance's paint grid.
pub static PAINT: Arena = Arena::new();
