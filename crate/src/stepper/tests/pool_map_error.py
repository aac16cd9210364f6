# An exception inside Pool.map reaches the caller; the other tasks still ran.
from multiprocessing import Pool


def invert(x):
    return 100 // x


if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(invert, [1, 2, 4, 5]))
        try:
            pool.map(invert, [5, 0, 10])
        except ZeroDivisionError as e:
            print("map failed:", e)
        r = pool.apply_async(invert, (0,))
        r.wait()
        print("successful?", r.successful())
