# ValueError and TypeError messages from conversions and operations
idx = 1.0
cases = [
    lambda: int("abc"),
    lambda: int(""),
    lambda: int("3.5"),
    lambda: int("z", 16),
    lambda: float("1.2.3"),
    lambda: int(None),
    lambda: [1, 2] * 1.5,
    lambda: "abc"[idx],
    lambda: len(3),
    lambda: sum(["a", "b"]),
    lambda: 5 < "5",
    lambda: abs("x"),
    lambda: "x" - "y",
    lambda: chr(-1),
]
for c in cases:
    try:
        c()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
