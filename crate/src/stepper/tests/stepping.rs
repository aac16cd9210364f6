//! Stepping: budgets, schedules, undo, refusals that say why, the snapshot's contract.

use super::*;

#[test]
fn step_budget_stops_an_endless_loop() {
    let mut s = Session::new("while True:\n    pass\n", "threads", 1).expect("compiles");
    s.run_sequential(1_000_000);
    let o = s.cur.outcome.clone().expect("stopped");
    assert_eq!(o.kind, "budget");
    assert_eq!(s.cur.steps, vm::MAX_STEPS);
    let r = explore(
        &machine("x = 0\nwhile True:\n    x = 1 - x\n", "threads"),
        1000,
        true,
    );
    assert!(r.complete, "a cycle of states is finite");
}

#[test]
fn schedule_replays_and_undo() {
    let mut s = Session::new(sample("race").source, "threads", 1).expect("compiles");
    s.run_random(7, 10_000);
    let snap = s.snapshot_json();
    let sched = s.cur.schedule.clone();
    assert!(s.cur.outcome.is_some());
    let mut t = Session::new(sample("race").source, "threads", 1).expect("compiles");
    t.replay(&sched).expect("replays");
    assert_eq!(t.snapshot_json(), snap);
    t.undo(5);
    assert_eq!(t.cur.steps, 5);
    assert_eq!(t.cur.schedule, sched[..5]);
    let err = t.replay("0x").unwrap_err();
    assert!(err.contains("position 2"), "{err}");
    let err = t.replay("01").unwrap_err();
    assert!(err.contains("position 2"), "{err}");
}

#[test]
fn step_errors_say_why() {
    let mut s = Session::new(sample("lock").source, "threads", 1).expect("compiles");
    let e = s.step(1).unwrap_err();
    assert!(e.contains("no thread 1"), "{e}");
    // Main runs until it blocks in join.
    while s.step(0).is_ok() {}
    let snap = s.snapshot_json();
    assert_eq!(snap["threads"][0]["status"], "blocked");
    assert!(
        snap["threads"][0]["waitingFor"]
            .as_str()
            .unwrap_or("")
            .contains("Thread-1"),
        "{snap}"
    );
    // Thread 1 takes the lock; thread 2 then blocks on it.
    for _ in 0..3 {
        s.step(1).expect("steps");
    }
    while s.cur.blocker(2).is_none() {
        s.step(2).expect("steps");
    }
    let snap = s.snapshot_json();
    let w = snap["threads"][2]["waitingFor"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        w.contains("Lock lock") && w.contains("held by Thread-1"),
        "{w}"
    );
    assert_eq!(snap["syncs"][0]["waiters"], serde_json::json!([2]));
    let e = s.step(2).unwrap_err();
    assert!(e.contains("blocked"), "{e}");
}

#[test]
fn snapshot_has_the_contract_fields() {
    let mut s = Session::new(sample("processes").source, "processes", 1).expect("compiles");
    s.run_sequential(60);
    let snap = s.snapshot_json();
    for k in [
        "step", "schedule", "mode", "runnable", "threads", "memories", "syncs", "output", "outcome",
    ] {
        assert!(snap.get(k).is_some(), "{k} missing: {snap}");
    }
    let t = &snap["threads"][0];
    for k in [
        "id",
        "name",
        "kind",
        "status",
        "waitingFor",
        "line",
        "offset",
        "instr",
        "frames",
        "process",
    ] {
        assert!(t.get(k).is_some(), "thread.{k} missing: {t}");
    }
    let y = &snap["syncs"][0];
    for k in ["name", "kind", "owner", "waiters", "value"] {
        assert!(y.get(k).is_some(), "sync.{k} missing: {y}");
    }
    s.run_sequential(100_000);
    let snap = s.snapshot_json();
    assert_eq!(
        snap["memories"].as_array().map(|m| m.len()),
        Some(3),
        "parent + 2 processes"
    );
    assert_eq!(snap["threads"][1]["kind"], "process");
    assert_eq!(snap["threads"][1]["process"], 1);
    let child = &snap["memories"][1]["globals"];
    assert!(
        child
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "counter" && g["value"] == "1"),
        "{child}"
    );
    assert_eq!(snap["output"][0]["thread"], 1);
    assert_eq!(snap["output"][0]["text"], "in the child: counter = 1");
}

#[test]
fn step_line_moves_to_the_next_line() {
    let mut s = Session::new("x = 1\ny = x + 2\nz = y * 3\n", "threads", 1).expect("compiles");
    s.step_line(0).expect("steps");
    assert_eq!(s.cur.position(0).map(|p| p.0), Some(2));
    s.step_line(0).expect("steps");
    assert_eq!(s.cur.position(0).map(|p| p.0), Some(3));
    // A loop on one line stops when it comes back to the line's start.
    let mut s =
        Session::new("i = 0\nwhile i < 3: i += 1\nprint(i)\n", "threads", 1).expect("compiles");
    s.step_line(0).expect("steps");
    let before = s.cur.steps;
    s.step_line(0).expect("steps");
    assert!(
        s.cur.steps > before && s.cur.steps < before + 12,
        "one iteration"
    );
}
