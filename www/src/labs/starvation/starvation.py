"""ThreadLab lab `starvation`, in Python.

Readers may share a lock; a writer must be alone. A *reader-preference* lock
(the classic "first readers-writers" solution) lets a reader in whenever no
writer is inside. Three readers whose turns overlap never leave the lock
empty, so the one writer waits and waits: it starves. The lock is still
correct (a writer is never inside with anyone) - it is just unfair.

The *fair* variant adds a turnstile that every thread passes in turn: once
the writer is at the turnstile, new readers queue behind it, the readers
inside drain, and the writer gets in - again and again.

Run it: python3 starvation.py [SECONDS]
"""
import sys
import threading
import time

READERS = 3
HOLD = 0.002  # seconds a thread stays inside


class ReaderPreferenceLock:
    """The first reader locks writers out; the last reader lets them in."""

    def __init__(self):
        self.readers = 0
        self.mutex = threading.Lock()  # guards self.readers
        self.room = threading.Lock()  # held by the writer, or by the readers as a group

    def acquire_read(self):
        with self.mutex:
            self.readers += 1
            if self.readers == 1:
                self.room.acquire()  # first reader in: writers wait

    def release_read(self):
        with self.mutex:
            self.readers -= 1
            if self.readers == 0:
                self.room.release()  # last reader out (a Lock may be released by any thread)

    def acquire_write(self):
        self.room.acquire()

    def release_write(self):
        self.room.release()


class FairLock(ReaderPreferenceLock):
    """The same, behind a turnstile every reader and writer passes in turn."""

    def __init__(self):
        super().__init__()
        self.turnstile = threading.Lock()

    def acquire_read(self):
        with self.turnstile:  # a waiting writer holds it: new readers queue here
            pass
        super().acquire_read()

    def acquire_write(self):
        with self.turnstile:
            super().acquire_write()  # keep the turnstile until the readers inside leave


def run(lock, seconds):
    entries = [0] * (READERS + 1)  # readers 0..2, then the writer
    longest_wait = [0.0] * (READERS + 1)
    inside = {"readers": 0, "writers": 0}
    clashes = [0]
    count = threading.Lock()  # guards `inside`: a check that does not trust `lock`
    deadline = time.monotonic() + seconds

    def turn(me, acquire, release, role):
        t0 = time.monotonic()
        acquire()
        now = time.monotonic()
        longest_wait[me] = max(longest_wait[me], now - t0)
        if now >= deadline:  # in only after the run: not counted
            release()
            return
        with count:
            if inside["writers"] or (role == "writers" and inside["readers"]):
                clashes[0] += 1
            inside[role] += 1
        entries[me] += 1
        time.sleep(HOLD)
        with count:
            inside[role] -= 1
        release()

    def reader(me):
        time.sleep(HOLD * me / READERS)  # arrive a fraction of a turn apart
        while time.monotonic() < deadline:  # and come straight back
            turn(me, lock.acquire_read, lock.release_read, "readers")

    def writer():
        while time.monotonic() < deadline:
            turn(READERS, lock.acquire_write, lock.release_write, "writers")

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
    threads.append(threading.Thread(target=writer, daemon=True))
    for t in threads:
        t.start()
    for t in threads[:READERS]:
        t.join()
    # A starving writer is still waiting when the readers stop; they leave the
    # lock free, so it gets in after the deadline (not counted) and ends.
    threads[-1].join(timeout=5)
    return entries[:READERS], entries[READERS], longest_wait[READERS], clashes[0]


def main(seconds):
    for name, lock in [("reader preference", ReaderPreferenceLock()), ("fair", FairLock())]:
        readers, writer, wait, clashes = run(lock, seconds)
        print(f"{name}: readers entered {readers} times, the writer {writer} times")
        if writer * 10 <= min(readers):
            print(f"{name}: the writer starved")
        else:
            print(f"{name}: nobody starved")
        print(f"{name}: the writer's longest wait {wait * 1000:.0f} ms; writer inside with anyone: {clashes} times")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
