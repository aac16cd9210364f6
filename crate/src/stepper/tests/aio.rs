//! asyncio: cancellation, timeouts, waits, task groups and futures — what exploration finds,
//! what the state hash tells apart, and the errors CPython gives.

use super::*;

fn run(src: &str) -> Machine {
    let mut s = Session::new(src, "asyncio", 3).expect("compiles");
    s.run_sequential(vm::MAX_STEPS + 1);
    s.cur
}

fn outcome_message(src: &str) -> String {
    let m = run(src);
    let o = m.outcome.expect("ends");
    format!("{}: {}", o.kind, o.message)
}

#[test]
fn the_timeout_sample_finishes_in_sleep_order_in_every_interleaving() {
    let r = explore(
        &machine(sample("async_timeout").source, "asyncio"),
        200_000,
        true,
    );
    assert!(r.complete, "explored within the budget");
    let mut outputs: Vec<String> = r.outcomes.iter().map(|o| o.output.clone()).collect();
    outputs.sort();
    outputs.dedup();
    // The three dishes start in any of 3! orders ...
    assert_eq!(outputs.len(), 6, "{outputs:#?}");
    for o in &r.outcomes {
        assert_eq!(o.kind, "finished");
        // ... but finish in the order of their sleeps, and the soup is always cancelled.
        let finished = o
            .globals
            .iter()
            .find(|(k, _)| k == "finished")
            .map(|(_, v)| v.as_str());
        assert_eq!(finished, Some("['salad', 'pie']"), "{}", o.output);
        assert!(
            o.output.ends_with("soup cancelled\nsoup took too long\nfinished ['salad', 'pie'] salad True pie True\n"),
            "{}",
            o.output
        );
    }
}

#[test]
fn a_timeout_equal_to_the_work_is_a_race_the_explorer_finds() {
    let src = "import asyncio\nout = []\nasync def work():\n    await asyncio.sleep(2)\n    return 'done'\nasync def main():\n    try:\n        out.append(await asyncio.wait_for(work(), 2))\n    except asyncio.TimeoutError:\n        out.append('timeout')\nasyncio.run(main())\n";
    let r = explore(&machine(src, "asyncio"), 100_000, true);
    assert!(r.complete);
    let mut outs: Vec<String> = r
        .outcomes
        .iter()
        .filter_map(|o| {
            o.globals
                .iter()
                .find(|(k, _)| k == "out")
                .map(|(_, v)| v.clone())
        })
        .collect();
    outs.sort();
    outs.dedup();
    assert_eq!(outs, vec!["['done']", "['timeout']"]);
}

#[test]
fn a_cancelled_task_runs_its_finally_in_every_interleaving() {
    let src = "import asyncio\nlog = []\nasync def w(n):\n    try:\n        await asyncio.sleep(n)\n        log.append(('woke', n))\n    finally:\n        log.append(('finally', n))\nasync def main():\n    ts = [asyncio.create_task(w(n)) for n in (1, 5)]\n    await asyncio.sleep(2)\n    ts[1].cancel()\n    await asyncio.sleep(0)\nasyncio.run(main())\n";
    let r = explore(&machine(src, "asyncio"), 100_000, true);
    assert!(r.complete);
    for o in &r.outcomes {
        let log = o
            .globals
            .iter()
            .find(|(k, _)| k == "log")
            .map(|(_, v)| v.clone());
        assert_eq!(
            log.as_deref(),
            Some("[('woke', 1), ('finally', 1), ('finally', 5)]"),
            "{o:?}"
        );
    }
}

#[test]
fn a_cancel_request_is_part_of_the_state() {
    let src = "import asyncio\nasync def w():\n    await asyncio.sleep(5)\nasync def main():\n    t = asyncio.create_task(w())\n    await asyncio.sleep(1)\n    t.cancel()\n    await asyncio.sleep(1)\nasyncio.run(main())\n";
    let mut s = Session::new(src, "asyncio", 3).expect("compiles");
    // Step until main has called t.cancel(): the request is pending, not delivered yet.
    while s.cur.extras.aio.cancels.is_empty() {
        assert!(
            s.cur.outcome.is_none(),
            "the cancel is requested before the end"
        );
        let t = sched::runnable(&s.cur)[0];
        s.step(t).expect("steps");
    }
    let mut without = s.cur.clone();
    without.extras.aio.cancels.clear();
    assert_ne!(s.cur.state_hash(), without.state_hash());
}

#[test]
fn an_exception_in_main_comes_out_of_asyncio_run_at_its_line() {
    let msg = outcome_message("import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    raise ValueError('boom')\nasyncio.run(main())\n");
    assert_eq!(msg, "error: MainThread, line 4: ValueError: boom");
    let m = run("import asyncio\nasync def main():\n    raise KeyError('k')\ntry:\n    asyncio.run(main())\nexcept KeyError as e:\n    print('caught', e)\n");
    assert_eq!(output_text(&m), "caught 'k'\n");
}

#[test]
fn refusals_read_like_cpython() {
    let cases = [
        ("import asyncio\nasync def f():\n    pass\nasync def main():\n    await asyncio.wait([f()])\nasyncio.run(main())\n",
         "TypeError: Passing coroutines is forbidden, use tasks explicitly."),
        ("import asyncio\nasync def main():\n    t = asyncio.create_task(asyncio.wait_for(asyncio.Event().wait(), None))\n    t.result()\nasyncio.run(main())\n",
         "InvalidStateError: Result is not set."),
        ("import asyncio\nasync def main():\n    await asyncio.timeout(1)\nasyncio.run(main())\n",
         "TypeError: object Timeout can't be used in 'await' expression"),
        ("import asyncio\nwith asyncio.timeout(1):\n    pass\n",
         "RuntimeError: Timeout should be used inside a task"),
        ("import asyncio\nasync def main():\n    s = asyncio.BoundedSemaphore(1)\n    s.release()\nasyncio.run(main())\n",
         "ValueError: BoundedSemaphore released too many times"),
        ("import asyncio\nasync def main():\n    f = asyncio.get_running_loop().create_future()\n    f.set_result(1)\n    f.set_result(2)\nasyncio.run(main())\n",
         "InvalidStateError: invalid state"),
        ("import asyncio\nasync def main():\n    await asyncio.wait([], return_when='SOMETIMES')\nasyncio.run(main())\n",
         "ValueError: Set of Tasks/Futures is empty."),
        ("import asyncio\nclass Echo(asyncio.Protocol):\n    pass\n",
         "NotImplementedError: `asyncio.Protocol` needs the network"),
        ("import asyncio\nasync def main():\n    await asyncio.start_server(None, 'localhost', 8888)\nasyncio.run(main())\n",
         "ThreadLab's stepper runs in-process concurrency only"),
    ];
    for (src, want) in cases {
        let msg = outcome_message(src);
        assert!(msg.contains(want), "{src}\n{msg}");
    }
}

#[test]
fn a_task_group_cancels_the_siblings_of_a_failed_task() {
    let m = run("import asyncio\nlog = []\nasync def w(n):\n    try:\n        await asyncio.sleep(n)\n        if n == 1:\n            raise ValueError(n)\n        log.append(n)\n    except asyncio.CancelledError:\n        log.append(-n)\n        raise\nasync def main():\n    try:\n        async with asyncio.TaskGroup() as tg:\n            for n in (1, 2, 3):\n                tg.create_task(w(n))\n    except ExceptionGroup as eg:\n        print(eg, [repr(e) for e in eg.exceptions])\nasyncio.run(main())\n");
    assert_eq!(
        output_text(&m),
        "unhandled errors in a TaskGroup (1 sub-exception) ['ValueError(1)']\n"
    );
    let g = final_globals(&m);
    assert!(g.contains(&("log".into(), "[-2, -3]".into())), "{g:?}");
}

#[test]
fn the_value_stays_small() {
    assert_eq!(std::mem::size_of::<crate::stepper::value::Value>(), 32);
}
