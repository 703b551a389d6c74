# complex: construction, parsing, arithmetic, formatting, hashing.
import math

values = [complex(), complex(1), complex(1.5, -2), complex("3"), complex("-2j"),
          complex(" (1+2j) "), complex("1e3-4.5e-2j"), complex("inf+nanj"), complex("-j"),
          complex(real=2, imag=3), complex(1j, 1j), complex(1, 1j), complex(True, False),
          complex(0, -0.0), complex(-0.0, 0), 3 + 4j, -1j, 1e300j, complex("1_000+2_0j")]
for v in values:
    print(repr(v), str(v), v.real, v.imag)

for bad in ["", "1+", "j1", "1 + 2j", "(1+2j", "1+2i", "1__0", "_1", "nan+"]:
    try:
        complex(bad)
        print("accepted", repr(bad))
    except ValueError as e:
        print(repr(bad), "ValueError:", e)

for args in [("1", 2), (1, "2"), ([],), (1, [])]:
    try:
        complex(*args)
    except TypeError as e:
        print("TypeError:", e)


class C:
    def __complex__(self):
        return 5 + 6j


class F:
    def __float__(self):
        return 2.5


class I:
    def __index__(self):
        return 7


print(complex(C()), complex(F()), complex(I()), complex(F(), I()))

a, b = 1 + 2j, 3 - 1j
print(a + b, a - b, a * b, a / b, -a, +a, abs(b), a == 1 + 2j, a != b, a == 1, 2 + 0j == 2)
print(a ** 2, a ** -1, a ** 0, (1 + 1j) ** 3, 1j ** 2, 2 ** (1 + 1j), (1 + 2j) ** 0.5, 0j ** 0)
print(a.conjugate(), (3 + 4j).conjugate().imag, a / 2, 2 / a, 1 / 1j)
for op in ["0j ** -1", "1 / 0j", "(1+1j) // 1", "(1+1j) % 2", "(1+1j) < (2+2j)", "abs(complex(1e308, 1e308))"]:
    try:
        print(op, "=", eval(op))
    except Exception as e:
        print(op, "->", type(e).__name__ + ":", e)

print(hash(1 + 0j) == hash(1), hash(0.5 + 0j) == hash(0.5), hash(2j) == hash(2j), bool(0j), bool(1j))
print(math.isclose(abs(1 + 1j), math.sqrt(2)), (1 + 2j).__complex__(), complex.__getnewargs__(3 + 4j))

for spec in ["", ".2f", "10.3e", "<20", "^20.1f", "+.2f", " g", "G", ".0f", "n", ".3"]:
    print(repr(spec), repr(format(1.5 - 2.25j, spec)), repr(format(2j, spec)))
for spec in ["010.2f", "=10", "d", "%"]:
    try:
        format(1 + 1j, spec)
    except ValueError as e:
        print(repr(spec), "ValueError:", e)
print(f"{3-4j:>12}|{1j:*^9}|{-0.5+1e-10j:.3g}")
