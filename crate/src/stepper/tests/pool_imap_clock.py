# Pool.imap yields results in input order, as each becomes ready on the virtual clock.
from multiprocessing import Pool
import time


def slow_square(x):
    time.sleep(x)
    return x * x


if __name__ == "__main__":
    start = time.monotonic()
    with Pool(processes=3) as pool:
        for value in pool.imap(slow_square, [3, 1, 2]):
            print("got", value, "at", time.monotonic() - start)
    print("elapsed", time.monotonic() - start)
