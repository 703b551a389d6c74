# Operands the JIT unboxed from boxed locals (floats read from lists in
# nested loops) are given up once unboxed; when the operation itself then
# fails (division by zero, int overflow, float ** overflow) the code leaves
# for the interpreter with those operands, which must be boxed afresh, not
# the boxes already released (a reference count underflow otherwise).
def div(xs, ys):
    out = []
    for x in xs:
        for y in ys:
            try:
                z = x / y
                out.append(z)
            except ZeroDivisionError as e:
                out.append(str(e))
    return out


def mul(xs, ys):
    out = []
    for x in xs:
        for y in ys:
            z = x * y
            out.append(z)
    return out


def power(xs, ys):
    out = []
    for x in xs:
        for y in ys:
            try:
                z = x ** y
                out.append(z)
            except (OverflowError, ZeroDivisionError) as e:
                out.append(type(e).__name__)
    return out


for i in range(3):
    print(div([2.5, -1.0], [1.5, 0.0, 4.0]))
    print(mul([2**40, 3], [1, 2**40, 2**30]))
    print(power([2.0, -2.0, 0.0], [1.0, 1e308, -1.0, 0.5]))
a = [7.5]
b = [0.0]
div(a, b)
print(a, b, a[0] + 1, b[0] - 1)
