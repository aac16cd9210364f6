# Processes under the main guard: a child's module-level list is its own,
# the Value passed as an argument is shared by all of them.
import multiprocessing

log = []


def worker(n, total):
    log.append(n)
    with total.get_lock():
        total.value += n * n
    print("worker", n, "sees log", log)


if __name__ == "__main__":
    total = multiprocessing.Value("i", 0)
    procs = []
    for n in range(1, 4):
        p = multiprocessing.Process(target=worker, args=(n, total))
        procs.append(p)
        p.start()
    for p in procs:
        p.join()
    print("parent log", log, "sum of squares", total.value)
