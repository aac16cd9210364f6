//! Every wasm export of lab `race`.

use super::{memory, run_private_chunk, Variant, MAX_ITERS, RACE};
use crate::wasm::{bad, layout_js};
use core::sync::atomic::Ordering::Relaxed;
use wasm_bindgen::prelude::*;

/// The lab's memory (`{base, size, fields, consts}`) for the page's views.
#[wasm_bindgen(js_name = raceLayout)]
pub fn race_layout() -> Result<JsValue, JsError> {
    layout_js(&RACE, &memory::consts())
}

/// Isolated worker: zeroes this instance's private counter.
#[wasm_bindgen(js_name = raceIsoReset)]
pub fn race_iso_reset() {
    RACE.counters[Variant::Racy as usize].store(0, Relaxed);
}

/// Isolated worker: `steps` (≤ 10⁷) more racy increments of the private
/// counter; returns the counter.
#[wasm_bindgen(js_name = raceIsoChunk)]
pub fn race_iso_chunk(steps: u32) -> Result<u32, JsError> {
    crate::labs::in_range("steps", steps, 0..=MAX_ITERS).map_err(bad)?;
    Ok(run_private_chunk(&RACE, steps))
}

/// Threaded build: R repetitions of the three variants on the rayon pool, over
/// the shared [`RACE`]; blocks until done or stopped (the control word).
/// Returns the [`super::Outcome`] as `{trials, stopped}`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = raceRunThreads)]
pub fn race_run_threads(threads: u32, iters: u32, runs: u32) -> Result<JsValue, JsError> {
    let p = super::Params::new(threads as usize, iters, runs as usize).map_err(bad)?;
    let stop = crate::control::stop_requested;
    let out = super::run_all(&RACE, p, &stop, &|v| {
        super::run_variant_parallel(&RACE, p, v, &crate::clock::now_ms, &stop)
    });
    crate::wasm::to_js(&out)
}
