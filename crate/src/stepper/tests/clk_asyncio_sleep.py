# asyncio: coroutines that sleep run concurrently; the total is the longest sleep.
import asyncio
import time

log = []


async def brew(drink, minutes):
    print("start", drink)
    await asyncio.sleep(minutes)
    log.append(drink)
    print(drink, "ready after", minutes)
    return minutes


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(brew("tea", 3), brew("coffee", 1), brew("cocoa", 2))
    print("results", results)
    print("took", int(time.perf_counter() - start))
    return sum(results)


total = asyncio.run(main())
print("served", log, "total minutes", total)
