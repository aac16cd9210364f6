//! Fuzzing the numbers-and-text syntax: number literals, f-string specs, `%`-formatting,
//! `str.format`, slices, chained comparisons, `math` / `sys` calls. No input may panic.

use super::fuzz_common::{never_panics, soup};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "x",
    "y",
    " = ",
    "(",
    ")",
    "[",
    "]",
    ":",
    "::",
    ",",
    "\n",
    "    ",
    "1",
    "0",
    "01",
    "1.",
    ".5",
    "1e",
    "1e-3",
    "1_0",
    "_",
    "0x",
    "0x1f",
    "0o8",
    "0b1",
    "1e308",
    "2.5",
    "-",
    "/",
    "//",
    "%",
    "**",
    "<",
    "<=",
    "==",
    "!=",
    " < ",
    "f'",
    "'",
    "\"",
    "{",
    "}",
    "{x",
    ":>",
    ":.2f",
    ":{y}",
    "!r",
    "!s",
    "!z",
    "=",
    "{x=}",
    "{x:,}",
    "{x:_x}",
    "%s",
    "%d",
    "%5.1f",
    "%(a)s",
    "%%",
    "%",
    "'{}'.format",
    "'{0[1]}'",
    "'{a.b}'",
    "format(",
    "round(",
    "int(",
    "float(",
    "divmod(",
    "pow(",
    "math.",
    "sqrt",
    "log",
    "fsum",
    "sys.",
    "exit(",
    "stdout.write(",
    "setswitchinterval(",
    "print(",
    "file=sys.stderr",
    "sep=",
    "end=",
    "'a,b'.split(",
    ".strip()",
    ".zfill(",
    "[::-1]",
    "[1:]",
    "[:-1]",
    "a[1:2] = ",
    "import math\n",
    "import sys\n",
    "float('nan')",
    "float('inf')",
    "-0.0",
    "1e-400",
    "not ",
    " and ",
    " or ",
    "[1, 2.5]",
    "(1, 2)",
    "'abc'",
    "None",
    "True",
];

const STATEMENTS: &[&str] = &[
    "import math",
    "import sys",
    "x = 1.5",
    "y = x / 3",
    "x = x // 0.5 % 2",
    "z = round(x, 2)",
    "s = f'{x:>10.3f}|{y!r:^8}|{x=}'",
    "s = '%5.2f %d %s' % (x, 3, s)",
    "s = '{0:{1}} {2[0]}'.format(x, 6, [1])",
    "a = [1, 2.0, 3, 4]",
    "a[1:3] = [x, y, x]",
    "b = a[::-1][1:]",
    "c = 0 < x < 10 != y",
    "m = math.sqrt(abs(x)) + math.log(abs(x) + 1)",
    "print(x, y, sep='|', end='\\n', file=sys.stderr)",
    "sys.stdout.write(str(x) + '\\n')",
    "sys.setswitchinterval(0.002)",
    "t = sys.getswitchinterval()",
    "w = 'a b c'.split()[1:]",
    "if 0.5 < x <= 2.5:",
    "for i in range(3):",
    "    x = x * 1.5",
    "sys.exit(0)",
    "q = divmod(x, 0.3)",
    "x = int(x) ** -1",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn number_token_soup_never_panics(idx in proptest::collection::vec(0..FRAGMENTS.len(), 0..40)) {
        let src: String = idx.iter().map(|i| FRAGMENTS[*i]).collect();
        never_panics(&src);
    }

    #[test]
    fn number_statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..20)) {
        let src = soup(&lines, STATEMENTS);
        never_panics(&src);
    }

    #[test]
    fn any_format_spec_never_panics(spec in "[<>=^*0-9+ #z,_.a-zA-Z%-]{0,12}", x in any::<f64>(), i in any::<i64>()) {
        use crate::stepper::format::*;
        for kind in ["int", "float", "str"] {
            if let Ok(sp) = parse_spec(&spec, kind) {
                let _ = format_int(i, &sp);
                let _ = format_float(x, &sp);
                let _ = format_str("abc", &sp);
            }
        }
        let _ = crate::stepper::number::float_repr(x);
        let _ = crate::stepper::number::round_float(x, i % 400);
    }
}
