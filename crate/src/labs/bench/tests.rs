//! Sum and paint: the twins agree, and a stop ends them.
use super::*;
use crate::labs::test_pool as pool;

#[test]
fn n_is_bounded_and_named() {
    assert!(check_n(0).unwrap_err().contains("n must be"));
    assert!(check_n(MAX_N + 1).is_err());
    assert_eq!(check_n(5), Ok(5));
}

#[test]
fn item_is_pure_and_mixes() {
    assert_eq!(item(12345), item(12345));
    assert_ne!(item(1), item(2));
    assert_ne!(item(0), 0);
}

#[test]
fn sequential_and_parallel_sums_agree() {
    for n in [1, 7, CHUNK - 1, CHUNK, CHUNK + 1, 300_001] {
        let seq = sum_sequential(n);
        for threads in [1, 2, 4] {
            let par = pool(threads).install(|| sum_parallel(n, &|| false));
            assert_eq!(par, Some(seq), "n={n}, threads={threads}");
        }
    }
}

#[test]
fn a_stopped_sum_says_so() {
    assert_eq!(pool(2).install(|| sum_parallel(1_000_000, &|| true)), None);
}

#[test]
fn paint_twins_cover_the_grid_with_valid_marks() {
    let a = Arena::boxed();
    let seq = paint_sequential(&a, 3, 100_000);
    assert_eq!(seq, vec![100_000; 3]);
    assert_eq!(a.counter.load(Relaxed), 300_000);
    let held = a.cells_by_writer(MAX_CELLS);
    assert_eq!(
        held.iter().sum::<u32>() as usize,
        MAX_CELLS,
        "every cell painted"
    );

    let b = Arena::boxed();
    let par = pool(4).install(|| paint_parallel(&b, 100_000, &|| false));
    assert_eq!(par, vec![100_000; 4]);
    assert_eq!(b.counter.load(Relaxed), 400_000);
    let held = b.cells_by_writer(MAX_CELLS);
    // Who holds a cell at the end depends on the schedule; that only the
    // four painters' marks are there does not.
    assert_eq!(held[..4].iter().sum::<u32>() as usize, MAX_CELLS);
    assert_eq!(held[4..].iter().sum::<u32>(), 0);
}

#[test]
fn paint_stops_when_done_says_so() {
    let a = Arena::boxed();
    let steps = pool(2).install(|| paint_parallel(&a, u32::MAX, &|| true));
    assert!(steps.iter().all(|&s| s == PAINT_CHECK_EVERY), "{steps:?}");
}
