# asyncio: return values from gather, asyncio.Lock, asyncio.Queue.
import asyncio

lock = asyncio.Lock()
shared = 0
seen = []


async def bump(n):
    global shared
    async with lock:
        v = shared
        await asyncio.sleep(0)
        shared = v + n
    return n * 10


async def produce(q):
    for i in range(3):
        await q.put(i)
    await q.put(None)


async def consume(q):
    while True:
        item = await q.get()
        if item is None:
            break
        seen.append(item)


async def main():
    results = await asyncio.gather(bump(1), bump(2), bump(3))
    q = asyncio.Queue(2)
    await asyncio.gather(produce(q), consume(q))
    print(results, shared, seen)
    return "ok"


status = asyncio.run(main())
print(status)


async def child(k):
    seen.append(("child", k))
    await asyncio.sleep(0)
    return k * 2


async def parent():
    t1 = asyncio.create_task(child(1))
    t2 = asyncio.create_task(child(2))
    a = await t1
    b = await t2
    again = await t1
    print("tasks", a, b, again, seen[-2], seen[-1])


asyncio.run(parent())
