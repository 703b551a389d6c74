# compile() of an AST: parsed trees run as their source does, hand-built
# trees compile, and broken trees give CPython's errors.
import ast

SRC = '''
def f(a, b=2, *args, c, d=4, **kw):
    return a + b + c + d + len(args) + len(kw)
print(f(1, c=3))
class C:
    "doc"
    x: int = 5
    def m(self): return [i*i for i in range(3) if i]
print(C().m(), C.__doc__, C.__annotations__)
s = f"{1+1!r:>5}|{'x'=}|{3.14159:.{2}f}|{'a'!a}"
print(s)
match (1, 2):
    case (a, b) if a < b: print("lt", a, b)
    case _: print("other")
match {"k": [1, 2]}:
    case {"k": [1, *rest]}: print("rest", rest)
try:
    1/0
except ZeroDivisionError as e:
    print("caught", type(e).__name__)
finally:
    print("fin")
x = -5; y = 10**30; z = (1, (2.5, 'a'), b'q')
print(x, y, z, -0.0, 1+2j, "é\\u00e9")
import os.path as p
print(p.__name__)
g = (i for i in range(3))
print(sum(g), {k: v for k, v in [(1, 2)]}, {1, 2}, not True and False)
def gen():
    yield 1
    yield from [2, 3]
print(list(gen()))
async def co():
    return 1
print(co.__code__.co_flags & 0x80 != 0)
'''
exec(compile(ast.parse(SRC), "<ast>", "exec"), {})
print(eval(compile(ast.parse("1+2*3", mode="eval"), "<e>", "eval")))
exec(compile(ast.parse("1+1", mode="single"), "<s>", "single"))

# Line numbers in tracebacks come from the tree.
tree = ast.parse("x = 1\n\n\ny = 1/0\n")
try:
    exec(compile(tree, "mine.py", "exec"), {})
except ZeroDivisionError as e:
    print("line", e.__traceback__.tb_next.tb_lineno)

# A tree built by hand.
L = dict(lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)
call = ast.Call(ast.Name("print", ast.Load(), **L),
                [ast.Constant("hand", **L), ast.BinOp(ast.Constant(2, **L), ast.Mult(), ast.Constant(-3, **L), **L)],
                [ast.keyword("sep", ast.Constant("-", **L), **L)], **L)
exec(compile(ast.Module([ast.Expr(call, **L)], []), "<hand>", "exec"))
m = ast.Module([ast.Assign([ast.Name("v", ast.Store())], ast.Constant((1, 2.5, None, ("x",))))], [])
ast.fix_missing_locations(m)
ns = {}
exec(compile(m, "<fixed>", "exec"), ns)
print(ns["v"])
fs = ast.Expression(ast.JoinedStr([ast.Constant("v="), ast.FormattedValue(ast.Name("v", ast.Load()), 114,
                                   ast.JoinedStr([ast.Constant(">12")]))]))
ast.fix_missing_locations(fs)
print(eval(compile(fs, "<f>", "eval"), {"v": "abc"}))

# compile(tree, ..., PyCF_ONLY_AST) gives the tree back.
print(compile(m, "<x>", "exec", ast.PyCF_ONLY_AST) is m)


def t(tree, mode="exec"):
    try:
        compile(tree, "<t>", mode)
        print("ok")
    except Exception as e:
        msg = str(e)
        if " object at 0x" in msg:
            msg = msg.split(" object at ")[0] + " object>"
        print(type(e).__name__, msg)


t(ast.Module([ast.Expr(**L)], []))
t(ast.Module([ast.Expr(None, **L)], []))
t(ast.Module([ast.Pass()], []))
t(ast.Module([ast.Expr(ast.Pass(**L), **L)], []))
t(ast.Module([ast.Expr(ast.Name(1, ast.Load(), **L), **L)], []))
t(ast.Module([ast.Expr(ast.Name("x", ast.Store(), **L), **L)], []))
t(ast.Module((ast.Pass(**L),), []))
t(ast.Module([ast.Pass(**L)]))
t(ast.Module([ast.Pass(**L)], []), "eval")
t(ast.Expression(ast.Constant(1, **L)), "exec")
t(ast.Expression(ast.Constant([1], **L)), "eval")
t(ast.Expression(ast.Name("x", **L)), "eval")
t(ast.Expression(ast.Name("None", ast.Load(), **L)), "eval")
t(ast.Expression(ast.Call(ast.Name("f", ast.Load(), **L), [], **L)), "eval")
t(ast.Expression(ast.BinOp(ast.Constant(1, **L), ast.Constant(1, **L), ast.Constant(1, **L), **L)), "eval")
t(ast.Module([ast.ImportFrom("x", [ast.alias("y")], 0, **L)], []))
t(ast.Module([ast.ImportFrom("x", [ast.alias("y", **L)], -1, **L)], []))
t(ast.Module([ast.Expr(ast.Constant("x", **L), **L)], []), "single")
t(ast.Interactive([ast.Expr(ast.Constant("x", **L), **L)]), "single")
t(ast.Module([ast.Expr(ast.Constant("x", lineno=1.5, col_offset=0), **L)], []))
t(ast.Module([ast.Expr(ast.List([ast.Constant(1)], ast.Load(), **L), **L)], []))
t(ast.Module([ast.Return(None, **L)], []))
t(ast.Module([ast.Assign([], ast.Constant(1, **L), **L)], []))
t(ast.Module([ast.Assign([None], ast.Constant(1, **L), **L)], []))
t(ast.Module([ast.If(ast.Constant(1, **L), [], [], **L)], []))
t(ast.Module([ast.Expr(ast.Compare(ast.Constant(1, **L), [], [], **L), **L)], []))
t(ast.Module([ast.Expr(ast.BoolOp(ast.And(), [ast.Constant(1, **L)], **L), **L)], []))
t(ast.Module([ast.Expr(ast.Dict([], [ast.Constant(1, **L)], **L), **L)], []))
t(ast.Module([ast.Raise(None, ast.Constant(1, **L), **L)], []))
t(ast.Module([ast.Try([ast.Pass(**L)], [], [], [], **L)], []))
t(ast.Module([ast.Expr(ast.ListComp(ast.Constant(1, **L), [], **L), **L)], []))
t(ast.Module([ast.Pass(lineno=2, col_offset=0, end_lineno=1, end_col_offset=0)], []))
t(ast.Module([ast.Pass(lineno=1, col_offset=5, end_lineno=1, end_col_offset=1)], []))
t(ast.Module([ast.Match(ast.Name("x", ast.Load(), **L),
                        [ast.match_case(ast.MatchStar("x", **L), None, [ast.Pass(**L)])], **L)], []))
t(ast.Module([ast.Match(ast.Name("x", ast.Load(), **L),
                        [ast.match_case(ast.MatchAs(name="_", **L), None, [ast.Pass(**L)])], **L)], []))
t(ast.Module([ast.Match(ast.Name("x", ast.Load(), **L),
                        [ast.match_case(ast.MatchValue(ast.Name("y", ast.Load(), **L), **L), None, [ast.Pass(**L)])], **L)], []))
t(5)
t(ast.arg("x"))

# Future statements in a tree, and compile()'s future flag, apply.
src = "from __future__ import annotations\ndef f(x: List[int]) -> 'a': pass\nprint(f.__annotations__)\n"
exec(compile(ast.parse(src), "<f>", "exec"))
exec(compile(ast.parse("def g(x: List[int]): pass\nprint(g.__annotations__)\n"), "<f>", "exec", 0x1000000))
