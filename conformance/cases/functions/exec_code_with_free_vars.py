# eval() and exec() of a code object with free variables raise TypeError.
def f(x):
    return lambda: x + 1


g = f(3)
for fn in (eval, exec):
    try:
        fn(g.__code__)
    except TypeError as e:
        print(fn.__name__, "TypeError", e)
try:
    exec(g.__code__, {})
except TypeError as e:
    print("TypeError", e)
print(eval((lambda: 41 + 1).__code__))
