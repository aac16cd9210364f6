"""ThreadLab lab `amdahl`, in Python: Amdahl's law, measured.

A fixed amount of CPU work W is split in two: a serial part s*W that only one
worker may do (here: the parent process) and a parallel part (1 - s)*W cut
into n equal shares, one per worker process. Amdahl's law predicts the
speedup T(1)/T(n) = 1 / (s + (1 - s)/n): never more than 1/s.

Why processes and not threads? In CPython only the thread holding the GIL
runs Python code, so threads cannot speed up CPU work at all (see the GIL
lab). Processes can, at a price the threads of the browser lab do not pay:
each share's arguments and result cross between processes as pickled
messages. The pool is started (and warmed up) before the clock starts, as
the lab starts its thread pool before timing.

Run it: python3 amdahl.py [S_PERCENT] [PROCESSES] [REPEATS] [WORK_STEPS]
"""
import multiprocessing
import os
import statistics
import sys
import time

S_PERCENT = 20
PROCESSES = 4
REPEATS = 3
WORK_STEPS = 300_000
MASK = (1 << 64) - 1


def item(i):
    """A pure function of i, a few multiply-xorshift rounds: pure CPU work."""
    x = (i * 0x9E3779B97F4A7C15) & MASK
    for _ in range(2):
        x ^= x >> 33
        x = (x * 0xFF51AFD7ED558CCD) & MASK
    return x


def work(start, end):
    """Sum of item(i) for start <= i < end, modulo 2**64 (any split gives the same sum)."""
    total = 0
    for i in range(start, end):
        total += item(i)
    return total & MASK


def amdahl(s, n):
    return 1 / (s + (1 - s) / n)


def timed_run(pool, n, serial_end, steps):
    """One run with n processes: the serial part here, then one share per process."""
    rest = steps - serial_end
    shares = [(serial_end + rest * t // n, serial_end + rest * (t + 1) // n) for t in range(n)]
    t0 = time.perf_counter()
    total = work(0, serial_end)  # the serial part: one worker, the others idle
    total += sum(pool.starmap(work, shares, chunksize=1))  # the parallel part
    return time.perf_counter() - t0, total & MASK


def main(s_percent, processes, repeats, steps):
    s = s_percent / 100
    serial_end = steps * s_percent // 100
    print(f"Amdahl's law: s = {s_percent}%, W = {steps} steps, n = 1..{processes} processes, "
          f"{repeats} repeats each (this machine: {os.cpu_count()} cores)")
    times = {}
    sums = set()
    for n in range(1, processes + 1):
        with multiprocessing.Pool(n) as pool:
            pool.starmap(work, [(0, 1000)] * n, chunksize=1)  # start every process before timing
            runs = [timed_run(pool, n, serial_end, steps) for _ in range(repeats)]
        times[n] = [t for t, _ in runs]
        sums.update(total for _, total in runs)
    t1 = statistics.median(times[1])
    for n in range(1, processes + 1):
        tn = statistics.median(times[n])
        fastest, slowest = t1 / max(times[n]), t1 / min(times[n])
        print(f"n={n} theory={amdahl(s, n):.2f} measured={t1 / tn:.2f} "
              f"(min-max {fastest:.2f}-{slowest:.2f}) T={tn * 1000:.1f} ms")
    agree = "agree" if sums == {work(0, steps)} else "DISAGREE"
    print(f"checksum: all {processes * repeats} runs {agree} (0x{min(sums):016x})")
    cap = "none (s = 0)" if s == 0 else f"1/s = {1 / s:.2f}"
    print(f"Amdahl's cap on the speedup: {cap}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:5]]
    main(*(args + [S_PERCENT, PROCESSES, REPEATS, WORK_STEPS][len(args):]))
