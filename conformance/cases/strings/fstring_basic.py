# f-strings with conversions and expressions
name = "World"
n = 42
print(f"Hello, {name}!")
print(f"{n} + 1 = {n + 1}")
print(f"{name!r} {name!s}")
print(f"{'quoted'!r}")
items = [1, 2, 3]
print(f"{items} {len(items)} {items[-1]}")
d = {"a": 1}
print(f"{d['a']} {d}")
print(f"{{braces}} {n}")
print(f"{n=}")
print(f"{'nested ' + name.upper()}")
x = 3.5
print(f"{x} {x * 2} {x > 3}")
print(f"{None} {True}")
