"""ThreadLab lab `gil`, in Python.

The same CPU-bound function run three ways: on 1 thread, split over 2
threads, and split over 2 processes. On a normal CPython (with the GIL) only
one thread runs Python bytecode at a time: the interpreter hands the GIL to
another thread every `sys.getswitchinterval()` seconds, so 2 threads take
about as long as 1. Each process has its own interpreter and its own GIL, so
2 processes can use 2 cores. (On a free-threaded build, python3.13t, the
threads speed up too.)

Run it: python3 gil.py [N]
"""
import multiprocessing
import sys
import threading
import time

N = 2_000_000


def work(lo, hi):
    """CPU-bound: a wrapping sum of a mixing function over lo..hi-1."""
    total = 0
    for i in range(lo, hi):
        x = (i * 2654435761) & 0xFFFFFFFF
        x ^= x >> 13
        total = (total + x) & 0xFFFFFFFFFFFFFFFF
    return total


def halves(n):
    return [(0, n // 2), (n // 2, n)]


def on_threads(n):
    results = [0, 0]

    def run(k, lo, hi):
        results[k] = work(lo, hi)

    threads = [threading.Thread(target=run, args=(k, lo, hi)) for k, (lo, hi) in enumerate(halves(n))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results) & 0xFFFFFFFFFFFFFFFF


def on_processes(n):
    with multiprocessing.Pool(2) as pool:
        parts = pool.starmap(work, halves(n))
    return sum(parts) & 0xFFFFFFFFFFFFFFFF


def timed(f, n):
    t0 = time.perf_counter()
    result = f(n)
    return result, time.perf_counter() - t0


def main(n):
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"python {sys.version.split()[0]}, GIL enabled: {gil}")
    print(f"sys.getswitchinterval() = {sys.getswitchinterval()} s")
    seq, t_seq = timed(lambda n: work(0, n), n)
    thr, t_thr = timed(on_threads, n)
    proc, t_proc = timed(on_processes, n)
    print(f"1 thread:    {t_seq:.3f} s  result {seq}")
    print(f"2 threads:   {t_thr:.3f} s  result {thr}  speedup {t_seq / t_thr:.2f}x")
    print(f"2 processes: {t_proc:.3f} s  result {proc}  speedup {t_seq / t_proc:.2f}x")
    print(f"threads' result equals sequential: {thr == seq}")
    print(f"processes' result equals sequential: {proc == seq}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else N)
