//! Blocking on a word of memory with a timeout: how a thread of this lab
//! waits for "I/O" or for the GIL without using the CPU.
//!
//! In the threaded wasm build this is `Atomics.wait` on the word (the
//! `memory.atomic.wait32` instruction underneath): the Web Worker sleeps
//! until another thread notifies the word or the timeout passes. Natively (the tests) a
//! small parking lot of mutex + condition-variable buckets does the same
//! job. In the plain build nothing here is called (an isolated worker waits
//! with a timer).
//!
//! Every wait is capped at [`SLICE_MS`]: callers loop until their deadline,
//! checking the stop word between slices, so a Stop lands within that.

use core::sync::atomic::{AtomicI32, Ordering::SeqCst};

/// Longest single block, ms: a Stop is seen at least this often.
pub const SLICE_MS: f64 = 20.0;

/// Blocks while `*word == expected`, for at most `timeout_ms` (capped at
/// [`SLICE_MS`]), or until [`wake`]. May return early (spuriously): callers
/// re-check what they wait for.
pub fn wait(word: &AtomicI32, expected: i32, timeout_ms: f64) {
    let ms = timeout_ms.clamp(0.0, SLICE_MS);
    imp::wait(word, expected, ms);
}

/// Wakes up to `count` threads blocked on `word`.
pub fn wake(word: &AtomicI32, count: u32) {
    imp::wake(word, count);
}

/// Blocks on `word` (which nobody notifies) until `deadline` of `clock`, or
/// until `stop()`; returns false if stopped. This is a request's "I/O".
pub fn sleep_until(
    word: &AtomicI32,
    deadline: f64,
    clock: &dyn Fn() -> f64,
    stop: &dyn Fn() -> bool,
) -> bool {
    loop {
        if stop() {
            return false;
        }
        let left = deadline - clock();
        if left <= 0.0 {
            return true;
        }
        wait(word, word.load(SeqCst), left);
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
mod imp {
    //! `Atomics.wait` / `Atomics.notify` on an `Int32Array` over this
    //! instance's shared memory. (The wasm instructions themselves,
    //! `core::arch::wasm32::memory_atomic_wait32`, still need a nightly
    //! feature gate at the crate root; the JS call is the same operation.)
    use core::sync::atomic::AtomicI32;
    use js_sys::{Atomics, Int32Array, WebAssembly};
    use wasm_bindgen::JsCast;

    /// The memory as `i32`s and the index of `word` in it. Made afresh each
    /// time: a grown memory has a new buffer (wasm-bindgen#2222), and waits
    /// last milliseconds, so the few microseconds do not matter.
    fn view(word: &AtomicI32) -> (Int32Array, u32) {
        let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let index = (word as *const AtomicI32 as usize / 4) as u32;
        (Int32Array::new(&memory.buffer()), index)
    }

    pub fn wait(word: &AtomicI32, expected: i32, ms: f64) {
        let (a, i) = view(word);
        // "not-equal", "timed-out" or "ok" all mean: look again.
        let _ = Atomics::wait_with_timeout(&a, i, expected, ms);
    }

    pub fn wake(word: &AtomicI32, count: u32) {
        let (a, i) = view(word);
        let _ = Atomics::notify_with_count(&a, i, count);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    //! A parking lot: each word hashes to a bucket. A waiter checks the word
    //! under the bucket's mutex and sleeps on its condvar; a waker (who
    //! changed the word first) takes the same mutex, so no wake-up is lost.
    use core::sync::atomic::{AtomicI32, Ordering::SeqCst};
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    const BUCKETS: usize = 16;
    static LOT: [(Mutex<()>, Condvar); BUCKETS] =
        [const { (Mutex::new(()), Condvar::new()) }; BUCKETS];

    fn bucket(word: &AtomicI32) -> &'static (Mutex<()>, Condvar) {
        &LOT[(word as *const AtomicI32 as usize >> 2) % BUCKETS]
    }

    pub fn wait(word: &AtomicI32, expected: i32, ms: f64) {
        let (m, c) = bucket(word);
        let g = m.lock().unwrap_or_else(|e| e.into_inner());
        if word.load(SeqCst) != expected {
            return;
        }
        let _ = c.wait_timeout(g, Duration::from_secs_f64(ms / 1000.0));
    }

    pub fn wake(word: &AtomicI32, _count: u32) {
        let (m, c) = bucket(word);
        drop(m.lock().unwrap_or_else(|e| e.into_inner()));
        c.notify_all();
    }
}

/// The plain build has no threads to block: a "wait" there just spins on the
/// clock (never used by the page; it keeps the kernels compiling).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod imp {
    use core::sync::atomic::AtomicI32;

    pub fn wait(_word: &AtomicI32, _expected: i32, ms: f64) {
        let end = crate::clock::now_ms() + ms;
        while crate::clock::now_ms() < end {
            core::hint::spin_loop();
        }
    }

    pub fn wake(_word: &AtomicI32, _count: u32) {}
}
