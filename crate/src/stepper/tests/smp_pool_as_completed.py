import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def download(site, seconds):
    time.sleep(seconds)
    return f"{site} ({seconds}s)"


sites = {"alpha": 3, "beta": 1, "gamma": 2}
with ThreadPoolExecutor(max_workers=3) as pool:
    futures = {pool.submit(download, s, t): s for s, t in sites.items()}
    order = []
    for f in as_completed(futures):
        order.append(futures[f])
        print("done:", f.result())
print("completion order:", order)
print("submission order:", list(sites))
elapsed = time.perf_counter()
