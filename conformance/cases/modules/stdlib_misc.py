# More of CPython's pure-Python library, unmodified.
import functools, operator, bisect, heapq, copy, abc, textwrap, argparse, shlex, pprint, fnmatch
import collections.abc as cabc

@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info().hits > 0, functools.reduce(operator.mul, range(1, 6)))
p = functools.partial(int, base=2)
print(p("1011"), functools.cmp_to_key(lambda a, b: a - b)(3) < functools.cmp_to_key(lambda a, b: a - b)(4))
@functools.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), sorted([V(3), V(1)], key=operator.attrgetter("v"))[0].v)
@functools.singledispatch
def show(x): return "obj"
@show.register
def _(x: int): return "int"
print(show(1), show("s"), functools.wraps(fib)(lambda: 0).__name__)
print(operator.itemgetter(1, 0)("ab"), operator.methodcaller("upper")("x"), operator.add(2, 3), operator.neg(4))
a = [1, 3, 5]; bisect.insort(a, 4); print(a, bisect.bisect_left(a, 3), bisect.bisect_right(a, 3))
h = [5, 1, 4, 2]; heapq.heapify(h); print(heapq.heappop(h), heapq.nlargest(2, [3, 9, 4]), list(heapq.merge([1, 4], [2, 3])))
d = {"k": [1, {"x": 2}]}; c = copy.deepcopy(d); c["k"][1]["x"] = 9; print(d, c, copy.copy([1, [2]]))
class Base(abc.ABC):
    @abc.abstractmethod
    def run(self): ...
try:
    Base()
except TypeError as e:
    print("TypeError:", e)
class Impl(Base):
    def run(self): return "ran"
print(Impl().run(), isinstance(Impl(), Base), isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), issubclass(dict, cabc.MutableMapping))
print(textwrap.fill("The quick brown fox jumps over the lazy dog " * 2, width=30))
print(textwrap.dedent("    a\n      b"), textwrap.shorten("Hello world, how are you?", 15))
ap = argparse.ArgumentParser(prog="tool")
ap.add_argument("n", type=int)
ap.add_argument("--name", default="x")
ap.add_argument("-v", action="store_true")
ns = ap.parse_args(["5", "--name", "y", "-v"])
print(ns.n, ns.name, ns.v, ns)
print(shlex.split("a 'b c' \"d e\""), shlex.quote("it's"), fnmatch.fnmatch("file.py", "*.py"))
pprint.pprint({"b": list(range(12)), "a": {"nested": ("t", 1)}}, width=40)
