//! Exploration: reduction, budgets, and witnesses that replay.

use super::*;

#[test]
fn reduction_visits_fewer_states_than_naive() {
    let src = "import threading\nc = 0\ndef w():\n    global c\n    c += 1\nt = threading.Thread(target=w)\nt.start()\nw()\nt.join()\n";
    let m = machine(src, "threads");
    let red = explore(&m, 1_000_000, true);
    let naive = explore(&m, 1_000_000, false);
    assert!(red.complete && naive.complete);
    assert!(
        red.states * 2 < naive.states,
        "{} vs {}",
        red.states,
        naive.states
    );
    let kinds = |r: &explore::ExploreResult| {
        let mut v: Vec<_> = r
            .outcomes
            .iter()
            .map(|o| (o.kind.clone(), o.globals.clone(), o.output.clone()))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(kinds(&red), kinds(&naive), "same outcomes");
    assert_eq!(kinds(&red).len(), 2, "c = 1 and c = 2");
}

#[test]
fn state_budget_is_reported() {
    let m = machine(sample("deadlock").source, "threads");
    let r = explore(&m, 50, true);
    assert!(r.budget_hit && !r.complete);
    assert_eq!(r.states, 50);
}

#[test]
fn gil_mode_switches_only_every_k() {
    let mut s = Session::new(sample("race").source, "gil", 4).expect("compiles");
    s.run_sequential(16);
    let first = s.cur.current;
    // After 4 bytecodes of one thread another may run; before that only it.
    let mut s2 = Session::new(sample("race").source, "gil", 4).expect("compiles");
    while sched::runnable(&s2.cur).len() < 2 && s2.cur.outcome.is_none() {
        let t = sched::runnable(&s2.cur)[0];
        s2.step(t).expect("steps");
    }
    let run = sched::runnable(&s2.cur);
    assert!(run.len() >= 2);
    let t = run[1];
    s2.step(t).expect("switch allowed at a boundary");
    let only = sched::runnable(&s2.cur);
    assert_eq!(only, vec![t], "now only the GIL holder runs");
    let other = if t == run[0] { run[1] } else { run[0] };
    let e = s2.step(other).unwrap_err();
    assert!(e.contains("GIL"), "{e}");
    let _ = first;
}

#[test]
fn partial_order_reduction_keeps_every_outcome() {
    let kinds = |r: &explore::ExploreResult| {
        let mut v: Vec<_> = r
            .outcomes
            .iter()
            .map(|o| (o.kind.clone(), o.globals.clone(), o.output.clone()))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    for id in ["race", "lock", "starvation", "prodcons", "processes"] {
        let s = sample(id);
        let m = machine(s.source, s.mode);
        let por = explore::explore_with(&m, 1_000_000, true, true);
        let dedup = explore::explore_with(&m, 1_000_000, true, false);
        assert!(por.complete && dedup.complete, "{id}");
        assert!(
            por.states <= dedup.states,
            "{id}: {} > {}",
            por.states,
            dedup.states
        );
        assert_eq!(
            kinds(&por),
            kinds(&dedup),
            "{id}: POR lost or invented an outcome"
        );
    }
}

#[test]
fn every_witness_replays_to_its_outcome() {
    for s in SAMPLES {
        let m = machine(s.source, s.mode);
        let r = explore(&m, 300_000, true);
        assert!(!r.outcomes.is_empty(), "{}", s.id);
        for o in &r.outcomes {
            if o.loop_from.is_some() {
                continue; // a lasso has no end state (tests/ex_search.rs replays its loop)
            }
            let end = sched::replay(&m, &o.witness)
                .unwrap_or_else(|e| panic!("{}: witness {}: {e}", s.id, o.witness));
            assert_eq!(
                end.outcome.as_ref().map(|x| x.kind.to_string()),
                Some(o.kind.clone()),
                "{}",
                s.id
            );
            assert_eq!(final_globals(&end), o.globals, "{}", s.id);
            // samples: an ending's output includes stderr (tracebacks), marked
            assert_eq!(explore::ending_output(&end), o.output, "{}", s.id);
        }
    }
}

/// A step that raises is never taken as a thread-local step: the thread's traceback on stderr
/// is output, ordered against the other thread's print, so both orders are endings — as the
/// unreduced search finds them.
#[test]
fn a_step_that_raises_is_not_taken_as_local() {
    let src = concat!(
        "import threading\n",
        "def w(n):\n",
        "    r = 10 // n\n",
        "t = threading.Thread(target=w, args=(0,))\n",
        "t.start()\n",
        "print('main')\n",
    );
    let m = machine(src, "free-threaded");
    let endings = |r: &explore::ExploreResult| {
        let mut v: Vec<_> = r.outcomes.iter().map(|o| o.output.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let red = explore(&m, 1_000_000, true);
    let naive = explore(&m, 1_000_000, false);
    assert!(red.complete && naive.complete);
    assert_eq!(endings(&red), endings(&naive));
    let before = endings(&red)
        .iter()
        .filter(|o| o.starts_with("[stderr]"))
        .count();
    assert!(
        before > 0,
        "a traceback before main's print: {:?}",
        endings(&red)
    );
}
