//! How a thread waits, and how it sleeps: in short slices, looking at the
//! run's end (deadline or the page's stop word) every time, so a Stop lands
//! within a slice even for a thread that would wait for ever.

use core::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::time::Duration;

/// A waiter sleeps this long between looks at the lock, after a few spins.
pub const POLL_SLEEP: Duration = Duration::from_micros(100);
/// Spins before a waiter starts sleeping.
const SPINS: u32 = 20;
/// Sleeps inside or outside the lock are cut into slices this long, so a
/// Stop lands within one.
const SLICE_MS: f64 = 2.0;

/// How a thread waits for the lock: spin a little, then sleep [`POLL_SLEEP`]
/// per look, and give up when the run is over or stopped.
pub struct Waiter<'a> {
    /// The waiting thread's `wait_now_us` word, kept up to date for the page.
    pub(super) wait_now: &'a AtomicU32,
    pub(super) spins: u32,
    pub(super) since_ms: f64,
    pub(super) clock: &'a dyn Fn() -> f64,
    /// Whether the run is over (deadline passed or stop requested).
    pub(super) over: &'a dyn Fn() -> bool,
}

impl<'a> Waiter<'a> {
    /// A wait that starts now; `wait_now` is the waiting thread's word.
    pub fn new(
        wait_now: &'a AtomicU32,
        clock: &'a dyn Fn() -> f64,
        over: &'a dyn Fn() -> bool,
    ) -> Self {
        Waiter {
            wait_now,
            spins: 0,
            since_ms: clock(),
            clock,
            over,
        }
    }

    /// One more look is due: returns `false` if the thread must give up
    /// (stop word or deadline) instead of looking again.
    pub fn pause(&mut self) -> bool {
        if self.spins < SPINS {
            self.spins += 1;
            core::hint::spin_loop();
        } else {
            std::thread::sleep(POLL_SLEEP);
        }
        let waited = us((self.clock)() - self.since_ms);
        self.wait_now.store(waited.max(1), Relaxed);
        !(self.over)()
    }
}

/// Milliseconds as whole microseconds, clamped to a `u32`.
pub(super) fn us(ms: f64) -> u32 {
    (ms * 1000.0).clamp(0.0, u32::MAX as f64) as u32
}

/// Sleeps `ms` in slices, returning early when `over` says so.
pub(super) fn sleep_ms(ms: f64, clock: &dyn Fn() -> f64, over: &dyn Fn() -> bool) {
    let until = clock() + ms;
    loop {
        let left = until - clock();
        if left <= 0.0 || over() {
            return;
        }
        std::thread::sleep(Duration::from_secs_f64(left.min(SLICE_MS) / 1000.0));
    }
}
