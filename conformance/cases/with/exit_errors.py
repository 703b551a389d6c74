# errors raised by __exit__ replace the body's exception; reusable managers; generator bodies
class Raiser:
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        raise KeyError("from exit, body had " + (exc_type.__name__ if exc_type else "none"))

try:
    with Raiser():
        raise ValueError("body")
except KeyError as e:
    print("KeyError", e)
    print("context:", type(e.__context__).__name__, e.__context__)
try:
    with Raiser():
        pass
except KeyError as e:
    print("KeyError", e, e.__context__)

class Counter:
    def __init__(self):
        self.depth = 0
        self.max_depth = 0
    def __enter__(self):
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        return self.depth
    def __exit__(self, *exc):
        self.depth -= 1

c = Counter()
with c as d1:
    with c as d2:
        with c as d3:
            print("depths", d1, d2, d3)
print("depth now", c.depth, "max", c.max_depth)

def gen():
    with Counter() as level:
        for i in range(3):
            yield level * 10 + i
print(list(gen()))

class Missing:
    __enter__ = lambda self: 1
try:
    with Missing():
        pass
except (AttributeError, TypeError) as e:
    print("missing __exit__ raises", type(e).__name__)
