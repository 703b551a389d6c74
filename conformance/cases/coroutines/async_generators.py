# Asynchronous generators: iteration, asend, athrow, aclose, finally blocks.
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
            if steps:
                print("  driver saw", steps)
            return e.value
        steps.append(tag)
        sent = f"<{tag}>"


async def countdown(n):
    try:
        while n > 0:
            reply = await suspend(f"wait{n}")
            got = yield (n, reply)
            if got is not None:
                print("  countdown got", got)
            n -= 1
    finally:
        print("  countdown finally")


async def consume():
    out = []
    async for item in countdown(3):
        out.append(item)
    return out


print(run(consume()))


async def protocol():
    g = countdown(5)
    print(type(g).__name__, g.__aiter__() is g)
    first = await g.__anext__()
    print("first", first)
    second = await g.asend("hello")
    print("second", second)
    try:
        await g.athrow(ValueError("thrown in"))
    except ValueError as e:
        print("athrow propagated", e)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted after athrow")
    return "protocol done"


print(run(protocol()))


async def catcher():
    while True:
        try:
            yield "ready"
        except KeyError as e:
            yield f"caught {e}"


async def athrow_caught():
    g = catcher()
    print(await g.__anext__())
    print(await g.athrow(KeyError("k")))
    print(await g.__anext__())
    await g.aclose()
    print("closed")
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration after close")
    return "ok"


print(run(athrow_caught()))


async def stubborn():
    try:
        yield 1
    finally:
        yield 2


async def ignore_exit():
    g = stubborn()
    await g.__anext__()
    try:
        await g.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)
    return "ignored"


print(run(ignore_exit()))


async def aclose_unstarted():
    g = countdown(2)
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("closed before start")
    g2 = countdown(2)
    print(await g2.__anext__())
    await g2.aclose()
    return "unstarted ok"


print(run(aclose_unstarted()))


async def raises_stop():
    yield 1
    raise StopAsyncIteration


async def raises_stop_iteration():
    yield 1
    raise StopIteration


async def stop_errors():
    for make in (raises_stop, raises_stop_iteration):
        try:
            async for x in make():
                pass
        except RuntimeError as e:
            print("RuntimeError:", e, type(e.__cause__).__name__)
    return "errors ok"


print(run(stop_errors()))


async def reuse():
    g = countdown(3)
    aw = g.__anext__()
    print(await aw)
    try:
        await aw
    except RuntimeError as e:
        print("RuntimeError:", e)
    await g.aclose()
    return "reuse ok"


print(run(reuse()))


async def empty():
    return
    yield


async def drive_by_hand():
    g = countdown(1)
    aw = g.__anext__()
    print("awaitable type", type(aw).__name__)
    try:
        while True:
            tag = aw.send(None)
            print("  passed through", tag)
    except StopIteration as e:
        print("value via StopIteration", e.value)
    await g.aclose()
    r = [x async for x in empty()]
    return r


print(run(drive_by_hand()))
