# The recursion limit counts frames as CPython does (the module body is a
# frame), in the interpreter and in compiled code, including calls made
# from a loop compiled by on-stack replacement.
import sys
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def depth(n):
    return 0 if n == 0 else depth(n - 1) + 1
def walk(n):
    t = 0
    for i in range(3000):
        if n > 0 and i == 5:
            t += walk(n - 1)
        t += i
    return t
def main():
    s = 0
    for i in range(3000):
        s += fib(i % 15)
    print(s)
    print(walk(3))
    sys.setrecursionlimit(100)
    t = 0
    try:
        for i in range(2000):
            t += depth(i % 150)
    except RecursionError:
        print("RecursionError", t)
    t = 0
    for i in range(2000):
        t += depth(i % 50)
    print(t)
main()

sys.setrecursionlimit(50)
def d(n):
    try:
        return d(n + 1)
    except RecursionError:
        return n
print(d(0))
def e():
    return d(0)
print(e())
# jit-compiles: depth, fib, main, walk
