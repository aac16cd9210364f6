"""I/O-bound work, the GIL and the event loop -- ThreadLab's lab `io` in Python.

N requests each wait a latency L (time.sleep stands for the network) and then
cost c of CPU to handle the response. The same job four ways: one after
another; on a ThreadPoolExecutor; with asyncio.gather on one thread; on a
process pool. Then the same with the CPU cost large, then timeouts, then the
convoy: how long a thread whose I/O is done waits for the GIL beside a
CPU-bound thread, for two values of sys.setswitchinterval.

    python3 io.py [N] [L_ms] [W]
"""
import asyncio
import concurrent.futures as cf
import statistics
import sys
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 8
L = (int(sys.argv[2]) if len(sys.argv) > 2 else 100) / 1000
W = int(sys.argv[3]) if len(sys.argv) > 3 else 8


def calibrate():
    """Loop iterations per millisecond of pure-Python work on this machine."""
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 0.05:
        for _ in range(10_000):
            n += 1
    return n / 50


LOOPS_PER_MS = calibrate()


def handle(i, c_ms):
    """The CPU cost of one response: Python bytecode, so it holds the GIL."""
    x = i
    for _ in range(int(c_ms * LOOPS_PER_MS)):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
    return x


def fetch(i, c_ms, latency=None):
    time.sleep(L if latency is None else latency)  # blocking I/O: the GIL is released
    return handle(i, c_ms)


async def afetch(i, c_ms, latency=None):
    await asyncio.sleep(L if latency is None else latency)  # the task switches only here
    return handle(i, c_ms)


def timed(label, run, base=None):
    t0 = time.perf_counter()
    results = run()
    dt = time.perf_counter() - t0
    ratio = f"  ({base / dt:.1f}x)" if base else ""
    print(f"{label}: {dt:.3f} s{ratio}")
    return dt, results


def four_ways(c_ms, n=N):
    print(f"N={n} L={L * 1000:.0f} ms c={c_ms} ms W={W}")
    seq, a = timed("  sequential", lambda: [fetch(i, c_ms) for i in range(n)])
    with cf.ThreadPoolExecutor(W) as pool:
        list(pool.map(time.sleep, [0.01] * W))  # start the W threads before the clock
        cpu0 = time.process_time()
        wall, b = timed("  threads", lambda: list(pool.map(fetch, range(n), [c_ms] * n)), seq)
        print(f"  threads used the CPU {(time.process_time() - cpu0) / wall:.2f} of the wall time")

    async def gather():
        return await asyncio.gather(*(afetch(i, c_ms) for i in range(n)))

    _, c = timed("  asyncio", lambda: asyncio.run(gather()), seq)
    with cf.ProcessPoolExecutor(W) as pool:
        list(pool.map(handle, range(W), [0] * W))  # start the processes before the clock
        _, d = timed("  processes", lambda: list(pool.map(fetch, range(n), [c_ms] * n)), seq)
    print(f"  same results every way: {a == b == c == d}")


def timeouts(timeout=0.06):
    latencies = [0.01, 0.12, 0.02, 0.15]
    slow = [i for i, lat in enumerate(latencies) if lat > timeout]
    print(f"timeouts: latencies {latencies} s, timeout {timeout} s, slow {slow}")

    async def guarded(i):
        try:
            return await asyncio.wait_for(afetch(i, 0, latencies[i]), timeout)
        except asyncio.TimeoutError:
            return "cancelled"

    async def main():
        return await asyncio.gather(*(guarded(i) for i in range(len(latencies))))

    got = asyncio.run(main())
    print(f"  asyncio cancelled {[i for i, r in enumerate(got) if r == 'cancelled']} at their await")
    finished = []

    def thread_fetch(i):
        r = fetch(i, 0, latencies[i])
        finished.append(i)
        return r

    with cf.ThreadPoolExecutor(len(latencies)) as pool:
        futures = [pool.submit(thread_fetch, i) for i in range(len(latencies))]
        _, late = cf.wait(futures, timeout=timeout)
        # A thread cannot be cancelled: the caller stops waiting, the thread runs on.
        abandoned = [i for i, f in enumerate(futures) if f in late]
    print(f"  threads: gave up on {abandoned}, yet all {sorted(finished)} ran to the end")


def convoy(interval, wakes=60, io_ms=2):
    """Median extra delay of a thread waking from time.sleep, alone and beside a CPU hog."""
    sys.setswitchinterval(interval)

    def io_thread(out):
        for _ in range(wakes):
            t0 = time.perf_counter()
            time.sleep(io_ms / 1000)  # returns only once this thread holds the GIL again
            out.append(time.perf_counter() - t0 - io_ms / 1000)

    alone = []
    io_thread(alone)
    busy, done = [], threading.Event()

    def hog():
        x = 0
        while not done.is_set():
            x += 1

    h = threading.Thread(target=hog)
    h.start()
    io_thread(busy)
    done.set()
    h.join()
    a, b = statistics.median(alone) * 1000, statistics.median(busy) * 1000
    print(f"convoy: switch interval {interval * 1000:g} ms: median wake-to-run delay {b:.2f} ms beside a CPU-bound thread, {a:.2f} ms alone")


if __name__ == "__main__":
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"python {sys.version.split()[0]}, GIL {'on' if gil else 'off'}")
    four_ways(0)
    four_ways(40, n=4)  # CPU-bound: the threads and the loop compute one at a time
    timeouts()
    old = sys.getswitchinterval()
    for interval in (0.001, 0.005):
        convoy(interval)
    sys.setswitchinterval(old)
