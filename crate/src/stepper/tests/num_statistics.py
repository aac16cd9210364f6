# Summary statistics of measurements gathered by threads: mean, median,
# population and sample standard deviation, by hand with math.sqrt.
import math
import threading

samples = []
lock = threading.Lock()


def collect(start, step, n):
    got = [start + i * step for i in range(n)]
    with lock:
        samples.extend(got)


ts = [threading.Thread(target=collect, args=a) for a in [(1.5, 0.25, 5), (10, -1.5, 4), (0.1, 0.1, 3)]]
for t in ts:
    t.start()
for t in ts:
    t.join()

data = sorted(samples)
n = len(data)
mean = math.fsum(data) / n
mid = n // 2
median = data[mid] if n % 2 else (data[mid - 1] + data[mid]) / 2
var = math.fsum([(x - mean) ** 2 for x in data]) / n
sample_var = var * n / (n - 1)
print("n =", n, "min", data[0], "max", data[-1], "range", data[-1] - data[0])
print(f"mean {mean:.6f} median {median} var {var:.6g} sd {math.sqrt(var):.6g} sample sd {math.sqrt(sample_var):.6g}")
print("quartiles:", data[n // 4], data[n // 2], data[3 * n // 4], "trimmed:", data[1:-1][:3], "...")
z = [round((x - mean) / math.sqrt(var), 3) for x in data[:4]]
print("z-scores:", z, "within 1 sd:", len([x for x in data if abs(x - mean) <= math.sqrt(var)]))
