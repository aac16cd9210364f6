//! Every wasm export of lab `lock-free`.

use super::{memory, LOCK_FREE};
#[cfg(feature = "threads")]
use super::{AbaParams, BenchParams, Structure};
#[cfg(feature = "threads")]
use crate::wasm::bad;
use crate::wasm::layout_js;
use wasm_bindgen::prelude::*;

/// The lab's memory (`{base, size, fields, consts}`) for the page's views.
#[wasm_bindgen(js_name = lockFreeLayout)]
pub fn lock_free_layout() -> Result<JsValue, JsError> {
    layout_js(&LOCK_FREE, &memory::consts())
}

/// Threaded build: one structure (`"mutex-stack"`, `"treiber-stack"`,
/// `"lock-counter"`, `"atomic-counter"`, `"approx-counter"`) on `threads`
/// threads of the pool; blocks until done or stopped. Returns the
/// [`super::BenchOutcome`].
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = lockFreeBench)]
pub fn lock_free_bench(
    structure: &str,
    threads: u32,
    ops: u32,
    threshold: u32,
) -> Result<JsValue, JsError> {
    let s = Structure::parse(structure).map_err(bad)?;
    let p = BenchParams::new(threads as usize, ops, threshold).map_err(bad)?;
    let stop = crate::control::stop_requested;
    crate::wasm::to_js(&super::run_bench(
        &LOCK_FREE,
        s,
        p,
        true,
        &crate::clock::now_ms,
        &stop,
    ))
}

/// Threaded build: the ABA run on `threads` threads of the pool; blocks until
/// done, stopped or the stack is caught corrupt. Returns the [`super::AbaOutcome`].
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = lockFreeAba)]
pub fn lock_free_aba(
    threads: u32,
    rounds: u32,
    stress: u32,
    tagged: bool,
) -> Result<JsValue, JsError> {
    let p = AbaParams::new(threads as usize, rounds, stress, tagged).map_err(bad)?;
    let stop = crate::control::stop_requested;
    crate::wasm::to_js(&super::run_aba(
        &LOCK_FREE,
        p,
        true,
        &crate::clock::now_ms,
        &stop,
    ))
}
