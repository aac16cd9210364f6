# timeit.default_timer and time.monotonic read the same clock as time.sleep.
import time
from timeit import default_timer as timer


def countdown(n):
    while n > 0:
        print("tick", n)
        time.sleep(1)
        n -= 1
    print("liftoff")


def measure():
    t0 = timer()
    m0 = time.monotonic()
    countdown(3)
    return int(timer() - t0), int(time.monotonic() - m0)


took, mono = measure()
print("countdown took", took, "s, monotonic says", mono, "s")
ns = time.perf_counter_ns()
time.sleep(2)
waited_ns = time.perf_counter_ns() - ns
print("slept", waited_ns // 1000000, "ms")
