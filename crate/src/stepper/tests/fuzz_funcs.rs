//! The proptest fuzz with the syntax of functions, generators and the statements added with
//! them: no input may panic (compile errors carry a position; whatever compiles runs and
//! explores).

use super::fuzz_common::{never_panics, soup};
use proptest::prelude::*;

const STATEMENTS: &[&str] = &[
    "import threading",
    "from functools import reduce",
    "x = 1",
    "def f(a, *args, k=1, **kw):",
    "def g():",
    "def h(x=[]):",
    "@f",
    "@g()",
    "return a",
    "return x",
    "yield x",
    "x = yield",
    "yield from g()",
    "yield from [x]",
    "nonlocal x",
    "global x",
    "x = lambda *a, **k: (a, k)",
    "x = f(*[x], **{'k': x})",
    "x = f(x, k=2, z=3)",
    "x = g()",
    "x = next(x, None)",
    "x = next(x)",
    "x.send(x)",
    "for y in g():",
    "for i, (a, b) in enumerate([(1, 2)]):",
    "else:",
    "while x < 3:",
    "x += 1",
    "break",
    "a, *b = [x, x, x]",
    "l = [1, 2]",
    "l[0], l[1] = l[1], l[0]",
    "del l[0]",
    "del x",
    "s = {x, 2, 3}",
    "s = set(l) | {x} - {1} & {2}",
    "s.add(x)",
    "x = {k: v for k, v in zip(l, l)}",
    "x = [a * b for a in l for b in l if a]",
    "x = sum(y for y in l)",
    "x = list(map(lambda y: y + 1, l))",
    "x = list(filter(None, l))",
    "x = sorted(l, key=lambda y: -y, reverse=True)",
    "x = reduce(lambda a, b: a + b, l, 0)",
    "x = max(l, key=len)",
    "l.sort(key=f)",
    "x = (y := 2) if x else 3",
    "x = y = 0; z = 1",
    "t = threading.Thread(target=f, args=(1,), kwargs={'k': 2})",
    "t = threading.Thread(target=g)",
    "t.start()",
    "t.join()",
    "lock = threading.Lock()",
    "with lock, lock:",
    "if __name__ == '__main__':",
    "pass",
];

const FRAGMENTS: &[&str] = &[
    "def ",
    "lambda",
    "yield",
    " from ",
    "*",
    "**",
    "nonlocal ",
    "del ",
    "@",
    ":=",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "\n",
    "    ",
    "x",
    "f",
    "g",
    " for ",
    " in ",
    " if ",
    " else ",
    "else",
    "1",
    "|",
    "&",
    "^",
    "-",
    ";",
    "return ",
    "next(",
    "set(",
    "map(",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn function_statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..25)) {
        let src = soup(&lines, STATEMENTS);
        never_panics(&src);
    }

    #[test]
    fn function_token_soup_never_panics(idx in proptest::collection::vec(0..FRAGMENTS.len(), 0..60)) {
        let src: String = idx.iter().map(|i| FRAGMENTS[*i]).collect();
        never_panics(&src);
    }
}
