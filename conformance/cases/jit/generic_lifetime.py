# Objects created and dropped by compiled code are finalized when their last
# reference goes, in the order the interpreter would; deep recursion through
# compiled code still ends in RecursionError; generators and closures work
# with compiled callers.
log = []


class Noisy:
    def __init__(self, k):
        self.k = k

    def __del__(self):
        log.append(self.k)


def churn(n):
    keep = None
    for i in range(n):
        obj = Noisy(i)
        if i % 100 == 0:
            keep = obj
    return keep.k


def gen(n):
    for i in range(n):
        yield i * i


def consume(n):
    total = 0
    for v in gen(n):
        total = total + v
    return total


def make_adder(k):
    def add(x):
        return x + k
    return add


def use_closure(n):
    add5 = make_adder(5)
    total = 0
    for i in range(n):
        total = add5(total)
    return total


def down(n, tag):
    if n == 0:
        return tag
    return down(n - 1, tag)


print(churn(1000), len(log), log[:5], log[-3:])
log.clear()
print(consume(3000), use_closure(3000))
print(down(500, "ok"))
try:
    down(100000, "deep")
except RecursionError as e:
    print("RecursionError:", e)
print(down(300, "again"))
# jit-compiles: churn, consume, down, make_adder.<locals>.add, use_closure
