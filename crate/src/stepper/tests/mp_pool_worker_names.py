# Pool workers are processes named as CPython names them, each with its own pid.
import multiprocessing
import os


def who(n):
    return (n, multiprocessing.current_process().name, os.getpid())


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        for n, name, pid in pool.map(who, [1, 2]):
            print(n, "ran in", name, "own pid:", pid != os.getpid())
    print("parent is", multiprocessing.current_process().name)
