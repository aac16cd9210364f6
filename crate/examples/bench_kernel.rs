//! Native twin of the `bench` lab's CPU-bound kernel, for `npm run bench` (P2):
//! the same sum, compiled for this machine in release, timed `repeats` times on
//! one thread (and on a pool of every core, for reference).
//!
//! `cargo run --release -p threadlab --example bench_kernel -- <n> <repeats>`
//! prints one line of JSON: `{"n", "checksum", "seqMs": [...], "parMs": [...], "threads"}`.

use std::time::Instant;
use threadlab::labs::bench::{check_n, sum_parallel, sum_sequential};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u32 = args
        .next()
        .map_or(Ok(8_000_000), |a| a.parse())
        .expect("n: a whole number");
    let repeats: usize = args
        .next()
        .map_or(Ok(5), |a| a.parse())
        .expect("repeats: a whole number");
    let n = check_n(n).unwrap_or_else(|e| panic!("{e}"));
    let time = |f: &dyn Fn() -> u64| {
        let t0 = Instant::now();
        let s = f();
        (t0.elapsed().as_secs_f64() * 1000.0, s)
    };
    // One warm-up of each, as the page does.
    let checksum = sum_sequential(n);
    let _ = sum_parallel(n, &|| false);
    let mut seq = Vec::new();
    let mut par = Vec::new();
    for _ in 0..repeats {
        let (ms, s) = time(&|| sum_sequential(n));
        assert_eq!(s, checksum);
        seq.push(ms);
        let (ms, s) = time(&|| sum_parallel(n, &|| false).unwrap_or(0));
        assert_eq!(s, checksum);
        par.push(ms);
    }
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    println!(
        "{{\"n\":{n},\"checksum\":\"{checksum}\",\"seqMs\":[{}],\"parMs\":[{}],\"threads\":{}}}",
        list(&seq),
        list(&par),
        rayon::current_num_threads()
    );
}
