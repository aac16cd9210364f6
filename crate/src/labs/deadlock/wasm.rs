//! Every wasm export of lab `deadlock`.

use super::{consts, TABLE};
use crate::wasm::layout_js;
use wasm_bindgen::prelude::*;

/// The mirror (`{base, size, fields, consts}`) for the page's live view: where
/// each field lies in linear memory, the bounds and the state codes.
#[wasm_bindgen(js_name = deadlockLayout)]
pub fn deadlock_layout() -> Result<JsValue, JsError> {
    layout_js(&TABLE.mirror, &consts())
}

/// Threaded build: runs the philosophers on the rayon pool (one thread each)
/// and blocks until they are done or stopped — or forever, if they deadlock
/// (the page then ends the coordinator). `strategy` is a strategy's name as in
/// the URL (`naive`, `ordered`, `trylock`, `waiter`). Returns the kernel's
/// [`super::Outcome`] as `{meals, stopped}`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = deadlockRunThreads)]
pub fn deadlock_run_threads(
    n: u32,
    strategy: &str,
    meals: u32,
    think_ms: u32,
    eat_ms: u32,
    pause_ms: u32,
) -> Result<JsValue, JsError> {
    use super::{run_parallel, Params, Strategy};
    use crate::wasm::{bad, to_js};
    let s = Strategy::from_name(strategy).ok_or_else(|| {
        JsError::new(&format!(
            "strategy must be one of naive, ordered, trylock, waiter (got \"{strategy}\")"
        ))
    })?;
    let p = Params::new(n as usize, s, meals, think_ms, eat_ms, pause_ms).map_err(bad)?;
    let out = run_parallel(&TABLE, p, &crate::control::stop_requested).map_err(bad)?;
    to_js(&out)
}
