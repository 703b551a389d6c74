# repr(float) is the shortest string that round-trips; when two strings of
# that length are equally near the exact value, the even last digit wins
# (CPython's dtoa), e.g. 1900737084456198.25 -> 1900737084456198.2.
import random

print(repr(1900737084456198.25), repr(-1313949637061848.25), repr(832949776642033.25))
print(str(2216239218898015.25), f"{1919757770942161.25!r}", "%r" % 1900737084456198.75)
random.seed(3)
ties = 0
for i in range(3000):
    # Quarter-integers near 2**50: the spacing is 0.25, so .25/.75 are
    # halfway between two 17-digit strings.
    x = random.randint(2**50, 2**51) + random.choice([0.25, 0.75])
    r = repr(x)
    assert float(r) == x, r
    ties += r[-1] in "02468"
    if i < 40:
        print(r)
print("even", ties)
for i in range(300):
    x = random.randint(0, 2**53) * 2.0 ** random.randint(-80, 30)
    print(repr(x), repr(-x / 3))
