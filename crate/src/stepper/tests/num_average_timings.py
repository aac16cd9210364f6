# Each worker "measures" a few run times (fixed numbers here) and the main thread
# averages them, as a benchmark script would.
import threading
import time

timings = {}
lock = threading.Lock()


def measure(name, base):
    runs = []
    for i in range(4):
        runs.append(base + i * 0.125)
        time.sleep(0)
    avg = sum(runs) / len(runs)
    with lock:
        timings[name] = avg
    print(f"{name}: average {avg:.3f} s over {len(runs)} runs")


threads = []
for k, name in enumerate(["sequential", "threaded", "pooled"]):
    t = threading.Thread(target=measure, args=(name, 2.5 / (k + 1)))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

best = min(timings.values())
for name in sorted(timings):
    speedup = timings["sequential"] / timings[name]
    print(f"{name:<12}{timings[name]:>8.4f}{speedup:>8.2f}x")
print("fastest:", best, "total:", round(sum(timings.values()), 6))
