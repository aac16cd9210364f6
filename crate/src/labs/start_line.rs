//! The starting line: `n` threads wait until all `n` have arrived, then all go
//! at once.
//!
//! Every thread lab needs it. On two cores a thread that wakes a little late
//! could otherwise finish a short run before another has started — no lost
//! update, no overlap, no deadlock to see. Each waiting thread must be on a
//! pool thread of its own (the labs size the pool so), or the wait could never
//! end.
//!
//! Waiters spin briefly (a release is usually microseconds away) and then
//! sleep in short naps: with 16 threads on 2 cores, spinning waiters would burn
//! the very cores the last arrivals need to get there. Every wait checks the
//! stop word, so a Stop pressed while threads gather still ends the run.

use core::sync::atomic::{
    AtomicBool, AtomicU64, AtomicUsize,
    Ordering::{Acquire, Relaxed, Release},
};

/// Loads of `released` before a waiter starts napping.
const SPINS: u32 = 1 << 12;
/// One nap of a waiter that has spun long enough.
const NAP: std::time::Duration = std::time::Duration::from_micros(20);

/// One starting line for `n` threads.
#[derive(Debug)]
pub struct StartLine {
    n: usize,
    /// Threads that have arrived: 0..=n.
    arrived: AtomicUsize,
    /// false: wait. true: go — stored by the last thread to arrive, after it
    /// wrote `go_at`, with `Release`; a waiter that loads true (`Acquire`) sees
    /// `go_at` too.
    released: AtomicBool,
    /// The clock (`f64` bits) when the line was released; 0 until then.
    go_at: AtomicU64,
}

impl StartLine {
    /// A line for `n` threads.
    pub fn new(n: usize) -> Self {
        StartLine {
            n,
            arrived: AtomicUsize::new(0),
            released: AtomicBool::new(false),
            go_at: AtomicU64::new(0),
        }
    }

    /// Arrives and waits until all `n` have arrived (or `stop()` says so).
    /// The last to arrive reads `clock()` — the moment everyone was released —
    /// and releases the others. Returns that moment, or `None` if stopped
    /// while waiting.
    pub fn arrive_and_wait(&self, clock: &dyn Fn() -> f64, stop: &dyn Fn() -> bool) -> Option<f64> {
        if self.arrived.fetch_add(1, Relaxed) + 1 == self.n {
            self.go_at.store(clock().to_bits(), Relaxed);
            self.released.store(true, Release);
        }
        let mut spins = 0;
        while !self.released.load(Acquire) {
            if stop() {
                return None;
            }
            if spins < SPINS {
                spins += 1;
                core::hint::spin_loop();
            } else {
                std::thread::sleep(NAP);
            }
        }
        Some(self.go_at())
    }

    /// When the line was released (`clock()` of the last arrival); 0.0 before.
    pub fn go_at(&self) -> f64 {
        f64::from_bits(self.go_at.load(Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::sync::atomic::Ordering::SeqCst;

    #[test]
    fn nobody_leaves_before_the_last_arrives() {
        let line = StartLine::new(4);
        let arrived_when_left = std::sync::Mutex::new(Vec::new());
        let tick = AtomicU64::new(1);
        let clock = || tick.fetch_add(1, SeqCst) as f64;
        std::thread::scope(|s| {
            for i in 0..4 {
                let (line, left, clock) = (&line, &arrived_when_left, &clock);
                s.spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(5 * i));
                    let go = line.arrive_and_wait(clock, &|| false).expect("not stopped");
                    left.lock().unwrap().push((line.arrived.load(SeqCst), go));
                });
            }
        });
        let left = arrived_when_left.into_inner().unwrap();
        assert_eq!(left.len(), 4);
        for (arrived, go) in left {
            assert_eq!(arrived, 4, "left the line before everyone arrived");
            assert_eq!(go, line.go_at(), "everyone sees the release time");
        }
        assert!(line.go_at() > 0.0);
    }

    #[test]
    fn a_stop_ends_the_wait() {
        let line = StartLine::new(2);
        let stop = AtomicBool::new(false);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| line.arrive_and_wait(&|| 1.0, &|| stop.load(SeqCst)));
            std::thread::sleep(std::time::Duration::from_millis(20));
            stop.store(true, SeqCst);
            assert_eq!(waiter.join().unwrap(), None, "stopped while waiting");
        });
    }
}
