# gi_frame / cr_frame / ag_frame: the frame of a generator, coroutine or
# async generator that has not finished (None once it has), and what
# inspect's state functions read from them.
import inspect


def gen():
    x = 1
    yield x
    y = x + 1
    yield y


g = gen()
print(type(g.gi_frame).__name__, g.gi_frame.f_code.co_name, inspect.getgeneratorstate(g))
next(g)
f = g.gi_frame
print(f is g.gi_frame, f.f_locals, f.f_lineno - gen.__code__.co_firstlineno,
      inspect.getgeneratorstate(g))
next(g)
print(sorted(f.f_locals.items()), inspect.getgeneratorlocals(g))
for _ in g:
    pass
print(g.gi_frame, inspect.getgeneratorstate(g))
g2 = gen()
g2.close()
print(g2.gi_frame, inspect.getgeneratorstate(g2))


async def coro():
    return 5


c = coro()
print(type(c.cr_frame).__name__, c.cr_frame.f_code.co_name, inspect.getcoroutinestate(c))
try:
    c.send(None)
except StopIteration as e:
    print('returned', e.value)
print(c.cr_frame, inspect.getcoroutinestate(c))


async def agen():
    yield 1


a = agen()
print(type(a.ag_frame).__name__, a.ag_frame.f_code.co_name)
print('gi_frame' in dir(g), 'cr_frame' in dir(c), 'ag_frame' in dir(a))
