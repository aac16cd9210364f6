//! The Pythons as modes (vm/modes.rs): the facts each must hold, checked by exploring.

use super::*;

/// The finished endings' values of global `g`, sorted and deduplicated.
fn values_of(src: &str, mode: &str, g: &str) -> Vec<String> {
    let r = explore(&machine(src, mode), 500_000, true);
    assert!(r.complete, "{mode}: exploration finished within the budget");
    let mut v: Vec<String> = r
        .outcomes
        .iter()
        .filter(|o| o.kind == "finished")
        .filter_map(|o| {
            o.globals
                .iter()
                .find(|(k, _)| k == g)
                .map(|(_, v)| v.clone())
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn old_mode_names_map_to_the_pythons() {
    for (old, new) in [
        ("threads", "free-threaded"),
        ("gil", "gil-3.9"),
        ("processes", "fork"),
    ] {
        assert_eq!(Mode::parse(old).map(|m| m.name()), Some(new));
    }
    for n in vm::modes::MODE_NAMES {
        let m = Mode::parse(n).expect("a mode");
        assert_eq!(m.name(), *n);
    }
    let e = Session::new("x = 1\n", "gil-3.11", 3)
        .err()
        .expect("refused");
    assert!(
        e.contains("unknown mode `gil-3.11`") && e.contains("gil-3.10"),
        "{e}"
    );
}

#[test]
fn gil_310_never_loses_an_augmented_assignment_but_can_lose_a_call() {
    let src = sample("gil310").source;
    assert_eq!(values_of(src, "gil-3.10", "a"), vec!["2"]);
    assert_eq!(values_of(src, "gil-3.10", "b"), vec!["1", "2"]);
    // Free-threaded, both can be lost.
    assert_eq!(values_of(src, "free-threaded", "a"), vec!["1", "2"]);
    assert_eq!(values_of(src, "free-threaded", "b"), vec!["1", "2"]);
    // The race sample: `counter += 1` in a function, no loop.
    assert_eq!(
        values_of(sample("race").source, "gil-3.10", "counter"),
        vec!["2"]
    );
    // Before 3.10, a switch after k = 3 bytecodes can fall inside `counter += 1`.
    assert_eq!(
        values_of(sample("race").source, "gil-3.9", "counter"),
        vec!["1", "2"]
    );
}

#[test]
fn gil_310_switches_at_the_backward_jump_of_a_loop() {
    // Each turn of the loop is atomic, so the counter is always 4; but the turns of the two
    // threads interleave (a switch at each backward jump), so both orders of the log appear.
    let src = "import threading\ncounter = 0\nlog = []\n\ndef worker(name):\n    global counter\n    for i in range(2):\n        counter += 1\n        log.append(name)\n\nt1 = threading.Thread(target=worker, args=('a',))\nt2 = threading.Thread(target=worker, args=('b',))\nt1.start()\nt2.start()\nt1.join()\nt2.join()\nprint(''.join(log))\n";
    assert_eq!(values_of(src, "gil-3.10", "counter"), vec!["4"]);
    let r = explore(&machine(src, "gil-3.10"), 500_000, true);
    let outs: Vec<&str> = r.outcomes.iter().map(|o| o.output.trim()).collect();
    assert!(outs.contains(&"abab") && outs.contains(&"aabb"), "{outs:?}");
    // `log.append(name)` is a call: it can be split from its loop's `counter += 1`, but the
    // update is never lost.
    assert!(!outs.is_empty());
}

#[test]
fn gil_310_state_hash_tells_a_switch_point_apart() {
    // Two states that differ only in whether a switch may follow must not be merged.
    let mut a = machine(sample("race").source, "gil-3.10");
    let mut b = a.clone();
    a.current = Some(0);
    b.current = Some(0);
    a.run_count = 0;
    b.run_count = 1;
    assert_ne!(a.state_hash(), b.state_hash());
}

const MODULE_VALUE: &str = "import multiprocessing\n\nshared = multiprocessing.Value('i', 0)\nprint('module run as', __name__)\n\ndef work(n):\n    with shared.get_lock():\n        shared.value += n\n\nif __name__ == '__main__':\n    ps = []\n    for n in [1, 2]:\n        p = multiprocessing.Process(target=work, args=(n,))\n        ps.append(p)\n        p.start()\n    for p in ps:\n        p.join()\n    print('shared =', shared.value)\n";

#[test]
fn spawned_children_rerun_the_module_and_get_new_module_objects() {
    for mode in ["spawn", "forkserver"] {
        let mut s = Session::new(MODULE_VALUE, mode, 1).expect("compiles");
        s.run_sequential(100_000);
        assert_eq!(s.cur.outcome.as_ref().map(|o| o.kind), Some("finished"));
        // As CPython 3.11 prints with set_start_method("forkserver") (checked by hand).
        assert_eq!(
            output_text(&s.cur),
            "module run as __main__\nmodule run as __mp_main__\nmodule run as __mp_main__\nshared = 0\n",
            "{mode}"
        );
        let snap = s.snapshot_json();
        assert_eq!(snap["threads"][1]["kind"], "process");
    }
    // Under fork the children share the parent's Value and do not re-run the module.
    let mut s = Session::new(MODULE_VALUE, "fork", 1).expect("compiles");
    s.run_sequential(100_000);
    assert_eq!(output_text(&s.cur), "module run as __main__\nshared = 3\n");
    // The processes sample passes the Value as an argument: shared under every start method.
    for mode in ["fork", "spawn", "forkserver"] {
        let r = explore(&machine(sample("processes").source, mode), 200_000, true);
        assert!(r.complete);
        for o in &r.outcomes {
            assert_eq!(o.kind, "finished", "{o:?}");
            assert!(
                o.output.contains("in the parent: counter = 0 shared = 3"),
                "{mode}: {}",
                o.output
            );
        }
    }
}

#[test]
fn spawned_arguments_are_pickled_copies() {
    let src = "import multiprocessing\nimport threading\n\ndef work(xs, q):\n    xs.append(99)\n    q.put(len(xs))\n\nif __name__ == '__main__':\n    data = [1, 2]\n    q = multiprocessing.Queue()\n    p = multiprocessing.Process(target=work, args=(data, q))\n    p.start()\n    p.join()\n    print(data, q.get())\n";
    let mut s = Session::new(src, "spawn", 1).expect("compiles");
    s.run_sequential(100_000);
    assert_eq!(output_text(&s.cur), "[1, 2] 3\n");
    // A threading.Lock cannot be pickled: CPython's TypeError, in the parent's start().
    let src = "import multiprocessing\nimport threading\n\ndef work(l):\n    pass\n\nif __name__ == '__main__':\n    p = multiprocessing.Process(target=work, args=(threading.Lock(),))\n    p.start()\n";
    let mut s = Session::new(src, "forkserver", 1).expect("compiles");
    s.run_sequential(100_000);
    let o = s.cur.outcome.expect("ended");
    assert_eq!(o.kind, "error");
    assert!(
        o.message
            .contains("TypeError: cannot pickle '_thread.lock' object"),
        "{}",
        o.message
    );
}

#[test]
fn an_unguarded_start_fails_in_the_spawned_child() {
    let src = "import multiprocessing\n\ndef work():\n    print('working')\n\np = multiprocessing.Process(target=work)\np.start()\np.join()\n";
    let mut s = Session::new(src, "spawn", 1).expect("compiles");
    s.run_sequential(100_000);
    // As in CPython, the child fails (its traceback on stderr) and the parent goes on.
    let o = s.cur.outcome.clone().expect("ended");
    assert_eq!(o.kind, "finished", "{}", o.message);
    let err: String = s
        .cur
        .output
        .iter()
        .filter(|l| l.2 == vm::Stream::Err)
        .map(|l| l.1.as_str())
        .collect();
    assert!(err.contains("bootstrapping phase"), "{err}");
    assert!(err.starts_with("Process Process-1:"), "{err}");
    // Under fork the same program runs.
    let mut s = Session::new(src, "fork", 1).expect("compiles");
    s.run_sequential(100_000);
    assert_eq!(output_text(&s.cur), "working\n");
}

#[test]
fn guarded_process_programs_print_the_same_under_every_start_method() {
    for (name, src) in [
        ("ex_mp_guard", include_str!("ex_mp_guard.py")),
        ("ex_mp_queue_args", include_str!("ex_mp_queue_args.py")),
        ("ex_mp_list_arg", include_str!("ex_mp_list_arg.py")),
        ("ex_mp_lock_args", include_str!("ex_mp_lock_args.py")),
        ("mp", include_str!("mp.py")),
        ("fork_copies", include_str!("fork_copies.py")),
        ("processes", sample("processes").source),
    ] {
        let run = |mode: &str| {
            let mut s = Session::new(src, mode, 1).expect("compiles");
            s.run_sequential(100_000);
            assert_eq!(
                s.cur.outcome.as_ref().map(|o| o.kind),
                Some("finished"),
                "{name} in {mode}: {:?}",
                s.cur.outcome
            );
            (output_text(&s.cur), final_globals(&s.cur))
        };
        let fork = run("fork");
        assert_eq!(run("spawn"), fork, "{name}: spawn");
        assert_eq!(run("forkserver"), fork, "{name}: forkserver");
    }
}

#[test]
fn gil_310_loses_a_deposit_made_through_a_call() {
    let got = values_of(include_str!("ex_gil_call_race.py"), "gil-3.10", "balance");
    assert!(got.contains(&"160".to_string()), "{got:?}");
    assert!(
        got.iter().any(|b| b != "160"),
        "a deposit can be lost: {got:?}"
    );
}
