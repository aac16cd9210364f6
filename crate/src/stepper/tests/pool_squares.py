# Squares computed by a pool of three worker threads.
from concurrent.futures import ThreadPoolExecutor
import threading


def square(n):
    print(threading.current_thread().name, "squares", n)
    return n * n


with ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(square, i) for i in range(6)]
    results = [f.result() for f in futures]

print("results:", results)
print("total:", sum(results))
