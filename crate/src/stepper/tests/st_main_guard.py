# The `if __name__ == "__main__":` guard around a program that starts threads.
import threading

counter = 0
lock = threading.Lock()


def increment(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


def main():
    workers = []
    for i in range(4):
        t = threading.Thread(target=increment, args=(10,))
        workers.append(t)
        t.start()
    for t in workers:
        t.join()
    print("name is", __name__)
    print("counter:", counter)


if __name__ == "__main__":
    main()
else:
    print("imported, not run")
