# -*- coding: latin-1 -*-
# A Latin-1 source file (PEP 263): its bytes are decoded as Latin-1.
s = "café £ ½"
print(s, len(s), [hex(ord(c)) for c in s])
import _latin1_module
print(_latin1_module.GREETING, len(_latin1_module.GREETING))
print(exec(b"# coding: latin-1\nprint(\"\\xe9\", len(\"\xe9\"))\n"))
code = compile(b"# vim: set fileencoding=cp1252 :\nx = \"\x80\x99\"\n", "<cp1252>", "exec")
ns = {}
exec(code, ns)
print(ns["x"], [hex(ord(c)) for c in ns["x"]])
for src in (b"# coding: foo\nx = 1\n", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", b"x = 1\n# coding: latin-1\ny = \"\xe9\"\n"):
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError", e.msg[:40])
