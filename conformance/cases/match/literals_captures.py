# Literal, singleton, capture, wildcard, value and guard patterns.
import enum


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Consts:
    LIMIT = 10


def describe(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case "hello" | b"bytes":
            return "greeting " + repr(x)
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case Consts.LIMIT:
            return "limit"
        case 2 + 3j:
            return "complex"
        case n if isinstance(n, int) and n > 100:
            return f"big {n}"
        case _:
            return "other " + repr(x)


for v in [0, 1, 3, -1, 1.5, "hello", b"bytes", None, True, False, Color.RED,
          Color.GREEN, 10, 10.0, 2 + 3j, 1000, 50, "x", 1.0, 0.0]:
    print(repr(v), "->", describe(v))

# Capture binds only on success; guards see the bindings.
y = "unset"
match 5:
    case y if y > 10:
        print("not here")
    case z:
        print("z is", z, "y is", y)

match 7:
    case 1:
        pass
print("no case matched, no error")

# The subject expression is evaluated once.
calls = []


def subject():
    calls.append(1)
    return 3


match subject():
    case 1:
        pass
    case 2:
        pass
    case 3:
        print("three; subject evaluated", len(calls), "time(s)")

# Break and continue from a case body.
for i in range(6):
    match i % 3:
        case 0:
            continue
        case 1:
            print("one at", i)
        case _:
            if i > 3:
                break
print("loop ended at", i)


def returns(v):
    match v:
        case [x, *_]:
            return x
    return "fell through"


print(returns([9, 8]), returns(()), returns("ab"))
