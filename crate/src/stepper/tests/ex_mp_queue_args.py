# A queue handed to each child as an argument: the children put, the parent gets.
import multiprocessing


def square(n, results):
    results.put((n, n * n))


if __name__ == "__main__":
    results = multiprocessing.Queue()
    jobs = []
    for n in [2, 3, 4]:
        p = multiprocessing.Process(target=square, args=(n, results))
        jobs.append(p)
        p.start()
    for p in jobs:
        p.join()
    got = sorted([results.get() for _ in range(3)])
    print("squares:", got)
