# __exit__ returning a true value swallows the exception; it receives type, value and traceback
class Suppress:
    def __init__(self, *types):
        self.types = types
        self.seen = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.seen.append("clean")
            return False
        self.seen.append((exc_type.__name__, str(exc), tb is not None))
        return issubclass(exc_type, self.types)

s = Suppress(ValueError, KeyError)
with s:
    print("before raise")
    raise ValueError("bad value")
    print("not reached")
print("continued after suppressed ValueError")
with s:
    {}["missing"]
with s:
    print("no error here")
print(s.seen)

try:
    with Suppress(KeyError) as t:
        raise TypeError("wrong type")
except TypeError as e:
    print("TypeError escaped:", e)
print(t.seen)

class Truthy:
    def __enter__(self):
        return None
    def __exit__(self, *exc):
        return "yes"

for i in range(3):
    with Truthy():
        if i == 1:
            raise RuntimeError("swallowed")
        print("iteration", i)
print("loop finished")
