eg = ExceptionGroup("many", [ValueError("v"), TypeError("t"), ExceptionGroup("inner", [KeyError("k")])])
print(eg, repr(eg.message), len(eg.exceptions), type(eg).__name__, isinstance(eg, Exception))
v, rest = eg.split(ValueError)
print(v, v.exceptions, rest, rest.exceptions)
print(eg.subgroup(lambda e: isinstance(e, KeyError)))
print(type(BaseExceptionGroup("b", [ValueError()])).__name__, type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)
try:
    ExceptionGroup("x", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError:", e)
try:
    raise ExceptionGroup("boom", [OSError("o")])
except ExceptionGroup as e:
    print("caught", e.exceptions)
print(issubclass(ExceptionGroup, BaseExceptionGroup), ExceptionGroup.__mro__)
