# Implicit chaining never hangs on a context chain that already has a
# cycle, and cuts a chain that leads back to the exception being raised.
a, b = KeyError("a"), IndexError("b")
a.__context__ = b
b.__context__ = a
try:
    try:
        raise a
    except KeyError:
        raise OSError("c")
except OSError as e:
    c = e
print(type(c.__context__).__name__, type(c.__context__.__context__).__name__,
      c.__context__.__context__.__context__ is a)

first = ValueError("first")
try:
    try:
        raise first
    except ValueError:
        try:
            raise TypeError("second")
        except TypeError as second:
            # `first` is in second's context chain: raising it again while
            # second is handled cuts the chain there.
            raise first
except ValueError as e:
    print(e is first, type(e.__context__).__name__, e.__context__.__context__)

x = RuntimeError("self")
x.__context__ = x
try:
    try:
        raise x
    except RuntimeError:
        raise ZeroDivisionError("z")
except ZeroDivisionError as e:
    print(e.__context__ is x, x.__context__ is x)
