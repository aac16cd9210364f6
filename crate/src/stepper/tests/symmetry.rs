//! Why the explorer has no symmetry reduction (issue #12 asked for one "for threads running the
//! same function on the same kind of arguments"): such threads are not interchangeable in the
//! programs concurrency books write. The main thread keeps them in a list and joins (or indexes)
//! them in order, so which of two identical threads has got further changes what can still
//! happen. Merging two states that differ only by swapping the two threads' progress — what that
//! symmetry reduction does — would lose endings. A sound symmetry (Murφ's scalarsets) renames the
//! threads everywhere, the list that holds their `Thread` objects included; the renamed list is
//! in another order, so it is never the state the program reaches, and it merges nothing here.
//! This test keeps the counterexample, checked with the explorer itself.

use super::super::explore::explore;
use super::machine;
use crate::stepper::vm::Machine;

/// The book's twenty-thread race with two threads, and a main thread that joins the second
/// thread first and prints between the joins.
const JOIN_SECOND_FIRST: &str = "\
import threading

counter = 0

def update():
    global counter
    temp = counter
    counter = temp + 1

threads = [threading.Thread(target=update) for i in range(2)]
for t in threads:
    t.start()
threads[1].join()
print(counter)
threads[0].join()
";

/// `m` after running thread `tid` alone until it has finished.
fn finish(m: &Machine, tid: u32) -> Machine {
    let mut m = m.clone();
    while m.is_live(tid) {
        assert!(m.blocker(tid).is_none(), "thread {tid} blocked");
        m.step_unchecked(tid);
    }
    m
}

/// The outputs of every ending reachable from `m`, sorted.
fn outputs(m: &Machine) -> Vec<String> {
    let r = explore(m, 100_000, true);
    assert!(r.complete);
    let mut v: Vec<String> = r
        .outcomes
        .iter()
        .map(|o| format!("{}: {}", o.output.trim_end(), o.globals[0].1))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn two_threads_of_one_function_are_not_interchangeable_once_the_main_thread_joins_them_in_order() {
    let init = machine(JOIN_SECOND_FIRST, "free-threaded");
    // The main thread alone, until `threads[1].join()` waits for the second thread.
    let mut start = init.clone();
    while start.blocker(0).is_none() {
        start.step_unchecked(0);
    }
    assert!(start.is_live(1) && start.is_live(2));
    let (first_ran, second_ran) = (finish(&start, 1), finish(&start, 2));
    // Same function, same (no) arguments; one state is the other with the two threads' progress
    // swapped: everything else — the main thread, the globals, the output — is equal.
    assert_eq!(first_ran.tobjs[0].target, first_ran.tobjs[1].target);
    assert_eq!(first_ran.tobjs[0].args, first_ran.tobjs[1].args);
    let frames = |m: &Machine, t: usize| m.threads[t].frames.to_vec();
    assert_eq!(frames(&first_ran, 1), frames(&second_ran, 2));
    assert_eq!(frames(&first_ran, 2), frames(&second_ran, 1));
    assert_ne!(frames(&first_ran, 1), frames(&first_ran, 2));
    assert_eq!(frames(&first_ran, 0), frames(&second_ran, 0));
    assert_eq!(first_ran.mems[0].globals, second_ran.mems[0].globals);
    assert_eq!(first_ran.output, second_ran.output);
    // Yet they lead to different endings: only when the joined thread ran first can the main
    // thread print 1 and the other thread then bring the counter to 2.
    assert_eq!(outputs(&first_ran), ["2: 2"]);
    assert_eq!(outputs(&second_ran), ["1: 2", "2: 2"]);
    // The whole search finds all three endings (the lost update among them).
    assert_eq!(outputs(&init), ["1: 1", "1: 2", "2: 2"]);
}
