//! Every wasm export of lab `map-reduce`.
//!
//! Threaded build: the coordinator loads the image (`mrLoadImage`) and runs
//! the parallel twin over it (`mrRunThreads`). Plain build, in each isolated
//! worker: `mrWindowInput` / `mrFilterWindow` / `mrWindowOutput` filter one
//! window with the copies in and out left to JS, so that JS can time them apart
//! from the kernel; `mrLoadImage` + `mrRunSequential` + `mrResult` give the
//! one-worker baseline.

use super::shared_image::IMAGE;
use super::{memory, Filter, Params, Rect, Schedule, MEMORY};
use crate::wasm::{bad, layout_js};
use core::sync::atomic::Ordering::Relaxed;
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

/// The lab's memory (`{base, size, fields, consts}`) for the page's views.
#[wasm_bindgen(js_name = mrLayout)]
pub fn mr_layout() -> Result<JsValue, JsError> {
    layout_js(&MEMORY, &memory::consts())
}

fn filter(name: &str, radius: u32, level: u32) -> Result<Filter, JsError> {
    Filter::parse(name, radius, level).map_err(bad)
}

/// Takes an RGBA image into this instance (wasm-bindgen copies `pixels` in,
/// once: the `Vec` it fills is kept as the source) and clears the result;
/// publishes both addresses in the lab's memory.
#[wasm_bindgen(js_name = mrLoadImage)]
pub fn mr_load_image(width: u32, height: u32, pixels: Vec<u8>) -> Result<(), JsError> {
    let (w, h) = (width as usize, height as usize);
    super::super::in_range("width", w, 1..=super::MAX_SIDE).map_err(bad)?;
    super::super::in_range("height", h, 1..=super::MAX_SIDE).map_err(bad)?;
    if pixels.len() != w * h * 4 {
        return Err(JsError::new("the pixels are not width × height × 4 bytes"));
    }
    let mut image = IMAGE
        .lock()
        .map_err(|_| JsError::new("the image lock is poisoned"))?;
    // Free the old buffers before allocating the new ones.
    *image = None;
    let mut dst = vec![0u8; pixels.len()];
    let mut src = pixels;
    MEMORY.src_ptr.store(src.as_mut_ptr() as u32, Relaxed);
    MEMORY.dst_ptr.store(dst.as_mut_ptr() as u32, Relaxed);
    MEMORY.width.store(width, Relaxed);
    MEMORY.height.store(height, Relaxed);
    *image = Some((w, h, src, dst));
    Ok(())
}

/// The one-worker baseline on the loaded image, into its result, and the
/// result's histogram (the work every way does: map and reduce). Returns the
/// milliseconds of both (no copying in them).
#[wasm_bindgen(js_name = mrRunSequential)]
pub fn mr_run_sequential(
    name: &str,
    radius: u32,
    level: u32,
    tile: u32,
    uneven: bool,
) -> Result<f64, JsError> {
    let f = filter(name, radius, level)?;
    let mut image = IMAGE
        .lock()
        .map_err(|_| JsError::new("the image lock is poisoned"))?;
    let (w, h, src, dst) = image
        .as_mut()
        .ok_or_else(|| JsError::new("no image loaded"))?;
    let p = Params::new(*w, *h, f, tile as usize, 1, Schedule::Steal)
        .map_err(bad)?
        .with_uneven(uneven);
    let t0 = crate::clock::now_ms();
    super::run_sequential(src, dst, p, &crate::control::stop_requested);
    std::hint::black_box(super::histogram(dst));
    Ok(crate::clock::now_ms() - t0)
}

/// A copy of the loaded image's result pixels.
#[wasm_bindgen(js_name = mrResult)]
pub fn mr_result() -> Result<Vec<u8>, JsError> {
    let image = IMAGE
        .lock()
        .map_err(|_| JsError::new("the image lock is poisoned"))?;
    Ok(image.as_ref().map(|i| i.3.clone()).unwrap_or_default())
}

/// The isolated worker's scratch: the window it was handed and the tile it made.
static SCRATCH: Mutex<(Vec<u8>, Vec<u8>)> = Mutex::new((Vec::new(), Vec::new()));

/// Makes room for a window of `len` bytes and returns its address: JS copies
/// the window there itself (timed as copying).
#[wasm_bindgen(js_name = mrWindowInput)]
pub fn mr_window_input(len: u32) -> Result<u32, JsError> {
    let mut s = SCRATCH
        .lock()
        .map_err(|_| JsError::new("the scratch lock is poisoned"))?;
    s.0.resize(len as usize, 0);
    Ok(s.0.as_mut_ptr() as u32)
}

/// Filters tile `(x, y, w, h)` of the window at `mrWindowInput` (`win_w ×
/// win_h` pixels) into the output at `mrWindowOutput`; returns the tile's
/// histogram (256 bins).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = mrFilterWindow)]
pub fn mr_filter_window(
    name: &str,
    radius: u32,
    level: u32,
    win_w: u32,
    win_h: u32,
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    repeats: u32,
) -> Result<Vec<u32>, JsError> {
    let f = filter(name, radius, level)?;
    let (win_w, win_h) = (win_w as usize, win_h as usize);
    let inner = Rect {
        x: x as usize,
        y: y as usize,
        w: w as usize,
        h: h as usize,
    };
    let mut s = SCRATCH
        .lock()
        .map_err(|_| JsError::new("the scratch lock is poisoned"))?;
    if s.0.len() != win_w * win_h * 4
        || inner.x + inner.w > win_w
        || inner.y + inner.h > win_h
        || inner.w == 0
        || inner.h == 0
    {
        return Err(JsError::new("the tile does not fit its window"));
    }
    let (input, output) = &mut *s;
    let repeats = (repeats as usize).clamp(1, super::HEAVY_REPEATS);
    Ok(super::filter_window(f, input, win_w, win_h, inner, repeats, output).to_vec())
}

/// Where `mrFilterWindow` left the tile's pixels (`w × h × 4` bytes).
#[wasm_bindgen(js_name = mrWindowOutput)]
pub fn mr_window_output() -> Result<u32, JsError> {
    let s = SCRATCH
        .lock()
        .map_err(|_| JsError::new("the scratch lock is poisoned"))?;
    Ok(s.1.as_ptr() as u32)
}

/// Threaded build: the parallel twin over the loaded image, on the pool, every
/// thread writing its tiles into the shared result. `schedule`: `steal` or
/// `static`; `slow` pauses a thread 30 ms after each tile so a person can
/// watch. Returns the [`super::Outcome`].
#[cfg(feature = "threads")]
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = mrRunThreads)]
pub fn mr_run_threads(
    name: &str,
    radius: u32,
    level: u32,
    tile: u32,
    workers: u32,
    schedule: &str,
    uneven: bool,
    slow: bool,
) -> Result<JsValue, JsError> {
    let f = filter(name, radius, level)?;
    let schedule = match schedule {
        "steal" => Schedule::Steal,
        "static" => Schedule::Static,
        _ => return Err(JsError::new("schedule must be one of steal, static")),
    };
    let mut image = IMAGE
        .lock()
        .map_err(|_| JsError::new("the image lock is poisoned"))?;
    let (w, h, src, dst) = image
        .as_mut()
        .ok_or_else(|| JsError::new("no image loaded"))?;
    let p = Params::new(*w, *h, f, tile as usize, workers as usize, schedule)
        .map_err(bad)?
        .with_uneven(uneven);
    if p.tiles().len() > super::MAX_TILES {
        return Err(JsError::new("too many tiles: choose bigger tiles"));
    }
    // (The result is all zeros: every run loads its image afresh.)
    let out_px = super::SharedPixels::new(dst, *w);
    let pace = move || {
        if slow {
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    };
    let out = super::run_parallel(
        &MEMORY,
        src,
        &out_px,
        p,
        &crate::clock::now_ms,
        &pace,
        &crate::control::stop_requested,
    );
    crate::wasm::to_js(&out)
}

/// Every tile of a `width × height` image in `side`-pixel tiles with its
/// window: 11 numbers a tile — tile x y w h, window x y w h, the tile's x y
/// inside the window, how many times it is filtered (`Params::repeats`). The page and every worker cut the
/// image by this one list; the halo is the filter's.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = mrWindows)]
pub fn mr_windows(
    width: u32,
    height: u32,
    side: u32,
    name: &str,
    radius: u32,
    level: u32,
    uneven: bool,
) -> Result<Vec<u32>, JsError> {
    let (w, h) = (width as usize, height as usize);
    let f = filter(name, radius, level)?;
    let halo = f.halo();
    let p = Params::new(w, h, f, side as usize, 1, Schedule::Steal)
        .map_err(bad)?
        .with_uneven(uneven);
    let mut out = Vec::new();
    for t in p.tiles() {
        let (win, inner) = super::tiles::window(t, halo, w, h);
        for v in [
            t.x,
            t.y,
            t.w,
            t.h,
            win.x,
            win.y,
            win.w,
            win.h,
            inner.x,
            inner.y,
            p.repeats(t),
        ] {
            out.push(v as u32);
        }
    }
    Ok(out)
}

/// The grey-value histogram of RGBA pixels (256 bins).
#[wasm_bindgen(js_name = mrHistogram)]
pub fn mr_histogram(pixels: &[u8]) -> Vec<u32> {
    super::histogram(pixels).to_vec()
}
