# asyncio.Event: waiters sleep until the starter sets it.
import asyncio

order = []


async def runner(name, start):
    print(name, "at the line")
    await start.wait()
    order.append(name)
    print(name, "runs")


async def starter(start):
    await asyncio.sleep(2)
    print("bang!")
    start.set()


async def main():
    start = asyncio.Event()
    print("set?", start.is_set())
    await asyncio.gather(runner("ann", start), runner("bob", start), starter(start))
    print("set?", start.is_set(), order)


asyncio.run(main())
