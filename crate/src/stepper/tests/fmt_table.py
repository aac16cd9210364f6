# A report table printed with format specs, one row per worker thread.
import threading
import time

rows = []
lock = threading.Lock()


def worker(name, items, seconds):
    time.sleep(0)
    rate = items / seconds
    with lock:
        rows.append((name, items, seconds, rate))


specs = [("download", 1200, 3.5), ("resize", 845, 12.25), ("upload", 1200, 0.75), ("index", 98765, 41.0)]
threads = [threading.Thread(target=worker, args=s) for s in specs]
for t in threads:
    t.start()
for t in threads:
    t.join()

header = f"{'task':<10}|{'items':>8}|{'secs':>8}|{'rate/s':>12}"
print(header)
print("-" * len(header))
for name, items, secs, rate in sorted(rows):
    print(f"{name:<10}|{items:>8,}|{secs:>8.2f}|{rate:>12,.3f}")
total_items = 0
for r in rows:
    total_items += r[1]
print(f"{'total':<10}|{total_items:>8,}|{'':>8}|{'':>12}")
print(f"{'=' * 10:^10}+{'=' * 8}+")
print(f"{3.14159:*^12.2f}|{42:+d}|{-42:+d}|{42: d}|{7:03d}|{-7:05d}|{255:#06x}|{255:08b}|{0.5:>8.1%}")
