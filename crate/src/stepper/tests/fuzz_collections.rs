//! Fuzzing the collections and dunder syntax: statement soups never panic (compile, run and
//! explore).

use super::fuzz_common::{never_panics_exploring, soup};
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn collections_soup_never_panics(lines in proptest::collection::vec((0..4usize, 0..STATEMENTS.len()), 0..25)) {
        let src = soup(&lines, STATEMENTS);
        never_panics_exploring(&src, "gil-3.9");
    }
}
