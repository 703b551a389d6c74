# Coroutines: await, async for and async with.
async def f(aiter, lock):
    total = 0
    async with lock:
        async for x in aiter:
            total += await x
    return total
