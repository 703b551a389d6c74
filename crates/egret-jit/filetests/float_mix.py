# int / int makes an unboxed float; arithmetic on such temporaries stays
# unboxed, and the result is boxed once, as it leaves (a float object that
# already exists is never unboxed: see specialize::Ty::Float).
# args: Int, Int
def f(a, n):
    return (a / n) * (n / 2) - a / 3
