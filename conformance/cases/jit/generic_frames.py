# Frame-looking builtins called from compiled code see that code's frame,
# and rebinding globals or builtins while compiled code runs is honoured.
import builtins


def frame_users(n):
    seen = []
    for i in range(n):
        value = i * 2
        if i % 500 == 0:
            seen.append(sorted(locals().items()))
            seen.append("value" in dir())
            seen.append(eval("value + 1"))
            seen.append(vars()["i"])
            seen.append("frame_users" in globals())
    return seen


def helper(x):
    return x + 1


def rebind_later():
    global helper

    def other(x):
        return x * 100

    helper = other


def uses_helper(n):
    out = []
    for i in range(n):
        if i == n // 2:
            rebind_later()
        out.append(helper(i))
    return out[n // 2 - 1: n // 2 + 2]


real_len = len


def shadow_len(n):
    out = []
    for i in range(n):
        if i == 1000:
            builtins.len = lambda s: -1
        out.append(len("abc"))
    builtins.len = real_len
    return out[998:1003]


print(frame_users(2000))
print(uses_helper(3000))
print(shadow_len(2000))
# jit-compiles: frame_users, helper, shadow_len, uses_helper
