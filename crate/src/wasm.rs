//! The engine's own wasm exports — none of them names a lab — and the one way
//! every lab hands a result or a layout to JS.

use crate::control::CONTROL;
use crate::memory::{layout, Layout, SharedMemory};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Any `Serialize` value as a plain JS value: structs become objects, `u64`
/// and `i64` become `BigInt` (a JS number would round them above 2⁵³), maps
/// become objects. Every lab's results and layouts cross the boundary this way.
/// Use `u32` (not `usize`) for counts in results: serde writes every `usize`
/// as a `u64`, so it would arrive as a `BigInt` too.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let s = serde_wasm_bindgen::Serializer::new()
        .serialize_large_number_types_as_bigints(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&s)
        .map_err(|e| JsError::new(&format!("could not pass a result to JS: {e}")))
}

/// A lab's memory layout as a JS object (`{base, size, fields, consts}`), for
/// the lab's `…Layout()` export.
pub fn layout_js<M: SharedMemory>(
    mem: &M,
    consts: &[(&'static str, f64)],
) -> Result<JsValue, JsError> {
    let l: Layout = layout(mem, consts);
    to_js(&l)
}

/// A bound check's message as a JS error: what every export returns for bad
/// parameters (the message names the parameter, as the page's URL does).
pub fn bad(e: String) -> JsError {
    JsError::new(&e)
}

/// This instance's `WebAssembly.Memory`. In the threaded build it is shared: the
/// coordinator posts it to the page once, and the page's views see every write.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Where the control block (the stop word) lives: the page's stop button writes it.
#[wasm_bindgen(js_name = controlLayout)]
pub fn control_layout() -> Result<JsValue, JsError> {
    layout_js(&CONTROL, &[])
}

/// Threaded build: how many threads the rayon pool has.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    rayon::current_num_threads()
}
