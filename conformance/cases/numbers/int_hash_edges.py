# Hash of ints is the value modulo 2**61 - 1 with the int's sign (-1 maps to
# -2), for small and big ints alike; an integral float hashes as its int, so
# dict and set lookups find one through the other.
import sys

M = sys.hash_info.modulus
edges = [0, 1, -1, 2, -2, M - 1, M, M + 1, 2 * M, -2 * M, -(M - 1), -M, -(M + 1)]
for e in (61, 62, 63, 64, 65, 100, 200, 1023):
    for d in (-1, 0, 1):
        edges.append(2**e + d)
        edges.append(-(2**e) + d)
edges += [sys.maxsize, -sys.maxsize, -sys.maxsize - 1, 10**30, -(10**30)]

for n in edges:
    h = hash(n)
    expect = n % M if n >= 0 else -((-n) % M)
    if expect == -1:
        expect = -2
    print(n, h, h == expect)

for n in edges:
    try:
        f = float(n)
    except OverflowError:
        continue
    if f == n:
        print("float", n, hash(f), hash(f) == hash(n))

print(hash(-2**63), hash(float(-2**63)))
print({-2**63: "x"}.get(float(-2**63)))
print({float(-2**63): "y"}.get(-2**63))
print({-2**64: "z"}.get(float(-2**64)))
print(float(-2**63) in {-2**63}, -2**62 in {float(-2**62)})
print(hash(True), hash(False), hash(-0.0), hash(0.5), hash(-0.5), hash(1e300), hash(-1e300))
print(hash(2.0**-1074), hash(-(2.0**-1074)), hash(1.5), hash(-1.5), hash(2.0**61), hash(-(2.0**61)))
print(hash(float("inf")), hash(float("-inf")))
