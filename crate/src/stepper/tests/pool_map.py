# executor.map keeps the order of its inputs, whatever order the jobs finish in.
from concurrent.futures import ThreadPoolExecutor
import time


def cube(x):
    time.sleep(5 - x)
    print("cubed", x)
    return x ** 3


with ThreadPoolExecutor(max_workers=5) as executor:
    cubes = list(executor.map(cube, [1, 2, 3, 4]))
print(cubes)


def add(a, b):
    return a + b


with ThreadPoolExecutor(2) as executor:
    sums = list(executor.map(add, [1, 2, 3], [10, 20, 30]))
print(sums)
