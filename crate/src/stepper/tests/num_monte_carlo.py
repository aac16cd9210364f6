# A Monte-Carlo estimate of pi with a fixed pseudo-random sequence (a linear
# congruential generator), points shared out between threads.
import threading

M = 2 ** 31 - 1
A = 48271
hits = 0
tried = 0
lock = threading.Lock()


def lcg(seed, n):
    out = []
    x = seed
    for _ in range(n):
        x = (A * x) % M
        out.append(x / M)
    return out


def throw(seed, n):
    global hits, tried
    xs = lcg(seed, 2 * n)
    inside = 0
    for i in range(n):
        x, y = xs[2 * i], xs[2 * i + 1]
        if x * x + y * y <= 1.0:
            inside += 1
    with lock:
        hits += inside
        tried += n
    print(f"seed {seed}: {inside}/{n} inside")


workers = [threading.Thread(target=throw, args=(s, 60)) for s in (1, 7, 42, 1234)]
for w in workers:
    w.start()
for w in workers:
    w.join()

estimate = 4 * hits / tried
print(f"pi is about {estimate:.4f} from {tried} points")
print("error:", abs(estimate - 3.141592653589793) < 0.5, round(estimate, 3))
