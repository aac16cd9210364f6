# Threads that sleep for different times finish in the order of their sleeps.
import threading
import time

finished = []


def worker(name, delay):
    print(name, "starts, sleeping", delay, "seconds")
    time.sleep(delay)
    finished.append(name)
    print(name, "is done")


def main():
    start = time.time()
    threads = []
    for name, delay in [("slow", 3), ("fast", 1), ("medium", 2)]:
        t = threading.Thread(target=worker, args=(name, delay))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    took = int(time.time() - start)
    print("all done after", took, "seconds")
    return took


elapsed = main()
print("order:", finished)
