# os.getpid and multiprocessing.current_process: each process has its own pid and name.
import multiprocessing
import os
import time

pids = multiprocessing.Queue()


def work(n, parent):
    me = multiprocessing.current_process()
    pids.put((n, me.name, os.getpid() != parent))
    time.sleep(n)


if __name__ == "__main__":
    PARENT = os.getpid()
    print("cpus:", os.cpu_count() == multiprocessing.cpu_count(), multiprocessing.cpu_count() > 0)
    print("parent:", multiprocessing.current_process().name)
    procs = [multiprocessing.Process(target=work, args=(n, PARENT)) for n in [2, 1]]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    seen = sorted([pids.get(), pids.get()])
    print(seen)
    print("names:", [p.name for p in procs], "distinct pids:", procs[0].pid != procs[1].pid)
