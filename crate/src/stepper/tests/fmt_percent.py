# Old-style %-formatting, as many concurrency tutorials still print.
import threading
import time

lines = []


def task(n):
    time.sleep(0)
    lines.append("Task %d took %.2f seconds (%s)" % (n, n * 0.75, "ok" if n % 2 else "slow"))


ts = [threading.Thread(target=task, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for line in lines:
    print(line)

print("%s %d %i %f %.2f %5d| %-5s| %x %X %o %r %%" % ("s", 42, 7, 1.5, 2.345, 42, "ab", 255, 255, 8, "r"))
print("%05d %+d % d %-6d| %5.1f %-8.3f| %e %g %G %10.4e" % (-42, 5, 5, 3, 2.25, 1 / 3, 12345.678, 0.00001234, 1e20, 6.02e23))
print("%(name)s is %(age)d years and %(height).2f m" % {"name": "Ada", "age": 36, "height": 1.655})
print("%s" % [1, 2], "%s" % (1,), "%d%%" % 50, "%c%c" % (72, "i"), "%.3s" % "abcdef", "%*d|%-*d|" % (5, 1, 4, 2))
print("%#x %#o %.0f %.0f %.0f %d" % (255, 8, 0.5, 1.5, 2.5, 3.99), "value: %s" % 3.0, "%s and %r" % (0.1, "x"))
msg = "Thread-%d: %s" % (3, "done")
