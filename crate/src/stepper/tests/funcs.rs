//! Functions, generators and the statements added with them: unit tests beside the CPython
//! comparisons of `tests/fn_*.py` and `tests/st_*.py`.

use super::*;

/// Runs a program sequentially; its outcome kind, message and output.
fn run(src: &str) -> (String, String, String) {
    let mut s = Session::new(src, "threads", 3).unwrap_or_else(|e| panic!("{e}\n{src}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    let o = s.cur.outcome.clone().expect("an outcome");
    (o.kind.to_string(), o.message, output_text(&s.cur))
}

/// A scratch runner: `STEPPER_RUN=file.py cargo test -p threadlab scratch_run -- --nocapture`.
#[test]
fn scratch_run() {
    if let Ok(path) = std::env::var("STEPPER_RUN") {
        let src = std::fs::read_to_string(path).expect("readable");
        match Session::new(&src, "threads", 3) {
            Err(e) => println!("COMPILE ERROR: {e}"),
            Ok(_) => {
                let (k, m, out) = run(&src);
                println!("{out}--- {k}: {m}");
            }
        }
    }
}

fn error_of(src: &str) -> String {
    let (k, m, _) = run(src);
    assert_eq!(k, "error", "{src}: {m}");
    m
}

#[test]
fn value_stays_small() {
    // 32 bytes before functions came (`Range` holds three i64); their variants hold an `Rc`
    // or a heap id, so the size does not change.
    assert!(
        std::mem::size_of::<Value>() <= 32,
        "{}",
        std::mem::size_of::<Value>()
    );
}

use super::super::value::Value;

#[test]
fn call_errors_read_like_cpython() {
    let cases = [
        ("def f(a, b):\n    pass\nf(1)\n", "TypeError: f() missing 1 required positional argument: 'b'"),
        ("def f(a, b, c):\n    pass\nf()\n", "TypeError: f() missing 3 required positional arguments: 'a', 'b', and 'c'"),
        ("def f(*, k):\n    pass\nf()\n", "TypeError: f() missing 1 required keyword-only argument: 'k'"),
        ("def f(a):\n    pass\nf(1, 2, *[3])\n", "TypeError: f() takes 1 positional argument but 3 were given"),
        ("def f(a, b=1):\n    pass\nf(1, 2, 3, *[])\n", "TypeError: f() takes from 1 to 2 positional arguments but 3 were given"),
        ("def f(*a):\n    pass\nf(x=1)\n", "TypeError: f() got an unexpected keyword argument 'x'"),
        ("def f(a, *r):\n    pass\nf(1, a=2)\n", "TypeError: f() got multiple values for argument 'a'"),
        ("def g():\n    yield 1\nx = g()\nnext(x)\nnext(x)\n", "StopIteration"),
        ("def g():\n    yield 1\ng().send(5)\n", "TypeError: can't send non-None value to a just-started generator"),
        ("def f():\n    def g():\n        return v\n    r = g()\n    v = 1\nf()\n", "NameError: cannot access free variable 'v' where it is not associated with a value in enclosing scope"),
        ("x = 1\ndel x\nprint(x)\n", "NameError: name 'x' is not defined"),
        ("s = {1}\ns.remove(2)\n", "KeyError: 2"),
        ("s = {[1]}\n", "TypeError: unhashable type: 'list'"),
        ("from functools import reduce\nreduce(max, [])\n", "TypeError: reduce() of empty iterable with no initial value"),
        ("max([])\n", "ValueError: arg is an empty sequence"),
        ("max([], key=len)\n", "ValueError: max() iterable argument is empty"),
        ("a, *b, c = [1]\n", "ValueError: not enough values to unpack (expected at least 2, got 1)"),
        ("def f(**k):\n    pass\nf(**{1: 2})\n", "TypeError: keywords must be strings"),
        ("next([1])\n", "TypeError: 'list' object is not an iterator"),
    ];
    for (src, want) in cases {
        let m = error_of(src);
        assert!(m.ends_with(want), "{src}\n got: {m}\nwant: {want}");
    }
}

#[test]
fn a_closure_counter_races_like_a_global() {
    // Two threads share the cell: without a lock, an update can be lost.
    let src = "import threading\n\ndef make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    def get():\n        return n\n    return inc, get\n\ninc, get = make()\nts = [threading.Thread(target=inc) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\ncounter = get()\n";
    assert_eq!(counter_values(src, "threads"), vec!["1", "2"]);
    let locked = src
        .replace("    n = 0\n", "    n = 0\n    lock = threading.Lock()\n")
        .replace(
            "        n += 1\n",
            "        with lock:\n            n += 1\n",
        );
    assert_eq!(counter_values(&locked, "threads"), vec!["2"]);
}

#[test]
fn a_forked_process_has_its_own_cells_and_generators() {
    let src = "import multiprocessing\n\ndef make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\n\ninc = make()\n\ndef gen():\n    yield 1\n    yield 2\n\ng = gen()\nfirst = next(g)\n\ndef child():\n    inc()\n    print('child', inc(), next(g))\n\np = multiprocessing.Process(target=child)\np.start()\np.join()\nprint('parent', inc(), next(g))\n";
    let (k, m, out) = run(src);
    assert_eq!(k, "finished", "{m}");
    assert_eq!(out, "child 2 2\nparent 1 2\n");
}

#[test]
fn states_differ_when_cells_or_generators_differ() {
    let src = "def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    return inc\ninc = make()\ninc()\ninc()\n";
    let mut s = Session::new(src, "threads", 1).expect("compiles");
    let mut hashes = vec![];
    while s.cur.outcome.is_none() {
        hashes.push(s.cur.state_hash());
        let t = s.cur.ready()[0];
        s.step(t).expect("steps");
    }
    let n = hashes.len();
    hashes.sort();
    hashes.dedup();
    assert_eq!(
        hashes.len(),
        n,
        "every step of a straight-line run is a new state"
    );
}

#[test]
fn prelude_frames_show_the_calling_line() {
    let src = "def double(x):\n    return x * 2\n\nys = list(map(double, [1, 2]))\nprint(ys)\n";
    let mut s = Session::new(src, "threads", 1).expect("compiles");
    let mut saw_map = false;
    while s.cur.outcome.is_none() {
        let snap = s.snapshot();
        let t = &snap.threads[0];
        if let Some(f) = t.frames.iter().find(|f| f.func == "map") {
            saw_map = true;
            assert_eq!(f.line, 4, "a prelude frame shows the line that called it");
            assert!(t.line == Some(4) || t.line == Some(2), "{:?}", t.line);
            assert!(!f.locals.keys().any(|k| k.starts_with('.')));
        }
        s.step(0).expect("steps");
    }
    assert!(saw_map);
    assert_eq!(output_text(&s.cur), "[2, 4]\n");
    let d = disassembly(&s.init.prog);
    let names: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["<module>", "double"],
        "the prelude is not listed"
    );
}

#[test]
fn a_generator_shared_by_threads_is_explored() {
    let src = "import threading\n\ndef gen():\n    for i in range(3):\n        yield i\n\ng = gen()\ngot = []\n\ndef worker():\n    for x in g:\n        got.append(x)\n\nts = [threading.Thread(target=worker) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\ntotal = len(got)\n";
    let r = explore(&machine(src, "threads"), 200_000, true);
    assert!(r.complete);
    // Each item goes to one thread, or a thread finds the generator running (CPython's
    // "generator already executing" ValueError, which ends that thread only).
    assert!(r
        .outcomes
        .iter()
        .any(|o| o.kind == "finished" && o.globals.iter().any(|(k, v)| k == "total" && v == "3")));
    assert!(r.outcomes.iter().any(|o| o.kind == "finished"
        && o.output
            .contains("[stderr] ValueError: generator already executing")));
}

#[test]
fn recursion_limit_holds_for_closures_and_generators() {
    let m = error_of("def f():\n    def g(n):\n        return g(n + 1)\n    return g(0)\nf()\n");
    assert!(m.contains("RecursionError"), "{m}");
    let m = error_of("def g(n):\n    yield from g(n + 1)\nfor x in g(0):\n    pass\n");
    assert!(m.contains("RecursionError"), "{m}");
}

#[test]
fn sets_iterate_in_cpython_order() {
    let (_, _, out) = run("print({10, 3, 8}, {1, 9, 17, 25}, set([33, 1]), {x * 8 for x in range(5)})\ns = set()\nfor i in [40, 8, 16, 24, 32]:\n    s.add(i)\nprint(s, s | {0}, {5, 6, 7} - {6}, {0, 8} & {8, 16})\n");
    assert_eq!(
        out,
        "{8, 10, 3} {1, 17, 25, 9} {33, 1} {0, 32, 8, 16, 24}\n{32, 40, 8, 16, 24} {32, 16, 0, 40, 8, 24} {5, 7} {8}\n"
    );
}

#[test]
fn deep_nesting_compiles_in_linear_time() {
    // Scope analysis walks each block once: 45 nested `if`s with a closure at the bottom,
    // and dict comprehensions nested in each other's conditions, compile at once.
    let mut src = String::from("def f():\n    x = 1\n");
    for d in 1..45 {
        src.push_str(&format!("{}if x:\n", "    ".repeat(d)));
    }
    src.push_str(&format!("{}g = lambda: x\n", "    ".repeat(45)));
    let t0 = std::time::Instant::now();
    assert!(compile_source(&src).is_ok());
    let src = format!(
        "x = {}1{}\n",
        "{k: v for k, v in [(1, 2)] if ".repeat(14),
        "}".repeat(14)
    );
    let _ = compile_source(&src);
    assert!(t0.elapsed().as_secs() < 20, "{:?}", t0.elapsed());
}
