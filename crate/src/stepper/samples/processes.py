# Each process starts with a copy of the parent's globals: its changes to
# `counter` never come back. A multiprocessing.Value is shared on purpose.
import multiprocessing

counter = 0
shared = multiprocessing.Value("i", 0)


def work(n):
    global counter
    counter += n
    with shared.get_lock():
        shared.value += n
    print("in the child: counter =", counter)


if __name__ == "__main__":
    procs = []
    for n in [1, 2]:
        p = multiprocessing.Process(target=work, args=(n,))
        procs.append(p)
        p.start()
    for p in procs:
        p.join()
    print("in the parent: counter =", counter, "shared =", shared.value)
