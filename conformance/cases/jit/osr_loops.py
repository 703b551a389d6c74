# Hot loops in functions that run once are entered in compiled code (on-stack
# replacement). Leaving the loop, overflow in the middle of a for-loop over
# range(), untracked locals (lists, strings) and nested loops must all leave
# the frame exactly as the interpreter would.


def overflow_mid_loop():
    x = 1
    label = "three"
    for i in range(200):
        x = x * 3
    return label, i, x % 1000007, x.bit_length()


def nested(n):
    total = 0
    seen = []
    for i in range(n):
        j = 0
        while j < n:
            total = (total + i * j + (i ^ j)) % 1000003
            j += 1
        if i % 50 == 0:
            seen.append(total)
    return total, seen


def floats(n):
    x = 0.0
    for i in range(n):
        x = x * 0.5 + i * 0.25
        if x > 1e6:
            break
    else:
        x = -x
    return x, i


def countdown():
    k = 100000
    steps = 0
    while k > 0:
        k = k - 3
        steps += 1
    return k, steps


def zero_div_late():
    s = 0
    for i in range(5000, -1, -1):
        s += 10000 // (i - 0) if i else 0
    return s


print(overflow_mid_loop())
print(nested(300))
print(floats(5000))
print(countdown())
print(zero_div_late())
# jit-compiles: countdown, floats, nested, zero_div_late
