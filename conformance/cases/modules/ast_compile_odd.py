# compile() of trees no source could give: CPython's errors, or the same
# running program, never a crash.
import ast
L = dict(lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)
def N(n='x', c=None): return ast.Name(n, c or ast.Load(), **L)
def C(v=1): return ast.Constant(v, **L)
exprs = [
  ast.Starred(N(), ast.Load(), **L),
  ast.Slice(C(), C(), None, **L),
  ast.Yield(C(), **L),
  ast.YieldFrom(N(), **L),
  ast.Await(N(), **L),
  ast.NamedExpr(ast.Attribute(N(), 'a', ast.Store(), **L), C(), **L),
  ast.NamedExpr(ast.Subscript(N(), C(), ast.Store(), **L), C(), **L),
  ast.Lambda(ast.arguments([], [], None, [], [], None, []), ast.Yield(None, **L), **L),
  ast.ListComp(ast.Starred(N(), ast.Load(), **L), [ast.comprehension(N('y', ast.Store()), N(), [], 0)], **L),
  ast.ListComp(N(), [ast.comprehension(N('y', ast.Store()), N(), [], 1)], **L),
  ast.Call(N(), [ast.Starred(ast.Starred(N(), ast.Load(), **L), ast.Load(), **L)], [], **L),
  ast.Dict([C()], [ast.Starred(N(), ast.Load(), **L)], **L),
  ast.FormattedValue(N(), -1, None, **L),
  ast.JoinedStr([ast.JoinedStr([], **L)], **L),
  ast.JoinedStr([ast.FormattedValue(N(), -1, ast.JoinedStr([ast.FormattedValue(N(), 114, ast.JoinedStr([ast.FormattedValue(N(), -1, None, **L)], **L), **L)], **L), **L)], **L),
  ast.FormattedValue(N(), 5, None, **L),
  ast.Subscript(N(), ast.Tuple([ast.Slice(None, None, None, **L), ast.Starred(N(), ast.Load(), **L)], ast.Load(), **L), ast.Load(), **L),
  ast.Tuple([ast.Slice(None, None, None, **L)], ast.Load(), **L),
  ast.Compare(C(), [ast.Eq(), ast.Lt()], [C(), C()], **L),
  ast.Constant(2**100, **L), ast.Constant(-2**100, **L), ast.Constant(float('nan'), **L), ast.Constant(-1.5-2j, **L),
  ast.Constant("\ud800", **L),
  ast.Constant("\ufffd", **L),
  ast.Constant(b"\xff\x00", **L),
  ast.Constant((1, (2, (3,)), b'', ...), **L),
]
stmts = [
  ast.Assign([ast.Starred(N('a', ast.Store()), ast.Store(), **L)], C(), **L),
  ast.Assign([ast.Tuple([ast.Starred(N('a', ast.Store()), ast.Store(), **L), ast.Starred(N('b', ast.Store()), ast.Store(), **L)], ast.Store(), **L)], C(), **L),
  ast.AnnAssign(ast.Tuple([N('a', ast.Store())], ast.Store(), **L), N(), None, 1, **L),
  ast.AnnAssign(ast.Attribute(N(), 'a', ast.Store(), **L), N(), C(), 1, **L),
  ast.Return(C(), **L), ast.Break(**L), ast.Continue(**L),
  ast.Nonlocal(['x'], **L), ast.Global(['x'], **L),
  ast.FunctionDef('f', ast.arguments([], [ast.arg('a', **L), ast.arg('a', **L)], None, [], [], None, []), [ast.Pass(**L)], [], None, **L),
  ast.FunctionDef('f', ast.arguments([], [], None, [], [], None, []), [ast.Nonlocal(['q'], **L)], [], None, **L),
  ast.AsyncFunctionDef('f', ast.arguments([], [], None, [], [], None, []), [ast.Expr(ast.YieldFrom(N(), **L), **L)], [], None, **L),
  ast.ClassDef('C', [], [ast.keyword(None, N(), **L), ast.keyword('a', C(), **L), ast.keyword('a', C(), **L)], [ast.Return(None, **L)], [], **L),
  ast.Match(N(), [ast.match_case(ast.MatchOr([ast.MatchAs(None, 'a', **L), ast.MatchAs(None, 'b', **L)], **L), None, [ast.Pass(**L)])], **L),
  ast.Match(N(), [ast.match_case(ast.MatchSequence([ast.MatchStar('a', **L), ast.MatchStar('b', **L)], **L), None, [ast.Pass(**L)])], **L),
  ast.Match(N(), [ast.match_case(ast.MatchAs(None, 'a', **L), None, [ast.Pass(**L)]), ast.match_case(ast.MatchAs(None, 'b', **L), None, [ast.Pass(**L)])], **L),
  ast.Match(N(), [ast.match_case(ast.MatchClass(N(), [], ['a', 'a'], [ast.MatchAs(None, None, **L), ast.MatchAs(None, None, **L)], **L), None, [ast.Pass(**L)])], **L),
  ast.Match(N(), [ast.match_case(ast.MatchMapping([C(), C()], [ast.MatchAs(None, None, **L), ast.MatchAs(None, None, **L)], None, **L), None, [ast.Pass(**L)])], **L),
  ast.Try([ast.Pass(**L)], [ast.ExceptHandler(None, None, [ast.Pass(**L)], **L), ast.ExceptHandler(N(), None, [ast.Pass(**L)], **L)], [], [], **L),
  ast.ImportFrom(None, [ast.alias('*', None, **L)], 0, **L),
  ast.ImportFrom('m', [ast.alias('*', None, **L)], 5, **L),
  ast.Import([ast.alias('a.b', 'c', **L)], **L),
  ast.With([ast.withitem(N(), ast.Starred(N('a', ast.Store()), ast.Store(), **L))], [ast.Pass(**L)], **L),
  ast.For(ast.Starred(N('a', ast.Store()), ast.Store(), **L), N(), [ast.Pass(**L)], [], **L),
]
for e in exprs:
    for mode in ('eval', 'exec'):
        tree = ast.Expression(e) if mode == 'eval' else ast.Module([ast.Expr(e, **L)], [])
        try:
            compile(tree, '<f>', mode); r = 'ok'
        except Exception as ex:
            r = type(ex).__name__ + ': ' + str(ex)[:60]
        print(type(e).__name__, mode, r)
for s in stmts:
    for wrap in (False, True):
        body = [s]
        if wrap:
            body = [ast.FunctionDef('w', ast.arguments([], [], None, [], [], None, []), [ast.For(N('i', ast.Store()), N(), body, [], **L)], [], None, **L)]
        try:
            compile(ast.Module(body, []), '<f>', 'exec'); r = 'ok'
        except Exception as ex:
            r = type(ex).__name__ + ': ' + str(ex)[:60]
        print(type(s).__name__, wrap, r)

for v in ['\ud800', '\ufffd', 'a\udcffb', '\U0010ffff']:
    e = ast.Expression(ast.Constant(v)); ast.fix_missing_locations(e)
    r = eval(compile(e, '<s>', 'eval'))
    print(r == v, len(r), ascii(r))
print(ascii(ast.parse("x = '\\ud800'").body[0].value.value))
