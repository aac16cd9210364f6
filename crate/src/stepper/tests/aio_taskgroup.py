# TaskGroup (3.11+): the block waits for every task it started.
import asyncio

results = {}


async def brew(drink, minutes):
    await asyncio.sleep(minutes)
    results[drink] = minutes
    print(drink, "ready")
    return drink


async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(brew("tea", 2))
        t2 = tg.create_task(brew("coffee", 1))
        print("both started")
    print("after the group:", t1.result(), t2.result())


asyncio.run(main())
print(results)
