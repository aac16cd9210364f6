//! Fuzzing the collections and dunder syntax: statement soups never panic (compile, run and
//! explore).

use super::super::*;
use proptest::prelude::*;

const STATEMENTS: &[&str] = &[
    "import threading",
    "from collections import deque, Counter, defaultdict, namedtuple, OrderedDict",
    "d = deque([1, 2], maxlen=2)",
    "d = deque()",
    "d.append(x)",
    "d.appendleft(1)",
    "x = d.pop()",
    "x = d.popleft()",
    "d.rotate(-1)",
    "d.extend(range(3))",
    "d.extendleft(c)",
    "x = d[0]",
    "x = d[0:1]",
    "c = Counter('abca')",
    "c = Counter(x)",
    "c.update(d)",
    "x = c.most_common(1)",
    "x = c + c - c",
    "x = list(c.elements())",
    "dd = defaultdict(list)",
    "dd = defaultdict(lambda: dd)",
    "dd = defaultdict(C)",
    "dd[x].append(1)",
    "x = dd[d]",
    "P = namedtuple('P', 'a b')",
    "P = namedtuple('P', x)",
    "p = P(1, 2)",
    "p = P(x)",
    "x = p._replace(a=x)",
    "a, b = p",
    "x = p + (1,)",
    "o = OrderedDict(c)",
    "o.move_to_end(x)",
    "x = o.popitem(last=False)",
    "class C:",
    "def __len__(self):",
    "def __getitem__(self, i):",
    "def __iter__(self):",
    "def __next__(self):",
    "def __add__(self, o):",
    "def __bool__(self):",
    "def __call__(self, *a):",
    "return self",
    "return x",
    "raise StopIteration",
    "yield 1",
    "x = C()",
    "x = len(x)",
    "x = list(x)",
    "x = x[0]",
    "x[0] = 1",
    "del x[0]",
    "x = x + x",
    "x = x(1)",
    "x = next(x, 0)",
    "x = iter(x)",
    "x = dict(x)",
    "x = sorted(x)",
    "if x:",
    "for i in x:",
    "t = threading.Thread(target=x)",
    "t.start()",
    "try:",
    "except Exception:",
    "x = 1",
    "pass",
];

fn check(src: &str) {
    if let Ok(_p) = compile_source(src) {
        let mut s = Session::new(src, "threads", 2).expect("compiles");
        s.run_random(3, 2_000);
        let _ = s.snapshot_json();
        let s = Session::new(src, "gil", 2).expect("compiles");
        let _ = explore::explore(&s.init, 200, true);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn collections_soup_never_panics(lines in proptest::collection::vec((0..4usize, 0..STATEMENTS.len()), 0..25)) {
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
