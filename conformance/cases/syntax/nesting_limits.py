# CPython's nesting limits: 200 nested brackets, 99 levels of
# indentation, 20 nested blocks, expressions nested too deeply to compile.
# Past them: the error CPython gives, never a crash.
def nested_blocks(n, head="for x in y:"):
    s = ""
    for i in range(n):
        s += " " * i + head + "\n"
    return s + " " * n + "pass\n"


sources = {
    "200 brackets": "x = " + "(" * 200 + "1" + ")" * 200,
    "201 brackets": "x = " + "(" * 201 + "1" + ")" * 201,
    "250 lists": "x = 1\ny = " + "[" * 250 + "]" * 250,
    "100000 brackets": "x = " + "(" * 100000 + "1" + ")" * 100000,
    "brackets in strings": "x = '" + "(" * 300 + "' # " + "[" * 300,
    "99 indents": nested_blocks(99, "if x:"),
    "100 indents": nested_blocks(100, "if x:"),
    "20 blocks": nested_blocks(20),
    "21 blocks": nested_blocks(21),
    "21 with blocks": nested_blocks(21, "with a:"),
    "2000 unary": "x = " + "-" * 2000 + "1",
    "3000 unary": "x = " + "-" * 3000 + "1",
    "long sum": "x = 1" + " + 1" * 5000,
    "long and": "x = 1" + " and 1" * 5000,
    "long compare": "x = 1" + " < 1" * 5000,
}
for name, src in sources.items():
    try:
        compile(src, name, "exec")
        print(name, "ok")
    except (SyntaxError, RecursionError) as e:
        print(name, type(e).__name__, e.args[0])
print(eval("(" * 150 + "7" + ")" * 150))
