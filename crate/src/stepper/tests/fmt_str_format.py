# str.format: automatic, numbered and named fields, lookups and specs.
import threading

log = []


def report(tid, done, total):
    log.append("worker {0} finished {1}/{2} ({3:.0%})".format(tid, done, total, done / total))


ts = [threading.Thread(target=report, args=(i, i * 3, 12)) for i in range(1, 5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for line in log:
    print(line)

point = (3, 4)
config = {"host": "localhost", "port": 8080}
print("{} + {} = {}".format(2, 3.5, 2 + 3.5))
print("{1} before {0}, {0} again".format("a", "b"))
print("{name} listens on {port:>6}".format(name="server", port=8080))
print("x={0[0]} y={0[1]} host={1[host]} port={1[port]:,}".format(point, config))
print("{:<6}|{:^6}|{:>6}|{:06.2f}|{!r}|{!s:>4}".format("a", "b", "c", 3.14159, "q", 7))
print("{{braces}} and {:{}}|{:{w}.{p}f}".format(5, 4, 2.71828, w=9, p=2))
print("{0:b} {0:o} {0:x} {0:#X} {1:e}".format(255, 12345.678))
template = "{:>10}: {:8.3f}"
for k, v in sorted({"alpha": 1 / 3, "beta": 22 / 7, "gamma": 1e3 / 7}.items()):
    print(template.format(k, v))
