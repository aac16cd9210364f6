# asyncio.wait with FIRST_COMPLETED, then ALL_COMPLETED: (done, pending) sets of tasks.
import asyncio


async def racer(name, seconds):
    await asyncio.sleep(seconds)
    return name


async def main():
    tasks = [asyncio.create_task(racer(n, s)) for n, s in [("tortoise", 3), ("hare", 1), ("snail", 5)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first:", sorted(t.result() for t in done), "still running:", len(pending))
    done, pending = await asyncio.wait(tasks, timeout=2.5)
    print("by 4.5s done:", sorted(t.result() for t in done), "pending:", len(pending))
    done, pending = await asyncio.wait(pending)
    print("all:", sorted(t.result() for t in done), len(pending))


asyncio.run(main())
