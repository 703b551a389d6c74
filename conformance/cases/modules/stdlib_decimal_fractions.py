from decimal import Decimal, getcontext, localcontext, ROUND_HALF_UP
from fractions import Fraction
import contextvars
print(Decimal("1.1") + Decimal("2.2"), Decimal(1) / Decimal(7), Decimal("3.14159").quantize(Decimal("0.01")))
getcontext().prec = 5
print(Decimal(1) / Decimal(3), Decimal("2").sqrt())
with localcontext() as ctx:
    ctx.prec = 10
    print(Decimal(2).sqrt())
print(Decimal(2).sqrt(), Decimal("2.5").quantize(Decimal("1"), rounding=ROUND_HALF_UP), Decimal("-0"), Decimal("1e3"))
print(Fraction(3, 4) + Fraction(1, 4), Fraction("0.75"), Fraction(1, 3) * 3, Fraction(7, 2).limit_denominator(1), float(Fraction(1, 8)))
v = contextvars.ContextVar("v", default=1)
print(v.get())
tok = v.set(5)
print(v.get())
ctx = contextvars.copy_context()
v.reset(tok)
print(v.get(), ctx[v], ctx.run(v.get))
