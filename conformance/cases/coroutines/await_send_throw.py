import types
async def add(a, b):
    return a + b
async def main():
    x = await add(1, 2)
    y = await add(x, 10)
    return x * y
c = main()
print(type(c).__name__, repr(c).startswith("<coroutine object main at"))
try:
    c.send(None)
except StopIteration as e:
    print("result", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

class Sleep:
    def __init__(self, n): self.n = n
    def __await__(self):
        for i in range(self.n):
            got = yield ("tick", i)
            print("got", got)
        return "slept"

async def worker(name):
    r = await Sleep(2)
    return name + ":" + r

def run(coro):
    v = None
    while True:
        try:
            out = coro.send(v)
        except StopIteration as e:
            return e.value
        print("yielded", out)
        v = out[1] * 100

print(run(worker("w")))
async def fails():
    await Sleep(1)
    raise ValueError("boom")
co = fails()
print(co.send(None))
try:
    co.send(5)
except ValueError as e:
    print("caught", e)
async def catcher():
    try:
        await Sleep(3)
    except KeyError as e:
        return "handled " + str(e)
co = catcher()
co.send(None)
try:
    co.throw(KeyError("k"))
except StopIteration as e:
    print(e.value)
co = catcher(); co.send(None); co.close(); print("closed")
try:
    for x in add(1, 2): pass
except TypeError as e:
    print(e)
async def bad():
    await 5
try:
    bad().send(None)
except TypeError as e:
    print(e)
w = add(3, 4).__await__()
try:
    next(w)
except StopIteration as e:
    print("wrapper", e.value)
print(types.CoroutineType.__name__, types.AsyncGeneratorType.__name__)
async def agen():
    yield 1
print(type(agen()).__name__)
