//! The GIL: a lock in shared memory, taken and dropped as CPython 3.2+'s
//! "new GIL" does (`Python/ceval_gil.c`, `take_gil` / `drop_gil`).
//!
//! - A thread that wants the GIL and finds it held blocks on the holder word
//!   for at most one *switch interval*. If it wakes with the GIL still held
//!   and no switch happened meanwhile, it sets the *drop request*.
//! - The holder checks the drop request between units of work (CPython's
//!   eval breaker) and, when it is set, drops the GIL and waits until another
//!   thread has taken it (FORCE_SWITCHING) before queueing again.
//! - A thread that is about to wait for I/O drops the GIL by itself.
//!
//! So a thread waking from I/O beside a CPU-bound thread waits about one
//! switch interval before it runs: the convoy effect.

use super::memory::IoMem;
use super::wait::{wait, wake};
use core::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};

/// The GIL, over the words `gil_holder`, `gil_drop` and `gil_switches` of a
/// lab memory.
pub struct Gil<'a> {
    mem: &'a IoMem,
    interval_ms: f64,
}

impl<'a> Gil<'a> {
    /// The GIL of `mem`, with a switch interval of `interval_ms`.
    pub fn new(mem: &'a IoMem, interval_ms: f64) -> Self {
        Gil { mem, interval_ms }
    }

    /// Takes the GIL for thread `t` (blocking); false if `stop()` said so first.
    pub fn acquire(&self, t: usize, clock: &dyn Fn() -> f64, stop: &dyn Fn() -> bool) -> bool {
        let m = self.mem;
        loop {
            if m.gil_holder
                .compare_exchange(0, t as i32 + 1, Acquire, Relaxed)
                .is_ok()
            {
                m.gil_switches.fetch_add(1, SeqCst);
                // Whoever dropped on request waits for this switch.
                wake(&m.gil_switches, u32::MAX);
                m.gil_drop.store(0, Relaxed);
                return true;
            }
            if stop() {
                return false;
            }
            let holder = m.gil_holder.load(SeqCst);
            if holder == 0 {
                continue;
            }
            let switches = m.gil_switches.load(SeqCst);
            let t0 = clock();
            wait(&m.gil_holder, holder, self.interval_ms);
            let timed_out = clock() - t0 >= self.interval_ms * 0.999;
            if timed_out
                && m.gil_holder.load(SeqCst) != 0
                && m.gil_switches.load(SeqCst) == switches
            {
                m.gil_drop.store(1, SeqCst);
            }
        }
    }

    /// Whether a waiter asked the holder to drop the GIL.
    pub fn drop_requested(&self) -> bool {
        self.mem.gil_drop.load(Relaxed) != 0
    }

    /// Drops the GIL. `forced`: dropped on request — then wait (without the
    /// GIL) until another thread has taken it, so that this one does not take
    /// it straight back.
    pub fn release(&self, stop: &dyn Fn() -> bool) {
        let m = self.mem;
        let forced = self.drop_requested();
        let switches = m.gil_switches.load(SeqCst);
        m.gil_holder.store(0, Release);
        wake(&m.gil_holder, 1);
        if forced {
            while m.gil_switches.load(SeqCst) == switches && !stop() {
                wait(&m.gil_switches, switches, self.interval_ms);
            }
        }
    }
}
