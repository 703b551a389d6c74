# Objects go through helpers, with reference counts.
# args: Obj, Int
def f(p, k):
    return [p.x * k, p.y]
