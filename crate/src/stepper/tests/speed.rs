//! Speed (vm/cow.rs, vm/state_hash.rs): the state hash stays exact while parts of the state are
//! shared and their hashes cached — states that differ hash differently, equal states equally,
//! however the hash was reached — and the twenty-thread read-sleep-write race the bench uses.

use super::*;
use search::{Search, Strategy};
use std::collections::HashMap;
use value::Value;

/// The bench's twenty-thread race in the book's style: read, `time.sleep`, write.
pub(super) const RACE20_SLEEP: &str = include_str!("spd_race_sleep20.py");

/// Everything `Machine::state_hash` covers, as text (slow, exact).
fn identity(m: &Machine) -> String {
    if m.outcome.is_some() {
        let mems: Vec<_> = m.mems.iter().map(|x| (&*x.globals, &x.heap)).collect();
        return format!("{:?} {:?} {:?}", m.outcome, m.output, mems);
    }
    let mems: Vec<_> = m.mems.iter().map(|x| (&*x.globals, &x.heap)).collect();
    let turn = match m.mode {
        vm::Mode::Gil | vm::Mode::GilEval => format!("{:?} {}", m.current, m.run_count),
        vm::Mode::Asyncio => format!("{:?}", m.current),
        _ => String::new(),
    };
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {} {:?} {turn}",
        m.threads, mems, m.syncs, m.tobjs, m.coros, m.output, m.gil_interval, m.extras
    )
}

/// Every state reachable from `init` (up to `max`), each hashed the explorer's way (a clone of
/// its parent, stepped, hashed with the parent's parts' hashes cached): no two different states
/// share a hash, and each hash equals the one computed from scratch (a copy with no cache).
fn check_hashes(init: &Machine, max: usize) -> usize {
    let mut seen: HashMap<u64, String> = HashMap::new();
    let mut stack = vec![init.clone()];
    while let Some(m) = stack.pop() {
        let h = m.state_hash();
        let id = identity(&m);
        match seen.get(&h) {
            Some(other) => {
                assert_eq!(other, &id, "two different states share the hash {h:#x}");
                continue;
            }
            None => {
                seen.insert(h, id);
            }
        }
        let fresh = sched::replay(init, &m.schedule).expect("replays");
        assert_eq!(fresh.state_hash(), h, "a cached hash went stale");
        if seen.len() >= max {
            break;
        }
        for t in sched::runnable(&m) {
            let mut c = m.clone();
            c.step_unchecked(t);
            stack.push(c);
        }
    }
    seen.len()
}

#[test]
fn states_that_differ_hash_differently_and_cached_hashes_never_go_stale() {
    for (id, mode) in [
        ("race", "free-threaded"),
        ("lock", "free-threaded"),
        ("deadlock", "free-threaded"),
        ("prodcons", "free-threaded"),
        ("gil", "gil-3.9"),
        ("asyncio", "asyncio"),
        ("processes", "fork"),
    ] {
        let n = check_hashes(&machine(sample(id).source, mode), 1_500);
        assert!(n > 50, "{id}: only {n} states");
    }
    check_hashes(&machine(RACE20_SLEEP, "free-threaded"), 1_000);
}

#[test]
fn changing_any_one_part_of_a_state_changes_its_hash() {
    let mut m = machine(sample("deadlock").source, "free-threaded");
    sched::run_random(&mut m, 3, 40);
    assert!(m.outcome.is_none() && m.syncs.len() == 3 && m.threads.len() > 1);
    let h = m.state_hash();
    let changed = |f: &dyn Fn(&mut Machine)| {
        let mut c = m.clone();
        f(&mut c);
        c.state_hash()
    };
    let hashes = [
        changed(&|c| c.threads[1].frames.last_mut().unwrap().pc += 1),
        changed(&|c| c.threads[0].frames[0].stack.push(Value::Int(7))),
        changed(&|c| c.threads[1].yielded = !c.threads[1].yielded),
        changed(&|c| {
            c.mems[0].globals.insert("meals".into(), Value::Int(99));
        }),
        changed(&|c| {
            if let value::HeapObj::List(xs) = &mut c.mems[0].heap[0] {
                xs.push(Value::None);
            }
        }),
        changed(&|c| {
            if let value::SyncObj::Lock { owner, .. } = &mut c.syncs[2] {
                *owner = Some(owner.map_or(0, |o| o + 1));
            }
        }),
        changed(&|c| c.output.push((0, "x\n".into(), vm::Stream::Out))),
        changed(&|c| c.extras.now += 1),
        changed(&|c| c.gil_interval += 1),
    ];
    let mut all: Vec<u64> = hashes.to_vec();
    all.push(h);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), hashes.len() + 1, "every change hashes apart");
    // The original is untouched by its clones' changes (copy on write), hash included.
    assert_eq!(m.state_hash(), h);
    assert_eq!(m.clone().state_hash(), h);
}

fn counter_of(o: &explore::OutcomeRec) -> i64 {
    o.globals
        .iter()
        .find(|(k, _)| k == "counter")
        .map_or(-1, |(_, v)| v.parse().unwrap_or(-1))
}

#[test]
fn the_read_sleep_write_race_loses_updates_within_two_preemptions_and_in_a_hunt() {
    let init = machine(RACE20_SLEEP, "free-threaded");
    let mut s = Search::new(&init, Strategy::Bounded, 20_000);
    s.run(u32::MAX);
    let r = s.report(0.0);
    let lost = r
        .outcomes
        .iter()
        .find(|o| o.kind == "finished" && counter_of(o) < 20)
        .expect("a lost update");
    assert!(lost.preemptions.is_some_and(|p| p <= 2), "{lost:?}");
    let m = sched::replay(&init, &lost.witness).expect("replays");
    assert_eq!(final_globals(&m), lost.globals);
    assert_eq!(r.found_ms.len(), r.outcomes.len());
    let mut h = Search::new(&init, Strategy::Hunt { depth: 2, seed: 1 }, 200_000);
    h.run(u32::MAX);
    let r = h.report(0.0);
    let lost = r
        .outcomes
        .iter()
        .find(|o| counter_of(o) < 20)
        .expect("a lost update");
    let m = sched::replay(&init, &lost.witness).expect("replays");
    assert_eq!(final_globals(&m), lost.globals);
}

/// The prelude is compiled once per thread and copied into each program after that: a program
/// compiled on a fresh thread (the prelude compiled for it) and compiled again (the copy) is the
/// same program, code object for code object, and runs the same.
#[test]
fn a_program_compiled_with_the_cached_prelude_is_the_one_compiled_fresh() {
    let src = sample("pool").source;
    let compile_and_run = move || {
        let p = compile_source(src).expect("compiles");
        let mut s = Session::new(src, "gil-3.10", 3).expect("compiles");
        s.run_random(7, 100_000);
        let out: Vec<String> = s.snapshot().output.iter().map(|o| o.text.clone()).collect();
        (
            format!("{:?} {:?}", p.codes, p.prelude),
            p.prelude.len(),
            out,
        )
    };
    let fresh = std::thread::spawn(compile_and_run)
        .join()
        .expect("compiled on a fresh thread");
    let _warm = compile_source("x = 1\n").expect("compiles");
    let again = compile_and_run();
    assert!(again.1 > 20, "the prelude's functions are there");
    assert!(!again.2.is_empty(), "the pool sample prints");
    assert_eq!(again, fresh);
}

/// The exploring worker's warm-up explores the three philosophers completely (as an exploration
/// of the `deadlock` sample does), within its small budget.
#[test]
fn the_warm_up_explores_the_philosophers_completely() {
    let s = sample("deadlock");
    let full = Session::new(s.source, s.mode, 3)
        .expect("compiles")
        .explore(200_000);
    assert!(full.complete);
    assert_eq!(Session::warm_up(), full.states);
}
