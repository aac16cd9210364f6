# as_completed hands out results in the order the tasks finish, not the order given.
import asyncio


async def fetch(page, delay):
    await asyncio.sleep(delay)
    return page, delay


async def main():
    tasks = [asyncio.create_task(fetch(p, d)) for p, d in [("home", 3), ("about", 1), ("blog", 2)]]
    order = []
    for next_done in asyncio.as_completed(tasks):
        page, delay = await next_done
        order.append(page)
        print("got", page, "after", delay)
    return order


pages = asyncio.run(main())
print(pages)
