//! Every wasm export of lab `io`.

use super::{memory, OnTimeout, Params, IO};
use crate::wasm::{bad, layout_js};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// A run's parameters as the page sends them (`www/src/labs/io/threads.js`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsParams {
    n: u32,
    latency: u32,
    jitter: u32,
    units: u32,
    workers: u32,
    timeout: u32,
    on_timeout: String,
    interval: u32,
    seed: u32,
}

fn params(v: JsValue) -> Result<Params, JsError> {
    let p: JsParams = serde_wasm_bindgen::from_value(v)
        .map_err(|e| JsError::new(&format!("bad io parameters: {e}")))?;
    let on_timeout = match p.on_timeout.as_str() {
        "abandon" => OnTimeout::Abandon,
        "ask" => OnTimeout::Ask,
        other => {
            return Err(JsError::new(&format!(
                "onTimeout must be abandon or ask (got \"{other}\")"
            )))
        }
    };
    Params::new(
        p.n as usize,
        p.latency,
        p.jitter,
        p.units,
        p.workers as usize,
        p.timeout,
        on_timeout,
        p.interval,
        p.seed,
    )
    .map_err(bad)
}

/// The lab's memory (`{base, size, fields, consts}`) for the page's views.
#[wasm_bindgen(js_name = ioLayout)]
pub fn io_layout() -> Result<JsValue, JsError> {
    layout_js(&IO, &memory::consts())
}

/// Work units per millisecond on this thread, measured for about `ms` ms
/// after as long again of warming up: the browser first runs new wasm code
/// with a baseline compiler and swaps in optimised code only once it is hot,
/// so a cold measurement (and a cold first way) would be slower than the rest.
#[wasm_bindgen(js_name = ioCalibrate)]
pub fn io_calibrate(ms: f64) -> f64 {
    let ms = ms.clamp(1.0, 200.0);
    super::calibrate(&crate::clock::now_ms, ms);
    super::calibrate(&crate::clock::now_ms, ms)
}

/// Every request's latency (µs) for these parameters: an isolated worker
/// waits exactly these, as the threads do.
#[wasm_bindgen(js_name = ioLatencies)]
pub fn io_latencies(p: JsValue) -> Result<Vec<u32>, JsError> {
    let p = params(p)?;
    Ok((0..p.n).map(|i| p.latency_us(i)).collect())
}

/// Isolated worker: handles request `i`'s response (`units` units of work)
/// and returns its checksum.
#[wasm_bindgen(js_name = ioHandleResponse)]
pub fn io_handle_response(i: u32, units: u32) -> Result<u32, JsError> {
    crate::labs::in_range("units", units, 0..=super::MAX_UNITS).map_err(bad)?;
    Ok(super::handle_response(i as usize, units, &mut || true).unwrap_or(0))
}

#[cfg(feature = "threads")]
mod threaded {
    use super::*;
    use crate::labs::io::ways::{self, Env};
    use crate::wasm::to_js;

    fn env() -> Env<'static> {
        Env {
            clock: &crate::clock::now_ms,
            stop: &crate::control::stop_requested,
        }
    }

    /// Starts a run of every way: empties the shared event log.
    #[wasm_bindgen(js_name = ioResetLog)]
    pub fn io_reset_log() {
        IO.reset_log();
    }

    /// The sequential way, on the calling thread (the coordinator).
    #[wasm_bindgen(js_name = ioRunSequential)]
    pub fn io_run_sequential(p: JsValue) -> Result<JsValue, JsError> {
        let p = params(p)?;
        to_js(&ways::run_sequential(&IO, &p, &env()))
    }

    /// W threads under the GIL, on the rayon pool.
    #[wasm_bindgen(js_name = ioRunThreads)]
    pub fn io_run_threads(p: JsValue) -> Result<JsValue, JsError> {
        let p = params(p)?;
        to_js(&ways::run_threads(&IO, &p, &env()))
    }

    /// The event loop, on the calling thread (the coordinator).
    #[wasm_bindgen(js_name = ioRunEventLoop)]
    pub fn io_run_event_loop(p: JsValue) -> Result<JsValue, JsError> {
        let p = params(p)?;
        to_js(&crate::labs::io::event_loop::run_event_loop(
            &IO,
            &p,
            &env(),
        ))
    }

    /// The convoy: `wakes` wake-ups of an I/O thread waiting `io_ms` each,
    /// alone and then beside a CPU-bound thread; needs two pool threads.
    #[wasm_bindgen(js_name = ioRunConvoy)]
    pub fn io_run_convoy(wakes: u32, io_ms: u32, interval_us: u32) -> Result<JsValue, JsError> {
        use crate::labs::{in_range, io};
        in_range("wakes", wakes, 1..=memory::MAX_WAKES as u32).map_err(bad)?;
        in_range("io", io_ms, 1..=100).map_err(bad)?;
        in_range(
            "interval",
            interval_us,
            io::MIN_INTERVAL_US..=io::MAX_INTERVAL_US,
        )
        .map_err(bad)?;
        if rayon::current_num_threads() < 2 {
            return Err(JsError::new("the convoy needs a pool of two threads"));
        }
        to_js(&ways::run_convoy(
            &IO,
            wakes as usize,
            f64::from(io_ms),
            interval_us,
            &env(),
        ))
    }
}
