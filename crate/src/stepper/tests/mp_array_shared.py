# multiprocessing.Array is shared memory: every child writes its own slot, the parent sees all.
import multiprocessing


def fill(arr, i):
    arr[i] = (i + 1) * 10


if __name__ == "__main__":
    arr = multiprocessing.Array("i", 4)
    procs = [multiprocessing.Process(target=fill, args=(arr, i)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("slots:", arr[:])
    print("sum:", sum(arr), "len:", len(arr))
    values = list(arr)
