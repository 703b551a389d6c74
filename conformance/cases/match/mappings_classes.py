# Mapping and class patterns, keyword and positional sub-patterns.
import collections
import dataclasses


def mapping(v):
    match v:
        case {"type": "point", "x": x, "y": y}:
            return f"point {x},{y}"
        case {"type": "circle", **rest}:
            return f"circle with {sorted(rest.items())}"
        case {1: one, None: n}:
            return f"odd keys {one} {n}"
        case {}:
            return "some mapping " + repr(dict(v))
        case _:
            return "not a mapping"


for v in [{"type": "point", "x": 1, "y": 2, "extra": 3},
          {"type": "circle", "r": 5, "c": (0, 0)},
          {1: "a", None: "b"}, {}, {"type": "other"}, [("type", "point")],
          collections.OrderedDict(type="point", x=0, y=0),
          collections.defaultdict(int, {"type": "circle"}),
          collections.Counter("aab"), 5]:
    print(mapping(v))

# A defaultdict does not grow through a mapping pattern (it uses get).
d = collections.defaultdict(list)
match d:
    case {"missing": m}:
        print("matched", m)
    case _:
        print("no key; dict still", dict(d))


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Plain:
    def __init__(self, a, b):
        self.a = a
        self.b = b


class WithArgs(Plain):
    __match_args__ = ("b", "a")


def cls(v):
    match v:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis at {yy}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point():
            return "some point"
        case WithArgs(1, a=a):
            return f"with args b=1 a={a}"
        case Plain(a=1 | 2 as a, b=[*bs]):
            return f"plain a={a} bs={bs}"
        case int(n) | float(n):
            return f"number {n}"
        case str() as s:
            return f"string {s!r}"
        case bool(b):
            return f"bool {b}"
        case list([x, *_]):
            return f"list starting {x}"
        case dict({"k": k}):
            return f"dict k={k}"
        case _:
            return "unknown"


for v in [Point(0, 0), Point(0, 5), Point(3, 3), Point(1, 2), WithArgs(9, 1),
          Plain(1, [1, 2]), Plain(2, (3,)), Plain(3, []), 4, 2.5, True, "s",
          [7, 8], {"k": "v"}, None, WithArgs(1, 2)]:
    print(cls(v))

# Errors from class patterns.
for pattern_case in range(4):
    try:
        match Plain(1, 2):
            case Plain(1) if pattern_case == 0:
                pass
            case WithArgs(1, 2, 3) if pattern_case == 1:
                pass
            case Point(1, 2, 3) if pattern_case == 2:
                pass
            case Plain(a=1, b=2) if pattern_case == 3:
                print("keywords need no __match_args__")
    except TypeError as e:
        print("TypeError:", e)


class BadArgs:
    __match_args__ = ["x"]


try:
    match BadArgs():
        case BadArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)

not_a_class = 42
try:
    match 1:
        case not_a_class.real():
            pass
except TypeError as e:
    print("TypeError:", e)

# Attributes that raise something other than AttributeError propagate.


class Raises:
    @property
    def boom(self):
        raise KeyError("boom")

    @property
    def missing(self):
        raise AttributeError("missing")


match Raises():
    case Raises(missing=1):
        print("no")
    case _:
        print("AttributeError means no match")
try:
    match Raises():
        case Raises(boom=1):
            print("no")
except KeyError as e:
    print("KeyError:", e)
