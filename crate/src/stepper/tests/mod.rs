//! Native tests of the stepper: the "must hold" facts, modes, errors, fuzzing,
//! and CPython equivalence of sequential runs.

use super::explore::{explore, final_globals, output_text};
use super::*;

mod classes;
mod cpython;
// clock
mod clock;
mod clock_fuzz;
mod differential;
mod differential_threads;
mod ex_modes;
mod ex_search;
// explore: stronger reduction
mod endless;
mod exploring;
mod fuzz;
mod fuzz_common;
mod local_runs;
mod por;
mod python3;
mod symmetry;
// functions
mod funcs;
mod fuzz_classes;
// numbers
mod fuzz_funcs;
mod fuzz_numbers;
mod language;
mod limits;
mod semantics;
mod stepping;
// numbers
mod differential_numbers;
mod numbers;
// stdlib
mod stdlib;
// futures
mod futures;
// samples
mod samples;
// collections
mod collections;
mod fuzz_collections;
// asyncio
mod aio;
mod fuzz_aio;
// speed
mod speed;

fn sample(id: &str) -> &'static Sample {
    SAMPLES.iter().find(|s| s.id == id).expect("sample exists")
}

/// A program run in the sequential order in `mode`: what it printed, "kind: message" of its
/// ending ("none" if it has none), and the machine at the end.
fn run_sequential_in(src: &str, mode: &str) -> (String, String, Machine) {
    let mut s = Session::new(src, mode, 3).expect("compiles");
    s.run_sequential(vm::MAX_STEPS + 1);
    let kind = s
        .cur
        .outcome
        .as_ref()
        .map_or("none".to_string(), |o| format!("{}: {}", o.kind, o.message));
    (output_text(&s.cur), kind, s.cur)
}

/// The distinct endings of an exploration as (kind, the value of global `name` if set), sorted.
fn endings_of(r: &explore::ExploreResult, name: &str) -> Vec<(String, Option<String>)> {
    let mut v: Vec<_> = r
        .outcomes
        .iter()
        .map(|o| {
            let g = o.globals.iter().find(|(k, _)| k == name);
            (o.kind.clone(), g.map(|(_, v)| v.clone()))
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn machine(src: &str, mode: &str) -> Machine {
    Session::new(src, mode, 3).expect("compiles").init
}

fn counter_values(src: &str, mode: &str) -> Vec<String> {
    let r = explore(&machine(src, mode), 200_000, true);
    assert!(r.complete, "exploration finished within the budget");
    let mut v: Vec<String> = r
        .outcomes
        .iter()
        .filter(|o| o.kind == "finished")
        .filter_map(|o| {
            o.globals
                .iter()
                .find(|(k, _)| k == "counter")
                .map(|(_, v)| v.clone())
        })
        .collect();
    v.sort();
    v.dedup();
    v
}
// multiprocessing
mod mp;
mod mp_fuzz;
