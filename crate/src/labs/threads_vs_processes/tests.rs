//! The twins agree; the counter is exact; processes keep only their own colour.
use super::*;
use crate::control::Control;
use crate::labs::test_pool as pool;
use std::collections::HashSet;

fn clock() -> f64 {
    crate::clock::now_ms()
}

#[test]
fn params_are_bounded_and_named() {
    assert!(Params::new(0, 10).unwrap_err().contains("workers"));
    assert!(Params::new(17, 10).unwrap_err().contains("1 to 16"));
    assert!(Params::new(4, 0).unwrap_err().contains("iters"));
    assert!(Params::new(4, MAX_ITERS + 1).unwrap_err().contains("iters"));
    assert_eq!(Params::new(16, MAX_ITERS).unwrap().writers, 16);
}

#[test]
fn cells_scatter_over_the_whole_grid() {
    let seen: HashSet<usize> = (0..50_000).map(cell_for).collect();
    assert!(seen.iter().all(|&c| c < CELLS));
    assert!(seen.len() > CELLS * 95 / 100, "only {} cells", seen.len());
    assert_ne!(cell_for(5), cell_for(6));
}

#[test]
fn sequential_and_parallel_agree() {
    let p = Params::new(4, 50_000).unwrap();
    let a = Arena::boxed();
    let seq = run_sequential(&a, p, &clock, &|| false);
    let seq_painted: Vec<bool> = (0..CELLS)
        .map(|i| a.writers[i].load(Relaxed) != 0)
        .collect();

    let b = Arena::boxed();
    let par = pool(4).install(|| run_parallel(&b, p, &clock, &|| {}, &|| false));
    let par_painted: Vec<bool> = (0..CELLS)
        .map(|i| b.writers[i].load(Relaxed) != 0)
        .collect();

    assert_eq!(seq, par, "same counter and steps");
    assert_eq!(seq.counter, 4 * 50_000);
    assert!(!par.stopped);
    // Which cells got painted does not depend on the schedule; who painted
    // them last does.
    assert_eq!(seq_painted, par_painted);
    for i in 0..CELLS {
        let w = b.writers[i].load(Relaxed);
        if w != 0 {
            let ticket = b.cells[i].load(Relaxed) - 1;
            assert_eq!(cell_for(ticket), i, "cell {i} holds a real ticket");
        }
    }
}

#[test]
fn parallel_count_is_exact_and_uses_several_threads() {
    let p = Params::new(8, 400_000).unwrap();
    let a = Arena::boxed();
    // Watch the shared grid while the threads write it, as the page does.
    let (out, most_colours) = std::thread::scope(|s| {
        let run = s.spawn(|| pool(4).install(|| run_parallel(&a, p, &clock, &|| {}, &|| false)));
        let mut most = 0;
        while !run.is_finished() {
            let seen = a.cells_by_writer(CELLS).iter().filter(|&&n| n > 0).count();
            most = most.max(seen);
        }
        (run.join().unwrap(), most)
    });
    assert_eq!(out.counter, 8 * 400_000);
    assert_eq!(a.finished.load(Relaxed), 8);
    let threads: HashSet<u32> = (0..8).map(|w| a.thread_of[w].load(Relaxed)).collect();
    assert!(
        threads.iter().all(|&t| t > 0),
        "every writer ran on a pool thread"
    );
    assert!(threads.len() >= 2, "more than one thread ran: {threads:?}");
    assert!(
        most_colours >= 2,
        "the one shared grid held several writers at once"
    );
}

#[test]
fn with_a_thread_per_writer_each_runs_on_its_own_thread() {
    // A short run: without the starting line, one thread often did both.
    let p = Params::new(4, 2_000).unwrap();
    let a = Arena::boxed();
    let out = pool(4).install(|| run_parallel(&a, p, &clock, &|| {}, &|| false));
    assert_eq!(out.counter, 4 * 2_000);
    let threads: HashSet<u32> = (0..4).map(|w| a.thread_of[w].load(Relaxed)).collect();
    assert_eq!(threads.len(), 4, "one pool thread per writer: {threads:?}");
    // (Whether their recorded spans overlap is up to the OS here: four
    // threads on a 2-core machine are time-sliced.)
}

#[test]
fn isolated_chunks_keep_only_their_own_writer() {
    // Two "processes": two arenas, each run by one writer in chunks.
    let arenas = [Arena::boxed(), Arena::boxed()];
    for (w, a) in arenas.iter().enumerate() {
        a.reset();
        let mut done = 0;
        for chunk in (0..30_000u32).step_by(7_000) {
            done += run_chunk(a, w, chunk..(chunk + 7_000).min(30_000));
        }
        assert_eq!(done, 30_000);
        assert_eq!(
            a.counter.load(Relaxed),
            30_000,
            "each private counter ends at K"
        );
        let by_writer = a.cells_by_writer(CELLS);
        assert!(by_writer[w] > 0);
        assert_eq!(
            by_writer.iter().sum::<u32>(),
            by_writer[w],
            "only its own colour"
        );
    }
}

#[test]
fn stop_ends_a_run_early() {
    let p = Params::new(2, MAX_ITERS).unwrap();
    let a = Arena::boxed();
    let control = Control::new();
    let stop = || control.stop_requested();
    let out = std::thread::scope(|s| {
        let run = s.spawn(|| pool(2).install(|| run_parallel(&a, p, &clock, &|| {}, &stop)));
        while a.counter.load(Relaxed) < 10_000 {
            std::hint::spin_loop();
        }
        control.request_stop();
        run.join().unwrap()
    });
    assert!(out.stopped);
    assert!(out.counter < 2 * MAX_ITERS);
    assert_eq!(out.counter, out.steps.iter().sum::<u32>());
}
