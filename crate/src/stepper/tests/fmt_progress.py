# A progress report as threads finish their share: bars, percentages, padding.
import threading
import time

total = 40
done = 0
lock = threading.Lock()
reports = []


def work(name, units):
    global done
    for _ in range(units):
        time.sleep(0)
        with lock:
            done += 1
    with lock:
        frac = done / total
        bar = "#" * int(frac * 20)
        reports.append(f"{name:<8}[{bar:<20}] {frac:>6.1%} {done:>3d}/{total}")


ts = [threading.Thread(target=work, args=(f"job-{i}", u)) for i, u in enumerate([5, 15, 12, 8])]
for t in ts:
    t.start()
for t in ts:
    t.join()
for r in reports:
    print(r)
print("done:", done, "| {:^10} | {:*>6} | {:<6}|".format("centre", 42, "left"), end=" ")
print("%-8s|%8.3f|%+05d" % ("end", done / 3, done))
