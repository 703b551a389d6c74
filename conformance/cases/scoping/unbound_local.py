# UnboundLocalError message
x = 1
def f():
    x += 1
    return x
try:
    f()
except UnboundLocalError as e:
    print(e)
def g():
    total = total + 1
try:
    g()
except NameError as e:
    print(type(e).__name__, e)
def h():
    v = 1
    del v
    return v
try:
    h()
except UnboundLocalError as e:
    print(e)
