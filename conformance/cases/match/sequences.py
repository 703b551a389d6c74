# Sequence patterns: lists, tuples, stars, nesting, and what counts as a sequence.
import collections
import collections.abc
import array


def seq(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x!r}"
        case [x, y]:
            return f"two {x!r} {y!r}"
        case (1, *rest):
            return f"starts with 1, rest {rest!r}"
        case [first, *middle, last] if len(middle) > 2:
            return f"long {first!r}..{last!r} middle {middle!r}"
        case [_, _, *_]:
            return "three or more"
        case _:
            return "not a sequence: " + type(v).__name__


for v in [[], [1], (2,), [1, 2], (3, 4), (1, 2, 3), [1, 9, 9], [5, 6, 7, 8, 9],
          [0, 0, 0], "ab", b"xy", bytearray(b"z"), {1: 2}, {1, 2}, range(2),
          range(1, 4), collections.deque([7, 8]), array.array("i", [4]),
          memoryview(b"ab"), 42, iter([1, 2])]:
    print(type(v).__name__, "->", seq(v))


def nested(v):
    match v:
        case [(a, b), [c, [d]]]:
            return ("deep", a, b, c, d)
        case [[*inner], *outer]:
            return ("lists", inner, outer)
        case ((x, y), *_, (z, w)):
            return ("ends", x, y, z, w)
    return None


print(nested([(1, 2), [3, [4]]]))
print(nested([[1, 2, 3], 4, 5]))
print(nested(((1, 2), "mid", "mid", (3, 4))))
print(nested(((1, 2), (3, 4))))
print(nested([[], []]))
print(nested("no"))

# A star in the middle indexes the subject instead of iterating it.


class Seq(collections.abc.Sequence):
    def __init__(self, items):
        self.items = items

    def __len__(self):
        print("  len")
        return len(self.items)

    def __getitem__(self, i):
        print("  getitem", i)
        return self.items[i]


match Seq([10, 20, 30, 40]):
    case [a, *_, b]:
        print("first and last", a, b)

match Seq([1, 2]):
    case [a, b]:
        print("unpacked", a, b)

match Seq([1, 2, 3]):
    case [1, *rest]:
        print("rest", rest)

# Lists subclasses are sequences too.


class MyList(list):
    pass


match MyList([1, 2]):
    case [a, b]:
        print("subclass", a, b)
