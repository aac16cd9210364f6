//! Every variant does the sequential twin's work; GIL holds never overlap, free ones do.
use super::*;
use crate::labs::test_pool as pool;
use std::sync::atomic::AtomicBool;

fn clock() -> f64 {
    crate::clock::now_ms()
}
fn never() -> bool {
    false
}
const ENV: Env = Env {
    clock: &clock,
    stop: &never,
};

fn expected(p: Params) -> u64 {
    sum_range(0..p.threads as u64 * u64::from(p.work) * UNIT_ITEMS)
}

#[test]
fn params_are_bounded_and_named() {
    assert!(Params::new(0, 10, 5000).unwrap_err().contains("threads"));
    assert!(Params::new(9, 10, 5000).unwrap_err().contains("1 to 8"));
    assert!(Params::new(2, 0, 5000).unwrap_err().contains("work"));
    assert!(Params::new(2, MAX_WORK + 1, 5000)
        .unwrap_err()
        .contains("work"));
    assert!(Params::new(2, 10, 99).unwrap_err().contains("interval"));
    assert!(Params::new(2, 10, 50_001).unwrap_err().contains("interval"));
    assert!(Params::new(8, MAX_WORK, 50_000).is_ok());
}

#[test]
fn every_variant_has_the_sequential_checksum() {
    let p = Params::new(3, 300, 500).unwrap();
    let lab = GilLab::boxed();
    let seq = run_sequential(&lab, p, &ENV);
    assert_eq!(seq.checksum, expected(p));
    assert!(!seq.stopped);
    let gil = pool(3).install(|| run_threads(&lab, p, true, &ENV));
    let free = pool(3).install(|| run_threads(&lab, p, false, &ENV));
    assert_eq!(gil.checksum, seq.checksum);
    assert_eq!(free.checksum, seq.checksum);
    assert!(!gil.stopped && !free.stopped);
    // The isolated workers' shares add up to it too.
    let w = u64::from(p.work);
    let iso = (0..p.threads as u64)
        .map(|t| run_units(t * w..(t + 1) * w, &never).unwrap())
        .fold(0u64, u64::wrapping_add);
    assert_eq!(iso, seq.checksum);
    // Fewer pool threads than threads: tasks take turns, same answer.
    let fewer = pool(2).install(|| run_threads(&lab, p, true, &ENV));
    assert_eq!(fewer.checksum, seq.checksum);
}

#[test]
fn gil_holds_are_exclusive_and_every_thread_gets_turns() {
    let p = Params::new(4, 400, 200).unwrap();
    let lab = GilLab::boxed();
    let out = pool(4).install(|| run_threads(&lab, p, true, &ENV));
    assert!(!out.stopped);
    let events = lab.log(Log::Gil).events();
    assert_eq!(events.len(), lab.log(Log::Gil).count.load(Relaxed) as usize);
    // The exclusion itself: `holder` was always empty when a thread took the GIL.
    assert_eq!(lab.violations.load(Relaxed), 0, "never two holders");
    // What the page draws: a timeline whose GIL bars never overlap.
    assert_eq!(overlapping_pairs(&events), 0, "GIL holds never overlap");
    assert_eq!(most_at_once(&events), 1);
    // Every thread held it, several times: the ticket lock is fair.
    for t in 0..4 {
        let holds = lab.log(Log::Gil).holds[t].load(Relaxed);
        assert!(holds >= 2, "thread {t} held the GIL {holds} times");
        assert_eq!(lab.done[t].load(Relaxed), 400);
    }
    // Four threads each held it, one at a time: at least three hand-overs.
    // (More is likely but up to the OS: a thread it has not yet run up to
    // `acquire` is not queued, and the holder may take the GIL again.)
    assert!(lab.switches.load(Relaxed) >= 3, "the GIL changed hands");
    // (Strict round-robin is not asserted: a thread that the OS has not
    // yet run up to `acquire` is not queued, so another may go twice.)
}

#[test]
fn free_threads_hold_at_the_same_time() {
    // Two threads released together from the starting line, each with
    // ~100 ms of work: on any machine with 2 cores their holds overlap.
    let p = Params::new(2, 3000, 1000).unwrap();
    let lab = GilLab::boxed();
    let out = pool(2).install(|| run_threads(&lab, p, false, &ENV));
    assert_eq!(out.checksum, expected(p));
    let events = lab.log(Log::Free).events();
    assert!(overlapping_pairs(&events) > 0, "no overlap: {events:?}");
    assert_eq!(most_at_once(&events), 2);
    assert_eq!(lab.violations.load(Relaxed), 0);
    assert_eq!(
        lab.log(Log::Free).max_wait_us[0].load(Relaxed),
        0,
        "nobody waits"
    );
}

#[test]
fn stop_ends_every_variant() {
    let p = Params::new(2, MAX_WORK, 1000).unwrap();
    let lab = GilLab::boxed();
    let flag = AtomicBool::new(false);
    let stop = || flag.load(Relaxed);
    let env = Env {
        clock: &clock,
        stop: &stop,
    };
    std::thread::scope(|s| {
        let run = s.spawn(|| pool(2).install(|| run_threads(&lab, p, true, &env)));
        while lab.done[0].load(Relaxed) + lab.done[1].load(Relaxed) < 50 {
            std::hint::spin_loop();
        }
        flag.store(true, Relaxed);
        let out = run.join().unwrap();
        assert!(out.stopped);
        assert_eq!(lab.holder.load(Relaxed), 0, "the GIL is free again");
    });
    assert!(run_sequential(&lab, p, &env).stopped);
    assert!(
        pool(2)
            .install(|| run_threads(&lab, p, false, &env))
            .stopped
    );
    assert_eq!(run_units(0..10, &stop), None);
}

/// Prints each variant's speedup on this machine (timings: not asserted).
/// `cargo test --release -p threadlab labs::gil::tests::prints_speedups -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a check"]
fn prints_speedups() {
    let p = Params::new(2, 6000, 5000).unwrap();
    let lab = GilLab::boxed();
    let pool = pool(2);
    for _ in 0..3 {
        let seq = run_sequential(&lab, p, &ENV).elapsed_us as f64;
        let gil = pool.install(|| run_threads(&lab, p, true, &ENV)).elapsed_us as f64;
        let free = pool
            .install(|| run_threads(&lab, p, false, &ENV))
            .elapsed_us as f64;
        println!(
            "seq {:.1} ms · GIL {:.2}x · free {:.2}x",
            seq / 1000.0,
            seq / gil,
            seq / free
        );
    }
}

#[test]
fn overlap_counting() {
    let e = |thread, start_us, end_us| Event {
        thread,
        start_us,
        end_us,
    };
    assert_eq!(overlapping_pairs(&[e(0, 0, 10), e(1, 10, 20)]), 0);
    assert_eq!(overlapping_pairs(&[e(0, 0, 10), e(1, 9, 20)]), 1);
    assert_eq!(most_at_once(&[e(0, 0, 10), e(1, 10, 20)]), 1);
    assert_eq!(most_at_once(&[e(0, 0, 10), e(1, 5, 20), e(2, 6, 7)]), 3);
}

#[test]
fn layout_names_every_log_field_with_both_logs() {
    use crate::memory::SharedMemory;
    let f = |name: &str| GilLab::FIELDS.iter().find(|f| f.name == name).unwrap().len;
    assert_eq!(f("done"), MAX_THREADS);
    assert_eq!(f("count"), memory::LOGS);
    assert_eq!(f("holds"), memory::LOGS * MAX_THREADS);
    assert_eq!(f("lane"), memory::LOGS * MAX_EVENTS);
    assert_eq!(f("end_us"), memory::LOGS * MAX_EVENTS);
    // The page finds log `k` at `k × maxEvents` in `lane`: a hold recorded in
    // the free log sits there, not in the GIL's.
    let lab = GilLab::boxed();
    lab.log(Log::Free).record(1, 5, 9);
    assert_eq!(lab.lane[Log::Free as usize][0].load(Relaxed), 2);
    assert_eq!(lab.lane[Log::Gil as usize][0].load(Relaxed), 0);
    assert_eq!(
        lab.log(Log::Free).events(),
        vec![Event {
            thread: 1,
            start_us: 5,
            end_us: 9
        }]
    );
}
