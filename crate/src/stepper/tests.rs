//! Native tests of the stepper: the "must hold" facts, modes, errors, fuzzing,
//! and CPython equivalence of sequential runs.

use super::explore::{explore, final_globals, output_text};
use super::*;

fn sample(id: &str) -> &'static Sample {
    SAMPLES.iter().find(|s| s.id == id).expect("sample exists")
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
    let snap = s.snapshot();
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
    let snap = s.snapshot();
    let sched = s.cur.schedule.clone();
    assert!(s.cur.outcome.is_some());
    let mut t = Session::new(sample("race").source, "threads", 1).expect("compiles");
    t.replay(&sched).expect("replays");
    assert_eq!(t.snapshot(), snap);
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
    let snap = s.snapshot();
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
    let snap = s.snapshot();
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
fn bytecode_shows_load_add_store() {
    let p = compile_source(sample("race").source).expect("compiles");
    let d = disassembly(&p);
    let worker = d
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "worker")
        .expect("worker");
    let texts: Vec<&str> = worker["instrs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        &texts[..4],
        &[
            "LOAD_GLOBAL counter",
            "LOAD_CONST 1",
            "BINARY_OP +=",
            "STORE_GLOBAL counter"
        ]
    );
}

#[test]
fn subset_errors_name_the_construct() {
    let cases = [
        ("x = lambda: 1\n", 1, 5, "lambda"),
        ("class A:\n    pass\n", 1, 1, "class"),
        ("x = 1.5\n", 1, 5, "floating-point"),
        ("x = 3 / 2\n", 1, 7, "`/`"),
        ("import os\n", 1, 1, "module `os`"),
        ("try:\n    pass\n", 1, 1, "try"),
        (
            "x = [i for i in range(3) for j in range(2)]\n",
            1,
            26,
            "nested",
        ),
        ("x = {k: 1 for k in 'ab'}\n", 1, 11, "dict comprehensions"),
        (
            "x = sum(i for i in range(3))\n",
            1,
            11,
            "generator expressions",
        ),
        ("if x\n    pass\n", 1, 5, "expected `:`"),
        ("def f():\n  x = 1\n    y = 2\n", 3, 5, "unexpected indent"),
        ("s = 'é' + f'{x:>5}'\n", 1, 15, "format specifications"),
        ("s = f'{x=}'\n", 1, 9, "self-documenting"),
        ("s = f'a}'\n", 1, 8, "single '}'"),
        ("s = f'{ 1 +}'\n", 1, 12, "invalid syntax"),
        ("s = f'{}'\n", 1, 7, "empty expression"),
        ("def f(a=1, b):\n    pass\n", 1, 13, "non-default argument"),
        ("def f(a=[]):\n    pass\n", 1, 9, "constant default"),
        ("a, b[0] = 1, 2\n", 1, 4, "plain names"),
    ];
    for (src, line, col, needle) in cases {
        let e = compile_source(src).expect_err(src);
        assert!(e.message.contains(needle), "{src:?}: {e}");
        assert_eq!((e.line, e.col), (line, col), "{src:?}: {e}");
    }
}

#[test]
fn runtime_errors_and_asserts() {
    let mut s = Session::new("x = 0\nassert x == 1, 'x is ' + str(x)\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    let o = s.cur.outcome.clone().unwrap();
    assert_eq!((o.kind, o.line), ("assert", Some(2)));
    assert!(
        o.message.contains("AssertionError: x is 0"),
        "{}",
        o.message
    );
    let mut s = Session::new("x = 1\na, b = x\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert!(s
        .cur
        .outcome
        .clone()
        .unwrap()
        .message
        .contains("TypeError: cannot unpack non-iterable int object"));
    let mut s = Session::new("a, b = [1, 2, 3]\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert!(s
        .cur
        .outcome
        .clone()
        .unwrap()
        .message
        .contains("too many values to unpack (expected 2)"));
    let mut s = Session::new("x = 2 ** 70\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert!(s
        .cur
        .outcome
        .clone()
        .unwrap()
        .message
        .contains("OverflowError"));
    for grow in [
        "s = 'ab'\nwhile True:\n    s = s + s\n",
        "a = [1]\nwhile True:\n    a = a + a\n",
        "t = (1,)\nwhile True:\n    t = t + t\n",
    ] {
        let mut s = Session::new(grow, "threads", 1).unwrap();
        s.run_sequential(10_000);
        assert!(
            s.cur
                .outcome
                .clone()
                .unwrap()
                .message
                .contains("MemoryError"),
            "{grow}"
        );
    }
    // Shared structure: a repr that would be exponential is cut short, not hung.
    let mut s = Session::new(
        "a = [1]\nfor i in range(40):\n    a = [a, a]\nprint(a == a, len(str(a)) > 0)\n",
        "threads",
        1,
    )
    .unwrap();
    s.run_sequential(10_000);
    assert_eq!(output_text(&s.cur), "True True\n");
    let _ = s.snapshot();
    let mut s = Session::new("print(7 // -2, -7 % 3, 7 % -3)\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert_eq!(output_text(&s.cur), "-4 2 -2\n");
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
        let snap = sess.snapshot();
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

/// Every sample and every `tests/*.py` program: `runSequential` must give the
/// same output and final simple-typed globals as python3 running the file under
/// `cpython_harness.py` (the same sequential schedule on real CPython threads).
/// python3 missing is a failure, not a skip.
#[test]
fn sequential_runs_match_cpython() {
    use std::path::Path;
    use std::process::Command;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stepper");
    let harness = dir.join("cpython_harness.py");
    let mut files: Vec<std::path::PathBuf> = vec![];
    for sub in ["samples", "tests"] {
        let mut fs: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("stepper program folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        fs.sort();
        files.extend(fs);
    }
    assert!(
        files.len() >= 8 + 5,
        "samples and test programs found: {files:?}"
    );
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    for file in &files {
        let src = std::fs::read_to_string(file).expect("readable");
        let out = Command::new(&python).arg(&harness).arg(file).output().unwrap_or_else(|e| {
            panic!("the CPython equivalence test needs `{python}` on PATH (CI installs python3): {e}")
        });
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{}: python3 failed:\n{stdout}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let Some((py_out, py_globals)) = stdout.split_once("\u{1e}GLOBALS\n") else {
            panic!("{}: python3 run did not finish:\n{stdout}", file.display());
        };
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let sample_mode = SAMPLES
            .iter()
            .find(|s| s.id == stem && file.parent().is_some_and(|p| p.ends_with("samples")))
            .map(|s| s.mode);
        let mut modes = vec!["threads", "gil"];
        if src.contains("async def") {
            modes.push("asyncio");
        }
        if let Some(m) = sample_mode {
            if !modes.contains(&m) {
                modes.push(m);
            }
        }
        for mode in modes {
            for k in [1, 3, 1000] {
                let mut s = Session::new(&src, mode, k)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                s.run_sequential(vm::MAX_STEPS + 1);
                let ctx = format!("{} in {mode} mode (k={k})", file.display());
                assert_eq!(
                    s.cur.outcome.as_ref().map(|o| o.kind),
                    Some("finished"),
                    "{ctx}: {:?}",
                    s.cur.outcome
                );
                assert_eq!(output_text(&s.cur), py_out, "{ctx}: output");
                let globals: String = final_globals(&s.cur)
                    .iter()
                    .map(|(k, v)| format!("{k}={v}\n"))
                    .collect();
                assert_eq!(globals, py_globals, "{ctx}: final globals");
            }
        }
    }
}

mod fuzz {
    use super::super::*;
    use proptest::prelude::*;

    const FRAGMENTS: &[&str] = &[
        "def ",
        "async ",
        "await ",
        "f",
        "g",
        "(",
        ")",
        ":",
        "\n",
        "    ",
        "  ",
        "\t",
        "x",
        "y",
        "counter",
        " = ",
        "=",
        "+=",
        "-",
        "+",
        "*",
        "//",
        "%",
        "**",
        "/",
        "1",
        "0",
        "99999999999999999999",
        "while ",
        "with ",
        "lock",
        "[",
        "]",
        "{",
        "}",
        "'s'",
        "\"",
        "'",
        "#",
        "é",
        "ß",
        ",",
        ".",
        "lambda",
        "return ",
        "global ",
        "import threading\n",
        "import asyncio\n",
        "threading.Thread(target=f)",
        ".start()",
        ".join()",
        "threading.Lock()",
        "for ",
        " in ",
        "range(3)",
        "if ",
        "elif ",
        "else",
        "pass",
        "break",
        "continue",
        "print(",
        "assert ",
        "not ",
        " and ",
        " or ",
        "True",
        "None",
        "<",
        "==",
        "!=",
        "asyncio.sleep(0)",
        "asyncio.gather(",
        "asyncio.run(",
        ".acquire()",
        ".release()",
        ".append(",
        "len(",
        "\\",
        "\r\n",
        ";",
        "@",
        "~",
        "1.5",
        "f'",
        "class ",
        "try",
        "yield",
        "->",
    ];

    const STATEMENTS: &[&str] = &[
        "import threading",
        "import asyncio",
        "import queue",
        "import multiprocessing",
        "x = 1",
        "x += 1",
        "x = x // 0",
        "print(x, f'{x!r}')",
        "lock = threading.Lock()",
        "with lock:",
        "def f():",
        "def h(a, b=2):",
        "async def g():",
        "return x",
        "t = threading.Thread(target=f)",
        "t.start()",
        "t.join()",
        "p = multiprocessing.Process(target=f)",
        "p.start()",
        "for i in range(2):",
        "while x < 3:",
        "if x:",
        "else:",
        "pass",
        "global x",
        "lock.acquire()",
        "lock.release()",
        "asyncio.run(g())",
        "await asyncio.sleep(0)",
        "q = queue.Queue(1)",
        "q.put(x)",
        "x = q.get()",
        "l = [x, [x]]",
        "l.append(l)",
        "x = l[x]",
        "d = {'a': x}",
        "x = d['a']",
        "assert x",
        "a, b = x, l",
        "x = [y for y in l if y]",
        "c = threading.Condition()",
        "with c:",
        "c.wait()",
        "c.notify()",
        "e = threading.Event()",
        "e.wait()",
        "e.set()",
        "s = threading.Semaphore(0)",
        "s.acquire()",
        "s.release()",
        "h(x)",
        "f()",
        "break",
        "continue",
        "x = 'é' * x",
        "x = x if x else -x",
        "v = multiprocessing.Value('i', 0)",
        "v.value += 1",
        "x = 2 ** 62 * 4",
        "await g()",
        "r = asyncio.gather(g(), g())",
        "await r",
        "al = asyncio.Lock()",
        "async with al:",
    ];

    fn check(src: &str) {
        if std::env::var("STEPPER_FUZZ_VERBOSE").is_ok() {
            eprintln!("fuzz compiles={} {src:?}", compile_source(src).is_ok());
        }
        match compile_source(src) {
            Err(e) => {
                // `\r\n`, `\r` and `\n` all end a line, as in Python.
                let lines = src
                    .replace("\r\n", "\n")
                    .replace('\r', "\n")
                    .split('\n')
                    .count() as u32;
                assert!(e.line >= 1 && e.col >= 1, "{src:?}: {e}");
                assert!(
                    e.line <= lines + 1,
                    "{src:?}: {e} (source has {lines} lines)"
                );
                assert!(!e.message.is_empty());
            }
            Ok(_) => {
                // Whatever compiles also runs and explores without a panic.
                let mut s = Session::new(src, "threads", 2).expect("compiles");
                s.run_random(1, 2_000);
                let _ = s.snapshot();
                let s = Session::new(src, "gil", 2).expect("compiles");
                let _ = explore::explore(&s.init, 200, true);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn any_text_never_panics(src in "\\PC{0,200}") {
            check(&src);
        }

        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            check(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..25)) {
            // Indentation that is mostly valid: a block opener indents the next line.
            let mut src = String::new();
            let mut level = 0usize;
            let mut opened = false;
            for (ind, i) in &lines {
                let stmt = STATEMENTS[*i];
                if opened {
                    level += 1;
                } else {
                    level = level.min(*ind);
                }
                src.push_str(&format!("{}{stmt}\n", "    ".repeat(level)));
                opened = stmt.ends_with(':');
            }
            if opened {
                src.push_str(&format!("{}pass\n", "    ".repeat(level + 1)));
            }
            check(&src);
        }

        #[test]
        fn python_token_soup_never_panics(idx in proptest::collection::vec(0..FRAGMENTS.len(), 0..60)) {
            let src: String = idx.iter().map(|i| FRAGMENTS[*i]).collect();
            check(&src);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let src = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
        assert!(compile_source(&src).is_err());
        let src = format!("x = {}1\n", "-".repeat(5000));
        assert!(compile_source(&src).is_err());
        let src = format!("x = {}1\n", "not ".repeat(5000));
        assert!(compile_source(&src).is_err());
        let mut nested = String::new();
        for d in 0..200 {
            nested.push_str(&" ".repeat(d));
            nested.push_str("if True:\n");
        }
        nested.push_str(&" ".repeat(200));
        nested.push_str("pass\n");
        assert!(compile_source(&nested).is_err());
        for chain in [" + 1", ".a", "()", "[0]", " and 1", " or 1", " * 1"] {
            let src = format!("x = 1{}\n", chain.repeat(20_000));
            assert!(compile_source(&src).is_err(), "{chain}");
        }
        let mut s = Session::new("a = []\na.append(a)\nprint(a == a, len(a))\n", "threads", 1)
            .expect("compiles");
        s.run_sequential(1000);
        assert!(s.cur.outcome.is_some());
    }
}

#[test]
fn snapshot_has_the_contract_fields() {
    let mut s = Session::new(sample("processes").source, "processes", 1).expect("compiles");
    s.run_sequential(60);
    let snap = s.snapshot();
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
    let snap = s.snapshot();
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

/// Random typed expressions, printed and stored, must give CPython's output.
mod differential {
    use super::super::*;
    use sched::Rng;

    struct Gen(Rng);

    impl Gen {
        fn pick(&mut self, n: u32) -> u32 {
            self.0.next_u32() % n
        }
        fn int(&mut self, d: u32) -> String {
            let lit = |g: &mut Gen| (g.pick(41) as i64 - 20).to_string();
            if d == 0 {
                return lit(self);
            }
            match self.pick(12) {
                0 | 1 => lit(self),
                2 => format!("({} + {})", self.int(d - 1), self.int(d - 1)),
                3 => format!("({} - {})", self.int(d - 1), self.int(d - 1)),
                4 => format!("({} * {})", self.int(d - 1), self.int(d - 1)),
                5 => format!(
                    "({} // {})",
                    self.int(d - 1),
                    [3, -3, 7, -2, 5][self.pick(5) as usize]
                ),
                6 => format!(
                    "({} % {})",
                    self.int(d - 1),
                    [3, -3, 7, -2, 5][self.pick(5) as usize]
                ),
                7 => format!(
                    "len({})",
                    if self.pick(2) == 0 {
                        self.string(d - 1)
                    } else {
                        self.list(d - 1)
                    }
                ),
                8 => format!("abs({})", self.int(d - 1)),
                9 => format!(
                    "{}({}, {})",
                    ["min", "max"][self.pick(2) as usize],
                    self.int(d - 1),
                    self.int(d - 1)
                ),
                10 => format!("-{}", self.int(d - 1)),
                _ => format!("({} ** {})", self.int(0), self.pick(4)),
            }
        }
        fn string(&mut self, d: u32) -> String {
            let lits = ["'a'", "\"it's\"", "'x\"y'", "''", "'é\\n'", "'tab\\t'"];
            if d == 0 {
                return lits[self.pick(lits.len() as u32) as usize].into();
            }
            match self.pick(8) {
                0 | 1 => lits[self.pick(lits.len() as u32) as usize].into(),
                2 => format!("({} + {})", self.string(d - 1), self.string(d - 1)),
                3 => format!("str({})", self.any(d - 1)),
                4 => format!("({} * {})", self.string(d - 1), self.pick(3)),
                5 => {
                    // CPython 3.11: no backslash and no closing quotes inside the braces.
                    let mut inner = || {
                        let e = self.any(d - 1);
                        if e.contains('\\') || e.contains('"') {
                            self.int(0)
                        } else {
                            e
                        }
                    };
                    let (a, b) = (inner(), inner());
                    format!("f\"\"\"<{{ {a}}}|{{ {b}!r}}>\"\"\"")
                }
                6 => format!("','.join([{}, {}])", self.string(d - 1), self.string(d - 1)),
                _ => format!("{}.upper()", self.string(d - 1)),
            }
        }
        fn list(&mut self, d: u32) -> String {
            if d == 0 {
                return "[]".into();
            }
            match self.pick(4) {
                0 => {
                    let n = self.pick(4);
                    let items: Vec<String> = (0..n).map(|_| self.any(d - 1)).collect();
                    format!("[{}]", items.join(", "))
                }
                1 => format!("({} + {})", self.list(d - 1), self.list(d - 1)),
                2 => format!("list(range({}))", self.pick(5)),
                _ => format!("({} * {})", self.list(d - 1), self.pick(3)),
            }
        }
        fn boolean(&mut self, d: u32) -> String {
            if d == 0 {
                return ["True", "False"][self.pick(2) as usize].into();
            }
            match self.pick(6) {
                0 => format!("({} < {})", self.int(d - 1), self.int(d - 1)),
                1 => format!("({} == {})", self.any(d - 1), self.any(d - 1)),
                2 => format!("({} in {})", self.int(d - 1), self.list(d - 1)),
                3 => format!("(not {})", self.any(d - 1)),
                4 => format!("({} != {})", self.string(d - 1), self.string(d - 1)),
                _ => format!("({} >= {})", self.string(d - 1), self.string(d - 1)),
            }
        }
        fn any(&mut self, d: u32) -> String {
            match self.pick(9) {
                0 | 1 => self.int(d),
                2 | 3 => self.string(d),
                4 => self.list(d),
                5 => self.boolean(d),
                6 => format!("({},)", self.any(d.saturating_sub(1))),
                7 => format!(
                    "{{{}: {}, 'k': {}}}",
                    self.string(0),
                    self.int(d.saturating_sub(1)),
                    self.any(d.saturating_sub(1))
                ),
                _ => format!(
                    "({} {} {})",
                    self.int(d.saturating_sub(1)),
                    ["and", "or"][self.pick(2) as usize],
                    self.any(d.saturating_sub(1))
                ),
            }
        }
    }

    #[test]
    fn random_expressions_match_cpython() {
        // STEPPER_DIFF_SEED picks another program (the default one is checked in CI).
        let seed = std::env::var("STEPPER_DIFF_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2024);
        let mut g = Gen(Rng::new(seed));
        let mut src = String::new();
        for i in 0..400 {
            let e = g.any(3);
            src.push_str(&format!("v{} = {e}\nprint({i}, v{})\n", i % 25, i % 25));
        }
        let dir =
            std::env::temp_dir().join(format!("threadlab-stepper-diff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("exprs.py");
        std::fs::write(&file, &src).expect("write program");
        let harness =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stepper/cpython_harness.py");
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let out = std::process::Command::new(&python)
            .arg(&harness)
            .arg(&file)
            .output()
            .unwrap_or_else(|e| {
                panic!("this test needs `{python}` on PATH (CI installs python3): {e}")
            });
        let _ = std::fs::remove_dir_all(&dir);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "python3 failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (py_out, py_globals) = stdout.split_once("\u{1e}GLOBALS\n").expect("finished");
        let mut s = Session::new(&src, "threads", 1).expect("compiles");
        s.run_sequential(vm::MAX_STEPS);
        assert_eq!(
            s.cur.outcome.as_ref().map(|o| o.kind),
            Some("finished"),
            "{:?}",
            s.cur.outcome
        );
        let ours = explore::output_text(&s.cur);
        for (n, (a, b)) in ours.lines().zip(py_out.lines()).enumerate() {
            assert_eq!(
                a,
                b,
                "line {n} differs; program line: {}",
                src.lines().nth(2 * n).unwrap_or("")
            );
        }
        assert_eq!(ours, py_out);
        let globals: String = explore::final_globals(&s.cur)
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect();
        assert_eq!(globals, py_globals);
    }
}

/// Random concurrent programs: the sequential schedule must give CPython's
/// output and globals under the harness — or deadlock in both.
mod differential_threads {
    use super::super::*;
    use sched::Rng;

    struct Gen(Rng);

    impl Gen {
        fn pick(&mut self, n: u32) -> u32 {
            self.0.next_u32() % n
        }
        fn block(&mut self, indent: usize, d: u32, out: &mut String) {
            let n = 1 + self.pick(3);
            for _ in 0..n {
                self.stmt(indent, d, out);
            }
        }
        fn stmt(&mut self, indent: usize, d: u32, out: &mut String) {
            let pad = " ".repeat(indent);
            let simple = [
                "g += n",
                "g = g * 2 - n",
                "log.append((n, g))",
                "print('w', n, g)",
                "ev.set()",
                "q.put(n)",
                "sem.release()",
                "ev.clear()",
                "g -= 1",
                "log.append(g)",
            ];
            // Calls that may block: rarer, so most programs finish.
            let blocking = ["ev.wait()", "log.append(q.get())"];
            let k = if d == 0 { 0 } else { self.pick(8) };
            match k {
                0..=2 => {
                    let s = if self.pick(8) == 0 {
                        blocking[self.pick(2) as usize]
                    } else {
                        simple[self.pick(simple.len() as u32) as usize]
                    };
                    out.push_str(&format!("{pad}{s}\n"));
                }
                3 => {
                    let m = ["lock", "rl", "sem", "cond"][self.pick(4) as usize];
                    out.push_str(&format!("{pad}with {m}:\n"));
                    self.block(indent + 4, d - 1, out);
                }
                4 => {
                    out.push_str(&format!("{pad}with cond:\n{pad}    cond.notify_all()\n"));
                }
                5 if self.pick(3) == 0 => {
                    out.push_str(&format!("{pad}with cond:\n{pad}    while len(log) < {}:\n{pad}        cond.wait()\n", self.pick(3)));
                }
                6 => {
                    out.push_str(&format!("{pad}for i in range({}):\n", 1 + self.pick(2)));
                    self.block(indent + 4, d - 1, out);
                }
                _ => {
                    out.push_str(&format!("{pad}if g % 2 == 0:\n"));
                    self.block(indent + 4, d - 1, out);
                    out.push_str(&format!("{pad}else:\n"));
                    self.block(indent + 4, d - 1, out);
                }
            }
        }
        fn program(&mut self) -> String {
            let mut src = String::from(
                "import threading\nimport queue\nlock = threading.Lock()\nrl = threading.RLock()\nsem = threading.Semaphore(1)\nev = threading.Event()\nq = queue.Queue(2)\ncond = threading.Condition()\ng = 0\nlog = []\n",
            );
            let workers = 1 + self.pick(3);
            for w in 0..workers {
                src.push_str(&format!("\n\ndef w{w}(n):\n    global g\n"));
                self.block(4, 2, &mut src);
            }
            src.push_str("\n\nts = []\n");
            for w in 0..workers {
                src.push_str(&format!(
                    "ts.append(threading.Thread(target=w{w}, args=({},)))\n",
                    w + 1
                ));
            }
            src.push_str("for t in ts:\n    t.start()\nn = 0\n");
            self.block(0, 1, &mut src);
            src.push_str("for t in ts:\n    t.join()\nprint('end', g, log)\n");
            src
        }
    }

    /// On random programs: exploration (when it completes) contains the
    /// sequential run's ending, and POR loses no outcome that dedup alone finds.
    #[test]
    fn random_programs_explore_soundly() {
        let seed = std::env::var("STEPPER_DIFF_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(99);
        let mut g = Gen(Rng::new(seed));
        let key = |kind: &str, m: &Machine| {
            (
                kind.to_string(),
                explore::final_globals(m),
                explore::output_text(m),
            )
        };
        let mut complete = 0;
        for case in 0..40 {
            let src = g.program();
            let mut s = Session::new(&src, "threads", 1).expect("compiles");
            let full = explore::explore_with(&s.init, 8_000, true, false);
            if !full.complete {
                continue;
            }
            let por = explore::explore_with(&s.init, 8_000, true, true);
            assert!(
                por.complete && por.states <= full.states,
                "case {case}:\n{src}"
            );
            complete += 1;
            let set = |r: &explore::ExploreResult| {
                let mut v: Vec<_> = r
                    .outcomes
                    .iter()
                    .map(|o| (o.kind.clone(), o.globals.clone(), o.output.clone()))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(set(&por), set(&full), "case {case}:\n{src}");
            s.run_sequential(vm::MAX_STEPS);
            let kind = s.cur.outcome.as_ref().map_or("none", |o| o.kind);
            assert!(
                set(&full).contains(&key(kind, &s.cur)),
                "case {case}: sequential ending not explored\n{src}"
            );
        }
        if std::env::var("STEPPER_DIFF_VERBOSE").is_ok() {
            eprintln!("{complete} of 40 explored completely");
        }
        assert!(
            complete >= 10,
            "only {complete} programs explored completely"
        );
    }

    #[test]
    fn random_thread_programs_match_cpython() {
        let seed = std::env::var("STEPPER_DIFF_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(7);
        let mut g = Gen(Rng::new(seed));
        let dir =
            std::env::temp_dir().join(format!("threadlab-stepper-threads-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let harness =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stepper/cpython_harness.py");
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let (mut finished, mut deadlocked) = (0, 0);
        for case in 0..30 {
            let src = g.program();
            let file = dir.join(format!("prog{case}.py"));
            std::fs::write(&file, &src).expect("write program");
            let t0 = crate::clock::now_ms();
            let out = std::process::Command::new(&python)
                .arg(&harness)
                .arg(&file)
                .output()
                .unwrap_or_else(|e| {
                    panic!("this test needs `{python}` on PATH (CI installs python3): {e}")
                });
            if std::env::var("STEPPER_DIFF_VERBOSE").is_ok() {
                eprintln!("case {case}: python {:.0} ms", crate::clock::now_ms() - t0);
            }
            let stdout = String::from_utf8_lossy(&out.stdout).to_string();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            let mut s = Session::new(&src, "threads", 1).expect("compiles");
            s.run_sequential(vm::MAX_STEPS);
            let kind = s.cur.outcome.as_ref().map(|o| o.kind);
            let ours = explore::output_text(&s.cur);
            let ctx = format!("program {case}:\n{src}\npython stdout:\n{stdout}\npython stderr:\n{stderr}\nours: {:?}\n{ours}", s.cur.outcome);
            if let Some((py_out, py_globals)) = stdout.split_once("\u{1e}GLOBALS\n") {
                assert_eq!(kind, Some("finished"), "{ctx}");
                assert_eq!(ours, py_out, "{ctx}");
                let globals: String = explore::final_globals(&s.cur)
                    .iter()
                    .map(|(k, v)| format!("{k}={v}\n"))
                    .collect();
                assert_eq!(globals, py_globals, "{ctx}");
                finished += 1;
            } else if let Some((py_out, _)) = stdout.split_once("\u{1e}DEADLOCK\n") {
                assert_eq!(kind, Some("deadlock"), "{ctx}");
                assert_eq!(ours, py_out, "{ctx}");
                deadlocked += 1;
            } else {
                // A Python exception (e.g. releasing a semaphore is fine, but a RuntimeError is not).
                assert!(matches!(kind, Some("error")), "{ctx}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        if std::env::var("STEPPER_DIFF_VERBOSE").is_ok() {
            eprintln!("{finished} finished, {deadlocked} deadlocked");
        }
        assert!(
            finished >= 5 && deadlocked >= 1,
            "a mix of endings: {finished} finished, {deadlocked} deadlocked"
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
            let end = sched::replay(&m, &o.witness)
                .unwrap_or_else(|e| panic!("{}: witness {}: {e}", s.id, o.witness));
            assert_eq!(
                end.outcome.as_ref().map(|x| x.kind.to_string()),
                Some(o.kind.clone()),
                "{}",
                s.id
            );
            assert_eq!(final_globals(&end), o.globals, "{}", s.id);
            assert_eq!(output_text(&end), o.output, "{}", s.id);
        }
    }
}
