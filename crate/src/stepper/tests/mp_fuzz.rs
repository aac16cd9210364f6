//! Fuzzing multiprocessing's channels, shared memory and pools: whatever compiles runs, steps
//! at random, snapshots and explores without a panic, in the thread modes and every start method.

use super::fuzz_common::{never_panics_exploring, soup};
use proptest::prelude::*;

const STATEMENTS: &[&str] = &[
    "import multiprocessing",
    "from concurrent.futures import ProcessPoolExecutor",
    "class C:\n    def __init__(self):\n        self.v = [1]",
    "def f(x=0):",
    "    return x",
    "    x.append(1)",
    "    x.send([x])",
    "    print(x.recv())",
    "x = [1, {2: 3}]",
    "x = C()",
    "x = lambda: 1",
    "x = (f, C, x)",
    "q = multiprocessing.Queue()",
    "q.put(x)",
    "x = q.get()",
    "x = q.get_nowait()",
    "a, b = multiprocessing.Pipe()",
    "a, b = multiprocessing.Pipe(False)",
    "a.send(x)",
    "b.send(x)",
    "x = b.recv()",
    "x = a.poll(x)",
    "x = a.poll()",
    "a.close()",
    "arr = multiprocessing.Array('i', 3)",
    "arr = multiprocessing.Array('d', x)",
    "arr[x] = x",
    "x = arr[x]",
    "x = arr[:]",
    "x = len(arr) + sum(arr)",
    "with arr.get_lock():",
    "v = multiprocessing.Value('d', x)",
    "v.value += 1",
    "p = multiprocessing.Process(target=f, args=(x,))",
    "p = multiprocessing.Process(target=f, args=(a,))",
    "p.start()",
    "p.join()",
    "pool = multiprocessing.Pool(2)",
    "x = pool.map(f, [1, 2])",
    "x = pool.apply_async(f, (x,)).get()",
    "pool.close()",
    "pool.join()",
    "with ProcessPoolExecutor(2) as ex:",
    "    x = ex.submit(f, x).result()",
    "if __name__ == '__main__':",
    "print(x, multiprocessing.current_process().name)",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn mp_statement_soup_never_panics(lines in proptest::collection::vec((0..3usize, 0..STATEMENTS.len()), 0..20)) {
        let src = soup(&lines, STATEMENTS);
        never_panics_exploring(&src, "spawn");
    }
}
