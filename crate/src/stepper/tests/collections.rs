//! collections and the container dunders: atomicity as CPython's (a deque method is one step,
//! `counter[k] += 1` is not), factories and dunders as visible call-backs, state hashing.

use super::*;

fn outcomes_of(src: &str, mode: &str, global: &str) -> Vec<(String, Option<String>)> {
    let r = explore(&machine(src, mode), 500_000, true);
    assert!(r.complete, "exploration finished within the budget");
    endings_of(&r, global)
}

fn run_seq(src: &str) -> (String, String) {
    let (out, kind, _) = run_sequential_in(src, "threads");
    (out, kind)
}

#[test]
fn deque_append_from_two_threads_never_loses_an_item() {
    let src = "import threading\nfrom collections import deque\nd = deque()\n\
def w(tag):\n    d.append(tag)\n    d.append(tag)\n\
a = threading.Thread(target=w, args=('a',))\nb = threading.Thread(target=w, args=('b',))\n\
a.start()\nb.start()\na.join()\nb.join()\nn = len(d)\n";
    for mode in ["threads", "gil"] {
        assert_eq!(
            outcomes_of(src, mode, "n"),
            vec![("finished".to_string(), Some("4".to_string()))],
            "{mode}: every interleaving keeps all four items"
        );
    }
}

#[test]
fn popleft_by_two_consumers_takes_each_item_once() {
    let src = "import threading\nfrom collections import deque\nd = deque([1, 2, 3, 4])\n\
got = []\n\
def w():\n    for _ in range(2):\n        got.append(d.popleft())\n\
a = threading.Thread(target=w)\nb = threading.Thread(target=w)\n\
a.start()\nb.start()\na.join()\nb.join()\ntotal = sorted(got)\n";
    assert_eq!(
        outcomes_of(src, "threads", "total"),
        vec![("finished".to_string(), Some("[1, 2, 3, 4]".to_string()))]
    );
}

#[test]
fn counter_increment_without_a_lock_can_lose_an_update() {
    // `c[k] += 1` is a load, an add and a store: the classic race, on a Counter too.
    let src = "import threading\nfrom collections import Counter\nc = Counter()\n\
def w():\n    c['x'] += 1\n\
a = threading.Thread(target=w)\nb = threading.Thread(target=w)\n\
a.start()\nb.start()\na.join()\nb.join()\nn = c['x']\n";
    let got = outcomes_of(src, "threads", "n");
    assert_eq!(
        got,
        vec![
            ("finished".to_string(), Some("1".to_string())),
            ("finished".to_string(), Some("2".to_string()))
        ]
    );
}

#[test]
fn a_deque_method_is_one_step() {
    let steps = |body: &str| {
        let src = format!("from collections import deque\nd = deque([1, 2])\n{body}\n");
        let mut s = Session::new(&src, "threads", 3).expect("compiles");
        s.run_sequential(vm::MAX_STEPS + 1);
        s.cur.steps
    };
    // `d.popleft()` adds the same steps as `len(d)`: load, attribute/name, call, pop.
    assert_eq!(steps("d.popleft()"), steps("len(d)"));
}

#[test]
fn defaultdict_factory_runs_once_per_missing_key_as_the_programs_steps() {
    let src = "from collections import defaultdict\ncalls = []\n\
def make():\n    calls.append(1)\n    return []\n\
d = defaultdict(make)\nd['a'].append(1)\nd['a'].append(2)\nd['b'].append(3)\n\
print(len(calls), dict(d))\n";
    let (out, kind) = run_seq(src);
    assert_eq!(out, "2 {'a': [1, 2], 'b': [3]}\n", "{kind}");
    let fast = "from collections import defaultdict\nd = defaultdict(list)\nd['a'].append(1)\n";
    let slow =
        "from collections import defaultdict\nd = defaultdict(lambda: [])\nd['a'].append(1)\n";
    let steps = |src: &str| {
        let mut s = Session::new(src, "threads", 3).expect("compiles");
        s.run_sequential(vm::MAX_STEPS + 1);
        s.cur.steps
    };
    assert!(
        steps(slow) > steps(fast),
        "a Python factory's frame is stepped, a built-in class is called at once"
    );
}

#[test]
fn states_differ_when_collection_tags_differ() {
    let end = |src: &str| {
        let mut s = Session::new(src, "threads", 3).expect("compiles");
        s.run_sequential(vm::MAX_STEPS + 1);
        s.cur.state_hash()
    };
    let a = end("from collections import deque\nd = deque([1], maxlen=2)\n");
    let b = end("from collections import deque\nd = deque([1], maxlen=3)\n");
    let c = end("from collections import deque\nd = deque([1])\n");
    let l = end("from collections import deque\nd = [1]\n");
    assert!(
        a != b && a != c && c != l && b != c,
        "maxlen and the tag are state"
    );
}

#[test]
fn errors_read_like_cpythons() {
    let cases = [
        (
            "from collections import deque\ndeque().pop()\n",
            "IndexError: pop from an empty deque",
        ),
        (
            "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1)\n",
            "TypeError: P.__new__() missing 1 required positional argument: 'y'",
        ),
        (
            "from collections import deque\nd = deque([1])\nd[0:1]\n",
            "TypeError: sequence index must be integer, not 'slice'",
        ),
        (
            "class A:\n    pass\nA()[0]\n",
            "TypeError: 'A' object is not subscriptable",
        ),
        (
            "class A:\n    pass\nfor x in A():\n    pass\n",
            "TypeError: 'A' object is not iterable",
        ),
        (
            "class A:\n    pass\nA() + 1\n",
            "TypeError: unsupported operand type(s) for +: 'A' and 'int'",
        ),
        (
            "from collections import defaultdict\nd = defaultdict(None)\nd['k']\n",
            "KeyError: 'k'",
        ),
    ];
    for (src, want) in cases {
        let (_, kind) = run_seq(src);
        assert!(kind.ends_with(want), "{src}: {kind}");
    }
}

#[test]
fn a_user_iterator_runs_its_next_as_steps_and_stops_at_stop_iteration() {
    let src = concat!(
        "class C:\n",
        "    def __init__(self):\n",
        "        self.n = 0\n",
        "    def __iter__(self):\n",
        "        return self\n",
        "    def __next__(self):\n",
        "        if self.n == 3:\n",
        "            raise StopIteration\n",
        "        self.n += 1\n",
        "        return self.n\n",
        "print(list(C()), [x * 2 for x in C()])\n",
        "a, b, c = C()\n",
        "print(a + b + c)\n",
    );
    let (out, kind) = run_seq(src);
    assert_eq!(out, "[1, 2, 3] [2, 4, 6]\n6\n", "{kind}");
}

#[test]
fn value_stays_32_bytes() {
    assert!(std::mem::size_of::<crate::stepper::value::Value>() <= 32);
}
