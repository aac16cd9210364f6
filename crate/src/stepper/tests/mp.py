# multiprocessing: copies of globals (lists too), a shared Value and a Queue.
# The Value and the Queue go to the children as arguments, and the children
# start under the main guard, so this runs alike under fork, spawn and
# forkserver (a child's `data` is its own copy, or its own re-run of the module).
import multiprocessing

data = [1, 2, 3]


def child(k, total, out):
    data.append(k)
    with total.get_lock():
        total.value += sum(data)
    out.put(("child", k, len(data)))


if __name__ == "__main__":
    total = multiprocessing.Value("i", 0)
    out = multiprocessing.Queue()
    procs = []
    for k in range(2):
        p = multiprocessing.Process(target=child, args=(k, total, out))
        procs.append(p)
        p.start()
    for p in procs:
        p.join()
    msgs = [out.get(), out.get()]
    print(data, total.value, msgs)
