# NameError and AttributeError messages
try:
    print(nope)
except NameError as e:
    print("NameError:", e)
def f():
    return missing_global + 1
try:
    f()
except NameError as e:
    print("NameError:", e)
class K:
    pass
for obj, attr in [(K(), "x"), (1, "foo"), ("s", "bar"), ([], "push"), (None, "y"), (K, "z")]:
    try:
        getattr(obj, attr)
    except AttributeError as e:
        print("AttributeError:", e)
