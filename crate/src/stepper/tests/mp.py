# multiprocessing: copies of globals (lists too), a shared Value and a Queue.
import multiprocessing

data = [1, 2, 3]
total = multiprocessing.Value("i", 0)
out = multiprocessing.Queue()


def child(k):
    data.append(k)
    with total.get_lock():
        total.value += sum(data)
    out.put(("child", k, len(data)))


procs = []
for k in range(2):
    p = multiprocessing.Process(target=child, args=(k,))
    procs.append(p)
    p.start()
for p in procs:
    p.join()
msgs = [out.get(), out.get()]
print(data, total.value, msgs)
