"""doc"""
from __future__ import annotations
from typing import Dict, List, Optional, get_type_hints

# Annotations are kept as source text and never evaluated: names that do
# not exist are fine.
def f(a: Undefined[int], *args: str  |  None, b: "quoted" = 1, **kw: Dict[ str,int ]) -> List[Tuple[int, ...]]:
    return a

print(f.__annotations__)

class C:
    x: int
    y: Optional[C] = None
    z: 2 ** -1 + (3 * 4)
    w: lambda q, *r, s=1: q if r else s
    v: [i for i in range(3) if i] | {**d, 'k': 1}
    u: f'{x!r:>{w}} {{z}} {y=}'
    t: 1e16 + 1.5e-7 + 0x10 + 1j + 1 .real
    s: b'bytes\x00' and not (p or q)
    r: x[1:2, ::3, ...]

print(C.__annotations__)
class D:
    x: int
    y: Optional[D] = None

print(get_type_hints(D))

import __future__
src = "def g(x: List[int]) -> Nope: pass\n"
ns = {}
exec(compile(src, "<s>", "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True), ns)
print(ns['g'].__annotations__)

for bad in ["x = 1\nfrom __future__ import annotations\n",
            "from __future__ import braces\n",
            "from __future__ import nope\n",
            "def f():\n    from __future__ import annotations\n",
            "if x:\n    from __future__ import division\n"]:
    try:
        compile(bad, "<bad>", "exec")
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno)
ok = compile('"doc"\nfrom __future__ import (division,\n  annotations)\nfrom __future__ import generator_stop\nx: y\n', "<ok>", "exec")
print(type(ok).__name__)
