//! Wall-clock milliseconds that mean the same instant in every thread.
//!
//! On the web each worker's `performance.now()` counts from its *own* time
//! origin, so two threads' readings cannot be compared; `timeOrigin + now()`
//! can. Natively, the Unix epoch does the same job.

/// Milliseconds since the Unix epoch, sub-millisecond where the platform allows.
///
/// Each thread looks its `performance` object and time origin up once: the
/// labs read the clock in their inner loops (the GIL lab after every unit of
/// work), and finding `performance` through the global object on every call —
/// several calls into JS — made those loops several times slower.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    thread_local! {
        static PERF: Option<(web_sys::Performance, f64)> = {
            let global = js_sys::global();
            let perf = if let Some(w) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
                w.performance()
            } else if let Some(w) = global.dyn_ref::<web_sys::Window>() {
                w.performance()
            } else {
                None
            };
            perf.map(|p| {
                let origin = p.time_origin();
                (p, origin)
            })
        };
    }
    PERF.with(|p| match p {
        Some((perf, origin)) => origin + perf.now(),
        None => js_sys::Date::now(),
    })
}

/// Milliseconds since the Unix epoch, sub-millisecond where the platform allows.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
