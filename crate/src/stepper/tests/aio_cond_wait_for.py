# asyncio.Condition.wait_for: a waiter sleeps until its predicate holds.
import asyncio

stock = []
orders = []


def two_loaves():
    return len(stock) >= 2


def any_loaf():
    return len(stock) >= 1


async def customer(name, cond, ready, want):
    async with cond:
        ok = await cond.wait_for(ready)
        orders.append((name, stock[:want], ok))
        for _ in range(want):
            stock.pop(0)


async def baker(cond):
    for loaf in ["rye", "spelt", "sour", "white"]:
        await asyncio.sleep(1)
        async with cond:
            stock.append(loaf)
            print("baked", loaf)
            cond.notify_all()


async def main():
    cond = asyncio.Condition()
    await asyncio.gather(customer("ann", cond, two_loaves, 2), customer("ben", cond, any_loaf, 1), baker(cond))
    print(orders, stock, cond.locked())


asyncio.run(main())
