# print's sep/end/file/flush, sys.stdout / sys.stderr, and sys's values.
import sys
import threading


def worker(i):
    print("worker", i, "starting", sep=" | ", end=" ... ")
    print("done", flush=True)
    if i == 2:
        print("worker 2 reports a warning", file=sys.stderr)
    sys.stdout.write("w%d wrote directly\n" % i)


ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()

print(1, 2, 3, sep="")
print("a", "b", sep=None, end=None)
print()
print("no newline", end="")
print(" -- continued")
n = sys.stdout.write("counted\n")
print(n)
sys.stderr.write("an error line\n")
print("to stdout", file=sys.stdout)
sys.stdout.flush()
print(sys.maxsize == 9223372036854775807, sys.version_info >= (3, 8), sys.version_info[0])
sys.setswitchinterval(0.002)
interval = sys.getswitchinterval()
print("switch interval", interval)
print("argv has", len(sys.argv) >= 1, "entries")
