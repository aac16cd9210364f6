"""ThreadLab lab `deadlock`, in Python: the dining philosophers.

N philosophers (threads) share N forks (threading.Lock): philosopher p needs
fork p (left) and fork (p + 1) % N (right). Taking left, then right, deadlocks
as soon as everybody holds a left fork. So that this script never hangs, a
philosopher waits for a fork with acquire(timeout=...) in a loop, and the main
thread watches the wait-for graph (who holds which fork, who waits for which):
a cycle that persists with no meal eaten is reported as a deadlock, and the
philosophers are told to give up. Then the fixes run to the end.

Run it: python3 deadlock.py [N] [MEALS]
"""
import random
import sys
import threading
import time

N = 5
MEALS = 10
PAUSE = 0.05  # between the two forks: widens the window the deadlock needs
EAT = 0.002
PERSIST = 0.5  # a cycle this old (seconds), with no meal eaten, is a deadlock


def find_cycle(holder, waiting):
    """The philosophers on a cycle of the wait-for graph, or None.

    holder[f] is the philosopher holding fork f (None: free); waiting[p] is the
    fork philosopher p waits for (None: none). Edges: p -> waiting[p] ->
    holder[waiting[p]] -> ... Each node has at most one edge out.
    """
    for start in range(len(waiting)):
        path, at = [start], start
        while waiting[at] is not None and holder[waiting[at]] is not None:
            at = holder[waiting[at]]
            if at in path:
                return path[path.index(at):]
            path.append(at)
    return None


class Table:
    def __init__(self, n):
        self.n = n
        self.forks = [threading.Lock() for _ in range(n)]
        self.holder = [None] * n  # mirror: who holds each fork
        self.waiting = [None] * n  # mirror: which fork each waits for
        self.meals = [0] * n
        self.give_up = threading.Event()
        self.seats = threading.Semaphore(n - 1)  # the waiter

    def take(self, p, f):
        """Blocks until fork f is ours; False if told to give up meanwhile."""
        self.waiting[p] = f
        while not self.forks[f].acquire(timeout=0.05):
            if self.give_up.is_set():
                self.waiting[p] = None
                return False
        self.holder[f], self.waiting[p] = p, None
        return True

    def put(self, f):
        self.holder[f] = None
        self.forks[f].release()


def philosopher(t, p, strategy, meals):
    left, right = p, (p + 1) % t.n
    rng = random.Random(p)
    for _ in range(meals):
        if t.give_up.is_set():
            return
        if strategy == "ordered":
            first, second = min(left, right), max(left, right)
        else:
            first, second = left, right
        if strategy == "waiter":
            t.seats.acquire()
        while True:
            if not t.take(p, first):
                return
            time.sleep(PAUSE)
            if strategy == "trylock":
                if t.forks[second].acquire(blocking=False):
                    t.holder[second] = p
                    break
                t.put(first)  # busy: put the first fork back, back off
                time.sleep(rng.uniform(0.001, PAUSE))
                continue
            if not t.take(p, second):
                t.put(first)
                return
            break
        time.sleep(EAT)
        t.meals[p] += 1
        t.put(second)
        t.put(first)
        if strategy == "waiter":
            t.seats.release()


def dine(strategy, n, meals):
    t = Table(n)
    threads = [threading.Thread(target=philosopher, args=(t, p, strategy, meals)) for p in range(n)]
    for th in threads:
        th.start()
    seen = None  # (cycle, meals eaten, since)
    deadlock = None
    while any(th.is_alive() for th in threads):
        cycle = find_cycle(list(t.holder), list(t.waiting))
        eaten = sum(t.meals)
        if cycle is None:
            seen = None
        elif seen is None or seen[0] != cycle or seen[1] != eaten:
            seen = (cycle, eaten, time.monotonic())
        elif time.monotonic() - seen[2] >= PERSIST:
            deadlock, stuck_at = cycle, list(t.meals)
            t.give_up.set()  # what ThreadLab does by ending the worker
            break
        time.sleep(0.01)
    for th in threads:
        th.join()
    if deadlock:
        ring = " -> ".join(f"P{p}" for p in deadlock + deadlock[:1])
        print(f"{strategy}: deadlock detected: cycle {ring}, meals when stuck {stuck_at}")
    else:
        print(f"{strategy}: all {n} philosophers ate {meals} meals each: {t.meals}")


def main(n, meals):
    for strategy in ["naive", "ordered", "trylock", "waiter"]:
        dine(strategy, n, meals)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [N, MEALS][len(args):]))
