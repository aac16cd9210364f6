# asyncio.Condition: consumers wait until the producer notifies them.
import asyncio

items = []
eaten = []


async def consumer(name, cond):
    async with cond:
        while not items:
            await cond.wait()
        eaten.append((name, items.pop(0)))


async def producer(cond):
    for i in range(3):
        await asyncio.sleep(1)
        async with cond:
            items.append(i)
            cond.notify()
    print("produced 3")


async def main():
    cond = asyncio.Condition()
    await asyncio.gather(consumer("x", cond), consumer("y", cond), consumer("z", cond), producer(cond))
    print(eaten)


asyncio.run(main())
