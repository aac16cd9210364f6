//! Bounded search, bug hunts and lassos (search/): the facts each must hold.

use super::*;
use search::{Search, Strategy};

/// The book's race in twenty threads, without `time.sleep`: read, compute, write.
pub(super) const RACE20: &str = "import threading\n\ncounter = 0\n\n\ndef update():\n    global counter\n    current = counter\n    current = current + 1\n    counter = current\n\n\nthreads = []\nfor i in range(20):\n    t = threading.Thread(target=update)\n    threads.append(t)\n    t.start()\nfor t in threads:\n    t.join()\nprint('counter =', counter)\n";

fn counter_of(o: &explore::OutcomeRec) -> i64 {
    o.globals
        .iter()
        .find(|(k, _)| k == "counter")
        .map_or(-1, |(_, v)| v.parse().unwrap_or(-1))
}

#[test]
fn bounded_search_finds_the_twenty_thread_lost_update_within_two_preemptions() {
    let init = machine(RACE20, "free-threaded");
    let mut s = Search::new(&init, Strategy::Bounded, 30_000);
    s.run(u32::MAX);
    let r = s.report(0.0);
    let i = r.first_other.expect("a different ending was found") as usize;
    let o = &r.outcomes[i];
    assert_eq!(o.kind, "finished");
    assert!(counter_of(o) < 20, "{o:?}");
    assert!(o.preemptions.is_some_and(|p| p <= 2), "{o:?}");
    // Its witness replays to the same ending.
    let m = sched::replay(&init, &o.witness).expect("replays");
    assert_eq!(final_globals(&m), o.globals);
    // The sequential ending (counter = 20) was found with no preemption.
    assert!(r
        .outcomes
        .iter()
        .any(|o| counter_of(o) == 20 && o.preemptions == Some(0)));
    assert!(r.bound.is_some_and(|b| b >= 1));
}

#[test]
fn bounded_search_of_a_small_program_is_complete_and_agrees_with_every_interleaving() {
    let init = machine(sample("race").source, "free-threaded");
    let mut s = Search::new(&init, Strategy::Bounded, 200_000);
    s.run(u32::MAX);
    let r = s.report(0.0);
    assert!(r.complete, "the whole state space fits");
    assert!(r.complete_bound.is_some());
    let mut got: Vec<i64> = r.outcomes.iter().map(counter_of).collect();
    got.sort();
    assert_eq!(got, vec![1, 2]);
    let lost = r
        .outcomes
        .iter()
        .find(|o| counter_of(o) == 1)
        .expect("lost update");
    assert_eq!(
        lost.preemptions,
        Some(1),
        "a lost update needs one preemption"
    );
}

#[test]
fn the_hunt_finds_the_lost_update_and_its_schedule_replays() {
    let init = machine(RACE20, "free-threaded");
    let mut s = Search::new(&init, Strategy::Hunt { depth: 2, seed: 7 }, 2_000_000);
    s.run(u32::MAX);
    let r = s.report(0.0);
    let i = r.first_other.expect("found") as usize;
    let o = &r.outcomes[i];
    assert!(counter_of(o) < 20, "{o:?}");
    let runs = r.runs.expect("runs counted");
    assert!(runs >= 1 && o.found_at == runs, "found after {runs} runs");
    let m = sched::replay(&init, &o.witness).expect("replays");
    assert_eq!(final_globals(&m), o.globals);
    // Same seed, same hunt.
    let mut again = Search::new(&init, Strategy::Hunt { depth: 2, seed: 7 }, 2_000_000);
    again.run(u32::MAX);
    assert_eq!(again.report(0.0).runs, Some(runs));
    // Depth 1 (no change point) never preempts: only the sequential ending, until the budget.
    let mut d1 = Search::new(&init, Strategy::Hunt { depth: 1, seed: 7 }, 20_000);
    d1.run(u32::MAX);
    let r1 = d1.report(0.0);
    assert!(r1.first_other.is_none());
    assert!(r1.outcomes.iter().all(|o| counter_of(o) == 20));
}

#[test]
fn the_polite_spouses_livelock_is_a_lasso_that_replays() {
    let init = machine(sample("spouses").source, "free-threaded");
    let r = explore(&init, 500_000, true);
    assert!(r.complete);
    assert!(r.outcomes.iter().any(|o| o.kind == "finished"));
    let live = r
        .outcomes
        .iter()
        .find(|o| o.kind == "livelock")
        .expect("a livelock");
    assert!(
        live.message.contains("Thread-1 (dine) and Thread-2 (dine)"),
        "{}",
        live.message
    );
    let from = live.loop_from.expect("a lasso") as usize;
    let steps = schedule::parse(&live.witness).expect("a schedule");
    assert!(from < steps.len(), "the loop has steps");
    // The prefix reaches a state; the loop brings it back.
    let start = sched::replay(&init, &schedule::prefix(&live.witness, from)).expect("prefix");
    let end = sched::replay(&init, &live.witness).expect("whole");
    assert_eq!(start.state_hash(), end.state_hash());
    // Both spouses step in the loop.
    let looped: std::collections::BTreeSet<u32> = steps[from..].iter().copied().collect();
    assert!(looped.contains(&1) && looped.contains(&2), "{looped:?}");
    // One spouse spinning for the spoon while the other is never scheduled: starvation.
    let starve = r
        .outcomes
        .iter()
        .find(|o| o.kind == "starvation")
        .expect("starvation");
    assert!(starve.message.contains("fair"), "{}", starve.message);
    assert!(starve.loop_from.is_some());
}

#[test]
fn programs_without_cycles_have_no_lassos() {
    for id in ["race", "lock", "deadlock", "starvation", "prodcons"] {
        let r = explore(&machine(sample(id).source, "free-threaded"), 500_000, true);
        assert!(
            r.outcomes.iter().all(|o| o.loop_from.is_none()),
            "{id}: {:?}",
            r.outcomes
        );
    }
}

#[test]
fn a_spin_wait_starves_under_an_unfair_scheduler_only() {
    // The waiter spins until `ready` is set; the setter may never be scheduled.
    let src = "import threading\nready = False\n\ndef waiter():\n    while not ready:\n        pass\n\nt = threading.Thread(target=waiter)\nt.start()\nready = True\nt.join()\n";
    let r = explore(&machine(src, "free-threaded"), 100_000, true);
    let s = r
        .outcomes
        .iter()
        .find(|o| o.kind == "starvation")
        .expect("starvation");
    assert!(
        s.message.starts_with("MainThread could run"),
        "{}",
        s.message
    );
    assert!(s.message.contains("weakly fair"), "{}", s.message);
    assert!(r.outcomes.iter().all(|o| o.kind != "livelock"));
}

#[test]
fn searches_resume_in_slices() {
    let init = machine(sample("deadlock").source, "free-threaded");
    let whole = explore(&init, 1_000_000, true);
    let mut s = Search::new(&init, Strategy::Every, 1_000_000);
    let mut slices = 0;
    while !s.run(50) {
        slices += 1;
        let p = s.progress();
        assert!(!p.done && p.states > 0);
    }
    assert!(slices > 5);
    let r = s.report(0.0);
    assert_eq!(r.states, whole.states);
    assert_eq!(r.outcomes, whole.outcomes);
}
