# Syntax that Python 3.12 added is a SyntaxError in 3.11: f-strings
# reusing their quotes or holding backslashes or comments in expressions,
# `type` statements, generic functions.
sources = [
    'x = f"{"a"}"',
    "x = f'{f'{1}'}'",
    'x = f"{chr(10)!r} {\'\\n\'}"',
    "x = f'''{1 # comment\n}'''",
    "type X = int",
    "def f[T](x: T) -> T: return x",
    "class C[T]: pass",
    'x = f"{1!r:>{5}}" + f"{2=}" + f\'{"a"}\'',
]
for src in sources:
    try:
        compile(src, "<s>", "exec")
        print("ok:", src)
    except SyntaxError as e:
        print("SyntaxError:", e.msg)
