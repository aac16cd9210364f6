# When asyncio.run's main coroutine returns, tasks still running are cancelled.
import asyncio


async def heartbeat():
    n = 0
    try:
        while True:
            await asyncio.sleep(1)
            n += 1
            print("beat", n)
    finally:
        print("heartbeat stopped after", n)


async def main():
    asyncio.create_task(heartbeat())
    await asyncio.sleep(3.5)
    print("main is done")


asyncio.run(main())
print("back in sync code")
