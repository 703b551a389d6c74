# str, bytes and bytearray methods that take no arguments refuse one,
# with CPython's messages.
for e in ["'abc'.isalnum(42)", "b'abc'.isalnum(42)", "'abc'.lower(1)",
          "bytearray(b'abc').lower(1)", "b'abc'.upper(1)", "b'a'.isascii(1)",
          "b'a'.splitlines(1, 2)", "'a'.splitlines(1, 2)", "b'a'.capitalize(1)",
          "'x'.isascii(1)", "'a'.istitle(None)", "bytearray(b'a').swapcase(0)",
          "'a'.upper()", "b'ab'.title()", "'A b'.swapcase()", "b'a\\nb'.splitlines(True)"]:
    try:
        print(e, eval(e))
    except TypeError as x:
        print(e, "TypeError", x)
