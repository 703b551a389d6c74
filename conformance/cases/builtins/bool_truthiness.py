# bool() of various values
vals = [0, 1, -1, 0.0, -0.0, 1e-300, "", " ", "False", [], [[]], (), {}, set(), None, range(0), range(1), b"", b"\x00"]
for v in vals:
    print(repr(v), bool(v))
print(bool(), bool(float("nan")))
