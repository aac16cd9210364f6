//! Classes and exceptions: instances, inheritance, `super()`, dunders called back, Thread
//! subclasses, try/except/finally, exceptions in threads, `with` releasing its lock.

use super::*;

/// Runs `src` sequentially; returns (outcome kind, stdout, stderr).
fn run(src: &str, mode: &str) -> (String, String, String) {
    let mut s = Session::new(src, mode, 3).unwrap_or_else(|e| panic!("compile: {e}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    let m = &s.cur;
    let err: String = m
        .output
        .iter()
        .filter(|(_, _, s)| *s == vm::Stream::Err)
        .map(|(_, t, _)| t.as_str())
        .collect();
    let kind = match &m.outcome {
        Some(o) if o.kind == "finished" => "finished".to_string(),
        Some(o) => format!("{}: {}", o.kind, o.message),
        None => "none".into(),
    };
    (kind, output_text(m), err)
}

/// `STEPPER_RUN=path cargo test -p threadlab run_file_from_env -- --nocapture` runs one program.
#[test]
fn run_file_from_env() {
    let Ok(path) = std::env::var("STEPPER_RUN") else {
        return;
    };
    let src = std::fs::read_to_string(path).expect("readable");
    let (k, out, err) = run(&src, "threads");
    println!("{out}---stderr---\n{err}---outcome: {k}");
}

#[test]
fn value_stays_small() {
    // Classes add only u32 and Rc payloads: Value is no bigger than before (32 bytes, set by
    // Range's three i64s).
    assert!(std::mem::size_of::<value::Value>() <= 32);
}

#[test]
fn an_exception_escaping_a_thread_ends_only_that_thread() {
    let src = "import threading\nout = []\ndef work(n):\n    if n == 1:\n        raise ValueError('boom ' + str(n))\n    out.append(n)\nts = [threading.Thread(target=work, args=(i,)) for i in range(3)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(out, [t.is_alive() for t in ts])\n";
    let (kind, out, err) = run(src, "threads");
    assert_eq!(kind, "finished");
    assert_eq!(out, "[0, 2] [False, False, False]\n");
    assert_eq!(
        err,
        "Exception in thread Thread-2 (work):\nTraceback (most recent call last):\n  File \"<stepper>\", line 5, in work\nValueError: boom 1\n"
    );
    // The failed thread shows as failed; the snapshot marks its lines as stderr.
    let mut s = Session::new(src, "threads", 3).expect("compiles");
    s.run_sequential(10_000);
    let snap = s.snapshot();
    assert_eq!(snap.threads[2].status, "failed");
    assert!(snap
        .output
        .iter()
        .any(|l| l.stream == "err" && l.text.contains("boom 1")));
    assert!(snap
        .output
        .iter()
        .any(|l| l.stream == "out" && l.text.contains("[0, 2]")));
}

#[test]
fn uncaught_in_the_main_thread_ends_the_run_with_cpythons_last_line() {
    let (kind, _, _) = run(
        "class Oops(Exception):\n    pass\nraise Oops('late')\n",
        "threads",
    );
    assert_eq!(kind, "error: MainThread, line 3: Oops: late");
    let (kind, _, _) = run("d = {}\nx = d['k']\n", "threads");
    assert_eq!(kind, "error: MainThread, line 2: KeyError: 'k'");
    let (kind, _, _) = run(
        "try:\n    assert 1 == 2, 'no'\nfinally:\n    print('f')\n",
        "threads",
    );
    assert_eq!(kind, "assert: MainThread, line 2: AssertionError: no");
}

#[test]
fn with_releases_the_lock_but_a_bare_acquire_keeps_it_and_the_explorer_finds_the_deadlock() {
    let with = "import threading\nlock = threading.Lock()\ndef w(n):\n    with lock:\n        if n == 0:\n            raise RuntimeError('x')\n    print('ok', n)\nts = [threading.Thread(target=w, args=(i,)) for i in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n";
    let r = explore::explore(&machine(with, "threads"), 200_000, true);
    assert!(r.complete);
    assert!(
        r.outcomes.iter().all(|o| o.kind == "finished"),
        "{:?}",
        r.outcomes
    );
    let bare = with.replace(
        "    with lock:\n        if n == 0:\n            raise RuntimeError('x')\n",
        "    lock.acquire()\n    if n == 0:\n        raise RuntimeError('x')\n    lock.release()\n",
    );
    let r = explore::explore(&machine(&bare, "threads"), 200_000, true);
    assert!(r.complete);
    let kinds: Vec<&str> = r.outcomes.iter().map(|o| o.kind.as_str()).collect();
    assert!(kinds.contains(&"deadlock"), "{kinds:?}");
    // (When thread 2 runs first it releases before thread 1 dies holding the lock: that run
    // finishes.) The deadlock's witness replays to a thread waiting for the dead thread's lock.
    let d = r
        .outcomes
        .iter()
        .find(|o| o.kind == "deadlock")
        .expect("deadlock");
    let mut s = Session::new(&bare, "threads", 3).expect("compiles");
    s.replay(&d.witness).expect("witness replays");
    assert!(s
        .cur
        .outcome
        .as_ref()
        .is_some_and(|o| o.message.contains("Lock lock")));
}

#[test]
fn a_dunder_call_back_is_a_frame_the_learner_steps_through() {
    let src = "class P:\n    def __str__(self):\n        return 'P!'\nprint(P())\n";
    let mut s = Session::new(src, "threads", 3).expect("compiles");
    let mut saw_str_frame = false;
    for _ in 0..100 {
        if s.cur.outcome.is_some() {
            break;
        }
        s.step(0).expect("steps");
        let snap = s.snapshot();
        if snap.threads[0].frames.iter().any(|f| f.func == "__str__") {
            saw_str_frame = true;
        }
    }
    assert!(saw_str_frame);
    assert_eq!(output_text(&s.cur), "P!\n");
}

#[test]
fn process_subclass_writes_stay_in_the_child_and_instances_show_their_attributes() {
    let src = "import multiprocessing\nx = 1\nclass P(multiprocessing.Process):\n    def run(self):\n        global x\n        x = 99\n        self.seen = x\np = P()\np.start()\np.join()\nprint(x, hasattr(p, 'seen'))\n";
    let (kind, out, _) = run(src, "threads");
    assert_eq!(kind, "finished");
    assert_eq!(out, "1 False\n");
    let mut s = Session::new(
        "class Acc:\n    def __init__(self):\n        self.owner = 'ann'\n        self.n = 3\na = Acc()\n",
        "threads",
        3,
    )
    .expect("compiles");
    s.run_sequential(1000);
    let snap = s.snapshot();
    let g = &snap.memories[0].globals;
    assert_eq!(g.len(), 1, "the class itself is not listed: {g:?}");
    assert_eq!(g[0].value, "<Acc owner='ann' n=3>");
}

#[test]
fn states_differing_only_in_an_attribute_hash_apart() {
    let a = machine("class C:\n    pass\nc = C()\nc.v = 1\n", "threads");
    let b = machine("class C:\n    pass\nc = C()\nc.v = 2\n", "threads");
    let mut a = a;
    let mut b = b;
    sched::run_sequential(&mut a, 1000);
    sched::run_sequential(&mut b, 1000);
    assert_ne!(a.state_hash(), b.state_hash());
}

#[test]
fn class_and_try_syntax_errors_are_clear() {
    for (src, needle) in [
        (
            "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
            "default 'except:' must be last",
        ),
        (
            "try:\n    pass\nexcept A, B:\n    pass\n",
            "must be parenthesized",
        ),
        ("except ValueError:\n    pass\n", "without a matching `try`"),
        ("class A(metaclass=M):\n    pass\n", "metaclass"),
        (
            "try:\n    pass\nelse:\n    pass\n",
            "`else` needs an `except`",
        ),
    ] {
        let e = compile_source(src).expect_err(src);
        assert!(e.message.contains(needle), "{src:?}: {e}");
    }
}

#[test]
fn runtime_class_errors_read_like_cpython() {
    for (src, msg) in [
        (
            "class A:\n    pass\nA().x\n",
            "AttributeError: 'A' object has no attribute 'x'",
        ),
        (
            "class A:\n    pass\nA(1)\n",
            "TypeError: A() takes no arguments",
        ),
        (
            "raise 3\n",
            "TypeError: exceptions must derive from BaseException",
        ),
        ("raise\n", "RuntimeError: No active exception to reraise"),
        (
            "class A:\n    pass\nclass B(A, A):\n    pass\n",
            "TypeError: duplicate base class A",
        ),
        (
            "class A:\n    pass\nclass B(A):\n    pass\nclass C(A, B):\n    pass\n",
            "TypeError: Cannot create a consistent method resolution order (MRO) for bases A, B",
        ),
        (
            "try:\n    x = 1 // 0\nexcept 3:\n    pass\n",
            "TypeError: catching classes that do not inherit from BaseException is not allowed",
        ),
        (
            "class A:\n    def __str__(self):\n        return 1\nprint(A())\n",
            "TypeError: __str__ returned non-string (type int)",
        ),
    ] {
        let (kind, _, _) = run(src, "threads");
        assert!(kind.ends_with(msg), "{src:?}: {kind}");
    }
}

#[test]
fn a_lock_held_in_an_attribute_is_named_by_it() {
    let src = "import threading\nclass Acc:\n    def __init__(self):\n        self.lock = threading.Lock()\nacc = Acc()\nacc.lock.acquire()\ndef w():\n    with acc.lock:\n        pass\nt = threading.Thread(target=w)\nt.start()\nt.join()\n";
    let (kind, _, _) = run(src, "threads");
    assert!(kind.starts_with("deadlock"), "{kind}");
    assert!(
        kind.contains("Lock acc.lock (held by MainThread)"),
        "{kind}"
    );
}
