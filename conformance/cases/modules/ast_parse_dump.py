# ast.parse: every statement and expression kind, dumped with positions
# (columns are UTF-8 byte offsets, as CPython gives them).
import ast

PROGRAM = '''"""Module docstring."""
from __future__ import annotations
import os, sys as system
from . import x
from ..a.b import (c as d, e)
from m import *
@dec
@dec2(1)
async def f(a, b: int = 1, /, c=2, *args, d, e=3, **kw) -> None:
    "doc"
    global g
    x: int = 1
    y: list
    (z): int = 2
    async for i in aiter():
        await i
    async with a as (b, c), d:
        pass
    return (yield), (yield from z)
class C(B, metaclass=M):
    def m(self):
        nonlocal q
        del self.a, b[1]
        b += 1
        x = y = lambda: 0
        lambda a, *, b=1: a
while x:
    break
else:
    continue
if a:
    pass
elif b:
    pass
elif c:
    x = 1
else:
    y = 2
for i, j in z: pass
try:
    pass
except E as e:
    raise X from e
except:
    raise
else:
    pass
finally:
    pass
try:
    pass
except* E:
    pass
with open(f) as g: assert g, "msg"
x = [1, 2.5, 3j, 'é', b'x', u'u', ..., None, True, (1,), {1: 2, **d}, {1}]
y = [a for a in b if c if d for e in f]
z = {a: b for a, b in c}
w = {a for a in b}
v = (a for a in b)
f(a for a in b)
f(*a, b, c=1, **d)
a[1:2, ::3, 4]
a if b else c
not a and b or c
-a + ~b * +c @ d // e % f ** g << h >> i | j ^ k & l
a < b <= c > d >= e == f != g is h is not i in j not in k
(x := 5)
s = f"a{b!r:>{w}}c{d=}" "e" f'{x}'
t = "é" f"ü{x!a}{y!s:3}"
u = 'a' 'b' "c"
match p:
    case 1 | 2:
        pass
    case [a, *rest]:
        pass
    case {"k": v, **kw}:
        pass
    case Point(x=0, y=_) if y:
        pass
    case None:
        pass
    case (a, b) as c:
        pass
    case str():
        pass
    case -1 | 1+2j | a.b:
        pass
    case _:
        pass
é = 'ñ'; ü = f'{é}ñ{é!s}'
x = 10**100 + 0xff + 1_000 + 0o17 + 0b101 + 1e10 + 1.5j
print(x[::])
def g(*, a): pass
def h(a, /): pass
'''

print(ast.dump(ast.parse(PROGRAM), include_attributes=True, indent=1))

# The other modes.
print(ast.dump(ast.parse("x + 1", mode="eval"), include_attributes=True))
print(ast.dump(ast.parse("(a,\n b)", mode="eval"), include_attributes=True))
try:
    ast.parse("  (a,\n b)", mode="eval")
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.lineno)
print(ast.dump(ast.parse("x = 1; y\n", mode="single"), include_attributes=True))
print(ast.dump(compile("a.b = c", "<s>", "exec", ast.PyCF_ONLY_AST)))

# Line ends \r\n and \r; a source given as bytes.
print(ast.dump(ast.parse("a = 1\r\nb = 2\rc = 3\n"), include_attributes=True))
print(ast.dump(ast.parse(b"x = '\xc3\xa9'\n"), include_attributes=True))

# type comments: only the type_ignores.
t = ast.parse("a = 1  # type: ignore\nb = 2  # type: ignore[x]\n", type_comments=True)
print([(ti.lineno, ti.tag) for ti in t.type_ignores])

# Syntax errors raise SyntaxError as compile() does.
for bad in ["x = (1,", "def f(:\n pass", "x = 1 +", "\n -1"]:
    try:
        ast.parse(bad, mode="eval" if bad.startswith("\n") else "exec")
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno)

# feature_version checks syntax newer than the version named.
for src, v in [("(x := 0)", (3, 7)), ("def f(x, /): pass", (3, 7)),
               ("try:\n pass\nexcept* E:\n pass", (3, 10)), ('f"{x=}"', (3, 7)),
               ("(x := 0)", (3, 8))]:
    try:
        ast.parse(src, feature_version=v)
        print("ok", v)
    except SyntaxError:
        print("SyntaxError", v)

# mode='func_type'.
import ast
for s in ['() -> int', '(int) -> int', '((a, b)) -> c', '(a, *b, **c) -> d', '(List[int], "x->y") -> Dict[str, int]', ' ( a ) -> b ', 'a -> b', '(a) b', '(a) -> ']:
    try:
        print(ast.dump(ast.parse(s, mode='func_type'), include_attributes=True))
    except SyntaxError as e:
        print(type(e).__name__, e.msg)
for src in ['() -> int']:
    try: compile(src, '<s>', 'func_type')
    except ValueError as e: print(e)
