# *args
def total(*args):
    print(type(args).__name__, args)
    return sum(args)
print(total())
print(total(1, 2, 3))
def head_tail(first, *rest):
    return first, rest
print(head_tail(1), head_tail(1, 2, 3))
def fmt(sep, *parts):
    return sep.join(str(p) for p in parts)
print(fmt("-", 1, "a", None))
nums = [4, 5, 6]
print(total(*nums), total(0, *nums, 7))
print(total(*range(5), *[10, 20]))
