# Python's division rules, int and float, as a worker pool would compute chunk sizes.
import threading

results = []


def chunk(total, workers):
    size = total // workers
    rest = total % workers
    exact = total / workers
    results.append((total, workers, size, rest, exact))


ts = [threading.Thread(target=chunk, args=(t, w)) for t, w in [(100, 3), (10, 4), (7, 7), (1, 8)]]
for t in ts:
    t.start()
for t in ts:
    t.join()
for r in results:
    print("%d items / %d workers: %d each, %d left, %s exact" % r)

for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (7.5, 2), (-7.5, 2), (7.5, -2), (5, 0.5)]:
    print(a, b, "->", a // b, a % b, a / b, divmod(a, b))
print(2 ** 10, 2 ** -2, 2.0 ** 3, (-2) ** 3, 10 ** -3, 4 ** 0.5, pow(2, 8), pow(3, 4, 7), pow(2.5, 2))
print(1e308 * 10, -1e308 * 10, 0.1 * 3, 1 - 0.9, 3 * 0.1 == 0.3, abs(3 * 0.1 - 0.3) < 1e-9)
print(-0.0, 0.0 == -0.0, 5 % -3, -5 % 3, 5.0 % -3, -5.0 % 3, 0.0 % 5, -0.0 % 5)
x = 10
x /= 4
y = 9
y //= 2.0
z = 2
z **= -1
print(x, y, z, -x, +x)
