# The except-as name is unbound after the handler
e = "before"
try:
    raise ValueError("v")
except ValueError as e:
    print("inside:", e)
try:
    print(e)
except NameError as err:
    print("NameError:", err)
def f():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        msg = str(exc)
    return msg
print(f())
