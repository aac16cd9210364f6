//! The clock area: the virtual clock, threading's extras, queue's variants, random, os.

use super::*;

/// The sequential run's output and outcome kind.
fn run_seq(src: &str, mode: &str) -> (String, String, Machine) {
    run_sequential_in(src, mode)
}

/// `STEPPER_FILE=path cargo test -p threadlab debug_one_file -- --ignored --nocapture`
#[test]
#[ignore]
fn debug_one_file() {
    let path = std::env::var("STEPPER_FILE").expect("STEPPER_FILE");
    let src = std::fs::read_to_string(&path).expect("file");
    let mode = std::env::var("STEPPER_MODE").unwrap_or_else(|_| "threads".into());
    let (out, kind, m) = run_seq(&src, &mode);
    print!("{out}");
    println!("-- {kind}");
    for (k, v) in final_globals(&m) {
        println!("{k}={v}");
    }
}

#[test]
fn sleeps_order_the_output_and_the_clock_jumps() {
    let src = "import threading\nimport time\n\
def w(n, d):\n    time.sleep(d)\n    print(n)\n\
ts = [threading.Thread(target=w, args=(n, d)) for n, d in [('a', 3), ('b', 1), ('c', 2)]]\n\
for t in ts:\n    t.start()\n\
for t in ts:\n    t.join()\n\
print(time.perf_counter())\n";
    for mode in ["threads", "gil"] {
        let (out, kind, m) = run_seq(src, mode);
        assert_eq!(out, "b\nc\na\n3.0\n", "{mode}");
        assert!(kind.starts_with("finished"), "{kind}");
        assert_eq!(m.extras.now, 3_000_000_000);
    }
    // Random schedules: the sleeps still order the output.
    for seed in 0..20 {
        let mut s = Session::new(src, "threads", 3).unwrap();
        s.run_random(seed, vm::MAX_STEPS);
        assert_eq!(output_text(&s.cur), "b\nc\na\n3.0\n", "seed {seed}");
    }
}

#[test]
fn exploring_a_program_with_sleeps_terminates_with_the_sleep_order() {
    let src = "import threading\nimport time\n\
out = []\n\
def w(n, d):\n    time.sleep(d)\n    out.append(n)\n\
a = threading.Thread(target=w, args=('a', 2))\n\
b = threading.Thread(target=w, args=('b', 1))\n\
a.start()\nb.start()\na.join()\nb.join()\n";
    let r = explore(&machine(src, "threads"), 200_000, true);
    assert!(r.complete);
    let outs: Vec<_> = r
        .outcomes
        .iter()
        .map(|o| (o.kind.clone(), o.globals.clone()))
        .collect();
    assert_eq!(outs.len(), 1, "{outs:?}");
    assert_eq!(outs[0].1[0], ("out".into(), "['b', 'a']".into()));
    // Equal sleeps: both orders are explored.
    let src2 = src.replace("('a', 2)", "('a', 1)");
    let r = explore(&machine(&src2, "threads"), 200_000, true);
    assert!(r.complete);
    assert_eq!(r.outcomes.len(), 2, "{:?}", r.outcomes);
}

#[test]
fn a_cancelled_timer_never_fires() {
    let src = "import threading\nimport time\n\
def ring(what):\n    print('ring', what)\n\
t1 = threading.Timer(2, ring, args=('kept',))\n\
t2 = threading.Timer(1, ring, args=('cancelled',))\n\
t1.start()\nt2.start()\n\
time.sleep(0)\nt2.cancel()\n\
t1.join()\nt2.join()\n\
print('now', time.monotonic(), t1.is_alive(), t2.is_alive())\n";
    let (out, kind, _) = run_seq(src, "threads");
    assert_eq!(out, "ring kept\nnow 2.0 False False\n", "{kind}");
    let r = explore(&machine(src, "threads"), 200_000, true);
    assert!(r.complete);
    assert!(
        r.outcomes.iter().all(|o| !o.output.contains("cancelled")),
        "{:?}",
        r.outcomes
    );
}

#[test]
fn timeouts_run_on_the_virtual_clock() {
    let src = "import threading\nimport time\nimport queue\n\
lock = threading.Lock()\nev = threading.Event()\nq = queue.Queue()\n\
def holder():\n    with lock:\n        time.sleep(5)\n\
t = threading.Thread(target=holder)\nt.start()\ntime.sleep(1)\n\
print(lock.acquire(timeout=2), time.monotonic())\n\
print(ev.wait(3), time.monotonic())\n\
print(lock.acquire(timeout=10), time.monotonic())\n\
t.join(1)\nprint(t.is_alive())\n\
q.get(timeout=4)\n";
    let (out, kind, _) = run_seq(src, "threads");
    assert_eq!(out, "False 3.0\nFalse 6.0\nTrue 6.0\nFalse\n");
    assert!(kind.contains("_queue.Empty"), "{kind}");
}

#[test]
fn daemon_threads_end_with_the_program() {
    let src = "import threading\nimport time\n\
def beat():\n    while True:\n        print('beat')\n        time.sleep(2)\n\
threading.Thread(target=beat, daemon=True).start()\n\
time.sleep(3)\nprint('main ends')\n";
    let (out, kind, _) = run_seq(src, "threads");
    assert!(kind.starts_with("finished"), "{kind}");
    assert_eq!(out, "beat\nbeat\nmain ends\n");
    // Every interleaving ends (no endless loop left to explore).
    let r = explore(&machine(src, "threads"), 200_000, true);
    assert!(r.complete);
    assert!(
        r.outcomes.iter().all(|o| o.kind == "finished"),
        "{:?}",
        r.outcomes
    );
}

#[test]
fn names_barrier_bounded_semaphore_and_task_done() {
    let src = "import threading\nimport queue\n\
def w():\n    pass\n\
a = threading.Thread(target=w)\nb = threading.Timer(1, w)\nc = threading.Thread(target=w, name='x')\n\
print(a.name, b.name, c.name, threading.current_thread().name)\n\
s = threading.BoundedSemaphore(1)\ns.acquire()\ns.release()\ns.release()\n";
    let (out, kind, _) = run_seq(src, "threads");
    assert_eq!(out, "Thread-1 (w) Thread-2 x MainThread\n");
    assert!(
        kind.contains("ValueError: Semaphore released too many times"),
        "{kind}"
    );
    let (_, kind, _) = run_seq(
        "import queue\nq = queue.Queue()\nq.task_done()\n",
        "threads",
    );
    assert!(
        kind.contains("ValueError: task_done() called too many times"),
        "{kind}"
    );
    let (_, kind, _) = run_seq(
        "import threading\nb = threading.Barrier(2)\nb.wait()\n",
        "threads",
    );
    assert!(
        kind.starts_with("deadlock") && kind.contains("Barrier b"),
        "{kind}"
    );
}

#[test]
fn random_matches_cpython_and_unseeded_runs_follow_the_page_seed() {
    // python3: random.seed(42); randint(1, 10), choice('abc'), randrange(0, 100, 5), sample(range(10), 3)
    let src = "import random\nrandom.seed(42)\n\
print(random.randint(1, 10), random.choice('abc'), random.randrange(0, 100, 5), random.sample(range(10), 3))\n\
xs = list(range(8))\nrandom.shuffle(xs)\nprint(xs, random.getrandbits(40))\n";
    let (out, _, _) = run_seq(src, "threads");
    assert_eq!(out, expected_random_output());
    let unseeded = "import random\nprint(random.randint(1, 1000000))\n";
    let run = |seed: u32| {
        let mut s = Session::new(unseeded, "threads", 3).unwrap();
        s.set_random_seed(seed);
        s.run_sequential(1000);
        output_text(&s.cur)
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

fn expected_random_output() -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg("import random\nrandom.seed(42)\nprint(random.randint(1, 10), random.choice('abc'), random.randrange(0, 100, 5), random.sample(range(10), 3))\nxs = list(range(8))\nrandom.shuffle(xs)\nprint(xs, random.getrandbits(40))\n")
        .output()
        .expect("python3");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sleeping_state_hashes_apart_and_snapshot_shows_the_clock() {
    let src = "import time\ntime.sleep(2)\nx = 1\n";
    let mut s = Session::new(src, "threads", 3).unwrap();
    let before = s.cur.state_hash();
    s.run_sequential(100);
    assert_ne!(before, s.cur.state_hash());
    let snap = s.snapshot_json();
    assert_eq!(snap["virtualNs"], 2_000_000_000u64);
    assert_eq!(snap["virtualTime"], "2.000 s");
    // Unchanged by this area (Range's three i64 make it 32 bytes on main too).
    assert!(std::mem::size_of::<crate::stepper::value::Value>() <= 32);
}

#[test]
fn exploring_the_clock_programs_finds_their_sequential_ending() {
    // Every clk_/thr_/q_ program explores without a panic; when the exploration completes
    // within the budget, the sequential run's output is one of its endings.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stepper/tests");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !(name.starts_with("clk_") || name.starts_with("thr_") || name.starts_with("q_")) {
            continue;
        }
        let src = std::fs::read_to_string(e.path()).unwrap();
        let (out, _, _) = run_seq(&src, "threads");
        let r = explore(&machine(&src, "threads"), 5_000, true);
        if r.complete {
            assert!(
                r.outcomes.iter().any(|o| o.output == out),
                "{name}: the sequential output is not among {} endings",
                r.outcomes.len()
            );
        }
        n += 1;
    }
    assert!(n >= 15, "{n} clock-area programs");
}

#[test]
fn a_timed_wait_shows_its_deadline() {
    let src = "import threading\nimport time\nlock = threading.Lock()\n\
def holder():\n    with lock:\n        time.sleep(5)\n\
def busy():\n    for i in range(50):\n        pass\n\
threading.Thread(target=holder).start()\ntime.sleep(1)\n\
threading.Thread(target=busy).start()\nok = lock.acquire(timeout=2)\n";
    let mut s = Session::new(src, "threads", 3).unwrap();
    // Main (first whenever it can) waits in the timed acquire while `busy` runs.
    for _ in 0..300 {
        let snap = s.snapshot();
        let w = snap.threads[0].waiting_for.clone().unwrap_or_default();
        if w.contains("timeout at") {
            assert!(
                w.contains("Lock lock") && w.contains("timeout at virtual time 3.000 s"),
                "{w}"
            );
            return;
        }
        let run = sched::runnable(&s.cur);
        let Some(&t) = run.first() else { break };
        s.step(t).unwrap();
    }
    panic!("main never waited with its timeout");
}
