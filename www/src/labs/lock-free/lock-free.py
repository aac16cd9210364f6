# The lock-free lab in Python: the book's lockless vs locked counter and its
# approximate (sloppy) counter, each driven by a ThreadPoolExecutor.
#
# Under the GIL (CPython up to 3.12, and 3.13t/3.14t with the GIL on) only one
# thread runs Python bytecode at a time, so the lockless counter loses updates
# only when a thread switch lands between the read and the write of
# `self.value += 1` -- rarely, sometimes never. On a free-threaded build
# (python3.13t / python3.14t, `sys._is_gil_enabled()` False) the threads run at
# once on several cores: the lockless counter loses many updates, the locked one
# stays exact but its threads now queue for the lock (contention), and the
# approximate counter -- each thread counting alone, taking the lock once every
# S increments -- is the one that scales. Python has no compare-and-swap; the
# lab's Treiber stack and `fetch_add` live in Rust (crate/src/labs/lock_free/).
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

THREADS = 4
N = 50_500  # increments per thread (small: CI runs this file; not a multiple of S, so the approximate counter lags)
S = 1000    # the approximate counter's threshold


class LocklessCounter:
    def __init__(self):
        self.value = 0

    def increment(self):
        self.value += 1  # read, add, write: another thread can write in between


class LockedCounter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def increment(self):
        with self.lock:
            self.value += 1


class ApproximateCounter:
    """Each thread counts locally and adds its count to the global value, under
    the lock, every S increments: few lock acquisitions, but the global lags."""

    def __init__(self, threshold):
        self.threshold = threshold
        self.value = 0
        self.lock = threading.Lock()
        self.local = threading.local()

    def increment(self):
        count = getattr(self.local, "count", 0) + 1
        if count >= self.threshold:
            with self.lock:
                self.value += count
            count = 0
        self.local.count = count


def run(counter):
    def work(_):
        for _ in range(N):
            counter.increment()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(work, range(THREADS)))
    return counter.value, time.perf_counter() - start


if __name__ == "__main__":
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"Python {sys.version.split()[0]}, GIL {'on' if gil else 'off (free-threaded)'}, "
          f"{THREADS} threads x {N} increments")
    expected = THREADS * N
    for name, counter in [("lockless", LocklessCounter()), ("locked", LockedCounter()),
                          ("approximate", ApproximateCounter(S))]:
        value, secs = run(counter)
        note = ""
        if name == "lockless":
            note = f"lost {expected - value}"
        elif name == "locked":
            assert value == expected, value
            note = "exact"
        else:
            lag = expected - value
            assert 0 <= lag <= THREADS * (S - 1), lag
            note = f"lags by {lag} (at most T x (S - 1) = {THREADS * (S - 1)})"
        print(f"{name:12} {value:>9} of {expected}  {secs * 1000:7.1f} ms  {note}")
    if gil:
        print("With the GIL the lockless counter rarely loses anything; on python3.13t/3.14t it loses many.")
