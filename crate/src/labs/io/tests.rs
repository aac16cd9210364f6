//! Native tests: the twins agree; waiting overlaps and computing does not;
//! the GIL excludes; timeouts cancel exactly the slow requests; Stop is quick;
//! the convoy makes a woken thread wait about a switch interval.
use super::event_loop::run_event_loop;
use super::ways::{run_convoy, run_sequential, run_threads, Env, Status, WayOutcome};
use super::*;
use crate::control::Control;
use crate::labs::test_pool as pool;
use std::time::Instant;

fn clock() -> f64 {
    crate::clock::now_ms()
}

fn never() -> bool {
    false
}

const ENV: Env<'static> = Env {
    clock: &clock,
    stop: &never,
};

fn params(
    n: usize,
    latency: u32,
    jitter: u32,
    cpu_ms: f64,
    w: usize,
    timeout: u32,
    on: OnTimeout,
) -> Params {
    let units = (cpu_ms * units_per_ms()).round() as u32;
    Params::new(n, latency, jitter, units, w, timeout, on, 5000, 7).unwrap()
}

/// Timing tests run one at a time: on two cores, tests running beside them
/// would take the CPU they measure.
fn timed() -> std::sync::MutexGuard<'static, ()> {
    static TIMED: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TIMED.lock().unwrap_or_else(|e| e.into_inner())
}

fn units_per_ms() -> f64 {
    static UPM: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *UPM.get_or_init(|| {
        let _t = timed();
        calibrate(&clock, 30.0)
    })
}

#[test]
fn params_are_bounded_and_named() {
    let ok = |n, w| Params::new(n, 100, 10, 0, w, 0, OnTimeout::Abandon, 5000, 1);
    assert!(ok(0, 4)
        .unwrap_err()
        .contains("n must be a whole number from 1 to 64"));
    assert!(ok(65, 4).unwrap_err().contains("(got 65)"));
    assert!(ok(8, 0).unwrap_err().contains("workers"));
    assert!(ok(8, 17).unwrap_err().contains("workers"));
    assert!(Params::new(8, 1001, 0, 0, 4, 0, OnTimeout::Ask, 5000, 1)
        .unwrap_err()
        .contains("latency"));
    assert!(Params::new(8, 100, 0, 0, 4, 0, OnTimeout::Ask, 99, 1)
        .unwrap_err()
        .contains("interval"));
    assert!(ok(64, 16).is_ok());
}

#[test]
fn latencies_replay_from_the_seed_within_the_jitter() {
    let p = Params::new(64, 100, 30, 0, 4, 0, OnTimeout::Abandon, 5000, 42).unwrap();
    let a: Vec<u32> = (0..64).map(|i| p.latency_us(i)).collect();
    let b: Vec<u32> = (0..64).map(|i| p.latency_us(i)).collect();
    assert_eq!(a, b, "the same seed, the same latencies");
    assert!(a.iter().all(|&l| (70_000..=130_000).contains(&l)), "{a:?}");
    let distinct: std::collections::HashSet<_> = a.iter().collect();
    assert!(distinct.len() > 50, "jitter varies them");
    let q = Params { seed: 43, ..p };
    assert_ne!(a, (0..64).map(|i| q.latency_us(i)).collect::<Vec<_>>());
    let flat = Params { jitter_pct: 0, ..p };
    assert!((0..64).all(|i| flat.latency_us(i) == 100_000));
}

#[test]
fn the_twins_and_the_event_loop_agree() {
    let p = params(12, 10, 50, 0.5, 4, 0, OnTimeout::Abandon);
    let mem = IoMem::boxed();
    let seq = run_sequential(&mem, &p, &ENV);
    let par = pool(4).install(|| run_threads(&mem, &p, &ENV));
    let lp = run_event_loop(&mem, &p, &ENV);
    for o in [&seq, &par, &lp] {
        assert!(!o.stopped);
        assert!(o.requests.iter().all(|r| r.status == Status::Done));
        assert!(o
            .requests
            .iter()
            .all(|r| r.end_us >= r.start_us + r.latency_us));
    }
    assert_eq!(seq.checksum, par.checksum, "same responses handled");
    assert_eq!(seq.checksum, lp.checksum);
    let by_req = |o: &WayOutcome| o.requests.iter().map(|r| r.checksum).collect::<Vec<_>>();
    assert_eq!(by_req(&seq), by_req(&par));
    assert_eq!(by_req(&seq), by_req(&lp));
    // The log holds each way's waits, one per request.
    for w in [
        memory::way::SEQUENTIAL,
        memory::way::THREADS,
        memory::way::EVENT_LOOP,
    ] {
        let waits = mem
            .events(w)
            .iter()
            .filter(|e| e.2 == memory::kind::WAIT)
            .count();
        assert_eq!(waits, 12, "way {w}");
    }
}

#[test]
fn waiting_overlaps_on_threads_and_in_the_loop() {
    units_per_ms();
    let _t = timed();
    // c ≈ 0, N = 8, L = 40 ms: sequential ≈ 320 ms; W = 8 threads ≈ 40 ms; the loop ≈ 40 ms.
    let p = params(8, 40, 0, 0.0, 8, 0, OnTimeout::Abandon);
    let mem = IoMem::boxed();
    let seq = run_sequential(&mem, &p, &ENV);
    let par = pool(8).install(|| run_threads(&mem, &p, &ENV));
    let lp = run_event_loop(&mem, &p, &ENV);
    assert!(seq.elapsed_ms >= 8.0 * 40.0, "{}", seq.elapsed_ms);
    assert!(
        par.elapsed_ms < 1.5 * 40.0 + 20.0,
        "threads {}",
        par.elapsed_ms
    );
    assert!(lp.elapsed_ms < 1.5 * 40.0 + 20.0, "loop {}", lp.elapsed_ms);
    assert!(seq.elapsed_ms / par.elapsed_ms >= 3.0);
    assert!(seq.elapsed_ms / lp.elapsed_ms >= 3.0);
    assert!(
        lp.switches >= 8,
        "the loop switched at every await: {}",
        lp.switches
    );
}

#[test]
fn computing_under_the_gil_does_not_overlap() {
    units_per_ms();
    let _t = timed();
    // c ≫ L: all compute; 4 threads under the GIL are no faster than one.
    let p = params(8, 1, 0, 15.0, 4, 0, OnTimeout::Abandon);
    let mem = IoMem::boxed();
    let seq = run_sequential(&mem, &p, &ENV);
    let par = pool(4).install(|| run_threads(&mem, &p, &ENV));
    assert_eq!(
        par.max_computing, 1,
        "never two threads computing under the GIL"
    );
    // No wall-clock ratio here: on a shared machine it failed one run in six (threads 60 ms vs
    // sequential 110 ms while other builds ran). The GIL's serialisation is what the counters
    // above and below show; `npm run bench` measures the time.
    assert!(
        par.gil_takes >= 8,
        "the GIL was taken for every response: {}",
        par.gil_takes
    );
    assert_eq!(seq.checksum, par.checksum);
}

#[test]
fn timeouts_end_exactly_the_slow_requests() {
    units_per_ms();
    let _t = timed();
    // L = 30 ± 60 %: 12..48 ms; timeout 30 ms: about half are slow.
    for on in [OnTimeout::Abandon, OnTimeout::Ask] {
        let p = params(16, 30, 60, 0.2, 16, 30, on);
        let slow: Vec<bool> = (0..16).map(|i| p.too_slow(i)).collect();
        assert!(
            slow.iter().any(|&s| s) && !slow.iter().all(|&s| s),
            "{slow:?}"
        );
        let mem = IoMem::boxed();
        let lp = run_event_loop(&mem, &p, &ENV);
        for (i, r) in lp.requests.iter().enumerate() {
            let want = if slow[i] {
                Status::Cancelled
            } else {
                Status::Done
            };
            assert_eq!(r.status, want, "loop request {i}");
            if slow[i] {
                // Cancelled at its await by the timeout's timer.
                assert!(r.end_us >= r.start_us + p.timeout_ms * 1000, "{r:?}");
            }
        }
        let par = pool(16).install(|| run_threads(&mem, &p, &ENV));
        let late = if on == OnTimeout::Abandon {
            Status::Abandoned
        } else {
            Status::Skipped
        };
        for (i, r) in par.requests.iter().enumerate() {
            assert_eq!(
                r.status,
                if slow[i] { late } else { Status::Done },
                "thread request {i}"
            );
            // A thread cannot be interrupted: it waits out the whole latency.
            assert!(r.end_us >= r.start_us + r.latency_us, "{r:?}");
        }
    }
}

fn stop_after(ms: u64, run: impl FnOnce(&Env) -> WayOutcome + Send) -> (WayOutcome, f64) {
    let control = Control::new();
    let stop = || control.stop_requested();
    let env = Env {
        clock: &clock,
        stop: &stop,
    };
    std::thread::scope(|s| {
        let h = s.spawn(|| {
            let o = run(&env);
            (o, Instant::now())
        });
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let t = Instant::now();
        control.request_stop();
        let (o, ended) = h.join().unwrap();
        (o, ended.duration_since(t).as_secs_f64() * 1000.0)
    })
}

#[test]
fn stop_ends_every_way_within_100_ms() {
    units_per_ms();
    let _t = timed();
    let p = params(16, 1000, 0, 0.0, 4, 0, OnTimeout::Abandon);
    let cpu = params(
        4,
        1,
        0,
        2000.0_f64.min(MAX_UNITS as f64 / units_per_ms()),
        2,
        0,
        OnTimeout::Abandon,
    );
    let mem = IoMem::boxed();
    type Way<'a> = Box<dyn FnOnce(&Env) -> WayOutcome + Send + 'a>;
    let ways: Vec<(&str, Way)> = vec![
        ("sequential", Box::new(|e| run_sequential(&mem, &p, e))),
        (
            "threads",
            Box::new(|e| pool(4).install(|| run_threads(&mem, &p, e))),
        ),
        ("loop", Box::new(|e| run_event_loop(&mem, &p, e))),
        (
            "threads computing",
            Box::new(|e| pool(2).install(|| run_threads(&mem, &cpu, e))),
        ),
        (
            "loop computing",
            Box::new(|e| run_event_loop(&mem, &cpu, e)),
        ),
    ];
    for (name, run) in ways {
        let (o, ms) = stop_after(60, run);
        assert!(o.stopped, "{name} says it was stopped");
        assert!(ms < 100.0, "{name} took {ms:.1} ms to stop");
    }
}

#[test]
fn the_convoy_makes_a_woken_thread_wait_a_switch_interval() {
    units_per_ms();
    let _t = timed();
    let interval_us = 4000;
    let o = pool(2).install(|| run_convoy(&IoMem::boxed(), 40, 1.0, interval_us, &ENV));
    assert!(!o.stopped);
    assert_eq!((o.alone_us.len(), o.busy_us.len()), (40, 40));
    let median = |v: &[u32]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v[v.len() / 2]
    };
    let (alone, busy) = (median(&o.alone_us), median(&o.busy_us));
    assert!(
        alone < interval_us / 4,
        "alone the GIL is free at once: {alone} µs"
    );
    assert!(
        busy >= interval_us * 3 / 4,
        "beside a CPU-bound thread, about an interval: {busy} µs"
    );
    assert!(o.cpu_units > 0);
}
