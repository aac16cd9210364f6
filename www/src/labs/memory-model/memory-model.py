"""Memory models in Python: what Python can show of them, and what it cannot.

ThreadLab's memory-model lab runs litmus tests on real cores in JavaScript,
where a plain typed-array access and an atomic one are different things, and
sees outcomes that no interleaving of the threads allows. Here are the same
store-buffering test and the same Peterson lock on Python threads.

CPython has no plain-versus-atomic choice: each bytecode's effect on a shared
object happens at once — with the GIL one thread runs at a time; free-threaded
builds (3.13t, 3.14t) lock each dict or list they change and read with atomic
loads. So Python's threads behave as interleavings (what ThreadLab's stepper
explores): SB never gives r1 = r2 = 0 and Peterson's lock holds. To see a CPU
reorder memory you need plain accesses: C, C++, Rust, or JavaScript on a
SharedArrayBuffer — the lab.

usage: python3 memory-model.py [iterations]      (default 2000)
"""
import sys
import threading

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000

# Switch threads often, so that the two threads really overlap (and Peterson's
# waiting thread does not spin out a whole 5 ms switch interval).
sys.setswitchinterval(1e-5)

x = 0
y = 0
r1 = r2 = -1


def store_buffering(n):
    """SB: x = 1; r1 = y  ||  y = 1; r2 = x — n times, lined up by a barrier."""
    start = threading.Barrier(3)
    end = threading.Barrier(3)

    def t0():
        global x, r1
        for _ in range(n):
            start.wait()
            x = 1
            r1 = y
            end.wait()

    def t1():
        global y, r2
        for _ in range(n):
            start.wait()
            y = 1
            r2 = x
            end.wait()

    global x, y
    counts = {}
    threads = [threading.Thread(target=t0), threading.Thread(target=t1)]
    for t in threads:
        t.start()
    for _ in range(n):
        x = y = 0
        start.wait()
        end.wait()
        counts[(r1, r2)] = counts.get((r1, r2), 0) + 1
    for t in threads:
        t.join()
    return counts


flag = [0, 0]
turn = 0
counter = 0


def peterson(k):
    """Two threads each add 1 to counter k times, inside Peterson's lock."""
    global counter

    def worker(me):
        global turn, counter
        other = 1 - me
        for _ in range(k):
            flag[me] = 1
            turn = other
            while flag[other] == 1 and turn == other:
                pass
            c = counter
            counter = c + 1
            flag[me] = 0

    counter = 0
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


def main():
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"Python {sys.version.split()[0]}, GIL {'on' if gil else 'off (free-threaded)'}")
    counts = store_buffering(N)
    print(f"SB, {N} iterations: x = 1; r1 = y  ||  y = 1; r2 = x")
    for (a, b), c in sorted(counts.items()):
        print(f"  r1 = {a}, r2 = {b}: {c}")
    zero = counts.get((0, 0), 0)
    print(f"  r1 = r2 = 0 (no interleaving allows it): {zero}")
    k = N
    total = peterson(k)
    print(f"Peterson's lock, 2 threads x {k} increments: counter = {total} of {2 * k}")
    if zero == 0 and total == 2 * k:
        print("Python's threads behaved as interleavings: nothing forbidden under SC was seen.")
    else:
        print("A reordering showed through: this Python does not run its threads as interleavings.")


if __name__ == "__main__":
    main()
