//! Random typed expressions, printed and stored, must give CPython's output.

use super::super::*;
use super::python3;
use sched::Rng;

struct Gen(Rng);

impl Gen {
    fn pick(&mut self, n: u32) -> u32 {
        self.0.next_u32() % n
    }
    fn int(&mut self, d: u32) -> String {
        let lit = |g: &mut Gen| (g.pick(41) as i64 - 20).to_string();
        if d == 0 {
            return lit(self);
        }
        match self.pick(12) {
            0 | 1 => lit(self),
            2 => format!("({} + {})", self.int(d - 1), self.int(d - 1)),
            3 => format!("({} - {})", self.int(d - 1), self.int(d - 1)),
            4 => format!("({} * {})", self.int(d - 1), self.int(d - 1)),
            5 => format!(
                "({} // {})",
                self.int(d - 1),
                [3, -3, 7, -2, 5][self.pick(5) as usize]
            ),
            6 => format!(
                "({} % {})",
                self.int(d - 1),
                [3, -3, 7, -2, 5][self.pick(5) as usize]
            ),
            7 => format!(
                "len({})",
                if self.pick(2) == 0 {
                    self.string(d - 1)
                } else {
                    self.list(d - 1)
                }
            ),
            8 => format!("abs({})", self.int(d - 1)),
            9 => format!(
                "{}({}, {})",
                ["min", "max"][self.pick(2) as usize],
                self.int(d - 1),
                self.int(d - 1)
            ),
            10 => format!("-{}", self.int(d - 1)),
            _ => format!("({} ** {})", self.int(0), self.pick(4)),
        }
    }
    fn string(&mut self, d: u32) -> String {
        let lits = ["'a'", "\"it's\"", "'x\"y'", "''", "'é\\n'", "'tab\\t'"];
        if d == 0 {
            return lits[self.pick(lits.len() as u32) as usize].into();
        }
        match self.pick(8) {
            0 | 1 => lits[self.pick(lits.len() as u32) as usize].into(),
            2 => format!("({} + {})", self.string(d - 1), self.string(d - 1)),
            3 => format!("str({})", self.any(d - 1)),
            4 => format!("({} * {})", self.string(d - 1), self.pick(3)),
            5 => {
                // CPython 3.11: no backslash and no closing quotes inside the braces.
                let mut inner = || {
                    let e = self.any(d - 1);
                    if e.contains('\\') || e.contains('"') {
                        self.int(0)
                    } else {
                        e
                    }
                };
                let (a, b) = (inner(), inner());
                format!("f\"\"\"<{{ {a}}}|{{ {b}!r}}>\"\"\"")
            }
            6 => format!("','.join([{}, {}])", self.string(d - 1), self.string(d - 1)),
            _ => format!("{}.upper()", self.string(d - 1)),
        }
    }
    fn list(&mut self, d: u32) -> String {
        if d == 0 {
            return "[]".into();
        }
        match self.pick(4) {
            0 => {
                let n = self.pick(4);
                let items: Vec<String> = (0..n).map(|_| self.any(d - 1)).collect();
                format!("[{}]", items.join(", "))
            }
            1 => format!("({} + {})", self.list(d - 1), self.list(d - 1)),
            2 => format!("list(range({}))", self.pick(5)),
            _ => format!("({} * {})", self.list(d - 1), self.pick(3)),
        }
    }
    fn boolean(&mut self, d: u32) -> String {
        if d == 0 {
            return ["True", "False"][self.pick(2) as usize].into();
        }
        match self.pick(6) {
            0 => format!("({} < {})", self.int(d - 1), self.int(d - 1)),
            1 => format!("({} == {})", self.any(d - 1), self.any(d - 1)),
            2 => format!("({} in {})", self.int(d - 1), self.list(d - 1)),
            3 => format!("(not {})", self.any(d - 1)),
            4 => format!("({} != {})", self.string(d - 1), self.string(d - 1)),
            _ => format!("({} >= {})", self.string(d - 1), self.string(d - 1)),
        }
    }
    fn any(&mut self, d: u32) -> String {
        match self.pick(9) {
            0 | 1 => self.int(d),
            2 | 3 => self.string(d),
            4 => self.list(d),
            5 => self.boolean(d),
            6 => format!("({},)", self.any(d.saturating_sub(1))),
            7 => format!(
                "{{{}: {}, 'k': {}}}",
                self.string(0),
                self.int(d.saturating_sub(1)),
                self.any(d.saturating_sub(1))
            ),
            _ => format!(
                "({} {} {})",
                self.int(d.saturating_sub(1)),
                ["and", "or"][self.pick(2) as usize],
                self.any(d.saturating_sub(1))
            ),
        }
    }
}

#[test]
fn random_expressions_match_cpython() {
    // STEPPER_DIFF_SEED picks another program (the default one is checked in CI).
    let seed = std::env::var("STEPPER_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2024);
    let mut g = Gen(Rng::new(seed));
    let mut src = String::new();
    for i in 0..400 {
        let e = g.any(3);
        src.push_str(&format!("v{} = {e}\nprint({i}, v{})\n", i % 25, i % 25));
    }
    let (py_out, py_globals) =
        python3::finished(&python3::run_source(&src, "stepper-diff"), "exprs");
    let mut s = Session::new(&src, "threads", 1).expect("compiles");
    s.run_sequential(vm::MAX_STEPS);
    assert_eq!(
        s.cur.outcome.as_ref().map(|o| o.kind),
        Some("finished"),
        "{:?}",
        s.cur.outcome
    );
    python3::assert_lines_match(&explore::output_text(&s.cur), &py_out, &src);
    assert_eq!(python3::globals_text(&s.cur), py_globals);
}
