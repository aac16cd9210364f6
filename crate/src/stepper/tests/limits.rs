//! Resource limits (issue 17): each hostile program ends the way CPython would (or with a clear
//! budget message), never with a trap, a panic or a step that runs for seconds; exploration
//! memory stays linear; the schedule names more than ten threads.

use super::*;
use proptest::prelude::*;

/// The sequential run's outcome: (kind, message, line).
fn run(src: &str) -> (String, String, Option<u32>) {
    let mut s = Session::new(src, "threads", 1).expect("compiles");
    s.run_sequential(vm::MAX_STEPS);
    let o = s.cur.outcome.clone().expect("the run ends");
    (o.kind.to_string(), o.message, o.line)
}

#[test]
fn growing_a_list_of_big_values_is_a_memory_error_at_its_line() {
    for item in [
        "\"a\" * 1000000",
        "[0] * 100000",
        "(0,) * 100000",
        "str([1] * 100000)",
    ] {
        let src = format!("a = []\nwhile True:\n    a.append({item})\n");
        let (kind, msg, line) = run(&src);
        assert_eq!(kind, "error", "{item}: {msg}");
        assert!(msg.contains("line 3: MemoryError"), "{item}: {msg}");
        assert!(msg.contains("32 MB"), "{item}: {msg}");
        assert_eq!(line, Some(3));
    }
}

#[test]
fn garbage_is_collected_so_a_long_loop_of_temporaries_finishes() {
    // 400 × 800 KB of lists the program drops at once: CPython runs it, and so must the stepper.
    let src = "for i in range(400):\n    x = [0] * 100000\n    s = 'ab' * 400000\nprint(len(x), len(s))\n";
    let mut s = Session::new(src, "threads", 1).expect("compiles");
    s.run_sequential(vm::MAX_STEPS);
    assert_eq!(s.cur.outcome.as_ref().map(|o| o.kind), Some("finished"));
    assert_eq!(explore::output_text(&s.cur), "100000 800000\n");
}

#[test]
fn counts_are_checked_in_64_bits_before_any_work() {
    // python3: `[] * 4294967295` is [] at once; `[7] * 4294967297` and `'a' * 4294967297` are
    // MemoryError; `'ab' * 2**62` is OverflowError; `list(range(10**12))` is MemoryError. The
    // last two rows pass the stepper's own caps (sorted() of 10**12 items, a 10 MB string) where
    // CPython would work: MemoryError too, with the cap named.
    let (kind, _, _) = run("x = [] * 4294967295\ny = '' * 4294967295\nz = () * 4294967295\n");
    assert_eq!(kind, "finished");
    for (expr, want) in [
        ("[7] * 4294967297", "MemoryError"),
        ("4294967297 * [7]", "MemoryError"),
        ("'a' * 4294967297", "MemoryError"),
        ("(7,) * 4294967297", "MemoryError"),
        ("[0] * (2 ** 62)", "MemoryError"),
        ("[1, 2] * (2 ** 62)", "MemoryError"),
        (
            "'ab' * (2 ** 62)",
            "OverflowError: repeated string is too long",
        ),
        ("list(range(10 ** 12))", "MemoryError"),
        ("sorted(range(10 ** 12))", "MemoryError"),
        ("'-'.join(['x' * 1000] * 10000)", "MemoryError"),
    ] {
        let (kind, msg, line) = run(&format!("n = 1\nx = {expr}\n"));
        assert_eq!(kind, "error", "{expr}");
        assert!(msg.contains(&format!("line 2: {want}")), "{expr}: {msg}");
        assert_eq!(line, Some(2));
    }
    // Negative and zero counts are empty, as in CPython.
    let mut s = Session::new("a = [7] * -3\nb = 'x' * 0\nc = [1] * True\n", "threads", 1)
        .expect("compiles");
    s.run_sequential(100);
    let g = explore::final_globals(&s.cur);
    assert_eq!(
        g,
        vec![
            ("a".into(), "[]".into()),
            ("b".into(), "''".into()),
            ("c".into(), "[1]".into())
        ]
    );
}

#[test]
fn mixed_tabs_and_spaces_are_a_tab_error() {
    // python3 3.11: "TabError: inconsistent use of tabs and spaces in indentation" at line 3.
    for src in [
        "if True:\n\tx = 1\n        y = 2\n",
        "if True:\n        x = 1\n\ty = 2\n",
        "if True:\n    if True:\n\tx = 1\n",
    ] {
        let e = compile_source(src).expect_err(src);
        assert_eq!(e.line, 3, "{src:?}");
        assert_eq!(
            e.message, "TabError: inconsistent use of tabs and spaces in indentation",
            "{src:?}"
        );
    }
    // Consistent tabs, or tabs in one block and spaces in another, are fine (as in CPython).
    for src in [
        "if True:\n\tx = 1\n\ty = 2\n",
        "if True:\n\tx = 1\nif True:\n    y = 2\n",
    ] {
        assert!(compile_source(src).is_ok(), "{src:?}");
    }
}

#[test]
fn sixty_four_threads_run_and_the_sixty_fifth_is_refused() {
    let ok = "import threading\nc = 0\ndef w():\n    global c\n    c += 1\nts = [threading.Thread(target=w) for i in range(63)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(c)\n";
    let mut s = Session::new(ok, "threads", 1).expect("compiles");
    s.run_sequential(vm::MAX_STEPS);
    assert_eq!(s.cur.outcome.as_ref().map(|o| o.kind), Some("finished"));
    assert_eq!(explore::output_text(&s.cur), "63\n");
    assert_eq!(s.cur.threads.len(), vm::MAX_THREADS);
    // The schedule names threads 10 and above in brackets, and replays.
    let sched = s.cur.schedule.clone();
    assert!(sched.contains("[63]") && sched.contains("[10]"), "{sched}");
    let mut t = Session::new(ok, "threads", 1).expect("compiles");
    t.replay(&sched).expect("replays");
    assert_eq!(t.snapshot_json(), s.snapshot_json());
    // Undo counts steps, not characters.
    t.undo(s.cur.steps - 1);
    assert_eq!(t.cur.steps, s.cur.steps - 1);
    assert!(sched.starts_with(&t.cur.schedule));

    let (kind, msg, _) = run(&ok.replace("range(63)", "range(64)"));
    assert_eq!(kind, "error");
    assert!(
        msg.contains("RuntimeError: can't start new thread")
            && msg.contains("at most 64 threads, tasks and processes"),
        "{msg}"
    );
}

#[test]
fn schedule_format_keeps_digit_schedules_and_reads_brackets() {
    assert_eq!(schedule::parse("0110").unwrap(), vec![0, 1, 1, 0]);
    assert_eq!(schedule::parse("0[12]1[0]").unwrap(), vec![0, 12, 1, 0]);
    assert_eq!(schedule::format(&[0, 12, 1, 63]), "0[12]1[63]");
    assert!(schedule::parse("01x")
        .unwrap_err()
        .starts_with("position 3: `x`"));
    assert!(schedule::parse("0[12")
        .unwrap_err()
        .starts_with("position 2:"));
    assert!(schedule::parse("0[]")
        .unwrap_err()
        .starts_with("position 2:"));
    let e = schedule::parse("[64]").unwrap_err();
    assert!(e.contains("at most 64 threads"), "{e}");
    assert_eq!(schedule::prefix("0[12]1", 2), "0[12]");
    // An old digit link replays as before.
    let race = SAMPLES.iter().find(|s| s.id == "race").expect("race");
    let mut s = Session::new(race.source, "threads", 1).expect("compiles");
    s.run_sequential(1000);
    let sched = s.cur.schedule.clone();
    assert!(sched.chars().all(|c| c.is_ascii_digit()));
    let mut t = Session::new(race.source, "threads", 1).expect("compiles");
    t.replay(&sched).expect("replays");
    assert_eq!(t.snapshot_json(), s.snapshot_json());
}

#[test]
fn a_deep_program_explores_to_its_budget_cleanly() {
    // Two threads each running 30 000 increments: every run is 100 000 steps deep. The explorer
    // keeps no schedule per state, so this stays linear in the states visited.
    let src = "import threading\nx = 0\ndef w():\n    global x\n    for i in range(30000):\n        x += 1\nt = threading.Thread(target=w)\nt.start()\nw()\nt.join()\n";
    let s = Session::new(src, "threads", 1).expect("compiles");
    let r = explore::explore(&s.init, 200_000, true);
    assert!(r.budget_hit && r.states == 200_000, "{} states", r.states);
    for o in &r.outcomes {
        let m = sched::replay(&s.init, &o.witness).expect("witness replays");
        assert_eq!(m.outcome.as_ref().map(|x| x.kind), Some(&*o.kind));
    }
}

const HOSTILE: &[&str] = &[
    "'a' * N",
    "[0] * N",
    "[a] * N",
    "(0,) * N",
    "list(range(N))",
    "str(a)",
    "'-'.join(['xy' * 1000] * N)",
    "a + a",
    "[x for x in range(N)]",
    "{N: 'v' * 1000}",
    "sorted(a)",
    "a == a",
];
const COUNTS: &[&str] = &[
    "0",
    "1",
    "-1",
    "1000",
    "100000",
    "1000000",
    "4294967295",
    "4294967297",
    "2 ** 62",
    "9223372036854775807",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Random growth programs: each ends (finished, an error CPython also raises, or the step
    /// budget) without a panic, and the memory the machine holds stays near the budget.
    #[test]
    fn hostile_growth_never_panics(
        ops in proptest::collection::vec((0..HOSTILE.len(), 0..COUNTS.len()), 1..4),
        forever in any::<bool>(),
    ) {
        let mut src = String::from("a = [1]\nN = 1\n");
        src.push_str(if forever { "while True:\n" } else { "for i in range(50):\n" });
        for (h, c) in &ops {
            src.push_str(&format!("    N = {}\n", COUNTS[*c]));
            src.push_str(&format!("    a.append({})\n", HOSTILE[*h]));
        }
        let mut s = Session::new(&src, "threads", 1).expect("compiles");
        s.run_sequential(3_000);
        let _ = s.snapshot_json();
        let live = s.cur.collect();
        prop_assert!(live <= vm::limits::MEMORY_BUDGET + (4 << 20), "{src}: {live} bytes");
        if let Some(o) = &s.cur.outcome {
            prop_assert!(o.kind != "error" || o.message.contains("Error"), "{src}: {}", o.message);
        }
    }
}

#[test]
fn one_step_cannot_run_long() {
    // 300 references to one 100 000-item list, compared item by item: 3·10^7 comparisons in
    // one step (with [b] * 100000, 10^10); the step stops at the per-step cap with a clear
    // budget message.
    let src = "b = [0] * 100000\na = [b] * 300\nn = a.count([0] * 100000)\nprint(n)\n";
    let (kind, msg, line) = run(src);
    assert_eq!(kind, "budget", "{msg}");
    assert!(
        msg.contains("stopped at line 3") && msg.contains("per-step cost cap"),
        "{msg}"
    );
    assert_eq!(line, Some(3));
    // Sorting 100 000 ints stays well inside the cap.
    let (kind, msg, _) = run("a = sorted(range(100000, 0, -1))\nprint(a[0], a[-1])\n");
    assert_eq!(kind, "finished", "{msg}");
}
