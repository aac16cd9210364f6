# asyncio.Queue with workers: task_done/join, get_nowait and QueueEmpty.
import asyncio

handled = []


async def worker(name, q):
    while True:
        job = await q.get()
        await asyncio.sleep(job)
        handled.append((name, job))
        q.task_done()


async def main():
    q = asyncio.Queue()
    for job in [2, 1, 3, 1]:
        q.put_nowait(job)
    workers = [asyncio.create_task(worker(n, q)) for n in ("w1", "w2")]
    await q.join()
    print("all jobs handled", handled)
    for w in workers:
        w.cancel()
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("queue is empty")


asyncio.run(main())
