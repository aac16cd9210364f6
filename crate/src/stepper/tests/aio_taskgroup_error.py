# A failing task in a TaskGroup cancels its siblings; the group raises an ExceptionGroup.
import asyncio

log = []


async def worker(name, seconds, fail=False):
    try:
        await asyncio.sleep(seconds)
        if fail:
            raise ValueError(name + " broke")
        log.append(name + " finished")
    except asyncio.CancelledError:
        log.append(name + " cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 1))
            tg.create_task(worker("b", 2, fail=True))
            tg.create_task(worker("c", 3))
    except Exception as eg:
        print(type(eg).__name__, eg)
        for e in eg.exceptions:
            print(" -", repr(e))
    print(log)


asyncio.run(main())
