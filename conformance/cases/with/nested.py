# nested with statements and multiple items: entered left to right, exited in reverse
class Named:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else "-")
        return self.suppress

with Named("outer") as a:
    with Named("inner") as b:
        print("body", a, b)

with Named("one") as x, Named("two") as y, Named("three"):
    print("multi body", x, y)

with Named("catcher", suppress=True):
    with Named("middle"):
        with Named("deep"):
            raise ValueError("deep error")
print("outer suppressed it")

with Named("left", suppress=True), Named("right"):
    raise KeyError("k")
print("left suppressed it")

class FailingEnter:
    def __enter__(self):
        raise RuntimeError("enter failed")
    def __exit__(self, *args):
        print("never called")

try:
    with Named("first"), FailingEnter(), Named("never"):
        print("not reached")
except RuntimeError as e:
    print("RuntimeError:", e)
