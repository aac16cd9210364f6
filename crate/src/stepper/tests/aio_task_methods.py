# Task objects: done(), result(), exception() and get_name() as a learner inspects them.
import asyncio


async def square(n):
    await asyncio.sleep(n)
    return n * n


async def broken():
    await asyncio.sleep(1)
    raise ValueError("bad input")


async def main():
    t1 = asyncio.create_task(square(2))
    t2 = asyncio.create_task(broken())
    print(t1.get_name(), t2.get_name())
    print("done at start:", t1.done(), t2.done())
    try:
        t1.result()
    except asyncio.InvalidStateError as e:
        print("not yet:", e)
    await asyncio.sleep(3)
    print("done later:", t1.done(), t2.done())
    print("result", t1.result(), "exception", repr(t2.exception()))
    print("t1 exception", t1.exception())
    try:
        await t2
    except ValueError as e:
        print("awaiting t2 raised", e)


asyncio.run(main())
