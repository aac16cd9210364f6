# Blocking work handed to a thread: run_in_executor and to_thread.
import asyncio


def crunch(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


async def main():
    loop = asyncio.get_running_loop()
    a = await loop.run_in_executor(None, crunch, 10)
    b = await asyncio.to_thread(crunch, 5)
    print("sums", a, b)


asyncio.run(main())
