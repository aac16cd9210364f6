# Slicing work into chunks for threads, and slices of strings and tuples.
import threading

data = list(range(20))
n_workers = 3
partial = [0] * n_workers


def worker(i):
    chunk = data[i::n_workers]
    partial[i] = sum(chunk)
    print("worker", i, "got", chunk[:3], "...", chunk[-2:], len(chunk))


ts = [threading.Thread(target=worker, args=(i,)) for i in range(n_workers)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(partial, sum(partial) == sum(data))

a = [0, 1, 2, 3, 4, 5, 6, 7]
print(a[2:5], a[:3], a[5:], a[-3:], a[:-3], a[::-1], a[::3], a[1::2], a[-1:-4:-1], a[10:], a[3:1], a[:])
s = "concurrency"
print(s[:3], s[3:], s[::-1], s[::2], s[-4:], s[2:-2], s[100:], s[-100:3])
t = (10, 20, 30, 40)
print(t[1:3], t[::-1], t[:0], t[-2:])
r = range(0, 20, 2)
print(r[2:5], r[::-1], r[:3], list(r[1::3]))
a[2:4] = ["x", "y", "z"]
print(a)
a[1:1] = [100]
print(a)
a[-2:] = []
print(a)
a[::2] = [0] * len(a[::2])
print(a)
b = a[:]
b[0] = "copy"
print(a[0], b[0], a == b)
words = "the quick brown fox".split()
first, rest = words[0], words[1:]
print(first, rest, " ".join(rest[::-1]))
