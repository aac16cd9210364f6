//! Every lock is correct (never a writer with anyone); reader preference starves
//! the writer, the fair lock does not; the twins agree; Stop ends a run.
use super::run::thread_loop;
use super::*;
use crate::labs::test_pool as pool;
use crate::memory::SharedMemory;
use core::sync::atomic::{
    AtomicBool,
    Ordering::{Relaxed, SeqCst},
};
use std::time::Duration;

fn clock() -> f64 {
    crate::clock::now_ms()
}

fn params(policy: Policy, r: usize, w: usize, hold: u32, ms: u32) -> Params {
    Params::new(policy, r, w, hold, hold, 0, ms).unwrap()
}

fn run(p: &Params) -> Outcome {
    let lab = Starvation::boxed();
    pool(p.threads())
        .install(|| run_parallel(&lab, p, &clock, &|| false))
        .unwrap()
}

#[test]
fn params_are_bounded_and_named() {
    let ok = |r, w, rd, wr, g, d| Params::new(Policy::Reader, r, w, rd, wr, g, d);
    assert!(ok(0, 1, 5, 5, 0, 1000).unwrap_err().contains("readers"));
    assert!(ok(3, 0, 5, 5, 0, 1000).unwrap_err().contains("writers"));
    assert!(ok(10, 7, 5, 5, 0, 1000).unwrap_err().contains("at most 16"));
    assert!(ok(3, 1, 0, 5, 0, 1000).unwrap_err().contains("read"));
    assert!(ok(3, 1, 5, 51, 0, 1000).unwrap_err().contains("write"));
    assert!(ok(3, 1, 5, 5, 51, 1000).unwrap_err().contains("gap"));
    assert!(ok(3, 1, 5, 5, 0, 100).unwrap_err().contains("duration"));
    assert!(ok(3, 1, 5, 5, 0, 10_001)
        .unwrap_err()
        .contains("200 to 10000"));
    assert_eq!(ok(15, 1, 50, 50, 50, 10_000).unwrap().threads(), 16);
    assert!(Policy::from_name("fifo")
        .unwrap_err()
        .contains("reader, writer, fair"));
    assert_eq!(Policy::from_name("fair"), Ok(Policy::Fair));
}

#[test]
fn layout_is_in_bounds_with_a_slot_per_thread() {
    let lab = Starvation::boxed();
    let l = crate::memory::layout(&*lab, &memory::consts());
    let end = l.base + l.size;
    assert_eq!(l.fields.len(), Starvation::FIELDS.len());
    for f in &l.fields {
        assert!(
            f.offset >= l.base && f.offset + 4 * f.len <= end,
            "{} in bounds",
            f.name
        );
    }
    let entries = l.fields.iter().find(|f| f.name == "entries").unwrap();
    assert_eq!(entries.len, MAX_THREADS, "one entry count per thread");
    assert_eq!(l.consts["writerBit"], f64::from(WRITER_BIT));
    assert_eq!(l.consts["policyFair"], 3.0);
    assert_eq!(l.consts["phaseWaiting"], 2.0);
}

/// The effect: overlapping readers starve the writer under reader
/// preference; the fair lock lets it in again and again.
#[test]
fn reader_preference_starves_the_writer_and_fifo_does_not() {
    let reader = params(Policy::Reader, 3, 1, 4, 600);
    let fair = params(Policy::Fair, 3, 1, 4, 600);
    let (r, f) = std::thread::scope(|s| {
        let r = s.spawn(|| run(&reader));
        let f = s.spawn(|| run(&fair));
        (r.join().unwrap(), f.join().unwrap())
    });
    eprintln!("reader preference: {r:?}\nfair: {f:?}");
    assert_eq!(r.violations, 0);
    assert_eq!(f.violations, 0);
    let rw = r.writer_entries(&reader)[0];
    let fw = f.writer_entries(&fair)[0];
    let least_reader = *r.reader_entries(&reader).iter().min().unwrap();
    assert!(least_reader >= 20, "readers kept entering: {r:?}");
    assert!(
        rw * 10 <= least_reader,
        "the writer starves: {rw} vs {least_reader}"
    );
    assert!(fw >= 10, "fair: the writer gets in regularly ({fw})");
    assert!(rw * 5 + 2 <= fw, "reader preference {rw} ≪ fair {fw}");
    // The starving writer waited (nearly) the whole run in one go.
    assert!(r.wait_max_us[3] > 400_000, "{:?}", r.wait_max_us);
}

#[test]
fn fifo_lets_every_thread_enter() {
    let p = params(Policy::Fair, 5, 3, 2, 400);
    let out = run(&p);
    assert_eq!(out.violations, 0);
    assert!(out.entries.iter().all(|&e| e >= 1), "{out:?}");
}

#[test]
fn writer_preference_lets_writers_in_and_can_starve_readers() {
    let p = params(Policy::Writer, 3, 2, 3, 500);
    let out = run(&p);
    assert_eq!(out.violations, 0);
    let writers: u32 = out.writer_entries(&p).iter().sum();
    let readers: u32 = out.reader_entries(&p).iter().sum();
    assert!(writers >= 20, "{out:?}");
    // Two writers that come straight back always keep one waiting.
    assert!(readers * 2 <= writers, "readers starve: {out:?}");
}

#[test]
fn no_lock_ever_lets_a_writer_in_with_anyone() {
    for policy in [Policy::Reader, Policy::Writer, Policy::Fair] {
        // Many short turns, several of each role, some gaps.
        let p = Params::new(policy, 4, 3, 1, 1, 1, 300).unwrap();
        let out = run(&p);
        assert_eq!(out.violations, 0, "{policy:?}: {out:?}");
        assert!(out.entries.iter().sum::<u32>() > 50, "{policy:?}: {out:?}");
    }
}

#[test]
fn the_occupancy_check_would_catch_a_broken_lock() {
    /// Lets everyone in: no lock at all.
    struct NoLock;
    impl RwPolicy for NoLock {
        fn lock_read(&self, l: &Starvation, _: &mut Waiter) -> bool {
            l.state.fetch_add(1, SeqCst);
            true
        }
        fn lock_write(&self, _: &Starvation, _: &mut Waiter) -> bool {
            true
        }
        fn unlock_write(&self, _: &Starvation) {}
    }
    let p = params(Policy::Reader, 2, 2, 2, 200);
    let lab = Starvation::boxed();
    lab.reset(&p);
    let epoch = clock();
    std::thread::scope(|s| {
        for t in 0..p.threads() {
            let lab = &lab;
            let p = &p;
            s.spawn(move || thread_loop(lab, p, t, &NoLock, &clock, epoch, &|| false));
        }
    });
    assert!(lab.violations.load(SeqCst) > 0);
}

#[test]
fn sequential_twin_is_perfectly_fair_and_agrees_on_correctness() {
    for policy in [Policy::Reader, Policy::Writer, Policy::Fair] {
        let p = Params::new(policy, 2, 1, 2, 2, 0, 200).unwrap();
        let lab = Starvation::boxed();
        let seq = run_sequential(&lab, &p, &clock, &|| false);
        assert_eq!(seq.violations, 0);
        let (lo, hi) = (
            *seq.entries.iter().min().unwrap(),
            *seq.entries.iter().max().unwrap(),
        );
        assert!(lo >= 10 && hi - lo <= 1, "round robin: {seq:?}");
        assert!(
            seq.wait_max_us.iter().all(|&w| w < 5_000),
            "nobody waits: {seq:?}"
        );
        let par = run(&p);
        assert_eq!(par.violations, seq.violations);
    }
}

#[test]
fn stop_ends_a_run_early_even_for_a_starving_writer() {
    let p = params(Policy::Reader, 3, 1, 5, MAX_DURATION_MS);
    let lab = Starvation::boxed();
    let stop = AtomicBool::new(false);
    let t0 = std::time::Instant::now();
    let out = std::thread::scope(|s| {
        let run =
            s.spawn(|| pool(4).install(|| run_parallel(&lab, &p, &clock, &|| stop.load(Relaxed))));
        while lab.entries[0].load(Relaxed) < 5 {
            std::thread::sleep(Duration::from_millis(1));
        }
        stop.store(true, Relaxed);
        run.join().unwrap().unwrap()
    });
    assert!(out.stopped);
    assert!(t0.elapsed() < Duration::from_secs(5));
    assert!(lab.phase[..4]
        .iter()
        .all(|p| p.load(Relaxed) == Phase::Finished as u32));
    assert_eq!(lab.state.load(SeqCst), 0, "everyone left the lock");
}

#[test]
fn a_pool_too_small_is_refused() {
    let p = params(Policy::Fair, 3, 2, 1, 200);
    let lab = Starvation::boxed();
    let err = pool(2).install(|| run_parallel(&lab, &p, &clock, &|| false));
    assert!(err.unwrap_err().contains("one per reader and writer"));
}
