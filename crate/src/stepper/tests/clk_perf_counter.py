# Sequential versus threaded "downloads": each takes 2 seconds of waiting.
import threading
import time

pages = ["index", "about", "blog"]
fetched = {}


def fetch(page):
    time.sleep(2)
    fetched[page] = len(page)


def sequential():
    start = time.perf_counter()
    for p in pages:
        fetch(p)
    return int(time.perf_counter() - start)


def threaded():
    start = time.perf_counter()
    workers = [threading.Thread(target=fetch, args=(p,)) for p in pages]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return int(time.perf_counter() - start)


seq_time = sequential()
print("sequential took", seq_time, "seconds")
thr_time = threaded()
print("threaded took", thr_time, "seconds")
print("speed-up:", seq_time // thr_time)
print(sorted(fetched.items()))
