# Or-patterns, as-patterns, binding order and what a failed case leaves bound.


def orp(v):
    match v:
        case (1, x) | (x, 1):
            return f"x={x}"
        case [a, b] | {"a": a, "b": b}:
            return f"a={a} b={b}"
        case ([p, q] | (p, q, _)) as whole:
            return f"p={p} q={q} whole={whole}"
        case (0 | 1 | 2) as small:
            return f"small {small}"
        case {"k": (1 | 2) as k2}:
            return f"k2 {k2}"
        case _:
            return "other"


for v in [(1, 5), (5, 1), [3, 4], {"a": 1, "b": 2}, (7, 8, 9), 2, {"k": 2},
          {"k": 3}, "xx"]:
    print(repr(v), "->", orp(v))

# Or-pattern alternatives binding in a different order.
for v in [(1, 2), [2, "b", "a"]]:
    match v:
        case (1, a) | [2, _, a] if True:
            print("bound", a)

match [1, 2]:
    case [x, y] | [y, x, _]:
        print(x, y)

match [1, 2, 3]:
    case [x, y] | [y, x, _]:
        print(x, y)

# A case that fails partway binds nothing.
a = "before"
match [1, 2]:
    case [a, 3]:
        pass
    case _:
        print("a is still", a)

# Nested captures keep their values.
match {"outer": [1, {"inner": (2, 3)}]}:
    case {"outer": [one, {"inner": (two, three) as pair}]}:
        print(one, two, three, pair)

# Names bound inside a function are locals.


def f(v):
    match v:
        case [first, *others]:
            pass
    return first, others


print(f([1, 2, 3]))
print(f.__code__.co_varnames)
