//! multiprocessing: pickled copies through queues and pipes, Array, and process pools whose
//! workers are processes (vm/mp.rs, vm/mp_pickle.rs, the prelude's Pool section).

use super::*;

fn run_seq(src: &str, mode: &str) -> (String, String) {
    let (out, kind, _) = run_sequential_in(src, mode);
    (out, kind)
}

const POOL_NAMES: &str = "import multiprocessing\n\
def who(n):\n    return multiprocessing.current_process().name\n\
if __name__ == '__main__':\n    with multiprocessing.Pool(2) as pool:\n        print(pool.map(who, [1])[0])\n";

#[test]
fn pool_workers_are_named_for_the_start_method() {
    for (mode, name) in [
        ("threads", "ForkPoolWorker-1"),
        ("fork", "ForkPoolWorker-1"),
        ("spawn", "SpawnPoolWorker-1"),
        ("forkserver", "ForkServerPoolWorker-1"),
    ] {
        let (out, kind) = run_seq(POOL_NAMES, mode);
        assert_eq!(out, format!("{name}\n"), "{mode}: {kind}");
        assert!(kind.starts_with("finished"), "{mode}: {kind}");
    }
}

#[test]
fn spawned_pool_workers_rerun_an_unguarded_top_level() {
    // CPython: each spawned worker imports the main module as __mp_main__, so an unguarded
    // print runs again in every worker (here two).
    let src = "import multiprocessing\nprint('top level', __name__)\n\
def sq(n):\n    return n * n\n\
if __name__ == '__main__':\n    with multiprocessing.Pool(2) as pool:\n        print(pool.map(sq, [1, 2, 3]))\n";
    let (out, kind) = run_seq(src, "spawn");
    assert!(kind.starts_with("finished"), "{kind}");
    assert_eq!(out.matches("top level __mp_main__").count(), 2, "{out}");
    assert!(out.starts_with("top level __main__\n"), "{out}");
    assert!(out.ends_with("[1, 4, 9]\n"), "{out}");
}

#[test]
fn an_instance_sent_to_a_spawned_child_finds_its_class_there() {
    let src = "import multiprocessing\n\
class Box:\n    def __init__(self, v):\n        self.v = v\n\
def show(b, q):\n    b.v.append(2)\n    q.put(b)\n\
if __name__ == '__main__':\n    q = multiprocessing.Queue()\n    b = Box([1])\n    p = multiprocessing.Process(target=show, args=(b, q))\n    p.start()\n    back = q.get()\n    p.join()\n    print(b.v, back.v, type(back).__name__)\n";
    for mode in ["threads", "fork", "spawn", "forkserver"] {
        let (out, kind) = run_seq(src, mode);
        assert_eq!(out, "[1] [1, 2] Box\n", "{mode}: {kind}");
    }
}

#[test]
fn a_lambda_cannot_be_pickled_as_cpython_says() {
    let src = "import multiprocessing\nq = multiprocessing.Queue()\nq.put(lambda: 1)\n";
    let (_, kind) = run_seq(src, "threads");
    assert!(
        kind.contains("PicklingError: Can't pickle <function <lambda>>"),
        "{kind}"
    );
    let src =
        "import multiprocessing\nimport threading\nq = multiprocessing.Queue()\nq.put(threading.Lock())\n";
    let (_, kind) = run_seq(src, "threads");
    assert!(
        kind.contains("TypeError: cannot pickle '_thread.lock' object"),
        "{kind}"
    );
}

#[test]
fn each_get_is_a_new_copy_and_cycles_survive() {
    let src = "import multiprocessing\nq = multiprocessing.Queue()\nx = [1]\nx.append(x)\n\
q.put(x)\nq.put(x)\na = q.get()\nb = q.get()\nprint(a is b, a[1] is a, len(b))\n";
    let (out, kind) = run_seq(src, "threads");
    assert_eq!(out, "False True 2\n", "{kind}");
}

#[test]
fn recv_on_an_empty_pipe_is_a_wait_the_explorer_sees() {
    // Nobody sends: every schedule ends in a deadlock on the pipe.
    let src = "import multiprocessing\na, b = multiprocessing.Pipe()\nx = a.recv()\n";
    let m = machine(src, "threads");
    let r = explore(&m, 10_000, true);
    assert!(r.complete);
    assert!(
        r.outcomes.iter().all(|o| o.kind == "deadlock"),
        "{:?}",
        r.outcomes.iter().map(|o| &o.kind).collect::<Vec<_>>()
    );
}

#[test]
fn pool_map_keeps_input_order_in_every_schedule() {
    let src = "import multiprocessing\n\
def sq(n):\n    return n * n\n\
if __name__ == '__main__':\n    pool = multiprocessing.Pool(2)\n    res = pool.map(sq, [1, 2, 3])\n    pool.close()\n    pool.join()\n";
    let m = machine(src, "threads");
    let r = explore(&m, 2_000_000, true);
    assert!(r.complete, "explored {} states", r.states);
    let res = endings_of(&r, "res");
    assert_eq!(
        res,
        vec![("finished".to_string(), Some("[1, 4, 9]".to_string()))]
    );
}

#[test]
fn a_parcel_keeps_value_small_and_hashes_its_contents() {
    assert_eq!(std::mem::size_of::<crate::stepper::value::Value>(), 32);
    let run = |src: &str| {
        let mut s = Session::new(src, "threads", 3).expect("compiles");
        s.run_sequential(1000);
        s.cur.state_hash()
    };
    let a = run("import multiprocessing\nq = multiprocessing.Queue()\nq.put([1])\n");
    let b = run("import multiprocessing\nq = multiprocessing.Queue()\nq.put([2])\n");
    assert_ne!(a, b);
}
