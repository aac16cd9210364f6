//! Every wasm export of lab `starvation`.

use super::{memory, STARVATION};
use crate::wasm::layout_js;
use wasm_bindgen::prelude::*;
#[cfg(feature = "threads")]
use {
    super::{Params, Policy},
    crate::wasm::bad,
};

/// The lab's memory (`{base, size, fields, consts}`) for the page's live view,
/// with the codes of the locks, roles and phases it holds.
#[wasm_bindgen(js_name = starvationLayout)]
pub fn starvation_layout() -> Result<JsValue, JsError> {
    layout_js(&STARVATION, &memory::consts())
}

/// Threaded build: one run on the pool (which must have ≥ R + W threads) with
/// the lock named `lock` (`reader`, `writer` or `fair`), watched live through
/// [`STARVATION`]; the page's stop word ends it. Returns the
/// [`super::Outcome`] as `{entries, waitTotalUs, waitMaxUs, violations,
/// stopped, elapsedUs}`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = starvationRunThreads)]
#[allow(clippy::too_many_arguments)]
pub fn starvation_run_threads(
    lock: &str,
    readers: u32,
    writers: u32,
    read_ms: u32,
    write_ms: u32,
    gap_ms: u32,
    duration_ms: u32,
) -> Result<JsValue, JsError> {
    let p = Params::new(
        Policy::from_name(lock).map_err(bad)?,
        readers as usize,
        writers as usize,
        read_ms,
        write_ms,
        gap_ms,
        duration_ms,
    )
    .map_err(bad)?;
    let out = super::run_parallel(
        &STARVATION,
        &p,
        &crate::clock::now_ms,
        &crate::control::stop_requested,
    )
    .map_err(bad)?;
    crate::wasm::to_js(&out)
}
