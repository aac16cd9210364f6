//! Lab `io`: I/O-bound work, the GIL and the event loop.
//!
//! N requests, each waiting a latency Lᵢ (L with seeded jitter) and then
//! costing c of CPU to handle its response, done four ways on real workers:
//! - **sequential** ([`ways::run_sequential`]): one thread, one request after
//!   another — the sequential twin;
//! - **threads under a GIL** ([`ways::run_threads`]): W threads that must hold
//!   one lock ([`gil::Gil`], words in shared memory) to compute and release it
//!   while they wait — the parallel twin;
//! - **an event loop** ([`event_loop::run_event_loop`]): one thread, N tasks as
//!   state machines that switch only at `await`, a timer heap and a ready queue;
//! - **W isolated workers** (the page's `process.js`): each worker's private
//!   instance computes with [`handle_response`]; the worker waits with a timer.
//!
//! Waiting is real waiting that uses no CPU: a thread blocks on a word of the
//! lab's memory ([`wait`]: `Atomics.wait` with a timeout in wasm).
//! Computing is a fixed number of work units ([`unit`]), calibrated once per
//! run to milliseconds on this machine ([`calibrate`]), so a time-sliced thread
//! or process cannot finish its "c ms" without getting the CPU for it.
//!
//! Page side: `www/src/labs/io/`; the Python twin is `io.py` there.

pub mod event_loop;
pub mod gil;
mod memory;
#[cfg(test)]
mod tests;
pub mod wait;
mod wasm;
pub mod ways;

pub use memory::{IoMem, IO};

/// Most requests (and event-loop tasks) per run.
pub const MAX_REQUESTS: usize = 64;
/// Most worker threads (and isolated workers).
pub const MAX_WORKERS: usize = 16;
/// Longest latency, ms.
pub const MAX_LATENCY_MS: u32 = 1000;
/// Most jitter, in % of L.
pub const MAX_JITTER_PCT: u32 = 100;
/// Longest CPU cost per response, ms.
pub const MAX_CPU_MS: u32 = 200;
/// Longest timeout, ms (0: none).
pub const MAX_TIMEOUT_MS: u32 = 5000;
/// Switch interval bounds, µs (CPython's default is 5,000).
pub const MIN_INTERVAL_US: u32 = 100;
/// See [`MIN_INTERVAL_US`].
pub const MAX_INTERVAL_US: u32 = 50_000;
/// Largest seed.
pub const MAX_SEED: u32 = 1_000_000;
/// Work units per response, at most (c = 200 ms on a fast machine).
pub const MAX_UNITS: u32 = 10_000_000;

/// What a thread does about a request slower than the timeout. (The event
/// loop always cancels the task at its `await`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnTimeout {
    /// The caller stops waiting for it; the thread carries on to the end and
    /// computes a response nobody reads (`future.result(timeout=…)`).
    Abandon,
    /// A stop is requested; the thread, blocked in its wait, sees the request
    /// only when the wait returns, and then skips the computing.
    Ask,
}

/// A run's settings, checked by [`Params::new`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Requests (tasks): 1..=64.
    pub n: usize,
    /// Latency per request before jitter, ms: 0..=1000.
    pub latency_ms: u32,
    /// Jitter, ±% of the latency: 0..=100.
    pub jitter_pct: u32,
    /// Work units to handle one response (c × units per ms).
    pub cpu_units: u32,
    /// Worker threads: 1..=16.
    pub workers: usize,
    /// Timeout per request, ms; 0: none.
    pub timeout_ms: u32,
    /// What threads do on a timeout.
    pub on_timeout: OnTimeout,
    /// The GIL's switch interval, µs.
    pub interval_us: u32,
    /// Seed of the jitter.
    pub seed: u32,
}

impl Params {
    /// Checks every bound; the message names the parameter as the URL does.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        n: usize,
        latency_ms: u32,
        jitter_pct: u32,
        cpu_units: u32,
        workers: usize,
        timeout_ms: u32,
        on_timeout: OnTimeout,
        interval_us: u32,
        seed: u32,
    ) -> Result<Self, String> {
        use super::in_range;
        in_range("n", n, 1..=MAX_REQUESTS)?;
        in_range("latency", latency_ms, 0..=MAX_LATENCY_MS)?;
        in_range("jitter", jitter_pct, 0..=MAX_JITTER_PCT)?;
        in_range("units", cpu_units, 0..=MAX_UNITS)?;
        in_range("workers", workers, 1..=MAX_WORKERS)?;
        in_range("timeout", timeout_ms, 0..=MAX_TIMEOUT_MS)?;
        in_range("interval", interval_us, MIN_INTERVAL_US..=MAX_INTERVAL_US)?;
        in_range("seed", seed, 0..=MAX_SEED)?;
        Ok(Params {
            n,
            latency_ms,
            jitter_pct,
            cpu_units,
            workers,
            timeout_ms,
            on_timeout,
            interval_us,
            seed,
        })
    }

    /// Request `i`'s latency in µs: L × (1 + jitter × u), u uniform in
    /// [−1, 1] from the seed — the same in every way and every run.
    pub fn latency_us(&self, i: usize) -> u32 {
        let u = (mix(u64::from(self.seed) << 32 | i as u64) >> 11) as f64 / (1u64 << 53) as f64;
        let f = 1.0 + f64::from(self.jitter_pct) / 100.0 * (2.0 * u - 1.0);
        (f64::from(self.latency_ms) * 1000.0 * f).round().max(0.0) as u32
    }

    /// Whether request `i` is slower than the timeout (and so timed out).
    pub fn too_slow(&self, i: usize) -> bool {
        self.timeout_ms > 0 && self.latency_us(i) > self.timeout_ms * 1000
    }

    /// The switch interval in ms.
    pub fn interval_ms(&self) -> f64 {
        f64::from(self.interval_us) / 1000.0
    }
}

/// SplitMix64's finaliser: a well-mixed 64-bit value from any input.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Iterations of arithmetic in one work unit: some microseconds, short
/// enough that a GIL holder notices a drop request quickly.
pub const UNIT_STEPS: u32 = 2048;

/// One unit of CPU work: pure arithmetic on `x`, nothing the optimiser can
/// skip (the result feeds the next unit).
pub fn unit(mut x: u64) -> u64 {
    for _ in 0..UNIT_STEPS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// Handling request `i`'s response: `units` units of work, each checking
/// `between()` — which returns false to cut the work short (a stop). Returns
/// the response's checksum, or `None` if cut short.
pub fn handle_response(i: usize, units: u32, between: &mut dyn FnMut() -> bool) -> Option<u32> {
    let mut x = mix(i as u64 + 1) | 1;
    for _ in 0..units {
        if !between() {
            return None;
        }
        x = unit(x);
    }
    Some((x ^ (x >> 32)) as u32)
}

/// Work units per millisecond on this thread, measured by running units for
/// about `ms` milliseconds of `clock`.
pub fn calibrate(clock: &dyn Fn() -> f64, ms: f64) -> f64 {
    let t0 = clock();
    let mut x = 1u64;
    let mut units = 0u64;
    loop {
        for _ in 0..16 {
            x = unit(x);
        }
        units += 16;
        let dt = clock() - t0;
        if dt >= ms {
            core::hint::black_box(x);
            return units as f64 / dt;
        }
    }
}
