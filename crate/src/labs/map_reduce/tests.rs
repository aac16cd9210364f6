//! The twins agree pixel for pixel; a window (tile + halo) filtered alone
//! equals the same tile of the whole image; the histogram's reduction does
//! not depend on the order.
use super::tiles::{crop, window};
use super::*;
use crate::labs::test_pool as pool;

fn clock() -> f64 {
    crate::clock::now_ms()
}

/// A deterministic test picture with edges, gradients and noise.
fn picture(w: usize, h: usize) -> Vec<u8> {
    let mut s = 0x2545_f491u32;
    let mut out = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        for x in 0..w {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let ring = (((x as i32 - 20).pow(2) + (y as i32 - 15).pow(2)) < 200) as u8 * 120;
            out.extend_from_slice(&[
                (x * 255 / w) as u8 ^ ring,
                (y * 255 / h) as u8,
                (s & 0xff) as u8,
                200 + (x % 50) as u8,
            ]);
        }
    }
    out
}

fn filters() -> Vec<Filter> {
    vec![
        Filter::Threshold { level: 127 },
        Filter::Grayscale,
        Filter::Box { radius: 2 },
        Filter::Gaussian { radius: 3 },
        Filter::Gaussian {
            radius: MAX_RADIUS_T,
        },
    ]
}
const MAX_RADIUS_T: usize = filters::MAX_RADIUS;

fn sequential(src: &[u8], p: Params) -> Vec<u8> {
    let mut dst = vec![0u8; src.len()];
    assert!(run_sequential(src, &mut dst, p, &|| false));
    dst
}

#[test]
fn parse_names_bad_settings() {
    assert_eq!(Filter::parse("box", 3, 0), Ok(Filter::Box { radius: 3 }));
    assert!(Filter::parse("sharpen", 1, 0)
        .unwrap_err()
        .contains("threshold, grayscale, box, gaussian"));
    assert!(Filter::parse("box", 0, 0).unwrap_err().contains("radius"));
    assert!(Filter::parse("threshold", 1, 256)
        .unwrap_err()
        .contains("level"));
    assert!(
        Params::new(4097, 10, Filter::Grayscale, 16, 1, Schedule::Steal)
            .unwrap_err()
            .contains("width")
    );
    assert!(
        Params::new(10, 10, Filter::Grayscale, 8, 1, Schedule::Steal)
            .unwrap_err()
            .contains("tile")
    );
    assert!(
        Params::new(10, 10, Filter::Grayscale, 16, 17, Schedule::Steal)
            .unwrap_err()
            .contains("workers")
    );
}

#[test]
fn sequential_and_parallel_agree_pixel_for_pixel() {
    let (w, h) = (83, 61); // odd sizes: ragged edge tiles
    let src = picture(w, h);
    for f in filters() {
        for schedule in [Schedule::Steal, Schedule::Static] {
            for (workers, uneven) in [(1, false), (3, true), (4, false)] {
                let p = Params::new(w, h, f, 16, workers, schedule)
                    .unwrap()
                    .with_uneven(uneven);
                let seq = sequential(&src, p);
                let mut par = vec![0u8; src.len()];
                let shared = SharedPixels::new(&mut par, w);
                let mem = Box::new(MapReduceMemory::new());
                let out = pool(workers)
                    .install(|| run_parallel(&mem, &src, &shared, p, &clock, &|| {}, &|| false));
                assert_eq!(seq, par, "{f:?} {schedule:?} W={workers}");
                assert!(!out.stopped);
                assert_eq!(out.tiles_done as usize, p.tiles().len());
                assert_eq!(out.tiles_by.iter().sum::<u32>(), out.tiles_done);
                // Reduce the workers' partial histograms: the whole image's.
                let mut total = [0u32; 256];
                for part in &out.hist {
                    for (v, n) in part.iter().enumerate() {
                        total[v] += n;
                    }
                }
                assert_eq!(total, histogram(&seq));
                for t in 0..p.tiles().len() {
                    assert!(mem.tile_worker[t].load(Relaxed) as usize >= 1);
                }
            }
        }
    }
}

#[test]
fn a_window_alone_gives_the_same_tile_as_the_whole_image() {
    let (w, h) = (70, 45);
    let src = picture(w, h);
    for f in filters() {
        let p = Params::new(w, h, f, 16, 1, Schedule::Steal)
            .unwrap()
            .with_uneven(true);
        let whole = sequential(&src, p);
        let mut assembled = vec![0u8; src.len()];
        let mut out = Vec::new();
        for t in p.tiles() {
            let (win, inner) = window(t, f.halo(), w, h);
            let bins = filter_window(
                f,
                &crop(&src, w, win),
                win.w,
                win.h,
                inner,
                p.repeats(t),
                &mut out,
            );
            assert_eq!(bins, histogram(&out));
            for dy in 0..t.h {
                let at = ((t.y + dy) * w + t.x) * 4;
                assembled[at..at + t.w * 4].copy_from_slice(&out[dy * t.w * 4..(dy + 1) * t.w * 4]);
            }
        }
        assert_eq!(whole, assembled, "{f:?}");
    }
}

#[test]
fn filters_do_what_they_say() {
    let src = picture(30, 20);
    let p = |f| Params::new(30, 20, f, 16, 1, Schedule::Steal).unwrap();
    let th = sequential(&src, p(Filter::Threshold { level: 127 }));
    assert!(th
        .chunks(4)
        .all(|px| (px[0] == 0 || px[0] == 255) && px[0] == px[1] && px[1] == px[2]));
    assert!(
        th.chunks(4).zip(src.chunks(4)).all(|(o, i)| o[3] == i[3]),
        "alpha kept"
    );
    let grey = sequential(&src, p(Filter::Grayscale));
    assert_eq!(grey[0], filters::luma(&src[0..4]));
    // A flat image stays flat under either blur; the blur smooths noise.
    let flat = [90u8, 120, 30, 255].repeat(30 * 20);
    for f in [Filter::Box { radius: 4 }, Filter::Gaussian { radius: 8 }] {
        assert_eq!(sequential(&flat, p(f)), flat);
    }
    let blurred = sequential(&src, p(Filter::Box { radius: 2 }));
    let spread = |img: &[u8]| {
        let b: Vec<i32> = img.chunks(4).map(|px| px[2] as i32).collect();
        b.windows(2).map(|w| (w[0] - w[1]).abs()).sum::<i32>()
    };
    assert!(
        spread(&blurred) * 3 < spread(&src),
        "the blur smooths the noise channel"
    );
}

#[test]
fn stop_ends_a_parallel_run_early() {
    let (w, h) = (512, 512);
    let src = picture(w, h);
    let p = Params::new(w, h, Filter::Gaussian { radius: 8 }, 16, 2, Schedule::Steal).unwrap();
    let mut par = vec![0u8; src.len()];
    let shared = SharedPixels::new(&mut par, w);
    let mem = Box::new(MapReduceMemory::new());
    let stop = || mem.tiles_done.load(Relaxed) >= 10;
    let out = pool(2).install(|| run_parallel(&mem, &src, &shared, p, &clock, &|| {}, &stop));
    assert!(out.stopped);
    assert!((out.tiles_done as usize) < p.tiles().len());
}

#[test]
fn tiles_cover_the_image_once() {
    let t = tiles::tiles(83, 61, 16);
    assert_eq!(t.len(), tiles::tile_count(83, 61, 16));
    assert_eq!(t.iter().map(|r| r.w * r.h).sum::<usize>(), 83 * 61);
    let (win, inner) = window(t[0], 3, 83, 61);
    assert_eq!((win.x, win.y, win.w, win.h), (0, 0, 19, 19));
    assert_eq!((inner.x, inner.y), (0, 0));
    let (win, inner) = window(t[7], 3, 83, 61); // second row (6 tiles a row), second tile
    assert_eq!((win.x, win.y, inner.x, inner.y), (13, 13, 3, 3));
}

/// Native figures for the README's bench rows (not a check: timings are
/// noisy on shared machines). `cargo test --release -p threadlab
/// map_reduce::tests::bench -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_blur_native() {
    let (w, h) = (2048, 2048);
    let src = picture(w, h);
    let f = Filter::Gaussian { radius: 4 };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let p1 = Params::new(w, h, f, 128, 1, Schedule::Steal).unwrap();
    let best = |run: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let t0 = clock();
                run();
                clock() - t0
            })
            .fold(f64::INFINITY, f64::min)
    };
    let seq = best(&|| {
        sequential(&src, p1);
    });
    let pn = Params::new(w, h, f, 128, threads, Schedule::Steal).unwrap();
    let pool = pool(threads);
    let par = best(&|| {
        let mut dst = vec![0u8; src.len()];
        let shared = SharedPixels::new(&mut dst, w);
        let mem = Box::new(MapReduceMemory::new());
        pool.install(|| run_parallel(&mem, &src, &shared, pn, &clock, &|| {}, &|| false));
    });
    println!("# native gaussian r=4 {w}x{h}: sequential {seq:.1} ms, {threads} threads {par:.1} ms, speedup {:.2}x", seq / par);
}

#[test]
fn uneven_runs_repeat_only_the_top_quarter() {
    let p = Params::new(100, 100, Filter::Grayscale, 16, 2, Schedule::Static).unwrap();
    assert!(p.tiles().iter().all(|&t| p.repeats(t) == 1));
    let u = p.with_uneven(true);
    let heavy = u
        .tiles()
        .iter()
        .filter(|&&t| u.repeats(t) == HEAVY_REPEATS)
        .count();
    // 7 tiles a row; rows start at 0, 16, 32…: only y = 0 and 16 are < 25.
    assert_eq!(heavy, 14);
}
