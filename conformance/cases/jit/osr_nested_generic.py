# On-stack replacement entered at an inner loop of a long-running function
# whose loops build objects: the outer loop runs compiled too, and the
# inner range loop started again by the outer loop is the same loop.
class V:
    def __init__(self, x):
        self.x = x


def render(size):
    checksum = 0
    last = None
    for j in range(size):
        for i in range(size):
            d = V((i - size / 2) / size)
            checksum += int(min(d.x, 1.0) * 255) + j
            last = d
    return checksum, last.x, i, j


print(render(150))


def stepped(n):
    out = []
    for a in range(0, n, 3):
        for b in range(n, 0, -2):
            if (a + b) % 97 == 0:
                out.append(V(a * b).x)
    return out[:5], len(out)


print(stepped(400))


def mixed_bounds(rows):
    total = 0
    for r in rows:
        for k in range(len(r)):
            total += r[k] * k
    return total


print(mixed_bounds([[1, 2, 3]] * 3000 + [[4.5, 5.5]] * 3000))
# jit-compiles: mixed_bounds, render, stepped
