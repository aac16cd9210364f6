//! The twins agree on the checksum; the plan covers every step once; the
//! memory the page reads shows one busy thread in the serial phase.
use super::*;
use crate::labs::test_pool as pool;
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

fn clock() -> f64 {
    crate::clock::now_ms()
}

#[test]
fn params_are_bounded_and_named() {
    assert!(Params::new(0, 10, 1).unwrap_err().contains("threads"));
    assert!(Params::new(17, 10, 1).unwrap_err().contains("1 to 16"));
    assert!(Params::new(2, 150, 1)
        .unwrap_err()
        .contains("s must be a whole number from 0 to 100 (got 150)"));
    assert!(Params::new(2, 10, 0).unwrap_err().contains("work"));
    assert!(Params::new(2, 10, MAX_WORK_M + 1).is_err());
    assert_eq!(Params::new(16, 100, MAX_WORK_M).unwrap().steps, 100_000_000);
    assert!(Params::with_steps(2, 10, 0).is_err());
    assert_eq!(Params::with_steps(2, 10, 77).unwrap().steps, 77);
}

#[test]
fn amdahls_law_at_its_corners() {
    assert_eq!(amdahl(0.0, 8.0), 8.0, "no serial part: linear");
    assert_eq!(amdahl(1.0, 8.0), 1.0, "all serial: flat at 1");
    assert_eq!(amdahl(0.2, 1.0), 1.0, "one thread: 1");
    assert!((amdahl(0.2, 2.0) - 1.0 / 0.6).abs() < 1e-12);
    assert!(amdahl(0.1, 1e9) < 10.0, "never past 1/s");
}

#[test]
fn the_plan_covers_every_step_once() {
    for (n, s, w) in [(1, 0, 10), (3, 20, 1000), (16, 100, 5000), (7, 33, 12_345)] {
        let plan = plan(Params::with_steps(n, s, w).unwrap());
        assert_eq!(plan.serial, 0..w * u64::from(s) / 100);
        assert_eq!(plan.shares.len(), n);
        let mut at = plan.serial.end;
        for r in &plan.shares {
            assert_eq!(r.start, at, "contiguous");
            at = r.end;
        }
        assert_eq!(at, w, "up to W");
        let sizes: HashSet<u64> = plan.shares.iter().map(|r| r.end - r.start).collect();
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
    }
}

#[test]
fn sequential_and_parallel_agree_on_the_checksum() {
    for (n, s, w) in [
        (1, 0, 50_000),
        (2, 25, 100_003),
        (4, 10, 300_001),
        (3, 100, 9_999),
    ] {
        let p = Params::with_steps(n, s, w).unwrap();
        let seq = run_sequential(p);
        let mem = AmdahlMemory::new();
        let out = pool(n).install(|| run_parallel(&mem, p, &clock, &|| false));
        assert!(!out.stopped);
        assert_eq!(out.checksum, seq, "n={n} s={s} W={w}");
        assert_eq!(seq, bench::sum_sequential(w as u32), "the bench lab's sum");
        // The memory the page reads says every step was done.
        let plan = plan(p);
        assert_eq!(mem.phase.load(Relaxed), phase::DONE);
        assert_eq!(mem.serial_done.load(Relaxed), len32(&plan.serial));
        for t in 0..n {
            assert_eq!(mem.parallel_done[t].load(Relaxed), len32(&plan.shares[t]));
            assert_eq!(mem.busy[t].load(Relaxed), 0);
        }
        assert!(out.total_ms >= out.serial_ms && out.total_ms >= out.parallel_ms);
    }
}

#[test]
fn isolated_pieces_add_up_to_the_same_checksum() {
    // The process side: the serial part and each share summed separately
    // (each in its own worker), added up by the page.
    let p = Params::with_steps(3, 20, 250_001).unwrap();
    let plan = plan(p);
    let total = plan
        .shares
        .iter()
        .map(|r| sum_share(r.clone()))
        .fold(sum_share(plan.serial.clone()), u64::wrapping_add);
    assert_eq!(total, run_sequential(p));
}

#[test]
fn a_pool_smaller_than_n_still_does_every_share() {
    let p = Params::with_steps(5, 10, 200_000).unwrap();
    let mem = AmdahlMemory::new();
    let out = pool(2).install(|| run_parallel(&mem, p, &clock, &|| false));
    assert_eq!(out.checksum, run_sequential(p));
}

/// The effect, shown in memory: during the serial phase exactly one thread
/// is busy; during the parallel phase more than one is.
#[test]
fn one_thread_works_in_the_serial_phase_and_all_in_the_parallel_one() {
    let p = Params::new(4, 50, 8).unwrap();
    let mem = AmdahlMemory::new();
    let (most_serial, most_parallel) = std::thread::scope(|s| {
        let run = s.spawn(|| pool(4).install(|| run_parallel(&mem, p, &clock, &|| false)));
        let (mut ms, mut mp) = (0, 0);
        while !run.is_finished() {
            let busy = (0..4).filter(|&t| mem.busy[t].load(Relaxed) == 1).count();
            match mem.phase.load(Relaxed) {
                phase::SERIAL => ms = ms.max(busy),
                phase::PARALLEL => mp = mp.max(busy),
                _ => {}
            }
        }
        assert!(!run.join().unwrap().stopped);
        (ms, mp)
    });
    assert_eq!(most_serial, 1, "one busy thread in the serial phase");
    assert!(
        most_parallel >= 2,
        "several busy threads in the parallel phase"
    );
}

/// With the serial part large, more threads barely help: the parallel phase
/// shrinks, the serial phase does not. (Only robust facts: this machine's
/// cores may be busy with other work.)
#[test]
fn the_serial_phase_does_not_shrink_with_threads() {
    let p1 = Params::new(1, 100, 4).unwrap();
    let p2 = Params::new(2, 100, 4).unwrap();
    let mem = AmdahlMemory::new();
    let a = pool(1).install(|| run_parallel(&mem, p1, &clock, &|| false));
    let b = pool(2).install(|| run_parallel(&mem, p2, &clock, &|| false));
    assert_eq!(a.checksum, b.checksum);
    assert!(a.parallel_ms < a.serial_ms && b.parallel_ms < b.serial_ms);
    assert_eq!(
        mem.parallel_total[0].load(Relaxed),
        0,
        "s = 100 %: nothing to share"
    );
}

#[test]
fn stop_ends_a_run_early() {
    let p = Params::new(2, 10, MAX_WORK_M).unwrap();
    let mem = AmdahlMemory::new();
    let flag = AtomicBool::new(false);
    let out = std::thread::scope(|s| {
        let run =
            s.spawn(|| pool(2).install(|| run_parallel(&mem, p, &clock, &|| flag.load(Relaxed))));
        while mem.serial_done.load(Relaxed) < 100_000 {
            std::hint::spin_loop();
        }
        flag.store(true, Relaxed);
        run.join().unwrap()
    });
    assert!(out.stopped);
    assert_eq!(mem.phase.load(Relaxed), phase::STOPPED);
    assert!(mem.serial_done.load(Relaxed) < mem.serial_total.load(Relaxed));
}

#[test]
fn layout_names_every_field_in_order() {
    use crate::memory::{Kind, SharedMemory};
    let f = AmdahlMemory::FIELDS;
    for w in f.windows(2) {
        assert!(
            w[0].offset < w[1].offset,
            "{} before {}",
            w[0].name,
            w[1].name
        );
    }
    let done = f.iter().find(|f| f.name == "parallel_done").unwrap();
    let total = f.iter().find(|f| f.name == "parallel_total").unwrap();
    assert_eq!((done.kind, done.len), (Kind::U32, MAX_THREADS));
    assert_eq!(total.offset - done.offset, 4 * MAX_THREADS);
    let c = consts();
    assert!(c.contains(&("maxThreads", MAX_THREADS as f64)));
    assert!(c.contains(&("phaseStopped", f64::from(phase::STOPPED))));
}

#[test]
fn the_outcome_reaches_js_with_named_fields() {
    let out = Outcome {
        checksum: u64::MAX,
        total_ms: 2.0,
        serial_ms: 1.0,
        parallel_ms: 1.0,
        stopped: false,
    };
    let v = serde_json::to_value(&out).unwrap();
    assert_eq!(v["totalMs"], 2.0);
    assert_eq!(v["checksum"], u64::MAX, "the whole u64, not two halves");
}
