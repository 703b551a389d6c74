# Exceptions are objects: storing, attributes, isinstance
errors = []
for f in [lambda: 1 / 0, lambda: int("z"), lambda: [][0], lambda: None]:
    try:
        f()
    except Exception as e:
        errors.append(e)
print(len(errors))
for e in errors:
    print(type(e).__name__, e.args, isinstance(e, Exception))
e = ValueError("a", "b")
e.extra = 5
print(e.args, e.extra, str(e))
print(str(ValueError()), repr(ValueError()))
print(str(KeyError("k")), str(KeyError()), repr(KeyError("k")))
print(Exception("x") == Exception("x"))
