# math functions take nan to nan (found by the differential fuzzer: log1p),
# and raise ValueError outside their domain.
import math

names = ["sqrt", "exp", "log", "log2", "log10", "log1p", "expm1", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf",
         "erfc", "fabs", "degrees", "radians"]
for name in names:
    f = getattr(math, name)
    out = []
    for x in (math.nan, -1.0, -2.0, 0.0, 0.5, 2.0, math.inf, -math.inf):
        try:
            out.append(repr(f(x)))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__)
    print(name, " ".join(out))
