# async with asyncio.timeout(): the block is cancelled at the deadline, TimeoutError outside.
import asyncio

steps = []


async def slow_steps(n):
    for i in range(n):
        await asyncio.sleep(1)
        steps.append(i)


async def main():
    try:
        async with asyncio.timeout(2.5):
            await slow_steps(10)
    except TimeoutError:
        print("timed out after", len(steps), "steps")
    async with asyncio.timeout(5):
        await slow_steps(2)
    print("finished in time, steps", steps)


asyncio.run(main())
