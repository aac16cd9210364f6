//! The twins agree; counters are exact where they must be; the approximate
//! counter lags within its bound; the untagged stack breaks under the stress
//! schedule and the tagged one never does; the layout names every field.
use super::*;
use crate::labs::test_pool as pool;
use crate::memory::SharedMemory;
use core::sync::atomic::Ordering::Relaxed;

fn clock() -> f64 {
    crate::clock::now_ms()
}
const GO: fn() -> bool = || false;

#[test]
fn params_are_bounded_and_named() {
    assert!(BenchParams::new(0, 10, 1).unwrap_err().contains("threads"));
    assert!(BenchParams::new(4, 0, 1).unwrap_err().contains("ops"));
    assert!(BenchParams::new(4, 1, 0).unwrap_err().contains("threshold"));
    assert!(AbaParams::new(1, 10, 0, false)
        .unwrap_err()
        .contains("2 to 16"));
    assert!(AbaParams::new(2, 10, MAX_STRESS + 1, false)
        .unwrap_err()
        .contains("stress"));
    assert!(Structure::parse("queue")
        .unwrap_err()
        .contains("treiber-stack"));
    for s in Structure::ALL {
        assert_eq!(Structure::parse(s.name()), Ok(s));
    }
}

#[test]
fn sequential_and_parallel_agree() {
    let p = BenchParams::new(4, 20_000, 100).unwrap();
    for s in Structure::ALL {
        let a = LockFreeMem::new();
        let seq = run_bench(&a, s, p, false, &clock, &GO);
        let b = LockFreeMem::new();
        let par = pool(4).install(|| run_bench(&b, s, p, true, &clock, &GO));
        assert_eq!(seq.ops, 80_000, "{s:?}");
        assert_eq!(par.ops, seq.ops, "{s:?}");
        assert_eq!(
            (seq.value, seq.expected),
            (par.value, par.expected),
            "{s:?}"
        );
        assert_eq!(seq.lag, par.lag, "{s:?}: every shard ends at 20000 mod 100");
        assert!(!par.stopped);
    }
}

#[test]
fn exact_structures_are_exact_on_many_threads() {
    let p = BenchParams::new(4, 200_000, 1000).unwrap();
    for s in [
        Structure::MutexStack,
        Structure::TreiberStack,
        Structure::LockCounter,
        Structure::AtomicCounter,
    ] {
        let m = LockFreeMem::new();
        let out = pool(4).install(|| run_bench(&m, s, p, true, &clock, &GO));
        assert_eq!(out.value, out.expected, "{s:?}: {out:?}");
        assert_eq!(out.ops, 800_000);
    }
}

#[test]
fn approximate_counter_lags_within_its_bound() {
    let p = BenchParams::new(4, 100_003, 1000).unwrap();
    let m = LockFreeMem::new();
    let out = pool(4).install(|| run_bench(&m, Structure::ApproxCounter, p, true, &clock, &GO));
    assert_eq!(out.lag, 4 * 3, "each shard keeps 100003 mod 1000 = 3");
    assert!(out.lag <= 4 * (1000 - 1));
    let shards: u64 = m.shards.iter().map(|s| u64::from(s.load(Relaxed))).sum();
    assert_eq!(
        out.value + shards,
        out.expected,
        "global + shards is the truth"
    );
}

#[test]
fn treiber_stack_counts_retries_under_contention() {
    let p = BenchParams::new(4, 400_000, 1).unwrap();
    let m = LockFreeMem::new();
    let out = pool(4).install(|| run_bench(&m, Structure::TreiberStack, p, true, &clock, &GO));
    assert_eq!(out.value, NODES as u64);
    // Retries depend on the schedule; they are counted, never negative — and
    // the per-thread counts add up to the total.
    let sum: u64 = m.retries.iter().map(|r| u64::from(r.load(Relaxed))).sum();
    assert_eq!(sum, out.retries);
}

#[test]
fn untagged_stack_breaks_under_stress_tagged_never() {
    // The untagged stack: within a few tries the stress schedule lets the
    // others pop A, pop B and push A inside thread 0's window.
    let mut broke = None;
    for attempt in 0..20 {
        let m = LockFreeMem::new();
        let p = AbaParams::new(2, 20_000, 500, false).unwrap();
        let out = pool(2).install(|| run_aba(&m, p, true, &clock, &GO));
        if out.corrupted {
            eprintln!("untagged: broke on attempt {attempt}: {out:?}");
            broke = Some(out);
            break;
        }
    }
    let out = broke.expect("the untagged stack never broke in 20 runs");
    assert!(
        out.handed_twice.is_some() || out.cycle || !out.lost.is_empty(),
        "{out:?}"
    );

    for _ in 0..3 {
        let m = LockFreeMem::new();
        let p = AbaParams::new(2, 20_000, 500, true).unwrap();
        let out = pool(2).install(|| run_aba(&m, p, true, &clock, &GO));
        assert!(!out.corrupted, "tagged stack corrupted: {out:?}");
        assert!(
            out.rounds >= 20_000,
            "the victim's rounds, and the other's meanwhile"
        );
        let mut on = out.on_stack.clone();
        on.sort_unstable();
        assert_eq!(
            on,
            (0..NODES as u32).collect::<Vec<_>>(),
            "every node back, once"
        );
    }
}

#[test]
fn sequential_aba_twin_never_breaks_and_agrees() {
    let p = AbaParams::new(4, 10_000, 10, false).unwrap();
    let m = LockFreeMem::new();
    let seq = run_aba(&m, p, false, &clock, &GO);
    assert!(!seq.corrupted && seq.retries == 0, "{seq:?}");
    assert_eq!(seq.rounds, 40_000);
    let m2 = LockFreeMem::new();
    let tagged =
        pool(4).install(|| run_aba(&m2, AbaParams { tagged: true, ..p }, true, &clock, &GO));
    // In parallel the others keep going while thread 0 does its 10000 rounds
    // (how many they fit in depends on the schedule); both end with every
    // node on the stack.
    assert!(tagged.rounds >= 10_000, "{tagged:?}");
    assert!(!tagged.corrupted);
    assert_eq!(tagged.on_stack.len(), seq.on_stack.len());
    assert_eq!(seq.on_stack.len(), NODES);
}

#[test]
fn a_stop_ends_every_kernel() {
    let stop = || true;
    let m = LockFreeMem::new();
    let p = BenchParams::new(2, MAX_OPS, 10).unwrap();
    let out = pool(2).install(|| run_bench(&m, Structure::LockCounter, p, true, &clock, &stop));
    assert!(out.stopped && out.ops < 2 * u64::from(MAX_OPS));
    let out = pool(2).install(|| {
        run_aba(
            &m,
            AbaParams::new(2, MAX_OPS, 0, true).unwrap(),
            true,
            &clock,
            &stop,
        )
    });
    assert!(out.stopped && !out.corrupted);
}

#[test]
fn layout_names_every_field_with_its_length() {
    let f = |n: &str| {
        LockFreeMem::FIELDS
            .iter()
            .find(|f| f.name == n)
            .copied()
            .unwrap()
    };
    assert_eq!(f("next").len, NODES);
    assert_eq!(f("holder").len, NODES);
    assert_eq!(f("shards").len, crate::arena::MAX_WRITERS);
    assert_eq!(f("head").kind, crate::memory::Kind::U64);
    assert_eq!(
        memory::consts().iter().find(|c| c.0 == "empty").unwrap().1,
        f64::from(EMPTY)
    );
}
