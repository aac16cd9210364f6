//! concurrent.futures: the prelude's executor, its futures, and `with` on user objects.

use super::*;

fn run_seq(src: &str) -> (String, String) {
    let (out, kind, _) = run_sequential_in(src, "threads");
    (out, kind)
}

#[test]
fn exploring_a_pool_program_terminates_with_one_answer() {
    let src = "from concurrent.futures import ThreadPoolExecutor\n\
def sq(n):\n    return n * n\n\
with ThreadPoolExecutor(max_workers=1) as ex:\n    f = ex.submit(sq, 3)\n\
res = f.result()\n";
    let m = machine(src, "threads");
    let r = explore(&m, 2_000_000, true);
    assert!(r.complete, "explored {} states", r.states);
    let res = endings_of(&r, "res");
    assert_eq!(
        res,
        vec![("finished".to_string(), Some("9".to_string()))],
        "every schedule ends with the same results"
    );
}

#[test]
fn a_futures_result_raises_the_workers_exception() {
    let src = "from concurrent.futures import ThreadPoolExecutor\n\
def bad():\n    raise ValueError('worker failed')\n\
ex = ThreadPoolExecutor(1)\nf = ex.submit(bad)\n\
try:\n    f.result()\nexcept ValueError as e:\n    print('caught', e)\n\
print(type(f.exception()).__name__)\nex.shutdown()\n";
    let (out, kind) = run_seq(src);
    assert_eq!(out, "caught worker failed\nValueError\n");
    assert!(kind.starts_with("finished"), "{kind}");
}

#[test]
fn workers_are_threads_named_after_their_pool() {
    let src = "from concurrent.futures import ThreadPoolExecutor\nimport threading\n\
def who():\n    return threading.current_thread().name\n\
with ThreadPoolExecutor(3) as ex:\n    a = ex.submit(who).result()\n\
with ThreadPoolExecutor(3) as ex:\n    b = ex.submit(who).result()\nprint(a, b)\n";
    let (out, _) = run_seq(src);
    assert_eq!(out, "ThreadPoolExecutor-0_0 ThreadPoolExecutor-1_0\n");
}

#[test]
fn with_runs_enter_and_exit_of_a_user_class_even_on_an_exception() {
    let src = concat!(
        "class Res:\n",
        "    def __enter__(self):\n        print('enter')\n        return self\n",
        "    def __exit__(self, a, b, c):\n        print('exit')\n        return False\n",
        "with Res() as r:\n    print('body')\n",
        "try:\n    with Res():\n        raise KeyError('k')\nexcept KeyError:\n    print('caught')\n",
    );
    let (out, kind) = run_seq(src);
    assert_eq!(out, "enter\nbody\nexit\nenter\nexit\ncaught\n");
    assert!(kind.starts_with("finished"), "{kind}");
}

#[test]
fn with_on_an_object_without_enter_is_cpythons_type_error() {
    let (_, kind) = run_seq("class A:\n    pass\nwith A():\n    pass\n");
    assert!(
        kind.contains("TypeError: 'A' object does not support the context manager protocol"),
        "{kind}"
    );
}

// multiprocessing: ProcessPoolExecutor's workers are processes now (tests/mp.rs).
#[test]
fn process_pool_executor_runs_in_worker_processes() {
    let (out, kind) = run_seq(
        "from concurrent.futures import ProcessPoolExecutor\nimport os\ndef pid():\n    return os.getpid()\n\
ex = ProcessPoolExecutor(2)\nprint(ex.submit(pid).result() != os.getpid())\nex.shutdown()\n",
    );
    assert_eq!(out, "True\n");
    assert!(kind.starts_with("finished"), "{kind}");
}

#[test]
fn methods_with_defaults_or_star_args_are_bound() {
    let src = concat!(
        "def make():\n",
        "    class P:\n",
        "        def apply(self, f, args=(), kwds=None):\n            return f(*args)\n",
        "        def many(self, *xs):\n            return len(xs)\n",
        "    return P\n",
        "p = make()()\nprint(p.apply(abs, (-3,)), p.many(1, 2))\n",
    );
    let (out, kind) = run_seq(src);
    assert_eq!(out, "3 2\n");
    assert!(kind.starts_with("finished"), "{kind}");
}

#[test]
fn pool_map_runs_on_worker_threads_and_keeps_the_order() {
    let src = concat!(
        "from multiprocessing import Pool\nimport threading\n",
        "def sq(x):\n    return (x * x, threading.current_thread().name)\n",
        "with Pool(2) as pool:\n    out = pool.map(sq, [3, 1, 2])\n",
        "print([r[0] for r in out], len(threading.enumerate()))\n",
    );
    let (out, kind) = run_seq(src);
    assert_eq!(out, "[9, 1, 4] 1\n");
    assert!(kind.starts_with("finished"), "{kind}");
}
