//! The proptest fuzz with asyncio's calls: cancellation, timeouts, waits, groups, futures and
//! the old loop style, in random programs. No input may panic; whatever compiles runs and explores.

use super::fuzz_common::{never_panics_exploring, soup};
use proptest::prelude::*;

const STATEMENTS: &[&str] = &[
    "import asyncio",
    "async def w(n):",
    "async def main():",
    "await asyncio.sleep(n)",
    "await asyncio.sleep(0)",
    "await asyncio.sleep(1.5)",
    "t = asyncio.create_task(w(1))",
    "t.cancel()",
    "x = t.done(), t.cancelled()",
    "x = t.result()",
    "x = t.exception()",
    "x = await t",
    "x = await asyncio.wait_for(w(2), 1)",
    "x = await asyncio.wait_for(t, timeout=3)",
    "d, p = await asyncio.wait([t], timeout=1)",
    "d, p = await asyncio.wait([t], return_when=asyncio.FIRST_COMPLETED)",
    "for c in asyncio.as_completed([t]):",
    "x = await c",
    "async with asyncio.timeout(1):",
    "async with asyncio.TaskGroup() as tg:",
    "tg.create_task(w(2))",
    "e = asyncio.Event()",
    "e.set()",
    "await e.wait()",
    "s = asyncio.Semaphore(1)",
    "async with s:",
    "c = asyncio.Condition()",
    "async with c:",
    "await c.wait()",
    "c.notify_all()",
    "f = asyncio.get_event_loop().create_future()",
    "f.set_result(1)",
    "x = await f",
    "q = asyncio.Queue()",
    "q.put_nowait(1)",
    "await q.join()",
    "q.task_done()",
    "x = await asyncio.gather(w(1), w(2))",
    "asyncio.run(main())",
    "asyncio.get_event_loop().run_until_complete(w(1))",
    "try:",
    "except asyncio.CancelledError:",
    "except Exception:",
    "finally:",
    "raise ValueError(n)",
    "raise",
    "return n",
    "pass",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn asyncio_statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..25)) {
        let src = soup(&lines, STATEMENTS);
        never_panics_exploring(&src, "asyncio");
    }
}

#[test]
fn the_asyncio_example_programs_never_panic() {
    let src = "import asyncio\nasync def w(n):\n    try:\n        await asyncio.sleep(n)\n    finally:\n        pass\n    return n\nasync def main():\n    t = asyncio.create_task(w(3))\n    async with asyncio.timeout(1):\n        await asyncio.wait_for(t, 2)\nasyncio.run(main())\n";
    never_panics_exploring(src, "asyncio");
}
