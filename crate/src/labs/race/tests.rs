//! The twins agree; the racy variant loses updates on real threads; the fixes never do.
use super::memory::{consts, SPANS_PER_VARIANT};
use super::*;
use crate::labs::test_pool as pool;
use crate::memory::{Kind, SharedMemory};

fn clock() -> f64 {
    crate::clock::now_ms()
}
fn never() -> bool {
    false
}

#[test]
fn params_are_bounded_and_named() {
    assert!(Params::new(0, 10, 1).unwrap_err().contains("threads"));
    assert!(Params::new(17, 10, 1).unwrap_err().contains("1 to 16"));
    assert!(Params::new(2, 0, 1).unwrap_err().contains("iters"));
    assert!(Params::new(2, MAX_ITERS + 1, 1)
        .unwrap_err()
        .contains("iters"));
    assert!(Params::new(2, 10, 0).unwrap_err().contains("runs"));
    assert!(Params::new(2, 10, 51).unwrap_err().contains("1 to 50"));
    let p = Params::new(16, MAX_ITERS, MAX_RUNS).unwrap();
    assert_eq!(p.expected(), 160_000_000);
}

#[test]
fn sequential_twin_is_exact_for_every_variant() {
    let mem = RaceMem::new();
    let p = Params::new(4, 30_000, 3).unwrap();
    let out = run_all(&mem, p, &never, &|v| {
        run_variant_sequential(&mem, p, v, &clock, &never)
    });
    assert!(!out.stopped);
    assert_eq!(out.trials.len(), 3);
    for row in &out.trials {
        for t in row {
            assert_eq!((t.counter, t.steps, t.lost), (120_000, 120_000, 0));
        }
    }
    assert_eq!(mem.runs_done.load(Relaxed), 3);
    assert!(mem.lost.iter().flatten().all(|l| l.load(Relaxed) == 0));
    assert!(mem.time_us[..3]
        .iter()
        .flatten()
        .all(|t| t.load(Relaxed) > 0));
    assert_eq!(mem.running.load(Relaxed), IDLE);
}

/// The test that proves the bug exists: two real threads doing load-then-
/// store on one counter lose updates. Repeated until they do (on a 2-core
/// machine the first run nearly always does), with a generous bound.
#[test]
fn racy_variant_loses_updates_with_two_threads() {
    let mem = RaceMem::new();
    let p = Params::new(2, 1_000_000, 1).unwrap();
    let pool = pool(2);
    let mut lost_in = None;
    for attempt in 1..=200 {
        let t = pool.install(|| run_variant_parallel(&mem, p, Variant::Racy, &clock, &never));
        assert_eq!(t.steps, 2_000_000);
        assert_eq!(t.counter + t.lost, 2_000_000);
        if t.lost > 0 {
            lost_in = Some((attempt, t.lost));
            break;
        }
    }
    let (attempt, lost) =
        lost_in.expect("2 threads × 10⁶ racy increments lost nothing in 200 runs");
    println!("racy: lost {lost} of 2,000,000 updates (attempt {attempt})");
    assert!(
        mem.pool_threads.load(Relaxed).count_ones() == 2,
        "both pool threads ran"
    );
}

/// The fix: the mutex and the atomic are exact in every run, with more
/// threads than cores.
#[test]
fn mutex_and_atomic_are_exact_every_run() {
    let mem = RaceMem::new();
    let p = Params::new(4, 100_000, 5).unwrap();
    let out = pool(4).install(|| {
        run_all(&mem, p, &never, &|v| {
            if v == Variant::Racy {
                // Not this test's subject; keep it short.
                return Trial {
                    counter: 0,
                    steps: 0,
                    lost: 0,
                    micros: 1,
                    stopped: false,
                };
            }
            run_variant_parallel(&mem, p, v, &clock, &never)
        })
    });
    assert_eq!(out.trials.len(), 5);
    for row in &out.trials {
        for v in [Variant::Mutex, Variant::Atomic] {
            let t = row[v as usize];
            assert_eq!((t.counter, t.lost), (400_000, 0), "{v:?}");
        }
    }
    assert!(mem.pool_threads.load(Relaxed).count_ones() >= 2);
}

#[test]
fn a_whole_parallel_run_is_recorded_for_the_page() {
    let mem = RaceMem::new();
    let p = Params::new(2, 200_000, 4).unwrap();
    let out = pool(2).install(|| {
        run_all(&mem, p, &never, &|v| {
            run_variant_parallel(&mem, p, v, &clock, &never)
        })
    });
    assert_eq!(out.trials.len(), 4);
    assert_eq!(mem.runs_done.load(Relaxed), 4);
    assert_eq!(mem.expected.load(Relaxed), 400_000);
    for (r, row) in out.trials.iter().enumerate() {
        for (v, t) in row.iter().enumerate() {
            assert_eq!(mem.lost[r][v].load(Relaxed), t.lost);
            assert_eq!(mem.time_us[r][v].load(Relaxed), t.micros);
            assert_eq!(t.counter + t.lost, 400_000);
        }
        assert_eq!(row[1].lost, 0);
        assert_eq!(row[2].lost, 0);
    }
    // What the page gets: every repetition, each trial by the variant's number.
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["stopped"], false);
    assert_eq!(json["trials"].as_array().unwrap().len(), 4);
    assert_eq!(json["trials"][3][2]["counter"], 400_000);
    assert_eq!(json["trials"][0][0]["lost"], out.trials[0][0].lost);
    // The atomic's counter of the last repetition is still shown.
    assert_eq!(mem.counters[2].load(Relaxed), 400_000);
}

#[test]
fn stop_ends_a_run_early() {
    let mem = RaceMem::new();
    let stop_word = AtomicU32::new(0);
    let stop = || stop_word.load(Relaxed) != 0;
    let p = Params::new(2, MAX_ITERS, MAX_RUNS).unwrap();
    let out = std::thread::scope(|s| {
        let run = s.spawn(|| {
            pool(2).install(|| {
                run_all(&mem, p, &stop, &|v| {
                    run_variant_parallel(&mem, p, v, &clock, &stop)
                })
            })
        });
        while mem.progress[0].load(Relaxed) < 3 * CHECK_EVERY {
            std::hint::spin_loop();
        }
        stop_word.store(1, Relaxed);
        run.join().unwrap()
    });
    assert!(out.stopped);
    // Stopped inside the first variant of the first run, not at its end.
    assert!(out.trials.len() <= 1, "no run after the stop");
    assert!(
        mem.progress[0].load(Relaxed) < MAX_ITERS,
        "thread 0 stopped before its last increment"
    );
    assert_eq!(mem.runs_done.load(Relaxed) as usize, out.trials.len());
    assert_eq!(mem.running.load(Relaxed), IDLE);
}

#[test]
fn a_private_counter_alone_loses_nothing() {
    // Two "processes": two memories, each counting alone with the racy code.
    let mems = [RaceMem::new(), RaceMem::new()];
    for m in &mems {
        let mut c = 0;
        for _ in 0..5 {
            c = run_private_chunk(m, 20_000);
        }
        assert_eq!(c, 100_000);
    }
}

#[test]
fn layout_names_every_field_with_its_length() {
    let f = |name: &str| {
        let d = RaceMem::FIELDS.iter().find(|f| f.name == name).unwrap();
        (d.kind, d.len)
    };
    assert_eq!(f("counters"), (Kind::U32, VARIANTS));
    assert_eq!(f("progress"), (Kind::U32, MAX_WRITERS));
    assert_eq!(f("span_us"), (Kind::U32, VARIANTS * SPANS_PER_VARIANT));
    assert_eq!(f("lost"), (Kind::U32, MAX_RUNS * VARIANTS));
    assert_eq!(f("time_us"), (Kind::U32, MAX_RUNS * VARIANTS));
    // Fields follow the declaration, one after another.
    for w in RaceMem::FIELDS.windows(2) {
        assert!(
            w[0].offset < w[1].offset,
            "{} before {}",
            w[0].name,
            w[1].name
        );
    }
    // The page finds the variants by these numbers, not by a copied order.
    let c: std::collections::HashMap<_, _> = consts().into_iter().collect();
    assert_eq!(c["maxRuns"], MAX_RUNS as f64);
    assert_eq!(c["idle"], f64::from(IDLE));
    assert_eq!(
        [c["racy"], c["mutex"], c["atomic"]],
        Variant::ALL.map(|v| f64::from(v as u32))
    );
}
