# ProcessPoolExecutor.map keeps the input order; a worker's exception comes back through result().
from concurrent.futures import ProcessPoolExecutor, wait
import multiprocessing


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, n):
        if d * d > n:
            break
        if n % d == 0:
            return False
    return True


def check(n):
    if n < 0:
        raise ValueError("negative: " + str(n))
    return multiprocessing.current_process().name


if __name__ == "__main__":
    numbers = [11, 15, 17, 21]
    with ProcessPoolExecutor(max_workers=2) as ex:
        flags = list(ex.map(is_prime, numbers))
        f = ex.submit(check, -5)
        print("exception:", f.exception())
        print("ran in a worker process:", "Process-" in ex.submit(check, 1).result())
        done, not_done = wait([f])
        print(len(done), len(not_done))
    print(list(zip(numbers, flags)))
    try:
        ex.submit(check, 2)
    except RuntimeError as e:
        print("RuntimeError:", e)
