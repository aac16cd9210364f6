# A global changed inside pool workers changes the worker's copy, never the parent's.
import multiprocessing

seen = []


def record(x):
    seen.append(x)
    return len(seen)


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        counts = pool.map(record, [10, 20, 30])
    print("worker counts:", counts)
    print("parent's seen:", seen)
