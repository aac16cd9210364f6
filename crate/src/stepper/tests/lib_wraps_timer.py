# A decorator built with functools.wraps counts calls made from several threads.
import threading
import functools

calls = {"n": 0}
lock = threading.Lock()


def counted(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with lock:
            calls["n"] += 1
        return func(*args, **kwargs)

    return wrapper


@counted
def work(x, scale=1):
    return x * scale


results = []


def worker(i):
    results.append(work(i, scale=10))


ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results))
print("calls:", calls["n"])
n = calls["n"]
