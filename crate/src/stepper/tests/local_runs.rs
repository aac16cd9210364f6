//! Runs of thread-local steps taken from memory (vm/local_runs.rs) reach exactly the state that
//! taking them one by one reaches, and explorations that use them find the same states.

use super::super::explore::{explore, is_local_step, run_local};
use super::machine;
use crate::stepper::compile::Op;
use crate::stepper::vm::Machine;

/// Prime checkers in the book's style: long loops of thread-local steps between prints.
const PRIMES: &str = "\
import threading

def is_prime(x):
    for i in range(2, x):
        if x % i == 0:
            print(x, 'is not a prime number')
            return
    print(x, 'is a prime number')

for x in (97, 91, 89):
    threading.Thread(target=is_prime, args=(x,)).start()
";

/// `from` after its local runs (remembered ones taken from memory unless `init` records steps).
fn after_local_runs(init: &Machine, from: &Machine) -> Machine {
    let mut m = from.clone();
    m.record_schedule = init.record_schedule;
    run_local(&mut m);
    m
}

#[test]
fn a_remembered_run_reaches_the_state_stepping_reaches() {
    let init = machine(PRIMES, "free-threaded");
    // The main thread alone until it has started the three checkers and finished.
    let mut start = init.clone();
    start.record_schedule = false;
    while start.is_live(0) {
        start.step_unchecked(0);
    }
    // Each checker up to its loop (`FOR_ITER`: thread-local, as the whole loop is).
    let at_loop = |m: &Machine, t: u32| {
        let f = m.threads[t as usize].frames.last().expect("a frame");
        let op = &m.prog.codes[f.code as usize].instrs[f.pc as usize].op;
        matches!(op, Op::ForIter(_)) && is_local_step(m, t)
    };
    for t in 1..=3 {
        while !at_loop(&start, t) {
            start.step_unchecked(t);
        }
    }
    // Stepped one by one (a witness replay records every step, so nothing is remembered)…
    let mut stepped = start.clone();
    stepped.record_schedule = true;
    run_local(&mut stepped);
    // …and with runs remembered: the first time taken and remembered, then from memory.
    let first = after_local_runs(&start, &start);
    let again = after_local_runs(&start, &start);
    for m in [&first, &again] {
        assert_eq!(m.state_hash(), stepped.state_hash());
        assert_eq!(m.steps, stepped.steps);
        assert_eq!(m.current, stepped.current);
        assert_eq!(m.outcome, stepped.outcome);
        assert_eq!(m.threads, stepped.threads);
    }
    assert!(
        stepped.steps - start.steps > 200,
        "{} local steps",
        stepped.steps - start.steps
    );
}

#[test]
fn an_exploration_with_remembered_runs_finds_what_the_first_one_found() {
    let init = machine(PRIMES, "free-threaded");
    // The first exploration remembers the runs; the second takes them from memory.
    let first = explore(&init, 200_000, true);
    let again = explore(&init, 200_000, true);
    assert!(first.complete && again.complete);
    assert_eq!(
        (first.states, first.transitions),
        (again.states, again.transitions)
    );
    assert_eq!(first.outcomes.len(), again.outcomes.len());
    for (a, b) in first.outcomes.iter().zip(&again.outcomes) {
        assert_eq!(
            (&a.kind, &a.globals, &a.output, &a.witness),
            (&b.kind, &b.globals, &b.output, &b.witness)
        );
    }
    // Every output order of the three checkers' verdicts is an ending.
    assert_eq!(first.outcomes.len(), 6);
}
