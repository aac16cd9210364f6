# A counter made by a closure (nonlocal), shared by several threads, and a second one
# protected by a lock held in the closure too.
import threading


def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count += step
        return count

    def value():
        return count

    return increment, value


def make_safe_counter():
    lock = threading.Lock()
    count = 0

    def increment():
        nonlocal count
        with lock:
            count += 1

    def value():
        with lock:
            return count

    return increment, value


inc, get = make_counter(100)
safe_inc, safe_get = make_safe_counter()


def worker(times):
    for _ in range(times):
        inc()
        safe_inc()


threads = [threading.Thread(target=worker, args=(5,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("counter:", get(), "safe counter:", safe_get())
a_inc, a_get = make_counter()
b_inc, b_get = make_counter(10)
a_inc()
a_inc(5)
b_inc(-1)
print("independent counters:", a_get(), b_get())
final = get()
