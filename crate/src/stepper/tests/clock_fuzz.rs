//! Fuzzing the clock area's library (time, timeouts, Timer, Barrier, local, queue variants,
//! random, os): whatever compiles runs, steps at random, snapshots and explores without a panic.

use super::super::*;
use proptest::prelude::*;

const STATEMENTS: &[&str] = &[
    "import threading",
    "import time",
    "import queue",
    "import random",
    "import os",
    "import _thread",
    "import multiprocessing",
    "import asyncio",
    "from timeit import default_timer",
    "x = 1",
    "x = -1",
    "x = 2 ** 62",
    "def f():",
    "def h(a, b=2):",
    "async def g():\n    await asyncio.sleep(1)\n    await asyncio.sleep(x)",
    "asyncio.run(g())",
    "time.sleep(x)",
    "time.sleep(0)",
    "x = time.time() - time.perf_counter()",
    "x = time.monotonic_ns() + default_timer()",
    "t = threading.Thread(target=f, daemon=True)",
    "t = threading.Thread(target=h, args=(x,), kwargs={'b': x}, name='n')",
    "t = threading.Timer(x, f)",
    "t = threading.Timer(1, h, args=(x,))",
    "t.start()",
    "t.join(x)",
    "t.join()",
    "t.cancel()",
    "t.daemon = True",
    "t.name = x",
    "print(t.name, t.ident, t.daemon, t.is_alive())",
    "print(threading.current_thread().name, threading.main_thread().name)",
    "print(threading.active_count(), threading.enumerate(), threading.get_ident())",
    "x = _thread.start_new_thread(f, ())",
    "b = threading.Barrier(x)",
    "b = threading.Barrier(2)",
    "x = b.wait()",
    "s = threading.BoundedSemaphore(x)",
    "s.acquire(timeout=x)",
    "s.release()",
    "lock = threading.Lock()",
    "lock.acquire(True, x)",
    "lock.acquire(blocking=False)",
    "lock.release()",
    "e = threading.Event()",
    "x = e.wait(x)",
    "e.set()",
    "loc = threading.local()",
    "loc.v = x",
    "x = loc.v",
    "q = queue.Queue(x)",
    "q = queue.LifoQueue(1)",
    "q = queue.PriorityQueue()",
    "q = queue.SimpleQueue()",
    "q.put(x)",
    "q.put((x, 'a'))",
    "q.put(x, timeout=x)",
    "q.put(x, False)",
    "q.put_nowait(x)",
    "x = q.get(timeout=x)",
    "x = q.get_nowait()",
    "q.task_done()",
    "q.join()",
    "random.seed(x)",
    "x = random.randint(x, 10)",
    "x = random.randrange(x)",
    "x = random.choice([x, 2])",
    "x = random.getrandbits(x)",
    "l = [1, 2, 3]",
    "random.shuffle(l)",
    "l = random.sample(l, x)",
    "x = os.getpid() + os.cpu_count()",
    "p = multiprocessing.current_process()",
    "print(p.name, p.pid)",
    "for i in range(2):",
    "while x < 3:",
    "if x:",
    "pass",
    "global x",
    "f()",
];

fn check(src: &str) {
    if std::env::var("STEPPER_FUZZ_VERBOSE").is_ok() {
        eprintln!("fuzz compiles={} {src:?}", compile_source(src).is_ok());
    }
    if compile_source(src).is_ok() {
        for mode in ["threads", "gil", "asyncio", "processes"] {
            let mut s = Session::new(src, mode, 2).expect("compiles");
            s.run_random(1, 2_000);
            let _ = s.snapshot_json();
            let mut s = Session::new(src, mode, 2).expect("compiles");
            s.run_sequential(2_000);
            let _ = s.snapshot_json();
        }
        let s = Session::new(src, "threads", 2).expect("compiles");
        let _ = explore::explore(&s.init, 200, true);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn clock_statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..25)) {
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
}
