# Each process has its own memory: a child's change to `counter` never comes
# back. Here children start as CPython 3.14 on Linux starts them (forkserver):
# each re-runs this module as `__mp_main__` -- so the code under the
# `if __name__ == "__main__":` guard does not run again -- and then calls its
# target. A Value made at module level would be a NEW Value in every child
# (the parent would print shared = 0); passed as an argument it stays shared.
import multiprocessing

counter = 0


def work(n, shared):
    global counter
    counter += n
    with shared.get_lock():
        shared.value += n
    print("in the child: counter =", counter)


if __name__ == "__main__":
    shared = multiprocessing.Value("i", 0)
    procs = []
    for n in [1, 2]:
        p = multiprocessing.Process(target=work, args=(n, shared))
        procs.append(p)
        p.start()
    for p in procs:
        p.join()
    print("in the parent: counter =", counter, "shared =", shared.value)
