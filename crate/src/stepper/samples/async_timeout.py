# asyncio with sleeps and a timeout. The three dishes may start in any order
# (explore: every order appears), yet they finish in the order of their sleeps
# on the virtual clock -- and wait_for gives up on the soup at 2.5 minutes,
# cancelling it where it sleeps.
import asyncio

finished = []


async def cook(dish, minutes):
    print("start", dish)
    try:
        await asyncio.sleep(minutes)
        finished.append(dish)
        return dish
    except asyncio.CancelledError:
        print(dish, "cancelled")
        raise


async def main():
    soup = asyncio.create_task(cook("soup", 3))
    salad = asyncio.create_task(cook("salad", 1))
    pie = asyncio.create_task(cook("pie", 2))
    try:
        await asyncio.wait_for(soup, timeout=2.5)
    except asyncio.TimeoutError:
        print("soup took too long")
    print("finished", finished, "salad", salad.done(), "pie", pie.done())


asyncio.run(main())
