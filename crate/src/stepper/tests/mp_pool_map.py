# Pool.map: the results come back in the order of the inputs.
import multiprocessing


def cube(x):
    return x ** 3


if __name__ == "__main__":
    pool = multiprocessing.Pool(processes=3)
    cubes = pool.map(cube, range(6))
    pool.close()
    pool.join()
    print("cubes:", cubes)
