//! Fuzzing the class and exception syntax: statement soups of `class`, `try`, `raise`, methods
//! and Thread subclasses never panic (compile, run and explore).

use super::fuzz_common::{never_panics, soup};
use proptest::prelude::*;

const STATEMENTS: &[&str] = &[
    "import threading",
    "class A:",
    "class B(A):",
    "class E(Exception):",
    "class W(threading.Thread):",
    "class M(A, B):",
    "def __init__(self, x=1):",
    "def run(self):",
    "def __str__(self):",
    "def __repr__(self):",
    "super().__init__()",
    "threading.Thread.__init__(self)",
    "self.x = x",
    "self.x += 1",
    "return self.x",
    "return str(self.x)",
    "a = A()",
    "b = B(2)",
    "w = W()",
    "w.start()",
    "w.join()",
    "print(a, b, [a], f'{a!r}')",
    "x = isinstance(a, A)",
    "x = type(a).__name__",
    "x = getattr(a, 'x', 0)",
    "setattr(a, 'y', 1)",
    "try:",
    "except:",
    "except E as e:",
    "except (ValueError, KeyError):",
    "else:",
    "finally:",
    "raise",
    "raise E('m')",
    "raise E from None",
    "raise ValueError",
    "x = 1 // 0",
    "lock = threading.Lock()",
    "with lock:",
    "lock.acquire()",
    "for i in range(2):",
    "while x:",
    "break",
    "continue",
    "pass",
    "def f():",
    "return 1",
    "f()",
    "x = 1",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn class_and_try_soup_never_panics(lines in proptest::collection::vec((0..4usize, 0..STATEMENTS.len()), 0..25)) {
        let src = soup(&lines, STATEMENTS);
        never_panics(&src);
    }
}
