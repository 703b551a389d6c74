# Support module (not a case): imported by the modules/ cases.
print("_helper_mod: executing module body")

GREETING = "hello from helper"
counter = 0


def f(x):
    return x * 10


def bump():
    global counter
    counter += 1
    return counter


class Thing:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return f"Thing({self.v})"


_private = "underscore"
