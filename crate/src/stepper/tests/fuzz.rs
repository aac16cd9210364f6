use super::super::*;
use super::fuzz_common::{never_panics, soup};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "def ",
    "async ",
    "await ",
    "f",
    "g",
    "(",
    ")",
    ":",
    "\n",
    "    ",
    "  ",
    "\t",
    "x",
    "y",
    "counter",
    " = ",
    "=",
    "+=",
    "-",
    "+",
    "*",
    "//",
    "%",
    "**",
    "/",
    "1",
    "0",
    "99999999999999999999",
    "while ",
    "with ",
    "lock",
    "[",
    "]",
    "{",
    "}",
    "'s'",
    "\"",
    "'",
    "#",
    "é",
    "ß",
    ",",
    ".",
    "lambda",
    "return ",
    "global ",
    "import threading\n",
    "import asyncio\n",
    "threading.Thread(target=f)",
    ".start()",
    ".join()",
    "threading.Lock()",
    "for ",
    " in ",
    "range(3)",
    "if ",
    "elif ",
    "else",
    "pass",
    "break",
    "continue",
    "print(",
    "assert ",
    "not ",
    " and ",
    " or ",
    "True",
    "None",
    "<",
    "==",
    "!=",
    "asyncio.sleep(0)",
    "asyncio.gather(",
    "asyncio.run(",
    ".acquire()",
    ".release()",
    ".append(",
    "len(",
    "\\",
    "\r\n",
    ";",
    "@",
    "~",
    "1.5",
    "f'",
    "class ",
    "try",
    "yield",
    "->",
];

const STATEMENTS: &[&str] = &[
    "import threading",
    "import asyncio",
    "import queue",
    "import multiprocessing",
    "x = 1",
    "x += 1",
    "x = x // 0",
    "print(x, f'{x!r}')",
    "lock = threading.Lock()",
    "with lock:",
    "def f():",
    "def h(a, b=2):",
    "async def g():",
    "return x",
    "t = threading.Thread(target=f)",
    "t.start()",
    "t.join()",
    "p = multiprocessing.Process(target=f)",
    "p.start()",
    "for i in range(2):",
    "while x < 3:",
    "if x:",
    "else:",
    "pass",
    "global x",
    "lock.acquire()",
    "lock.release()",
    "asyncio.run(g())",
    "await asyncio.sleep(0)",
    "q = queue.Queue(1)",
    "q.put(x)",
    "x = q.get()",
    "l = [x, [x]]",
    "l.append(l)",
    "x = l[x]",
    "d = {'a': x}",
    "x = d['a']",
    "assert x",
    "a, b = x, l",
    "x = [y for y in l if y]",
    "c = threading.Condition()",
    "with c:",
    "c.wait()",
    "c.notify()",
    "e = threading.Event()",
    "e.wait()",
    "e.set()",
    "s = threading.Semaphore(0)",
    "s.acquire()",
    "s.release()",
    "h(x)",
    "f()",
    "break",
    "continue",
    "x = 'é' * x",
    "x = x if x else -x",
    "v = multiprocessing.Value('i', 0)",
    "v.value += 1",
    "x = 2 ** 62 * 4",
    "await g()",
    "r = asyncio.gather(g(), g())",
    "await r",
    "al = asyncio.Lock()",
    "async with al:",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_text_never_panics(src in "\\PC{0,200}") {
        never_panics(&src);
    }

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        never_panics(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..25)) {
        // Indentation that is mostly valid: a block opener indents the next line.
        let src = soup(&lines, STATEMENTS);
        never_panics(&src);
    }

    #[test]
    fn python_token_soup_never_panics(idx in proptest::collection::vec(0..FRAGMENTS.len(), 0..60)) {
        let src: String = idx.iter().map(|i| FRAGMENTS[*i]).collect();
        never_panics(&src);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let src = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    assert!(compile_source(&src).is_err());
    let src = format!("x = {}1\n", "-".repeat(5000));
    assert!(compile_source(&src).is_err());
    let src = format!("x = {}1\n", "not ".repeat(5000));
    assert!(compile_source(&src).is_err());
    let mut nested = String::new();
    for d in 0..200 {
        nested.push_str(&" ".repeat(d));
        nested.push_str("if True:\n");
    }
    nested.push_str(&" ".repeat(200));
    nested.push_str("pass\n");
    assert!(compile_source(&nested).is_err());
    for chain in [" + 1", ".a", "()", "[0]", " and 1", " or 1", " * 1"] {
        let src = format!("x = 1{}\n", chain.repeat(20_000));
        assert!(compile_source(&src).is_err(), "{chain}");
    }
    let mut s = Session::new("a = []\na.append(a)\nprint(a == a, len(a))\n", "threads", 1)
        .expect("compiles");
    s.run_sequential(1000);
    assert!(s.cur.outcome.is_some());
}
