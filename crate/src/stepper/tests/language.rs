//! The language: bytecode, subset errors, runtime errors and asserts.

use super::*;

#[test]
fn bytecode_shows_load_add_store() {
    let p = compile_source(sample("race").source).expect("compiles");
    let d = disassembly(&p);
    let worker = d
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "worker")
        .expect("worker");
    let texts: Vec<&str> = worker["instrs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        &texts[..4],
        &[
            "LOAD_GLOBAL counter",
            "LOAD_CONST 1",
            "BINARY_OP +=",
            "STORE_GLOBAL counter"
        ]
    );
}

#[test]
fn subset_errors_name_the_construct() {
    let cases = [
        ("x = 01\n", 1, 5, "leading zeros"),
        ("x = 1__0\n", 1, 5, "invalid decimal literal"),
        ("import socket\n", 1, 1, "module `socket`"),
        ("try:\n    pass\n", 3, 1, "expected 'except' or 'finally'"),
        ("if x\n    pass\n", 1, 5, "expected `:`"),
        ("def f():\n  x = 1\n    y = 2\n", 3, 5, "unexpected indent"),
        ("s = 'é' + f'{x!z}'\n", 1, 15, "invalid conversion"),
        ("s = 0o8\n", 1, 5, "invalid digit '8' in octal literal"),
        ("s = f'a}'\n", 1, 8, "single '}'"),
        ("s = f'{ 1 +}'\n", 1, 12, "invalid syntax"),
        ("s = f'{}'\n", 1, 7, "empty expression"),
        // functions
        ("def f(*, a):\n    pass\nf(*, 1)\n", 3, 4, "invalid syntax"),
        (
            "def f():\n    nonlocal x\n",
            1,
            1,
            "no binding for nonlocal 'x'",
        ),
        ("nonlocal x\n", 1, 1, "module level"),
        ("x = yield 1\n", 1, 5, "'yield' outside function"),
        ("a, *b, *c = [1, 2]\n", 1, 1, "multiple starred"),
        ("def f(a=1, b):\n    pass\n", 1, 13, "non-default argument"),
    ];
    for (src, line, col, needle) in cases {
        let e = compile_source(src).expect_err(src);
        assert!(e.message.contains(needle), "{src:?}: {e}");
        assert_eq!((e.line, e.col), (line, col), "{src:?}: {e}");
    }
}

#[test]
fn runtime_errors_and_asserts() {
    let mut s = Session::new("x = 0\nassert x == 1, 'x is ' + str(x)\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    let o = s.cur.outcome.clone().unwrap();
    assert_eq!((o.kind, o.line), ("assert", Some(2)));
    assert!(
        o.message.contains("AssertionError: x is 0"),
        "{}",
        o.message
    );
    let mut s = Session::new("x = 1\na, b = x\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert!(s
        .cur
        .outcome
        .clone()
        .unwrap()
        .message
        .contains("TypeError: cannot unpack non-iterable int object"));
    let mut s = Session::new("a, b = [1, 2, 3]\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert!(s
        .cur
        .outcome
        .clone()
        .unwrap()
        .message
        .contains("too many values to unpack (expected 2)"));
    let mut s = Session::new("x = 2 ** 70\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert!(s
        .cur
        .outcome
        .clone()
        .unwrap()
        .message
        .contains("OverflowError"));
    for grow in [
        "s = 'ab'\nwhile True:\n    s = s + s\n",
        "a = [1]\nwhile True:\n    a = a + a\n",
        "t = (1,)\nwhile True:\n    t = t + t\n",
    ] {
        let mut s = Session::new(grow, "threads", 1).unwrap();
        s.run_sequential(10_000);
        assert!(
            s.cur
                .outcome
                .clone()
                .unwrap()
                .message
                .contains("MemoryError"),
            "{grow}"
        );
    }
    // Shared structure: a repr that would be exponential is cut short, not hung.
    let mut s = Session::new(
        "a = [1]\nfor i in range(40):\n    a = [a, a]\nprint(a == a, len(str(a)) > 0)\n",
        "threads",
        1,
    )
    .unwrap();
    s.run_sequential(10_000);
    assert_eq!(output_text(&s.cur), "True True\n");
    let _ = s.snapshot_json();
    let mut s = Session::new("print(7 // -2, -7 % 3, 7 % -3)\n", "threads", 1).unwrap();
    s.run_sequential(1000);
    assert_eq!(output_text(&s.cur), "-4 2 -2\n");
}
