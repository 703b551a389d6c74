# Asynchronous comprehensions and await inside comprehensions.
class suspend:
    """An awaitable that yields to the driver, like an event loop's future."""

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


def run(coro):
    sent = None
    while True:
        try:
            tag = coro.send(sent)
        except StopIteration as e:
            return e.value
        sent = tag * 10


async def agen(n):
    for i in range(n):
        yield i


async def double(x):
    return await suspend(x) // 5


async def comps():
    print([x async for x in agen(4)])
    print({x % 2 async for x in agen(5)})
    print({x: x * x async for x in agen(3) if x})
    print([await double(x) for x in range(3)])
    print([x + y async for x in agen(2) for y in (10, 20)])
    print([[y async for y in agen(x)] for x in range(3)])
    print([await double(x) async for x in agen(3) if await double(x) > 0])
    ge = (x * 3 async for x in agen(3))
    print(type(ge).__name__)
    print([v async for v in ge])
    ge2 = (await double(x) for x in range(2))
    print(type(ge2).__name__, [v async for v in ge2])
    return "comprehensions done"


print(run(comps()))


def sync_function_with_async_genexp():
    return (x async for x in agen(2))


g = sync_function_with_async_genexp()
print(type(g).__name__)


async def collect():
    return [x async for x in g]


print(run(collect()))
