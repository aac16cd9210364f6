//! Every wasm export of lab `bench`.

use super::{check_n, memory, sum_sequential, PAINT};
use crate::wasm::{bad, layout_js};
use wasm_bindgen::prelude::*;
#[cfg(feature = "threads")]
use {super::MAX_PAINT_MS, crate::wasm::to_js, serde::Serialize};

/// The paint grid (`{base, size, fields, consts}`) for the page's live view.
#[wasm_bindgen(js_name = benchLayout)]
pub fn bench_layout() -> Result<JsValue, JsError> {
    layout_js(&PAINT, &memory::consts())
}

/// The CPU-bound sum, sequential twin, on this thread: the checksum (a
/// `BigInt` in JS).
#[wasm_bindgen(js_name = benchSum)]
pub fn bench_sum(n: u32) -> Result<u64, JsError> {
    Ok(sum_sequential(check_n(n).map_err(bad)?))
}

/// A parallel sum's result: the checksum, or none when a stop ended it.
#[cfg(feature = "threads")]
#[derive(Serialize)]
pub struct SumResult {
    pub checksum: Option<u64>,
    pub stopped: bool,
}

/// Threaded build: the same sum on the rayon pool, as `{checksum, stopped}`;
/// the page's stop word ends it early.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = benchSumThreads)]
pub fn bench_sum_threads(n: u32) -> Result<JsValue, JsError> {
    let n = check_n(n).map_err(bad)?;
    let checksum = super::sum_parallel(n, &crate::control::stop_requested);
    to_js(&SumResult {
        checksum,
        stopped: checksum.is_none(),
    })
}

/// A paint run's result: cells each pool thread painted.
#[cfg(feature = "threads")]
#[derive(Serialize)]
pub struct PaintResult {
    pub stopped: bool,
    pub cells: Vec<u32>,
}

/// Threaded build: every pool thread paints the 256 × 256 grid for `ms`
/// milliseconds (or until the stop word), as `{stopped, cells}`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = benchPaintThreads)]
pub fn bench_paint_threads(ms: u32) -> Result<JsValue, JsError> {
    crate::labs::in_range("ms", ms, 1..=MAX_PAINT_MS).map_err(bad)?;
    let deadline = crate::clock::now_ms() + f64::from(ms);
    let stop = crate::control::stop_requested;
    let done = || stop() || crate::clock::now_ms() >= deadline;
    let cells = super::paint_parallel(&PAINT, u32::MAX, &done);
    to_js(&PaintResult {
        stopped: stop(),
        cells,
    })
}
