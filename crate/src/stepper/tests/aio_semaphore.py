# asyncio.Semaphore limits how many downloads run at once.
import asyncio
import time

active = 0
peak = 0


async def download(sem, n):
    global active, peak
    async with sem:
        active += 1
        peak = max(peak, active)
        print("downloading", n)
        await asyncio.sleep(1)
        active -= 1


async def main():
    sem = asyncio.Semaphore(2)
    start = time.perf_counter()
    await asyncio.gather(*[download(sem, n) for n in range(5)])
    print("peak", peak, "took", time.perf_counter() - start)
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
