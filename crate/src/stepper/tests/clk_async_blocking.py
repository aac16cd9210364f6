# time.sleep inside a coroutine blocks the whole event loop; asyncio.sleep lets others run.
import asyncio
import time


async def polite(name, secs):
    await asyncio.sleep(secs)
    print(name, "woke after", secs)


async def rude(secs):
    print("rude blocks the loop for", secs)
    time.sleep(secs)
    print("rude is done")


async def main():
    start = time.monotonic()
    await asyncio.gather(polite("a", 1), rude(3), polite("b", 2))
    blocked = int(time.monotonic() - start)
    print("gather took", blocked)
    start = time.monotonic()
    await asyncio.gather(polite("c", 1), polite("d", 2))
    print("without the rude one:", int(time.monotonic() - start))
    return blocked


took = asyncio.run(main())
