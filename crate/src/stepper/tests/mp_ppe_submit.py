# ProcessPoolExecutor: submit returns futures; as_completed hands them over as they finish.
from concurrent.futures import ProcessPoolExecutor, as_completed
import time


def slow_square(n):
    time.sleep(n)
    return n * n


if __name__ == "__main__":
    start = time.time()
    with ProcessPoolExecutor(max_workers=3) as executor:
        futures = {executor.submit(slow_square, n): n for n in [3, 1, 2]}
        for f in as_completed(futures):
            print(futures[f], "->", f.result())
    print("elapsed:", round(time.time() - start))
