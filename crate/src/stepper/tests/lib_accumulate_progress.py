# Downloads report chunk sizes; a running total with itertools.accumulate shows progress.
import threading
import time
import itertools

chunks = []
lock = threading.Lock()


def download(name, sizes):
    for s in sizes:
        time.sleep(0.1 * s)
        with lock:
            chunks.append(s)
        print(name, "got", s)


a = threading.Thread(target=download, args=("A", [3, 1]))
b = threading.Thread(target=download, args=("B", [2, 5]))
a.start()
b.start()
a.join()
b.join()
running = list(itertools.accumulate(chunks))
print("running totals:", running)
print("largest so far:", list(itertools.accumulate(chunks, max)))
print("with a head start:", list(itertools.accumulate(chunks, initial=100)))
total = running[-1]
