//! Wall-clock milliseconds that mean the same instant in every thread.
//!
//! On the web each worker's `performance.now()` counts from its *own* time
//! origin, so two threads' readings cannot be compared; `timeOrigin + now()`
//! can. Natively, the Unix epoch does the same job.

/// Milliseconds since the Unix epoch, sub-millisecond where the platform allows.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let perf = if let Some(w) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        w.performance()
    } else if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        w.performance()
    } else {
        None
    };
    perf.map_or_else(js_sys::Date::now, |p| p.time_origin() + p.now())
}

/// Milliseconds since the Unix epoch, sub-millisecond where the platform allows.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
