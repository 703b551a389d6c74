# An exception group nobody catches is printed as nested boxes.
def inner():
    raise ExceptionGroup("inner", [KeyError("k"), ZeroDivisionError("z")])


def outer():
    try:
        inner()
    except* KeyError:
        raise ValueError("while handling")


try:
    outer()
except Exception as e:
    e.add_note("a note")
    raise ExceptionGroup("top", [e, TypeError("t")])
