# types.coroutine: generator-based coroutines that await accepts.
import types


@types.coroutine
def suspend(tag):
    got = yield tag
    return got


async def main():
    a = await suspend("first")
    b = await suspend("second")
    return a, b


c = main()
print(c.send(None))
print(c.send("A"))
try:
    c.send("B")
except StopIteration as e:
    print("returned", e.value)


def plain():
    yield 1


async def bad():
    await plain()


try:
    bad().send(None)
except TypeError as e:
    print("TypeError:", e)

code = suspend.__code__
print(code.co_name, code.replace(co_name="renamed").co_name, code.replace(co_flags=code.co_flags).co_flags == code.co_flags)
