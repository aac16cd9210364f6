//! Every wasm export of lab `gil`.

use super::{memory, run_units, us_since, GIL_LAB, MAX_THREADS, MAX_WORK};
use crate::wasm::{bad, layout_js, to_js};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The lab's memory (`{base, size, fields, consts}`) for the page's views.
#[wasm_bindgen(js_name = gilLayout)]
pub fn gil_layout() -> Result<JsValue, JsError> {
    layout_js(&GIL_LAB, &memory::consts())
}

/// What an isolated worker's share gave: `{checksum, elapsedUs}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Units {
    /// Σ [`super::unit`] over the share, wrapping (a `BigInt` in JS).
    pub checksum: u64,
    /// The compute time measured inside the worker, µs.
    pub elapsed_us: u32,
}

/// Isolated worker: Σ [`super::unit`] over units `first..first + count` on
/// this instance, with the time it took.
#[wasm_bindgen(js_name = gilRunUnits)]
pub fn gil_run_units(first: u32, count: u32) -> Result<JsValue, JsError> {
    let most = MAX_THREADS as u32 * MAX_WORK;
    crate::labs::in_range("first", first, 0..=most).map_err(bad)?;
    crate::labs::in_range("count", count, 0..=most).map_err(bad)?;
    let t0 = crate::clock::now_ms();
    let sum = run_units(
        u64::from(first)..u64::from(first) + u64::from(count),
        &|| false,
    )
    .unwrap_or(0);
    to_js(&Units {
        checksum: sum,
        elapsed_us: us_since(t0, crate::clock::now_ms()),
    })
}

/// What a threaded variant's repeats gave: `{checksum, stopped, elapsedUs}`.
#[cfg(feature = "threads")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Repeats {
    /// The last repeat's checksum (every repeat computes the same; a `BigInt` in JS).
    pub checksum: u64,
    /// Whether a stop cut the last repeat short.
    pub stopped: bool,
    /// Wall time of each repeat done, µs.
    pub elapsed_us: Vec<u32>,
}

/// Threaded build: runs one variant — `"seq"` on this (the coordinator's)
/// thread, `"gil"` or `"free"` on the rayon pool — `repeats` times over the
/// shared [`GIL_LAB`], stopping at the control word's stop.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = gilRunThreads)]
pub fn gil_run_threads(
    variant: &str,
    threads: u32,
    work: u32,
    interval_us: u32,
    repeats: u32,
) -> Result<JsValue, JsError> {
    use super::{run_sequential, run_threads, Env, Params, MAX_REPEATS};
    let p = Params::new(threads as usize, work, interval_us).map_err(bad)?;
    crate::labs::in_range("repeats", repeats, 1..=MAX_REPEATS).map_err(bad)?;
    let env = Env {
        clock: &crate::clock::now_ms,
        stop: &crate::control::stop_requested,
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeats {
        let out = match variant {
            "seq" => run_sequential(&GIL_LAB, p, &env),
            "gil" => run_threads(&GIL_LAB, p, true, &env),
            "free" => run_threads(&GIL_LAB, p, false, &env),
            _ => return Err(JsError::new("variant must be seq, gil or free")),
        };
        times.push(out.elapsed_us);
        last = Some(out);
        if out.stopped {
            break;
        }
    }
    let out = last.expect("at least one repeat");
    to_js(&Repeats {
        checksum: out.checksum,
        stopped: out.stopped,
        elapsed_us: times,
    })
}
