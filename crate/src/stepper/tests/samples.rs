//! The classes, exceptions and pool samples explored to the endings a learner must see, and an
//! exception that escapes the main thread (`vm/main_exit.rs`): traceback on stderr, the other
//! threads run on, then the run ends with the error — as CPython's shutdown does.

use super::*;
use std::process::Output;

/// python3 under the harness exited with 1 after the other threads ended: an exception escaped
/// the main thread. The outcome kind the stepper must end with, and the traceback's last line.
pub(super) fn main_failure(out: &Output, stdout: &str) -> Option<(&'static str, String)> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(1)
        || !stdout.contains("\u{1e}GLOBALS\n")
        || !stderr.contains("Traceback (most recent call last):\n")
    {
        return None;
    }
    let last = stderr.lines().last().unwrap_or("").to_string();
    let kind = if last.starts_with("AssertionError") {
        "assert"
    } else {
        "error"
    };
    Some((kind, last))
}

/// The stepper's run printed the main thread's traceback ending with python3's last line, and
/// its outcome's message is that line.
pub(super) fn check_main_failure(
    m: &vm::Machine,
    want: &Option<(&'static str, String)>,
    ctx: &str,
) {
    let Some((_, last)) = want else { return };
    let msg = m.outcome.as_ref().map_or("", |o| o.message.as_str());
    assert!(
        msg.ends_with(last.as_str()),
        "{ctx}: outcome {msg:?}, python3: {last:?}"
    );
    let err = stderr_text(m);
    assert!(
        err.contains("Traceback (most recent call last):\n") && err.ends_with(&format!("{last}\n")),
        "{ctx}: stderr {err:?}"
    );
}

fn stderr_text(m: &vm::Machine) -> String {
    m.output
        .iter()
        .filter(|l| l.2 == vm::Stream::Err)
        .map(|l| l.1.as_str())
        .collect()
}

fn run_seq(src: &str, mode: &str) -> Machine {
    let mut s = Session::new(src, mode, 3).expect("compiles");
    s.run_sequential(vm::MAX_STEPS + 1);
    s.cur
}

fn global<'a>(o: &'a explore::OutcomeRec, name: &str) -> Option<&'a str> {
    o.globals
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

const MAIN_RAISES: &str = "import threading\nimport time\n\
def worker(n):\n    time.sleep(n)\n    print('worker', n, 'done')\n\
def check(d):\n    return d['missing']\n\
for i in range(2):\n    threading.Thread(target=worker, args=(i + 1,)).start()\n\
print('main raises')\ncheck({})\nprint('never')\n";

#[test]
fn an_exception_in_the_main_thread_prints_its_traceback_and_the_others_finish() {
    for mode in ["free-threaded", "gil-3.10", "gil-3.9", "fork"] {
        let m = run_seq(MAIN_RAISES, mode);
        assert_eq!(
            output_text(&m),
            "main raises\nworker 1 done\nworker 2 done\n",
            "{mode}: the workers run on"
        );
        assert_eq!(
            stderr_text(&m),
            "Traceback (most recent call last):\n  File \"<stepper>\", line 11, in <module>\n  \
             File \"<stepper>\", line 7, in check\nKeyError: 'missing'\n"
        );
        let o = m.outcome.as_ref().expect("ended");
        assert_eq!(o.kind, "error", "{mode}: python3 exits with status 1");
        assert_eq!(o.message, "MainThread, line 7: KeyError: 'missing'");
        assert_eq!(o.line, Some(7));
        // The traceback comes out when the main thread dies, before the workers' lines.
        let err_at = m.output.iter().position(|l| l.2 == vm::Stream::Err);
        assert_eq!(err_at, Some(1), "{mode}: {:?}", m.output);
    }
}

#[test]
fn exploring_a_failing_main_thread_still_finds_every_workers_ending() {
    let src = "import threading\ncounter = 0\n\
def work():\n    global counter\n    counter += 1\n\
t = threading.Thread(target=work)\nt.start()\nassert counter == 1, 'too early'\nt.join()\n";
    let r = explore(&machine(src, "free-threaded"), 200_000, true);
    assert!(r.complete);
    let mut ends: Vec<(String, String)> = r
        .outcomes
        .iter()
        .map(|o| {
            (
                o.kind.clone(),
                global(o, "counter").unwrap_or("").to_string(),
            )
        })
        .collect();
    ends.sort();
    ends.dedup();
    // The assert fails when the worker has not run yet; the worker still finishes after it.
    assert_eq!(
        ends,
        vec![
            ("assert".to_string(), "1".to_string()),
            ("finished".to_string(), "1".to_string())
        ]
    );
    let failed = r.outcomes.iter().find(|o| o.kind == "assert").unwrap();
    assert_eq!(
        failed.message,
        "MainThread, line 8: AssertionError: too early"
    );
    assert!(
        failed.output.contains("[stderr] AssertionError: too early"),
        "{}",
        failed.output
    );
}

#[test]
fn daemon_threads_end_with_a_failing_main_thread_and_a_held_lock_deadlocks() {
    // Only daemon threads left: the run ends with the main thread's error at once.
    let src = "import threading\nimport time\n\
def spin():\n    while True:\n        time.sleep(1)\n\
threading.Thread(target=spin, daemon=True).start()\nraise RuntimeError('bye')\n";
    let m = run_seq(src, "free-threaded");
    let o = m.outcome.as_ref().unwrap();
    assert_eq!(
        (o.kind, o.message.as_str()),
        ("error", "MainThread, line 7: RuntimeError: bye")
    );
    // The main thread dies holding a lock a worker needs: CPython's shutdown waits for ever.
    let src = "import threading\nlock = threading.Lock()\n\
def work():\n    with lock:\n        print('never')\n\
t = threading.Thread(target=work)\nlock.acquire()\nt.start()\nraise ValueError('oops')\n";
    let m = run_seq(src, "free-threaded");
    let o = m.outcome.as_ref().unwrap();
    assert_eq!(o.kind, "deadlock", "{o:?}");
    assert!(stderr_text(&m).ends_with("ValueError: oops\n"));
}

#[test]
fn asyncio_mode_still_ends_the_run_at_once() {
    let src =
        "import asyncio\nasync def main():\n    raise ValueError('no')\nasyncio.run(main())\n";
    let m = run_seq(src, "asyncio");
    let o = m.outcome.as_ref().unwrap();
    assert_eq!(o.kind, "error");
    assert!(o.message.ends_with("ValueError: no"), "{o:?}");
}

#[test]
fn the_bank_sample_loses_deposits_only_without_its_lock() {
    let r = explore(
        &machine(sample("bank").source, "free-threaded"),
        200_000,
        true,
    );
    assert!(r.complete, "{} states", r.states);
    let mut plain: Vec<&str> = r
        .outcomes
        .iter()
        .filter_map(|o| global(o, "plain_total"))
        .collect();
    plain.sort();
    plain.dedup();
    assert_eq!(plain, ["10", "20", "30"]);
    assert!(r
        .outcomes
        .iter()
        .all(|o| o.kind == "finished" && global(o, "locked_total") == Some("30")));
}

#[test]
fn the_exceptions_sample_deadlocks_only_through_the_bare_acquire() {
    let s = sample("exceptions");
    let m = run_seq(s.source, s.mode);
    assert_eq!(output_text(&m), "total = 2\n");
    let err = stderr_text(&m);
    assert!(
        err.starts_with(
            "Exception in thread Thread-1 (careful):\nTraceback (most recent call last):\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("ValueError: negative amount: -1\nException in thread Thread-3 (careless):")
    );
    let r = explore(&machine(s.source, s.mode), 200_000, true);
    assert!(r.complete, "{} states", r.states);
    assert!(r
        .outcomes
        .iter()
        .any(|o| o.kind == "finished" && global(o, "total") == Some("2")));
    let dl: Vec<_> = r.outcomes.iter().filter(|o| o.kind == "deadlock").collect();
    assert!(!dl.is_empty());
    // Every deadlock is a wait for the lock the dead `careless` thread still holds.
    for o in dl {
        assert!(
            o.message
                .contains("waits for Lock lock (held by Thread-3 (careless))"),
            "{}",
            o.message
        );
        let mut st = Session::new(s.source, s.mode, 3).unwrap();
        st.replay(&o.witness).unwrap();
        assert_eq!(st.cur.outcome.as_ref().map(|x| x.kind), Some("deadlock"));
    }
}

#[test]
fn the_pool_sample_finishes_small_first_and_returns_in_submit_order() {
    let s = sample("pool");
    let r = explore(&machine(s.source, s.mode), 200_000, true);
    assert!(r.complete, "{} states", r.states);
    for o in &r.outcomes {
        assert_eq!(o.kind, "finished");
        assert_eq!(global(o, "results"), Some("['big page', 'small page']"));
        assert_eq!(global(o, "elapsed"), Some("2.0"));
        assert!(
            o.output.starts_with("finished: small\nfinished: big\n"),
            "{}",
            o.output
        );
    }
}

#[test]
fn a_threads_repr_has_cpythons_shape_and_the_stepper_ident() {
    let src = "import threading\ndef w():\n    pass\n\
t = threading.Thread(target=w)\nprint(repr(t))\nt.start()\nprint(t)\nt.join()\nprint(t)\n\
d = threading.Thread(target=w, name='bg', daemon=True)\nprint(d)\n\
print(threading.current_thread())\n";
    let m = run_seq(src, "free-threaded");
    assert_eq!(
        output_text(&m),
        "<Thread(Thread-1 (w), initial)>\n<Thread(Thread-1 (w), started 140000000000001)>\n\
         <Thread(Thread-1 (w), stopped 140000000000001)>\n<Thread(bg, initial daemon)>\n\
         <_MainThread(MainThread, started 140000000000000)>\n"
    );
}
