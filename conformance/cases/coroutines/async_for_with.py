# async for and async with, driven by hand through coroutine.send().
class suspend:
    """An awaitable that yields to the driver, like an event loop's future."""

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


def run(coro):
    sent = None
    steps = []
    while True:
        try:
            tag = coro.send(sent)
        except StopIteration as e:
            print("  driver saw", steps)
            return e.value
        steps.append(tag)
        sent = f"reply-{tag}"


class Ticker:
    """An asynchronous iterator written as a class."""

    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        reply = await suspend(f"tick{self.i}")
        return (self.i, reply)


async def loops():
    out = []
    async for pair in Ticker(3):
        out.append(pair)
    async for i, _ in Ticker(5):
        if i == 2:
            continue
        if i == 4:
            break
        out.append(i)
    else:
        out.append("no else after break")
    async for i, _ in Ticker(1):
        pass
    else:
        out.append("else runs")
    return out


print(run(loops()))


class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        await suspend("enter " + self.name)
        print("  enter", self.name)
        return self.name.upper()

    async def __aexit__(self, typ, val, tb):
        await suspend("exit " + self.name)
        print("  exit", self.name, typ.__name__ if typ else None, val)
        return self.suppress


async def withs():
    async with Resource("a") as a, Resource("b") as b:
        print("  body", a, b)
    async with Resource("quiet", suppress=True):
        raise ValueError("swallowed")
    try:
        async with Resource("loud"):
            raise KeyError("escapes")
    except KeyError as e:
        print("  caught", repr(e))
    for i in range(3):
        async with Resource(f"loop{i}"):
            if i == 1:
                break
    return await returns_inside()


async def returns_inside():
    async with Resource("ret") as r:
        return "returned " + r


print(run(withs()))


async def errors():
    try:
        async for x in [1, 2]:
            pass
    except TypeError as e:
        print("TypeError:", e)

    class NoANext:
        def __aiter__(self):
            return self

    try:
        async for x in NoANext():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class BadANext:
        def __aiter__(self):
            return self

        def __anext__(self):
            return 42

    try:
        async for x in BadANext():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class NotAsyncCM:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            pass

    try:
        async with NotAsyncCM():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class BadEnter:
        def __aenter__(self):
            return 1

        async def __aexit__(self, *a):
            pass

    try:
        async with BadEnter():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class BadExit:
        async def __aenter__(self):
            return 1

        def __aexit__(self, *a):
            return 2

    try:
        async with BadExit():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class RaisesInANext:
        def __aiter__(self):
            return self

        async def __anext__(self):
            raise IndexError("from __anext__")

    try:
        async for x in RaisesInANext():
            pass
    except IndexError as e:
        print("IndexError:", e)
    return "done"


print(run(errors()))
