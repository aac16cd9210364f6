# Word frequencies computed per document by worker threads, merged with Counter addition.
import threading
from collections import Counter, defaultdict

docs = {
    "a.txt": "to be or not to be",
    "b.txt": "to err is human",
    "c.txt": "be kind to all",
}
partials = {}
by_length = defaultdict(set)
lock = threading.Lock()


def analyse(name, text):
    c = Counter(text.split())
    with lock:
        partials[name] = c
        for w in c:
            by_length[len(w)].add(w)


workers = []
for name in sorted(docs):
    w = threading.Thread(target=analyse, args=(name, docs[name]))
    workers.append(w)
    w.start()
for w in workers:
    w.join()

total = Counter()
for name in sorted(partials):
    total = total + partials[name]
print(total.most_common(4))
print(sorted((n, sorted(ws)) for n, ws in by_length.items()))
print(sum(total.values()), len(total))
top_word = total.most_common(1)[0][0]
