# Sizes a program chooses that cannot be allocated raise MemoryError (or
# CPython's OverflowError where the size does not fit), never abort the
# process. Every size here is at least 2**40 bytes.
import array

cases = [
    "[0] * 10**12",
    "[0] * 2**62",
    "[None, None] * 2**61",
    "(1, 2) * 2**62",
    "(1,) * 10**12",
    "'ab' * 10**12",
    "'ab' * 2**62",
    "b'ab' * 2**62",
    "b'ab' * 10**12",
    "bytearray(b'x') * 2**62",
    "bytes(10**12)",
    "bytes(2**62)",
    "bytearray(10**12)",
    "'x'.ljust(10**12)",
    "'x'.rjust(2**62)",
    "'x'.center(10**12)",
    "'x'.zfill(2**62)",
    "b'x'.ljust(10**12)",
    "list(range(10**12))",
    "tuple(range(10**12))",
    "[*range(10**12)]",
    "sorted(range(10**12))",
    "array.array('d', [0.0]) * 10**12",
    "(10).to_bytes(10**12, 'big')",
    "'x' * 2**63",
]


def grow():
    x = [0]
    x *= 10**12
    return x


def in_loop(n):
    count = 0
    for i in range(200):
        try:
            x = [i] * n
        except MemoryError:
            count += 1
    return count


for src in cases:
    try:
        eval(src)
        print(src, "allocated?")
    except MemoryError as e:
        print(src, "MemoryError", e.args)
    except OverflowError as e:
        print(src, "OverflowError", e)
try:
    grow()
except MemoryError:
    print("*= MemoryError")
print(in_loop(10**12), in_loop(3))
# The program goes on normally afterwards.
print(len([0] * 1000), len("ab" * 1000), bytes(3), "x".ljust(4, "-"))
