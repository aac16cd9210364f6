# A decorator that counts calls, shared by worker threads (with a lock), and a decorator
# that takes arguments.
import threading

call_counts = {}
counts_lock = threading.Lock()


def count_calls(func):
    def wrapper(*args, **kwargs):
        with counts_lock:
            call_counts["calls"] = call_counts.get("calls", 0) + 1
        return func(*args, **kwargs)
    return wrapper


def repeat(times):
    def decorate(func):
        def wrapper(*args):
            results = []
            for _ in range(times):
                results.append(func(*args))
            return results
        return wrapper
    return decorate


@count_calls
def square(x):
    return x * x


@repeat(3)
def greet(name):
    return "hello " + name


@count_calls
@repeat(2)
def double_square(x):
    return square(x) * 2


totals = []


def worker(n):
    for i in range(n):
        totals.append(square(i))


threads = []
for k in range(3):
    t = threading.Thread(target=worker, args=(k + 2,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

print("totals:", sorted(totals))
print(greet("ada"))
print(double_square(3))
print("calls:", call_counts["calls"])
