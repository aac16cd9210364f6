//! Every wasm export of lab `threads-vs-processes`.

use super::{memory, Params, GRID};
use crate::wasm::{bad, layout_js};
use wasm_bindgen::prelude::*;

/// The lab's memory (`{base, size, fields, consts}`) for the page's views.
#[wasm_bindgen(js_name = tvpLayout)]
pub fn tvp_layout() -> Result<JsValue, JsError> {
    layout_js(&GRID, &memory::consts())
}

/// Isolated worker: clears this instance's private grid before a run.
#[wasm_bindgen(js_name = tvpReset)]
pub fn tvp_reset() {
    GRID.reset();
}

/// Isolated worker: writer `writer`'s steps `start..end` on this instance's
/// private grid. Returns the steps done.
#[wasm_bindgen(js_name = tvpRunChunk)]
pub fn tvp_run_chunk(writer: u32, start: u32, end: u32) -> Result<u32, JsError> {
    let p = Params::new(writer as usize + 1, end.max(1)).map_err(bad)?;
    if start > end {
        return Err(JsError::new("chunk start must not exceed its end"));
    }
    Ok(super::run_chunk(&GRID, p.writers - 1, start..end))
}

/// Threaded build: runs all writers at once on the rayon pool, over the shared
/// grid, and blocks until they are done or stopped. `slow` pauses each writer
/// 4 ms every [`super::CHECK_EVERY`] steps so a person can watch. Returns the
/// [`super::Outcome`] as `{counter, steps, stopped}`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = tvpRunThreads)]
pub fn tvp_run_threads(writers: u32, iters: u32, slow: bool) -> Result<JsValue, JsError> {
    let p = Params::new(writers as usize, iters).map_err(bad)?;
    let pace = move || {
        if slow {
            std::thread::sleep(std::time::Duration::from_millis(4));
        }
    };
    let out = super::run_parallel(
        &GRID,
        p,
        &crate::clock::now_ms,
        &pace,
        &crate::control::stop_requested,
    );
    crate::wasm::to_js(&out)
}
