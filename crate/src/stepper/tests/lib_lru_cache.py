# A memoised function shared by threads: later calls hit the cache.
import threading
import functools

calls = []


@functools.lru_cache(maxsize=None)
def slow_square(n):
    calls.append(n)
    return n * n


@functools.lru_cache(maxsize=2)
def small(n):
    calls.append(-n)
    return n


def worker(nums):
    for n in nums:
        slow_square(n)


t1 = threading.Thread(target=worker, args=([1, 2, 3],))
t2 = threading.Thread(target=worker, args=([3, 4],))
t1.start()
t1.join()
t2.start()
t2.join()
print(slow_square(2), slow_square(4))
for n in [1, 2, 1, 3, 1, 2]:
    small(n)
print(calls)
ncalls = len(calls)


@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(40))
