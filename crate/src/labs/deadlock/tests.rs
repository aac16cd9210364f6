//! Every fix eats every meal; the naive philosophers really deadlock; the
//! cycle finder finds exactly the rings.
use super::*;
use crate::labs::test_pool as pool;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const FIXES: [Strategy; 3] = [Strategy::Ordered, Strategy::TryLock, Strategy::Waiter];

fn params(n: usize, s: Strategy, meals: u32, pause_ms: u32) -> Params {
    Params::new(n, s, meals, 0, 1, pause_ms).unwrap()
}

#[test]
fn params_are_bounded_and_named() {
    let s = Strategy::Naive;
    assert!(Params::new(1, s, 5, 0, 0, 0)
        .unwrap_err()
        .contains("n must be a whole number from 2 to 8 (got 1)"));
    assert!(Params::new(9, s, 5, 0, 0, 0)
        .unwrap_err()
        .contains("2 to 8"));
    assert!(Params::new(5, s, 0, 0, 0, 0).unwrap_err().contains("meals"));
    assert!(Params::new(5, s, MAX_MEALS + 1, 0, 0, 0)
        .unwrap_err()
        .contains("meals"));
    assert!(Params::new(5, s, 5, MAX_MS + 1, 0, 0)
        .unwrap_err()
        .contains("think"));
    assert!(Params::new(5, s, 5, 0, MAX_MS + 1, 0)
        .unwrap_err()
        .contains("eat"));
    assert!(Params::new(5, s, 5, 0, 0, MAX_PAUSE_MS + 1)
        .unwrap_err()
        .contains("pause"));
    assert_eq!(
        Params::new(8, s, MAX_MEALS, MAX_MS, MAX_MS, MAX_PAUSE_MS)
            .unwrap()
            .n,
        8
    );
    for s in Strategy::ALL {
        assert_eq!(Strategy::from_code(s as u32), Some(s));
        assert_eq!(Strategy::from_name(s.name()), Some(s));
    }
    assert_eq!(Strategy::from_name("polite"), None);
    assert_eq!(Strategy::from_code(4), None);
}

#[test]
fn find_cycle_finds_the_ring_and_only_a_ring() {
    // 3 philosophers, each holds its left fork and waits for its right.
    let holder = [1, 2, 3];
    assert_eq!(find_cycle(&holder, &[2, 3, 1]), Some(vec![0, 1, 2]));
    // One of them is not waiting: a chain, not a cycle.
    assert_eq!(find_cycle(&holder, &[2, 3, 0]), None);
    // Waiting for a free fork: no edge onwards.
    assert_eq!(find_cycle(&[1, 0, 3], &[2, 3, 1]), None);
    // Nobody waits.
    assert_eq!(find_cycle(&[0; 5], &[0; 5]), None);
    // A 2-cycle among 4 that does not include philosopher 0; the rest wait on it.
    // P1 holds F1 waits F2; P2 holds F2 waits F1; P0 waits F1; P3 waits F2.
    let holder = [0, 2, 3, 0];
    let waiting = [2, 3, 2, 3];
    assert_eq!(find_cycle(&holder, &waiting), Some(vec![1, 2]));
    // Started from the lowest-numbered philosopher on it.
    assert_eq!(find_cycle(&[2, 3, 1], &[2, 3, 1]), Some(vec![0, 2, 1]));
    // Out-of-range values are ignored, not a panic.
    assert_eq!(find_cycle(&[9, 9], &[7, 1]), None);
}

#[test]
fn every_fix_completes_every_meal_for_n_2_to_8() {
    for n in MIN_N..=MAX_N {
        for s in FIXES {
            let t = Table::new();
            let p = params(n, s, 12, 2);
            let out = pool(n).install(|| run_parallel(&t, p, &|| false)).unwrap();
            assert_eq!(out.meals, vec![12; n], "{} with n = {n}", s.name());
            assert!(!out.stopped);
            for f in 0..n {
                assert_eq!(t.mirror.holder[f].load(Relaxed), 0, "fork {f} put back");
                assert_eq!(t.mirror.state[f].load(Relaxed), state::DONE);
            }
            assert_eq!(t.mirror.seated.load(Relaxed), 0);
        }
    }
}

#[test]
fn the_waiter_never_seats_more_than_n_minus_1() {
    let t = Table::new();
    let p = params(5, Strategy::Waiter, 30, 1);
    let most = std::thread::scope(|s| {
        let run = s.spawn(|| pool(5).install(|| run_parallel(&t, p, &|| false)));
        let mut most = 0;
        while !run.is_finished() {
            most = most.max(t.mirror.seated.load(Relaxed));
        }
        assert_eq!(run.join().unwrap().unwrap().meals, vec![30; 5]);
        most
    });
    assert!((1..=4).contains(&most), "seated at most {most}");
}

#[test]
fn sequential_twin_completes_even_naive() {
    for s in Strategy::ALL {
        let t = Table::new();
        let out = run_sequential(&t, params(5, s, 4, 0), &|| false);
        assert_eq!(out.meals, vec![4; 5], "{}", s.name());
    }
}

#[test]
fn too_small_a_pool_is_refused() {
    let t = Table::new();
    let err = pool(2).install(|| run_parallel(&t, params(3, Strategy::Naive, 1, 0), &|| false));
    assert!(err.unwrap_err().contains("3 threads"));
}

#[test]
fn stop_ends_a_fix_run_early() {
    for s in FIXES {
        let t = Table::new();
        let stop = AtomicBool::new(false);
        let p = Params::new(4, s, MAX_MEALS, 1, 2, 2).unwrap();
        let out = std::thread::scope(|sc| {
            let run = sc.spawn(|| pool(4).install(|| run_parallel(&t, p, &|| stop.load(Relaxed))));
            while t.mirror.total_meals(4) < 8 {
                std::thread::sleep(Duration::from_millis(1));
            }
            stop.store(true, Relaxed);
            run.join().unwrap().unwrap()
        });
        assert!(out.stopped, "{}", s.name());
        assert!(out.meals.iter().all(|&m| m < MAX_MEALS));
    }
}

/// Runs the naive philosophers on a detached thread over a leaked table and
/// watches the mirror as the page does: a cycle in the wait-for graph that
/// persists with no meal eaten is a deadlock. The stuck threads are leaked
/// (they can never run again; the test process exits around them), so the
/// test cannot hang. Returns the cycle, the fork holders and waited-for
/// forks, and how long detection took.
fn naive_deadlock(n: usize) -> (Vec<usize>, Vec<u32>, Vec<u32>, Duration) {
    let table: &'static Table = Box::leak(Box::new(Table::new()));
    let p = Params::new(n, Strategy::Naive, 50, 0, 1, 20).unwrap();
    let finished: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
    std::thread::spawn(move || {
        let pool = pool(n);
        let out = pool.install(|| run_parallel(table, p, &|| false));
        finished.store(true, Relaxed);
        // Only reached if the philosophers got lucky.
        drop(out);
    });
    let t0 = Instant::now();
    let mut seen: Option<(Vec<usize>, u32, Instant)> = None;
    loop {
        assert!(
            !finished.load(Relaxed),
            "n = {n}: the naive run finished without deadlocking"
        );
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "n = {n}: no deadlock within 20 s"
        );
        let (holder, waiting) = table.mirror.snapshot(n);
        let meals = table.mirror.total_meals(n);
        match (find_cycle(&holder, &waiting), &seen) {
            (Some(c), Some((c0, m0, since))) if *c0 == c && *m0 == meals => {
                if since.elapsed() >= Duration::from_millis(300) {
                    return (c, holder, waiting, t0.elapsed());
                }
            }
            (Some(c), _) => seen = Some((c, meals, Instant::now())),
            (None, _) => seen = None,
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn naive_philosophers_deadlock_for_n_2_to_8() {
    for n in MIN_N..=MAX_N {
        let (cycle, holder, waiting, took) = naive_deadlock(n);
        // Everybody is on the cycle: each holds its left fork and waits for
        // its right one, held by its right neighbour.
        assert_eq!(cycle, (0..n).collect::<Vec<_>>(), "n = {n}");
        assert_eq!(
            holder,
            (1..=n as u32).collect::<Vec<_>>(),
            "each holds its left fork"
        );
        let right: Vec<u32> = (0..n).map(|p| ((p + 1) % n) as u32 + 1).collect();
        assert_eq!(waiting, right, "each waits for its right fork");
        eprintln!("n = {n}: deadlock detected after {took:?}");
    }
}

#[test]
fn the_mirror_is_declared_once_with_its_state_codes() {
    use crate::memory::{Kind, SharedMemory};
    let f = Mirror::FIELDS;
    let names: Vec<&str> = f.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "holder",
            "state",
            "waiting_for",
            "meals",
            "retries",
            "seated",
            "n",
            "strategy",
            "generation"
        ]
    );
    assert!(f[..5].iter().all(|f| f.kind == Kind::U32 && f.len == MAX_N));
    let c = consts();
    assert!(c.contains(&("maxN", MAX_N as f64)));
    assert!(c.contains(&("stateWaitingFork", f64::from(state::WAITING_FORK))));
    let codes: std::collections::HashSet<u64> = c
        .iter()
        .filter(|(k, _)| k.starts_with("state"))
        .map(|(_, v)| *v as u64)
        .collect();
    assert_eq!(codes.len(), 8, "every state its own code");
}

#[test]
fn the_outcome_reaches_js_with_named_fields() {
    let out = Outcome {
        meals: vec![3, 2],
        stopped: true,
    };
    assert_eq!(
        serde_json::to_string(&out).unwrap(),
        r#"{"meals":[3,2],"stopped":true}"#
    );
}
