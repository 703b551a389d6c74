# except ... as e, str/repr/args
try:
    raise ValueError("bad value", 42)
except ValueError as e:
    print(str(e))
    print(repr(e))
    print(e.args, type(e).__name__)
try:
    raise RuntimeError("single")
except RuntimeError as e:
    print(str(e), repr(e), e.args)
try:
    raise TypeError()
except TypeError as e:
    print(repr(str(e)), repr(e), e.args)
e2 = IndexError("made")
print(repr(e2), isinstance(e2, Exception))
try:
    raise ValueError
except ValueError as e:
    print(repr(e))
try:
    1 / 0
except ZeroDivisionError as err:
    saved = err
print(type(saved).__name__)
