import time
from concurrent.futures import ThreadPoolExecutor


def slow_square(n):
    time.sleep(5 - n)
    print("squared", n)
    return n * n


with ThreadPoolExecutor(max_workers=4) as pool:
    squares = list(pool.map(slow_square, range(4)))
print("map keeps the input order:", squares)
total_time = time.perf_counter()
