# Functions travel through a queue by name: the worker looks each one up and calls it.
import multiprocessing


def add_one(x):
    return x + 1


def double(x):
    return x * 2


def runner(tasks, results):
    while True:
        task = tasks.get()
        if task is None:
            break
        func, arg = task
        results.put((arg, func(arg)))


if __name__ == "__main__":
    tasks = multiprocessing.Queue()
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=runner, args=(tasks, results))
    p.start()
    for f in [add_one, double, add_one]:
        tasks.put((f, 10))
    tasks.put(None)
    p.join()
    got = [results.get() for _ in range(3)]
    print(got)
