"""ThreadLab lab `threads-vs-processes`, in Python.

Threads share one memory: every thread's increments land in the one global
counter. Processes each get their own copy of the globals: a child's
increments never reach the parent, which sees only what is sent back by
message (here a multiprocessing.Queue). Interpreters (Python 3.14's
concurrent.interpreters, here through InterpreterPoolExecutor) sit between:
each has its own copy of the module's globals, as a process does, but they
live in one process and hand results back through cross-interpreter queues
rather than pipes between processes. Before 3.14 that part is skipped with a
message.

Run it: python3 threads-vs-processes.py [WORKERS] [ITERS]
"""
import multiprocessing
import sys
import threading

WORKERS = 4
ITERS = 100_000

counter = 0
# `counter += 1` is load, add, store in CPython bytecode: without a lock,
# threads can lose updates. The lock plays the part of ThreadLab's atomic
# fetch_add, so the threaded count is exact.
lock = threading.Lock()


def thread_work(iters):
    global counter
    for _ in range(iters):
        with lock:
            counter += 1


def process_work(iters, results):
    global counter  # this process's own copy of the global
    for _ in range(iters):
        counter += 1
    results.put(counter)  # the only way anything gets back to the parent


def interp_work(iters):
    global counter  # this interpreter's own copy of the module's globals
    for _ in range(iters):
        counter += 1
    return counter  # comes back to the main interpreter through a queue


def main(workers, iters):
    global counter
    counter = 0
    threads = [threading.Thread(target=thread_work, args=(iters,)) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"threads: counter = {counter} (workers x iters = {workers * iters})")

    counter = 0
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=process_work, args=(iters, results)) for _ in range(workers)]
    for p in procs:
        p.start()
    received = [results.get() for _ in procs]  # read before join: a full pipe would block the child
    for p in procs:
        p.join()
    print(f"processes: parent's counter = {counter}")
    print(f"processes: children sent {received}, sum = {sum(received)}")

    counter = 0
    if sys.version_info >= (3, 14):
        from concurrent.futures import InterpreterPoolExecutor
        with InterpreterPoolExecutor(workers) as ex:
            received = list(ex.map(interp_work, [iters] * workers))
        print(f"interpreters: main interpreter's counter = {counter}")
        print(f"interpreters: interpreters sent {received}, sum = {sum(received)}")
    else:
        print(f"interpreters: InterpreterPoolExecutor needs Python 3.14 or later (this is {sys.version.split()[0]}); skipped")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [WORKERS, ITERS][len(args):]))
