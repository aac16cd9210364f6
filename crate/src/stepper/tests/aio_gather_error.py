# gather propagates the first exception; the other coroutines keep running.
import asyncio

finished = []


async def job(name, seconds, fail=False):
    await asyncio.sleep(seconds)
    if fail:
        raise RuntimeError(name + " failed")
    finished.append(name)
    return name


async def main():
    try:
        await asyncio.gather(job("a", 1), job("b", 2, fail=True), job("c", 3))
    except RuntimeError as e:
        print("gather raised:", e)
    print("finished so far", finished)
    await asyncio.sleep(2)
    print("finished later", finished)


asyncio.run(main())
