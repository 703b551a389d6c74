# exec/eval/compile with explicit namespaces; globals(), locals(), vars(),
# dir(); del of every kind of target; conditional imports; decorators with
# arguments; keyword argument errors.
g = {"base": 10}
exec("def f(x):\n    return x + base\nresult = f(5)", g)
print(g["result"], sorted(k for k in g if k != "__builtins__"))
loc = {}
exec("a = 1\nb = a + base", g, loc)
print(loc, "a" in g)
print(eval("base * 2", g), eval("x + y", {"x": 1}, {"y": 2}), eval("len('abc')", {}))
code = compile("3 + 4", "<expr>", "eval")
print(eval(code), code.co_filename, compile("pass", "f.py", "exec").co_name)
try:
    compile("1 +", "<bad>", "exec")
except SyntaxError as e:
    print("SyntaxError", e.filename, e.lineno)
try:
    eval("undefined_name")
except NameError as e:
    print(e)
try:
    exec("x = 1", None, 5)
except TypeError as e:
    print("TypeError:", e)


def show_locals(p, q=2):
    r = p + q
    return sorted(locals().items())


print(show_locals(1))
print("show_locals" in globals(), globals()["__name__"])


class K:
    attr = 1

    def method(self):
        pass


k = K()
k.inst = 2
print(vars(k), sorted(n for n in vars(K) if not n.startswith("__")))
print([n for n in dir(k) if not n.startswith("__")])
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)

x = 1
del x
try:
    print(x)
except NameError as e:
    print(e)
items = list(range(10))
del items[0], items[-1]
del items[1:3]
del items[::2]
print(items)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
del k.inst
print(hasattr(k, "inst"))
try:
    del k.missing
except AttributeError as e:
    print(e)
a, b = 1, 2
del (a, b)
print("a" in dir(), "b" in dir())

if len(items) > 100:
    import json as chosen
else:
    import math as chosen
print(chosen.__name__)
try:
    import not_a_real_module_xyz
except ImportError as e:
    print(type(e).__name__, e.name)


def repeat(times):
    def deco(fn):
        def wrapper(*args, **kwargs):
            return [fn(*args, **kwargs) for _ in range(times)]
        return wrapper
    return deco


@repeat(3)
def hello(name):
    return "hi " + name


print(hello("x"))


def kw(a, b=1, *args, c, d=4, **rest):
    return a, b, args, c, d, rest


print(kw(1, c=3), kw(1, 2, 3, 4, c=5, e=6))
for call in [lambda: kw(), lambda: kw(1), lambda: kw(1, c=1, a=2), lambda: kw(1, 2, c=3, b=4),
             lambda: hello(), lambda: (lambda: 0)(1), lambda: len(x=1), lambda: dict(1, 2)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
