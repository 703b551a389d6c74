# The pure-Python helpers of the ast module on top of ast.parse.
import ast

print(ast.literal_eval("[1, -2, 3.5, 'a', (1,), {'k': None}, {1, 2}, 1+2j, -3-4j, b'x', True]"))
print(ast.literal_eval("  {'a': (1, 2)}"))
for bad in ["f(x)", "1 + x", "[1, 2", "\n -1"]:
    try:
        ast.literal_eval(bad)
    except (ValueError, SyntaxError) as e:
        print(type(e).__name__, str(e).split(":")[0])

SRC = '''\
"""Docstring of the module."""
import os
@decorator(1)
class A(B, metaclass=M):
    """Class doc."""
    x: int = 1
    def f(self, a, /, b=2, *c, d, **e) -> "R":
        return [i async for i in a if i] if a else {k: v for k, v in b}
async def g():
    async with x as y:
        await y
    while True:
        break
    else:
        pass
s = f"{a!r:>{w}} and {b=}"
match p:
    case [1, *r] | {"k": _, **kw} | C(a, b=2) as z if z:
        pass
try:
    pass
except* E as e:
    raise
lambda x, *y, **z: (x, y, z)
'''
tree = ast.parse(SRC)
out = ast.unparse(tree)
print(out)
print(ast.dump(ast.parse(out)) == ast.dump(tree))
print(ast.get_docstring(tree))
print(ast.get_docstring(tree.body[2]))
print(sorted({type(n).__name__ for n in ast.walk(tree)}))


class Renamer(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id == "x":
            return ast.copy_location(ast.Name("renamed", node.ctx), node)
        return node


t = Renamer().visit(ast.parse("x = x + 1\nprint(x)"))
ast.fix_missing_locations(t)
ns = {"renamed": 41, "print": print}
exec(compile(t, "<t>", "exec"), ns)
print(ns["renamed"])


class Counter(ast.NodeVisitor):
    def __init__(self):
        self.n = 0

    def visit_Call(self, node):
        self.n += 1
        self.generic_visit(node)


c = Counter()
c.visit(ast.parse("f(g(h()), i())"))
print(c.n)

t = ast.parse("a = 1\nb = 2")
ast.increment_lineno(t, 10)
print([(n.lineno, n.end_lineno) for n in t.body])

src = "x = 1\ny = 'é' + f(a,\n  b)\n"
t = ast.parse(src)
print(repr(ast.get_source_segment(src, t.body[1])))
print(repr(ast.get_source_segment(src, t.body[1].value.right, padded=True)))
print(ast.unparse(ast.parse("(a, *b) = c; del d[1:2]; x = -1 ** 2; y = not (a or b)")))
