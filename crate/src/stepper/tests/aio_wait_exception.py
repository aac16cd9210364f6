# asyncio.wait(..., return_when=FIRST_EXCEPTION) stops at the first failure.
import asyncio


async def check(n):
    await asyncio.sleep(n)
    if n == 2:
        raise KeyError(n)
    return n


async def main():
    tasks = [asyncio.create_task(check(n)) for n in (1, 2, 3, 4)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), "done,", len(pending), "pending")
    for t in tasks:
        if t.done() and t.exception() is not None:
            print("failed:", repr(t.exception()))
    for t in pending:
        t.cancel()
    await asyncio.sleep(0.5)
    print([t.cancelled() for t in tasks])


asyncio.run(main())
