//! ThreadLab's core, and its thin wasm boundary.
//!
//! The same crate is built twice for the browser (see `scripts/build-wasm.mjs`):
//! - **threads** (`--features threads`, atomics, shared memory): one instance in
//!   a coordinator worker, its rayon pool on Web Workers via wasm-bindgen-rayon,
//!   all threads writing the one [`arena::ARENA`] the page watches;
//! - **plain** (no atomics): one private instance per isolated worker — the
//!   process analogue.
//!
//! Everything below is glue: the kernels live in [`labs`], the memory layout in
//! [`arena`].

// A "threaded" build without the atomics feature links fine but gets an
// unshared memory, and the pool then fails at run time with `DataCloneError:
// #<Memory> could not be cloned` (since rust-lang/rust#147225 `+atomics` no
// longer implies shared memory). Refuse it here instead.
#[cfg(all(
    target_arch = "wasm32",
    feature = "threads",
    not(target_feature = "atomics")
))]
compile_error!(
    "the `threads` feature needs `-C target-feature=+atomics,+bulk-memory,+mutable-globals` \
     and shared-memory link args; build with `npm run build:wasm`"
);

pub mod arena;
pub mod clock;
pub mod labs;
// The stepper is single-threaded and deterministic: the page runs it on the
// plain build only, so the threaded build every thread lab loads leaves it out.
#[cfg(not(feature = "threads"))]
pub mod stepper;

use arena::{ARENA, LAYOUT_FIELDS};
use labs::threads_vs_processes as tvp;
use wasm_bindgen::prelude::*;

#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Which build this is: `"threads"` (shared memory, rayon pool) or `"plain"`.
#[wasm_bindgen(js_name = buildKind)]
pub fn build_kind() -> String {
    if cfg!(feature = "threads") {
        "threads"
    } else {
        "plain"
    }
    .into()
}

/// This instance's `WebAssembly.Memory`. In the threaded build it is shared: the
/// coordinator posts it to the page once, and the page's views see every write.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The arena's field addresses in linear memory, as `{name: byteOffset}` (and
/// `maxCells`). The page builds its typed-array views from this.
#[wasm_bindgen(js_name = arenaLayout)]
pub fn arena_layout() -> Result<JsValue, JsValue> {
    layout_object(LAYOUT_FIELDS.iter().copied().zip(ARENA.layout()))
}

/// `{name: value}` as a JS object: how every lab hands the page the byte
/// offsets of its memory (and a few constants), for its typed-array views.
pub(crate) fn layout_object<'a>(
    fields: impl IntoIterator<Item = (&'a str, usize)>,
) -> Result<JsValue, JsValue> {
    let layout = js_sys::Object::new();
    for (name, value) in fields {
        js_sys::Reflect::set(&layout, &name.into(), &(value as f64).into())?;
    }
    Ok(layout.into())
}

/// Clears the arena for a new run.
#[wasm_bindgen(js_name = arenaReset)]
pub fn arena_reset() {
    ARENA.reset();
}

/// Checks a `threads-vs-processes` run's settings; the error names the parameter.
#[wasm_bindgen(js_name = tvpCheck)]
pub fn tvp_check(writers: u32, iters: u32) -> Result<(), JsError> {
    tvp::Params::new(writers as usize, iters)
        .map(|_| ())
        .map_err(|e| JsError::new(&e))
}

/// Isolated worker: writer `writer`'s steps `start..end` on this instance's
/// private arena. Returns the steps done (fewer if stopped).
#[wasm_bindgen(js_name = tvpRunChunk)]
pub fn tvp_run_chunk(writer: u32, start: u32, end: u32) -> Result<u32, JsError> {
    let p = tvp::Params::new(writer as usize + 1, end.max(1)).map_err(|e| JsError::new(&e))?;
    if start > end {
        return Err(JsError::new("chunk start must not exceed its end"));
    }
    Ok(tvp::run_chunk(&ARENA, p.writers - 1, start..end))
}

/// Threaded build: runs all writers at once on the rayon pool, over the shared
/// arena, and blocks until they are done or stopped. `slow` pauses each writer
/// 4 ms every [`tvp::CHECK_EVERY`] steps so a person can watch. Returns
/// `[counter, stopped, steps of writer 0, …]`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = tvpRunThreads)]
pub fn tvp_run_threads(writers: u32, iters: u32, slow: bool) -> Result<Vec<u32>, JsError> {
    let p = tvp::Params::new(writers as usize, iters).map_err(|e| JsError::new(&e))?;
    let pace = move || {
        if slow {
            std::thread::sleep(std::time::Duration::from_millis(4));
        }
    };
    let out = tvp::run_parallel(&ARENA, p, &clock::now_ms, &pace);
    let mut v = vec![out.counter, out.stopped as u32];
    v.extend(out.steps);
    Ok(v)
}

/// Threaded build: how many threads the rayon pool has.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    rayon::current_num_threads()
}

/// The `bench` lab's CPU-bound sum, sequential twin, on this thread:
/// `[low 32 bits, high 32 bits]` of the checksum.
#[wasm_bindgen(js_name = benchSum)]
pub fn bench_sum(n: u32) -> Result<Vec<u32>, JsError> {
    let n = labs::bench::check_n(n).map_err(|e| JsError::new(&e))?;
    Ok(u64_words(labs::bench::sum_sequential(n)).to_vec())
}

/// Threaded build: the same sum on the rayon pool. Returns
/// `[low 32 bits, high 32 bits, stopped]`; the page's stop word ends it early.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = benchSumThreads)]
pub fn bench_sum_threads(n: u32) -> Result<Vec<u32>, JsError> {
    let n = labs::bench::check_n(n).map_err(|e| JsError::new(&e))?;
    Ok(
        match labs::bench::sum_parallel(n, &|| ARENA.stop_requested()) {
            Some(s) => {
                let [lo, hi] = u64_words(s);
                vec![lo, hi, 0]
            }
            None => vec![0, 0, 1],
        },
    )
}

/// Threaded build: every pool thread paints the 256 × 256 arena grid for `ms`
/// milliseconds (or until the stop word). Returns `[stopped, cells painted by
/// thread 0, …]`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = benchPaintThreads)]
pub fn bench_paint_threads(ms: u32) -> Result<Vec<u32>, JsError> {
    if !(1..=labs::bench::MAX_PAINT_MS).contains(&ms) {
        return Err(JsError::new(&format!(
            "paint time must be 1 to {} ms (got {ms})",
            labs::bench::MAX_PAINT_MS
        )));
    }
    let deadline = clock::now_ms() + f64::from(ms);
    let steps = labs::bench::paint_parallel(&ARENA, u32::MAX, &|| clock::now_ms() >= deadline);
    let mut v = vec![ARENA.stop_requested() as u32];
    v.extend(steps);
    Ok(v)
}

/// A `u64` as `[low 32 bits, high 32 bits]`: a JS number cannot hold it whole.
fn u64_words(x: u64) -> [u32; 2] {
    [x as u32, (x >> 32) as u32]
}
