# except* (PEP 654): splitting groups between clauses, re-raising, new errors.


def show(label, fn):
    try:
        fn()
        print(label, "-> no exception")
    except BaseException as e:
        print(label, "->", type(e).__name__, repr(e))
        if isinstance(e, BaseExceptionGroup):
            print("   leaves:", [repr(x) for x in leaves(e)])


def leaves(e):
    if isinstance(e, BaseExceptionGroup):
        out = []
        for sub in e.exceptions:
            out.extend(leaves(sub))
        return out
    return [e]


def all_handled():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3)])
    except* ValueError as e:
        print("  value part:", repr(e))
    except* TypeError as e:
        print("  type part:", repr(e))


show("all handled", all_handled)


def partly_handled():
    try:
        raise ExceptionGroup("eg", [ValueError(1), KeyError(2), OSError(3)])
    except* ValueError:
        print("  handled ValueError")


show("partly handled", partly_handled)


def nested_groups():
    try:
        raise ExceptionGroup("outer", [
            ValueError("a"),
            ExceptionGroup("inner", [TypeError("b"), ValueError("c")]),
            KeyError("d"),
        ])
    except* (ValueError, KeyError) as e:
        print("  matched:", repr(e))


show("nested groups", nested_groups)


def naked():
    try:
        raise ValueError("naked")
    except* ValueError as e:
        print("  naked wrapped as", repr(e), type(e).__name__)
        print("  traceback kept:", e.__traceback__ is not None)


show("naked exception", naked)


def naked_unmatched():
    try:
        raise KeyError("k")
    except* ValueError:
        print("  not here")


show("naked unmatched", naked_unmatched)


def reraise_bare():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise


show("bare raise", reraise_bare)


def raise_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise RuntimeError("from handler")


show("new exception", raise_new)


def raise_new_and_rest_handled():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as e:
        raise KeyError("replacement") from e


show("only a new exception", raise_new_and_rest_handled)


def naked_handler_raises():
    try:
        raise ValueError("v")
    except* ValueError:
        raise IndexError("i")


show("naked, handler raises", naked_handler_raises)


def with_else_finally():
    for fail in (False, True):
        try:
            if fail:
                raise ExceptionGroup("eg", [OSError("disk")])
        except* OSError as e:
            print("  handled", repr(e.exceptions))
        else:
            print("  else ran")
        finally:
            print("  finally ran, fail =", fail)


show("else and finally", with_else_finally)


def exc_info_in_handler():
    import sys
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        print("  exc_info:", repr(sys.exc_info()[1]))
    except* TypeError:
        print("  exc_info:", repr(sys.exc_info()[1]))
    print("  after: ", sys.exc_info())


show("exc_info", exc_info_in_handler)


def catching_groups_is_an_error():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ExceptionGroup:
        pass


show("except* ExceptionGroup", catching_groups_is_an_error)


def not_an_exception_type():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* int:
        pass


show("except* int", not_an_exception_type)


def name_unbound_after():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError as err:
        pass
    try:
        err
    except NameError as e:
        print("  ", e)


show("name unbound", name_unbound_after)


def base_exceptions():
    try:
        raise BaseExceptionGroup("beg", [KeyboardInterrupt(), ValueError(1)])
    except* KeyboardInterrupt as e:
        print("  got", repr(e))


show("base exception group", base_exceptions)


def loop_inside_handler():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        for i in range(5):
            if i == 2:
                break
        print("  loop broke at", i)


show("loop inside handler", loop_inside_handler)

for src in ["for x in y:\n    try:\n        pass\n    except* E:\n        break\n",
            "for x in y:\n    try:\n        pass\n    except* E:\n        continue\n",
            "def f():\n    try:\n        pass\n    except* E:\n        return 1\n",
            "try:\n    pass\nexcept* E:\n    def g():\n        return 1\n"]:
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError:", e.msg, e.lineno)
