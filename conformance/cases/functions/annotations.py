x: int = 3
y: "str"
class A:
    a: int
    b: str = "b"
    if True:
        c: float = 1.5
    def m(self, p: int, *args: str, k: bool = False, **kw: float) -> "A":
        return self
print(__annotations__, A.__annotations__, A.b, A.c)
print(A.m.__annotations__)
def plain(a, b=1): pass
print(plain.__annotations__)
plain.__annotations__ = {"a": int}
print(plain.__annotations__)
code = compile("1 + 2", "<expr>", "eval")
print(eval(code), type(code).__name__)
exec(compile("z = 5\nprint(z * 2)", "<s>", "exec"))
try:
    compile("x = ", "<bad>", "exec")
except SyntaxError as e:
    print("SyntaxError", e.filename, e.lineno)
