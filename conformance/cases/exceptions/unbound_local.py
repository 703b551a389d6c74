# UnboundLocalError
x = 10
def f():
    print(x)
    x = 5
try:
    f()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
    print(isinstance(e, NameError))
def g(flag):
    if flag:
        y = 1
    return y
print(g(True))
try:
    g(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
