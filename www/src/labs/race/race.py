"""ThreadLab lab `race`, in Python: race conditions and locks.

T threads each add 1 to one shared counter N times.

- Unsynchronised: read the counter, then write back the value + 1. Between
  the two, another thread can run and write; its update is then overwritten.
  CPython's GIL switches threads only at a few points (since 3.10), so a
  plain `counter += 1` loses updates rarely. `time.sleep(0)` between the read
  and the write hands the GIL to another thread right there, as a busy
  machine might, and the loss shows every time.
- With a lock around the read and the write: exact, and slower.
- Processes: each child counts in its own copy of the globals, with the same
  unsynchronised code; nobody else writes there, so nothing is lost. The
  parent sees the counts only when they are sent back (a Queue).

Run it: python3 race.py [THREADS] [ITERS]
"""
import multiprocessing
import sys
import threading
import time

THREADS = 4
ITERS = 2_000

counter = 0
lock = threading.Lock()


def racy(iters):
    global counter
    for _ in range(iters):
        seen = counter  # read
        time.sleep(0)  # let another thread run between the read and the write
        counter = seen + 1  # write: overwrites whatever was written meanwhile


def locked(iters):
    global counter
    for _ in range(iters):
        with lock:  # only one thread at a time between the read and the write
            seen = counter
            time.sleep(0)
            counter = seen + 1


def run_threads(target, threads, iters):
    global counter
    counter = 0
    ts = [threading.Thread(target=target, args=(iters,)) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return counter, time.perf_counter() - t0


def process_work(iters, results):
    racy(iters)  # the same racy code, alone in this process's own memory
    results.put(counter)


def main(threads, iters):
    expected = threads * iters
    got, s = run_threads(racy, threads, iters)
    print(f"unsynchronised: counter = {got} (expected {expected}, lost {expected - got}) in {s * 1000:.0f} ms")
    got, s = run_threads(locked, threads, iters)
    print(f"with a lock: counter = {got} (expected {expected}, lost {expected - got}) in {s * 1000:.0f} ms")

    global counter
    counter = 0
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=process_work, args=(iters, results)) for _ in range(threads)]
    for p in procs:
        p.start()
    received = [results.get() for _ in procs]  # read before join: a full pipe would block the child
    for p in procs:
        p.join()
    print(f"processes: parent's counter = {counter}")
    print(f"processes: children sent {received}, sum = {sum(received)} (expected {expected})")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [THREADS, ITERS][len(args):]))
