# Bare raise re-raises the active exception
def inner():
    try:
        raise ValueError("original")
    except ValueError:
        print("inner handling, re-raising")
        raise
try:
    inner()
except ValueError as e:
    print("outer got:", e)
def conv(s):
    try:
        return int(s)
    except ValueError as e:
        print("logging:", e)
        raise
for s in ["5", "five"]:
    try:
        print(conv(s))
    except ValueError:
        print("caught again")
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise e
except ZeroDivisionError as e:
    print("re-raised by name:", e)
