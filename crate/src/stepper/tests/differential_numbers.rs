//! Random expressions of the numbers-and-text area — floats, format specs, `%`-formatting,
//! `str.format`, slices, chained comparisons, string methods — printed and stored, must give
//! python3's output and globals.

use super::super::*;
use super::python3;
use sched::Rng;

struct Gen(Rng);

const FLOATS: &[&str] = &[
    "0.5",
    "1.25",
    "-2.75",
    "0.1",
    "3.0",
    "1e-05",
    "1e16",
    "2.5e-07",
    "123.456",
    "-0.0",
    "1e300",
    "0.2",
    "7.0",
    "2.675",
    "1234567.891",
    "-0.125",
];
const INTS: &[&str] = &["0", "1", "-3", "7", "42", "-15", "255", "1000", "123456"];

impl Gen {
    fn pick(&mut self, n: u32) -> u32 {
        self.0.next_u32() % n
    }
    fn of(&mut self, xs: &[&str]) -> String {
        xs[self.pick(xs.len() as u32) as usize].to_string()
    }
    fn int(&mut self, d: u32) -> String {
        if d == 0 {
            return self.of(INTS);
        }
        match self.pick(6) {
            0 | 1 => self.of(INTS),
            2 => format!("({} + {})", self.int(d - 1), self.int(d - 1)),
            3 => format!("({} // {})", self.int(d - 1), self.of(&["3", "-2", "7"])),
            4 => format!(
                "int({})",
                self.float(d - 1)
                    .replace("1e300", "1e3")
                    .replace("1e16", "1e6")
            ),
            _ => format!(
                "round({})",
                self.float(d - 1)
                    .replace("1e300", "1e3")
                    .replace("1e16", "1e6")
            ),
        }
    }
    fn float(&mut self, d: u32) -> String {
        if d == 0 {
            return self.of(FLOATS);
        }
        let nz = ["3", "-2.5", "0.1", "7", "-4"];
        match self.pick(14) {
            0 | 1 => self.of(FLOATS),
            2 => format!("({} + {})", self.float(d - 1), self.num(d - 1)),
            3 => format!("({} - {})", self.num(d - 1), self.float(d - 1)),
            4 => format!("({} * {})", self.float(d - 1), self.num(d - 1)),
            5 => format!("({} / {})", self.num(d - 1), self.of(&nz)),
            6 => format!(
                "({} / {})",
                self.int(d - 1),
                self.of(&["3", "-7", "2", "10"])
            ),
            7 => format!("({} // {})", self.float(d - 1), self.of(&nz)),
            8 => format!("({} % {})", self.float(d - 1), self.of(&nz)),
            9 => format!("round({}, {})", self.float(d - 1), self.pick(5) as i64 - 2),
            10 => format!("abs({})", self.float(d - 1)),
            11 => format!("float({})", self.int(d - 1)),
            12 => self.of(&[
                "(2 ** -1)",
                "(3 ** -2)",
                "(-2 ** -3)",
                "(1.5 ** 2)",
                "(0.5 ** 3)",
                "(5 ** -1)",
                "(2.0 ** 0.5)",
                "((-8) ** -1)",
            ]),
            _ => format!(
                "float({}({}, {}))",
                self.of(&["min", "max"]),
                self.float(d - 1),
                self.int(d - 1)
            ),
        }
    }
    fn num(&mut self, d: u32) -> String {
        if self.pick(3) == 0 {
            self.int(d)
        } else {
            self.float(d)
        }
    }
    /// A format spec for an int (`float_ok`: the value is a float).
    fn spec(&mut self, is_float: bool) -> String {
        let mut s = String::new();
        if self.pick(3) == 0 {
            s.push_str(&self.of(&["<", ">", "^", "*<", "->", "0=", "_^", "="]));
        }
        if self.pick(3) == 0 {
            s.push_str(&self.of(&["+", "-", " "]));
        }
        let ty = if is_float {
            self.of(&["", "e", "E", "f", "F", "g", "G", "%"])
        } else {
            self.of(&["", "d", "b", "o", "x", "X", "e", "f", "g", "%"])
        };
        if self.pick(4) == 0 && (is_float || !ty.is_empty()) {
            s.push('#');
        }
        if self.pick(4) == 0 {
            s.push('0');
        }
        if self.pick(2) == 0 {
            s.push_str(&(1 + self.pick(14)).to_string());
        }
        let float_ty = is_float || matches!(ty.as_str(), "e" | "f" | "g" | "%");
        if self.pick(3) == 0 {
            if float_ty || ty.is_empty() || ty == "d" {
                s.push(if self.pick(2) == 0 { ',' } else { '_' });
            } else {
                s.push('_');
            }
        }
        if float_ty && self.pick(2) == 0 {
            s.push_str(&format!(".{}", self.pick(8)));
        }
        s.push_str(&ty);
        s
    }
    fn text(&mut self, d: u32) -> String {
        match self.pick(10) {
            0 => {
                let x = self.float(d);
                let sp = self.spec(true);
                format!("format({x}, '{sp}')")
            }
            1 => {
                let x = self.int(d);
                let sp = self.spec(false);
                format!("f'{{{x}:{sp}}}'")
            }
            2 => {
                let x = self.float(d);
                let sp = self.spec(true);
                format!("'<{{:{sp}}}>'.format({x})")
            }
            3 => {
                let flags = self.of(&["", "-", "+", " ", "0", "#", "-0"]);
                let w = if self.pick(2) == 0 {
                    (1 + self.pick(10)).to_string()
                } else {
                    String::new()
                };
                let p = if self.pick(2) == 0 {
                    format!(".{}", self.pick(6))
                } else {
                    String::new()
                };
                let (ty, x) = match self.pick(4) {
                    0 => (self.of(&["d", "i", "x", "o", "X"]), self.int(d)),
                    1 => (self.of(&["e", "f", "g", "E", "G"]), self.num(d)),
                    2 => (
                        self.of(&["s", "r"]),
                        self.of(&["'ab'", "0.1", "[1.5]", "None"]),
                    ),
                    _ => ("d".into(), self.float(d).replace("1e300", "1.5")),
                };
                let p = if matches!(ty.as_str(), "d" | "i" | "x" | "o" | "X") && flags.contains('#')
                {
                    String::new()
                } else {
                    p
                };
                format!("'%{flags}{w}{p}{ty}|' % ({x},)")
            }
            4 => format!("str({})", self.float(d)),
            5 => format!("repr([{}, {}])", self.float(d), self.float(d)),
            6 => {
                let base = self.of(&[
                    "'concurrency'",
                    "[0, 1, 2, 3, 4, 5, 6]",
                    "(1.5, 2, 'x', None)",
                    "range(3, 30, 4)",
                ]);
                format!("str({base}{})", self.slice())
            }
            7 => {
                let a = self.num(d);
                let b = self.num(d);
                let c = self.num(d);
                let o1 = self.of(&["<", "<=", "==", "!=", ">", ">="]);
                let o2 = self.of(&["<", "<=", "==", "!=", ">", ">="]);
                format!("str({a} {o1} {b} {o2} {c})")
            }
            8 => {
                let s = self.of(&["'  Hello, World  '", "'a,b,,c'", "'thread-1 done'", "'42'"]);
                let m = self.of(&[
                    ".strip()",
                    ".split(',')",
                    ".split()",
                    ".title()",
                    ".upper().center(17, '*')",
                    ".replace('l', 'L', 1)",
                    ".find('o')",
                    ".rfind(',')",
                    ".count(',')",
                    ".zfill(8)",
                    ".startswith(' ')",
                    ".rjust(18, '.')",
                    ".rsplit(None, 1)",
                    ".isdigit()",
                    ".partition(',')",
                    ".capitalize()",
                    ".ljust(4, '-')",
                ]);
                format!("str({s}{m})")
            }
            _ => format!(
                "'{{0}} {{1!r}} {{0:>8.3f}}'.format({}, {})",
                self.float(d),
                self.of(&["'x'", "1.5", "[2]"])
            ),
        }
    }
    fn slice(&mut self) -> String {
        let b = |g: &mut Gen| {
            if g.pick(3) == 0 {
                String::new()
            } else {
                (g.pick(21) as i64 - 10).to_string()
            }
        };
        let (lo, hi) = (b(self), b(self));
        match self.pick(3) {
            0 => format!("[{lo}:{hi}]"),
            1 => format!("[{lo}:{hi}:{}]", self.of(&["1", "2", "3", "-1", "-2", ""])),
            _ => format!("[::{}]", self.of(&["-1", "2", "-3"])),
        }
    }
}

#[test]
fn random_number_and_text_expressions_match_cpython() {
    // STEPPER_DIFF_SEED picks another program (the default one is checked in CI).
    let seed = std::env::var("STEPPER_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2025);
    let mut g = Gen(Rng::new(seed));
    let mut src = String::new();
    for i in 0..500 {
        let e = match g.pick(3) {
            0 => g.float(3),
            _ => g.text(2),
        };
        src.push_str(&format!("v{} = {e}\nprint({i}, v{})\n", i % 25, i % 25));
    }
    let (py_out, py_globals) =
        python3::finished(&python3::run_source(&src, "stepper-numdiff"), "exprs");
    let mut s = Session::new(&src, "threads", 1).expect("compiles");
    s.run_sequential(vm::MAX_STEPS);
    assert_eq!(
        s.cur.outcome.as_ref().map(|o| o.kind),
        Some("finished"),
        "{:?}: {}",
        s.cur.outcome,
        s.cur
            .outcome
            .as_ref()
            .and_then(|o| o.line)
            .and_then(|l| src.lines().nth(l as usize - 1))
            .unwrap_or("")
    );
    python3::assert_lines_match(&explore::output_text(&s.cur), &py_out, &src);
    assert_eq!(python3::globals_text(&s.cur), py_globals);
}
