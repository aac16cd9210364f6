# A multiprocessing.Lock passed to every child keeps their prints whole.
import multiprocessing


def report(name, lock, count):
    with lock:
        print("process", name, "starts")
        with count.get_lock():
            count.value += 1
        print("process", name, "done")


if __name__ == "__main__":
    lock = multiprocessing.Lock()
    count = multiprocessing.Value("i", 0)
    ps = [multiprocessing.Process(target=report, args=(i, lock, count)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("finished:", count.value)
