# The older style: an event loop object, run_until_complete, ensure_future, create_task.
import asyncio


async def countdown(name, n, step=1):
    while n > 0:
        print(name, n)
        await asyncio.sleep(step)
        n -= 1
    return name + " lifted off"


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
first = asyncio.ensure_future(countdown("A", 2))
second = loop.create_task(countdown("B", 3, 0.7))
results = loop.run_until_complete(asyncio.gather(first, second))
print(results)
print(loop.run_until_complete(countdown("C", 1)))
loop.close()
