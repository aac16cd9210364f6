//! The "must hold" facts of each mode and sync primitive, and the samples' outcomes.

use super::*;

#[test]
fn racy_increment_reaches_1_and_2() {
    assert_eq!(
        counter_values(sample("race").source, "threads"),
        vec!["1", "2"]
    );
}

#[test]
fn locked_increment_reaches_only_2() {
    assert_eq!(counter_values(sample("lock").source, "threads"), vec!["2"]);
}

#[test]
fn dining_philosophers_deadlock_with_witness() {
    let init = machine(sample("deadlock").source, "threads");
    let r = explore(&init, 500_000, true);
    assert!(r.complete);
    let dl = r
        .outcomes
        .iter()
        .find(|o| o.kind == "deadlock")
        .expect("a deadlock outcome");
    assert!(
        r.outcomes.iter().any(|o| o.kind == "finished"),
        "and schedules that finish"
    );
    // The witness replays to the deadlock.
    let m = sched::replay(&init, &dl.witness).expect("witness replays");
    assert_eq!(m.outcome.as_ref().map(|o| o.kind), Some("deadlock"));
    assert!(
        m.outcome
            .as_ref()
            .is_some_and(|o| o.message.contains("Lock")),
        "{:?}",
        m.outcome
    );
}

#[test]
fn process_changes_never_reach_the_parent() {
    for mode in ["threads", "processes", "gil"] {
        let r = explore(&machine(sample("processes").source, mode), 200_000, true);
        assert!(r.complete);
        for o in &r.outcomes {
            assert_eq!(o.kind, "finished", "{o:?}");
            assert!(o.globals.contains(&("counter".into(), "0".into())), "{o:?}");
            assert!(
                o.output.contains("in the parent: counter = 0 shared = 3"),
                "{}",
                o.output
            );
        }
    }
    // The same race program in processes mode: every thread is a process.
    assert_eq!(
        counter_values(sample("race").source, "processes"),
        vec!["0"]
    );
    let mut s = Session::new(sample("race").source, "processes", 1).expect("compiles");
    s.run_sequential(10_000);
    let snap = s.snapshot_json();
    assert_eq!(snap["threads"][1]["kind"], "process");
    assert_eq!(snap["threads"][1]["name"], "Process-1");
    assert_eq!(snap["memories"].as_array().map(|m| m.len()), Some(3));
}

#[test]
fn asyncio_switches_only_at_await() {
    let src = sample("asyncio").source;
    let asy = counter_values(src, "asyncio");
    assert!(
        asy.contains(&"2".to_string()) && asy.contains(&"4".to_string()),
        "{asy:?}"
    );
    // Without the await in between there is no lost update under asyncio.
    let safe = "import asyncio\ncounter = 0\nasync def w():\n    global counter\n    counter += 1\n    await asyncio.sleep(0)\n    counter += 1\nasync def main():\n    await asyncio.gather(w(), w())\nasyncio.run(main())\n";
    assert_eq!(counter_values(safe, "asyncio"), vec!["4"]);
    assert!(counter_values(safe, "threads").len() > 1);
}

#[test]
fn gil_interval_limits_switches() {
    let src = sample("race").source;
    // A big interval: a worker's whole body runs before a switch.
    let m = Session::new(src, "gil", 1000).expect("compiles").init;
    let r = explore(&m, 200_000, true);
    let vals: Vec<_> = r.outcomes.iter().map(|o| o.globals.clone()).collect();
    assert!(
        vals.iter()
            .all(|g| g.contains(&("counter".into(), "2".into()))),
        "{vals:?}"
    );
    // k = 1: every bytecode may switch, the race is back.
    let m = Session::new(src, "gil", 1).expect("compiles").init;
    let r = explore(&m, 200_000, true);
    assert!(r
        .outcomes
        .iter()
        .any(|o| o.globals.contains(&("counter".into(), "1".into()))));
}

#[test]
fn condition_event_semaphore_rlock() {
    let src = r#"
import threading
cond = threading.Condition()
ready = threading.Event()
sem = threading.Semaphore(1)
r = threading.RLock()
items = []
done = 0

def consumer():
    global done
    with cond:
        while len(items) == 0:
            cond.wait()
        items.pop()
    ready.wait()
    with sem:
        with r:
            with r:
                done += 1

def producer():
    with cond:
        items.append(1)
        cond.notify()
    ready.set()

c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
print(done, items)
"#;
    let r = explore(&machine(src, "threads"), 500_000, true);
    assert!(r.complete);
    assert!(!r.outcomes.is_empty());
    for o in &r.outcomes {
        assert_eq!(o.kind, "finished", "{o:?}");
        assert_eq!(o.output, "1 []\n");
    }
}

#[test]
fn samples_all_exist_and_run() {
    for id in [
        "race",
        "lock",
        "deadlock",
        "starvation",
        "prodcons",
        "processes",
        "gil",
        "asyncio",
    ] {
        let s = sample(id);
        let mut sess = Session::new(s.source, s.mode, 3).expect(id);
        sess.run_sequential(100_000);
        assert_eq!(
            sess.cur.outcome.as_ref().map(|o| o.kind),
            Some("finished"),
            "{id}: {:?}",
            sess.cur.outcome
        );
        let snap = sess.snapshot_json();
        assert!(snap["threads"].as_array().is_some_and(|t| !t.is_empty()));
        let r = explore(&sess.init, 300_000, true);
        assert!(
            r.complete,
            "{id}: explored within the budget ({} states)",
            r.states
        );
        let _ = final_globals(&sess.cur);
    }
}

#[test]
fn starvation_and_prodcons_outcomes() {
    let r = explore(
        &machine(sample("starvation").source, "threads"),
        500_000,
        true,
    );
    assert!(r
        .outcomes
        .iter()
        .any(|o| o.globals.contains(&("polite_turns".into(), "0".into()))));
    assert!(r
        .outcomes
        .iter()
        .any(|o| o.globals.contains(&("polite_turns".into(), "1".into()))));
    let r = explore(
        &machine(sample("prodcons").source, "threads"),
        500_000,
        true,
    );
    assert!(r.complete);
    for o in &r.outcomes {
        assert_eq!(o.output, "consumed [0, 1, 2]\n", "{o:?}");
    }
}
