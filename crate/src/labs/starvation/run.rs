//! A run: every thread's loop, and the parallel and sequential twins.

use super::locks::{lock_of, RwPolicy};
use super::waiter::{sleep_ms, us};
use super::{Params, Phase, Role, Starvation, Waiter, WRITER_UNIT};
use crate::labs::start_line::StartLine;
use core::sync::atomic::{
    AtomicU32,
    Ordering::{Relaxed, SeqCst},
};
use serde::Serialize;

/// Thread `t`'s whole run: turns until the deadline or a stop.
pub(super) fn thread_loop(
    lab: &Starvation,
    p: &Params,
    t: usize,
    lock: &dyn RwPolicy,
    clock: &dyn Fn() -> f64,
    epoch: f64,
    stop: &dyn Fn() -> bool,
) {
    let phase = &lab.phase[t];
    let role = p.role(t);
    let deadline = epoch + f64::from(p.duration_ms);
    // "Over" for sleeps; the stop word only for the time inside (a turn
    // started before the deadline is finished).
    let over = || stop() || clock() >= deadline;
    let seen = |now: f64| lab.elapsed_us.fetch_max(us(now - epoch), Relaxed);
    // Readers arrive a fraction of a hold apart (see the module doc).
    if role == Role::Reader {
        phase.store(Phase::Outside as u32, Relaxed);
        sleep_ms(
            f64::from(p.read_ms) * t as f64 / p.readers as f64,
            clock,
            &over,
        );
    }
    while !over() {
        phase.store(Phase::Waiting as u32, Relaxed);
        let mut w = Waiter::new(&lab.wait_now_us[t], clock, &over);
        let start = w.since_ms;
        let entered = match role {
            Role::Reader => lock.lock_read(lab, &mut w),
            Role::Writer => lock.lock_write(lab, &mut w),
        };
        let now = clock();
        let waited = us(now - start);
        lab.wait_total_us[t].fetch_add(waited, Relaxed);
        lab.wait_max_us[t].fetch_max(waited, Relaxed);
        lab.wait_now_us[t].store(0, Relaxed);
        seen(now);
        if !entered {
            break;
        }
        // Inside. Check the lock by an occupancy count it does not touch.
        let (unit, hold) = match role {
            Role::Reader => (1, p.read_ms),
            Role::Writer => (WRITER_UNIT, p.write_ms),
        };
        let before = lab.occupancy.fetch_add(unit, SeqCst);
        let clash = match role {
            Role::Reader => before >= WRITER_UNIT,
            Role::Writer => before != 0,
        };
        if clash {
            lab.violations.fetch_add(1, SeqCst);
        }
        lab.entries[t].fetch_add(1, Relaxed);
        phase.store(Phase::Inside as u32, Relaxed);
        sleep_ms(f64::from(hold), clock, stop);
        lab.occupancy.fetch_sub(unit, SeqCst);
        match role {
            Role::Reader => lock.unlock_read(lab),
            Role::Writer => lock.unlock_write(lab),
        }
        phase.store(Phase::Outside as u32, Relaxed);
        seen(clock());
        if p.gap_ms > 0 {
            sleep_ms(f64::from(p.gap_ms), clock, &over);
        }
    }
    phase.store(Phase::Finished as u32, Relaxed);
}

/// What a run did, per thread (readers first): the threaded export's result,
/// as the page gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Entries per thread.
    pub entries: Vec<u32>,
    /// Total wait per thread, µs.
    pub wait_total_us: Vec<u32>,
    /// Longest wait per thread, µs.
    pub wait_max_us: Vec<u32>,
    /// Times the occupancy check caught a writer with someone.
    pub violations: u32,
    /// Whether a stop cut the run short.
    pub stopped: bool,
    /// How long the run took, µs.
    pub elapsed_us: u32,
}

impl Outcome {
    /// Entries of the readers (the first `readers` threads).
    pub fn reader_entries<'a>(&'a self, p: &Params) -> &'a [u32] {
        &self.entries[..p.readers]
    }
    /// Entries of the writers.
    pub fn writer_entries<'a>(&'a self, p: &Params) -> &'a [u32] {
        &self.entries[p.readers..]
    }
}

fn outcome(lab: &Starvation, p: &Params, stopped: bool) -> Outcome {
    let col = |words: &[AtomicU32]| -> Vec<u32> {
        words[..p.threads()]
            .iter()
            .map(|w| w.load(Relaxed))
            .collect()
    };
    Outcome {
        entries: col(&lab.entries),
        wait_total_us: col(&lab.wait_total_us),
        wait_max_us: col(&lab.wait_max_us),
        violations: lab.violations.load(SeqCst),
        stopped,
        elapsed_us: lab.elapsed_us.load(Relaxed),
    }
}

/// The parallel run: every reader and writer on its own thread of the current
/// rayon pool (which must have at least R + W threads: with fewer, some would
/// only start when others finish), contending for one lock for
/// `p.duration_ms`. Blocks until all are done or `stop()` says stop.
pub fn run_parallel(
    lab: &Starvation,
    p: &Params,
    clock: &(dyn Fn() -> f64 + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Outcome, String> {
    let n = p.threads();
    if rayon::current_num_threads() < n {
        return Err(format!(
            "the pool has {} threads, and this run needs one per reader and writer ({n})",
            rayon::current_num_threads()
        ));
    }
    lab.reset(p);
    let lock = lock_of(p.policy);
    // Everyone starts together (each on its own thread, so the wait cannot
    // deadlock).
    let line = StartLine::new(n);
    rayon::broadcast(|ctx| {
        let t = ctx.index();
        if t >= n {
            return;
        }
        if let Some(epoch) = line.arrive_and_wait(clock, stop) {
            thread_loop(lab, p, t, lock, clock, epoch, stop);
        }
    });
    Ok(outcome(lab, p, stop()))
}

/// The sequential twin: the same threads' turns taken one after another on
/// this thread, round robin, for `p.duration_ms`. Nobody ever waits, so nobody
/// starves — whatever the lock: starvation needs contention.
pub fn run_sequential(
    lab: &Starvation,
    p: &Params,
    clock: &dyn Fn() -> f64,
    stop: &dyn Fn() -> bool,
) -> Outcome {
    lab.reset(p);
    let lock = lock_of(p.policy);
    let epoch = clock();
    let deadline = epoch + f64::from(p.duration_ms);
    let over = || stop() || clock() >= deadline;
    'turns: loop {
        for t in 0..p.threads() {
            if over() {
                break 'turns;
            }
            let mut w = Waiter::new(&lab.wait_now_us[t], clock, &over);
            let start = w.since_ms;
            let (entered, unit, hold) = match p.role(t) {
                Role::Reader => (lock.lock_read(lab, &mut w), 1, p.read_ms),
                Role::Writer => (lock.lock_write(lab, &mut w), WRITER_UNIT, p.write_ms),
            };
            let waited = us(clock() - start);
            lab.wait_total_us[t].fetch_add(waited, Relaxed);
            lab.wait_max_us[t].fetch_max(waited, Relaxed);
            if !entered {
                break 'turns;
            }
            if lab.occupancy.fetch_add(unit, SeqCst) != 0 {
                lab.violations.fetch_add(1, SeqCst);
            }
            lab.entries[t].fetch_add(1, Relaxed);
            sleep_ms(f64::from(hold), clock, stop);
            lab.occupancy.fetch_sub(unit, SeqCst);
            match p.role(t) {
                Role::Reader => lock.unlock_read(lab),
                Role::Writer => lock.unlock_write(lab),
            }
            lab.elapsed_us.fetch_max(us(clock() - epoch), Relaxed);
        }
    }
    for phase in &lab.phase[..p.threads()] {
        phase.store(Phase::Finished as u32, Relaxed);
    }
    outcome(lab, p, stop())
}
