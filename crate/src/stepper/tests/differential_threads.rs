//! Random concurrent programs: the sequential schedule must give CPython's
//! output and globals under the harness — or deadlock in both.

use super::super::*;
use super::python3;
use sched::Rng;

pub(super) struct Gen(pub(super) Rng);

impl Gen {
    fn pick(&mut self, n: u32) -> u32 {
        self.0.next_u32() % n
    }
    fn block(&mut self, indent: usize, d: u32, out: &mut String) {
        let n = 1 + self.pick(3);
        for _ in 0..n {
            self.stmt(indent, d, out);
        }
    }
    fn stmt(&mut self, indent: usize, d: u32, out: &mut String) {
        let pad = " ".repeat(indent);
        let simple = [
            "g += n",
            "g = g * 2 - n",
            "log.append((n, g))",
            "print('w', n, g)",
            "ev.set()",
            "q.put(n)",
            "sem.release()",
            "ev.clear()",
            "g -= 1",
            "log.append(g)",
        ];
        // Calls that may block: rarer, so most programs finish.
        let blocking = ["ev.wait()", "log.append(q.get())"];
        let k = if d == 0 { 0 } else { self.pick(8) };
        match k {
            0..=2 => {
                let s = if self.pick(8) == 0 {
                    blocking[self.pick(2) as usize]
                } else {
                    simple[self.pick(simple.len() as u32) as usize]
                };
                out.push_str(&format!("{pad}{s}\n"));
            }
            3 => {
                let m = ["lock", "rl", "sem", "cond"][self.pick(4) as usize];
                out.push_str(&format!("{pad}with {m}:\n"));
                self.block(indent + 4, d - 1, out);
            }
            4 => {
                out.push_str(&format!("{pad}with cond:\n{pad}    cond.notify_all()\n"));
            }
            5 if self.pick(3) == 0 => {
                out.push_str(&format!(
                    "{pad}with cond:\n{pad}    while len(log) < {}:\n{pad}        cond.wait()\n",
                    self.pick(3)
                ));
            }
            6 => {
                out.push_str(&format!("{pad}for i in range({}):\n", 1 + self.pick(2)));
                self.block(indent + 4, d - 1, out);
            }
            _ => {
                out.push_str(&format!("{pad}if g % 2 == 0:\n"));
                self.block(indent + 4, d - 1, out);
                out.push_str(&format!("{pad}else:\n"));
                self.block(indent + 4, d - 1, out);
            }
        }
    }
    pub(super) fn program(&mut self) -> String {
        let mut src = String::from(
            "import threading\nimport queue\nlock = threading.Lock()\nrl = threading.RLock()\nsem = threading.Semaphore(1)\nev = threading.Event()\nq = queue.Queue(2)\ncond = threading.Condition()\ng = 0\nlog = []\n",
        );
        let workers = 1 + self.pick(3);
        for w in 0..workers {
            src.push_str(&format!("\n\ndef w{w}(n):\n    global g\n"));
            self.block(4, 2, &mut src);
        }
        src.push_str("\n\nts = []\n");
        for w in 0..workers {
            src.push_str(&format!(
                "ts.append(threading.Thread(target=w{w}, args=({},)))\n",
                w + 1
            ));
        }
        src.push_str("for t in ts:\n    t.start()\nn = 0\n");
        self.block(0, 1, &mut src);
        src.push_str("for t in ts:\n    t.join()\nprint('end', g, log)\n");
        src
    }
}

/// On random programs: exploration (when it completes) contains the
/// sequential run's ending, and POR loses no outcome that dedup alone finds.
#[test]
fn random_programs_explore_soundly() {
    let seed = std::env::var("STEPPER_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(99);
    let mut g = Gen(Rng::new(seed));
    let key = |kind: &str, m: &Machine| {
        (
            kind.to_string(),
            explore::final_globals(m),
            explore::output_text(m),
        )
    };
    let mut complete = 0;
    for case in 0..40 {
        let src = g.program();
        let mut s = Session::new(&src, "threads", 1).expect("compiles");
        let full = explore::explore_with(&s.init, 8_000, true, false);
        if !full.complete {
            continue;
        }
        let por = explore::explore_with(&s.init, 8_000, true, true);
        // (The reduced search is DPOR or the visited-set search, whichever finishes first: fewer
        // states than de-duplication alone, give or take the turn in which the winner finished.)
        assert!(
            por.complete && por.states <= full.states + explore::TURN,
            "case {case}:\n{src}"
        );
        complete += 1;
        let set = |r: &explore::ExploreResult| {
            let mut v: Vec<_> = r
                .outcomes
                .iter()
                .map(|o| (o.kind.clone(), o.globals.clone(), o.output.clone()))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(set(&por), set(&full), "case {case}:\n{src}");
        s.run_sequential(vm::MAX_STEPS);
        let kind = s.cur.outcome.as_ref().map_or("none", |o| o.kind);
        assert!(
            set(&full).contains(&key(kind, &s.cur)),
            "case {case}: sequential ending not explored\n{src}"
        );
    }
    if std::env::var("STEPPER_DIFF_VERBOSE").is_ok() {
        eprintln!("{complete} of 40 explored completely");
    }
    assert!(
        complete >= 10,
        "only {complete} programs explored completely"
    );
}

#[test]
fn random_thread_programs_match_cpython() {
    let seed = std::env::var("STEPPER_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let mut g = Gen(Rng::new(seed));
    let (mut finished, mut deadlocked) = (0, 0);
    for case in 0..30 {
        let src = g.program();
        let t0 = crate::clock::now_ms();
        let out = python3::run_source(&src, "stepper-threads");
        if std::env::var("STEPPER_DIFF_VERBOSE").is_ok() {
            eprintln!("case {case}: python {:.0} ms", crate::clock::now_ms() - t0);
        }
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let mut s = Session::new(&src, "threads", 1).expect("compiles");
        s.run_sequential(vm::MAX_STEPS);
        let kind = s.cur.outcome.as_ref().map(|o| o.kind);
        let ours = explore::output_text(&s.cur);
        let ctx = format!("program {case}:\n{src}\npython stdout:\n{stdout}\npython stderr:\n{stderr}\nours: {:?}\n{ours}", s.cur.outcome);
        if let Some((py_out, py_globals)) = stdout.split_once(python3::GLOBALS_MARK) {
            assert_eq!(kind, Some("finished"), "{ctx}");
            assert_eq!(ours, py_out, "{ctx}");
            assert_eq!(python3::globals_text(&s.cur), py_globals, "{ctx}");
            finished += 1;
        } else if let Some((py_out, _)) = stdout.split_once("\u{1e}DEADLOCK\n") {
            assert_eq!(kind, Some("deadlock"), "{ctx}");
            assert_eq!(ours, py_out, "{ctx}");
            deadlocked += 1;
        } else {
            // A Python exception (e.g. releasing a semaphore is fine, but a RuntimeError is not).
            assert!(matches!(kind, Some("error")), "{ctx}");
        }
    }
    if std::env::var("STEPPER_DIFF_VERBOSE").is_ok() {
        eprintln!("{finished} finished, {deadlocked} deadlocked");
    }
    assert!(
        finished >= 5 && deadlocked >= 1,
        "a mix of endings: {finished} finished, {deadlocked} deadlocked"
    );
}
