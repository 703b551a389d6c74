# __exit__ returning None or another false value lets the exception propagate after cleanup
class Cleanup:
    def __init__(self, result):
        self.result = result
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit with", exc_type.__name__ if exc_type else None)
        return self.result

for result in [None, False, 0, ""]:
    try:
        with Cleanup(result):
            raise ValueError("boom " + repr(result))
    except ValueError as e:
        print("propagated:", e)

def f():
    with Cleanup(None):
        return 1 // 0

try:
    f()
except ZeroDivisionError as e:
    print("from function:", e)

class NoExitValue:
    def __enter__(self):
        return 5
    def __exit__(self, exc_type, exc, tb):
        print("cleanup ran, exc is", repr(exc))

try:
    with NoExitValue() as n:
        print("n =", n)
        [1, 2][n]
except IndexError as e:
    print("IndexError:", e)

try:
    with NoExitValue():
        raise KeyError("k")
except LookupError as e:
    print(type(e).__name__, e)
print("done")
