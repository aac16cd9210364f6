//! The sequential and the threaded way (twins: one body, run by one thread
//! or by W threads under the GIL), and the convoy experiment.

use super::gil::Gil;
use super::memory::{kind, way, IoMem, MAX_WAKES};
use super::wait::sleep_until;
use super::{handle_response, unit, OnTimeout, Params};
use crate::labs::start_line::StartLine;
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering::*};
use serde::Serialize;
use std::sync::Mutex;

/// The clock and the stop word a run reads.
pub struct Env<'a> {
    /// Milliseconds, the same instant in every thread ([`crate::clock::now_ms`]).
    pub clock: &'a (dyn Fn() -> f64 + Sync),
    /// Whether somebody asked the run to stop.
    pub stop: &'a (dyn Fn() -> bool + Sync),
}

/// What became of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Its response came and was handled.
    Done,
    /// Event loop: cancelled at its `await` when its timeout fired.
    Cancelled,
    /// Threads: the caller gave up on it at the timeout; the thread went on,
    /// waited the whole latency and handled a response nobody read.
    Abandoned,
    /// Threads: asked to stop at the timeout; the thread saw it only when
    /// its wait returned, and skipped the handling.
    Skipped,
    /// The run was stopped first (or it never started).
    Stopped,
}

/// One request as it went.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// Its latency, µs.
    pub latency_us: u32,
    /// The row (thread or task) that did it.
    pub row: u32,
    /// When it was sent and when it ended (handled, cancelled or skipped), µs.
    pub start_us: u32,
    /// See `start_us`.
    pub end_us: u32,
    /// What became of it.
    pub status: Status,
    /// Its response's checksum (0 unless handled).
    pub checksum: u32,
}

/// What one way's run did (the kernels' result, as the page gets it).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WayOutcome {
    /// Wall time from the start to the last request's end, ms.
    pub elapsed_ms: f64,
    /// Every request, by index.
    pub requests: Vec<Request>,
    /// Wrapping sum of the handled responses' checksums.
    pub checksum: u32,
    /// Whether a stop cut the run short.
    pub stopped: bool,
    /// Event loop: how many times it switched from one task to another.
    pub switches: u32,
    /// Threads: how many times the GIL was taken.
    pub gil_takes: u32,
    /// The most threads seen computing at once (1 under the GIL).
    pub max_computing: u32,
    /// Time spent computing, summed over rows, ms.
    pub cpu_ms: f64,
    /// Time spent waiting for the GIL, summed over threads, ms.
    pub gil_wait_ms: f64,
}

pub(crate) fn us(epoch: f64, now: f64) -> u32 {
    ((now - epoch) * 1000.0).max(0.0) as u32
}

pub(crate) fn outcome(requests: Vec<Request>, elapsed_ms: f64, stopped: bool) -> WayOutcome {
    let checksum = requests
        .iter()
        .fold(0u32, |a, r| a.wrapping_add(r.checksum));
    WayOutcome {
        elapsed_ms,
        requests,
        checksum,
        stopped,
        switches: 0,
        gil_takes: 0,
        max_computing: 0,
        cpu_ms: 0.0,
        gil_wait_ms: 0.0,
    }
}

/// Sums a thread adds to the way's totals.
#[derive(Default)]
struct Totals {
    cpu_us: AtomicU32,
    gil_wait_us: AtomicU32,
}

/// One thread's loop: take the next request, wait for its response without
/// the GIL (blocked on its own word), take the GIL, handle the response.
#[allow(clippy::too_many_arguments)]
fn thread_body(
    mem: &IoMem,
    w: u8,
    t: usize,
    gil: Option<&Gil>,
    p: &Params,
    next: &AtomicUsize,
    out: &Mutex<Vec<Request>>,
    totals: &Totals,
    epoch: f64,
    env: &Env,
) {
    let now = || us(epoch, (env.clock)());
    loop {
        let i = next.fetch_add(1, Relaxed);
        if i >= p.n || (env.stop)() {
            break;
        }
        let latency_us = p.latency_us(i);
        let sent = now();
        mem.open(w, t, kind::WAIT, sent);
        let deadline = epoch + (f64::from(sent) + f64::from(latency_us)) / 1000.0;
        let mut req = Request {
            latency_us,
            row: t as u32,
            start_us: sent,
            end_us: sent,
            status: Status::Stopped,
            checksum: 0,
        };
        let came = sleep_until(&mem.io_word[t], deadline, env.clock, env.stop);
        let woke = now();
        mem.record(w, t, i, kind::WAIT, sent, woke);
        mem.close(w, t);
        if !came {
            req.end_us = woke;
            out.lock().unwrap_or_else(|e| e.into_inner())[i] = req;
            break;
        }
        let late = p.too_slow(i);
        if late {
            let at = sent + p.timeout_ms * 1000;
            match p.on_timeout {
                OnTimeout::Abandon => mem.record(w, t, i, kind::ABANDONED, at, at),
                OnTimeout::Ask => {
                    mem.record(w, t, i, kind::SAW_STOP, woke, woke);
                    req.status = Status::Skipped;
                    req.end_us = woke;
                    out.lock().unwrap_or_else(|e| e.into_inner())[i] = req;
                    continue;
                }
            }
        }
        // Handle the response: computing needs the GIL.
        let mut piece = woke;
        let mut holding = take(mem, w, t, i, gil, &mut piece, totals, env, &now);
        let mut between = || {
            if (env.stop)() || !holding {
                return false;
            }
            if let Some(g) = gil.filter(|g| g.drop_requested()) {
                let at = now();
                put_down(mem, w, t, i, piece, at, totals);
                g.release(env.stop);
                piece = now();
                holding = take(mem, w, t, i, gil, &mut piece, totals, env, &now);
                return holding;
            }
            true
        };
        let sum = handle_response(i, p.cpu_units, &mut between);
        let end = now();
        if holding {
            put_down(mem, w, t, i, piece, end, totals);
            if let Some(g) = gil {
                g.release(env.stop);
            }
        }
        req.end_us = end;
        if let Some(sum) = sum {
            req.checksum = sum;
            req.status = if late {
                Status::Abandoned
            } else {
                Status::Done
            };
        }
        out.lock().unwrap_or_else(|e| e.into_inner())[i] = req;
        if sum.is_none() {
            break;
        }
    }
}

/// Takes the GIL (if any) to compute: records the wait for it (hatched) and
/// opens a computing segment. `piece` is when the wait began; on return,
/// when computing began. False if stopped while waiting.
#[allow(clippy::too_many_arguments)]
fn take(
    mem: &IoMem,
    w: u8,
    t: usize,
    i: usize,
    gil: Option<&Gil>,
    piece: &mut u32,
    totals: &Totals,
    env: &Env,
    now: &dyn Fn() -> u32,
) -> bool {
    if let Some(g) = gil {
        mem.open(w, t, kind::GIL_WAIT, *piece);
        let got = g.acquire(t, env.clock, env.stop);
        let at = now().max(*piece);
        if at > *piece {
            mem.record(w, t, i, kind::GIL_WAIT, *piece, at);
            totals.gil_wait_us.fetch_add(at - *piece, Relaxed);
        }
        mem.close(w, t);
        if !got {
            return false;
        }
        *piece = at;
    }
    mem.open(w, t, kind::COMPUTE, *piece);
    let c = mem.computing.fetch_add(1, SeqCst) + 1;
    mem.max_computing.fetch_max(c, Relaxed);
    true
}

/// Ends a computing segment `[from, to]`.
fn put_down(mem: &IoMem, w: u8, t: usize, i: usize, from: u32, to: u32, totals: &Totals) {
    mem.computing.fetch_sub(1, SeqCst);
    mem.record(w, t, i, kind::COMPUTE, from, to);
    mem.close(w, t);
    totals.cpu_us.fetch_add(to.saturating_sub(from), Relaxed);
}

fn finish(
    mem: &IoMem,
    requests: Vec<Request>,
    epoch: f64,
    totals: &Totals,
    env: &Env,
) -> WayOutcome {
    let elapsed_ms = (env.clock)() - epoch;
    let stopped = (env.stop)() || requests.iter().any(|r| r.status == Status::Stopped);
    let mut o = outcome(requests, elapsed_ms, stopped);
    o.max_computing = mem.max_computing.load(Relaxed);
    o.cpu_ms = f64::from(totals.cpu_us.load(Relaxed)) / 1000.0;
    o.gil_wait_ms = f64::from(totals.gil_wait_us.load(Relaxed)) / 1000.0;
    mem.end_way();
    o
}

fn blank(p: &Params) -> Vec<Request> {
    (0..p.n)
        .map(|i| Request {
            latency_us: p.latency_us(i),
            row: 0,
            start_us: 0,
            end_us: 0,
            status: Status::Stopped,
            checksum: 0,
        })
        .collect()
}

/// The sequential twin: every request one after another on this thread —
/// wait, then handle — as `for url in urls: handle(get(url))`.
pub fn run_sequential(mem: &IoMem, p: &Params, env: &Env) -> WayOutcome {
    mem.begin_way(way::SEQUENTIAL);
    let out = Mutex::new(blank(p));
    let totals = Totals::default();
    let next = AtomicUsize::new(0);
    let epoch = (env.clock)();
    thread_body(
        mem,
        way::SEQUENTIAL,
        0,
        None,
        p,
        &next,
        &out,
        &totals,
        epoch,
        env,
    );
    let requests = out.into_inner().unwrap_or_else(|e| e.into_inner());
    finish(mem, requests, epoch, &totals, env)
}

/// The parallel twin: W threads on the current rayon pool take requests from
/// one queue; each waits without the GIL and computes holding it. Blocks
/// until every request is done or the run is stopped.
pub fn run_threads(mem: &IoMem, p: &Params, env: &Env) -> WayOutcome {
    mem.begin_way(way::THREADS);
    mem.gil_switches.store(0, Relaxed);
    let gil = Gil::new(mem, p.interval_ms());
    let out = Mutex::new(blank(p));
    let totals = Totals::default();
    let next = AtomicUsize::new(0);
    let w = p.workers;
    let t0 = (env.clock)();
    let epoch_cell = Mutex::new(None::<f64>);
    let body = |t: usize, epoch: f64| {
        thread_body(
            mem,
            way::THREADS,
            t,
            Some(&gil),
            p,
            &next,
            &out,
            &totals,
            epoch,
            env,
        );
    };
    if w <= rayon::current_num_threads() {
        // All W threads leave together: the run's clock starts at the release.
        let line = StartLine::new(w);
        rayon::broadcast(|ctx| {
            let t = ctx.index();
            if t < w {
                let go = line.arrive_and_wait(env.clock, env.stop);
                if let Some(go) = go {
                    *epoch_cell.lock().unwrap_or_else(|e| e.into_inner()) = Some(go);
                    body(t, go);
                }
            }
        });
    } else {
        // Fewer pool threads than workers: they take turns as rayon tasks.
        rayon::scope(|s| {
            for t in 0..w {
                let body = &body;
                s.spawn(move |_| body(t, t0));
            }
        });
    }
    let epoch = epoch_cell
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or(t0);
    let requests = out.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut o = finish(mem, requests, epoch, &totals, env);
    o.gil_takes = mem.gil_switches.load(Relaxed) as u32;
    o
}

/// What the convoy experiment measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConvoyOutcome {
    /// Wake-to-run delays of the I/O thread alone, µs.
    pub alone_us: Vec<u32>,
    /// The same beside a CPU-bound thread that holds the GIL, µs.
    pub busy_us: Vec<u32>,
    /// The switch interval, µs.
    pub interval_us: u32,
    /// Units the CPU-bound thread computed.
    pub cpu_units: u32,
    /// Whether a stop cut it short.
    pub stopped: bool,
}

/// The I/O thread of the convoy: `wakes` times, wait `io_ms` without the GIL
/// (blocked on its word), then take the GIL and note how long that took
/// after waking; do one unit; drop the GIL to wait again.
fn io_thread(
    mem: &IoMem,
    gil: &Gil,
    wakes: usize,
    io_ms: f64,
    log: &[AtomicU32],
    env: &Env,
) -> usize {
    let mut x = 1u64;
    for (k, slot) in log.iter().enumerate().take(wakes.min(MAX_WAKES)) {
        let t0 = (env.clock)();
        if !sleep_until(&mem.io_word[1], t0 + io_ms, env.clock, env.stop) {
            return k;
        }
        let woke = (env.clock)();
        if !gil.acquire(1, env.clock, env.stop) {
            return k;
        }
        let delay = us(woke, (env.clock)());
        slot.store(delay, Relaxed);
        x = unit(x);
        gil.release(env.stop);
    }
    core::hint::black_box(x);
    wakes.min(MAX_WAKES)
}

/// The convoy: first the I/O thread alone, then beside a CPU-bound thread
/// that computes holding the GIL and drops it only when asked. Needs a pool
/// of at least two threads.
pub fn run_convoy(
    mem: &IoMem,
    wakes: usize,
    io_ms: f64,
    interval_us: u32,
    env: &Env,
) -> ConvoyOutcome {
    mem.begin_way(way::CONVOY);
    mem.convoy_count[0].store(0, Relaxed);
    mem.convoy_count[1].store(0, Relaxed);
    mem.convoy_cpu_units.store(0, Relaxed);
    let gil = Gil::new(mem, f64::from(interval_us) / 1000.0);
    let alone = io_thread(mem, &gil, wakes, io_ms, &mem.convoy_alone_us, env);
    mem.convoy_count[0].store(alone as u32, Release);
    let io_done = AtomicBool::new(false);
    let busy = AtomicUsize::new(0);
    if !(env.stop)() {
        let line = StartLine::new(2);
        rayon::broadcast(|ctx| match ctx.index() {
            0 => {
                if line.arrive_and_wait(env.clock, env.stop).is_none()
                    || !gil.acquire(0, env.clock, env.stop)
                {
                    return;
                }
                let mut x = 3u64;
                let mut units = 0u32;
                while !io_done.load(Acquire) && !(env.stop)() {
                    x = unit(x);
                    units += 1;
                    if gil.drop_requested() {
                        gil.release(env.stop);
                        if !gil.acquire(0, env.clock, env.stop) {
                            break;
                        }
                    }
                }
                mem.convoy_cpu_units.store(units, Relaxed);
                core::hint::black_box(x);
                if mem.gil_holder.load(Relaxed) == 1 {
                    gil.release(env.stop);
                }
            }
            1 => {
                if line.arrive_and_wait(env.clock, env.stop).is_some() {
                    let n = io_thread(mem, &gil, wakes, io_ms, &mem.convoy_busy_us, env);
                    busy.store(n, Relaxed);
                    mem.convoy_count[1].store(n as u32, Release);
                }
                io_done.store(true, Release);
            }
            _ => {}
        });
    }
    mem.end_way();
    let read = |log: &[AtomicU32], n: usize| log[..n].iter().map(|v| v.load(Relaxed)).collect();
    let busy = busy.load(Relaxed);
    ConvoyOutcome {
        alone_us: read(&mem.convoy_alone_us, alone),
        busy_us: read(&mem.convoy_busy_us, busy),
        interval_us,
        cpu_units: mem.convoy_cpu_units.load(Relaxed),
        stopped: alone < wakes.min(MAX_WAKES) || busy < wakes.min(MAX_WAKES),
    }
}
