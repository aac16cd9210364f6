# Prime checking with math.sqrt, the work split between threads by ranges.
import math
import threading

found = []
lock = threading.Lock()


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    limit = int(math.sqrt(n))
    for d in range(3, limit + 1, 2):
        if n % d == 0:
            return False
    return True


def check_range(lo, hi):
    local = [n for n in range(lo, hi) if is_prime(n)]
    with lock:
        found.extend(local)
    print(f"[{lo:>3}, {hi:>3}): {len(local)} primes")


threads = []
for start in range(0, 200, 50):
    t = threading.Thread(target=check_range, args=(start, start + 50))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

found = sorted(found)
print(len(found), "primes, largest", found[-1])
print("sqrt of largest:", math.sqrt(found[-1]), "isqrt:", math.isqrt(found[-1]))
print("density:", len(found) / 200, "prime-counting estimate:", round(200 / math.log(200), 2))
