# A Future made by the loop: one coroutine awaits it, another sets its result.
import asyncio


async def deliver(fut, value, delay):
    await asyncio.sleep(delay)
    print("delivering", value)
    fut.set_result(value)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("done?", fut.done())
    asyncio.create_task(deliver(fut, 42, 1))
    value = await fut
    print("got", value, "done?", fut.done(), fut.result())
    bad = loop.create_future()
    bad.set_exception(ValueError("no parcel"))
    try:
        await bad
    except ValueError as e:
        print("failed:", e)
    gone = loop.create_future()
    print(gone.cancel(), gone.cancelled())


asyncio.run(main())
