# Cancelling a task: CancelledError arrives at the await where it sleeps; finally still runs.
import asyncio

events = []


async def worker(name):
    try:
        for i in range(5):
            events.append((name, i))
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "was cancelled after", len(events), "events")
        raise
    finally:
        print(name, "cleans up")


async def main():
    task = asyncio.create_task(worker("w1"))
    await asyncio.sleep(2.5)
    print("cancel returns", task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        print("main saw the cancellation")
    print("cancelled?", task.cancelled(), "done?", task.done())
    print("cancel again", task.cancel())


asyncio.run(main())
