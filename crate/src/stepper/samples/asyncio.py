# Tasks switch only at an `await`. Reading the counter, awaiting, then
# writing it back loses updates -- at exactly that await.
import asyncio

counter = 0


async def worker(name):
    global counter
    for i in range(2):
        value = counter
        await asyncio.sleep(0)
        counter = value + 1
    print(name, "done")


async def main():
    await asyncio.gather(worker("a"), worker("b"))
    print("counter =", counter)


asyncio.run(main())
