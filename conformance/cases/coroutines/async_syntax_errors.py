# Where await, async for/with and async comprehensions are allowed.
for src in ["def f():\n    await x\n", "await x\n", "async def f():\n    yield from x\n", "async def f():\n    yield 1\n    return 2\n",
            "def f():\n    [x async for x in y]\n", "def f():\n    (x async for x in y)\n", "async def f():\n    [await x for x in y]\n",
            "def f():\n    [await x for x in y]\n", "def f():\n    async with x: pass\n", "def f():\n    async for x in y: pass\n",
            "async def f():\n    def g():\n        [x async for x in y]\n", "[x async for x in y]\n","async def f():\n    [[z async for z in x] for x in y]\n",
            "def f():\n    [[z async for z in x] for x in y]\n", "def f():\n    ((z async for z in x) for x in y)\n"]:
    try:
        compile(src, "<s>", "exec"); print("ok")
    except SyntaxError as e:
        print("SyntaxError:", e.msg, e.lineno, e.offset)
