//! The threaded wasm build, for real: a rayon pool on Web Workers over one
//! shared memory, in headless Chromium. Run with `node scripts/test-wasm.mjs`
//! (it sets the atomics/shared-memory flags, the runner and chromedriver).
//!
//! The tests run in a dedicated worker: the page's main thread may not block
//! (`Atomics.wait` throws there), and `run_parallel` blocks until the pool is done.
//! Each check fails if the writers did not really run on several pool threads.
#![cfg(target_arch = "wasm32")]

use core::sync::atomic::Ordering::Relaxed;
use std::cell::OnceCell;
use std::collections::HashSet;

use threadlab::arena::Arena;
use threadlab::clock;
use threadlab::labs::threads_vs_processes::{self as tvp, Params};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Threads in the pool. More than one, so that a pool that silently runs
/// everything on one thread fails the tests.
const POOL: usize = 2;
const WRITERS: usize = 8;
const ITERS: u32 = 250_000;

thread_local! {
    /// `initThreadPool`'s promise. wasm-bindgen-rayon allows one pool per
    /// instance, so the first test starts it and every test awaits the same
    /// promise (a settled promise can be awaited any number of times).
    static POOL_READY: OnceCell<js_sys::Promise> = const { OnceCell::new() };
}

/// Starts the pool once per instance and waits until its threads are up.
async fn pool() {
    let global = js_sys::global();
    let isolated = js_sys::Reflect::get(&global, &"crossOriginIsolated".into())
        .ok()
        .and_then(|v| v.as_bool());
    assert_eq!(
        isolated,
        Some(true),
        "the test page must be cross-origin isolated (COOP/COEP) for SharedArrayBuffer"
    );
    let promise = POOL_READY.with(|p| p.get_or_init(|| threadlab::init_thread_pool(POOL)).clone());
    if let Err(e) = JsFuture::from(promise).await {
        panic!("initThreadPool({POOL}) failed: {e:?}");
    }
}

#[wasm_bindgen_test]
async fn pool_has_the_requested_threads() {
    pool().await;
    assert_eq!(rayon::current_num_threads(), POOL);
    assert_eq!(threadlab::wasm::pool_threads(), POOL);
    // This test runs on the worker that owns the instance, not on a pool thread.
    assert_eq!(rayon::current_thread_index(), None);
}

#[wasm_bindgen_test]
async fn parallel_count_is_exact_and_uses_several_threads() {
    pool().await;
    let p = Params::new(WRITERS, ITERS).unwrap();
    let a = Arena::boxed();
    let out = tvp::run_parallel(&a, p, &clock::now_ms, &|| {}, &|| false);

    // (a) One shared counter, W×K increments from all threads, none lost.
    assert_eq!(out.counter, WRITERS as u32 * ITERS, "shared counter");
    assert_eq!(a.counter.load(Relaxed), WRITERS as u32 * ITERS);
    assert!(!out.stopped);
    assert_eq!(out.steps, vec![ITERS; WRITERS]);
    assert_eq!(a.finished.load(Relaxed), WRITERS as u32);

    // (b) The writers ran on the pool's threads — more than one of them.
    let thread_of: Vec<u32> = (0..WRITERS).map(|w| a.thread_of[w].load(Relaxed)).collect();
    assert!(
        thread_of.iter().all(|&t| (1..=POOL as u32).contains(&t)),
        "every writer ran on a pool thread: {thread_of:?}"
    );
    let distinct: HashSet<u32> = thread_of.iter().copied().collect();
    assert!(
        distinct.len() >= 2,
        "more than one pool thread ran writers: {thread_of:?}"
    );

    // Writers on different threads were running at the same time: their
    // [start, finish] spans (one clock for all workers) overlap.
    let span = |w: usize| {
        (
            a.started_us[w].load(Relaxed),
            a.finished_us[w].load(Relaxed),
        )
    };
    let overlap = (0..WRITERS).any(|x| {
        (0..WRITERS).any(|y| {
            let ((s1, f1), (s2, f2)) = (span(x), span(y));
            thread_of[x] != thread_of[y] && s1 < f2 && s2 < f1
        })
    });
    let spans: Vec<_> = (0..WRITERS).map(span).collect();
    assert!(
        overlap,
        "writers on different threads overlapped in time: {spans:?}"
    );

    // (c) The pool is the size asked for.
    assert_eq!(rayon::current_num_threads(), POOL);
}

#[wasm_bindgen_test]
async fn parallel_iterators_use_the_pool() {
    use rayon::prelude::*;
    pool().await;
    let threads: HashSet<usize> = (0..64u32)
        .into_par_iter()
        .map(|i| {
            // Enough work per item that one thread cannot drain the queue alone.
            let mut x = i;
            for _ in 0..200_000 {
                x = core::hint::black_box(x.wrapping_mul(0x9E37_79B1).rotate_left(5));
            }
            core::hint::black_box(x);
            rayon::current_thread_index().expect("runs on a pool thread")
        })
        .collect();
    assert_eq!(
        threads.len(),
        POOL,
        "par_iter spread over every pool thread: {threads:?}"
    );
}
