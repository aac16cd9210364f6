# Words counted by several threads into one Counter, each update under a lock.
import threading
from collections import Counter

text = [
    "the quick brown fox",
    "jumps over the lazy dog",
    "the dog sleeps",
    "a quick brown dog",
]
counts = Counter()
lock = threading.Lock()


def count_line(line):
    for word in line.split():
        with lock:
            counts[word] += 1


workers = [threading.Thread(target=count_line, args=(line,)) for line in text]
for w in workers:
    w.start()
for w in workers:
    w.join()

print(counts.most_common(3))
print(counts["the"], counts["dog"], counts["cat"])
print(len(counts), sum(counts.values()))
print(counts)
words = dict(counts)
