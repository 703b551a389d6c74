# Frame objects: sys._getframe, f_back, f_locals, f_lineno, locals().
import sys
import collections
import inspect


def where():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno


def lines():
    a = where()
    b = (
        where()
    )
    return a, b


print(lines())
print(sys._getframe().f_globals is globals(), sys._getframe().f_locals is globals())
print(sys._getframe().f_code.co_name, sys._getframe(-5).f_code.co_name)
print(locals() is globals(), "lines" in locals())


def same_dict():
    x = 1
    d = locals()
    y = 2
    before = sorted(d)
    again = locals()
    del x
    third = locals()
    return before, again is d, sorted(d), third is d, sorted(third)


print(same_dict())


def frame_identity():
    return sys._getframe() is sys._getframe(), sys._getframe(1) is sys._getframe(1)


print(frame_identity())


def finished():
    v = [1, 2]
    w = "text"
    return sys._getframe()


f = finished()
print(f.f_code.co_name, sorted(f.f_locals), f.f_back is sys._getframe(), f.f_lineno)
print(f.f_locals["v"], f.f_locals["w"])


def running_clear():
    try:
        sys._getframe().clear()
    except RuntimeError as e:
        return str(e)


print(running_clear())
f.clear()
print(f.f_locals)


class Body:
    x = 1
    seen = sorted(sys._getframe().f_locals)
    name = sys._getframe().f_code.co_name
    back = sys._getframe().f_back.f_code.co_name


print(Body.seen, Body.name, Body.back)


def make_point():
    return collections.namedtuple("Point", "x y")


P = collections.namedtuple("P", "x y")
print(P.__module__, make_point().__module__)


def current():
    return inspect.currentframe().f_code.co_name, inspect.currentframe().f_back.f_code.co_name


print(current())


def nested(n):
    if n:
        return nested(n - 1)
    names = []
    f = sys._getframe()
    while f:
        names.append(f.f_code.co_name)
        f = f.f_back
    return names


print(nested(3))


def gen():
    me = sys._getframe()
    yield me.f_back.f_code.co_name
    yield me.f_back.f_code.co_name


g = gen()
print(next(g), next(g))


def cells():
    outer_v = 10

    def inner():
        return outer_v, sorted(sys._getframe().f_locals.items())

    return inner(), sorted(locals())


print(cells())


def tb_frames():
    try:
        1 / 0
    except ZeroDivisionError as e:
        tb = e.__traceback__
        return tb.tb_frame.f_code.co_name, tb.tb_lineno > 0


print(tb_frames())

for bad in (1.5, "x"):
    try:
        sys._getframe(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    sys._getframe(1000)
except ValueError as e:
    print("ValueError:", e)
print(type(sys._getframe()).__name__)
