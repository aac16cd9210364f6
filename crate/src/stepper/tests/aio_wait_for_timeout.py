# asyncio.wait_for: a slow download is given up after its timeout; a quick one finishes.
import asyncio

log = []


async def download(name, seconds):
    try:
        print("start", name)
        await asyncio.sleep(seconds)
        log.append(name)
        return name + " done"
    finally:
        print("cleanup", name)


async def main():
    quick = await asyncio.wait_for(download("small", 1), timeout=3)
    print(quick)
    try:
        await asyncio.wait_for(download("large", 5), timeout=2)
    except asyncio.TimeoutError:
        print("large timed out")
    print("log", log)


asyncio.run(main())
