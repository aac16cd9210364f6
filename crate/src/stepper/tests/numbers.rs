//! Numbers, text and printing: floats, format specs, slices, chained comparisons, string
//! methods, `print`'s streams and `sys` — each checked against what python3 prints.

use super::*;

/// Runs `src` sequentially in `mode`; (outcome kind, stdout+stderr text, stderr-only text).
pub(super) fn run(src: &str, mode: &str) -> (String, String, String) {
    let mut s = Session::new(src, mode, 3).unwrap_or_else(|e| panic!("{e}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    let o = s.cur.outcome.clone().expect("ends");
    let err: String = s
        .cur
        .output
        .iter()
        .filter(|l| l.2 == vm::Stream::Err)
        .map(|l| l.1.as_str())
        .collect();
    let text = if o.kind == "finished" {
        output_text(&s.cur)
    } else {
        format!("{}{}", output_text(&s.cur), o.message)
    };
    (o.kind.to_string(), text, err)
}

/// A scratch runner: `STEPPER_FILE=x.py cargo test -p threadlab scratch_run -- --ignored --nocapture`.
#[test]
#[ignore]
fn scratch_run() {
    let f = std::env::var("STEPPER_FILE").expect("STEPPER_FILE");
    let src = std::fs::read_to_string(f).expect("file");
    let mut s = Session::new(&src, "threads", 3).unwrap_or_else(|e| panic!("{e}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    print!("{}", explore::output_text(&s.cur));
    let kind = s.cur.outcome.as_ref().map_or("", |o| o.kind);
    if kind != "finished" {
        println!("{:?}", s.cur.outcome);
    }
    print!("{}{}", python3::GLOBALS_MARK, python3::globals_text(&s.cur));
    println!("[{kind}]");
}

/// The value stays as small as it was at 641e4bc (32 bytes: `Range` holds three i64s);
/// floats are 8 bytes of bits and slices one pointer.
#[test]
fn value_size_unchanged() {
    let size = std::mem::size_of::<crate::stepper::value::Value>();
    println!("size_of::<Value>() = {size}");
    assert!(size <= 32, "Value grew to {size} bytes");
}

/// Runtime errors read as CPython's (python3 3.11's texts).
#[test]
fn errors_read_like_cpython() {
    let cases = [
        ("x = 1 / 0\n", "ZeroDivisionError: division by zero"),
        ("x = 1.0 / 0\n", "ZeroDivisionError: float division by zero"),
        ("x = 1.5 // 0\n", "ZeroDivisionError: float floor division by zero"),
        ("x = 1.5 % 0\n", "ZeroDivisionError: float modulo"),
        ("x = 1 % 0\n", "ZeroDivisionError: integer division or modulo by zero"),
        ("x = 0 ** -1\n", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("x = 10.0 ** 400\n", "OverflowError: (34, 'Numerical result out of range')"),
        ("import math\nx = math.sqrt(-1)\n", "ValueError: math domain error"),
        ("import math\nx = math.log(0)\n", "ValueError: math domain error"),
        ("import math\nx = math.exp(1000)\n", "OverflowError: math range error"),
        ("x = int('1.5')\n", "ValueError: invalid literal for int() with base 10: '1.5'"),
        ("x = float('abc')\n", "ValueError: could not convert string to float: 'abc'"),
        ("x = int(float('nan'))\n", "ValueError: cannot convert float NaN to integer"),
        ("x = int(float('inf'))\n", "OverflowError: cannot convert float infinity to integer"),
        ("x = format(1.5, 'd')\n", "ValueError: Unknown format code 'd' for object of type 'float'"),
        ("x = format(1, '.2d')\n", "ValueError: Precision not allowed in integer format specifier"),
        ("x = f'{[1]:>5}'\n", "TypeError: unsupported format string passed to list.__format__"),
        ("x = '%d' % 'a'\n", "TypeError: %d format: a real number is required, not str"),
        ("x = '%d %d' % (1,)\n", "TypeError: not enough arguments for format string"),
        ("x = '%d' % (1, 2)\n", "TypeError: not all arguments converted during string formatting"),
        ("x = '{} {0}'.format(1, 2)\n", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("x = '{2}'.format(1)\n", "IndexError: Replacement index 2 out of range for positional args tuple"),
        ("x = 'abc'[::0]\n", "ValueError: slice step cannot be zero"),
        ("a = [1, 2, 3]\na[::2] = [1]\n", "ValueError: attempt to assign sequence of size 1 to extended slice of size 2"),
        ("x = (1, 2)\nx[0:1] = [5]\n", "TypeError: 'tuple' object does not support item assignment"),
        ("x = 1 < 'a' < 3\n", "TypeError: '<' not supported between instances of 'int' and 'str'"),
        ("x = 'a,b'.split('')\n", "ValueError: empty separator"),
        ("import sys\nsys.setswitchinterval(0)\n", "ValueError: switch interval must be strictly positive"),
    ];
    for (src, want) in cases {
        let (kind, text, _) = run(src, "threads");
        assert_eq!(kind, "error", "{src}");
        assert!(text.ends_with(want), "{src}: {text}");
    }
}

/// States that differ only in a float, or in the switch interval, hash differently.
#[test]
fn state_hash_sees_floats_and_the_interval() {
    let end = |src: &str| {
        let mut s = Session::new(src, "gil", 3).expect("compiles");
        s.run_sequential(1000);
        s.cur.state_hash()
    };
    assert_ne!(end("x = 0.0\n"), end("x = -0.0\n"));
    assert_ne!(end("x = 1.0\n"), end("x = 1\n"));
    let mut a = Session::new("import sys\nsys.setswitchinterval(0.01)\nx = 1\n", "gil", 3)
        .expect("compiles");
    let mut b = Session::new(
        "import sys\nsys.setswitchinterval(0.003)\nx = 1\n",
        "gil",
        3,
    )
    .expect("compiles");
    for _ in 0..6 {
        a.cur.step_unchecked(0);
        b.cur.step_unchecked(0);
    }
    assert_eq!(a.cur.gil_interval, 10);
    assert_eq!(b.cur.gil_interval, 3);
    assert_ne!(a.cur.state_hash(), b.cur.state_hash());
}

/// `sys.setswitchinterval` sets the gil mode's k: a thread keeps the GIL for k bytecodes.
#[test]
fn switch_interval_sets_gil_k() {
    let src = "import sys\nsys.setswitchinterval(0.25)\nprint(sys.getswitchinterval())\n";
    let mut s = Session::new(src, "gil", 3).expect("compiles");
    s.run_sequential(1000);
    assert_eq!(s.cur.gil_interval, 250);
    assert_eq!(output_text(&s.cur), "0.25\n");
    let (_, text, _) = run(
        "import sys\nsys.setswitchinterval(50)\nprint(sys.getswitchinterval())\n",
        "gil",
    );
    assert_eq!(text, "1.0\n", "clamped to k = 1000");
}

/// stderr lines carry `stream: "err"` in the snapshot; stdout lines `"out"`.
#[test]
fn stderr_lines_are_marked() {
    let src = "import sys\nprint('a')\nprint('b', file=sys.stderr)\nsys.stderr.write('c\\n')\n";
    let (kind, text, err) = run(src, "threads");
    assert_eq!(kind, "finished");
    assert_eq!(text, "a\n", "stdout only");
    assert_eq!(err, "b\nc\n");
    let mut s = Session::new(src, "threads", 3).expect("compiles");
    s.run_sequential(1000);
    let snap = snapshot::snapshot(&s.cur);
    let streams: Vec<&str> = snap.output.iter().map(|l| l.stream).collect();
    assert_eq!(streams, ["out", "err", "err"]);
}

/// `sys.exit()` in a thread ends only that thread; its string code goes to stderr.
#[test]
fn sys_exit_ends_the_calling_thread() {
    let src = "import sys\nimport threading\ndef f():\n    sys.exit('bye')\n    print('no')\nt = threading.Thread(target=f)\nt.start()\nt.join()\nprint('main goes on')\n";
    let (kind, text, err) = run(src, "threads");
    assert_eq!(kind, "finished");
    assert_eq!(err, "bye\n");
    assert_eq!(text, "main goes on\n");
}

/// Number literals CPython accepts and refuses.
#[test]
fn number_literals() {
    for (src, want) in [
        ("x = 0\n", "0"),
        ("x = 00\n", "0"),
        ("x = 1_000\n", "1000"),
        ("x = 0x1f\n", "31"),
        ("x = 0o17\n", "15"),
        ("x = 0b101\n", "5"),
        ("x = 1.5\n", "1.5"),
        ("x = .5\n", "0.5"),
        ("x = 1e-3\n", "0.001"),
        ("x = 1_000.0\n", "1000.0"),
        ("x = 1.\n", "1.0"),
        ("x = 09.5\n", "9.5"),
        ("x = 1E5\n", "100000.0"),
    ] {
        let mut s = Session::new(src, "threads", 3).unwrap_or_else(|e| panic!("{src}: {e}"));
        s.run_sequential(100);
        let g = explore::final_globals(&s.cur);
        assert_eq!(g[0].1, want, "{src}");
    }
    for (src, msg) in [
        ("x = 01\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
        ("x = 1__0\n", "invalid decimal literal"),
        ("x = 1_\n", "invalid decimal literal"),
        ("x = 0x\n", "invalid hexadecimal literal"),
        ("x = 0b2\n", "invalid digit '2' in binary literal"),
        ("x = 1e\n", "invalid decimal literal"),
        ("x = 1a\n", "invalid decimal literal"),
    ] {
        let e = compile_source(src).expect_err(src);
        assert_eq!(e.message, msg, "{src}");
        assert_eq!((e.line, e.col), (1, 5), "{src}");
    }
}

/// `repr` of thousands of random floats (random bit patterns and quotients) is python3's.
#[test]
fn float_repr_matches_python_on_random_floats() {
    let mut rng = sched::Rng::new(77);
    let mut xs: Vec<f64> = vec![];
    while xs.len() < 4000 {
        let bits = ((rng.next_u32() as u64) << 32) | rng.next_u32() as u64;
        let x = f64::from_bits(bits);
        if !x.is_nan() {
            xs.push(x);
        }
    }
    for k in 0..2000u32 {
        let a = ((rng.next_u32() as i64) << 24) - (1 << 55) + k as i64;
        xs.push(a as f64 / [3.0, 4.0, 7.0, 1000.0, 16.0][k as usize % 5]);
    }
    let input: String = xs.iter().map(|x| format!("{}\n", hex(*x))).collect();
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = std::process::Command::new(&python)
        .arg("-c")
        .arg("import sys\nfor l in sys.stdin: print(repr(float.fromhex(l)))")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 on PATH");
    let mut stdin = child.stdin.take().expect("stdin");
    // Written from another thread: python3's answers fill its stdout pipe meanwhile.
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(input.as_bytes()).expect("write");
    });
    let out = child.wait_with_output().expect("python3 runs");
    writer.join().expect("writer");
    let py = String::from_utf8_lossy(&out.stdout);
    for (x, want) in xs.iter().zip(py.lines()) {
        assert_eq!(crate::stepper::number::float_repr(*x), want, "{}", hex(*x));
    }
    assert_eq!(py.lines().count(), xs.len());
}

/// C99 `%a`-style hex of a float (what `float.fromhex` reads).
fn hex(x: f64) -> String {
    let bits = x.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let man = bits & ((1 << 52) - 1);
    match exp {
        0x7ff => format!("{sign}inf"),
        0 => format!("{sign}0x0.{man:013x}p-1022"),
        _ => format!("{sign}0x1.{man:013x}p{}", exp - 1023),
    }
}

/// `int / int` beyond 2**53 is correctly rounded, as CPython's (values from python3).
#[test]
fn big_int_true_division_is_correctly_rounded() {
    for (a, b, want) in [
        ("4611686018427387905", "3", "1.5372286728091292e+18"),
        ("-9223372036854775807 - 1", "7", "-1.3176245766935393e+18"),
        ("9223372036854775807", "9223372036854775807", "1.0"),
        ("9007199254740993", "1", "9007199254740992.0"),
        ("1", "4611686018427387907", "2.168404344971009e-19"),
        ("123456789012345678", "1000", "123456789012345.67"),
    ] {
        let (kind, text, _) = run(&format!("print(({a}) / {b})\n"), "threads");
        assert_eq!(
            (kind.as_str(), text.trim_end()),
            ("finished", want),
            "{a} / {b}"
        );
    }
}
