# f-strings with conversions and format specs; calls with keywords and unpacking.
def f(x, *args, **kw):
    g = print
    g(f"{x!r:>10} {x:.2f}", *args, sep="", **kw)
    return f"{x=}"
