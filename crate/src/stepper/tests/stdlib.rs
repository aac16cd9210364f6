//! `itertools`, `copy` and more of `functools` (written in Python in the prelude): unit tests
//! beside the CPython comparisons of `tests/lib_*.py`, and a proptest fuzz with their calls.

use super::*;
use proptest::prelude::*;

/// Runs a program sequentially; its outcome kind, message and output.
fn run(src: &str) -> (String, String, String) {
    let mut s = Session::new(src, "threads", 3).unwrap_or_else(|e| panic!("{e}\n{src}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    let o = s.cur.outcome.clone().expect("an outcome");
    (o.kind.to_string(), o.message, output_text(&s.cur))
}

fn out(src: &str) -> String {
    let (k, m, o) = run(src);
    assert_ne!(k, "error", "{src}: {m}");
    o
}

fn error_of(src: &str) -> String {
    let (k, m, _) = run(src);
    assert_eq!(k, "error", "{src}: {m}");
    m
}

#[test]
fn islice_takes_only_what_it_needs_from_an_endless_count() {
    let src = "import itertools\nc = itertools.count(5)\nprint(list(itertools.islice(c, 3)))\nprint(next(c))\n";
    assert_eq!(out(src), "[5, 6, 7]\n8\n");
    let src = "from itertools import islice\nprint(list(islice('abcdefg', 1, None, 3)))\n";
    assert_eq!(out(src), "['b', 'e']\n");
}

#[test]
fn islice_rejects_bad_bounds_as_cpython() {
    // At the call, before anything is pulled (CPython checks in the constructor).
    let m = error_of("import itertools\nitertools.islice([1], -1)\n");
    assert!(
        m.contains("ValueError: Stop argument for islice() must be None or an integer"),
        "{m}"
    );
}

#[test]
fn zip_with_an_endless_generator_ends_with_the_shortest() {
    let src = "import itertools\nprint(list(zip('ab', itertools.count(1))))\n";
    assert_eq!(out(src), "[('a', 1), ('b', 2)]\n");
}

#[test]
fn deepcopy_keeps_shared_objects_shared_and_copies_instances() {
    let src = "import copy\nr = [1]\nd = copy.deepcopy({'a': r, 'b': r})\nprint(d['a'] is d['b'], d['a'] is r)\n\
class C:\n    pass\nc = C()\nc.items = [r]\ne = copy.deepcopy(c)\nprint(e.items == c.items, e.items is c.items, type(e) is C)\n";
    assert_eq!(out(src), "True False\nTrue False True\n");
}

#[test]
fn a_copy_is_not_initialised_again() {
    let src = "import copy\nclass C:\n    def __init__(self):\n        print('init')\n        self.v = 1\nc = C()\nd = copy.copy(c)\nprint(d.v)\n";
    assert_eq!(out(src), "init\n1\n");
}

#[test]
fn lru_cache_evicts_the_least_recently_used() {
    let src = "import functools\nseen = []\n@functools.lru_cache(maxsize=2)\ndef f(x):\n    seen.append(x)\n    return x\nfor x in [1, 2, 1, 3, 2, 1]:\n    f(x)\nprint(seen)\n";
    // CPython: 1, 2 miss; 1 hits; 3 evicts 2; 2 misses (evicts 1); 1 misses.
    assert_eq!(out(src), "[1, 2, 3, 2, 1]\n");
}

#[test]
fn partial_merges_keywords_and_appends_arguments() {
    let src = "from functools import partial\ndef f(a, b, c=0, d=0):\n    return (a, b, c, d)\ng = partial(f, 1, d=4)\nprint(g(2), g(2, c=3, d=5))\n";
    assert_eq!(out(src), "(1, 2, 0, 4) (1, 2, 3, 5)\n");
}

#[test]
fn unknown_itertools_names_are_refused_at_compile_time() {
    let e = compile_source("from itertools import tee\n").expect_err("refused");
    assert!(e.message.contains("itertools.tee"), "{}", e.message);
}

#[test]
fn two_threads_pulling_one_count_interleave_without_losing_numbers() {
    // Every interleaving hands each number to exactly one thread.
    let src = "import threading\nimport itertools\nc = itertools.count()\nseen = []\ndef w():\n    seen.append(next(c))\n\
ts = [threading.Thread(target=w) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\ntotal = sum(seen)\n";
    let r = explore(&machine(src, "threads"), 200_000, true);
    assert!(r.complete);
    assert!(!r.outcomes.is_empty());
    for o in &r.outcomes {
        assert_eq!(o.kind, "finished", "{}", o.message);
        assert!(
            o.globals.iter().any(|(k, v)| k == "total" && v == "1"),
            "{:?}",
            o.globals
        );
    }
}

const CALLS: &[&str] = &[
    "import itertools",
    "import copy",
    "import functools",
    "x = [1, 2, 3]",
    "x = itertools.count(1)",
    "x = list(itertools.islice(x, 2))",
    "x = list(itertools.islice(x, 1, 5, 2))",
    "x = list(itertools.chain(x, x))",
    "x = list(itertools.chain.from_iterable([x]))",
    "x = list(itertools.repeat(x, 2))",
    "x = list(itertools.product(x, repeat=2))",
    "x = list(itertools.permutations(x))",
    "x = list(itertools.combinations(x, 2))",
    "x = list(itertools.accumulate(x))",
    "x = [(k, list(g)) for k, g in itertools.groupby(x)]",
    "x = list(itertools.zip_longest(x, [1]))",
    "x = list(zip(x, itertools.cycle(x)))",
    "x = copy.copy(x)",
    "x = copy.deepcopy([x, x])",
    "x = functools.partial(print, 1)",
    "x = functools.lru_cache(maxsize=1)(abs)",
    "x(1)",
    "print(x)",
];

fn check(src: &str) {
    if let Ok(mut s) = Session::new(src, "threads", 2) {
        s.run_random(1, 3_000);
        let _ = s.snapshot_json();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn stdlib_call_soup_never_panics(idx in proptest::collection::vec(0..CALLS.len(), 0..15)) {
        let src: String = idx.iter().map(|i| format!("{}\n", CALLS[*i])).collect();
        check(&src);
    }
}
