# f-string self-documenting `=` specifier with expressions, spacing, conversions and specs
x = 10
name = "egret"
items = [1, 2, 3]
print(f"{x=}")
print(f"{name=}")
print(f"{x * 2 + 1=}")
print(f"{x = }")
print(f"{ x=}|{x =}")
print(f"{name=!s}")
print(f"{name=!r}")
print(f"{x=:>6}|")
print(f"{3.14159=:.2f}")
print(f"{items[1:]=}")
print(f"{len(items)=} and {sum(items)=}")
print(f"{'quoted'=}")
print(f"{None=} {True=}")
class C:
    def __repr__(self):
        return "C()"
    def __str__(self):
        return "str-of-C"
c = C()
print(f"{c=}", f"{c=!s}", f"{c!r}", f"{c}")
d = {"k": 5}
print(f"{d['k']=}")
print(f"{x if x > 5 else 0=}")
print(f"{x=}{x=}")
w = 8
print(f"{name=:*^{w}}")
